"""What a step will do, shown before HR confirms it: who will get no team
view, who is asked twice, which nominations wait, who a reminder will reach
and who not (and when they can), what each manager will receive on release."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib import messages
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from reports import selectors as report_selectors
from reports.results import ALL, SELF
from surveys import lifecycle, reminders, rosters, selectors
from surveys.groups import Relationship
from surveys.mail_queue import RemindNow
from surveys.models import Cycle, Person
from surveys.translations import describe_missing, missing_translations

from .admin_text import counted, local_datetime

GROUP_NAMES = {
    Relationship.SELF: _("Self"),
    Relationship.TEAM: _("Direct reports"),
    Relationship.PEER: _("Peers"),
    Relationship.BOSS: _("Manager's manager"),
    Relationship.OTHER: _("Others"),
    ALL: _("All raters"),
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
            shown = gettext("%(group)s: %(answered)s of %(asked)s answered, shown")
            withheld = gettext("%(group)s: %(answered)s of %(asked)s answered, withheld")
            details.append(
                (shown if g.shown else withheld)
                % {"group": group_name(g.key), "answered": g.responses, "asked": g.invited}
            )
        if not r.self_done:
            details.append(gettext("no self-assessment: no blind spots or hidden strengths"))
        if not r.any_view:
            receives = gettext("a short report saying why there are no scores from others")
        elif r.team and not r.team.shown:
            receives = gettext("a report without their direct reports' view")
        else:
            receives = gettext("a full report")
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


def reminder_messages(cycle: Cycle, sent: RemindNow, *, show_people: bool = True):
    """After "Send reminders now": how many went out, and why the others did not.
    `sent.outlook` only counts what the person asking may see; when they are rated
    in this cycle the count of people e-mailed is left out, since it would include
    their own team (DESIGN §8)."""
    o = sent.outlook
    surveys = counted(
        ngettext("%(count)s unanswered survey", "%(count)s unanswered surveys", o.eligible),
        o.eligible,
    )
    notes = []
    if show_people and sent.people:
        people = counted(ngettext("%(count)s person", "%(count)s people", sent.people), sent.people)
        on_way = gettext("“%(cycle)s”: reminders are on their way to %(people)s about %(surveys)s.")
        notes.append(
            (messages.SUCCESS, on_way % {"cycle": cycle.name, "people": people, "surveys": surveys})
        )
    elif not show_people and o.eligible:
        on_way = gettext("“%(cycle)s”: reminders are on their way about %(surveys)s.")
        notes.append((messages.SUCCESS, on_way % {"cycle": cycle.name, "surveys": surveys}))
    else:
        nobody = gettext("“%(cycle)s”: nobody can be reminded right now.")
        notes.append((messages.INFO, nobody % {"cycle": cycle.name}))
    reasons = []
    if o.too_soon:
        when = (
            gettext(" (from %(when)s)") % {"when": local_datetime(o.soonest)} if o.soonest else ""
        )
        reasons.append(
            counted(
                ngettext(
                    "%(count)s was e-mailed in the last hour",
                    "%(count)s were e-mailed in the last hour",
                    o.too_soon,
                ),
                o.too_soon,
            )
            + when
        )
    if o.capped:
        reasons.append(
            ngettext(
                "%(count)s has had the %(most)s reminders this cycle allows",
                "%(count)s have had the %(most)s reminders this cycle allows",
                o.capped,
            )
            % {"count": f"{o.capped:,}", "most": cycle.max_reminders}
        )
    if o.failed:
        reasons.append(
            counted(
                ngettext(
                    "%(count)s has an address that refuses mail",
                    "%(count)s have an address that refuses mail",
                    o.failed,
                ),
                o.failed,
            )
        )
    if o.not_sent:
        reasons.append(
            counted(
                ngettext(
                    "%(count)s has not been sent the invitation yet",
                    "%(count)s have not been sent their invitation yet",
                    o.not_sent,
                ),
                o.not_sent,
            )
        )
    if reasons:
        notes.append(
            (messages.INFO, gettext("Not reminded: %(reasons)s.") % {"reasons": "; ".join(reasons)})
        )
    return notes
