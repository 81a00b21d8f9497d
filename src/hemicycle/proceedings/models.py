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
