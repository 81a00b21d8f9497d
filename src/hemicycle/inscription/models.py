"""The inscription side of a meeting: the statement files, civil society's applications (the window
is in the floor's log: window.py)."""

from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Statement(models.Model):
    """The text of a statement, uploaded with a request to speak (PDF or DOCX): one file per
    language version. `publish` is the delegation's word: False marks it "not for publication"."""

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="statements"
    )
    entry = models.PositiveIntegerField(_("request"))
    delegation = models.CharField(_("delegation"), max_length=20)
    filename = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("format"), max_length=4)  # pdf | docx
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.CharField(_("uploaded by"), max_length=150)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    publish = models.BooleanField(_("for publication"), default=True)

    class Meta:
        ordering = ["meeting", "entry", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "entry", "language"], name="one_statement_per_language"
            )
        ]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")

    def __str__(self) -> str:
        return f"{self.meeting_id}#{self.entry} {self.filename}"

    @property
    def path(self) -> Path:
        return Path(settings.DATA_DIR) / "statements" / str(self.meeting_id) / self.sha256


class EcosocStatus(models.TextChoices):
    GENERAL = "general", _("General consultative status")
    SPECIAL = "special", _("Special consultative status")
    ROSTER = "roster", _("Roster")
    NONE = "none", _("No consultative status")


class Application(models.Model):
    """A civil-society organisation's application to speak at a meeting."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("Pending")
        SELECTED = "selected", _("Selected")
        DECLINED = "declined", _("Not selected")

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="applications"
    )
    organisation = models.CharField(_("organisation"), max_length=200)
    ecosoc_status = models.CharField(
        _("ECOSOC consultative status"), max_length=10, choices=EcosocStatus.choices
    )
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    speaker = models.CharField(_("speaker"), max_length=200, blank=True)
    remarks = models.TextField(_("intended remarks"), max_length=5000)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    decided_by = models.CharField(_("decided by"), max_length=150, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    delegation = models.ForeignKey(
        "delegations.Delegation", on_delete=models.SET_NULL, null=True, blank=True
    )
    entry = models.PositiveIntegerField(_("request to speak"), null=True, blank=True)

    class Meta:
        ordering = ["received_at"]
        verbose_name = _("civil-society application")
        verbose_name_plural = _("civil-society applications")

    def __str__(self) -> str:
        return f"{self.organisation} ({self.meeting})"


class Mail(models.Model):
    """An e-mail of the inscription (a receipt, a civil-society decision), written in the same
    transaction as what it tells of, and its delivery log: a crash before it leaves loses nothing,
    and the next start sends it (inscription/mailer.py)."""

    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, related_name="mails")
    kind = models.CharField(_("kind"), max_length=20)  # receipt | decision
    key = models.CharField(max_length=120, unique=True)  # one e-mail per receipt or decision
    data = models.JSONField(default=dict)  # what a receipt's e-mail is composed from when sent
    to = models.JSONField(_("to"), default=list)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body = models.TextField(_("body"), blank=True)
    queued_at = models.DateTimeField(_("queued"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    tried_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    message_id = models.CharField(_("message id"), max_length=300, blank=True)
    error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["queued_at", "pk"]
        indexes = [models.Index(fields=["sent_at", "queued_at"], name="mail_unsent")]
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")

    def __str__(self) -> str:
        return f"{self.kind} {self.key} ({'sent' if self.sent_at else 'waiting'})"
