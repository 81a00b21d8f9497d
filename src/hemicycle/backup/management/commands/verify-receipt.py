"""`hemicycle verify-receipt RECEIPT.json [KEYS] [--meeting SLUG] [--log EVENTS]`: check a receipt's
or a checkpoint's signature, and that it stands in the meeting's public log; backup/verify_receipt.py
is the same check as a standalone script (docs/receipts.md)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hemicycle.backup import verify_receipt
from hemicycle.proceedings import signing


class Command(BaseCommand):
    help = (
        "Check the signature of a receipt or a checkpoint (a JSON file) against the published "
        "keys, and with --log that its event is in the meeting's unbroken log."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("receipt", help="the receipt's or checkpoint's JSON file")
        parser.add_argument(
            "keys",
            nargs="?",
            help="the published keys, a URL (https://…/api/v1/keys) or a file (default: this "
            "server's own list of public keys)",
        )
        parser.add_argument("--meeting", help="the meeting it must be of (its short name)")
        parser.add_argument(
            "--log", help="the meeting's events: https://…/api/v1/meetings/SLUG/events or a file"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        keys = options["keys"] or str(signing.directory() / "keys.json")
        try:
            said = verify_receipt.check(
                options["receipt"], keys, options["meeting"], options["log"]
            )
        except verify_receipt.Failed as failed:
            raise CommandError(f"FAILED, {failed.args[0]}: {failed.args[1]}") from None
        except (OSError, ValueError, KeyError, TypeError) as bad:
            raise CommandError(f"FAILED, unreadable: {bad!r}") from None
        self.stdout.write("\n".join(said))
