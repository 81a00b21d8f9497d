"""`hemicycle verify [MEETING …] [--checkpoint FILE …]`: check each stored log link by link and
against every signed checkpoint of its head; name each problem, exit 1 if there is one. Reads only."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hemicycle.backup.management.arguments import meeting_named
from hemicycle.backup.verify import verify
from hemicycle.meetings.models import Meeting


class Command(BaseCommand):
    help = (
        "Check the hash chain of each MEETING's floor log (every meeting if none is named), and "
        "that it matches every signed checkpoint: the server's, and those given with --checkpoint."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("meetings", nargs="*", help="short names (default: every meeting)")
        parser.add_argument(
            "--checkpoint",
            action="append",
            default=[],
            metavar="FILE",
            help="a checkpoint a delegation kept (the JSON of …/checkpoints/latest, or the list "
            "of …/checkpoints); with one MEETING",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        kept = [found for path in options["checkpoint"] for found in _checkpoints_in(path)]
        if kept and len(options["meetings"]) != 1:
            raise CommandError("Name the one meeting the --checkpoint file is to be checked for.")
        meetings = [meeting_named(slug) for slug in options["meetings"]] or list(
            Meeting.objects.order_by("slug")
        )
        failed = []
        for meeting in meetings:
            report = verify(meeting, kept)
            if report.problems:
                failed += [f"{meeting.slug}: {problem}" for problem in report.problems]
                continue
            self.stdout.write(
                f"ok: {meeting.slug}: {report.count} events, last hash {report.last_hash}"
            )
            for held in report.held:
                self.stdout.write(f"  matches {held}")
            if not report.held:
                self.stdout.write(
                    "  no signed checkpoint yet: only the links of the chain were checked"
                )
        if failed:
            raise CommandError("\n".join(failed))


def _checkpoints_in(path: str) -> list[dict[str, Any]]:
    """The checkpoints of a file: one checkpoint, or the answer of …/checkpoints."""
    try:
        with open(path, encoding="utf-8") as file:
            data = json.load(file)
    except (OSError, ValueError) as bad:
        raise CommandError(f"The checkpoint file {path} cannot be read: {bad}") from None
    found = data.get("checkpoints", [data]) if isinstance(data, dict) else data
    if not isinstance(found, list) or not all(isinstance(c, dict) for c in found):
        raise CommandError(f"{path} holds no checkpoint (a JSON object or a list of them).")
    return found
