"""The words a rater sees for a statement or question: the wording of their
group's perspective ("My manager …", "<Name> …", "I …") with the manager's
name put in."""

from __future__ import annotations

from .groups import perspective
from .models import Item, OpenQuestion

NAME = "{name}"


def fill(text: str, name: str) -> str:
    # Not str.format: a brace HR typed into a statement must not raise.
    return text.replace(NAME, name)


def _pick(obj: Item | OpenQuestion, relationship: str) -> str:
    side = perspective(relationship)
    if side == "self":
        return obj.text_self
    if side == "team":
        return obj.text_team
    return obj.text_observer or obj.text_team


def item_text(item: Item, relationship: str, *, name: str) -> str:
    return fill(_pick(item, relationship), name)


def question_text(question: OpenQuestion, relationship: str, *, name: str) -> str:
    return fill(_pick(question, relationship), name)
