"""The words a rater sees for a statement or question: the wording of their
group's perspective ("My manager …", "<Name> …", "I …") in their language,
with the manager's name put in."""

from __future__ import annotations

from .groups import perspective
from .selectors import InstrumentContent

NAME = "{name}"


def fill(text: str, name: str) -> str:
    # Not str.format: a brace HR typed into a statement must not raise.
    return text.replace(NAME, name)


def pick(texts: tuple[str, str, str], relationship: str) -> str:
    """(team, observer, self) -> the one this group answers."""
    team, observer, own = texts
    side = perspective(relationship)
    if side == "self":
        return own
    if side == "team":
        return team
    return observer or team


def item_text(content: InstrumentContent, item_id: int, relationship: str, *, name: str) -> str:
    return fill(pick(content.item_texts[item_id], relationship), name)


def question_text(
    content: InstrumentContent, question_id: int, relationship: str, *, name: str
) -> str:
    return fill(pick(content.question_texts[question_id], relationship), name)
