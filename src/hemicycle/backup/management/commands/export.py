"""`hemicycle export MEETING [--out FILE]`: the meeting, everything that belongs to it and its whole
log, as one JSON document (see backup/export.py and docs/architecture.md)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hemicycle.backup import export
from hemicycle.backup.management.arguments import meeting_named


class Command(BaseCommand):
    help = "Write MEETING with its programme, documents, inscriptions and floor log as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("meeting", help="the meeting's short name, e.g. r2p-2013")
        parser.add_argument("--out", help="the file to write (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        meeting = meeting_named(options["meeting"])
        try:
            data = export.write(export.export(meeting))
        except OSError as failed:
            raise CommandError(f"A file of the meeting cannot be read: {failed}.") from None
        if options["out"]:
            out = Path(options["out"])
            try:
                out.write_bytes(data)
            except OSError as failed:
                raise CommandError(f"Cannot write “{out}”: {failed.strerror}.") from None
            self.stderr.write(
                f"{meeting.slug}: {meeting.floor_events.count()} events written to {out}"
            )
        else:
            self.stdout.write(data.decode("ascii"))
