"""The survey data model (DESIGN §3).

Who was asked lives on Invitation; what was answered lives only in tallies and
comment sets, which carry no link to anybody (answers.py).
"""

from ..groups import MIN_K, Relationship
from .answers import CommentSet, DimensionTally, ItemTally
from .cycles import (
    Assessment,
    Cycle,
    Invitation,
    Nomination,
    parse_reminder_days,
    validate_reminder_days,
)
from .instrument import (
    INSTRUMENT_IN_USE,
    Dimension,
    DimensionText,
    Instrument,
    Item,
    ItemText,
    OpenQuestion,
    OpenQuestionText,
    refuse_if_in_use,
)
from .people import Person

__all__ = [
    "INSTRUMENT_IN_USE",
    "MIN_K",
    "Assessment",
    "CommentSet",
    "Cycle",
    "Dimension",
    "DimensionTally",
    "DimensionText",
    "Instrument",
    "Invitation",
    "Item",
    "ItemTally",
    "ItemText",
    "Nomination",
    "OpenQuestion",
    "OpenQuestionText",
    "Person",
    "Relationship",
    "parse_reminder_days",
    "refuse_if_in_use",
    "validate_reminder_days",
]
