"""Trends against the previous released report, and quartile norms. Pure."""

from __future__ import annotations

import random

import pytest

from reports import norms, trends
from reports.results import CHANGE_HIDDEN, FALL, NO_CLEAR_CHANGE, RISE, SELF, TEAM
from reports.scoring import DimensionSpec, ItemSpec, score_assessment
from tests.reports.sheets import group

DIMS = [DimensionSpec("d", "D", "lead", "manage"), DimensionSpec("e", "E", "lead", "manage")]
ITEMS = [ItemSpec(1, "d", "", ""), ItemSpec(2, "e", "", "")]


def result(team_scores, self_score=3, *, cycle="Spring", k=3):
    team = [{1: s, 2: s} for s in team_scores]
    return score_assessment(
        manager_name="Ann", cycle_name=cycle, period="", dimensions=DIMS, items=ITEMS,
        groups=[group(TEAM, team, ITEMS, threshold=k),
                group(SELF, [{1: self_score, 2: self_score}], ITEMS, threshold=1)],
    )  # fmt: skip


SAME = frozenset(range(10, 16))


def trend_of(before, now, *, people_before=SAME, people_now=SAME, self_before=3, self_now=3):
    old, new = result(before, self_before, cycle="Autumn"), result(now, self_now)
    trends.add_trends(
        new, old,
        respondents_before={TEAM: people_before}, respondents_now={TEAM: people_now},
    )  # fmt: skip
    return new


def test_a_clear_rise_needs_five_on_both_sides_and_half_a_point():
    new = trend_of([3, 3, 3, 3, 3, 3], [4, 4, 4, 3, 4, 4])  # 3.0 -> 3.8
    t = new.dimension("d").trends[TEAM]
    assert (t.previous, t.current, t.verdict) == (3.0, pytest.approx(23 / 6), RISE)
    assert t.change == pytest.approx(0.8) and new.previous_cycle == "Autumn"


def test_a_fall_is_called_the_same_way():
    t = trend_of([4, 4, 4, 4, 4, 4], [3, 3, 3, 3, 4, 3]).dimension("d").trends[TEAM]
    assert (t.verdict, t.change) == (FALL, pytest.approx(-0.8))


def test_a_small_move_is_no_clear_change():
    t = trend_of([3, 3, 3, 4, 4, 4], [3, 3, 4, 4, 4, 4]).dimension("d").trends[TEAM]
    assert (t.verdict, t.change) == (NO_CLEAR_CHANGE, pytest.approx(0.2))


def test_a_big_move_among_four_people_is_no_clear_change():
    four = frozenset(range(4))
    t = trend_of([2, 2, 2, 2], [5, 5, 5, 5], people_before=four, people_now=four).dimension("d")
    assert t.trends[TEAM].verdict == NO_CLEAR_CHANGE


def test_one_person_joining_shows_no_change_figure():
    """Five stayed and one joined: the difference could be that one person's view."""
    t = trend_of(
        [3, 3, 3, 3, 3], [3, 3, 3, 3, 3, 5],
        people_before=frozenset(range(5)), people_now=frozenset(range(6)),
    ).dimension("d").trends[TEAM]  # fmt: skip
    assert t.verdict == CHANGE_HIDDEN
    assert t.previous is None and t.current is None and t.change is None


def test_one_person_leaving_shows_no_change_figure_either():
    t = trend_of(
        [3, 3, 3, 3, 3, 1], [3, 3, 3, 3, 3],
        people_before=frozenset(range(6)), people_now=frozenset(range(5)),
    ).dimension("d").trends[TEAM]  # fmt: skip
    assert t.verdict == CHANGE_HIDDEN


def test_a_group_that_changed_by_k_or_more_people_shows_its_change():
    t = (
        trend_of(
            [3] * 6, [4] * 6, people_before=frozenset(range(6)), people_now=frozenset(range(3, 9))
        )
        .dimension("d")
        .trends[TEAM]
    )
    assert t.verdict == RISE


def test_your_own_change_is_shown_and_called_on_its_size():
    t = trend_of([3] * 6, [3] * 6, self_before=2, self_now=4).dimension("d").trends[SELF]
    assert (t.previous, t.current, t.verdict) == (2.0, 4.0, RISE)


def test_no_trend_for_a_group_withheld_either_time():
    new = trend_of([3, 3], [4] * 6)  # two answers before: withheld then
    assert TEAM not in new.dimension("d").trends


# --- Norms -----------------------------------------------------------------------------------


def cycle(team_means: list[int | None]):
    """One manager per entry, six team answers each (None: only two answered)."""
    out = {}
    for aid, mean in enumerate(team_means):
        scores = [mean] * 6 if mean is not None else [5, 5]
        out[aid] = result(scores)
    return out


def test_quartiles_need_ten_other_managers():
    nine_others = cycle([1, 2, 3, 4, 5, 1, 2, 3, 4, 5])
    norms.add_norms(nine_others)
    assert all(d.norm_quartile is None for r in nine_others.values() for d in r.dimensions)
    ten_others = cycle([1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 5])
    norms.add_norms(ten_others)
    assert ten_others[0].dimension("d").norm_quartile == 1
    assert ten_others[10].dimension("d").norm_quartile == 4


def test_a_manager_is_left_out_of_their_own_norm():
    # With themself in, a 5 among ten 4s would sit at the top either way; a 4
    # among nine 4s and one 5 must not be lifted by its own score.
    results = cycle([4] * 10 + [5])
    norms.add_norms(results)
    assert results[10].dimension("d").norm_quartile == 4
    assert results[0].dimension("d").norm_quartile == 4  # q3 of the others is 4: "top quarter"


def test_managers_below_the_threshold_get_no_band_and_shape_no_one_elses():
    with_hidden = cycle([1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 3, None, None])
    without = cycle([1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 3])
    norms.add_norms(with_hidden)
    norms.add_norms(without)
    assert with_hidden[11].dimension("d").norm_quartile is None
    assert [with_hidden[i].dimension("d").norm_quartile for i in range(11)] == [
        without[i].dimension("d").norm_quartile for i in range(11)
    ]


def test_each_band_is_the_one_the_others_own_quartiles_give():
    """add_norms cuts one sorted list; the bands must be those of the plain
    rule: quantiles of everyone else's scores, for every manager."""
    rng = random.Random(4)
    for size in (11, 12, 13, 14, 57, 400):
        scores = [rng.choice([1.0, 2.5, 3.0, 3.25, 4.0]) if size < 50 else rng.uniform(1, 5)
                  for _ in range(size)]  # fmt: skip
        for index in range(size):
            others = scores[:index] + scores[index + 1 :]
            everyone = sorted(scores)
            expected = norms.quartile(scores[index], others)
            assert norms.quartile_among_others(everyone, everyone.index(scores[index])) == expected
