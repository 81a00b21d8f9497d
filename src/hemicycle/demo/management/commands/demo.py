import os
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from hemicycle.demo import finished, loader


class Command(BaseCommand):
    help = "Set up the demo meeting (the seed's R2P dialogue) and serve Hemicycle."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--reset", action="store_true", help="reload the demo from scratch")
        parser.add_argument("--no-serve", action="store_true", help="load the demo and stop")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", verbosity=0, interactive=False)
        meeting = loader.load(reset=options["reset"])
        done = finished.load(reset=options["reset"]).slug
        base = f"http://{options['host']}:{options['port']}"
        if "HEMICYCLE_SITE_URL" not in os.environ:  # e-mailed links point to this demo
            os.environ["HEMICYCLE_SITE_URL"] = settings.HEMICYCLE_SITE_URL = base
        slug = meeting.slug
        self.stdout.write(
            "\n".join(
                [
                    "",
                    f"Hemicycle demo: {meeting}",
                    "",
                    f"  Meeting page      {base}/meetings/{slug}/",
                    f"  Chair console     {base}/meetings/{slug}/console/   (sign in as chair)",
                    f"  Room display      {base}/meetings/{slug}/display/",
                    f"  Delegates' view   {base}/meetings/{slug}/delegates/   (sign in as delegate)",
                    f"  Requests to speak {base}/meetings/{slug}/inscription/   (sign in as delegate)",
                    f"  Provisional list  {base}/meetings/{slug}/list/   (also list.pdf, list.csv)",
                    f"  Record            {base}/meetings/{slug}/record/   (also record.csv)",
                    f"  Convening         {base}/manage/{slug}/   (sign in as secretariat)",
                    f"  Your account      {base}/accounts/me/   (API tokens)",
                    f"  API               {base}/api/v1/meetings/{slug}/floor   (docs: {base}/api/v1/docs)",
                    f"  Live stream       {base}/live/{slug}/",
                    "",
                    "  The same day, finished (illustrative statements, invented for the demo):",
                    f"  Record            {base}/meetings/{done}/record/   (chapters.vtt, chapters.txt)",
                    f"  Statements        {base}/meetings/{done}/statements/   (statements.atom)",
                    f"  Search            {base}/statements/search/?q=prevention",
                    f"  Participation     {base}/meetings/{done}/statistics/   (statistics.csv, .json)",
                    f"  Journal summary   {base}/meetings/{done}/journal/",
                    f"  Chair's summary   {base}/meetings/{done}/summary/   (sign in as secretariat)",
                    "",
                    f"  Accounts (password “{loader.PASSWORD}”):",
                    "    secretariat   secretariat officer: inscribes any delegation, runs the floor",
                    "    chair         presides over this meeting: runs its floor",
                    f"    delegate      focal point of {loader.DELEGATE_OF}",
                    "",
                ]
            )
        )
        if not options["no_serve"]:
            call_command("serve", host=options["host"], port=options["port"])
