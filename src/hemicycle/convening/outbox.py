"""Send the convening letter by e-mail to every addressee with an address, through Django's mail
backend, and log each delivery. Sending again sends only to those who have not had it."""

from dataclasses import dataclass, field
from pathlib import Path

from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hemicycle.convening.batch import NOTE, folder_of, template_of
from hemicycle.convening.letters import addressees, fill
from hemicycle.convening.models import Batch, BatchStatus, Delivery
from hemicycle.delegations.models import Delegation
from hemicycle.meetings.models import Meeting


class OutboxError(Exception):
    """The outbox cannot send yet; the message says what to do first."""


@dataclass
class Sent:
    sent: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    no_address: list[str] = field(default_factory=list)


def latest_batch(meeting: Meeting) -> Batch:
    batch = meeting.letter_batches.filter(status=BatchStatus.DONE).first()
    if batch is None:
        raise OutboxError(
            _(
                "Generate the letters first: the outbox sends the files of the latest finished batch."
            )
        )
    return batch


def send(meeting: Meeting, website: str = "") -> Sent:
    template = template_of(meeting)
    batch = latest_batch(meeting)
    folder = folder_of(batch)
    result = Sent()
    sent_to = set(
        Delivery.objects.filter(meeting=meeting).values_list("delegation__code", flat=True)
    )
    body = fill(template.body, meeting, website)
    connection = get_connection()
    for addressee in addressees():
        if addressee.code in sent_to:
            result.already.append(addressee.code)
            continue
        if not addressee.email:
            result.no_address.append(addressee.code)
            continue
        letter = folder / f"{addressee.filename}.pdf"
        if not letter.exists():
            raise OutboxError(
                _("The latest batch has no letter for %(name)s: generate the letters again.") % {"name": addressee.name}
            )  # fmt: skip
        with transaction.atomic():
            delegation = Delegation.objects.get(code=addressee.code)
            try:
                with transaction.atomic():
                    delivery = Delivery.objects.create(
                        meeting=meeting,
                        delegation=delegation,
                        batch=batch,
                        email=addressee.email,
                        message_id="",
                    )
            except IntegrityError:  # another outbox sent it a moment ago
                result.already.append(addressee.code)
                continue
            message = EmailMessage(
                subject=template.subject,
                body=f"{addressee.salutation_line}\n{addressee.function}\n\nExcellency,\n\n{body}\n\n{template.signature}",
                to=[addressee.email],
                connection=connection,
            )
            message.attach_file(str(letter), "application/pdf")
            message.attach_file(str(Path(folder) / f"{NOTE}.pdf"), "application/pdf")
            message.extra_headers["Message-ID"] = _message_id(meeting, addressee.code)
            message.send()  # raises: the delivery row is rolled back with it, to be sent next time
            delivery.message_id = message.extra_headers["Message-ID"]
            delivery.save(update_fields=["message_id"])
        result.sent.append(addressee.code)
    return result


def _message_id(meeting: Meeting, code: str) -> str:
    return f"<convening.{meeting.slug}.{code}@hemicycle>"
