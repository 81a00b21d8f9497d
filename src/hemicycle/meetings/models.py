"""A meeting as it is convened: its programme (segments), its documents, its rules of the floor."""

import zoneinfo
from datetime import datetime, time
from typing import Any

from babel.core import UnknownLocaleError
from babel.dates import get_timezone_location
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext_lazy as _

from hemicycle.accounts import roles


class Policy(models.TextChoices):
    UN_DIALOGUE = "un_dialogue", _("UN practice: groups, then level of representation, then time")
    FIRST_COME = "first_come", _("First come, first served")
    MANUAL = "manual", _("Ordered by the secretariat")


class Overrun(models.TextChoices):
    SOFT = "soft", _("Soft: the clock turns red and counts up; the chair decides")
    BELL = "bell", _("Bell: a sound and a notice at the limit")
    HARD = "hard", _("Hard: the speech ends at the limit")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONVENED = "convened", _("Convened")
    IN_PROGRESS = "in_progress", _("In progress")
    CONCLUDED = "concluded", _("Concluded")


class Meeting(models.Model):
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=300)
    short_title = models.CharField(_("short title"), max_length=150, blank=True)
    body = models.CharField(_("convening body"), max_length=200, blank=True)
    convener = models.CharField(_("convener"), max_length=200, blank=True)
    date = models.DateField(_("date"))
    starts = models.TimeField(_("starts"), default=time(10, 0))
    ends = models.TimeField(_("ends"), default=time(18, 0))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    timezone = models.CharField(_("time zone"), max_length=64, default="UTC")
    languages = models.JSONField(_("languages"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CONVENED
    )
    policy = models.CharField(
        _("precedence"), max_length=20, choices=Policy.choices, default=Policy.UN_DIALOGUE
    )
    overrun = models.CharField(
        _("overrun"), max_length=10, choices=Overrun.choices, default=Overrun.SOFT
    )
    limits = models.JSONField(_("time limits (seconds, by kind of speech)"), default=dict)
    background = models.TextField(_("background"), blank=True)
    purposes = models.TextField(_("purposes"), blank=True)
    expected_outcomes = models.TextField(_("expected outcomes"), blank=True)

    class Meta:
        ordering = ["-date", "starts"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return self.short_title or self.title

    def get_absolute_url(self) -> str:
        return reverse("meeting", args=[self.slug])

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def timezone_city(self) -> str:
        """The city that names the meeting's time zone, in the reader's language: "New York"."""
        try:
            locale = to_locale(get_language() or "en")
            return str(get_timezone_location(self.tz, locale=locale, return_city=True))
        except (LookupError, UnknownLocaleError):
            return self.timezone

    def local(self, moment: time) -> datetime:
        return datetime.combine(self.date, moment, tzinfo=self.tz)

    def floor_config(self) -> dict[str, Any]:
        """The payload of the `meeting_configured` event: what the floor needs to know."""
        return {
            "policy": self.policy,
            "overrun": self.overrun,
            "limits": self.limits,
            "segments": [segment.floor_plan() for segment in self.segments.all()],
        }


class SegmentKind(models.TextChoices):
    OPENING = "opening", _("Opening")
    PANEL = "panel", _("Panel")
    DIALOGUE = "dialogue", _("Dialogue")
    BREAK = "break", _("Break")
    CLOSING = "closing", _("Closing")


class Segment(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="segments")
    key = models.SlugField(_("key"), max_length=40)
    order = models.PositiveIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=SegmentKind.choices)
    title = models.CharField(_("title"), max_length=300)
    starts = models.TimeField(_("starts"))
    ends = models.TimeField(_("ends"))
    chair = models.CharField(_("chair"), max_length=200, blank=True)
    moderator = models.CharField(_("moderator"), max_length=200, blank=True)
    themes = models.JSONField(_("themes"), default=list, blank=True)
    speakers = models.JSONField(_("programme speakers"), default=list, blank=True)
    note = models.TextField(_("note"), blank=True)
    limit_s = models.PositiveIntegerField(_("statement limit (seconds)"), null=True, blank=True)

    class Meta:
        ordering = ["meeting", "order", "starts"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "key"], name="unique_segment_key")
        ]
        verbose_name = _("segment")
        verbose_name_plural = _("segments")

    def __str__(self) -> str:
        return self.title

    def floor_plan(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "kind": self.kind,
            "title": self.title,
            "speakers": self.speakers,
            "limit_s": self.limit_s,
        }


class DocumentKind(models.TextChoices):
    REPORT = "report", _("Report")
    CONCEPT_NOTE = "concept_note", _("Concept note")
    PROGRAMME = "programme", _("Programme")
    LETTER = "letter", _("Letter")
    STATEMENT = "statement", _("Statement")


class Document(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    symbol = models.CharField(
        _("document symbol"), max_length=100, blank=True, help_text=_("e.g. A/67/929–S/2013/399")
    )
    title = models.CharField(_("title"), max_length=400)
    date = models.DateField(_("date"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    advance_copy = models.BooleanField(_("advance copy"), default=False)
    url = models.URLField(_("link"), blank=True)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["meeting", "date", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return f"{self.symbol} {self.title}".strip()


def _document_path(instance: "DocumentFile", filename: str) -> str:
    document = instance.document
    return f"documents/{document.meeting.slug}/{document.pk}/{instance.language}/{filename}"


class DocumentFile(models.Model):
    """One language version of a document: the file as uploaded, with its sha256 checksum."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="files")
    language = models.CharField(_("language"), max_length=10)
    file = models.FileField(_("file"), upload_to=_document_path, max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("sha256 checksum"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["document", "language"]
        constraints = [
            models.UniqueConstraint(fields=["document", "language"], name="one_file_per_language")
        ]
        verbose_name = _("document file")
        verbose_name_plural = _("document files")

    def __str__(self) -> str:
        return f"{self.document} ({self.language})"

    def get_absolute_url(self) -> str:
        return reverse(
            "document_file", args=[self.document.meeting.slug, self.document.pk, self.language]
        )


class ProgrammeVersion(models.Model):
    """A published state of the programme: kept for ever, with what changed since the last one."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    final = models.BooleanField(_("final"), default=False)
    published_at = models.DateTimeField(_("published"))
    segments = models.JSONField(_("segments"), default=list)
    changes = models.JSONField(_("changes"), default=list)

    class Meta:
        ordering = ["meeting", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="unique_version_number")
        ]
        verbose_name = _("programme version")
        verbose_name_plural = _("programme versions")

    def __str__(self) -> str:
        return f"{self.meeting} v{self.number}"


class Announcement(models.Model):
    """News of a meeting for its public page and Atom feed: "updated information … on the website"."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="announcements")
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"))
    published_at = models.DateTimeField(_("published"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["meeting", "-published_at", "-pk"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")

    def __str__(self) -> str:
        return self.title


def shown_to(meeting: Meeting | None, user: Any) -> Meeting | None:
    """`meeting` if `user` may see it: a draft is seen only by its secretariat, whoever prepares
    it and the meeting's own secretaries (the public, the focal points and the chairs get no page,
    answer, stream or display of it)."""
    if meeting is None or meeting.status != Status.DRAFT:
        return meeting
    return meeting if roles.sees_draft(user, meeting) else None


def visible_to(user: Any) -> "models.QuerySet[Meeting]":
    """The meetings `user` may see listed (drafts only for whoever prepares them)."""
    found = Meeting.objects.all()
    drafts = roles.drafts_seen_by(user)
    if drafts is None:
        return found
    return found.exclude(models.Q(status=Status.DRAFT) & ~models.Q(pk__in=drafts))


def meeting_or_404(slug: str, user: Any) -> Meeting:
    """The meeting of `slug` as `user` (whoever asks; None: nobody signed in) may see it."""
    from django.http import Http404

    # No slug holds a NUL character (PostgreSQL cannot even compare one).
    found = None if "\x00" in slug else Meeting.objects.filter(slug=slug).first()
    found = shown_to(found, user)
    if found is None:
        raise Http404(_("There is no meeting “%(slug)s”; see /api/v1/meetings.") % {"slug": slug})
    return found
