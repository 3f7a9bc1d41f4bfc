"""Hostile input to the survey endpoint: every answer is a clear 4xx page, never a
500, and nothing is stored unless the submission was genuinely valid.

The single cases (tampered tokens, other-cycle tokens, out-of-range and missing
scores, unknown items, forged fields, 1 MB comments, NUL bytes, lone
surrogates, missing CSRF) are in tests/surveys/test_survey_page.py; this file
adds what a fuzzer and an impatient attacker would try.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from surveys.forms import item_field_name, question_field_name
from surveys.models import Invitation, Item, ItemTally, OpenQuestion
from tests.helpers import full_answer, launched_cycle, survey_path
from tests.reliability.figures import record

pytestmark = pytest.mark.django_db

EXPECTED = {302, 400, 403, 404, 409, 410, 429}


def _answered() -> int:
    return Invitation.objects.filter(completed=True).count()


def _counted() -> int:
    """Answers in the tallies, over every statement and every answer, "can't say" too."""
    return sum(sum(t.counts) + t.cant_say for t in ItemTally.objects.all())


@pytest.fixture
def target(instrument):
    launched_cycle(team_size=3)
    invitation = Invitation.objects.filter(relationship="team").first()
    items = list(Item.objects.filter(dimension__instrument=instrument).values_list("id", flat=True))
    questions = list(
        OpenQuestion.objects.filter(instrument=instrument).values_list("id", flat=True)
    )
    return invitation, items, questions


def field_names(items, questions):
    real = [item_field_name(i) for i in items] + [question_field_name(q) for q in questions]
    return st.one_of(
        st.sampled_from(real),
        st.text(min_size=0, max_size=20),
        st.sampled_from(
            ["item_0", "item_-1", "item_99999", "comment_1e9", "csrfmiddlewaretoken", "item_1.0"]
        ),
    )


values = st.one_of(
    st.sampled_from(["1", "2", "3", "4", "5", "na", "0", "6", "-1", "4.5", "", "NaN", "1e3"]),
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=50),
)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_random_form_data_never_gets_a_500(client, target, data):
    invitation, items, questions = target
    payload = data.draw(st.dictionaries(field_names(items, questions), values, max_size=40))
    if data.draw(st.booleans()):
        payload = {**full_answer(invitation.assessment.cycle.instrument), **payload}
    already, counted = _answered(), _counted()
    response = client.post(survey_path(invitation), payload)
    assert response.status_code in EXPECTED, response.status_code
    if response.status_code != 302:
        assert (_answered(), _counted()) == (already, counted)
    else:
        assert (_answered(), _counted()) == (already + 1, counted + len(items))


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=st.binary(max_size=2000))
def test_random_bytes_as_a_form_body_never_get_a_500(client, target, body):
    invitation, _, _ = target
    response = client.post(
        survey_path(invitation), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code in EXPECTED
    assert _answered() == _counted() == 0


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    token=st.text(min_size=1, max_size=120).filter(
        lambda t: "/" not in t and "?" not in t and "#" not in t
    )
)
def test_random_tokens_get_the_not_valid_page(client, target, token):
    from django.core.cache import cache

    cache.clear()  # stay below the throttle; that has its own test
    response = client.get(f"/s/{token}/")
    assert response.status_code == 404


def test_a_body_over_the_upload_limit_is_a_400(client, target):
    invitation, _, _ = target
    response = client.post(survey_path(invitation), {"comment_1": "x" * 3_000_000})
    assert response.status_code == 400
    assert _answered() == _counted() == 0


def test_too_many_fields_is_a_400(client, target):
    invitation, _, _ = target
    response = client.post(survey_path(invitation), {f"f{i}": "1" for i in range(1500)})
    assert response.status_code == 400
    assert _answered() == _counted() == 0


@pytest.mark.parametrize("second", ["1", "5", "na"])
def test_a_field_sent_twice_is_refused_and_nothing_is_stored(client, target, second):
    invitation, items, _ = target
    body = "&".join(
        f"{k}={v}" for k, v in full_answer(invitation.assessment.cycle.instrument).items()
    )
    body += f"&{item_field_name(items[0])}={second}"  # full_answer already sent 4
    response = client.post(
        survey_path(invitation), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "sent some answers twice" in response.content.decode()
    assert _answered() == 0


def test_two_values_for_one_comment_are_refused(client, target):
    invitation, _, questions = target
    body = "&".join(
        f"{k}={v}" for k, v in full_answer(invitation.assessment.cycle.instrument).items()
    )
    body += f"&{question_field_name(questions[0])}=second+thoughts"
    response = client.post(
        survey_path(invitation), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert _answered() == 0


def test_a_comment_at_the_limit_with_line_breaks_is_accepted(client, target, settings):
    """The browser's maxlength counts a line break once; it arrives as CRLF."""
    invitation, _, questions = target
    limit = settings.FEEDBACK["COMMENT_MAX_CHARS"]
    text = ("x" * 9 + "\r\n") * (limit // 10)  # `limit` characters as the browser counts
    assert len(text.replace("\r\n", "\n")) == limit
    data = full_answer(invitation.assessment.cycle.instrument)
    data[question_field_name(questions[0])] = text
    response = client.post(survey_path(invitation), data)
    assert response.status_code == 302
    assert _answered() == 1


@pytest.mark.parametrize("charset", ["latin-1", "utf-16", "iso-8859-15", "no-such-charset"])
@pytest.mark.parametrize("path", ["/signin/", "/admin/login/", "/s/{token}/", "/healthz"])
def test_a_form_in_another_charset_is_a_400_page_not_a_500(target, charset, path):
    """With a CSRF cookie and token present, Django reads the body inside its CSRF
    check, refuses the charset, and its own 400 page would then fail again."""
    from django.test import Client

    invitation, _, _ = target
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    token = "a" * 32
    client.cookies["csrftoken"] = token
    url = path.format(token=survey_path(invitation).split("/")[2])
    response = client.generic(
        "POST",
        url,
        f"csrfmiddlewaretoken={token}&username=x&b=%E9".encode(),
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
        HTTP_ORIGIN="http://testserver",
    )
    assert response.status_code == 400
    assert "could not be understood" in response.content.decode()
    assert _answered() == 0


@pytest.mark.parametrize("method", ["put", "patch", "delete", "options"])
def test_other_methods_are_refused(client, target, method):
    invitation, _, _ = target
    assert getattr(client, method)(survey_path(invitation)).status_code == 405


def test_a_file_upload_is_refused(client, target):
    from django.core.files.uploadedfile import SimpleUploadedFile

    invitation, _, _ = target
    data = {
        **full_answer(invitation.assessment.cycle.instrument),
        "attachment": SimpleUploadedFile("a.txt", b"x"),
    }
    response = client.post(survey_path(invitation), data)
    assert response.status_code == 400
    assert _answered() == _counted() == 0
    record("input", "hypothesis: 200 random forms, 100 random bodies, 100 random tokens; no 500")
