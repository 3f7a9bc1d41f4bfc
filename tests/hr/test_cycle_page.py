"""The cycle page once launched: what is fixed is shown as it is in force."""

from __future__ import annotations

import pytest

from tests.helpers import launched_cycle
from tests.surveys.support import text

pytestmark = pytest.mark.django_db


def test_a_launched_cycle_shows_the_thresholds_in_force_not_blanks(hr_client, instrument):
    cycle, _ = launched_cycle(team_size=3, k=4, ask_peers=True, other_k=None, comment_k=None)
    page = text(hr_client.get(f"/admin/surveys/cycle/{cycle.pk}/change/"))
    assert "Peer threshold: 4 (the same as direct reports)" in page
    assert "Others threshold: — (others are not asked in this cycle)" in page
    assert "Comment threshold: 5 for direct reports, 5 for peers" in page
