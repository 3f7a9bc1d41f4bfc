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

from .support import SHOTS

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
# axe-core 4.14.1, as its package's sri-history.json lists it.
AXE_SRI = "sha256-KTSJmUUM3yhJqOcLeRL8LahahJ2jnA0NU5T1HUqe2Vw="
TAGS = ["wcag2a", "wcag2aa"]
BLOCKING = {"serious", "critical"}

_RUN = """tags => axe.run(document, {runOnly: {type: "tag", values: tags}}).then(result =>
  result.violations.map(v => ({
    rule: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map(n => n.target.join(" ")),
    summary: (v.nodes[0] && v.nodes[0].failureSummary || "").replace(/\\s+/g, " "),
  })))"""


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    help: str
    targets: list[str]
    summary: str = ""  # axe's own words about the first element found

    def __str__(self) -> str:
        where = ", ".join(self.targets[:3]) + (" …" if len(self.targets) > 3 else "")
        return (
            f"{self.impact}: {self.rule} — {self.help} ({len(self.targets)}× e.g. {where})"
            f"{': ' + self.summary if self.summary else ''}"
        )


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


def assert_nothing_serious(page: Page, name: str) -> None:
    """No serious or critical finding; every finding saved to
    test-artifacts/e2e/axe-<name>.json and printed (visible with -rP)."""
    found = violations(page, record=SHOTS / f"axe-{name}.json")
    for violation in found:
        print(f"axe, {name}: {violation}")
    assert not [v for v in found if v.impact in BLOCKING], "\n".join(map(str, found))
