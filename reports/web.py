"""The report as a web page: the context the template draws, from the same
frozen results and the same sentences as the PDF (reports/narrative.py), and
the chart as inline SVG with a table behind it."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from . import charts, narrative
from .gap_report import method_sections
from .models import Report
from .narrative import group_label, one
from .results import ALL, BOSS, SELF, AssessmentResult, DimensionResult

HEIGHT = 24
EDGE = 3.0  # per cent of the axis left free at each end, so a mark at 1 or 5 shows whole
SVG = (
    '<svg viewBox="0 0 {} {}" width="{}" height="{}" aria-hidden="true" focusable="false">{}</svg>'
)
# The axis stretches to the column's width, but its marks and numbers keep their
# size: positions are percentages and each mark is a small SVG of its own placed
# there. A scaled drawing made them a few pixels tall on a phone.
AXIS_SVG = '<svg height="{}" class="strip-svg" aria-hidden="true" focusable="false">{}</svg>'


def _x(value: float) -> str:
    """Where `value` (1 to 5) sits on the axis, as a percentage of its width."""
    value = min(max(value, 1.0), 5.0)
    return f"{EDGE + (value - 1) / 4 * (100 - 2 * EDGE):.2f}%"


def mark_shape(group: str) -> SafeString:
    """The group's mark, centred on (0, 0); the same shapes as in the PDF."""
    colour = charts.HEX[group]
    if group == SELF:
        return format_html(
            '<polygon points="0,-6 6,0 0,6 -6,0" fill="none" stroke="{}" stroke-width="2"/>',
            colour,
        )
    if group == "team":
        return format_html('<circle r="4.5" fill="{}" stroke="#fff"/>', colour)
    if group == "peer":
        return format_html(
            '<rect x="-4" y="-4" width="8" height="8" fill="{}" stroke="#fff"/>', colour
        )
    if group == BOSS:
        return format_html('<polygon points="0,-5 5,4 -5,4" fill="{}" stroke="#fff"/>', colour)
    if group == "other":
        return format_html('<polygon points="0,5 5,-4 -5,-4" fill="{}" stroke="#fff"/>', colour)
    return format_html('<circle r="4.2" fill="none" stroke="{}" stroke-width="1.6"/>', colour)


def axis_mark(group: str, value: float) -> SafeString:
    return format_html(
        '<svg x="{}" y="{}" overflow="visible">{}</svg>', _x(value), HEIGHT / 2, mark_shape(group)
    )


def strip_svg(d: DimensionResult, groups: list[str], spread_of: str | None) -> SafeString:
    """One dimension's axis; its figures are in the table below it, so the
    drawing itself is hidden from screen readers."""
    y = HEIGHT / 2
    parts = [
        format_html('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#8A8A8A"/>', _x(1), y, _x(5), y)
    ]
    parts += [
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#8A8A8A"/>', _x(v), y - 4, _x(v), y + 4
        )
        for v in range(1, 6)
    ]
    spread = d.view(spread_of)
    if spread is not None and spread.sd is not None:
        low, high = spread.mean - spread.sd, spread.mean + spread.sd
        width = (min(high, 5.0) - max(low, 1.0)) / 4 * (100 - 2 * EDGE)
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="8" fill="#C9DDEF"/>',
                _x(low), y - 4, f"{max(width, 0.3):.2f}%",
            )
        )  # fmt: skip
    for group in groups:
        stats = d.view(group)
        if stats is not None:
            parts.append(axis_mark(group, stats.mean))
    if d.self_score is not None:
        parts.append(axis_mark(SELF, d.self_score))
    inner = mark_safe("".join(parts))  # noqa: S308 - built from format_html parts
    return format_html(AXIS_SVG, HEIGHT, inner)


def scale_svg() -> SafeString:
    """The numbers 1 to 5 over the axes, at the axes' own positions."""
    labels = mark_safe(  # noqa: S308 - numbers and fixed attributes only
        "".join(
            format_html(
                '<text x="{}" y="17" text-anchor="middle" font-size="13" font-weight="700" '
                'fill="#5A5A5A">{}</text>',
                _x(v),
                v,
            )
            for v in range(1, 6)
        )
    )
    return format_html(AXIS_SVG, HEIGHT, labels)


def legend_svg(group: str) -> SafeString:
    shape = format_html('<g transform="translate(8 8)">{}</g>', mark_shape(group))
    return format_html(SVG, 16, 16, 16, 16, shape)


@dataclass
class Cell:
    text: str
    n: int | None = None


def report_context(report: Report) -> dict:
    result = AssessmentResult.from_dict(report.results)
    with translation.override(result.language):
        return _context(report, result)


def _context(report: Report, r: AssessmentResult) -> dict:
    columns = [g for g in (BOSS, "team", "peer", "other", ALL) if g in r.shown_groups]
    spread = r.main_group if r.main_group not in (BOSS, None) else None
    legend = [(legend_svg(g), group_label(g)) for g in columns]
    if r.self_done:
        legend.append((legend_svg(SELF), _("You")))
    rows = []
    for d in r.dimensions:
        cells = []
        for g in columns:
            stats = d.views.get(g)
            cells.append(Cell(one(stats.mean), stats.n) if stats else Cell(_("too few")))
        rows.append(
            {
                "d": d,
                "self": one(d.self_score),
                "cells": cells,
                "svg": strip_svg(d, columns, spread),
                "norm": narrative.quartile_label(d.norm_quartile) if d.norm_quartile else "",
                "items": [
                    {
                        "item": item,
                        "self": one(item.self_score),
                        "cells": [
                            Cell(one(item.views[g].mean), item.views[g].n)
                            if item.views.get(g)
                            else Cell(_("too few"))
                            for g in columns
                        ],
                    }
                    for item in d.items
                ],
            }
        )
    differences = {
        "blind": [_difference(r, k, g) for k, g in narrative.by_dimension(r.blind_spots)],
        "hidden": [_difference(r, k, g) for k, g in narrative.by_dimension(r.hidden_strengths)],
        "unclear": [
            {"d": d, "gap": gap, "group": group_label(gap.group),
             "signed": narrative.signed(gap.value), "sentence": narrative.gap_sentence(d, gap)}
            for d in r.dimensions
            for gap in d.gaps.values()
            if gap.verdict in ("split", "too_few") and gap.group != BOSS
        ],
    }  # fmt: skip
    trend_groups = [
        g
        for g in (SELF, BOSS, "team", "peer", "other", ALL)
        if any(g in d.trends for d in r.dimensions)
    ]
    trends = [
        {
            "d": d,
            "cells": [
                {
                    "hidden": t.verdict == "hidden",
                    "strong": t.verdict in ("rise", "fall"),
                    "before": one(t.previous),
                    "now": one(t.current),
                    "label": narrative.trend_label(t),
                }
                if (t := d.trends.get(g))
                else None
                for g in trend_groups
            ],
        }
        for d in r.dimensions
        if d.trends
    ]
    comments: dict[str, dict[str, list[str]]] = {}
    for c in r.comments:
        comments.setdefault(group_label(c.group), {}).setdefault(c.question, []).append(c.text)
    own_notes: dict[str, list[str]] = {}
    for c in r.self_comments:
        own_notes.setdefault(c.question, []).append(c.text)
    start = list(dict.fromkeys([k for k in [r.focus, *r.development_areas] if k]))[:3]
    return {
        "report": report,
        "r": r,
        "language": r.language,
        "participation": [narrative.participation(g) for g in r.groups if g.key != ALL],
        "headline": narrative.headline(r),
        "columns": [group_label(g) for g in columns],
        "legend": legend,
        "spread_label": (
            _("%(group)s: where most answers fall") % {"group": group_label(spread)}
            if spread
            else ""
        ),
        "scale": scale_svg(),
        "rows": rows,
        "norms": any(d.norm_quartile for d in r.dimensions),
        "three": narrative.three_things(r),
        "differences": differences,
        "trends": trends,
        "trend_groups": [group_label(g) for g in trend_groups],
        "start": [r.dimension(k) for k in start],
        "comments": comments,
        "own_notes": own_notes,
        "hidden_comments": [
            _("%(label)s: comments appear only when at least %(needed)s answered.")
            % {"label": group_label(g.key), "needed": g.comment_threshold}
            for g in r.groups
            if g.key not in (SELF, ALL) and g.responses and not g.comments_shown
        ],
        "withheld": [narrative.withheld_reason(g) for g in r.groups if g.key not in (SELF, ALL)],
        "method": method_sections(r),
        "gap": one(r.gap_threshold),
    }


def _difference(r: AssessmentResult, key: str, groups: list[str]) -> dict:
    """One dimension and each group that sees it clearly differently."""
    d = r.dimension(key)
    return {
        "d": d,
        "self": one(d.self_score),
        "groups": [
            {
                "label": group_label(group),
                "them": one(d.views[group].mean),
                "signed": narrative.signed(d.gaps[group].value),
                "sentence": narrative.gap_sentence(d, d.gaps[group]),
            }
            for group in groups
        ],
        "both": narrative.both_ways(r, key),
    }
