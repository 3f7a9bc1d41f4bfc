"""Attacks on anonymity: nobody may learn who said what, from any side.

Each test plays one attacker: a manager with too few raters, a manager
guessing report ids, HR in the admin, somebody reading the raw tables (their
schema, their transaction ids, the order of the comments), somebody polling
`pg_stat_activity` while people answer, somebody reading the logs, somebody
comparing two downloads.
"""

from __future__ import annotations

import io
import json
import logging
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from itertools import combinations
from statistics import mean

import pytest
from django.apps import apps
from django.core import mail
from django.db import connection
from pypdf import PdfReader

from reports.models import Report
from reports.release import cycle_release
from surveys import lifecycle
from surveys.accounts import person_user_ensure
from surveys.answering import response_submit
from surveys.forms import item_field_name
from surveys.models import (
    CommentSet,
    DimensionTally,
    Invitation,
    Item,
    ItemTally,
    OpenQuestion,
    Person,
)
from tests.helpers import full_answer, launched_cycle, survey_path
from tests.reliability.conftest import Browser
from tests.reliability.figures import record

pytestmark = pytest.mark.django_db

TALLIES = (ItemTally, DimensionTally, CommentSet)


def pdf_text(content: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


def team_of(cycle, manager):
    return Invitation.objects.filter(
        assessment__cycle=cycle, assessment__manager=manager, relationship="team"
    ).order_by("rater__email")


def answer_team(client, instrument, cycle, manager, *, count, value, comment):
    for invitation in team_of(cycle, manager)[:count]:
        data = full_answer(instrument, value=value, comments=(comment, comment))
        assert client.post(survey_path(invitation), data).status_code == 302


def article(client, report) -> str:
    """The report as the web page shows it, without the page around it."""
    page = client.get(f"/reports/{report.pk}/").content.decode()
    return page[page.index("<article") : page.index("</article>")].replace(str(report.pk), "ID")


def release(cycle, captured):
    lifecycle.cycle_close(cycle_id=cycle.pk)
    with captured(execute=True):
        cycle_release(cycle_id=cycle.pk)


# --- What a manager can learn ---------------------------------------------------------------


def test_two_team_answers_teach_the_manager_nothing(
    client, instrument, django_capture_on_commit_callbacks
):
    """k = 3: two managers of the same name, each with two team answers at the
    opposite ends of the scale and different comments, receive word-for-word
    the same report, web page and e-mail. Nothing in them depends on what the
    two said."""
    cycle, [(low, _), (high, _)] = launched_cycle(team_size=5, managers=2)
    for manager in (low, high):
        manager.name = "Manager Same"
        manager.save()
        own = Invitation.objects.get(assessment__cycle=cycle, rater=manager)
        assert client.post(survey_path(own), full_answer(instrument, value=4)).status_code == 302
    answer_team(client, instrument, cycle, low, count=2, value=1, comment="Tell-tale remark")
    answer_team(client, instrument, cycle, high, count=2, value=5, comment="Other remark")
    mail.outbox.clear()
    release(cycle, django_capture_on_commit_callbacks)

    texts, pages = {}, {}
    for manager in (low, high):
        report = Report.objects.get(assessment__manager=manager)
        texts[manager.pk] = pdf_text(bytes(report.pdf))
        client.force_login(person_user_ensure(person=manager))
        pages[manager.pk] = article(client, report)
    assert "Tell-tale remark" not in texts[low.pk] + pages[low.pk]
    assert "2 of 5" in texts[low.pk]  # how many answered is said…
    assert texts[low.pk] == texts[high.pk]  # …and nothing else about them
    assert pages[low.pk] == pages[high.pk]

    bodies = sorted(m.body.replace(m.to[0], "") for m in mail.outbox)
    assert len(bodies) == 2
    bodies = [re.sub(r"/reports/[0-9a-f-]+/", "/reports/ID/", b) for b in bodies]
    assert bodies[0] == bodies[1]  # the release e-mails are the same too


def test_managers_cannot_reach_other_reports_by_guessing(
    client, instrument, django_capture_on_commit_callbacks
):
    cycle, teams = launched_cycle(team_size=3, managers=3)
    for manager, _ in teams:
        answer_team(client, instrument, cycle, manager, count=3, value=4, comment="x")
    release(cycle, django_capture_on_commit_callbacks)
    me = teams[0][0]
    client.force_login(person_user_ensure(person=me))
    for report in Report.objects.all():
        mine = report.assessment is not None and report.assessment.manager == me
        for suffix in ("", "pdf"):
            status = client.get(f"/reports/{report.pk}/{suffix}").status_code
            assert status == (200 if mine else 404), (report, suffix)
    for guess in ("1", "../1", "%2e%2e/", "00000000-0000-0000-0000-000000000001"):
        assert client.get(f"/reports/{guess}/pdf").status_code == 404
        assert client.get(f"/reports/{guess}/").status_code == 404


# --- What HR can learn in the admin --------------------------------------------------------


def test_hr_reading_the_admin_cannot_tie_a_rating_to_a_person(hr_client, client, instrument):
    cycle, [(manager, reps)] = launched_cycle(team_size=3)
    answer_team(client, instrument, cycle, manager, count=1, value=2, comment="Only-one-said-this")
    who = Invitation.objects.get(completed=True).rater
    page = hr_client.get(f"/admin/surveys/invitation/?assessment__cycle__id__exact={cycle.pk}")
    html = page.content.decode()
    assert who.email in html  # HR may see who answered, for reminders…
    assert "Only-one-said-this" not in html  # …never what
    for model in TALLIES:
        name = model._meta.model_name
        assert hr_client.get(f"/admin/surveys/{name}/").status_code == 404, name


# --- What the raw tables hold ----------------------------------------------------------------


def row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def test_no_table_grows_by_a_row_per_rater(client, instrument):
    """Every table in the database is counted after the first answer and after
    five more: none holds a row per rater. (Invitations and people were written
    at launch, one per person asked; answering adds nothing to them.)"""
    cycle, [(manager, _)] = launched_cycle(team_size=6)
    invitations = list(team_of(cycle, manager))
    data = full_answer(instrument, seed=1, comments=("First", "Second"))
    assert client.post(survey_path(invitations[0]), data).status_code == 302
    after_one = row_counts()
    for number, invitation in enumerate(invitations[1:], start=2):
        data = full_answer(instrument, seed=number, comments=(f"Keep {number}", f"Start {number}"))
        assert client.post(survey_path(invitation), data).status_code == 302
    after_six = row_counts()
    grew = {t: (after_one[t], after_six[t]) for t in after_one if after_one[t] != after_six[t]}
    assert grew == {}, f"these tables grew with the number of raters: {grew}"
    assert Invitation.objects.filter(completed=True).count() == 6


def test_the_tallies_carry_no_time_no_sequence_and_no_link_to_anybody():
    """The schema, as the database describes it: the three tables that hold what
    was answered have no timestamp, no sequence-generated id and no foreign key
    but to the assessment and the instrument."""
    allowed = {"surveys_assessment", "surveys_item", "surveys_dimension", "surveys_openquestion"}
    with connection.cursor() as cursor:
        for model in TALLIES:
            table = model._meta.db_table
            columns = connection.introspection.get_table_description(cursor, table)
            kinds = {
                c.name: connection.introspection.get_field_type(c.type_code, c) for c in columns
            }
            assert not [n for n, k in kinds.items() if "Date" in k or "Time" in k], (table, kinds)
            # The key is what the row counts, nothing more: no surrogate id.
            keys = connection.introspection.get_constraints(cursor, table).values()
            [primary] = [c["columns"] for c in keys if c["primary_key"]]
            assert "id" not in kinds and len(primary) >= 3, (table, primary)
            if connection.vendor == "postgresql":
                assert connection.introspection.get_sequences(cursor, table) == [], table
            relations = connection.introspection.get_relations(cursor, table).values()
            targets = {relation[1] for relation in relations}
            assert targets <= allowed, (table, targets)
    for model in TALLIES:
        fields = {f.name for f in model._meta.get_fields()}
        links = {"invitation", "rater", "person", "created", "created_at", "submitted_at"}
        assert not fields & links, model


def test_answer_sheets_exist_nowhere_in_the_models():
    """No model anywhere has one row per rater with a rating in it: the only
    models that point at a rater are the invitation (who was asked, and a flag)
    and the nomination (who was proposed)."""
    rater_models = {
        model._meta.label
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model in (Person, Invitation)
    }
    # A person's own manager, a manager rated in a cycle, who was asked, who was proposed.
    assert rater_models <= {
        "surveys.Person",
        "surveys.Assessment",
        "surveys.Invitation",
        "surveys.Nomination",
    }
    answer_like = {"value", "answer", "score", "rating", "text", "comment", "points"}
    for label in rater_models:
        names = {f.name for f in apps.get_model(label)._meta.concrete_fields}
        assert not names & answer_like, (label, names & answer_like)


def comment_lists(assessment_id: int, relationship: str = "team") -> dict[int, list[str]]:
    return {
        c.question_id: c.entries
        for c in CommentSet.objects.filter(assessment_id=assessment_id, relationship=relationship)
    }


def inversions(order: list[int]) -> int:
    return sum(1 for a, b in combinations(order, 2) if a > b)


def test_comments_are_not_kept_in_the_order_people_answered(instrument):
    """Thirty raters of one manager answer in turn, rater i writing "c<i>", and
    that four times over (four managers). In a list kept in arrival order every
    pair would be in order (0 inversions of 435); at the front, every pair
    reversed (435). A random order has 217.5 on average, standard deviation
    28: each list must lie within five deviations of that (a false alarm about
    once in three million lists), and the first to answer must not sit at
    either end more than chance allows. The two questions' lists of one group
    are shuffled apart too: the same order in both would pair a person's two
    comments."""
    cycle, teams = launched_cycle(team_size=30, managers=4)
    questions = list(OpenQuestion.objects.filter(instrument=instrument).order_by("position"))
    assert len(questions) == 2
    n = 30
    average, spread = n * (n - 1) / 4, (n * (n - 1) * (2 * n + 5) / 72) ** 0.5
    scores, first_positions, same_places = [], [], []
    for manager, _ in teams:
        invitations = list(team_of(cycle, manager))
        for i, invitation in enumerate(invitations):
            response_submit(
                invitation=invitation,
                answers={},
                comments={questions[0].id: f"c{i}", questions[1].id: f"s{i}"},
            )
        lists = comment_lists(invitations[0].assessment_id)
        keep = [int(text[1:]) for text in lists[questions[0].id]]
        start = [int(text[1:]) for text in lists[questions[1].id]]
        assert sorted(keep) == sorted(start) == list(range(n))
        z = (inversions(keep) - average) / spread
        scores.append(z)
        assert abs(z) < 5, f"comments in arrival order ({inversions(keep)} inversions of 435)"
        first_positions.append(keep.index(0))
        same_places.append(sum(1 for a, b in zip(keep, start, strict=True) if a == b))
    assert abs(mean(scores)) < 5 / 2  # four lists together: the mean has half the spread
    assert not all(p == 0 for p in first_positions) and not all(p == n - 1 for p in first_positions)
    # Two independent shuffles of 30 agree on about one place; 10 has odds below 1e-7.
    assert max(same_places) < 10, same_places
    record(
        "anonymity",
        "comment order, 4 lists of 30 written in turn: inversion z-scores "
        + ", ".join(f"{z:+.1f}" for z in scores)
        + f"; first writer at positions {first_positions}",
    )


def test_a_rater_without_comments_leaves_the_lists_as_they_were(client, instrument):
    cycle, [(manager, _)] = launched_cycle(team_size=3)
    first, second, _ = team_of(cycle, manager)
    client.post(survey_path(first), full_answer(instrument, comments=("Keep A", "Start A")))
    before = comment_lists(first.assessment_id)
    client.post(survey_path(second), full_answer(instrument, comments=("", "")))
    assert comment_lists(first.assessment_id) == before


# --- PostgreSQL's own traces ---------------------------------------------------------------


def xmins(table: str, where: str, params: list) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT xmin::text FROM {table} WHERE {where}", params)  # noqa: S608
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_transaction_ids_only_say_who_answered_last(client, instrument):
    """PostgreSQL stamps each row with the id of the transaction that wrote it
    (xmin). Every submission rewrites all of its group's tally rows and comment
    lists, so after four answers they all carry the fourth one's id: the same
    as the fourth invitation's, and none of the first three. Pairing by xmin
    says who answered last, which the completed flags say anyway."""
    cycle, [(manager, _)] = launched_cycle(team_size=5)
    invitations = list(team_of(cycle, manager))[:4]
    for number, invitation in enumerate(invitations):
        comments = (f"Keep {number}", "") if number % 2 == 0 else ("", "")  # the last one: none
        data = full_answer(instrument, seed=number, comments=comments)
        assert client.post(survey_path(invitation), data).status_code == 302

    aid = invitations[0].assessment_id
    stamped = {
        invitation.rater.name: xmins("surveys_invitation", "id = %s", [invitation.id])
        for invitation in invitations
    }
    assert all(len(ids) == 1 for ids in stamped.values())
    last = stamped[invitations[-1].rater.name]
    earlier = set.union(*(stamped[i.rater.name] for i in invitations[:-1]))
    assert len(earlier) == 3 and not earlier & last  # each submission its own transaction
    for model in TALLIES:
        where = "assessment_id = %s AND relationship = %s"
        found = xmins(model._meta.db_table, where, [aid, "team"])
        assert found == last, (model.__name__, found, last)
    assert ItemTally.objects.filter(assessment_id=aid).count() == Item.objects.count()


# --- Watching the database while people answer -------------------------------------------

# A value compared with, or listed in, a statement's text: what a client-side
# bound statement shows (`id = '9b1…'`, `item_id IN (3, 7`, `points = 12`).
LITERAL = re.compile(r"(=|\bIN\s*\(|,)\s*('|-?\d)", re.IGNORECASE)
TABLES = ("surveys_itemtally", "surveys_dimensiontally", "surveys_commentset", "surveys_invitation")


class ActivityWatcher:
    """Polls pg_stat_activity from a connection of its own, as anyone with a
    database login could, and keeps every statement it saw on our tables."""

    def __init__(self, dsn: dict):
        import psycopg

        self.connection = psycopg.connect(autocommit=True, **dsn)
        self.seen: set[str] = set()
        self.polls = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with self.connection.cursor() as cursor:
            while not self._stop.is_set():
                cursor.execute(
                    "SELECT query FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
                self.seen.update(q for (q,) in cursor.fetchall() if any(t in q for t in TABLES))
                self.polls += 1

    def __enter__(self) -> ActivityWatcher:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        self.connection.close()


def dsn() -> dict:
    db = connection.settings_dict
    return {
        "dbname": db["NAME"],
        "user": db["USER"],
        "host": db["HOST"] or "127.0.0.1",
        "port": db["PORT"] or 5432,
    }


def leaks(statement: str, secrets: list[str]) -> list[str]:
    found = [s for s in secrets if s in statement]
    found += [m.group(0) for m in LITERAL.finditer(statement)]
    return found


@pytest.mark.needs_postgres
@pytest.mark.needs_redis
@pytest.mark.django_db(transaction=True)
def test_pg_stat_activity_shows_placeholders_never_answers(gunicorn, instrument):
    """40 reps answer at once through gunicorn while another connection polls
    pg_stat_activity (default track_activity_query_size). Every statement on
    the invitations, tallies and comments it catches has `$1`-style
    placeholders: no invitation id, no comment, no answer value (the item ids
    an answer adds to, a dimension score) in its text."""
    cycle, teams = launched_cycle(team_size=10, managers=4)
    invitations = list(Invitation.objects.filter(relationship="team"))
    jobs = []
    for index, invitation in enumerate(invitations):
        url = gunicorn.url + survey_path(invitation)
        browser = Browser()
        token = browser.form_token(url)
        comment = f"Watched-comment-{index:03d}"
        data = full_answer(instrument, seed=index, comments=(comment, ""))
        jobs.append((browser, url, {**data, "csrfmiddlewaretoken": token}))
    secrets = [f"Watched-comment-{i:03d}" for i in range(len(jobs))]
    secrets += [str(i.id) for i in invitations] + [i.id.hex for i in invitations]

    with ActivityWatcher(dsn()) as watcher:
        # The control: a statement whose values are bound into its text the
        # ordinary way, with an invitation id, is seen and flagged.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT completed, pg_sleep(0.3) FROM surveys_invitation WHERE id = %s",
                [invitations[0].id],
            )
        with ThreadPoolExecutor(max_workers=20) as pool:
            statuses = list(pool.map(lambda job: job[0].post(job[1], job[2])[0], jobs))
        time.sleep(0.2)
    assert statuses == [302] * len(jobs)

    control = [q for q in watcher.seen if "pg_sleep" in q]
    assert control and leaks(control[0], secrets), "the watcher would not notice a leak"
    submitted = [q for q in watcher.seen if "pg_sleep" not in q]
    on_tallies = [q for q in submitted if "surveys_itemtally" in q and "UPDATE" in q]
    claims = [q for q in submitted if q.startswith("UPDATE") and "surveys_invitation" in q]
    assert on_tallies and claims, f"saw no submission in {watcher.polls} polls: {submitted}"
    for statement in on_tallies + claims:
        assert "$1" in statement, statement
    comments = [s for s in secrets if s.startswith("Watched")]
    for statement in submitted:
        assert not [c for c in comments if c in statement], statement
        if any(t in statement for t in TABLES[:3]) or statement in claims:
            assert not leaks(statement, secrets), statement
    record(
        "anonymity",
        f"pg_stat_activity polled {watcher.polls} times during 40 submissions: "
        f"{len(submitted)} distinct statements on our tables, none with a value in its text",
    )


# --- Logs ------------------------------------------------------------------------------------


def test_logs_carry_no_ratings_comments_or_tokens(client, instrument, caplog, settings):
    caplog.set_level(logging.DEBUG)
    cycle, [(manager, _)] = launched_cycle(team_size=3)
    invitation = team_of(cycle, manager).first()
    path = survey_path(invitation)
    data = full_answer(instrument, value=5, comments=("Secret-comment-42", ""))
    client.post(path, {**data, item_field_name(Item.objects.first().id): "9"})  # refused: 400
    client.post(path, data)
    client.post(path, full_answer(instrument))  # "already answered", with the token in the URL
    client.get(path[:-3] + "x/")  # a tampered link: logged as a 404
    token = path.split("/")[2]
    cut = len(token) // 2
    client.get(f"/s/{token[:cut]}%2F{token[cut:]}/")  # split by an encoded slash
    client.get(f"/s/{token[:cut]}%2f{token[cut:]}x/")
    # What the configured console handler writes, after its filters.
    console = next(h for h in logging.getLogger().handlers if h.filters)
    ours = ("surveys", "reports", "portal", "hr", "feedback360", "django", "celery")
    written = [r for r in caplog.records if r.name.startswith(ours) and console.filter(r)]
    logged = "\n".join(console.format(r) for r in written)
    assert "/s/[redacted]/" in logged
    assert "event=response_recorded" in logged  # the submission was logged…
    assert "Secret-comment-42" not in logged  # …without its comment,
    assert "item_" not in logged and "comment_" not in logged  # its answers
    assert "manager=" not in logged  # or its manager,
    for piece in (token[:cut], token[cut:], token[cut:][:12], token[:12]):  # or any part of
        assert piece not in logged, piece  # the token
    rater = invitation.rater
    assert rater.email not in logged and rater.name not in logged


# --- Released results never change ---------------------------------------------------------


def test_two_downloads_of_a_released_report_are_identical(
    client, instrument, django_capture_on_commit_callbacks
):
    cycle, [(manager, _)] = launched_cycle(team_size=4)
    answer_team(client, instrument, cycle, manager, count=4, value=3, comment="same")
    release(cycle, django_capture_on_commit_callbacks)
    report = Report.objects.get(assessment__manager=manager)
    client.force_login(person_user_ensure(person=manager))
    first = client.get(f"/reports/{report.pk}/pdf").content
    page = article(client, report)
    # Whatever happens to the tallies later (a bug, a re-opened cycle), the
    # report is drawn from its frozen results: the same PDF, the same page.
    ItemTally.objects.update(n1=99)
    CommentSet.objects.update(texts=json.dumps(["Added later"]))
    Report.objects.filter(pk=report.pk).update(pdf=None)
    assert client.get(f"/reports/{report.pk}/pdf").content == first
    assert article(client, report) == page
