"""The e-mails of the inscription: the receipt of a request to speak, a civil-society decision."""

import dataclasses
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from hemicycle import floor
from hemicycle.accounts import roles
from hemicycle.accounts.invitations import site_url
from hemicycle.accounts.models import FocalPoint
from hemicycle.inscription import mailer
from hemicycle.inscription.models import Mail
from hemicycle.inscription.receipts import Receipt, as_file
from hemicycle.inscription.window import local_time
from hemicycle.meetings.models import Meeting
from hemicycle.proceedings import labels
from hemicycle.proceedings.batch import Batch


def one_line(subject: str) -> str:
    """A subject on one line: a name recorded with a line break (before names were checked, or
    through the admin) must not stop the e-mail (Django refuses a header with one)."""
    return " ".join(subject.split())


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


def queue_receipt(meeting: Meeting, receipt: Receipt, user: Any, batch: Batch | None) -> None:
    """The receipt's e-mail, due in the transaction that records the request (in the writer's
    `batch`), composed and sent after the commit and after the rush (mailer.py)."""
    data = {**dataclasses.asdict(receipt), "received_at": receipt.received_at.isoformat()}
    data |= {"user": getattr(user, "pk", None), "language": translation.get_language() or ""}
    mail = Mail(meeting=meeting, kind="receipt", key=f"receipt:{meeting.pk}:{receipt.seq}")
    mail.data = data
    mailer.queue(mail, batch)


def _compose_receipt(mail: Mail) -> EmailMessage | None:
    data = dict(mail.data)
    user = User.objects.filter(pk=data.pop("user", None)).first()
    language = data.pop("language", "") or None
    receipt = Receipt(**{**data, "received_at": datetime.fromisoformat(data["received_at"])})
    recipients = receipt_recipients(receipt.delegation, user)
    if not recipients:
        return None
    meeting = mail.meeting
    with translation.override(language):
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
            one_line(
                _("Request to speak received: %(delegation)s, %(meeting)s")
                % {"delegation": receipt.delegation_name, "meeting": meeting}
            ),
            render_to_string("inscription/email/receipt.txt", context),
            None,
            recipients,
        )
    # The signed receipt as a file, for the verifier (docs/receipts.md) to read as it is.
    message.attach(
        f"receipt-{meeting.slug}-{receipt.seq}.json", as_file(receipt), "application/json"
    )
    return message


mailer.COMPOSERS["receipt"] = _compose_receipt


def declaration_to_check(
    meeting: Meeting, entry: floor.Entry, seq: int, batch: Batch | None = None
) -> None:
    """Tell the secretariat, through the outbox, that a request declares a level or a group it has
    to confirm (`seq`: the event that recorded the declaration)."""
    secretariat = Q(groups__name=roles.SECRETARIAT) | Q(is_superuser=True)
    found = User.objects.filter(secretariat, is_active=True).exclude(email="")
    recipients = sorted({email.lower() for email in found.values_list("email", flat=True)})
    if not recipients:
        return
    context = {
        "meeting": meeting,
        "entry": entry,
        "level": labels.LEVELS.get(entry.level, entry.level),
        "link": site_url(f"/manage/{meeting.slug}/requests/?status=pending"),
    }
    mail = Mail(
        meeting=meeting,
        kind="declaration",
        key=f"declaration:{meeting.pk}:{entry.id}:{seq}",
        to=recipients,
        subject=one_line(
            _("To confirm: %(delegation)s, %(meeting)s")
            % {"delegation": entry.delegation_name, "meeting": meeting}
        ),
        body=render_to_string("inscription/email/declaration.txt", context),
    )
    mailer.queue(mail, batch)


def send_decision(meeting: Meeting, application: Any, link: str) -> None:
    context = {"meeting": meeting, "application": application, "link": link}
    mail = Mail(
        meeting=meeting,
        kind="decision",
        key=f"decision:{application.pk}:{application.decision}",
        to=[application.contact_email],
        subject=one_line(_("Your application to speak: %(meeting)s") % {"meeting": meeting}),
        body=render_to_string("inscription/email/decision.txt", context),
    )
    mailer.queue(mail)
