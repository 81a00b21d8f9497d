"""The e-mails of the inscription: the receipt of a request to speak, a civil-society decision."""

from typing import Any

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from hemicycle.accounts.invitations import site_url
from hemicycle.accounts.models import FocalPoint
from hemicycle.inscription import mailer
from hemicycle.inscription.receipts import Receipt, as_file
from hemicycle.inscription.window import local_time
from hemicycle.meetings.models import Meeting
from hemicycle.proceedings.batch import Batch, after_commit


def receipt_recipients(delegation: str, user: Any) -> list[str]:
    """The person who inscribed, and every focal point of the delegation."""
    found = {
        email.lower()
        for email in FocalPoint.objects.filter(delegation__code=delegation).values_list(
            "user__email", flat=True
        )
        if email
    }
    if getattr(user, "email", ""):
        found.add(user.email.lower())
    return sorted(found)


def send_receipt(meeting: Meeting, receipt: Receipt, user: Any, batch: Batch | None) -> None:
    """The receipt by e-mail, composed and sent after the answer (and, for a command of the
    writer's `batch`, after the batch's commit: no receipt for a request that is not recorded)."""
    after_commit(batch, lambda: mailer.later(lambda: _send_receipt(meeting, receipt, user)))


def _send_receipt(meeting: Meeting, receipt: Receipt, user: Any) -> None:
    recipients = receipt_recipients(receipt.delegation, user)
    if not recipients:
        return
    context = {
        "meeting": meeting,
        "receipt": receipt,
        "received": local_time(meeting, receipt.received_at, "d MMMM y, HH:mm:ss.SSS"),
        "city": meeting.timezone_city,
        "verify": site_url(receipt.verify_url),
        "keys": site_url("/api/v1/keys"),
        "list": site_url(f"/meetings/{meeting.slug}/list/"),
    }
    message = EmailMessage(
        _("Request to speak received: %(delegation)s, %(meeting)s")
        % {"delegation": receipt.delegation_name, "meeting": meeting},
        render_to_string("inscription/email/receipt.txt", context),
        None,
        recipients,
    )
    # The signed receipt as a file, for the verifier (docs/receipts.md) to read as it is.
    message.attach(
        f"receipt-{meeting.slug}-{receipt.seq}.json", as_file(receipt), "application/json"
    )
    message.send()


def send_decision(meeting: Meeting, application: Any, link: str) -> None:
    context = {"meeting": meeting, "application": application, "link": link}
    mailer.send(
        _("Your application to speak: %(meeting)s") % {"meeting": meeting},
        render_to_string("inscription/email/decision.txt", context),
        [application.contact_email],
    )
