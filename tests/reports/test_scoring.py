"""Golden scoring tests: hand-computed numbers, no database (DESIGN §2).

Answers are written as sheets here, for the reader, and turned into the
tallies the database keeps (tests/reports/sheets.py) before scoring."""

from __future__ import annotations

import json
import random
from fractions import Fraction
from pathlib import Path
from statistics import fmean, stdev

import pytest

from reports.results import (
    AGREE,
    ALL,
    BLIND_SPOT,
    BOSS,
    HIDDEN_STRENGTH,
    OTHER,
    PEER,
    SELF,
    SPLIT,
    TEAM,
    TOO_FEW,
    AssessmentResult,
    CommentEntry,
)
from reports.scoring import (
    DimensionSpec,
    ItemSpec,
    dimension_values,
    score_assessment,
)
from reports.tally_stats import dimension_stats, item_stats
from tests.reports.sheets import group, tallies

DIMENSIONS = [
    DimensionSpec("dialogue", "Dialogue", "Two-way", "One-way", "Ask first.", "Ask one question."),
    DimensionSpec("vision", "Vision", "Long-term", "Day to day", "Write it down.", "Write it."),
]
ITEMS = [
    ItemSpec(1, "dialogue", "My manager asks.", "I ask."),
    ItemSpec(2, "dialogue", "My manager listens.", "I listen."),
    ItemSpec(3, "dialogue", "My manager tells.", "I tell.", reverse=True),
    ItemSpec(4, "vision", "My manager explains.", "I explain.", reverse=False),
    ItemSpec(5, "vision", "My manager looks at this month.", "I look at this month.", reverse=True),
]
TEAM_SHEETS = [
    {1: 5, 2: 4, 3: 2, 4: 3, 5: 3},  # dialogue 13/3, vision 3
    {1: 4, 2: 4, 3: 1, 4: 2},  # dialogue 13/3, vision 2 (item 5: can't say)
    {1: 3, 3: 3, 4: 4, 5: 1},  # dialogue 3, vision 4.5
    {},  # answered "Can't say" throughout: a response, but no scores
]
SELF_SHEET = {1: 5, 2: 5, 3: 1, 4: 4, 5: 2}  # dialogue 5, vision 4
COMMENTS = [CommentEntry(TEAM, "Keep?", f"comment {i}") for i in range(6)]


def score(
    team=TEAM_SHEETS,
    own=SELF_SHEET,
    *,
    extra=(),
    comments=COMMENTS,
    seed=7,
    dimensions=DIMENSIONS,
    items=ITEMS,
    **kw,
):
    groups = [group(TEAM, team, items, invited=max(5, len(team)))]
    if own is not None:
        groups.append(group(SELF, [own], items, threshold=1, comment_threshold=1))
    groups += list(extra)
    return score_assessment(
        manager_name="Ann",
        cycle_name="Spring",
        period="1–14 March 2027",
        dimensions=dimensions,
        items=items,
        groups=groups,
        comments=[*comments, CommentEntry(SELF, "Keep?", "my own note")],
        shuffle_seed=seed,
        **kw,
    )


# --- Reading the tallies ----------------------------------------------------------


def test_reverse_items_are_flipped_and_cant_say_is_skipped():
    counted = tallies([{1: 3, 3: 3, 4: 4, 5: 1}], ITEMS)
    assert dimension_values(counted.dimensions["dialogue"]) == [Fraction(3)]
    assert dimension_values(counted.dimensions["vision"]) == [Fraction(9, 2)]


def test_a_dimension_with_no_answer_is_absent_not_zero():
    assert set(tallies([{4: 2}], ITEMS).dimensions) == {"vision"}


def test_team_scores_mean_sd_min_max():
    result = score()
    dialogue, vision = result.dimension("dialogue"), result.dimension("vision")
    team = dialogue.views[TEAM]
    assert team.n == 3
    assert team.mean == pytest.approx(35 / 9)  # (13/3 + 13/3 + 3) / 3
    assert team.sd == pytest.approx(0.769800, abs=1e-6)
    assert (team.min, team.max) == (3.0, pytest.approx(13 / 3))
    assert vision.views[TEAM].mean == pytest.approx(9.5 / 3)
    assert vision.views[TEAM].sd == pytest.approx(1.258306, abs=1e-6)


def test_statements_have_their_distribution_as_scored():
    items = {i.id: i for d in score().dimensions for i in d.items}
    assert items[3].views[TEAM].distribution == [0, 0, 1, 1, 1]  # 2, 1, 3 flipped: 4, 5, 3
    assert items[3].views[TEAM].mean == 4.0
    assert items[3].self_score == 5  # self answered 1 to a reverse item


GOLDEN = json.loads((Path(__file__).parent / "golden" / "sheet_scoring.json").read_text())


@pytest.mark.parametrize("case", range(len(GOLDEN["cases"])))
def test_tallies_give_the_same_numbers_as_the_answer_sheets_did(case):
    """40 seeded cases scored by the old sheet-based code (before tallies, kept
    in golden/): every team figure and self score must come out the same."""
    from surveys.instrument import V1

    dims, items, item_id = [], [], 0
    for d in V1["dimensions"]:
        dims.append(DimensionSpec(d["key"], d["name"], d["lead_pole"], d["manage_pole"]))
        for team_text, _, self_text, reverse in d["items"]:
            item_id += 1
            items.append(ItemSpec(item_id, d["key"], team_text, self_text, reverse))
    data = GOLDEN["cases"][case]
    sheets = {rel: [] for rel in (TEAM, SELF)}
    for sheet in data["sheets"]:
        sheets[sheet["relationship"]].append({int(k): v for k, v in sheet["answers"].items()})
    groups = [group(TEAM, sheets[TEAM], items, invited=data["team_invited"])]
    if sheets[SELF]:
        groups.append(group(SELF, sheets[SELF], items, threshold=1, comment_threshold=1))
    result = score_assessment(
        manager_name="M", cycle_name="C", period="P", dimensions=dims, items=items, groups=groups
    )
    assert (result.team.responses, not result.team.shown) == (
        data["team_responses"],
        data["team_view_withheld"],
    )
    for d in result.dimensions:
        old = data["dimensions"][d.key]
        assert (
            d.self_score == pytest.approx(old["self"])
            if old["self"] is not None
            else (d.self_score is None)
        )
        new_team = d.views.get(TEAM)
        if old["team"] is None:
            assert new_team is None
        else:
            for name in ("n", "mean", "sd", "min", "max"):
                assert getattr(new_team, name) == pytest.approx(old["team"][name]), name
        for item in d.items:
            old_item = old["items"][str(item.id)]
            new_item = item.views.get(TEAM)
            if old_item["team"] is None:
                assert new_item is None
            else:
                assert new_item.n == old_item["team"]["n"]
                assert new_item.mean == pytest.approx(old_item["team"]["mean"])
    if not data["team_view_withheld"]:
        assert result.strengths == data["strengths"]
        assert result.development_areas == data["development_areas"]


# --- Honest gaps -----------------------------------------------------------------------

ONE = [DimensionSpec("d", "D", "lead", "manage")]
ONE_ITEM = [ItemSpec(1, "d", "My manager …", "I …")]
THREE_ITEMS = [ItemSpec(i, "d", "My manager …", "I …") for i in (1, 2, 3)]


def gap_of(team_scores, self_sheet, items=ONE_ITEM):
    """Team members answering item 1 only (one score each); self as given."""
    result = score(
        team=[{1: s} for s in team_scores],
        own=self_sheet,
        comments=(),
        dimensions=ONE,
        items=items,
    )
    return result, result.dimension("d").gaps.get(TEAM)


def test_a_united_team_close_to_you_is_no_gap_even_with_sd_zero():
    # team 4, 4, 4, 4, 4 (SD 0) against self 13/3: printed 4.3 - 4.0 = +0.3.
    _, gap = gap_of([4, 4, 4, 4, 4], {1: 4, 2: 4, 3: 5}, THREE_ITEMS)
    assert (gap.value, gap.verdict) == (pytest.approx(0.3), AGREE)


def test_team_4_4_4_against_self_4_33_is_no_gap():
    _, gap = gap_of([4, 4, 4], {1: 4, 2: 4, 3: 5}, THREE_ITEMS)
    assert gap.verdict == AGREE and gap.value == pytest.approx(0.3)


def test_three_answers_are_too_few_to_tell_whatever_the_gap():
    # team 3/4/5 against self 5: printed gap +1.0, but n = 3.
    result, gap = gap_of([3, 4, 5], {1: 5})
    assert (gap.value, gap.verdict, gap.lower, gap.n) == (pytest.approx(1.0), TOO_FEW, 2, 3)
    assert result.blind_spots == []


def test_five_answers_mostly_below_you_make_a_blind_spot():
    result, gap = gap_of([3, 3, 3, 4, 5], {1: 5})
    assert (gap.value, gap.verdict, gap.lower, gap.higher) == (pytest.approx(1.4), BLIND_SPOT, 4, 0)
    assert result.blind_spots == [["d", TEAM]]


def test_a_divided_group_is_no_blind_spot():
    # team 2, 2, 5, 5, 5: mean 3.8 against self 4.5 (printed 0.7), but 3 of 5 rate higher.
    _, gap = gap_of(
        [2, 2, 5, 5, 5], {1: 4, 2: 5}, [ItemSpec(1, "d", "", ""), ItemSpec(2, "d", "", "")]
    )
    assert (gap.verdict, gap.lower, gap.higher) == (SPLIT, 2, 3)


def test_ten_answers_with_seven_below_you():
    _, gap = gap_of([3] * 7 + [5] * 3, {1: 4, 2: 4, 3: 5}, THREE_ITEMS)  # self 13/3
    # printed 4.3 - 3.6 = +0.7; 7 of 10 below 4.33
    assert (gap.value, gap.verdict, gap.lower, gap.n) == (pytest.approx(0.7), BLIND_SPOT, 7, 10)


def test_a_printed_gap_of_exactly_plus_half_counts():
    _, gap = gap_of([3, 3, 3, 3, 4, 5], {1: 4})  # team 3.5, self 4.0
    assert (gap.value, gap.verdict, gap.lower) == (pytest.approx(0.5), BLIND_SPOT, 4)


def test_a_printed_gap_of_exactly_minus_half_counts():
    _, gap = gap_of([4, 4, 4, 4, 2, 3], {1: 3})  # team 3.5, self 3.0
    assert (gap.value, gap.verdict, gap.higher) == (pytest.approx(-0.5), HIDDEN_STRENGTH, 4)


def test_labels_follow_the_printed_scores_not_the_unrounded_ones():
    """Self 11/3 prints 3.7 and the team's 3.2 prints 3.2: the reader sees a gap of
    0.5, so it is one, although the unrounded gap is 0.467."""
    result, gap = gap_of([3, 3, 3, 3, 4], {1: 4, 2: 4, 3: 3}, THREE_ITEMS)
    d = result.dimension("d")
    assert d.self_score - d.views[TEAM].mean < 0.5
    assert (gap.value, gap.verdict) == (pytest.approx(0.5), BLIND_SPOT)


def test_without_a_self_assessment_there_are_no_gaps_and_no_claims():
    result = score(own=None)
    assert result.self_done is False
    assert all(d.gaps == {} for d in result.dimensions)
    assert result.blind_spots == result.hidden_strengths == []
    assert result.focus == result.development_areas[0]


def test_a_dimension_can_be_a_strength_and_a_blind_spot_at_once():
    dims = [DimensionSpec(k, k, "l", "m") for k in "abcd"]
    items = [ItemSpec(i, k, "", "") for i, k in enumerate("abcd", start=1)]
    team = [{1: 4, 2: 3, 3: 2, 4: 1}] * 5
    result = score(
        team=team, own={1: 5, 2: 3, 3: 2, 4: 1}, comments=(), dimensions=dims, items=items
    )
    assert "a" in result.strengths and ["a", TEAM] in result.blind_spots


# --- Withholding -------------------------------------------------------------------------


def test_items_answered_by_fewer_than_k_are_withheld():
    items = {i.id: i for d in score().dimensions for i in d.items}
    assert items[1].views[TEAM].n == 3 and items[1].views[TEAM].mean == 4.0
    assert items[2].views[TEAM] is None  # two answers only
    assert items[5].views[TEAM] is None


def test_a_dimension_answered_by_fewer_than_k_is_withheld():
    result = score(team=[{1: 4, 4: 4}, {1: 4, 4: 5}, {1: 5}])
    assert result.dimension("dialogue").views[TEAM].n == 3
    assert result.dimension("vision").views[TEAM] is None
    assert TEAM not in result.dimension("vision").gaps


def test_fewer_than_k_team_responses_withhold_the_whole_team_view():
    result = score(team=TEAM_SHEETS[:2])
    assert result.team.shown is False and not result.any_view
    assert all(TEAM not in d.views for d in result.dimensions)
    assert result.comments == [] and result.team.comments_shown is False
    assert result.strengths == result.development_areas == result.blind_spots == []
    assert result.dimension("dialogue").self_score == 5.0  # the self-view remains
    assert result.focus == "vision"  # the lowest self-rating


def test_comments_need_more_responses_than_scores():
    result = score(team=TEAM_SHEETS[:3])  # 3 responses: k met, comments need 4
    assert result.team.shown and not result.team.comments_shown and result.comments == []
    shown = score()
    assert sorted(c.text for c in shown.comments) == sorted(c.text for c in COMMENTS)
    assert [c.text for c in shown.self_comments] == ["my own note"]


def test_comments_are_shuffled_within_their_question():
    orders = {tuple(c.text for c in score(seed=s).comments) for s in range(8)}
    assert len(orders) > 1
    mixed = [CommentEntry(TEAM, q, f"{q}{i}") for i in range(3) for q in ("Keep?", "Start?")]
    for seed in range(5):
        assert [c.question for c in score(comments=mixed, seed=seed).comments] == [
            "Keep?", "Keep?", "Keep?", "Start?", "Start?", "Start?"
        ]  # fmt: skip


# --- Rater groups -------------------------------------------------------------------------

PEER_SHEETS = [{1: 4, 2: 4, 3: 2, 4: 4, 5: 2}, {1: 3, 2: 3, 3: 3, 4: 3, 5: 3}, {1: 5, 2: 5, 3: 1}]


def test_the_managers_manager_is_shown_named_from_one_answer_and_never_pooled():
    boss = group(BOSS, [{1: 2, 2: 2, 3: 4, 4: 2, 5: 4}], ITEMS, threshold=1, comment_threshold=1,
                 named="Helena Strand")  # fmt: skip
    result = score(extra=[boss, group(PEER, PEER_SHEETS, ITEMS)])
    d = result.dimension("dialogue")
    assert d.views[BOSS].n == 1 and d.views[BOSS].mean == 2.0
    assert result.group(BOSS).named == "Helena Strand"
    assert d.views[ALL].n == d.views[TEAM].n + d.views[PEER].n  # the boss is not in it
    assert d.gaps[BOSS].verdict == TOO_FEW  # one person: a view, never a verdict


def test_all_raters_appear_only_when_every_group_in_it_is_shown():
    shown = score(extra=[group(PEER, PEER_SHEETS, ITEMS)])
    assert ALL in shown.shown_groups
    withheld = score(extra=[group(PEER, PEER_SHEETS[:2], ITEMS)])  # two peers: withheld
    assert PEER not in withheld.shown_groups and ALL not in withheld.shown_groups
    alone = score()  # one anonymous group: "all" would only repeat it
    assert ALL not in alone.shown_groups


def test_each_group_has_its_own_threshold():
    peers = group(PEER, PEER_SHEETS, ITEMS, threshold=4)
    result = score(extra=[peers])
    assert PEER not in result.shown_groups and result.group(PEER).responses == 3


def _figures(result, dimension):
    """(groups in it, n, sum) for every figure a reader sees on one dimension."""
    members = {TEAM: {TEAM}, PEER: {PEER}, OTHER: {OTHER}}
    answered = {g.key for g in result.groups if g.key in members and g.responses}
    members[ALL] = answered
    out = []
    for key, stats in dimension.views.items():
        if stats is not None and key != BOSS:
            out.append((frozenset(members[key]), stats.n, stats.mean * stats.n))
    return out


def _reveals(figures, target: str) -> bool:
    """Can some sum or difference of the shown figures isolate `target` alone?"""
    import itertools

    groups = (TEAM, PEER, OTHER)
    for coefficients in itertools.product((-1, 0, 1), repeat=len(figures)):
        if not any(coefficients):
            continue
        vector = dict.fromkeys(groups, 0)
        for c, (members, _, _) in zip(coefficients, figures, strict=True):
            for g in members:
                vector[g] += c
        if all(vector[g] == (1 if g == target else 0) for g in groups):
            return True
    return False


def test_no_withheld_group_can_be_worked_out_from_what_is_shown():
    """Brute force over small random 360s: for every dimension, try every sum and
    difference of the figures shown; none may equal a withheld group on its own."""
    rng = random.Random(2026)
    checked = 0
    for _ in range(400):
        sheets = {}
        for key in (TEAM, PEER, OTHER):
            n = rng.choice([0, 1, 2, 3, 4, 5])
            sheets[key] = [
                {i.id: rng.randint(1, 5) for i in ITEMS if rng.random() > 0.3} for _ in range(n)
            ]
        groups = [group(k, sheets[k], ITEMS) for k in (PEER, OTHER)]
        result = score(team=sheets[TEAM], extra=groups, comments=())
        for d in result.dimensions:
            figures = _figures(result, d)
            for key in (TEAM, PEER, OTHER):
                respondents = len(
                    dimension_values(tallies(sheets[key], ITEMS).dimensions.get(d.key, {}))
                )
                if respondents and d.views.get(key) is None:
                    checked += 1
                    assert not _reveals(figures, key), (key, d.key, figures)
    assert checked > 100  # the examples did include withheld groups


def test_no_group_with_answers_is_ever_shown_below_its_threshold():
    rng = random.Random(7)
    for _ in range(200):
        n = rng.randint(0, 6)
        team = [{i.id: rng.randint(1, 5) for i in ITEMS if rng.random() > 0.4} for _ in range(n)]
        result = score(team=team, comments=())
        for d in result.dimensions:
            stats = d.views.get(TEAM)
            assert stats is None or stats.n >= 3
            for item in d.items:
                assert item.views.get(TEAM) is None or item.views[TEAM].n >= 3


# --- Strengths and the rest -----------------------------------------------------------------


def test_strengths_and_development_areas_from_the_main_view():
    result = score()
    assert result.main_group == TEAM
    assert result.strengths == ["dialogue"] and result.development_areas == ["vision"]


def test_the_focus_is_the_largest_clear_blind_spot_else_the_lowest_score():
    dims = [DimensionSpec(k, k, "l", "m", first_action=f"do {k}") for k in "abcd"]
    items = [ItemSpec(i, k, "", "") for i, k in enumerate("abcd", start=1)]
    team = [{1: 4, 2: 3, 3: 3, 4: 2}] * 5
    blind = score(
        team=team, own={1: 4, 2: 5, 3: 3, 4: 2}, comments=(), dimensions=dims, items=items
    )
    assert blind.focus == "b"
    agreeing = score(
        team=team, own={1: 4, 2: 3, 3: 3, 4: 2}, comments=(), dimensions=dims, items=items
    )
    assert agreeing.focus == "d"


def test_dimensions_tied_as_printed_are_all_strengths_or_all_not():
    dims = [DimensionSpec(k, k.title(), "lead", "manage") for k in "abcdefgh"]
    items = [ItemSpec(i, k, k, k) for i, k in enumerate("abcdefgh")]
    # team means: a 5, b 4.33, c 4.33, d 4.33, e 3, f 2, g 2, h 1
    answers = [
        {0: 5, 1: 4, 2: 4, 3: 4, 4: 3, 5: 2, 6: 2, 7: 1},
        {0: 5, 1: 4, 2: 4, 3: 4, 4: 3, 5: 2, 6: 2, 7: 1},
        {0: 5, 1: 5, 2: 5, 3: 5, 4: 3, 5: 2, 6: 2, 7: 1},
    ]
    result = score(team=answers, own=None, comments=(), dimensions=dims, items=items)
    assert result.strengths == ["a", "b", "c", "d"]  # b, c and d all print as 4.3
    assert result.development_areas == ["h", "f", "g"]


def test_results_survive_a_round_trip_through_json():
    boss = group(BOSS, [{1: 2}], ITEMS, threshold=1, comment_threshold=1, named="H")
    result = score(extra=[boss, group(PEER, PEER_SHEETS, ITEMS)])
    again = AssessmentResult.from_dict(json.loads(json.dumps(result.to_dict())))
    assert again == result


# --- The figures straight from tallies ---------------------------------------------------


def test_tally_figures_are_the_statistics_modules_to_the_last_bit():
    """Reports frozen before scoring read tallies directly must not change: the
    integer arithmetic gives the very floats fmean and stdev give for the
    expanded list of every respondent's score."""
    rng = random.Random(360)
    for _ in range(400):
        tally = {}
        for _ in range(rng.randint(1, 12)):
            answered = rng.randint(1, 8)
            points = rng.randint(answered, 5 * answered)
            tally[(points, answered)] = tally.get((points, answered), 0) + rng.randint(1, 40)
        values = [float(Fraction(p, a)) for (p, a), n in sorted(tally.items()) for _ in range(n)]
        stats = dimension_stats(tally)
        assert stats.n == len(values)
        assert stats.mean == fmean(values)
        assert stats.sd == (stdev(values) if len(values) >= 2 else None)
        assert (stats.min, stats.max) == (min(values), max(values))

        counts = [rng.choice([0, 0, rng.randint(1, 300)]) for _ in range(5)]
        values = [float(v) for v, n in enumerate(counts, start=1) for _ in range(n)]
        stats = item_stats(counts)
        if not values:
            assert stats is None
            continue
        assert (stats.n, stats.mean, stats.min, stats.max) == (
            len(values), fmean(values), min(values), max(values),
        )  # fmt: skip
        assert stats.sd == (stdev(values) if len(values) >= 2 else None)
        assert stats.distribution == counts


def test_a_tally_with_nobody_in_it_has_no_figures():
    assert dimension_stats({(12, 3): 0}) is None
    assert item_stats([0, 0, 0, 0, 0]) is None
