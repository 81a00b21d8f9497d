"""`hemicycle verify [MEETING …]`: check the stored log's hash chain; name the first broken link."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hemicycle.backup.management.arguments import meeting_named
from hemicycle.backup.verify import verify
from hemicycle.meetings.models import Meeting


class Command(BaseCommand):
    help = "Check the hash chain of each MEETING's floor log (every meeting if none is named)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("meetings", nargs="*", help="short names (default: every meeting)")

    def handle(self, *args: Any, **options: Any) -> None:
        meetings = [meeting_named(slug) for slug in options["meetings"]] or list(
            Meeting.objects.order_by("slug")
        )
        broken = []
        for meeting in meetings:
            count, last, found = verify(meeting)
            if found is None:
                self.stdout.write(f"ok: {meeting.slug}: {count} events, last hash {last}")
            else:
                broken.append(f"{meeting.slug}: broken at {found.describe()}")
        if broken:
            raise CommandError("\n".join(broken))
