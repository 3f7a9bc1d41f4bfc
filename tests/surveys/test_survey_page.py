"""The survey page behind the e-mailed link: what a rep sees and what happens."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from surveys import services
from surveys.forms import COMMENT_TOO_LONG, UNEXPECTED_FIELDS, item_field_name
from surveys.models import Answer, Comment, Invitation, Item, Response
from surveys.tokens import make_token
from tests.factories import InvitationFactory
from tests.helpers import full_answer, launched_cycle, survey_path

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(instrument):
    cycle, _ = launched_cycle(team_size=4)
    return cycle


@pytest.fixture
def invitation(cycle):
    return Invitation.objects.filter(assessment__cycle=cycle, relationship="team").first()


def test_get_shows_the_form_and_changes_nothing(client, invitation, instrument):
    response = client.get(survey_path(invitation))
    assert response.status_code == 200
    page = response.content.decode()
    assert invitation.assessment.manager.name in page
    assert "Can&#x27;t say" in page or "Can't say" in page
    assert (
        page.count('type="radio"')
        == 6 * Item.objects.filter(dimension__instrument=instrument).count()
    )
    assert "Dialogue" in page and "Empowerment" in page
    assert 'role="progressbar"' in page
    invitation.refresh_from_db()
    assert invitation.completed is False
    assert Response.objects.count() == 0


def test_head_changes_nothing(client, invitation):
    assert client.head(survey_path(invitation)).status_code == 200
    invitation.refresh_from_db()
    assert invitation.completed is False


def test_the_self_assessment_speaks_to_the_manager(client, cycle):
    own = Invitation.objects.get(assessment__cycle=cycle, relationship="self")
    page = client.get(survey_path(own)).content.decode()
    assert "Your self-assessment" in page
    assert "I ask for my reps&#x27; views" in page or "I ask for my reps' views" in page
    assert "My manager asks" not in page


def test_submitting_records_one_anonymous_response(client, invitation, instrument):
    data = full_answer(instrument, value=4, comments=("Great coaching.", "More vision."))
    first_item = Item.objects.filter(dimension__instrument=instrument).first()
    data[item_field_name(first_item.id)] = "na"

    response = client.post(survey_path(invitation), data)

    assert response.status_code == 302 and response["Location"] == "/s/thanks/"
    assert "answers are in" in client.get("/s/thanks/").content.decode()
    invitation.refresh_from_db()
    assert invitation.completed is True
    saved = Response.objects.get()
    assert (saved.assessment_id, saved.relationship) == (invitation.assessment_id, "team")
    total = Item.objects.filter(dimension__instrument=instrument).count()
    assert Answer.objects.filter(response=saved).count() == total - 1  # "Can't say" stores nothing
    assert set(Answer.objects.values_list("value", flat=True)) == {4}
    assert sorted(Comment.objects.values_list("text", flat=True)) == [
        "Great coaching.",
        "More vision.",
    ]


def test_missing_answers_get_a_summary_and_keep_what_was_entered(client, invitation, instrument):
    data = full_answer(instrument, value=5)
    items = list(Item.objects.filter(dimension__instrument=instrument))
    del data[item_field_name(items[3].id)]
    del data[item_field_name(items[7].id)]

    response = client.post(survey_path(invitation), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "Please check 2 answers" in page
    assert f'href="#div_id_{item_field_name(items[3].id)}"' in page
    assert page.count("checked") == len(items) - 2  # the 5s are still ticked
    assert Response.objects.count() == 0
    invitation.refresh_from_db()
    assert invitation.completed is False


def test_a_second_submission_says_already_answered(client, invitation, instrument):
    data = full_answer(instrument)
    client.post(survey_path(invitation), data)

    again = client.post(survey_path(invitation), data)
    assert again.status_code == 409
    assert "already answered" in again.content.decode()
    revisit = client.get(survey_path(invitation))
    assert revisit.status_code == 200 and "already answered" in revisit.content.decode()
    assert Response.objects.count() == 1


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # signature changed
        lambda t: t.split(":")[0],  # no signature
        lambda t: "999." + t.split(".", 1)[1],  # another cycle id, old signature
        lambda t: "",
        lambda t: "x" * 500,
    ],
)
def test_a_tampered_link_is_a_404_that_says_so(client, invitation, mangle):
    token = survey_path(invitation).split("/")[2]
    response = client.get(f"/s/{mangle(token) or 'nothing'}/")
    assert response.status_code == 404
    assert "This link is not valid" in response.content.decode()


def test_a_genuine_token_for_another_cycle_is_the_same_404(client, invitation, instrument):
    other_cycle, _ = launched_cycle(team_size=3)
    token = make_token(cycle_id=other_cycle.pk, invitation_id=invitation.id)
    response = client.post(f"/s/{token}/", full_answer(instrument))
    assert response.status_code == 404
    assert "This link is not valid" in response.content.decode()
    assert Response.objects.count() == 0


def test_an_unknown_invitation_is_the_same_404(client, cycle):
    import uuid

    token = make_token(cycle_id=cycle.pk, invitation_id=uuid.uuid4())
    response = client.get(f"/s/{token}/")
    assert response.status_code == 404 and "This link is not valid" in response.content.decode()


def test_a_closed_cycle_says_so(client, invitation, instrument):
    services.cycle_close(cycle_id=invitation.assessment.cycle_id)
    for response in (
        client.get(survey_path(invitation)),
        client.post(survey_path(invitation), full_answer(instrument)),
    ):
        assert response.status_code == 410
        assert "This survey is closed" in response.content.decode()
    assert Response.objects.count() == 0


def test_after_the_deadline_the_link_is_closed_even_before_the_cycle_is(
    client, invitation, instrument
):
    closes = invitation.assessment.cycle.closes_at
    with time_machine.travel(closes + timedelta(minutes=1)):
        response = client.post(survey_path(invitation), full_answer(instrument))
    assert response.status_code == 410
    assert Response.objects.count() == 0


def test_a_cycle_not_open_yet_says_when_it_opens(client, instrument):
    cycle, _ = launched_cycle(
        opens_at=timezone.now() + timedelta(days=1), closes_at=timezone.now() + timedelta(days=9)
    )
    invitation = Invitation.objects.filter(assessment__cycle=cycle).first()
    response = client.get(survey_path(invitation))
    assert response.status_code == 403
    assert "not open yet" in response.content.decode()


def test_a_draft_cycles_invitation_is_not_accepted(client, instrument):
    invitation = InvitationFactory()
    response = client.get(survey_path(invitation))
    assert response.status_code == 410


@pytest.mark.parametrize(
    "change",
    [
        {"value": "7"},
        {"value": "0"},
        {"value": "-1"},
        {"value": "4.5"},
        {"value": ""},
        {"value": "<script>"},
    ],
)
def test_out_of_range_scores_are_refused(client, invitation, instrument, change):
    data = full_answer(instrument)
    first = Item.objects.filter(dimension__instrument=instrument).first()
    data[item_field_name(first.id)] = change["value"]
    response = client.post(survey_path(invitation), data)
    assert response.status_code == 400
    assert "Choose an answer" in response.content.decode()
    assert Response.objects.count() == 0


@pytest.mark.parametrize("extra", ["item_999999", "comment_999999", "is_admin", "relationship"])
def test_unknown_or_forged_fields_are_refused(client, invitation, instrument, extra):
    data = full_answer(instrument)
    data[extra] = "5"
    response = client.post(survey_path(invitation), data)
    assert response.status_code == 400
    assert UNEXPECTED_FIELDS in response.content.decode().replace("&#x27;", "'")
    assert Response.objects.count() == 0


def test_a_megabyte_comment_is_refused_with_its_length(client, invitation, instrument):
    data = full_answer(instrument, comments=("x" * 1_048_576, ""))
    response = client.post(survey_path(invitation), data)
    assert response.status_code == 400
    assert COMMENT_TOO_LONG.format(limit=2000, length=1_048_576) in response.content.decode()
    assert Response.objects.count() == 0


def test_a_comment_with_nul_bytes_is_refused(client, invitation, instrument):
    data = full_answer(instrument, comments=("bad\x00byte", ""))
    response = client.post(survey_path(invitation), data)
    assert response.status_code == 400
    assert "Null characters are not allowed" in response.content.decode()
    assert Response.objects.count() == 0


def test_a_lone_surrogate_is_stored_harmlessly(client, invitation, instrument):
    # Browsers send UTF-8; a lone surrogate can only arrive as invalid bytes,
    # which Django decodes as U+FFFD.
    from surveys.forms import question_field_name
    from surveys.models import OpenQuestion

    question = OpenQuestion.objects.filter(instrument=instrument).first()
    body = "&".join(f"{k}={v}" for k, v in full_answer(instrument, comments=("", "")).items())
    body += f"&{question_field_name(question.id)}=a%ED%A0%80b"
    response = client.post(
        survey_path(invitation), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 302
    assert Comment.objects.get().text == "a\ufffd\ufffd\ufffdb"


def test_a_post_without_csrf_token_is_refused(invitation, instrument):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(survey_path(invitation), full_answer(instrument))
    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()
    assert Response.objects.count() == 0


def test_guessing_links_is_throttled(client, invitation):
    for _ in range(30):
        assert client.get("/s/1.deadbeef:nope/").status_code == 404
    assert client.get("/s/1.deadbeef:nope/").status_code == 429
    assert client.get(survey_path(invitation)).status_code == 200  # genuine links still work


def test_survey_pages_send_no_referrer_and_a_csp(client, invitation):
    response = client.get(survey_path(invitation))
    assert response["Referrer-Policy"] == "no-referrer"
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert "https://" not in response.content.decode().split("<body")[0]  # no third-party assets


def test_a_browser_sending_origin_null_can_still_submit(invitation, instrument):
    """no-referrer makes browsers send `Origin: null`; the CSRF token still counts."""
    strict = Client(enforce_csrf_checks=True)
    page = strict.get(survey_path(invitation)).content.decode()
    import re

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = {**full_answer(instrument), "csrfmiddlewaretoken": token}
    response = strict.post(survey_path(invitation), data, headers={"Origin": "null"})
    assert response.status_code == 302
    assert Response.objects.count() == 1


def test_origin_null_without_the_csrf_token_is_still_refused(invitation, instrument):
    strict = Client(enforce_csrf_checks=True)
    strict.get(survey_path(invitation))
    response = strict.post(
        survey_path(invitation), full_answer(instrument), headers={"Origin": "null"}
    )
    assert response.status_code == 403
    assert Response.objects.count() == 0


def test_origin_null_is_refused_outside_survey_pages(hr_user):
    strict = Client(enforce_csrf_checks=True)
    page = strict.get("/admin/login/").content.decode()
    import re

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = strict.post(
        "/admin/login/",
        {"username": "hr", "password": "hr-password-123", "csrfmiddlewaretoken": token},
        headers={"Origin": "null"},
    )
    assert response.status_code == 403


def test_a_warm_survey_page_takes_one_query(
    client, invitation, instrument, django_assert_max_num_queries
):
    """One query to look the invitation up; the frozen instrument is read once per process."""
    client.get(survey_path(invitation))  # warms the instrument's cache
    with django_assert_max_num_queries(1):
        assert client.get(survey_path(invitation)).status_code == 200
