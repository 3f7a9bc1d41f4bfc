"""Helpers for the cycle tests (surveys, hr, portal): a draft with its rater
groups, a launch, the e-mails it sends, answers, and pages as HR reads them."""

from __future__ import annotations

import html as html_lib
import re
from html.parser import HTMLParser

from django.core import mail
from django.utils.html import strip_tags

from surveys import lifecycle, mail_queue, rosters
from surveys.answering import response_submit
from surveys.groups import Relationship
from surveys.models import Cycle, Invitation, Item, Nomination, Person
from tests.factories import CycleFactory


def text(response) -> str:
    """A page's words as a person reads them: no tags, single spaces."""
    content = CELL_END.sub(" ", response.content.decode())
    return " ".join(html_lib.unescape(strip_tags(content)).split())


# Where a browser would start a new cell, line or block, whatever the markup.
CELL_END = re.compile(r"</(td|th|li|p|div|tr|h\d)>|<br\s*/?>", re.IGNORECASE)


def draft(managers: list[Person], **fields) -> Cycle:
    cycle = CycleFactory(**fields)
    rosters.cycle_add_managers(cycle=cycle, managers=managers)
    return cycle


def nominate(
    cycle: Cycle,
    manager: Person,
    raters: list[Person],
    relationship: str,
    *,
    status: str = Nomination.Status.APPROVED,
    source: str = Nomination.Source.HR,
) -> None:
    rosters.nominations_set(
        assessment=cycle.assessments.select_related("cycle").get(manager=manager),
        raters=[(r, relationship) for r in raters],
        source=source,
        status=status,
    )


def launch(cycle: Cycle, **options) -> lifecycle.LaunchResult:
    result = lifecycle.cycle_launch(cycle_id=cycle.pk, **options)
    cycle.refresh_from_db()
    return result


def send_invitations(cycle: Cycle) -> int:
    """What the worker does after a launch (tasks run in-process in tests)."""
    return mail_queue.invitations_queue(cycle_id=cycle.pk)


def invited(cycle: Cycle) -> set[tuple[str, str, str]]:
    """(manager name, rater name, relationship) of every invitation."""
    return set(
        Invitation.objects.filter(assessment__cycle=cycle).values_list(
            "assessment__manager__name", "rater__name", "relationship"
        )
    )


def answer(invitation: Invitation, value: int = 4) -> None:
    """Submit a full set of answers for one invitation, as the survey page does."""
    invitation = Invitation.objects.select_related("assessment__cycle").get(pk=invitation.pk)
    items = Item.objects.filter(dimension__instrument=invitation.assessment.cycle.instrument_id)
    response_submit(invitation=invitation, answers={item.id: value for item in items}, comments={})


def invitation_of(cycle: Cycle, rater: Person, manager: Person) -> Invitation:
    return Invitation.objects.get(assessment__cycle=cycle, rater=rater, assessment__manager=manager)


def mails_to(person: Person) -> list:
    return [m for m in mail.outbox if m.to == [person.email]]


def html(message) -> str:
    return message.alternatives[0].content


SELF, TEAM, PEER, BOSS, OTHER = (
    Relationship.SELF,
    Relationship.TEAM,
    Relationship.PEER,
    Relationship.BOSS,
    Relationship.OTHER,
)


def peer_of_two(**fields):
    """Ann and Bob with three reps each, and Pia, a manager with three reps of
    her own, nominated as a peer of both. Launched; nothing e-mailed yet.
    Returns (cycle, ann, bob, pia)."""
    from tests.factories import PersonFactory, team

    ann, _ = team(3, manager=PersonFactory(name="Ann Able"))
    bob, _ = team(3, manager=PersonFactory(name="Bob Brand"))
    pia, _ = team(3, manager=PersonFactory(name="Pia Peer"))
    cycle = draft([ann, bob, pia], ask_peers=True, **{"name": "Spring 360", **fields})
    nominate(cycle, ann, [pia], PEER)
    nominate(cycle, bob, [pia], PEER)
    launch(cycle)
    return cycle, ann, bob, pia


class _FormReader(HTMLParser):
    """The values a browser would submit from each <form method=post> of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, list[str]]] = []
        self.data: dict[str, list[str]] = {}
        self.in_form = False
        self.select: str | None = None
        self.textarea: str | None = None
        self.options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self.in_form, self.data = True, {}
            self.forms.append(self.data)
        if not self.in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button", "file", "image"):
                return
            self.data.setdefault(name, []).append(
                a.get("value") or ("on" if kind == "checkbox" else "")
            )
        elif tag == "select" and name:
            self.select, self.options = name, []
        elif tag == "option" and self.select:
            self.options.append((a.get("value", ""), "selected" in a))
        elif tag == "textarea" and name:
            self.textarea = name
            self.data.setdefault(name, []).append("")

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea:
            value = self.data[self.textarea][-1]
            # as browsers do, a line break right after <textarea> is not content
            self.data[self.textarea][-1] = value[1:] if value.startswith("\n") else value
            self.textarea = None
        elif tag == "select" and self.select:
            chosen = [v for v, selected in self.options if selected]
            self.data[self.select] = chosen
            self.select = None
        elif tag == "form":
            self.in_form = False


def form_data(response, **changes) -> dict[str, list[str] | str]:
    """The page's main form (the one with the most fields: not the sign-out
    button's) as a browser would send it, with `changes` typed in."""
    reader = _FormReader()
    reader.feed(response.content.decode())
    return {**max(reader.forms, key=len), **changes}
