"""What a step will do, shown before HR confirms it: who will get no team
view, who is asked twice, which nominations wait, who a reminder will reach
and who not (and when they can), what each manager will receive on release."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib import messages
from django.utils import timezone

from reports import selectors as report_selectors
from reports.results import ALL, SELF
from surveys import lifecycle, reminders, rosters, selectors
from surveys.groups import Relationship
from surveys.mail_queue import RemindNow
from surveys.models import Cycle, Person
from surveys.translations import describe_missing, missing_translations

from .admin_text import local_datetime, plural

GROUP_NAMES = {
    Relationship.SELF: "Self",
    Relationship.TEAM: "Direct reports",
    Relationship.PEER: "Peers",
    Relationship.BOSS: "Manager's manager",
    Relationship.OTHER: "Others",
    ALL: "All raters",
}


def group_name(key: str) -> str:
    return GROUP_NAMES[key]


@dataclass
class LaunchPreview:
    managers: int = 0
    invitations: dict[str, int] = field(default_factory=dict)
    below: list[tuple[str, list[str]]] = field(default_factory=list)
    no_boss: list[str] = field(default_factory=list)
    pending: int = 0
    overlaps: list[lifecycle.Overlap] = field(default_factory=list)
    people: int = 0
    untranslated: str = ""


def launch_preview(cycle: Cycle) -> LaunchPreview:
    preview = LaunchPreview()
    assessments = list(cycle.assessments.order_by("id").values_list("id", "manager_id"))
    names = dict(
        Person.objects.filter(pk__in=[m for _, m in assessments]).values_list("id", "name")
    )
    preview.managers = len(assessments)
    entries = list(rosters.roster_snapshot(cycle, assessments))
    sizes: dict[tuple[int, str], int] = defaultdict(int)
    for e in entries:
        sizes[(e.assessment_id, e.relationship)] += 1
        group = group_name(e.relationship)
        preview.invitations[group] = preview.invitations.get(group, 0) + 1
    preview.people = len({e.rater_id for e in entries})
    for group in cycle.groups:
        if group in (Relationship.SELF, Relationship.BOSS):
            continue
        short = sorted(
            names[m] for aid, m in assessments if sizes[(aid, group)] < cycle.threshold(group)
        )
        if short:
            preview.below.append((group_name(group), short))
    if cycle.ask_boss:
        preview.no_boss = sorted(
            names[m] for aid, m in assessments if not sizes[(aid, Relationship.BOSS)]
        )
    preview.pending = rosters.nominations_pending(cycle)
    preview.overlaps = lifecycle.launch_overlaps(cycle, entries)
    missing = missing_translations(
        cycle.instrument, lifecycle.people_languages({e.rater_id for e in entries})
    )
    preview.untranslated = describe_missing(missing) if missing else ""
    return preview


@dataclass
class ReleaseLine:
    manager: str
    receives: str
    details: list[str]


def release_preview(cycle: Cycle, *, viewer=None) -> list[ReleaseLine]:
    """Scored now exactly as release will score it, nothing stored; nothing
    about an assessment that rates the viewer (selectors.rated_viewer)."""
    results = report_selectors.score_cycle(cycle)
    hidden = set(
        cycle.assessments.filter(selectors.rated_viewer(viewer)).values_list("id", flat=True)
    )
    shown = [r for aid, r in results.items() if aid not in hidden]
    lines = []
    for r in sorted(shown, key=lambda r: r.manager_name.casefold()):
        details = []
        for g in r.groups:
            if g.key in (SELF, ALL):
                continue
            state = "shown" if g.shown else "withheld"
            details.append(f"{group_name(g.key)}: {g.responses} of {g.invited} answered, {state}")
        if not r.self_done:
            details.append("no self-assessment: no blind spots or hidden strengths")
        if not r.any_view:
            receives = "a short report saying why there are no scores from others"
        elif r.team and not r.team.shown:
            receives = "a report without their direct reports' view"
        else:
            receives = "a full report"
        lines.append(ReleaseLine(r.manager_name, receives, details))
    return lines


def preview(cycle: Cycle, name: str, *, viewer) -> dict:
    now = timezone.now()
    if name == "launch" and cycle.status == Cycle.Status.DRAFT:
        return {"launch": launch_preview(cycle)}
    if name == "remind" and cycle.status == Cycle.Status.OPEN:
        outlook = reminders.reminder_outlook(cycle, now, selectors.invitations_visible_to(viewer))
        return {"remind": outlook, "next_reminder": reminders.next_slot_time(cycle, now)}
    if name == "close" and cycle.status == Cycle.Status.OPEN:
        return {
            "close": selectors.cycle_response_rate(cycle, viewer=viewer),
            "early": now < cycle.closes_at,
            "deadline": local_datetime(cycle.closes_at),
        }
    if name == "release" and cycle.status == Cycle.Status.CLOSED:
        return {"release": release_preview(cycle, viewer=viewer)}
    return {}


def reminder_messages(cycle: Cycle, sent: RemindNow) -> list[tuple[int, str]]:
    """After "Send reminders now": how many went out, and why the others did not."""
    o = sent.outlook
    notes = []
    if sent.people:
        notes.append(
            (
                messages.SUCCESS,
                f"“{cycle.name}”: reminders are on their way to "
                f"{plural(sent.people, 'person', 'people')} about "
                f"{plural(o.eligible, 'unanswered survey')}.",
            )
        )
    else:
        notes.append((messages.INFO, f"“{cycle.name}”: nobody can be reminded right now."))
    reasons = []
    if o.too_soon:
        when = f" (from {local_datetime(o.soonest)})" if o.soonest else ""
        reasons.append(f"{o.too_soon} were e-mailed in the last hour{when}")
    if o.capped:
        reasons.append(f"{o.capped} have had the {cycle.max_reminders} reminders this cycle allows")
    if o.failed:
        reasons.append(f"{o.failed} have an address that refuses mail")
    if o.not_sent:
        reasons.append(f"{o.not_sent} have not been sent their invitation yet")
    if reasons:
        notes.append((messages.INFO, "Not reminded: " + "; ".join(reasons) + "."))
    return notes
