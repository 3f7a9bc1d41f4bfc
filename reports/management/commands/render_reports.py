"""Write every report of a released cycle, and its overview, into a folder."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.models import Report
from reports.services import report_generate
from surveys.models import Cycle


def _team_shown(results: dict) -> bool:
    return any(g["key"] == "team" and g["shown"] for g in results.get("groups", []))


def progress_bar(done: int, total: int, width: int = 30) -> str:
    filled = round(width * done / total) if total else width
    return f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total}"


class Command(BaseCommand):
    help = "Write each manager's PDF and the cycle overview of a released cycle into DIR."

    def add_arguments(self, parser):
        parser.add_argument("cycle_id", type=int)
        parser.add_argument("--out", required=True, type=Path, help="Folder to write into.")

    def handle(self, *args, cycle_id: int, out: Path, **options):
        cycle = Cycle.objects.filter(pk=cycle_id).first()
        if cycle is None:
            raise CommandError(f"There is no cycle with id {cycle_id}.")
        if cycle.status != Cycle.Status.RELEASED:
            raise CommandError(
                f"“{cycle.name}” is {cycle.get_status_display().lower()}: reports exist only "
                "once a cycle is released."
            )
        out.mkdir(parents=True, exist_ok=True)
        reports = list(
            Report.objects.defer("pdf")
            .select_related("cycle", "assessment__manager")
            .filter(cycle=cycle)
        )
        withheld = []
        interactive = sys.stderr.isatty()
        for done, report in enumerate(reports, start=1):
            report_generate(report_id=report.pk)
            content = Report.objects.filter(pk=report.pk).values_list("pdf", flat=True).get()
            (out / report.filename).write_bytes(bytes(content))
            if report.kind == Report.Kind.MANAGER and not _team_shown(report.results):
                withheld.append(report.assessment.manager.name)
            if interactive or done == len(reports):
                self.stderr.write(f"\r{progress_bar(done, len(reports))}", ending="")
        self.stderr.write("")
        self.stdout.write(f"Wrote {len(reports)} PDFs to {out}.")
        if withheld:
            self.stdout.write(
                f"Team view withheld (fewer than k={cycle.k} team responses) for: "
                f"{', '.join(sorted(withheld))}."
            )
        else:
            self.stdout.write("No report has its team view withheld.")
