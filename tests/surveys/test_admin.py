"""HR in the admin: creating, launching, watching, reminding, closing, releasing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django.utils.html import strip_tags

from surveys.models import Assessment, Cycle, Instrument, Invitation
from tests.factories import CycleFactory, team
from tests.helpers import full_answer, launched_cycle, survey_path

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return " ".join(strip_tags(response.content.decode()).split())


def cycle_form(**overrides):
    now = timezone.now()
    data = {
        "name": "Spring check",
        "instrument": Instrument.objects.get(version=1).pk,
        "opens_at_0": (now - timedelta(hours=1)).strftime("%Y-%m-%d"),
        "opens_at_1": (now - timedelta(hours=1)).strftime("%H:%M:%S"),
        "closes_at_0": (now + timedelta(days=14)).strftime("%Y-%m-%d"),
        "closes_at_1": "17:00:00",
        "reminder_days": "7, 3, 1",
        "max_reminders": "3",
        "k": "3",
        "comment_k": "",
    }
    data.update(overrides)
    return data


def test_hr_creates_a_cycle_with_managers(hr_client, instrument):
    ann, _ = team(4)
    bob, _ = team(3)
    response = hr_client.post("/admin/surveys/cycle/add/", cycle_form(managers=[ann.pk, bob.pk]))
    assert response.status_code == 302
    cycle = Cycle.objects.get(name="Spring check")
    assert set(cycle.assessments.values_list("manager_id", flat=True)) == {ann.pk, bob.pk}
    assert cycle.status == "draft" and cycle.k == 3


@pytest.mark.parametrize("k", ["2", "0", "-1"])
def test_k_below_three_is_refused(hr_client, instrument, k):
    response = hr_client.post("/admin/surveys/cycle/add/", cycle_form(k=k))
    assert response.status_code == 200
    assert "The anonymity threshold cannot be lower than 3" in text(response)
    assert not Cycle.objects.exists()


def test_closing_before_opening_is_refused(hr_client, instrument):
    now = timezone.now()
    response = hr_client.post(
        "/admin/surveys/cycle/add/",
        cycle_form(closes_at_0=(now - timedelta(days=2)).strftime("%Y-%m-%d")),
    )
    assert "The cycle must close after it opens." in response.content.decode()
    assert not Cycle.objects.exists()


def test_a_comment_threshold_below_k_is_refused(hr_client, instrument):
    response = hr_client.post("/admin/surveys/cycle/add/", cycle_form(k="4", comment_k="3"))
    assert "The comment threshold cannot be lower than k." in response.content.decode()


def test_launch_from_the_list_asks_first(hr_client, instrument, django_capture_on_commit_callbacks):
    cycle = CycleFactory(name="Spring")
    manager, _ = team(3)
    Assessment.objects.create(cycle=cycle, manager=manager)
    data = {"action": "launch_action", "_selected_action": [cycle.pk]}

    confirm = hr_client.post("/admin/surveys/cycle/", data)
    assert confirm.status_code == 200
    assert "Launch: are you sure?" in text(confirm)
    cycle.refresh_from_db()
    assert cycle.status == "draft"

    with django_capture_on_commit_callbacks(execute=True):
        done = hr_client.post("/admin/surveys/cycle/", {**data, "confirmed": "yes"}, follow=True)
    assert "Launched “Spring”: 4 invitations for 1 manager." in text(done)
    cycle.refresh_from_db()
    assert cycle.status == "open"
    assert len(mail.outbox) == 4


def test_launching_an_open_cycle_is_refused_with_a_message(hr_client, instrument):
    cycle, _ = launched_cycle(team_size=3, name="Autumn")
    response = hr_client.post(f"/admin/surveys/cycle/{cycle.pk}/transition/launch/", follow=True)
    assert "“Autumn” is open: only a draft cycle can be launched." in text(response)
    assert Invitation.objects.count() == 4


def test_a_small_team_is_flagged_at_launch(hr_client, instrument):
    cycle = CycleFactory()
    manager, _ = team(2)
    manager.name = "Small Team"
    manager.save()
    Assessment.objects.create(cycle=cycle, manager=manager)
    response = hr_client.post(f"/admin/surveys/cycle/{cycle.pk}/transition/launch/", follow=True)
    assert "Small Team has fewer than 3 reps: their reports will show the self-view only." in text(
        response
    )


@pytest.mark.parametrize(
    ("status", "transition", "message"),
    [
        ("draft", "close", "only an open cycle can be closed"),
        ("draft", "release", "close the cycle before releasing its reports"),
        ("draft", "remind", "reminders go out only while a cycle is open"),
        ("closed", "remind", "reminders go out only while a cycle is open"),
        ("released", "close", "only an open cycle can be closed"),
    ],
)
def test_a_transition_the_status_does_not_allow_is_refused(
    hr_client, instrument, status, transition, message
):
    cycle = CycleFactory(status=status)
    response = hr_client.post(
        f"/admin/surveys/cycle/{cycle.pk}/transition/{transition}/", follow=True
    )
    assert message in text(response)
    cycle.refresh_from_db()
    assert cycle.status == status


def test_the_change_page_shows_rates_per_manager_and_never_answers(hr_client, client, instrument):
    cycle, [(ann, ann_reps), (bob, _)] = launched_cycle(team_size=4, managers=2)
    ann.name = "Ann Able"
    ann.save()
    for invitation in Invitation.objects.filter(assessment__manager=ann, relationship="team")[:3]:
        client.post(
            survey_path(invitation), full_answer(instrument, comments=("Unmistakable remark", ""))
        )

    page = text(hr_client.get(f"/admin/surveys/cycle/{cycle.pk}/change/"))
    assert "Ann Able 3 / 4 (75%)" in page
    assert "Overall: 3 / 10 (30%)" in page
    assert "Unmistakable remark" not in page
    listing = text(hr_client.get("/admin/surveys/cycle/"))
    assert "3 / 10 (30%)" in listing


def test_hr_sees_who_has_not_answered_for_reminders(hr_client, client, instrument):
    cycle, [(ann, reps)] = launched_cycle(team_size=3)
    answered = Invitation.objects.get(rater=reps[0])
    client.post(survey_path(answered), full_answer(instrument))
    page = text(
        hr_client.get(
            f"/admin/surveys/invitation/?assessment__cycle__id__exact={cycle.pk}&completed__exact=0"
        )
    )
    assert reps[1].email in page and reps[2].email in page
    assert reps[0].email not in page


def test_no_admin_page_shows_an_answer_or_a_comment(
    hr_client, client, instrument, django_capture_on_commit_callbacks
):
    """Crawl every admin list and change page after answers came in."""
    from django.contrib import admin

    from reports.services import cycle_release
    from surveys import services

    cycle, [(ann, reps)] = launched_cycle(team_size=4)
    for invitation in Invitation.objects.filter(relationship="team"):
        client.post(
            survey_path(invitation), full_answer(instrument, comments=("Zanzibar-unique-77", ""))
        )
    services.cycle_close(cycle_id=cycle.pk)
    with django_capture_on_commit_callbacks(execute=True):
        cycle_release(cycle_id=cycle.pk)

    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        listing = hr_client.get(f"/admin/{meta.app_label}/{meta.model_name}/")
        assert listing.status_code == 200, meta.label
        assert "Zanzibar-unique-77" not in listing.content.decode(), meta.label
        for obj in model_admin.get_queryset(_request(hr_client))[:5]:
            page = hr_client.get(f"/admin/{meta.app_label}/{meta.model_name}/{obj.pk}/change/")
            assert page.status_code == 200, meta.label
            assert "Zanzibar-unique-77" not in page.content.decode(), meta.label


def _request(hr_client):
    from django.contrib.auth import get_user_model
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = get_user_model().objects.get(username="hr")
    return request


def test_invitations_cannot_be_edited_or_deleted(hr_client, instrument):
    launched_cycle(team_size=3)
    invitation = Invitation.objects.first()
    page = hr_client.get(f"/admin/surveys/invitation/{invitation.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert hr_client.post(f"/admin/surveys/invitation/{invitation.pk}/delete/").status_code == 403


def test_an_instrument_in_use_is_read_only(hr_client, instrument):
    launched_cycle(team_size=3)
    page = hr_client.get(f"/admin/surveys/instrument/{instrument.pk}/change/").content.decode()
    assert 'name="_save"' not in page
    item = instrument.dimensions.first().items.first()
    response = hr_client.post(
        f"/admin/surveys/item/{item.pk}/change/",
        {"text_team": "Changed", "text_self": "x", "dimension": item.dimension_id, "position": 1},
    )
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.text_team != "Changed"


def test_failed_invitations_can_be_sent_again(
    hr_client, instrument, django_capture_on_commit_callbacks
):
    cycle, _ = launched_cycle(team_size=3)
    Invitation.objects.filter(relationship="self").update(
        send_status="failed", send_error="550 no such user"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = hr_client.post(
            "/admin/surveys/invitation/",
            {
                "action": "retry_failed",
                "_selected_action": list(Invitation.objects.values_list("pk", flat=True)),
            },
            follow=True,
        )
    assert "1 failed invitation(s) queued to be sent again." in text(response)
    assert Invitation.objects.filter(send_status="sent").count() == 4


def test_hr_can_extend_an_open_cycle_but_not_change_k(hr_client, instrument):
    cycle, [(manager, _)] = launched_cycle(team_size=3, name="Open one")
    new_close = cycle.closes_at + timedelta(days=7)
    response = hr_client.post(
        f"/admin/surveys/cycle/{cycle.pk}/change/",
        {
            "name": "Open one",
            "closes_at_0": new_close.strftime("%Y-%m-%d"),
            "closes_at_1": new_close.strftime("%H:%M:%S"),
            "reminder_days": "3",
            "max_reminders": "2",
            "k": "9",
        },
    )
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert cycle.closes_at.date() == new_close.date()
    assert cycle.k == 3
    assert cycle.assessments.get().manager == manager


def test_a_launched_cycle_cannot_be_deleted(hr_client, instrument):
    cycle, _ = launched_cycle(team_size=3)
    response = hr_client.post(f"/admin/surveys/cycle/{cycle.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Cycle.objects.filter(pk=cycle.pk).exists()


def test_the_add_form_suggests_the_newest_instrument_and_two_weeks(hr_client, instrument):
    page = hr_client.get("/admin/surveys/cycle/add/").content.decode()
    assert f'<option value="{instrument.pk}" selected>' in page
    assert "17:00" in page


@pytest.mark.django_db(transaction=True)  # on_commit runs inside the request, as in production
@pytest.mark.parametrize("broker_up", [True, False])
def test_hr_is_told_when_the_task_queue_is_unreachable(
    hr_client, instrument, monkeypatch, broker_up
):
    from kombu.exceptions import OperationalError

    from surveys import tasks

    cycle = CycleFactory()
    manager, _ = team(3)
    Assessment.objects.create(cycle=cycle, manager=manager)

    def broker_down(*args, **kwargs):
        raise OperationalError("Connection refused")

    if not broker_up:
        monkeypatch.setattr(tasks.send_invitations, "delay", broker_down)
    response = hr_client.post(f"/admin/surveys/cycle/{cycle.pk}/transition/launch/", follow=True)
    page = text(response)
    assert "Launched" in page
    assert ("The task queue could not be reached" in page) is not broker_up
    assert ("e-mails not sent yet: 4" in page) is not broker_up
    assert len(mail.outbox) == (4 if broker_up else 0)


def test_hr_revises_a_used_instrument_by_copying_it(hr_client, instrument):
    launched_cycle(team_size=3)
    response = hr_client.post(
        "/admin/surveys/instrument/",
        {"action": "copy_as_new_version", "_selected_action": [instrument.pk]},
        follow=True,
    )
    assert "Created version 2 from version 1" in text(response)
    copy = Instrument.objects.get(version=2)
    assert copy.dimensions.count() == 10
    assert sum(d.items.count() for d in copy.dimensions.all()) == 30
    assert copy.open_questions.count() == 2
    item = copy.dimensions.first().items.first()
    edited = hr_client.post(
        f"/admin/surveys/item/{item.pk}/change/",
        {
            "dimension": item.dimension_id,
            "position": 1,
            "text_team": "My manager edits.",
            "text_self": "I edit.",
        },
    )
    assert edited.status_code == 302
    item.refresh_from_db()
    assert item.text_team == "My manager edits."
    assert instrument.dimensions.first().items.first().text_team != "My manager edits."


def test_hr_lists_who_is_rated_in_each_cycle(hr_client, client, instrument):
    cycle, [(manager, reps)] = launched_cycle(team_size=4)
    manager.name = "Ann Able"
    manager.save()
    client.post(survey_path(Invitation.objects.get(rater=reps[0])), full_answer(instrument))
    page = text(hr_client.get("/admin/surveys/assessment/"))
    assert "Ann Able" in page and "1 / 4 (25%)" in page


def test_a_released_cycle_is_read_only_and_shows_responses_first(hr_client, instrument):
    cycle = CycleFactory(status="released", name="Done")
    page = hr_client.get(f"/admin/surveys/cycle/{cycle.pk}/change/").content.decode()
    assert 'name="_save"' not in page
    assert page.index("Responses") < page.index("Reminder days")


def test_an_hr_user_who_is_rated_does_not_see_their_own_team_answer(
    hr_client, hr_user, client, instrument
):
    cycle, [(me, my_reps), (other, other_reps)] = launched_cycle(team_size=3, managers=2)
    me.user, me.name = hr_user, "Hilda Hr"
    me.save()
    other.name = "Otto Other"
    other.save()
    client.post(survey_path(Invitation.objects.get(rater=my_reps[0])), full_answer(instrument))
    client.post(survey_path(Invitation.objects.get(rater=other_reps[0])), full_answer(instrument))

    page = text(hr_client.get(f"/admin/surveys/cycle/{cycle.pk}/change/"))
    assert "Otto Other 1 / 3 (33%)" in page
    assert "Hilda Hr" not in page
    assert "Overall: 1 / 4 (25%)" in page  # Otto's team and Otto, nothing of Hilda's
    assert "You are rated in this cycle" in page
    assert "hidden: you are rated in this cycle" in text(hr_client.get("/admin/surveys/cycle/"))
    invitations = text(hr_client.get("/admin/surveys/invitation/"))
    assert other_reps[0].email in invitations
    assert not any(rep.email in invitations for rep in my_reps)
    assert "Hilda Hr" not in text(hr_client.get("/admin/surveys/assessment/"))


def test_a_cycle_id_that_is_not_a_number_is_not_an_error(hr_client, instrument):
    response = hr_client.get("/admin/surveys/cycle/abc/change/")
    assert response.status_code in (302, 404)


def test_nothing_can_be_added_to_an_instrument_in_use(hr_client, instrument):
    from surveys.models import Item, OpenQuestion

    launched_cycle(team_size=3)
    dimension = instrument.dimensions.first()
    item = hr_client.post(
        "/admin/surveys/item/add/",
        {
            "dimension": dimension.pk,
            "position": 9,
            "text_team": "My manager x.",
            "text_self": "I x.",
        },
    )
    question = hr_client.post(
        "/admin/surveys/openquestion/add/",
        {
            "instrument": instrument.pk,
            "key": "more",
            "position": 3,
            "text_team": "?",
            "text_self": "?",
        },
    )
    assert item.status_code == question.status_code == 200  # the form again, with an error
    assert Item.objects.filter(dimension__instrument=instrument).count() == 30
    assert OpenQuestion.objects.filter(instrument=instrument).count() == 2
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="copy it as a new version"):
        Item(dimension=dimension, text_team="a", text_self="b").full_clean()
