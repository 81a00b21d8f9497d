"""What a meeting leaves: its statements as published, the themes each speech raised and the quotes
picked for the summary, the summary itself, and the series of meetings it belongs to."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Publication(models.Model):
    """A statement as the outcome sees it: its text (read from the file), and whether it may be
    shown. It is published once its speech has ended (`delivered_at`), unless the delegation marked
    it not for publication (`Statement.publish`) or the secretariat withheld it (`withheld_reason`).
    The fields copied from the floor (`sync.py`) serve the search's filters."""

    statement = models.OneToOneField(
        "inscription.Statement", on_delete=models.CASCADE, related_name="publication"
    )
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="publications"
    )
    entry = models.PositiveIntegerField(_("request"))
    delegation = models.CharField(_("delegation"), max_length=20)
    delegation_name = models.CharField(_("delegation"), max_length=200, blank=True)
    category = models.CharField(_("category"), max_length=20, blank=True)
    regional_group = models.CharField(_("regional group"), max_length=20, blank=True)
    on_behalf_of = models.CharField(_("on behalf of"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    text = models.TextField(_("text"), blank=True)
    text_of = models.CharField(max_length=64, blank=True)  # the sha256 of the file read
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    speech_number = models.PositiveIntegerField(_("speaking order"), null=True, blank=True)
    withheld_reason = models.CharField(_("withheld because"), max_length=500, blank=True)
    withheld_by = models.CharField(_("withheld by"), max_length=150, blank=True)
    withheld_at = models.DateTimeField(_("withheld"), null=True, blank=True)

    class Meta:
        ordering = ["meeting", "speech_number", "entry", "language"]
        indexes = [
            models.Index(fields=["meeting", "entry"], name="publication_meeting_entry"),
            # The search's order: the newest first, so that a common word stops at a page's worth.
            models.Index(fields=["-delivered_at", "-id"], name="publication_delivered"),
        ]
        verbose_name = _("published statement")
        verbose_name_plural = _("published statements")

    def __str__(self) -> str:
        return f"{self.meeting_id}#{self.entry} {self.language}"


class ThemeTag(models.Model):
    """The secretariat's word that speech `entry` raised `theme` (one of the meeting's themes)."""

    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, related_name="+")
    entry = models.PositiveIntegerField(_("request"))
    theme = models.CharField(_("theme"), max_length=300)
    quote = models.TextField(_("quote"), max_length=600, blank=True)
    tagged_by = models.CharField(_("tagged by"), max_length=150)

    class Meta:
        ordering = ["meeting", "entry", "theme"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "entry", "theme"], name="one_tag_per_theme")
        ]
        verbose_name = _("theme of a speech")
        verbose_name_plural = _("themes of speeches")

    def __str__(self) -> str:
        return f"{self.meeting_id}#{self.entry}: {self.theme}"


class Summary(models.Model):
    """The chair's summary as the secretariat edits it: the draft's parts, each a text."""

    meeting = models.OneToOneField(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="summary"
    )
    opening = models.TextField(_("opening paragraph"), blank=True)
    sections = models.JSONField(_("sections by theme"), default=list, blank=True)
    way_forward = models.TextField(_("the way forward"), blank=True)
    updated_by = models.CharField(_("edited by"), max_length=150, blank=True)
    updated_at = models.DateTimeField(_("edited"), auto_now=True)

    class Meta:
        verbose_name = _("chair's summary")
        verbose_name_plural = _("chair's summaries")

    def __str__(self) -> str:
        return f"{self.meeting}"


class Series(models.Model):
    """Meetings held again and again on one subject: "General Assembly informal interactive
    dialogues on the Responsibility to Protect"."""

    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=300)
    meetings = models.ManyToManyField("meetings.Meeting", related_name="series", blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("series")
        verbose_name_plural = _("series")

    def __str__(self) -> str:
        return self.title


class ReferenceFigure(models.Model):
    """A past meeting of a series as published by others (not held in Hemicycle), with its source."""

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="references")
    year = models.PositiveIntegerField(_("year"))
    held = models.CharField(_("held"), max_length=100, blank=True)
    format = models.CharField(_("format"), max_length=100, blank=True)
    member_states = models.PositiveIntegerField(_("Member States that spoke"))
    member_states_alt = models.PositiveIntegerField(
        null=True, blank=True
    )  # a second source's count
    observers = models.PositiveIntegerField(_("observer missions"), default=0)
    organisations = models.PositiveIntegerField(_("regional organisations"), default=0)
    civil_society = models.PositiveIntegerField(_("civil society"), default=0)
    states_low = models.PositiveIntegerField(_("States covered (low)"), null=True, blank=True)
    states_high = models.PositiveIntegerField(_("States covered (high)"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        ordering = ["series", "year"]
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="one_reference_per_year")
        ]
        verbose_name = _("reference figure")
        verbose_name_plural = _("reference figures")

    def __str__(self) -> str:
        return f"{self.series} {self.year}"
