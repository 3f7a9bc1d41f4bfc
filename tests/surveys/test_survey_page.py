"""The survey page behind the e-mailed link: what a rep sees and what happens."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.http import QueryDict
from django.test import Client
from django.utils import timezone

from surveys import lifecycle, selectors
from surveys.forms import (
    COMMENT_TOO_LONG,
    UNEXPECTED_FIELDS,
    SurveyForm,
    item_field_name,
    plain_answers,
    question_field_name,
)
from surveys.models import CommentSet, DimensionTally, Invitation, Item, ItemTally
from surveys.tokens import make_token
from tests.factories import InvitationFactory
from tests.helpers import full_answer, launched_cycle, survey_path

pytestmark = pytest.mark.django_db


def stored() -> int:
    """How many answers were recorded (completed invitations)."""
    return Invitation.objects.filter(completed=True).count()


def comment_texts() -> list[str]:
    return sorted(text for s in CommentSet.objects.all() for text in s.entries)


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
    assert stored() == 0


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

    assert response.status_code == 302 and response["Location"].startswith("/s/thanks/?draft=")
    assert "answers are in" in client.get(response["Location"]).content.decode()
    invitation.refresh_from_db()
    assert invitation.completed is True
    rows = {t.item_id: t for t in ItemTally.objects.filter(assessment=invitation.assessment)}
    assert {t.relationship for t in rows.values()} == {"team"}
    assert rows[first_item.id].cant_say == 1 and sum(rows[first_item.id].counts) == 0
    others = [t for item_id, t in rows.items() if item_id != first_item.id]
    assert all(t.counts == (0, 0, 0, 1, 0) and t.cant_say == 0 for t in others)
    # One respondent with a score on every dimension; all other possible scores at zero.
    counted = DimensionTally.objects.filter(assessment=invitation.assessment, respondents__gt=0)
    assert counted.count() == 10 and set(counted.values_list("respondents", flat=True)) == {1}
    assert comment_texts() == ["Great coaching.", "More vision."]


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
    assert stored() == 0
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
    assert stored() == 1


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
    assert stored() == 0


def test_an_unknown_invitation_is_the_same_404(client, cycle):
    import uuid

    token = make_token(cycle_id=cycle.pk, invitation_id=uuid.uuid4())
    response = client.get(f"/s/{token}/")
    assert response.status_code == 404 and "This link is not valid" in response.content.decode()


def test_a_closed_cycle_says_so(client, invitation, instrument):
    lifecycle.cycle_close(cycle_id=invitation.assessment.cycle_id)
    for response in (
        client.get(survey_path(invitation)),
        client.post(survey_path(invitation), full_answer(instrument)),
    ):
        assert response.status_code == 410
        assert "This survey is closed" in response.content.decode()
    assert stored() == 0


def test_after_the_deadline_the_link_is_closed_even_before_the_cycle_is(
    client, invitation, instrument
):
    closes = invitation.assessment.cycle.closes_at
    with time_machine.travel(closes + timedelta(minutes=1)):
        response = client.post(survey_path(invitation), full_answer(instrument))
    assert response.status_code == 410
    assert stored() == 0


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
    assert stored() == 0


@pytest.mark.parametrize("extra", ["item_999999", "comment_999999", "is_admin", "relationship"])
def test_unknown_or_forged_fields_are_refused(client, invitation, instrument, extra):
    data = full_answer(instrument)
    data[extra] = "5"
    response = client.post(survey_path(invitation), data)
    assert response.status_code == 400
    assert str(UNEXPECTED_FIELDS) in response.content.decode().replace("&#x27;", "'")
    assert stored() == 0


def test_a_megabyte_comment_is_refused_with_its_length(client, invitation, instrument):
    data = full_answer(instrument, comments=("x" * 1_048_576, ""))
    response = client.post(survey_path(invitation), data)
    assert response.status_code == 400
    expected = COMMENT_TOO_LONG % {"limit": "2,000", "length": "1,048,576"}
    assert expected in response.content.decode()
    assert stored() == 0


def test_a_comment_with_nul_bytes_is_refused(client, invitation, instrument):
    data = full_answer(instrument, comments=("bad\x00byte", ""))
    response = client.post(survey_path(invitation), data)
    assert response.status_code == 400
    assert "Null characters are not allowed" in response.content.decode()
    assert stored() == 0


def test_a_lone_surrogate_is_stored_harmlessly(client, invitation, instrument):
    # Browsers send UTF-8; a lone surrogate can only arrive as invalid bytes,
    # which Django decodes as U+FFFD.
    from surveys.forms import question_field_name
    from surveys.models import OpenQuestion

    question = OpenQuestion.objects.filter(instrument=instrument).first()
    data = full_answer(instrument, comments=("", ""))
    data.pop(question_field_name(question.id))
    body = "&".join(f"{k}={v}" for k, v in data.items())
    body += f"&{question_field_name(question.id)}=a%ED%A0%80b"
    response = client.post(
        survey_path(invitation), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 302
    assert comment_texts() == ["a\ufffd\ufffd\ufffdb"]


def test_a_post_without_csrf_token_is_refused(invitation, instrument):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(survey_path(invitation), full_answer(instrument))
    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()
    assert stored() == 0


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
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = {**full_answer(instrument), "csrfmiddlewaretoken": token}
    response = strict.post(survey_path(invitation), data, headers={"Origin": "null"})
    assert response.status_code == 302
    assert stored() == 1


def test_origin_null_without_the_csrf_token_is_still_refused(invitation, instrument):
    strict = Client(enforce_csrf_checks=True)
    strict.get(survey_path(invitation))
    response = strict.post(
        survey_path(invitation), full_answer(instrument), headers={"Origin": "null"}
    )
    assert response.status_code == 403
    assert stored() == 0


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


def _invite(cycle, relationship: str) -> Invitation:
    from tests.factories import InvitationFactory, PersonFactory

    assessment = cycle.assessments.first()
    return InvitationFactory(
        assessment=assessment, rater=PersonFactory(), relationship=relationship
    )


def test_a_peer_reads_each_statement_about_the_manager_by_name(client, cycle):
    peer = _invite(cycle, "peer")
    name = peer.assessment.manager.name
    page = client.get(survey_path(peer)).content.decode()
    assert f"You are answering as a peer of {name}" in page
    assert f"{name} asks their team for its views" in page
    assert "My manager asks" not in page and "{name}" not in page


def test_the_managers_manager_is_told_plainly_they_are_not_anonymous(client, cycle):
    boss = _invite(cycle, "boss")
    page = client.get(survey_path(boss)).content.decode().replace("&#x27;", "'")
    name = boss.assessment.manager.name
    assert f"You are answering as {name}'s manager" in page
    assert "Your answers are not anonymous" in page
    assert "under your role as their manager" in page  # above the comment boxes


def test_statements_are_numbered_and_comments_said_to_be_shown_as_written(client, invitation):
    page = client.get(survey_path(invitation)).content.decode()
    assert '<span class="likert-number">1.</span>' in page
    assert '<span class="likert-number">30.</span>' in page
    assert "exactly as you write them (never edited or translated)" in page


def test_the_drafts_name_in_the_browser_does_not_carry_the_link(client, invitation):
    import re

    page = client.get(survey_path(invitation)).content.decode()
    key = re.search(r'data-draft-key="([^"]+)"', page).group(1)
    token = survey_path(invitation).split("/")[2]
    assert key.startswith("f360-draft-") and token not in key
    assert token.split(":")[1] not in key


def test_the_thanks_page_clears_only_a_well_formed_draft_name(client):
    good = "f360-draft-" + "a" * 32
    assert f'data-draft-key="{good}"' in client.get(f"/s/thanks/?draft={good}").content.decode()
    hostile = client.get('/s/thanks/?draft="><script>alert(1)</script>').content.decode()
    assert "<script>alert" not in hostile and "clear-draft" not in hostile


# --- Pages served from one rendering -------------------------------------------------------


def test_each_rater_sees_their_own_manager_and_gets_their_own_form_token(instrument):
    """The unanswered page is rendered once per side and language and filled in
    per visit: a second rater must never see the first one's manager or token."""
    cycle, [(ann, _), (bob, _)] = launched_cycle(team_size=3, managers=2)
    bob.name = "Bob <i>Brand</i> & Sons"
    bob.save()
    rates = {
        manager: Invitation.objects.filter(assessment__manager=manager, relationship="team")
        for manager in (ann, bob)
    }
    tokens = set()
    for manager, other, escaped in ((ann, bob, ann.name), (bob, ann, "Bob &lt;i&gt;Brand")):
        for invitation in rates[manager][:2]:
            browser = Client(enforce_csrf_checks=True)
            page = browser.get(survey_path(invitation)).content.decode()
            assert f"How does {escaped}" in page and other.name not in page
            assert "<i>Brand</i>" not in page
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
            tokens.add(token)
            data = {**full_answer(instrument), "csrfmiddlewaretoken": token}
            assert browser.post(survey_path(invitation), data).status_code == 302
    assert len(tokens) == 4
    assert stored() == 4


def test_a_submission_counts_the_same_read_with_or_without_the_form(instrument):
    """Clean submissions are read without building the form; whatever the form
    would question (a missing, unknown, repeated or over-long answer) still goes
    through it."""
    content = selectors.instrument_content(instrument, "en")
    for seed in range(30):
        data = full_answer(instrument, seed=seed, comments=(f"Note {seed}\r\nmore", "  "))
        post = QueryDict(mutable=True)
        post.update(data)
        form = SurveyForm(post, content=content, relationship="team", manager_name="Ann")
        assert form.is_valid()
        assert plain_answers(post, {}, content) == (form.answers(), form.comments())

    item = item_field_name(content.items[0].id)
    question = question_field_name(content.questions[0].id)
    valid = full_answer(instrument)
    for change in (
        {item: "6"},
        {item: ""},
        {"nickname": "x"},
        {question: "x" * 5001},
        {question: "null\x00byte"},
    ):
        post = QueryDict(mutable=True)
        post.update({**valid, **change})
        assert plain_answers(post, {}, content) is None
        form = SurveyForm(post, content=content, relationship="team", manager_name="Ann")
        assert not form.is_valid()
    missing = QueryDict(mutable=True)
    missing.update({k: v for k, v in valid.items() if k != item})
    assert plain_answers(missing, {}, content) is None
    repeated = QueryDict(mutable=True)
    repeated.update(valid)
    repeated.appendlist(item, "2")
    assert plain_answers(repeated, {}, content) is None
