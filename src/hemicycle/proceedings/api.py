"""`/api/v1/meetings/{slug}/…`: the list of speakers, the floor and its event log."""

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from pydantic import field_serializer, field_validator
from pydantic_core import PydanticCustomError

from hemicycle.accounts.auth import AUTH
from hemicycle.answers import validated
from hemicycle.floor import chain
from hemicycle.inscription import receipts, rush
from hemicycle.meetings.models import meeting_or_404
from hemicycle.proceedings import actions, snapshot, store
from hemicycle.proceedings.models import FloorEvent

router = Router(tags=["floor"])

Text = Field(default="", max_length=200)


def _holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list | tuple):
        return any(_holds_nul(item) for item in value)
    if isinstance(value, dict):
        return any(_holds_nul(key) or _holds_nul(item) for key, item in value.items())
    return False


class Input(Schema):
    """A body the API accepts. No text in it may hold a NUL character: PostgreSQL cannot store
    one, no name contains one, and refusing it here (422, naming the field) keeps the answer the
    same on every database."""

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        if _holds_nul(value):
            raise PydanticCustomError("nul_character", "Text may not contain a NUL character")
        return value


class Reason(Schema):
    code: str
    value: str


class EntryOut(Schema):
    id: int
    position: int | None
    status: str
    delegation: str
    delegation_name: str
    category: str
    speaker: str
    title: str
    level: str
    kind: str
    speech_kind: str
    on_behalf_of: str
    group_members: list[str]
    to_panellists: list[str]
    language: str
    segment: str
    received_at: datetime
    pinned: bool
    carried_over: bool
    reasons: list[Reason]


class SpeakersOut(Schema):
    seq: int
    list_seq: int
    server_time: datetime
    list_open: bool
    speakers: list[EntryOut]


class RequestIn(Input):
    delegation: str = Field(
        min_length=1, max_length=20, description="Delegation code, e.g. FRA or EU"
    )
    speaker: str = Text
    title: str = Text
    level: str = Field(default="other", max_length=40)
    kind: str = Field(default="statement", max_length=20)
    on_behalf_of: str = Text
    group_members: list[str] = Field(default_factory=list, max_length=200)
    to_panellists: list[str] = Field(default_factory=list, max_length=20)
    segment: str = Field(default="", max_length=40)
    language: str = Field(default="", max_length=10)


class Receipt(Schema):
    seq: int
    received_at: datetime
    hash: str
    position: int | None
    verify_url: str


class RequestChangesIn(Input):
    """The fields of a waiting request that may change; only those sent are changed."""

    speaker: str | None = Field(default=None, max_length=200)
    title: str | None = Field(default=None, max_length=200)
    level: str | None = Field(default=None, max_length=40)
    kind: str | None = Field(default=None, max_length=20)
    on_behalf_of: str | None = Field(default=None, max_length=200)
    group_members: list[str] | None = Field(default=None, max_length=200)
    to_panellists: list[str] | None = Field(default=None, max_length=20)
    language: str | None = Field(default=None, max_length=10)


class InscribedOut(Schema):
    seq: int
    server_time: datetime
    entry: EntryOut
    receipt: Receipt


class SpeakerOut(Schema):
    """Who gave a speech: shared by the live floor and the record."""

    entry: int | None
    kind: str
    delegation: str
    delegation_name: str
    speaker: str
    title: str
    on_behalf_of: str
    started_at: datetime
    limit_s: int | None


class Question(Schema):
    """A speaker from the list whose question a panellist is to answer."""

    entry: int
    delegation: str
    delegation_name: str
    speaker: str


class SpeechOut(SpeakerOut):
    id: int
    elapsed_s: float
    remaining_s: float | None
    running: bool
    overrun: str
    questions: list[Question]


class SegmentRef(Schema):
    key: str
    kind: str
    title: str


class Invitee(Schema):
    name: str
    title: str
    organisation: str
    role: str
    limit_s: int | None
    questions: list[Question]


class PanelCadence(Schema):
    every: int
    heard: int
    due: bool


class FloorOut(Schema):
    meeting: str
    seq: int
    list_seq: int
    server_time: datetime
    list_open: bool
    segment: SegmentRef | None
    segments_done: list[str]
    speech: SpeechOut | None
    interrupted: list[SpeechOut]
    invited: list[Invitee]
    invited_kind: str
    general_questions: list[Question]
    panel: PanelCadence
    segment_started_at: datetime | None
    next: list[EntryOut]
    counts: dict[str, int]
    can_undo: bool


class PanellistIn(Input):
    name: str = Field(min_length=1, max_length=200)
    title: str = Text
    organisation: str = Text
    role: str = Field(default="panellist", max_length=40)
    limit_s: int | None = Field(default=None, ge=10, le=3600, description="this panellist's limit")


Action = Literal[
    "next",
    "start",
    "pause",
    "resume",
    "end",
    "add_time",
    "insert",
    "move",
    "point_of_order",
    "panel_round",
    "panel_every",
    "open_list",
    "close_list",
    "start_segment",
    "end_segment",
    "undo",
    "withdraw",
]


class CommandIn(Input):
    action: Action
    expected_seq: int | None = Field(
        default=None, ge=0, description="409 if the floor has moved on"
    )
    entry: int | None = Field(default=None, ge=1)
    seconds: int | None = Field(default=None, ge=1, le=3600)
    position: int | None = Field(default=None, ge=1)
    reason: str = Field(default="", max_length=500)
    segment: str | None = Field(default=None, max_length=40)
    delegation: str | None = Field(default=None, max_length=20)
    speaker: str = Text
    title: str = Text
    level: str = Field(default="other", max_length=40)
    kind: str = Field(default="statement", max_length=20)
    on_behalf_of: str = Text
    panellists: list[PanellistIn] = Field(default_factory=list, max_length=20)
    every: int | None = Field(default=None, ge=0, le=50, description="panel_every: N speakers")
    to_panellists: list[str] = Field(default_factory=list, max_length=20)


class EventOut(Schema):
    seq: int
    type: str
    payload: dict[str, Any]
    at: datetime
    actor: str
    command: int
    prev_hash: str
    hash: str

    @field_serializer("at")
    def _exact_time(self, at: datetime) -> str:
        # To the microsecond, as the hash covers it: anyone can recompute the chain from the API.
        return chain.canonical_time(at)


class EventsOut(Schema):
    seq: int
    server_time: datetime
    events: list[EventOut]
    next_after: int | None


class Error(Schema):
    """Every refusal of the API (hemicycle/api.py words them)."""

    detail: str = Field(description="what went wrong and what to do, in the caller's language")
    code: str = Field(description="a stable word: not_found, invalid, stale, forbidden, …")
    fields: dict[str, str] = Field(
        default_factory=dict, description="422: each offending field with what is wrong with it"
    )
    seq: int | None = Field(default=None, description="409 `stale`: the floor's seq now")


def refusals(*statuses: int) -> dict[int, type[Schema]]:
    """The refusals an operation can give, each with the error schema, for its `response=`."""
    return dict.fromkeys(statuses, Error)


# What an operation that reads a meeting by its slug alone can answer besides its result.
NO_MEETING = refusals(404)
# What an authenticated command can answer: an unreadable body (400), no or a bad token (401), a
# role that may not (403), an unknown meeting or entry (404), a command the floor refuses (409),
# invalid fields (422).
ERRORS = refusals(400, 401, 403, 404, 409, 422)


@router.get(
    "/{slug}/speakers",
    response={200: SpeakersOut, 304: None, **NO_MEETING},
    summary="The ordered list of speakers (304 to an If-None-Match of its ETag)",
)
def speakers(request: HttpRequest, slug: str, response: HttpResponse) -> Any:
    meeting = meeting_or_404(slug)
    state = store.state_of(meeting)
    etag = f'"{state.list_seq}"'
    if request.headers.get("If-None-Match") == etag:
        return HttpResponseNotModified(headers={"ETag": etag})
    response["ETag"] = etag
    return {
        "seq": state.seq,
        "list_seq": state.list_seq,
        "server_time": timezone.now(),
        "list_open": state.list_open,
        "speakers": snapshot.speakers(state),
    }


@router.post(
    "/{slug}/speakers",
    response={201: InscribedOut, **ERRORS},
    auth=AUTH,
    summary="A request to speak",
)
def request_to_speak(request: HttpRequest, slug: str, payload: RequestIn) -> Status:
    # Served by Django, or in a rush by the inscription's writer (inscription/express.py), which
    # looks the meeting up once for its whole group.
    meeting = rush.cached(("meeting", slug), lambda: meeting_or_404(slug))
    outcome = actions.request_to_speak(meeting, request.auth, payload.dict())
    row = outcome.events[-1]
    entry = outcome.state.entries[row.seq]
    return Status(
        201,
        validated(  # validated once (ninja does not validate its own schema's instance again)
            InscribedOut,
            {
                "seq": outcome.state.seq,
                "server_time": timezone.now(),
                "entry": snapshot.entry_json(entry, outcome.state),
                "receipt": receipts.as_json(receipts.of_inscription(meeting, row, outcome.state)),
            },
        ),
    )


class UpdatedOut(Schema):
    seq: int
    server_time: datetime
    entry: EntryOut


@router.patch(
    "/{slug}/speakers/{entry_id}",
    response={200: UpdatedOut, **ERRORS},
    auth=AUTH,
    summary="Change a request to speak (speaker, level, kind, group, language)",
)
def update_request(
    request: HttpRequest, slug: str, entry_id: int, payload: RequestChangesIn
) -> dict[str, Any]:
    meeting = meeting_or_404(slug)
    changes = payload.dict(exclude_none=True)
    outcome = actions.update_request(meeting, request.auth, entry_id, changes)
    return {
        "seq": outcome.state.seq,
        "server_time": timezone.now(),
        "entry": snapshot.entry_json(outcome.state.entries[entry_id], outcome.state),
    }


@router.delete(
    "/{slug}/speakers/{entry_id}",
    response={200: SpeakersOut, **ERRORS},
    auth=AUTH,
    summary="Withdraw a request to speak",
)
def withdraw(request: HttpRequest, slug: str, entry_id: int) -> dict[str, Any]:
    meeting = meeting_or_404(slug)
    outcome = actions.withdraw(meeting, request.auth, entry_id)
    return {
        "seq": outcome.state.seq,
        "list_seq": outcome.state.list_seq,
        "server_time": timezone.now(),
        "list_open": outcome.state.list_open,
        "speakers": snapshot.speakers(outcome.state),
    }


@router.get("/{slug}/floor", response={200: FloorOut, **NO_MEETING}, summary="The floor now")
def floor_now(request: HttpRequest, slug: str) -> dict[str, Any]:
    meeting = meeting_or_404(slug)
    return snapshot.head(meeting, store.state_of(meeting))


@router.post(
    "/{slug}/floor", response={200: FloorOut, **ERRORS}, auth=AUTH, summary="A chair's command"
)
def command(request: HttpRequest, slug: str, payload: CommandIn) -> dict[str, Any]:
    meeting = meeting_or_404(slug)
    fields = payload.dict(exclude={"action", "expected_seq"})
    outcome = actions.floor_command(
        meeting, request.auth, payload.action, fields, expected_seq=payload.expected_seq
    )
    return outcome.head(meeting)


@router.get(
    "/{slug}/events",
    response={200: EventsOut, **refusals(404, 422)},
    summary="The event log, paged",
)
def events(request: HttpRequest, slug: str, after: int = 0, limit: int = 500) -> dict[str, Any]:
    meeting = meeting_or_404(slug)
    limit = max(1, min(limit, 1000))
    rows = list(
        FloorEvent.objects.filter(meeting=meeting, seq__gt=max(after, 0)).order_by("seq")[
            : limit + 1
        ]
    )
    more = len(rows) > limit
    rows = rows[:limit]
    last = (
        FloorEvent.objects.filter(meeting=meeting)
        .order_by("-seq")
        .values_list("seq", flat=True)
        .first()
    )
    return {
        "seq": last or 0,
        "server_time": timezone.now(),
        "events": rows,
        "next_after": rows[-1].seq if more else None,
    }
