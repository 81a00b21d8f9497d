"""`hemicycle letters MEETING --out DIR`: every convening letter as DOCX and PDF, with a progress bar."""

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hemicycle.convening.batch import NoTemplate, write_letters
from hemicycle.convening.letters import addressees
from hemicycle.meetings.models import Meeting


class Command(BaseCommand):
    help = "Write the convening letter of MEETING for every addressee (DOCX and PDF) into --out."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("meeting", help="the meeting's short name, e.g. r2p-2013")
        parser.add_argument("--out", required=True, help="the folder to write the letters into")
        parser.add_argument("--limit", type=int, default=0, help="only the first N addressees")
        parser.add_argument(
            "--website",
            default="",
            help="the meeting page's address, for the {website} placeholder",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        meeting = Meeting.objects.filter(slug=options["meeting"]).first()
        if meeting is None:
            known = ", ".join(Meeting.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"There is no meeting “{options['meeting']}”; meetings: {known}.")
        people = addressees()
        if options["limit"]:
            people = people[: options["limit"]]
        out = Path(options["out"])
        started = time.monotonic()

        def progress(done: int, total: int) -> None:
            width = 30
            filled = width * done // total
            bar = "#" * filled + "." * (width - filled)
            sys.stderr.write(f"\rLetters [{bar}] {done}/{total}")
            if done == total:
                sys.stderr.write("\n")
            sys.stderr.flush()

        try:
            count = write_letters(
                meeting, out, website=options["website"], only=people, progress=progress
            )
        except NoTemplate as refused:
            raise CommandError(str(refused)) from None
        seconds = time.monotonic() - started
        self.stdout.write(
            f"{count} letters ({count * 2} files) and the enclosure written to {out} in {seconds:.1f} s"
        )
