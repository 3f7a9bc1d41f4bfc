"""HR in the admin: creating a cycle, each step after a confirmation page that
says what it will do, watching response rates (never answers), and the
instrument, invitations and assessments screens."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from feedback360.celery import app
from surveys import lifecycle, rosters
from surveys.models import Assessment, Cycle, Instrument, Invitation, Nomination
from tests.factories import CycleFactory, PersonFactory, team
from tests.helpers import full_answer, launched_cycle, survey_path

from .support import PEER, answer, draft, form_data, launch, nominate, send_invitations, text

pytestmark = pytest.mark.django_db


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
        "peer_k": "",
        "other_k": "",
        "comment_k": "",
        "norms_enabled": "on",
    }
    data.update(overrides)
    return data


def transition(cycle, name: str) -> str:
    return f"/admin/surveys/cycle/{cycle.pk}/transition/{name}/"


def named(name: str, size: int, **kwargs):
    return team(size, manager=PersonFactory(name=name, **kwargs), prefix=name.split()[0].lower())


# --- Creating a cycle ----------------------------------------------------------------------------


def test_hr_creates_a_cycle_with_managers_and_rater_groups(hr_client, instrument):
    ann, _ = team(4)
    bob, _ = team(3)
    response = hr_client.post(
        "/admin/surveys/cycle/add/",
        cycle_form(managers=[ann.pk, bob.pk], ask_boss="on", ask_peers="on", peer_k="4"),
    )
    assert response.status_code == 302
    cycle = Cycle.objects.get(name="Spring check")
    assert set(cycle.assessments.values_list("manager_id", flat=True)) == {ann.pk, bob.pk}
    assert cycle.status == "draft" and cycle.k == 3
    assert cycle.groups == ["self", "team", "boss", "peer"]
    assert cycle.threshold("peer") == 4


@pytest.mark.parametrize("field", ["k", "peer_k", "other_k"])
@pytest.mark.parametrize("value", ["2", "0"])
def test_an_anonymity_threshold_below_three_is_refused(hr_client, instrument, field, value):
    response = hr_client.post("/admin/surveys/cycle/add/", cycle_form(**{field: value}))
    assert response.status_code == 200
    assert "An anonymity threshold cannot be lower than 3" in text(response)
    assert not Cycle.objects.exists()


def test_closing_before_opening_is_refused(hr_client, instrument):
    now = timezone.now()
    response = hr_client.post(
        "/admin/surveys/cycle/add/",
        cycle_form(closes_at_0=(now - timedelta(days=2)).strftime("%Y-%m-%d")),
    )
    assert "The cycle must close after it opens." in text(response)
    assert not Cycle.objects.exists()


def test_a_comment_threshold_below_k_is_refused(hr_client, instrument):
    response = hr_client.post("/admin/surveys/cycle/add/", cycle_form(k="4", comment_k="3"))
    assert "The comment threshold cannot be lower than k." in text(response)
    assert not Cycle.objects.exists()


def test_nominations_need_the_peer_group(hr_client, instrument):
    response = hr_client.post("/admin/surveys/cycle/add/", cycle_form(nominations_open="on"))
    assert "Managers can only nominate peers when peers are asked." in text(response)
    assert not Cycle.objects.exists()


def test_the_add_form_suggests_the_newest_instrument_and_two_weeks(hr_client, instrument):
    page = hr_client.get("/admin/surveys/cycle/add/").content.decode()
    assert f'<option value="{instrument.pk}" selected>' in page
    assert "17:00" in page


# --- Launch: the confirmation page says what will happen -----------------------------------------


def test_the_launch_page_previews_the_roster_and_changes_nothing(hr_client, instrument):
    ann, _ = named("Ann Able", 4, manager=PersonFactory(name="Dora Director"))
    sam, _ = named("Sam Small", 2)
    cycle = draft([ann, sam], ask_boss=True, name="Spring")
    page = text(hr_client.get(transition(cycle, "launch")))
    assert "Launch: are you sure?" in page
    assert "2 managers are rated; 9 people get one e-mail each, listing their surveys." in page
    assert "Invitations by group: Self 2, Manager's manager 1, Direct reports 6" in page
    assert (
        "Direct reports: 1 manager has fewer than that group's threshold, so their report "
        "will not show it: Sam Small"
    ) in page
    assert "No manager's manager found (org chart or nominations) for: Sam Small" in page
    cycle.refresh_from_db()
    assert cycle.status == "draft" and not Invitation.objects.exists()


def test_launching_after_confirming_says_what_was_done(
    hr_client, instrument, django_capture_on_commit_callbacks
):
    ann, _ = named("Ann Able", 3)
    cycle = draft([ann], name="Spring")
    with django_capture_on_commit_callbacks(execute=True):
        done = hr_client.post(transition(cycle, "launch"), follow=True)
    assert "Launched “Spring”: 4 invitations for 1 manager." in text(done)
    cycle.refresh_from_db()
    assert cycle.status == "open"
    assert len(mail.outbox) == 4


def test_a_cycle_opening_later_says_when_the_emails_go_out(hr_client, instrument):
    opens = timezone.now() + timedelta(days=3)
    ann, _ = named("Ann Able", 3)
    cycle = draft([ann], opens_at=opens, closes_at=opens + timedelta(days=14))
    page = text(hr_client.post(transition(cycle, "launch"), follow=True))
    assert f"The e-mails go out when the cycle opens, {opens:%-d %B %Y}" in page


def test_pending_nominations_are_shown_and_need_the_checkbox(
    hr_client, instrument, django_capture_on_commit_callbacks
):
    ann, _ = named("Ann Able", 3)
    bob, _ = named("Bob Brand", 3)
    cycle = draft([ann, bob], ask_peers=True, nominations_open=True, name="Spring")
    rosters.nominations_propose(assessment=cycle.assessments.get(manager=ann), peers=[bob])

    confirm = hr_client.get(transition(cycle, "launch"))
    assert "1 nomination waits for your decision." in text(confirm)
    assert 'name="allow_pending"' in confirm.content.decode()

    refused = hr_client.post(transition(cycle, "launch"), follow=True)
    assert "“Spring” has 1 nomination(s) waiting for a decision" in text(refused)
    assert refused.redirect_chain[-1][0] == transition(cycle, "launch")  # back to the page
    cycle.refresh_from_db()
    assert cycle.status == "draft"

    with django_capture_on_commit_callbacks(execute=True):
        done = hr_client.post(transition(cycle, "launch"), {"allow_pending": "yes"}, follow=True)
    assert "Launched “Spring”" in text(done)
    assert not Invitation.objects.filter(relationship=PEER).exists()


def test_an_overlap_with_another_open_cycle_is_shown_and_needs_the_checkbox(hr_client, instrument):
    ann, reps = named("Ann Able", 3)
    launch(draft([ann], name="Pulse"))
    cycle = draft([ann], name="Spring")

    confirm = hr_client.get(transition(cycle, "launch"))
    page = text(confirm)
    assert "3 people would be asked about a manager they are already rating" in page
    assert f"{reps[0].name} rates Ann Able in “Pulse”" in page
    assert 'name="allow_overlap"' in confirm.content.decode()

    refused = text(hr_client.post(transition(cycle, "launch"), follow=True))
    assert "Confirm the overlap to launch anyway." in refused
    cycle.refresh_from_db()
    assert cycle.status == "draft"

    hr_client.post(transition(cycle, "launch"), {"allow_overlap": "yes"})
    cycle.refresh_from_db()
    assert cycle.status == "open"


def test_launching_an_open_cycle_is_refused_with_a_message(hr_client, instrument):
    cycle, _ = launched_cycle(team_size=3, name="Autumn")
    response = hr_client.post(transition(cycle, "launch"), follow=True)
    assert "“Autumn” is open: only a draft cycle can be launched." in text(response)
    assert Invitation.objects.count() == 4


@pytest.mark.parametrize(
    ("status", "name", "message"),
    [
        ("draft", "close", "only an open cycle can be closed"),
        ("draft", "release", "close the cycle before releasing its reports"),
        ("draft", "remind", "reminders go out only while a cycle is open"),
        ("closed", "remind", "reminders go out only while a cycle is open"),
        ("closed", "launch", "only a draft cycle can be launched"),
    ],
)
def test_a_step_the_status_does_not_allow_is_refused(hr_client, instrument, status, name, message):
    cycle = CycleFactory(status=status)
    response = hr_client.post(transition(cycle, name), follow=True)
    assert message in text(response)
    cycle.refresh_from_db()
    assert cycle.status == status


def test_the_cycle_page_offers_only_the_next_steps(hr_client, instrument):
    cycle, _ = launched_cycle(team_size=3)
    page = hr_client.get(f"/admin/surveys/cycle/{cycle.pk}/change/").content.decode()
    assert transition(cycle, "remind") in page and transition(cycle, "close") in page
    assert transition(cycle, "launch") not in page and transition(cycle, "release") not in page
    assert "Import CSV" not in page


@pytest.mark.django_db(transaction=True)  # on_commit runs inside the request, as in production
@pytest.mark.parametrize("broker_up", [True, False])
def test_hr_is_told_when_the_task_queue_is_unreachable(
    hr_client, instrument, monkeypatch, broker_up
):
    from kombu.exceptions import OperationalError

    cycle = CycleFactory()
    manager, _ = team(3)
    Assessment.objects.create(cycle=cycle, manager=manager)

    def broker_down(*args, **kwargs):
        raise OperationalError("Connection refused")

    if not broker_up:
        from celery.app.task import Task

        monkeypatch.setitem(app.conf, "task_always_eager", False)
        monkeypatch.setattr(Task, "delay", broker_down)
    page = text(hr_client.post(transition(cycle, "launch"), follow=True))
    assert "Launched" in page
    assert ("The task queue could not be reached" in page) is not broker_up
    assert ("e-mails not sent yet: 4" in page) is not broker_up
    assert len(mail.outbox) == (4 if broker_up else 0)


# --- Close and release ---------------------------------------------------------------------------


def test_closing_early_shows_the_real_close_date_to_hr_and_to_raters(hr_client, client, instrument):
    cycle, [(_, reps)] = launched_cycle(team_size=3, name="Spring")
    planned = f"{cycle.closes_at:%-d %B %Y}"
    today = f"{timezone.now():%-d %B %Y}"
    confirm = text(hr_client.get(transition(cycle, "close")))
    assert "0 of 4 have answered (0%)." in confirm
    assert f"The planned deadline was {planned}" in confirm
    assert "raters will see that the survey closed today" in confirm

    done = text(hr_client.post(transition(cycle, "close"), follow=True))
    assert "Closed “Spring”. No more answers are accepted." in done
    cycle.refresh_from_db()
    assert cycle.ended_at == cycle.closed_at < cycle.closes_at

    listing = text(hr_client.get("/admin/surveys/cycle/"))
    assert today in listing and planned not in listing
    closed_page = client.get(survey_path(Invitation.objects.get(rater=reps[0])))
    assert closed_page.status_code == 410
    assert f"Spring closed on {today}" in text(closed_page)


def test_the_release_page_lists_what_each_manager_will_receive(hr_client, instrument):
    cycle, [(ann, ann_reps), (bob, bob_reps)] = launched_cycle(team_size=3, managers=2)
    ann.name, bob.name = "Ann Able", "Bob Brand"
    ann.save()
    bob.save()
    for invitation in Invitation.objects.filter(assessment__manager=ann):
        answer(invitation)
    answer(Invitation.objects.get(rater=bob_reps[0]))
    lifecycle.cycle_close(cycle_id=cycle.pk)

    page = text(hr_client.get(transition(cycle, "release")))
    assert "What each manager will receive" in page
    assert "Ann Able a full report Direct reports: 3 of 3 answered, shown" in page
    assert (
        "Bob Brand a short report saying why there are no scores from others "
        "Direct reports: 1 of 3 answered, withheld; "
        "no self-assessment: no blind spots or hidden strengths"
    ) in page
    cycle.refresh_from_db()
    assert cycle.status == "closed"


def test_releasing_after_confirming_says_how_many_reports(
    hr_client, instrument, django_capture_on_commit_callbacks
):
    cycle, _ = launched_cycle(team_size=3, managers=2, name="Spring")
    lifecycle.cycle_close(cycle_id=cycle.pk)
    with django_capture_on_commit_callbacks(execute=True):
        page = text(hr_client.post(transition(cycle, "release"), follow=True))
    assert "Released “Spring”: 2 manager reports are being generated" in page
    cycle.refresh_from_db()
    assert cycle.status == "released"


# --- Watching a cycle: counts, never answers -----------------------------------------------------


def test_the_cycle_page_shows_rates_per_manager_and_group_and_never_answers(
    hr_client, client, instrument
):
    cycle, [(ann, ann_reps), (bob, _)] = launched_cycle(team_size=4, managers=2)
    ann.name = "Ann Able"
    ann.save()
    for invitation in Invitation.objects.filter(assessment__manager=ann, relationship="team")[:3]:
        client.post(
            survey_path(invitation), full_answer(instrument, comments=("Unmistakable remark", ""))
        )

    page = text(hr_client.get(f"/admin/surveys/cycle/{cycle.pk}/change/"))
    assert "Manager Self Direct reports" in page
    assert "Ann Able 0 / 1 (0%) 3 / 4 (75%)" in page
    assert "(below threshold)" in page  # Bob's team so far
    assert "Overall: 3 / 10 (30%)" in page
    assert "Unmistakable remark" not in page
    assert "3 / 10 (30%)" in text(hr_client.get("/admin/surveys/cycle/"))


def test_hr_sees_who_has_not_answered_for_reminders(hr_client, client, instrument):
    cycle, [(ann, reps)] = launched_cycle(team_size=3)
    client.post(survey_path(Invitation.objects.get(rater=reps[0])), full_answer(instrument))
    page = text(
        hr_client.get(
            f"/admin/surveys/invitation/?assessment__cycle__id__exact={cycle.pk}&completed__exact=0"
        )
    )
    assert reps[1].email in page and reps[2].email in page
    assert reps[0].email not in page


def test_hr_lists_who_is_rated_in_each_cycle(hr_client, client, instrument):
    cycle, [(manager, reps)] = launched_cycle(team_size=4)
    manager.name = "Ann Able"
    manager.save()
    client.post(survey_path(Invitation.objects.get(rater=reps[0])), full_answer(instrument))
    page = text(hr_client.get("/admin/surveys/assessment/"))
    assert "Ann Able" in page and "1 / 4 (25%)" in page


def test_no_admin_page_shows_an_answer_or_a_comment(
    hr_client, client, instrument, django_capture_on_commit_callbacks
):
    """Crawl every admin list and change page after answers came in."""
    from django.contrib import admin
    from django.contrib.auth import get_user_model
    from django.test import RequestFactory

    from reports.release import cycle_release

    cycle, _ = launched_cycle(team_size=4)
    for invitation in Invitation.objects.filter(relationship="team"):
        client.post(
            survey_path(invitation), full_answer(instrument, comments=("Zanzibar-unique-77", ""))
        )
    lifecycle.cycle_close(cycle_id=cycle.pk)
    with django_capture_on_commit_callbacks(execute=True):
        cycle_release(cycle_id=cycle.pk)

    request = RequestFactory().get("/admin/")
    request.user = get_user_model().objects.get(username="hr")
    pages = ["/admin/"]
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        base = f"/admin/{meta.app_label}/{meta.model_name}/"
        pages.append(base)
        pages += [f"{base}{obj.pk}/change/" for obj in model_admin.get_queryset(request)[:5]]
    for url in pages:
        page = hr_client.get(url)
        assert page.status_code == 200, url
        assert "Zanzibar-unique-77" not in page.content.decode(), url


def test_invitations_cannot_be_edited_or_deleted(hr_client, instrument):
    launched_cycle(team_size=3)
    invitation = Invitation.objects.first()
    page = hr_client.get(f"/admin/surveys/invitation/{invitation.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert hr_client.post(f"/admin/surveys/invitation/{invitation.pk}/delete/").status_code == 403


def test_failed_invitations_can_be_sent_again(
    hr_client, instrument, django_capture_on_commit_callbacks
):
    cycle, _ = launched_cycle(team_size=3)
    send_invitations(cycle)
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


def test_hr_can_extend_an_open_cycle_but_not_change_k_or_groups(hr_client, instrument):
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
            "norms_enabled": "on",
            "k": "9",
            "ask_peers": "on",
        },
    )
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert cycle.closes_at.date() == new_close.date()
    assert cycle.k == 3 and cycle.ask_peers is False
    assert cycle.assessments.get().manager == manager


def test_a_launched_cycle_cannot_be_deleted(hr_client, instrument):
    cycle, _ = launched_cycle(team_size=3)
    response = hr_client.post(f"/admin/surveys/cycle/{cycle.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Cycle.objects.filter(pk=cycle.pk).exists()


def test_a_released_cycle_is_read_only_and_shows_responses_first(hr_client, instrument):
    cycle = CycleFactory(status="released", name="Done")
    page = hr_client.get(f"/admin/surveys/cycle/{cycle.pk}/change/").content.decode()
    assert 'name="_save"' not in page
    assert page.index("Responses") < page.index("Reminder days")


def test_a_cycle_id_that_is_not_a_number_is_not_an_error(hr_client, instrument):
    assert hr_client.get("/admin/surveys/cycle/abc/change/").status_code in (302, 404)
    assert hr_client.get("/admin/surveys/cycle/abc/transition/launch/").status_code in (302, 404)


# --- An HR user who is rated ---------------------------------------------------------------------


@pytest.fixture
def rated_hr(hr_user, instrument):
    """Hilda works in HR and is rated in the cycle, beside Otto; one rep of each answered."""
    cycle, [(me, my_reps), (other, other_reps)] = launched_cycle(
        team_size=3, managers=2, ask_peers=True
    )
    me.user, me.name = hr_user, "Hilda Hr"
    me.save()
    other.name = "Otto Other"
    other.save()
    two_hours_ago = timezone.now() - timedelta(hours=2)
    Invitation.objects.update(send_status="sent", sent_at=two_hours_ago, queued_at=two_hours_ago)
    answer(Invitation.objects.get(rater=my_reps[0]))
    answer(Invitation.objects.get(rater=other_reps[0]))
    return cycle, my_reps, other_reps


def test_a_rated_hr_user_sees_no_count_about_their_own_team(hr_client, rated_hr):
    cycle, my_reps, other_reps = rated_hr
    page = text(hr_client.get(f"/admin/surveys/cycle/{cycle.pk}/change/"))
    assert "Otto Other 0 / 1 (0%) 1 / 3 (33%)" in page
    assert "Hilda Hr" not in page
    assert "Overall: 1 / 4 (25%)" in page  # Otto's team and Otto, nothing of Hilda's
    assert "You are rated in this cycle" in page
    assert "hidden: you are rated in this cycle" in text(hr_client.get("/admin/surveys/cycle/"))
    invitations = text(hr_client.get("/admin/surveys/invitation/"))
    assert other_reps[0].email in invitations
    assert not any(rep.email in invitations for rep in my_reps)
    assert "Hilda Hr" not in text(hr_client.get("/admin/surveys/assessment/"))


def test_a_rated_hr_user_sees_no_failed_emails_of_their_own_team(hr_client, rated_hr):
    cycle, my_reps, other_reps = rated_hr
    Invitation.objects.filter(rater=my_reps[1]).update(send_status="failed")
    page = text(hr_client.get(f"/admin/surveys/cycle/{cycle.pk}/change/"))
    assert "failed:" not in page
    Invitation.objects.filter(rater=other_reps[1]).update(send_status="failed")
    page = text(hr_client.get(f"/admin/surveys/cycle/{cycle.pk}/change/"))
    assert "failed: 1" in page


def test_a_rated_hr_user_sees_no_count_of_their_own_in_the_step_previews(hr_client, rated_hr):
    cycle, my_reps, other_reps = rated_hr
    remind = text(hr_client.get(transition(cycle, "remind")))
    assert "3 unanswered surveys can be reminded now" in remind  # Otto, and 2 of his reps
    close = text(hr_client.get(transition(cycle, "close")))
    assert "1 of 4 have answered (25%)." in close
    lifecycle.cycle_close(cycle_id=cycle.pk)
    release = text(hr_client.get(transition(cycle, "release")))
    assert "Otto Other" in release
    assert "Hilda Hr" not in release


def test_a_rated_hr_user_does_not_see_the_peers_proposed_for_them(hr_client, hr_user, instrument):
    me, _ = named("Hilda Hr", 3, user=hr_user)
    otto, _ = named("Otto Other", 3)
    peer = PersonFactory(name="Pia Peer")
    cycle = draft([me, otto], ask_peers=True)
    nominate(cycle, me, [peer], PEER, status=Nomination.Status.PROPOSED)
    nominate(cycle, otto, [peer], PEER, status=Nomination.Status.PROPOSED)
    page = text(hr_client.get("/admin/surveys/nomination/"))
    assert "Otto Other" in page and "Hilda Hr" not in page


# --- The instrument ------------------------------------------------------------------------------


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


def test_hr_revises_a_used_instrument_by_copying_it(hr_client, instrument):
    launched_cycle(team_size=3)
    response = hr_client.post(
        "/admin/surveys/instrument/",
        {"action": "copy_as_new_version", "_selected_action": [instrument.pk]},
        follow=True,
    )
    assert "Created version 2 from version 1" in text(response)
    copy = Instrument.objects.get(version=2)
    item = copy.dimensions.first().items.first()
    url = f"/admin/surveys/item/{item.pk}/change/"
    edited = hr_client.post(url, form_data(hr_client.get(url), text_team="My manager edits."))
    assert edited.status_code == 302
    item.refresh_from_db()
    assert item.text_team == "My manager edits."
    assert instrument.dimensions.first().items.first().text_team != "My manager edits."
