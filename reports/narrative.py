"""The words of a report: the sentences both the PDF and the web page print, in
the reader's language, made from frozen results. One home for them, so the two
renderers say exactly the same thing."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .results import (
    AGREE,
    ALL,
    BLIND_SPOT,
    BOSS,
    CHANGE_HIDDEN,
    FALL,
    HIDDEN_STRENGTH,
    NO_CLEAR_CHANGE,
    OTHER,
    PEER,
    RISE,
    SELF,
    SPLIT,
    TEAM,
    TOO_FEW,
    AssessmentResult,
    DimensionResult,
    Gap,
    GroupSummary,
    Trend,
)
from .scoring import one_decimal

MISSING = "—"


# --- Numbers as printed ------------------------------------------------------------


def one(value: float | None) -> str:
    """One decimal, halves rounded away from zero as readers expect (3.25 -> 3.3),
    written as the reader's language writes numbers (3.3, 3,3)."""
    if value is None:
        return MISSING
    rounded = one_decimal(value)
    return formats.number_format(abs(rounded) if rounded == 0 else rounded, decimal_pos=1)


def signed(value: float | None) -> str:
    if value is None:
        return MISSING
    rounded = Decimal(repr(value)).quantize(Decimal("0.1"))
    text = formats.number_format(abs(rounded), decimal_pos=1)
    if rounded == 0:
        return text
    return f"+{text}" if rounded > 0 else f"\u2212{text}"


# --- Groups --------------------------------------------------------------------------


def group_label(key: str) -> str:
    """A group as the manager reads it."""
    return {
        SELF: _("You"),
        TEAM: _("Direct reports"),
        PEER: _("Peers"),
        BOSS: _("Your manager"),
        OTHER: _("Others"),
        ALL: _("All raters"),
    }[key]


def group_phrase(key: str) -> str:
    """A group inside a sentence: "your direct reports rated …"."""
    return {
        TEAM: _("your direct reports"),
        PEER: _("your peers"),
        BOSS: _("your manager"),
        OTHER: _("others"),
        ALL: _("all your raters"),
        SELF: _("you"),
    }[key]


def group_subject(key: str) -> str:
    """A group opening a sentence: "Your direct reports place you …". Its own
    message, because a language's capitals are not the first letter's."""
    return {
        TEAM: _("Your direct reports"),
        PEER: _("Your peers"),
        BOSS: _("Your manager"),
        OTHER: _("Others"),
        ALL: _("All your raters"),
        SELF: _("You"),
    }[key]


def participation(group: GroupSummary) -> str:
    if group.key == SELF:
        return _("Self-assessment: done") if group.responses else _("Self-assessment: not done")
    if group.key == BOSS:
        if group.responses:
            return _("Your manager (%(name)s): answered") % {"name": group.named or "—"}
        return _("Your manager: did not answer")
    return _("%(label)s: %(answered)s of %(asked)s answered") % {
        "label": group_label(group.key),
        "answered": group.responses,
        "asked": group.invited,
    }


def withheld_reason(group: GroupSummary) -> str:
    """Why a group's view is missing, said plainly."""
    if group.invited == 0:
        return _("%(label)s: nobody was asked.") % {"label": group_label(group.key)}
    if group.responses == 0:
        return _("%(label)s: nobody answered.") % {"label": group_label(group.key)}
    return ngettext(
        "%(label)s: only %(count)s answered; at least %(needed)s are needed before "
        "anything they said is shown, so that no answer can be traced to one person.",
        "%(label)s: only %(count)s answered; at least %(needed)s are needed before "
        "anything they said is shown, so that no answer can be traced to one person.",
        group.responses,
    ) % {"label": group_label(group.key), "count": group.responses, "needed": group.threshold}


# --- Gaps ----------------------------------------------------------------------------


def gap_sentence(d: DimensionResult, gap: Gap) -> str:
    """The gap in counts, never in analyst's terms."""
    who = group_phrase(gap.group)
    values = {"who": who, "n": gap.n, "lower": gap.lower, "higher": gap.higher}
    if gap.group == BOSS:
        if gap.value > 0:
            return _("Your manager rated you lower than you rated yourself.")
        if gap.value < 0:
            return _("Your manager rated you higher than you rated yourself.")
        return _("Your manager rated you as you rated yourself.")
    if gap.verdict == BLIND_SPOT:
        return (
            ngettext(
                "%(lower)s of %(n)s of %(who)s rated you lower than you rated yourself.",
                "%(lower)s of %(n)s of %(who)s rated you lower than you rated yourself.",
                gap.n,
            )
            % values
        )
    if gap.verdict == HIDDEN_STRENGTH:
        return (
            ngettext(
                "%(higher)s of %(n)s of %(who)s rated you higher than you rated yourself.",
                "%(higher)s of %(n)s of %(who)s rated you higher than you rated yourself.",
                gap.n,
            )
            % values
        )
    if gap.verdict == SPLIT:
        return (
            _(
                "The averages differ, but %(who)s are divided: %(lower)s rated you lower than "
                "you did and %(higher)s higher."
            )
            % values
        )
    if gap.verdict == TOO_FEW:
        return (
            _(
                "The averages differ, but with %(n)s answers that is too few to tell a real "
                "difference from chance."
            )
            % values
        )
    return _("You and %(who)s see this about the same.") % values


def by_dimension(pairs: list[list[str]]) -> list[tuple[str, list[str]]]:
    """(dimension, group) pairs, largest first, gathered per dimension."""
    grouped: dict[str, list[str]] = {}
    for key, group in pairs:
        grouped.setdefault(key, []).append(group)
    return list(grouped.items())


def verdict_label(gap: Gap) -> str:
    return {
        BLIND_SPOT: _("blind spot"),
        HIDDEN_STRENGTH: _("hidden strength"),
        SPLIT: _("divided"),
        TOO_FEW: _("too few to tell"),
        AGREE: _("about the same"),
    }[gap.verdict]


def both_ways(result: AssessmentResult, key: str) -> str:
    """A strength and a blind spot at once."""
    if key in result.strengths and any(k == key for k, _group in result.blind_spots):
        return _("Others rate this highly, and you rate it higher still.")
    return ""


# --- Trends --------------------------------------------------------------------------


def trend_sentence(trend: Trend) -> str:
    if trend.verdict == CHANGE_HIDDEN:
        return _(
            "Not shown: the people who answered changed by too few for the change to be "
            "anyone's but theirs."
        )
    values = {
        "before": one(trend.previous),
        "now": one(trend.current),
        "change": signed(trend.change),
    }
    if trend.verdict == RISE:
        return _("Up from %(before)s to %(now)s (%(change)s).") % values
    if trend.verdict == FALL:
        return _("Down from %(before)s to %(now)s (%(change)s).") % values
    return _("%(before)s then, %(now)s now: no clear change.") % values


def trend_label(trend: Trend) -> str:
    return {
        RISE: _("clearly up"),
        FALL: _("clearly down"),
        NO_CLEAR_CHANGE: _("no clear change"),
        CHANGE_HIDDEN: _("not shown"),
    }[trend.verdict]


def quartile_label(quartile: int | None) -> str:
    if not quartile:
        return MISSING
    return {
        1: _("bottom quarter"),
        2: _("second quarter"),
        3: _("third quarter"),
        4: _("top quarter"),
    }[quartile]


# --- Page one ------------------------------------------------------------------------


def place(mean: float) -> str:
    if mean < 2.5:
        return _("nearer managing than leading")
    if mean <= 3.5:
        return _("between managing and leading")
    return _("towards leading")


def headline(result: AssessmentResult) -> str:
    """One sentence: where the main view places the manager, and the gaps."""
    main = result.main_group
    if main is None:
        if result.self_done:
            return _(
                "Too few people answered to show how others see you; this report shows "
                "your self-assessment only."
            )
        return _("Too few people answered to show any view, and there is no self-assessment.")
    scored = [d.views[main].mean for d in result.dimensions if d.view(main)]
    overall = sum(scored) / len(scored) if scored else 3.0
    leading = sum(1 for v in scored if v > 3.5)
    if main == BOSS:  # one person: the verb agrees
        sentence = ngettext(
            "Your manager places you %(where)s overall, with %(count)s of %(total)s dimension "
            "towards leading.",
            "Your manager places you %(where)s overall, with %(count)s of %(total)s dimensions "
            "towards leading.",
            len(scored),
        )
    else:
        sentence = ngettext(
            "%(who)s place you %(where)s overall, with %(count)s of %(total)s dimension "
            "towards leading.",
            "%(who)s place you %(where)s overall, with %(count)s of %(total)s dimensions "
            "towards leading.",
            len(scored),
        )
    text = sentence % {
        "who": group_subject(main),
        "where": place(overall),
        "count": leading,
        "total": len(scored),
    }
    if not result.self_done:
        return text
    blind = len({k for k, _group in result.blind_spots})
    if blind:
        text += " " + ngettext(
            "You rate yourself clearly higher than others do on %(count)s dimension.",
            "You rate yourself clearly higher than others do on %(count)s dimensions.",
            blind,
        ) % {"count": blind}
    else:
        text += " " + _(
            "No clear blind spot: where you rate yourself higher, others are divided or few."
        )
    return text


@dataclass
class Highlight:
    title: str
    dimension: str  # its name, or "" when there is none
    body: str
    action: str = ""


def three_things(result: AssessmentResult) -> list[Highlight]:
    main = result.main_group
    things = []
    # The clearest strength: the main view's highest dimension.
    if main and result.strengths:
        d = result.dimension(result.strengths[0])
        things.append(
            Highlight(
                _("Clearest strength"),
                d.name,
                (
                    _("Your manager rates you %(score)s of 5: %(pole)s.")
                    if main == BOSS
                    else _("%(who)s rate you %(score)s of 5: %(pole)s.")
                )
                % {"who": group_subject(main), "score": one(d.views[main].mean),
                   "pole": d.lead_pole},
            )
        )  # fmt: skip
    else:
        things.append(
            Highlight(_("Clearest strength"), "", _("Too few answers to name a strength."))
        )
    # The clearest blind spot.
    if not result.self_done:
        things.append(
            Highlight(
                _("Clearest blind spot"),
                "",
                _("Blind spots need your self-assessment, which was not done this time."),
            )
        )
    elif result.blind_spots:
        key, group = result.blind_spots[0]
        d = result.dimension(key)
        gap = d.gaps[group]
        things.append(
            Highlight(
                _("Clearest blind spot"),
                d.name,
                _("You %(self)s, %(who)s %(them)s. %(counts)s")
                % {"self": one(d.self_score), "who": group_phrase(group),
                   "them": one(d.views[group].mean), "counts": gap_sentence(d, gap)},
            )
        )  # fmt: skip
    else:
        things.append(
            Highlight(
                _("Clearest blind spot"),
                "",
                _("None is clear: nowhere do most of a group rate you clearly lower than you do."),
            )
        )
    # One suggested focus, with its first action.
    if result.focus:
        d = result.dimension(result.focus)
        why = (
            _("Where others see you lower than you see yourself.")
            if any(k == d.key for k, _group in result.blind_spots)
            else _("The lowest of your scores.")
        )
        things.append(
            Highlight(_("Suggested focus"), d.name, why, d.first_action or d.development_tip)
        )
    else:
        things.append(Highlight(_("Suggested focus"), "", _("There are no scores to start from.")))
    return things
