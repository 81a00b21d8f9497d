"""People and their keys: focal points of delegations, the officers of each meeting, API tokens
(hashed at rest)."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX = "hc_"


class FocalPoint(models.Model):
    """A person who may inscribe and withdraw on behalf of a delegation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="focal_points"
    )
    delegation = models.ForeignKey(
        "delegations.Delegation", on_delete=models.CASCADE, related_name="focal_points"
    )
    administers = models.BooleanField(
        _("mission administrator"),
        default=False,
        help_text=_("Invites and revokes the delegation's other focal points."),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "delegation"], name="unique_focal_point")
        ]
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")

    def __str__(self) -> str:
        return f"{self.user} – {self.delegation}"


class Office(models.TextChoices):
    PRESIDING = "presiding", _("Presiding officer")
    SECRETARY = "secretary", _("Secretary of the meeting")


class Officer(models.Model):
    """A person's office in one meeting: a presiding officer runs its floor (the chair, a
    vice-chair presiding in turn), a secretary runs it beside them. The meeting is named by its
    model's label, not imported: meetings sit above accounts."""

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="officers"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="offices"
    )
    office = models.CharField(_("office"), max_length=20, choices=Office.choices)
    assigned_at = models.DateTimeField(_("assigned"), default=timezone.now)

    class Meta:
        ordering = ["meeting", "office", "assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="one_office_per_meeting")
        ]
        verbose_name = _("officer of a meeting")
        verbose_name_plural = _("officers of meetings")

    def __str__(self) -> str:
        return f"{self.user} – {self.get_office_display()} – {self.meeting}"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Irrevocable(ValueError):
    """A revocation is for good: a revoked token is never valid again (issue a new one)."""


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> "ApiTokenQuerySet":
        return self.filter(revoked_at__isnull=True)

    def revoke(self) -> int:
        """Revoke these tokens now (those already revoked keep their time)."""
        return self.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())

    def update(self, **kwargs: object) -> int:
        if "revoked_at" in kwargs and kwargs["revoked_at"] is None:
            raise Irrevocable("A revoked API token cannot be restored; issue a new one.")
        return super().update(**kwargs)


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    def save(self, *args: object, **kwargs: object) -> None:
        if (
            self.pk is not None
            and self.revoked_at is None
            and type(self).objects.filter(pk=self.pk, revoked_at__isnull=False).exists()
        ):
            raise Irrevocable("A revoked API token cannot be restored; issue a new one.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @classmethod
    def issue(cls, user: models.Model, name: str = "") -> tuple["ApiToken", str]:
        """A new token for `user`; the secret is returned once and only its digest is kept."""
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, name=name or "API", prefix=secret[:10], digest=digest(secret)
        )
        return token, secret
