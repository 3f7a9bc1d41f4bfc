"""Rater groups: who answers about a manager, and each group's anonymity rule.

One home for the rules every screen, e-mail and report applies to a group:
its label, whose wording it answers, and how many answers it needs before
anything it said is shown (DESIGN §2, issue "Full 360").
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

MIN_K = 3


class Relationship(models.TextChoices):
    SELF = "self", _("Self")
    TEAM = "team", _("Direct reports")
    PEER = "peer", _("Peers")
    BOSS = "boss", _("Manager's manager")
    OTHER = "other", _("Others")


# The order groups are listed in, everywhere.
ORDER = (
    Relationship.SELF,
    Relationship.BOSS,
    Relationship.TEAM,
    Relationship.PEER,
    Relationship.OTHER,
)
# Groups whose members answer anonymously and are shown only together.
ANONYMOUS = (Relationship.TEAM, Relationship.PEER, Relationship.OTHER)
# The manager's own manager is one named person, shown under that role.
IDENTIFIED = (Relationship.BOSS,)
RATERS = (Relationship.BOSS, *ANONYMOUS)


def perspective(relationship: str) -> str:
    """Which wording of a statement a group answers: "team" ("My manager …"),
    "self" ("I …") or "observer" ("<Name> …")."""
    if relationship == Relationship.SELF:
        return "self"
    if relationship == Relationship.TEAM:
        return "team"
    return "observer"


def is_anonymous(relationship: str) -> bool:
    return relationship in ANONYMOUS
