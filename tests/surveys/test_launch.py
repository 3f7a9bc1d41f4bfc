"""Launching a cycle: the snapshot of who rates whom, and the invitations."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from surveys import services
from surveys.models import Cycle, Invitation
from tests.factories import CycleFactory, PersonFactory, team

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(instrument):
    return CycleFactory()


def launch(cycle, captured):
    with captured(execute=True):
        return services.cycle_launch(cycle_id=cycle.pk)


def test_it_invites_each_managers_reps_and_the_manager(cycle, django_capture_on_commit_callbacks):
    manager, reps = team(4)
    services.cycle_add_managers(cycle=cycle, managers=[manager])

    result = launch(cycle, django_capture_on_commit_callbacks)

    cycle.refresh_from_db()
    assert cycle.status == Cycle.Status.OPEN
    assert result.invitations == 5
    invited = set(Invitation.objects.values_list("rater__email", "relationship"))
    assert invited == {(manager.email, "self")} | {(r.email, "team") for r in reps}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([manager.email] + [r.email for r in reps])


def test_inactive_reps_and_other_teams_are_not_invited(cycle, django_capture_on_commit_callbacks):
    manager, reps = team(3)
    reps[0].is_active = False
    reps[0].save()
    team(2)  # somebody else's team
    services.cycle_add_managers(cycle=cycle, managers=[manager])

    launch(cycle, django_capture_on_commit_callbacks)

    assert Invitation.objects.filter(relationship="team").count() == 2


def test_the_team_is_frozen_at_launch(cycle, django_capture_on_commit_callbacks):
    manager, reps = team(3)
    services.cycle_add_managers(cycle=cycle, managers=[manager])
    launch(cycle, django_capture_on_commit_callbacks)

    PersonFactory(manager=manager)  # joins after launch
    reps[0].manager = None
    reps[0].save()  # leaves after launch

    assert Invitation.objects.filter(relationship="team").count() == 3


def test_launching_twice_invites_each_person_once(cycle, django_capture_on_commit_callbacks):
    manager, _reps = team(3)
    services.cycle_add_managers(cycle=cycle, managers=[manager])
    launch(cycle, django_capture_on_commit_callbacks)

    with pytest.raises(services.ServiceError, match="only a draft cycle can be launched"):
        launch(cycle, django_capture_on_commit_callbacks)

    assert Invitation.objects.count() == 4
    assert len(mail.outbox) == 4


def test_it_refuses_a_cycle_without_managers(cycle):
    with pytest.raises(services.ServiceError, match="has no managers yet"):
        services.cycle_launch(cycle_id=cycle.pk)
    cycle.refresh_from_db()
    assert cycle.status == Cycle.Status.DRAFT


def test_it_refuses_a_cycle_that_closed_already(instrument):
    cycle = CycleFactory(
        opens_at=timezone.now() - timedelta(days=10), closes_at=timezone.now() - timedelta(days=1)
    )
    manager, _ = team(3)
    services.cycle_add_managers(cycle=cycle, managers=[manager])
    with pytest.raises(services.ServiceError, match="closes in the past"):
        services.cycle_launch(cycle_id=cycle.pk)


def test_it_names_managers_with_fewer_than_k_reps(cycle):
    small, _ = team(2)
    big, _ = team(5)
    services.cycle_add_managers(cycle=cycle, managers=[small, big])
    result = services.cycle_launch(cycle_id=cycle.pk)
    assert result.short_teams == [small.name]


def test_a_cycle_opening_later_sends_when_it_opens(instrument, django_capture_on_commit_callbacks):
    opens = timezone.now() + timedelta(days=2)
    cycle = CycleFactory(opens_at=opens, closes_at=opens + timedelta(days=14))
    manager, _ = team(3)
    services.cycle_add_managers(cycle=cycle, managers=[manager])

    result = launch(cycle, django_capture_on_commit_callbacks)
    assert result.sending_now is False
    assert mail.outbox == []

    with (
        time_machine.travel(opens + timedelta(minutes=1)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.due_work_run()
    assert len(mail.outbox) == 4


def test_people_can_only_be_added_to_a_draft(cycle):
    manager, _ = team(3)
    services.cycle_add_managers(cycle=cycle, managers=[manager])
    services.cycle_launch(cycle_id=cycle.pk)
    other, _ = team(3)
    with pytest.raises(services.ServiceError, match="only be added to a draft"):
        services.cycle_add_managers(cycle=cycle, managers=[other])


def test_the_dispatcher_closes_a_cycle_at_its_deadline(cycle, django_capture_on_commit_callbacks):
    manager, _ = team(3)
    services.cycle_add_managers(cycle=cycle, managers=[manager])
    launch(cycle, django_capture_on_commit_callbacks)
    with time_machine.travel(cycle.closes_at - timedelta(minutes=1)):
        assert services.due_work_run().closed == 0
    with time_machine.travel(cycle.closes_at + timedelta(minutes=1)):
        assert services.due_work_run().closed == 1
    cycle.refresh_from_db()
    assert cycle.status == Cycle.Status.CLOSED


def test_the_dispatcher_sends_invitations_a_broker_outage_left_behind(
    cycle, django_capture_on_commit_callbacks, monkeypatch
):
    from kombu.exceptions import OperationalError

    manager, _ = team(3)
    services.cycle_add_managers(cycle=cycle, managers=[manager])

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis:6379. Connection refused.")

    from surveys import tasks

    monkeypatch.setattr(tasks.send_invitations, "delay", broker_down)
    launch(cycle, django_capture_on_commit_callbacks)  # the launch itself succeeds
    assert mail.outbox == []
    assert Invitation.objects.filter(queued_at__isnull=True).count() == 4
    monkeypatch.undo()

    with django_capture_on_commit_callbacks(execute=True):
        services.due_work_run()
    assert len(mail.outbox) == 4
