"""`hemicycle serve`: uvicorn, one process or N workers sharing one port."""

import os
from typing import Any

import uvicorn
from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser


def email_is_on() -> bool:
    return bool(settings.EMAIL_BACKEND != "django.core.mail.backends.dummy.EmailBackend")


class Command(BaseCommand):
    help = "Serve Hemicycle with uvicorn (ASGI); --workers N for several processes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["workers"] > 1 and not settings.REDIS_URL:
            self.stderr.write(
                "Several workers without HEMICYCLE_REDIS_URL: a command reaches the live streams "
                "of its own worker only. Set HEMICYCLE_REDIS_URL (docs/operations.md)."
            )
        if "HEMICYCLE_SITE_URL" not in os.environ and email_is_on():
            self.stderr.write(
                f"HEMICYCLE_SITE_URL is not set: links in e-mails (invitations, receipts) point to "
                f"{settings.HEMICYCLE_SITE_URL}. Set it to this site's public address "
                "(docs/operations.md)."
            )
        uvicorn.run(
            "hemicycle.asgi:application",
            host=options["host"],
            port=options["port"],
            workers=options["workers"],
            log_level="warning",
            proxy_headers=True,
            lifespan="on",
            timeout_graceful_shutdown=2,  # open live streams never finish by themselves
        )
