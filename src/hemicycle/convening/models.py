"""The convening letter of a meeting: its template, the missions it goes to, the batches that
render it for every addressee, and the log of its deliveries by e-mail."""

import base64

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hemicycle.delegations.models import Delegation
from hemicycle.meetings.models import Meeting


class Honorific(models.TextChoices):
    HIS = "his", _("His Excellency")
    HER = "her", _("Her Excellency")
    UNKNOWN = "", _("His/Her Excellency")


class Mission(models.Model):
    """How a delegation's permanent mission is addressed: its head and the mission's e-mail."""

    delegation = models.OneToOneField(Delegation, on_delete=models.CASCADE, related_name="mission")
    representative = models.CharField(_("head of mission"), max_length=200, blank=True)
    honorific = models.CharField(
        _("honorific"), max_length=5, choices=Honorific.choices, blank=True
    )
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        ordering = ["delegation__name"]
        verbose_name = _("permanent mission")
        verbose_name_plural = _("permanent missions")

    def __str__(self) -> str:
        return str(self.delegation)


class LetterTemplate(models.Model):
    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="letter")
    place = models.CharField(_("place"), max_length=100, default="New York")
    date = models.DateField(_("date of the letter"))
    subject = models.CharField(_("e-mail subject"), max_length=300)
    body = models.TextField(_("text"))
    signature = models.CharField(_("signed"), max_length=200)
    # The letterhead: the office's name, its emblem (PNG or JPEG, kept here: a letter must not
    # depend on a file elsewhere) and its address, above every letter.
    office = models.CharField(
        _("office"),
        max_length=200,
        blank=True,
        help_text=_("The letterhead's heading, e.g. The President of the General Assembly."),
    )
    address = models.TextField(
        _("address"),
        blank=True,
        help_text=_("Under the heading: one line of the address per line."),
    )
    emblem = models.BinaryField(_("emblem"), blank=True, default=b"")
    emblem_type = models.CharField(max_length=20, blank=True, default="")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")

    def __str__(self) -> str:
        return f"{self.meeting}: {self.subject}"

    @property
    def emblem_uri(self) -> str:
        """The emblem as a data: address, for the preview (the CSP allows it) and the PDF."""
        if not self.emblem:
            return ""
        return f"data:{self.emblem_type};base64,{base64.b64encode(bytes(self.emblem)).decode()}"


class BatchStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Batch(models.Model):
    """One rendering of the letter for every addressee, into a folder under the data directory."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="letter_batches")
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    progressed_at = models.DateTimeField(_("last progress"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    total = models.PositiveIntegerField(_("letters"), default=0)
    done = models.PositiveIntegerField(_("written"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=BatchStatus.choices, default=BatchStatus.RUNNING
    )
    error = models.TextField(_("error"), blank=True)
    directory = models.CharField(_("folder"), max_length=500)

    class Meta:
        ordering = ["meeting", "-created_at", "-pk"]
        verbose_name = _("batch of letters")
        verbose_name_plural = _("batches of letters")

    def __str__(self) -> str:
        return f"{self.meeting} #{self.pk}"

    @property
    def percent(self) -> int:
        return 100 if not self.total else int(100 * self.done / self.total)


class Delivery(models.Model):
    """A letter sent to one addressee; unique, so that sending again never duplicates it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="deliveries")
    delegation = models.ForeignKey(Delegation, on_delete=models.PROTECT, related_name="+")
    batch = models.ForeignKey(
        Batch, null=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    email = models.EmailField(_("sent to"))
    message_id = models.CharField(_("message id"), max_length=300)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering = ["meeting", "sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "delegation"], name="one_letter_per_addressee"
            )
        ]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self) -> str:
        return f"{self.delegation} ← {self.meeting}"
