"""Statements as delivered: a statement is published once its speech has ended, in speaking order,
unless its delegation marked it not for publication or the secretariat withheld it. Whether a
speech has ended is read from the floor (the record), never kept apart from it: `sync` copies it
into the `Publication` rows, which the search filters on."""

import time
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_noop

from hemicycle import floor
from hemicycle.accounts import roles
from hemicycle.delegations.models import Delegation
from hemicycle.inscription.models import Statement
from hemicycle.meetings.models import Meeting
from hemicycle.outcome import texts
from hemicycle.outcome.models import Publication
from hemicycle.proceedings import store
from hemicycle.proceedings.models import FloorEvent

PUBLISHED = Q(delivered_at__isnull=False, statement__publish=True, withheld_reason="")

# What each meeting's rows were last synced from, in this process: (last seq, statements, newest).
_synced: dict[int, tuple[Any, ...]] = {}
# The search looks for changed meetings at most this often (a meeting's own page looks each time):
# a statement is found within this time of its speech's end.
SYNC_EVERY_S = 2.0
_looked_at = [0.0]


class NotWithheld(floor.FloorError):
    kind = "invalid"
    code = "no_reason"


def _fields(statement: Statement, state: floor.FloorState, order: dict[int, Any]) -> dict[str, Any]:
    entry = state.entries.get(statement.entry)
    done = order.get(statement.entry)
    return {
        "delegation": statement.delegation,
        "delegation_name": entry.delegation_name if entry else statement.delegation,
        "category": entry.category if entry else "",
        "on_behalf_of": entry.on_behalf_of if entry else "",
        "language": statement.language or (entry.language if entry else ""),
        "delivered_at": done[1] if done else None,
        "speech_number": done[0] if done else None,
    }


def delivered(state: floor.FloorState) -> dict[int, tuple[int, Any]]:
    """Each request whose speech has ended: its place in the record and when it ended."""
    found: dict[int, tuple[int, Any]] = {}
    for number, done in enumerate(state.record, start=1):
        entry = done.speech.entry
        if entry is not None and entry not in found:
            found[entry] = (number, done.ended_at)
    return found


def sync(meeting: Meeting, *, key: tuple[Any, ...] | None = None) -> None:
    """Bring the meeting's `Publication` rows up to its floor and its statement files."""
    if key is not None and _synced.get(meeting.pk) == key:
        return
    state = store.state_of(meeting)
    order = delivered(state)
    statements = list(Statement.objects.filter(meeting=meeting).select_related("publication"))
    groups = dict(
        Delegation.objects.filter(code__in={s.delegation for s in statements}).values_list(
            "code", "regional_group"
        )
    )
    for statement in statements:
        fields = _fields(statement, state, order) | {
            "regional_group": groups.get(statement.delegation, "")
        }
        row = getattr(statement, "publication", None)
        if row is None:
            row = Publication(statement=statement, meeting=meeting, entry=statement.entry)
        changed = row.pk is None
        for name, value in fields.items():
            if getattr(row, name) != value:
                setattr(row, name, value)
                changed = True
        if row.text_of != statement.sha256:
            row.text = texts.read(statement.path.read_bytes(), statement.kind)
            row.text_of = statement.sha256
            changed = True
        if changed:
            row.save()
    _synced[meeting.pk] = key if key is not None else _key_of([meeting.pk]).get(meeting.pk, ())


def _key_of(meetings: Iterable[int] | None = None) -> dict[int, tuple[Any, ...]]:
    """What a meeting's rows depend on, for each meeting with statements: two grouped queries."""
    files = Statement.objects.values("meeting").annotate(n=Count("pk"), newest=Max("uploaded_at"))
    if meetings is not None:
        files = files.filter(meeting__in=list(meetings))
    found = {row["meeting"]: (row["n"], row["newest"]) for row in files}
    seqs = dict(
        FloorEvent.objects.filter(meeting__in=list(found))
        .values("meeting")
        .annotate(last=Max("seq"))
        .values_list("meeting", "last")
    )
    return {pk: (seqs.get(pk, 0), *value) for pk, value in found.items()}


def sync_all() -> None:
    """Sync every meeting whose floor or statements changed since this process last looked (at
    most every SYNC_EVERY_S)."""
    if time.monotonic() - _looked_at[0] < SYNC_EVERY_S:
        return
    _looked_at[0] = time.monotonic()
    stale = {pk: key for pk, key in _key_of().items() if _synced.get(pk) != key}
    for meeting in Meeting.objects.filter(pk__in=list(stale)):
        sync(meeting, key=stale[meeting.pk])


def forget() -> None:
    _synced.clear()
    _looked_at[0] = 0.0


def visible_to(user: Any, rows: QuerySet[Publication], meeting: Meeting | None = None) -> Any:
    """The rows `user` may read: the published ones; all of a meeting's for those who run its
    floor; a delegation's own for its focal points (`roles.can_read_statement`)."""
    if meeting is not None and roles.can_run_floor(user, meeting):
        return rows
    if meeting is None and roles.can_run_floor(user):
        return rows
    own = roles.delegations_of(user)
    return rows.filter(PUBLISHED | Q(delegation__in=own)) if own else rows.filter(PUBLISHED)


def status(row: Publication) -> str:
    """`published`, `awaiting` (its speech has not ended), `not_for_publication` or `withheld`."""
    if row.withheld_reason:
        return "withheld"
    if not row.statement.publish:
        return "not_for_publication"
    return "published" if row.delivered_at else "awaiting"


def withhold(row: Publication, reason: str, actor: str) -> None:
    reason = reason.strip()
    if not reason:
        raise NotWithheld(
            gettext_noop("Say why the statement is withheld; the reason is kept with it.")
        )
    row.withheld_reason = reason[:500]
    row.withheld_by = actor
    row.withheld_at = timezone.now()
    row.save(update_fields=["withheld_reason", "withheld_by", "withheld_at"])


def release(row: Publication) -> None:
    row.withheld_reason = ""
    row.withheld_by = ""
    row.withheld_at = None
    row.save(update_fields=["withheld_reason", "withheld_by", "withheld_at"])


def in_order(meeting: Meeting, user: Any) -> list[dict[str, Any]]:
    """The meeting's statements that `user` may read, one item per request in speaking order (the
    ones not yet delivered after), each with its language versions."""
    sync(meeting, key=_key_of([meeting.pk]).get(meeting.pk, ()))
    rows = visible_to(
        user, Publication.objects.filter(meeting=meeting).select_related("statement"), meeting
    )
    items: dict[int, dict[str, Any]] = {}
    for row in rows:
        item = items.setdefault(
            row.entry,
            {
                "entry": row.entry,
                "number": row.speech_number,
                "delegation": row.delegation,
                "delegation_name": row.delegation_name,
                "on_behalf_of": row.on_behalf_of,
                "delivered_at": row.delivered_at,
                "versions": [],
            },
        )
        item["versions"].append(row)
    return sorted(items.values(), key=lambda i: (i["number"] is None, i["number"] or 0, i["entry"]))
