"""`hemicycle import FILE [--replace | --as NEW_SLUG]`: a meeting from `hemicycle export`, its hash
chain verified before anything is written, written in one transaction. (`import` is a Python
keyword; Django loads commands with importlib, which does not mind.)"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from hemicycle.backup import restore
from hemicycle.backup.format import ArchiveError


class Command(BaseCommand):
    help = "Import a meeting exported by `hemicycle export` (FILE, or - for standard input)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the export (JSON), or - to read standard input")
        named = parser.add_mutually_exclusive_group()
        named.add_argument(
            "--replace", action="store_true", help="replace a meeting of the same short name"
        )
        named.add_argument("--as", dest="slug", help="import under this short name instead")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            data = restore.read(options["file"])
            report = restore.restore(data, slug=options["slug"], replace=options["replace"])
        except ArchiveError as refused:
            raise CommandError(str(refused)) from None
        except DatabaseError as failed:
            raise CommandError(
                f"The export does not fit this database ({failed}). Nothing imported."
            ) from None
        for note in report.notes:
            self.stderr.write(f"note: {note}")
        self.stdout.write(
            f"{'replaced' if report.replaced else 'imported'} {report.slug}: "
            f"{report.events} events, chain verified, last hash {report.last_hash}; "
            f"{report.files} files"
        )
