"""The webcast of a meeting: where it is, and when it began (the origin of its chapters)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Webcast(models.Model):
    meeting = models.OneToOneField(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="webcast"
    )
    url = models.URLField(
        _("webcast link"),
        max_length=500,
        help_text=_(
            "A moment is linked as the link followed by #t=seconds, or with {t} in the link "
            "replaced by the seconds."
        ),
    )
    starts_at = models.DateTimeField(
        _("webcast began at"),
        null=True,
        blank=True,
        help_text=_("Empty: the webcast began with the first speech."),
    )

    class Meta:
        verbose_name = _("webcast")
        verbose_name_plural = _("webcasts")

    def __str__(self) -> str:
        return self.url

    def at(self, seconds: float) -> str:
        """The link to the moment `seconds` into the webcast."""
        whole = max(0, int(seconds))
        if "{t}" in self.url:
            return self.url.replace("{t}", str(whole))
        return f"{self.url.split('#', 1)[0]}#t={whole}"
