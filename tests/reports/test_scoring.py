"""Golden scoring tests: hand-computed numbers, no database (DESIGN §2)."""

from __future__ import annotations

import pytest

from reports.scoring import (
    BLIND_SPOT,
    HIDDEN_STRENGTH,
    AssessmentResult,
    CommentEntry,
    DimensionSpec,
    ItemSpec,
    Rules,
    Sheet,
    classify_gap,
    cycle_overview,
    describe,
    respondent_dimension_scores,
    score_assessment,
)

DIMENSIONS = [
    DimensionSpec("dialogue", "Dialogue", "Two-way", "One-way", "Ask first."),
    DimensionSpec("vision", "Vision", "Long-term", "Day to day", "Write it down."),
]
ITEMS = [
    ItemSpec(1, "dialogue", "My manager asks.", "I ask."),
    ItemSpec(2, "dialogue", "My manager listens.", "I listen."),
    ItemSpec(3, "dialogue", "My manager tells.", "I tell.", reverse=True),
    ItemSpec(4, "vision", "My manager explains.", "I explain.", reverse=False),
    ItemSpec(5, "vision", "My manager looks at this month.", "I look at this month.", reverse=True),
]
TEAM = [
    Sheet("team", {1: 5, 2: 4, 3: 2, 4: 3, 5: 3}),  # dialogue 13/3, vision 3
    Sheet("team", {1: 4, 2: 4, 3: 1, 4: 2}),  # dialogue 13/3, vision 2 (item 5: can't say)
    Sheet("team", {1: 3, 3: 3, 4: 4, 5: 1}),  # dialogue 3, vision 4.5
    Sheet("team", {}),  # answered "Can't say" throughout: a response, but no scores
]
SELF = Sheet("self", {1: 5, 2: 5, 3: 1, 4: 4, 5: 2})  # dialogue 5, vision 4
COMMENTS = [CommentEntry("Keep?", f"comment {i}") for i in range(6)]


RULES = Rules(k=3, comment_k=4)


def score(sheets, rules=RULES, shuffle_seed=7):
    return score_assessment(
        manager_name="Ann",
        cycle_name="Spring",
        period="1–14 March 2027",
        dimensions=DIMENSIONS,
        items=ITEMS,
        sheets=sheets,
        team_invited=5,
        team_comments=COMMENTS,
        self_comments=[CommentEntry("Keep?", "my own note")],
        rules=rules,
        shuffle_seed=shuffle_seed,
    )


def test_reverse_items_are_flipped_and_cant_say_is_skipped():
    scores = respondent_dimension_scores(Sheet("team", {1: 3, 3: 3, 4: 4, 5: 1}), ITEMS)
    assert scores == {"dialogue": 3.0, "vision": 4.5}


def test_a_dimension_with_no_answer_is_absent_not_zero():
    assert respondent_dimension_scores(Sheet("team", {4: 2}), ITEMS) == {"vision": 2.0}


def test_team_scores_mean_sd_min_max():
    result = score([*TEAM, SELF])
    dialogue, vision = result.dimension("dialogue"), result.dimension("vision")
    assert dialogue.team.n == 3
    assert dialogue.team.mean == pytest.approx(35 / 9)  # (13/3 + 13/3 + 3) / 3
    assert dialogue.team.sd == pytest.approx(0.769800, abs=1e-6)
    assert (dialogue.team.min, dialogue.team.max) == (3.0, pytest.approx(13 / 3))
    assert vision.team.mean == pytest.approx(9.5 / 3)
    assert vision.team.sd == pytest.approx(1.258306, abs=1e-6)


def test_self_scores_gaps_and_blind_spots():
    result = score([*TEAM, SELF])
    dialogue, vision = result.dimension("dialogue"), result.dimension("vision")
    assert dialogue.self_score == 5.0 and vision.self_score == 4.0
    assert dialogue.gap == pytest.approx(5 - 35 / 9)  # 1.111
    assert vision.gap == pytest.approx(4 - 9.5 / 3)  # 0.833
    assert result.blind_spots == ["dialogue", "vision"]
    assert result.hidden_strengths == []


def test_a_gap_inside_the_teams_95_percent_interval_is_noise():
    result = score([*TEAM, SELF])
    dialogue = result.dimension("dialogue")
    # t(2) = 4.303; half width = 4.303 * 0.7698 / sqrt(3) = 1.912
    assert dialogue.team.ci_low == pytest.approx(35 / 9 - 1.91247, abs=1e-4)
    assert dialogue.gap_beyond_noise is False


def test_a_gap_outside_a_united_team_is_clear():
    united = [Sheet("team", {1: 3, 2: 3, 3: 3, 4: 3, 5: 3})] * 3
    result = score([*united, SELF])
    assert result.dimension("dialogue").team.sd == 0
    assert result.dimension("dialogue").gap_beyond_noise is True


def test_hidden_strength_when_the_team_rates_higher():
    humble = Sheet("self", {1: 2, 2: 2, 3: 4, 4: 2, 5: 4})  # dialogue 2, vision 2
    result = score([*TEAM, humble])
    assert result.hidden_strengths == ["dialogue", "vision"]
    assert result.dimension("dialogue").gap_kind == HIDDEN_STRENGTH


def test_the_gap_threshold_is_inclusive_and_configurable():
    assert classify_gap(0.5, 0.5) == BLIND_SPOT
    assert classify_gap(0.49, 0.5) is None
    assert classify_gap(-0.5, 0.5) == HIDDEN_STRENGTH
    assert classify_gap(0.7, 1.0) is None


def test_items_answered_by_fewer_than_k_are_withheld():
    result = score([*TEAM, SELF])
    items = {i.id: i for d in result.dimensions for i in d.items}
    assert items[1].team.n == 3 and items[1].team.mean == 4.0
    assert items[2].withheld and items[2].team is None  # two answers only
    assert items[3].team.mean == 4.0  # reverse: 6-2, 6-1, 6-3
    assert items[5].withheld
    assert items[3].self_score == 5  # self answered 1 to a reverse item


def test_a_dimension_answered_by_fewer_than_k_is_withheld():
    sheets = [
        Sheet("team", {1: 4, 4: 4}),
        Sheet("team", {1: 4, 4: 5}),
        Sheet("team", {1: 5}),
    ]
    result = score([*sheets, SELF])
    assert result.dimension("dialogue").team.n == 3
    assert result.dimension("vision").withheld and result.dimension("vision").team is None
    assert result.dimension("vision").gap is None


def test_fewer_than_k_team_responses_withhold_the_whole_team_view():
    result = score([TEAM[0], TEAM[1], SELF])
    assert result.team_view_withheld is True
    assert all(d.team is None and d.withheld for d in result.dimensions)
    assert all(i.team is None for d in result.dimensions for i in d.items)
    assert result.team_comments == [] and result.comments_shown is False
    assert result.strengths == result.development_areas == result.blind_spots == []
    assert result.dimension("dialogue").self_score == 5.0  # the self-view remains


def test_comments_need_more_responses_than_scores():
    result = score([TEAM[0], TEAM[1], TEAM[2], SELF])  # 3 responses: k met, comment_k (4) not
    assert result.team_view_withheld is False
    assert result.comments_shown is False and result.team_comments == []
    shown = score([*TEAM, SELF])
    assert shown.comments_shown is True
    assert sorted(c.text for c in shown.team_comments) == sorted(c.text for c in COMMENTS)
    assert [c.text for c in shown.self_comments] == ["my own note"]


def test_comments_are_shuffled():
    orders = {
        tuple(c.text for c in score([*TEAM, SELF], shuffle_seed=s).team_comments) for s in range(8)
    }
    assert len(orders) > 1


def test_strengths_and_development_areas_from_the_team_view():
    result = score([*TEAM, SELF])
    assert result.strengths == ["dialogue"]
    assert result.development_areas == ["vision"]
    assert [d.key for d in result.suggested_focus()] == ["vision"]


def test_without_a_team_view_suggestions_come_from_the_self_view():
    result = score([TEAM[0], SELF])
    assert [d.key for d in result.suggested_focus()] == ["vision", "dialogue"]


def test_no_self_assessment_means_no_gaps():
    result = score(TEAM)
    assert result.self_done is False
    assert all(d.gap is None for d in result.dimensions)


def test_results_survive_a_round_trip_through_json():
    import json

    result = score([*TEAM, SELF])
    again = AssessmentResult.from_dict(json.loads(json.dumps(result.to_dict())))
    assert again == result


def test_one_respondent_has_no_sd_or_interval():
    stats = describe([4.0])
    assert stats.sd is None and stats.ci_low is None


def test_the_cycle_overview_counts_and_heat_map():
    full = score([*TEAM, SELF])
    thin = score_assessment(
        manager_name="Bob",
        cycle_name="Spring",
        period="",
        dimensions=DIMENSIONS,
        items=ITEMS,
        sheets=[TEAM[0]],
        team_invited=4,
        rules=Rules(k=3, comment_k=4),
    )
    overview = cycle_overview(
        cycle_name="Spring", period="", k=3, dimensions=DIMENSIONS, results=[thin, full]
    )
    assert [r.manager_name for r in overview.rows] == ["Ann", "Bob"]
    assert overview.rows[0].scores["dialogue"] == pytest.approx(35 / 9)
    assert overview.rows[1].scores == {"dialogue": None, "vision": None}
    assert (overview.invited, overview.responses) == (5 + 1 + 4 + 1, 4 + 1 + 1)


def test_comments_keep_their_questions_in_order():
    mixed = [
        CommentEntry("Keep?", "k1"),
        CommentEntry("Start?", "s1"),
        CommentEntry("Keep?", "k2"),
        CommentEntry("Start?", "s2"),
    ]
    for seed in range(5):
        result = score_assessment(
            manager_name="Ann",
            cycle_name="C",
            period="",
            dimensions=DIMENSIONS,
            items=ITEMS,
            sheets=TEAM,
            team_invited=4,
            team_comments=mixed,
            rules=RULES,
            shuffle_seed=seed,
        )
        assert [c.question for c in result.team_comments] == ["Keep?", "Keep?", "Start?", "Start?"]


def test_dimensions_tied_as_printed_are_all_strengths_or_all_not():
    dims = [DimensionSpec(k, k.title(), "lead", "manage") for k in "abcdefgh"]
    items = [ItemSpec(i, k, k, k) for i, k in enumerate("abcdefgh")]
    # team means: a 5, b 4.33, c 4.33, d 4.33, e 3, f 2, g 2, h 1
    answers = [
        {0: 5, 1: 4, 2: 4, 3: 4, 4: 3, 5: 2, 6: 2, 7: 1},
        {0: 5, 1: 4, 2: 4, 3: 4, 4: 3, 5: 2, 6: 2, 7: 1},
        {0: 5, 1: 5, 2: 5, 3: 5, 4: 3, 5: 2, 6: 2, 7: 1},
    ]
    result = score_assessment(
        manager_name="A", cycle_name="C", period="", dimensions=dims, items=items,
        sheets=[Sheet("team", a) for a in answers], team_invited=3, rules=RULES,
    )  # fmt: skip
    assert result.strengths == ["a", "b", "c", "d"]  # b, c and d all print as 4.3
    assert result.development_areas == ["h", "f", "g"]
