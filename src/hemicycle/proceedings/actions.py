"""What a signed-in person may do to a meeting's floor: authorise, then run one command.

Pages and the API both call these functions; each checks the role (accounts/roles.py), turns the
caller's words into a `floor/` decision and hands it to the store.
"""

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hemicycle import floor
from hemicycle.accounts import roles
from hemicycle.delegations.models import Delegation
from hemicycle.floor.commands import Request
from hemicycle.floor.events import NewEvent
from hemicycle.inscription import notices, receipts, rush, window
from hemicycle.meetings.models import Meeting
from hemicycle.proceedings import store


class UnknownDelegation(floor.FloorError):
    kind = "not_found"
    code = "unknown_delegation"


def actor_of(user: Any) -> str:
    return str(user.get_username()) if getattr(user, "is_authenticated", False) else "anonymous"


def delegation(code: str) -> Delegation:
    key = code.strip()
    found = rush.cached(
        ("delegation", key.upper()), lambda: Delegation.objects.filter(code__iexact=key).first()
    )
    if found is None:
        raise UnknownDelegation(
            gettext_noop(
                "There is no delegation with the code “{code}”; see /api/v1/delegations for the codes."
            ),
            code=code,
        )
    return found


def prepare_delegations(codes: Iterable[str]) -> None:
    """In the writer: the delegations a whole group names, in one query. Read from the bodies
    before their schema checks them: a code that names no delegation (a NUL in it, which
    PostgreSQL refuses in a query) is left to the request's own answer (422)."""
    wanted = {code.strip().upper() for code in codes if "\x00" not in code}
    for found in Delegation.objects.filter(code__in=wanted):
        rush.seed(("delegation", found.code.upper()), found)


def build_request(fields: Mapping[str, Any]) -> Request:
    who = delegation(str(fields["delegation"]))
    return Request(
        delegation=who.code,
        delegation_name=who.name,
        category=who.category,
        speaker=str(fields.get("speaker") or ""),
        title=str(fields.get("title") or ""),
        level=str(fields.get("level") or "other"),
        kind=str(fields.get("kind") or "statement"),
        on_behalf_of=str(fields.get("on_behalf_of") or ""),
        group_members=list(fields.get("group_members") or ()),
        to_panellists=list(fields.get("to_panellists") or ()),
        segment=str(fields.get("segment") or ""),
        language=str(fields.get("language") or ""),
    )


def request_to_speak(
    meeting: Meeting, user: Any, fields: Mapping[str, Any], *, now: datetime | None = None
) -> store.Outcome:
    """A delegation's request to speak; the secretariat may inscribe any delegation, at any time.
    A focal point inscribes inside the meeting's window (inscription/window.py). The whole command
    runs in the inscription's writer (inscription/rush.py), in order of arrival; the receipt is
    e-mailed to the delegation's focal points once the request is recorded."""
    outcome = rush.run(lambda: _inscribe(meeting, user, fields, now))
    receipt = receipts.of_inscription(meeting, outcome.events[-1], outcome.state)
    notices.send_receipt(meeting, receipt, user)
    return outcome


def _inscribe(
    meeting: Meeting, user: Any, fields: Mapping[str, Any], now: datetime | None
) -> store.Outcome:
    request = build_request(fields)
    if not roles.can_speak_for(user, request.delegation):
        raise PermissionDenied(_("You may inscribe only the delegations you are a focal point of."))
    if not roles.is_secretariat(user) and not request.speaker.strip():
        raise floor.errors.InvalidCommand(
            gettext_noop("Name the speaker: the list shows who will speak for the delegation.")
        )
    if roles.is_secretariat(user):
        decision: store.Decision = lambda state, moment: floor.inscribe(  # noqa: E731
            state, request, override_closed=True
        )
    else:

        def decision(state: floor.FloorState, moment: datetime) -> list[NewEvent]:
            opened = window.admit(meeting, state, moment)
            return [*opened, *floor.inscribe(state, request, override_closed=bool(opened))]

    return store.execute(meeting, decision, actor=actor_of(user), now=now)


def _own_entry(meeting: Meeting, user: Any, entry_id: int) -> None:
    entry = store.state_of(meeting).entries.get(entry_id)
    if entry is not None and not roles.can_speak_for(user, entry.delegation):
        raise PermissionDenied(
            _("Only the delegation's focal points or the secretariat may change this request.")
        )


def withdraw(meeting: Meeting, user: Any, entry_id: int) -> store.Outcome:
    """Withdrawing is allowed at any time, inside or outside the window."""

    def command() -> store.Outcome:
        _own_entry(meeting, user, entry_id)
        return store.execute(
            meeting,
            lambda state, now: floor.decide(state, "withdraw", now, entry=entry_id),
            actor=actor_of(user),
        )

    return rush.run(command)


def update_request(
    meeting: Meeting,
    user: Any,
    entry_id: int,
    changes: Mapping[str, Any],
    *,
    now: datetime | None = None,
) -> store.Outcome:
    """Change a waiting request (the speaker, the level, …); a focal point does so inside the
    window, and the entry is placed again by the meeting's policy."""

    def command() -> store.Outcome:
        _own_entry(meeting, user, entry_id)
        secretariat = roles.is_secretariat(user)

        def decision(state: floor.FloorState, moment: datetime) -> list[NewEvent]:
            if not secretariat:
                window.check_open(meeting, state, moment)
            return floor.decide(state, "update", moment, entry=entry_id, changes=dict(changes))

        return store.execute(meeting, decision, actor=actor_of(user), now=now)

    return rush.run(command)


def _floor_arguments(action: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    """The keyword arguments of a floor action, taken from the command's fields."""
    if action in ("next", "start"):
        return {"entry": fields.get("entry")}
    if action == "add_time":
        return {"seconds": int(fields.get("seconds") or 30)}
    if action == "move":
        return {
            "entry": _required(fields, "entry"),
            "position": _required(fields, "position"),
            "reason": str(fields.get("reason") or ""),
        }
    if action == "insert":
        return {
            "request": build_request({**fields, "delegation": _required(fields, "delegation")}),
            "position": _required(fields, "position"),
            "reason": str(fields.get("reason") or ""),
        }
    if action == "point_of_order":
        who = delegation(str(_required(fields, "delegation")))
        return {
            "delegation": who.code,
            "delegation_name": who.name,
            "speaker": str(fields.get("speaker") or ""),
        }
    if action == "panel_round":
        panellists: Sequence[Mapping[str, str]] = fields.get("panellists") or ()
        return {"panellists": list(panellists)}
    if action == "panel_every":
        return {"every": int(_required(fields, "every"))}
    if action == "start_segment":
        return {"segment": str(_required(fields, "segment"))}
    if action == "withdraw":
        return {"entry": _required(fields, "entry")}
    return {}


def _required(fields: Mapping[str, Any], name: str) -> Any:
    value = fields.get(name)
    if value in (None, ""):
        raise floor.errors.InvalidCommand(
            gettext_noop("The action “{action}” needs “{field}”."),
            action=fields.get("action"),
            field=name,
        )
    return value


def floor_command(
    meeting: Meeting,
    user: Any,
    action: str,
    fields: Mapping[str, Any],
    *,
    expected_seq: int | None = None,
    now: datetime | None = None,
) -> store.Outcome:
    """A chair's command (`next`, `pause`, …); a stale `expected_seq` is refused with 409."""
    if not roles.can_run_floor(user):
        raise PermissionDenied(_("Only the chair and the secretariat may run the floor."))
    if action not in floor.ACTIONS:
        raise floor.errors.InvalidCommand(
            gettext_noop("Unknown action “{action}”; use one of: {actions}."),
            action=action,
            actions=", ".join(floor.ACTIONS),
        )
    arguments = _floor_arguments(action, {**fields, "action": action})
    return store.execute(
        meeting,
        lambda state, moment: floor.decide(state, action, moment, **arguments),
        actor=actor_of(user),
        expected_seq=expected_seq,
        now=now,
    )
