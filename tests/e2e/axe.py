"""axe-core, vendored (tests/e2e/vendor/), run inside a page.

Pages send a strict Content-Security-Policy, which refuses an injected script:
run this in a context opened with `bypass_csp=True`.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
# axe-core 4.14.1, as its package's sri-history.json lists it.
AXE_SRI = "sha256-KTSJmUUM3yhJqOcLeRL8LahahJ2jnA0NU5T1HUqe2Vw="
TAGS = ["wcag2a", "wcag2aa"]
BLOCKING = {"serious", "critical"}

_RUN = """tags => axe.run(document, {runOnly: {type: "tag", values: tags}}).then(result =>
  result.violations.map(v => ({
    rule: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map(n => n.target.join(" ")),
  })))"""


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    help: str
    targets: list[str]

    def __str__(self) -> str:
        where = ", ".join(self.targets[:3]) + (" …" if len(self.targets) > 3 else "")
        return f"{self.impact}: {self.rule} — {self.help} ({len(self.targets)}× e.g. {where})"


def sri(path: Path) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(path.read_bytes()).digest()).decode()


def violations(page: Page, *, record: Path | None = None) -> list[Violation]:
    """WCAG 2 A and AA violations on the page as it is now; saved as JSON to
    `record` if given."""
    assert sri(AXE) == AXE_SRI, f"{AXE} is not the axe-core release it claims to be"
    page.add_script_tag(path=AXE)
    found = [Violation(**v) for v in page.evaluate(_RUN, TAGS)]
    if record is not None:
        record.parent.mkdir(parents=True, exist_ok=True)
        record.write_text(json.dumps([v.__dict__ for v in found], indent=2))
    return found
