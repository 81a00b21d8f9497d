"""The floor's log: one append-only, hash-chained sequence of events per meeting."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from hemicycle.floor import Event
from hemicycle.floor.chain import StampedEvent


class FloorEvent(models.Model):
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="floor_events"
    )
    seq = models.PositiveIntegerField(_("sequence number"))
    type = models.CharField(_("type"), max_length=40)
    payload = models.JSONField(_("payload"), default=dict)
    at = models.DateTimeField(_("time (UTC)"))
    actor = models.CharField(_("actor"), max_length=150, blank=True)
    command = models.PositiveIntegerField(_("command"))
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["meeting", "seq"]
        constraints = [models.UniqueConstraint(fields=["meeting", "seq"], name="unique_floor_seq")]
        verbose_name = _("floor event")
        verbose_name_plural = _("floor events")

    def __str__(self) -> str:
        return f"{self.meeting_id}#{self.seq} {self.type}"

    @classmethod
    def of(cls, meeting: models.Model, event: StampedEvent) -> "FloorEvent":
        """The row of a stamped event of `meeting`'s log (floor.chain.stamp), not yet saved."""
        return cls(
            meeting=meeting,
            seq=event.seq,
            type=event.type,
            payload=event.payload,
            at=event.at,
            actor=event.actor,
            command=event.command,
            prev_hash=event.prev_hash,
            hash=event.hash,
        )

    def as_event(self) -> Event:
        return Event(
            seq=self.seq,
            type=self.type,
            payload=self.payload,
            at=self.at,
            actor=self.actor,
            command=self.command,
        )


class Checkpoint(models.Model):
    """The head of a meeting's log (seq, hash) as the server signed it at a time: published on the
    list, its PDF and CSV and the feed, so that a log cut short, rolled back or rewritten after it
    no longer matches a signature the server gave out (proceedings/checkpoints.py)."""

    class Reason(models.TextChoices):
        PUBLISHED = "published", _("published with the list")
        CONCLUDED = "concluded", _("the meeting concluded")

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="checkpoints"
    )
    seq = models.PositiveIntegerField(_("sequence number"))
    hash = models.CharField(max_length=64)
    at = models.DateTimeField(_("signed at (UTC)"))
    key_id = models.CharField(_("key"), max_length=32)
    signature = models.CharField(_("signature"), max_length=100)
    reason = models.CharField(_("why"), max_length=20, choices=Reason.choices)

    class Meta:
        ordering = ["meeting", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "seq"], name="unique_checkpoint_seq")
        ]
        verbose_name = _("checkpoint")
        verbose_name_plural = _("checkpoints")

    def __str__(self) -> str:
        return f"{self.meeting_id}@{self.seq} {self.hash[:12]}"
