"""What the audit trail records and how it reads.

django-auditlog records every save and deletion of the models below with its actor (the
middleware), its time and each changed field before and after. Each entry is tagged with its
meeting (`additional_data`), so that the trail can be read meeting by meeting. What is not a row is
recorded here too: an invitation sent (`accounts.signals.invitation_sent`). The floor's own log
(`FloorEvent`) is not here: it records itself, hash-chained, and with it the inscription window
(`window_set`) and the civil-society decisions it places.

The trail names people (its actor, the accounts it changed); it is outside the floor's log and can
be erased: deleting an account removes its e-mail from the entries it made, and its name and
e-mail from what the trail says of it.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from auditlog.signals import post_log
from django.contrib.auth.models import User
from django.db import models
from django.db.models.signals import post_delete, pre_delete
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hemicycle.accounts.models import ApiToken, FocalPoint, Officer
from hemicycle.accounts.signals import invitation_sent
from hemicycle.convening.models import Batch, Delivery, LetterTemplate, Mission
from hemicycle.inscription.models import Application, Statement
from hemicycle.meetings.models import (
    Announcement,
    Document,
    DocumentFile,
    Meeting,
    ProgrammeVersion,
    Segment,
)
from hemicycle.outcome.models import Publication, Summary, ThemeTag

# Every model recorded, with what its entries leave out (what changes by itself or is a secret).
AUDITED: dict[type[models.Model], dict[str, Any]] = {
    Meeting: {},
    Segment: {},
    ProgrammeVersion: {},
    Document: {},
    DocumentFile: {},
    Announcement: {},
    Application: {},
    Statement: {},
    LetterTemplate: {"exclude_fields": ["emblem", "updated_at"]},  # the emblem's bytes: its type
    Mission: {},
    Batch: {"include_fields": ["meeting", "created_by", "total"]},  # its progress is not news
    Delivery: {},
    # A statement as delivered: the secretariat's withholding (the rest is copied from the floor).
    Publication: {"include_fields": ["withheld_reason", "withheld_by", "withheld_at"]},
    ThemeTag: {},
    Summary: {},
    Officer: {},
    FocalPoint: {},
    ApiToken: {"exclude_fields": ["digest", "last_used_at"]},
    User: {
        "include_fields": [
            *("username", "email", "first_name", "last_name"),
            *("is_active", "is_staff", "is_superuser"),
        ],
        "m2m_fields": {"groups"},  # the secretariat's role
    },
}

INVITATION = "invitation"


def meeting_of(instance: models.Model) -> int | None:
    """The meeting a recorded row belongs to, if any."""
    if isinstance(instance, Meeting):
        return instance.pk
    if isinstance(instance, DocumentFile):
        return (
            Document.objects.filter(pk=instance.document_id)
            .values_list("meeting_id", flat=True)
            .first()
        )
    return getattr(instance, "meeting_id", None)


def register() -> None:
    for model, options in AUDITED.items():
        if not auditlog.contains(model):
            auditlog.register(model, **options)
    post_log.connect(_tag_meeting, dispatch_uid="audit-tag-meeting")
    invitation_sent.connect(_record_invitation, dispatch_uid="audit-invitation")
    pre_delete.connect(_erase_actor, sender=User, dispatch_uid="audit-erase-actor")
    post_delete.connect(_erase_account, sender=User, dispatch_uid="audit-erase-account")


def _tag_meeting(sender: Any, instance: models.Model, log_entry: Any = None, **kwargs: Any) -> None:
    meeting = meeting_of(instance) if log_entry is not None else None
    if meeting is not None:
        LogEntry.objects.filter(pk=log_entry.pk).update(additional_data={"meeting": meeting})


def _record_invitation(
    sender: Any, user: User, about: str, meeting: int | None = None, **kwargs: Any
) -> None:
    data: dict[str, Any] = {"event": INVITATION}
    if meeting is not None:
        data["meeting"] = meeting
    LogEntry.objects.log_create(
        user,
        force_log=True,
        action=LogEntry.Action.ACCESS,
        changes={"invitation": [None, f"{user.email} · {about}"]},
        additional_data=data,
    )


def _erase_actor(sender: Any, instance: User, **kwargs: Any) -> None:
    """Before an account goes: its e-mail leaves the entries it made (the actor is then unset)."""
    LogEntry.objects.filter(actor=instance).update(actor_email=None)


def _erase_account(sender: Any, instance: User, **kwargs: Any) -> None:
    """After an account went (and its deletion was recorded): what the trail said of it, its
    name and e-mail, is erased; that something was done to an account, and when, stays."""
    from django.contrib.contenttypes.models import ContentType

    erased = _("(an erased account)")
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_pk=str(instance.pk)
    ).update(object_repr=erased, changes=None, changes_text="", serialized_data=None)
    for text in {instance.get_username(), instance.email} - {""}:
        for entry in LogEntry.objects.filter(object_repr__contains=text):
            entry.object_repr = entry.object_repr.replace(text, erased)
            LogEntry.objects.filter(pk=entry.pk).update(object_repr=entry.object_repr)


# --- reading ----------------------------------------------------------------------------------------

ACTIONS = {
    LogEntry.Action.CREATE: gettext_lazy("created"),
    LogEntry.Action.UPDATE: gettext_lazy("changed"),
    LogEntry.Action.DELETE: gettext_lazy("deleted"),
}


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class Entry:
    at: datetime
    who: str
    what: str  # the kind of thing, in words: "segment"
    name: str  # the thing itself: "Opening remarks"
    action: str
    changes: list[Change]


def entries(meeting: Meeting | None = None) -> "models.QuerySet[LogEntry]":
    found = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-pk")
    if meeting is not None:
        found = found.filter(additional_data__meeting=meeting.pk)
    return found


def described(entry: LogEntry) -> Entry:
    model = entry.content_type.model_class()
    what = str(model._meta.verbose_name) if model is not None else entry.content_type.model
    invitation = (entry.additional_data or {}).get("event") == INVITATION
    return Entry(
        at=entry.timestamp,
        who=_who(entry),
        what=what,
        name=entry.object_repr,
        action=_("invitation sent") if invitation else str(ACTIONS.get(entry.action, "")),
        changes=[] if invitation else _changes(model, entry.changes or {}),
    )


def _who(entry: LogEntry) -> str:
    if entry.actor is not None:
        name = entry.actor.get_full_name().strip()
        email = entry.actor.email or entry.actor.get_username()
        return f"{name} <{email}>" if name else email
    return entry.actor_email or _("the system (a command or a timer)")


def _changes(model: Any, changes: dict[str, Any]) -> list[Change]:
    found = []
    for name, change in changes.items():
        label = _label(model, name)
        if isinstance(change, dict):  # a many-to-many change: {"operation", "objects"}
            objects = ", ".join(str(o) for o in change.get("objects", []))
            added = change.get("operation") == "add"
            found.append(Change(label, "" if added else objects, objects if added else ""))
        elif isinstance(change, list | tuple) and len(change) == 2:
            found.append(Change(label, _shown(change[0]), _shown(change[1])))
    return found


def _label(model: Any, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # a field since removed, or no model
        return name


def _shown(value: Any) -> str:
    if value is None or value == "None":
        return "—"
    text = str(value)
    return text if len(text) <= 300 else text[:299] + "…"
