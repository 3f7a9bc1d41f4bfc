"""Launching a cycle: who rates whom is decided once, from the org chart and
the nominations, and frozen into invitations."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from surveys import lifecycle, rosters
from surveys.errors import ServiceError
from surveys.models import Cycle, Invitation, Nomination
from tests.factories import CycleFactory, PersonFactory, team

from .support import BOSS, OTHER, PEER, SELF, TEAM, draft, invited, launch, nominate

pytestmark = pytest.mark.django_db


def named_team(name: str, size: int, **kwargs):
    return team(size, manager=PersonFactory(name=name, **kwargs), prefix=name.split()[0].lower())


# --- The roster ---------------------------------------------------------------------------------


def test_each_manager_is_rated_by_their_reps_and_by_themself(
    instrument, django_capture_on_commit_callbacks
):
    ann, reps = named_team("Ann Able", 4)
    cycle = draft([ann])
    with django_capture_on_commit_callbacks(execute=True):
        result = launch(cycle)
    assert cycle.status == Cycle.Status.OPEN
    assert (result.managers, result.invitations) == (1, 5)
    assert invited(cycle) == {("Ann Able", "Ann Able", SELF)} | {
        ("Ann Able", r.name, TEAM) for r in reps
    }
    # the e-mails go out after the commit, one per person
    assert sorted(m.to[0] for m in mail.outbox) == sorted([ann.email] + [r.email for r in reps])


def test_inactive_reps_and_other_teams_are_not_asked(instrument):
    ann, reps = named_team("Ann Able", 3)
    reps[0].is_active = False
    reps[0].save()
    named_team("Bob Brand", 2)  # not in the cycle
    cycle = draft([ann])
    launch(cycle)
    assert {rater for _, rater, rel in invited(cycle) if rel == TEAM} == {r.name for r in reps[1:]}


def test_the_managers_own_manager_is_asked_from_the_org_chart(instrument):
    director = PersonFactory(name="Dora Director")
    ann, _ = named_team("Ann Able", 3, manager=director)
    bob, _ = named_team("Bob Brand", 3)  # nobody above Bob
    cycle = draft([ann, bob], ask_boss=True)
    launch(cycle)
    bosses = {(m, r) for m, r, rel in invited(cycle) if rel == BOSS}
    assert bosses == {("Ann Able", "Dora Director")}


def test_without_the_boss_group_the_managers_manager_is_not_asked(instrument):
    ann, _ = named_team("Ann Able", 3, manager=PersonFactory(name="Dora Director"))
    cycle = draft([ann])
    launch(cycle)
    assert not any(rater == "Dora Director" for _, rater, _ in invited(cycle))


def test_an_inactive_managers_manager_is_not_asked(instrument):
    director = PersonFactory(name="Dora Director", is_active=False)
    ann, _ = named_team("Ann Able", 3, manager=director)
    cycle = draft([ann], ask_boss=True)
    launch(cycle)
    assert not any(rel == BOSS for _, _, rel in invited(cycle))


def test_approved_nominations_replace_the_org_chart_for_their_group(instrument):
    ann, reps = named_team("Ann Able", 4, manager=PersonFactory(name="Dora Director"))
    chosen = [PersonFactory(name=f"Chosen {i}") for i in range(3)]
    acting_boss = PersonFactory(name="Acting Boss")
    cycle = draft([ann], ask_boss=True)
    nominate(cycle, ann, chosen, TEAM)
    nominate(cycle, ann, [acting_boss], BOSS)
    launch(cycle)
    assert {r for _, r, rel in invited(cycle) if rel == TEAM} == {
        "Chosen 0",
        "Chosen 1",
        "Chosen 2",
    }
    assert {r for _, r, rel in invited(cycle) if rel == BOSS} == {"Acting Boss"}
    assert not any(r == reps[0].name for _, r, _ in invited(cycle))


def test_peers_and_others_come_only_from_nominations(instrument):
    ann, _ = named_team("Ann Able", 3)
    bob, bob_reps = named_team("Bob Brand", 3)
    partner = PersonFactory(name="Pat Partner")
    cycle = draft([ann, bob], ask_peers=True, ask_others=True)
    nominate(cycle, ann, [bob], PEER)
    nominate(cycle, ann, [partner], OTHER)
    launch(cycle)
    assert {(m, r) for m, r, rel in invited(cycle) if rel == PEER} == {("Ann Able", "Bob Brand")}
    assert {(m, r) for m, r, rel in invited(cycle) if rel == OTHER} == {("Ann Able", "Pat Partner")}


def test_groups_the_cycle_does_not_ask_are_left_out_even_when_nominated(instrument):
    ann, _ = named_team("Ann Able", 3)
    bob, _ = named_team("Bob Brand", 3)
    cycle = draft([ann, bob])  # no peers asked
    nominate(cycle, ann, [bob], PEER)
    launch(cycle)
    assert not any(rel == PEER for _, _, rel in invited(cycle))


def test_declined_and_undecided_nominations_are_not_asked(instrument):
    ann, _ = named_team("Ann Able", 3)
    yes, no, maybe = (PersonFactory(name=n) for n in ("Yes Peer", "No Peer", "Maybe Peer"))
    cycle = draft([ann], ask_peers=True)
    nominate(cycle, ann, [yes], PEER)
    nominate(cycle, ann, [no], PEER, status=Nomination.Status.DECLINED)
    nominate(cycle, ann, [maybe], PEER, status=Nomination.Status.PROPOSED)
    launch(cycle, allow_pending=True)
    assert {r for _, r, rel in invited(cycle) if rel == PEER} == {"Yes Peer"}


def test_a_person_rates_a_manager_once_in_the_first_role_that_fits(instrument):
    director = PersonFactory(name="Dora Director")
    ann, reps = named_team("Ann Able", 3, manager=director)
    cycle = draft([ann], ask_boss=True, ask_peers=True, ask_others=True)
    nominate(cycle, ann, [reps[0]], PEER)  # a rep proposed as a peer stays a rep
    nominate(cycle, ann, [director], OTHER)  # the manager's manager stays that
    launch(cycle)
    roles = Invitation.objects.filter(assessment__cycle=cycle)
    assert roles.get(rater=reps[0]).relationship == TEAM
    assert roles.get(rater=director).relationship == BOSS
    assert roles.count() == 1 + 3 + 1


def test_a_manager_in_the_cycle_rates_their_own_manager_and_themself_separately(instrument):
    director, _ = named_team("Dora Director", 0)
    ann, _ = named_team("Ann Able", 3, manager=director)
    cycle = draft([director, ann])
    launch(cycle)
    assert ("Dora Director", "Ann Able", TEAM) in invited(cycle)
    assert ("Ann Able", "Ann Able", SELF) in invited(cycle)


def test_nobody_is_nominated_to_rate_themself(instrument):
    ann, _ = named_team("Ann Able", 3)
    cycle = draft([ann], ask_peers=True)
    nominate(cycle, ann, [ann], PEER)
    launch(cycle)
    assert Invitation.objects.filter(rater=ann).get().relationship == SELF


def test_the_roster_is_frozen_at_launch(instrument):
    ann, reps = named_team("Ann Able", 3)
    cycle = draft([ann])
    launch(cycle)
    PersonFactory(manager=ann)  # joins after launch
    reps[0].manager = None
    reps[0].save()  # leaves after launch
    assert {r for _, r, rel in invited(cycle) if rel == TEAM} == {r.name for r in reps}


# --- When a launch is refused -------------------------------------------------------------------


def test_nominations_waiting_for_hr_stop_the_launch_unless_allowed(instrument):
    ann, _ = named_team("Ann Able", 3)
    bob, _ = named_team("Bob Brand", 3)
    cycle = draft([ann, bob], ask_peers=True, nominations_open=True, name="Spring")
    rosters.nominations_propose(assessment=cycle.assessments.get(manager=ann), peers=[bob])
    with pytest.raises(lifecycle.LaunchRefused) as refused:
        launch(cycle)
    assert refused.value.reason == "pending"
    assert str(refused.value) == (
        "“Spring” has 1 nomination(s) waiting for a decision: approve or decline them, "
        "or launch without them."
    )
    assert cycle.status == Cycle.Status.DRAFT and not Invitation.objects.exists()

    launch(cycle, allow_pending=True)
    assert cycle.status == Cycle.Status.OPEN
    assert not any(rel == PEER for _, _, rel in invited(cycle))


def test_asking_someone_again_about_a_manager_in_another_open_cycle_needs_confirming(instrument):
    ann, reps = named_team("Ann Able", 3)
    first = draft([ann], name="Pulse")
    launch(first)
    second = draft([ann], name="Spring")
    with pytest.raises(lifecycle.LaunchRefused) as refused:
        launch(second)
    assert refused.value.reason == "overlap"
    assert "would ask 3 people to rate a manager they are already rating" in str(refused.value)
    assert f"{reps[0].name} rates Ann Able in “Pulse”" in str(refused.value)
    assert second.status == Cycle.Status.DRAFT

    launch(second, allow_overlap=True)
    assert second.status == Cycle.Status.OPEN
    assert len(invited(second)) == 4


def test_a_closed_cycle_is_no_overlap(instrument):
    ann, _ = named_team("Ann Able", 3)
    first = draft([ann])
    launch(first)
    lifecycle.cycle_close(cycle_id=first.pk)
    second = draft([ann])
    launch(second)
    assert second.status == Cycle.Status.OPEN


def test_launching_twice_is_refused_and_asks_nobody_twice(
    instrument, django_capture_on_commit_callbacks
):
    ann, _ = named_team("Ann Able", 3)
    cycle = draft([ann])
    with django_capture_on_commit_callbacks(execute=True):
        launch(cycle)
    with pytest.raises(ServiceError, match="only a draft cycle can be launched"):
        launch(cycle)
    assert Invitation.objects.count() == 4 and len(mail.outbox) == 4


def test_a_cycle_without_managers_is_refused(instrument):
    cycle = CycleFactory()
    with pytest.raises(ServiceError, match="has no managers yet"):
        launch(cycle)
    assert cycle.status == Cycle.Status.DRAFT


def test_a_cycle_whose_closing_date_has_passed_is_refused(instrument):
    ann, _ = named_team("Ann Able", 3)
    cycle = draft(
        [ann],
        opens_at=timezone.now() - timedelta(days=10),
        closes_at=timezone.now() - timedelta(days=1),
    )
    with pytest.raises(ServiceError, match="closes in the past"):
        launch(cycle)


def test_people_can_only_be_added_to_a_draft(instrument):
    ann, _ = named_team("Ann Able", 3)
    cycle = draft([ann])
    launch(cycle)
    bob, _ = named_team("Bob Brand", 3)
    with pytest.raises(ServiceError, match="only be added to a draft"):
        rosters.cycle_add_managers(cycle=cycle, managers=[bob])


# --- What the launch reports ----------------------------------------------------------------------


def test_the_launch_names_managers_whose_groups_are_below_their_threshold(instrument):
    small, _ = named_team("Sam Small", 2)
    big, _ = named_team("Bea Big", 5)
    cycle = draft([small, big], ask_peers=True, peer_k=3)
    nominate(cycle, big, [PersonFactory(), PersonFactory(), PersonFactory()], PEER)
    result = launch(cycle)
    assert result.below_threshold[TEAM] == ["Sam Small"]
    assert result.below_threshold[PEER] == ["Sam Small"]


def test_a_cycle_opening_later_sends_its_emails_when_it_opens(
    instrument, django_capture_on_commit_callbacks
):
    import time_machine

    from surveys.due_work import due_work_run

    opens = timezone.now() + timedelta(days=2)
    ann, _ = named_team("Ann Able", 3)
    cycle = draft([ann], opens_at=opens, closes_at=opens + timedelta(days=14))
    with django_capture_on_commit_callbacks(execute=True):
        result = launch(cycle)
    assert result.sending_now is False and mail.outbox == []

    with time_machine.travel(opens + timedelta(minutes=1)):
        due_work_run()
    assert len(mail.outbox) == 4


@pytest.mark.needs_postgres
def test_a_large_launch_lets_the_planner_see_its_invitations(
    instrument, monkeypatch, django_capture_on_commit_callbacks
):
    """Right after a launch the dispatcher marks batch after batch of raters
    queued; planned against statistics from before the launch, each of those
    statements took seconds on 170,000 invitations instead of milliseconds."""
    from django.db import connection

    def planner_rows() -> float:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'surveys_invitation'")
            return cursor.fetchone()[0]

    monkeypatch.setattr(lifecycle, "ANALYZE_AFTER", 10)
    managers = [team(4)[0] for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        launch(draft(managers))
    assert Invitation.objects.count() == 15
    assert planner_rows() == 15
