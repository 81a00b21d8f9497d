"""A delegation's request to speak: request, update, withdraw. Pages and the API call these; each
checks who may (accounts/roles.py), lets the window and `floor/` decide, and runs in the writer.

A focal point inscribes and changes a request inside the meeting's window (window.py); the
secretariat inscribes any delegation at any time; withdrawing is allowed at any time.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hemicycle import floor
from hemicycle.accounts import roles
from hemicycle.floor.events import NewEvent
from hemicycle.inscription import notices, receipts, window
from hemicycle.meetings.models import Meeting
from hemicycle.proceedings import store, writer
from hemicycle.proceedings.actions import build_request
from hemicycle.proceedings.batch import Batch


@dataclass(frozen=True)
class Inscribed:
    """A recorded request to speak: the command's outcome and the delegation's receipt."""

    outcome: store.Outcome
    receipt: receipts.Receipt

    @property
    def entry(self) -> floor.Entry:
        return self.outcome.state.entries[self.receipt.seq]


def request_to_speak(
    meeting: Meeting,
    user: Any,
    fields: Mapping[str, Any],
    *,
    now: datetime | None = None,
    batch: Batch | None = None,
) -> Inscribed:
    """Inscribe a delegation (in `batch` when the caller is one of the writer's commands); the
    receipt is e-mailed to its focal points once the request is recorded."""

    def command(into: Batch | None) -> Inscribed:
        outcome = _inscribe(meeting, user, fields, now, into)
        receipt = receipts.of_inscription(meeting, outcome.events[-1], outcome.state)
        notices.queue_receipt(meeting, receipt, user, into)  # in the request's transaction
        entry = outcome.state.entries[receipt.seq]
        if not entry.confirmed:
            notices.declaration_to_check(meeting, entry, receipt.seq, into)
        return Inscribed(outcome, receipt)

    return writer.run(command, batch)


def _inscribe(
    meeting: Meeting,
    user: Any,
    fields: Mapping[str, Any],
    now: datetime | None,
    batch: Batch | None,
) -> store.Outcome:
    request = build_request(fields, batch)
    if not roles.can_speak_for(user, request.delegation):
        raise PermissionDenied(_("You may inscribe only the delegations you are a focal point of."))
    if not roles.is_secretariat(user) and not request.speaker.strip():
        raise floor.errors.InvalidCommand(
            gettext_noop("Name the speaker: the list shows who will speak for the delegation.")
        )
    secretariat = roles.is_secretariat(user)

    def decision(state: floor.FloorState, moment: datetime) -> list[NewEvent]:
        if not secretariat:
            window.check_open(meeting, state, moment)
        return floor.inscribe(
            state, request, override_closed=secretariat, now=moment, confirmed=secretariat
        )

    actor = roles.actor_of(user, request.delegation)
    return store.execute(meeting, decision, actor=actor, now=now, batch=batch)


def _own_entry(meeting: Meeting, user: Any, entry_id: int, batch: Batch | None) -> str:
    """Who `user` acts as on request `entry_id` (a PermissionDenied if they may not)."""
    entry = store.state_of(meeting, batch).entries.get(entry_id)
    if entry is not None and not roles.can_speak_for(user, entry.delegation):
        raise PermissionDenied(
            _("Only the delegation's focal points or the secretariat may change this request.")
        )
    return roles.actor_of(user, entry.delegation if entry is not None else "")


def withdraw(meeting: Meeting, user: Any, entry_id: int, reason: str = "") -> store.Outcome:
    """Withdraw a request (`reason`: why, recorded in the log; the secretariat's page asks)."""

    def command(batch: Batch | None) -> store.Outcome:
        actor = _own_entry(meeting, user, entry_id, batch)
        return store.execute(
            meeting,
            lambda state, now: floor.decide(state, "withdraw", now, entry=entry_id, reason=reason),
            actor=actor,
            batch=batch,
        )

    return writer.run(command)


def update_request(
    meeting: Meeting,
    user: Any,
    entry_id: int,
    changes: Mapping[str, Any],
    *,
    now: datetime | None = None,
    reason: str = "",
) -> store.Outcome:
    """Change a waiting request (the speaker, the level, …); the entry is placed again by the
    meeting's policy. A new level or group from a focal point waits for the secretariat's check,
    and the secretariat is told. `reason`: why, recorded in the log."""

    def command(batch: Batch | None) -> store.Outcome:
        actor = _own_entry(meeting, user, entry_id, batch)
        secretariat = roles.is_secretariat(user)

        def decision(state: floor.FloorState, moment: datetime) -> list[NewEvent]:
            if not secretariat:
                window.check_open(meeting, state, moment)
            return floor.decide(
                state,
                "update",
                moment,
                entry=entry_id,
                changes=dict(changes),
                confirmed=secretariat,
                reason=reason,
            )

        return store.execute(meeting, decision, actor=actor, now=now, batch=batch)

    outcome = writer.run(command)
    for event in outcome.events:
        if event.payload.get("confirmed") is False:
            notices.declaration_to_check(meeting, outcome.state.entries[entry_id], event.seq)
    return outcome


def confirm_declaration(meeting: Meeting, user: Any, entry_id: int) -> store.Outcome:
    """The secretariat confirms a request's declared level or group, which then counts."""
    if not roles.can_manage_inscription(user):
        raise PermissionDenied(
            _("Only the secretariat confirms levels of representation and groups.")
        )
    return writer.run(
        lambda batch: store.execute(
            meeting,
            lambda state, now: floor.commands.confirm(state, now, entry=entry_id),
            actor=roles.actor_of(user),
            batch=batch,
        )
    )
