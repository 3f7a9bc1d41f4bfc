"""Answer sheets, for tests only: hand-written answers turned into the tallies
the database keeps, so that scoring is tested with numbers a person can check.
(The product never stores a sheet; see surveys/models/answers.py.)"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from reports.scoring import GroupInput, GroupTallies, ItemSpec


def tallies(sheets: Sequence[dict[int, int]], items: Sequence[ItemSpec]) -> GroupTallies:
    """Each sheet maps item id -> answer 1..5; a missing item is "Can't say"."""
    item_counts: dict[int, list[int]] = {item.id: [0] * 5 for item in items}
    dims: dict[str, dict[tuple[int, int], int]] = defaultdict(lambda: defaultdict(int))
    for sheet in sheets:
        per_dimension: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for item in items:
            value = sheet.get(item.id)
            if value is None:
                continue
            item_counts[item.id][value - 1] += 1
            entry = per_dimension[item.dimension]
            entry[0] += 6 - value if item.reverse else value
            entry[1] += 1
        for key, (points, answered) in per_dimension.items():
            dims[key][(points, answered)] += 1
    return GroupTallies(
        responses=len(sheets),
        items={k: tuple(v) for k, v in item_counts.items()},
        dimensions={k: dict(v) for k, v in dims.items()},
    )


def group(
    key: str,
    sheets: Sequence[dict[int, int]],
    items: Sequence[ItemSpec],
    *,
    invited: int | None = None,
    threshold: int = 3,
    comment_threshold: int | None = None,
    named: str = "",
) -> GroupInput:
    return GroupInput(
        key=key,
        invited=len(sheets) if invited is None else invited,
        tallies=tallies(sheets, items),
        threshold=threshold,
        comment_threshold=comment_threshold if comment_threshold is not None else threshold + 1,
        named=named,
    )
