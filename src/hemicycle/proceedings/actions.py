"""The chair's commands: authorise, turn the caller's words into a `floor/` decision, run it.

Pages and the API both call `floor_command`; it checks the role (accounts/roles.py) and hands the
decision to the store. The requests to speak are the inscription's (inscription/requests.py).
"""

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hemicycle import floor
from hemicycle.accounts import roles
from hemicycle.delegations import groups
from hemicycle.delegations.models import Delegation
from hemicycle.floor.commands import Request
from hemicycle.meetings.models import Meeting
from hemicycle.proceedings import store
from hemicycle.proceedings.batch import Batch


class UnknownDelegation(floor.FloorError):
    kind = "not_found"
    code = "unknown_delegation"


def delegation(code: str, batch: Batch | None = None) -> Delegation:
    """The delegation of `code` (as looked up for the whole `batch`, if it was)."""
    found = batch.delegation(code) if batch is not None else None
    if found is None:
        found = Delegation.objects.filter(code__iexact=code.strip()).first()
    if found is None:
        raise UnknownDelegation(
            gettext_noop(
                "There is no delegation with the code “{code}”; see /api/v1/delegations for the codes."
            ),
            code=code,
        )
    return found


def build_request(fields: Mapping[str, Any], batch: Batch | None = None) -> Request:
    """A request to speak from the caller's fields (a page's form, the API's body). A group
    statement for a group of the reference data that lists no members speaks for the group's."""
    who = delegation(str(fields["delegation"]), batch)
    on_behalf_of = str(fields.get("on_behalf_of") or "")
    members = list(fields.get("group_members") or ())
    group = groups.named(on_behalf_of) if on_behalf_of and not members else None
    return Request(
        delegation=who.code,
        delegation_name=who.name,
        category=who.category,
        speaker=str(fields.get("speaker") or ""),
        title=str(fields.get("title") or ""),
        level=str(fields.get("level") or "other"),
        kind=str(fields.get("kind") or "statement"),
        on_behalf_of=on_behalf_of,
        group_members=list(group.members) if group is not None else members,
        to_panellists=list(fields.get("to_panellists") or ()),
        segment=str(fields.get("segment") or ""),
        language=str(fields.get("language") or ""),
    )


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
        return {"entry": _required(fields, "entry"), "reason": str(fields.get("reason") or "")}
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
    if not roles.can_run_floor(user, meeting):
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
        actor=roles.actor_of(user),
        expected_seq=expected_seq,
        now=now,
    )
