"""A mail server that is down: every message fails (for the outbox's tests, in a served process)."""

from django.core.mail.backends.base import BaseEmailBackend


class Down(BaseEmailBackend):
    def send_messages(self, email_messages):  # type: ignore[no-untyped-def]
        raise ConnectionRefusedError("the mail server does not answer")
