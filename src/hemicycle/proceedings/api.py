"""`/api/v1/meetings/{slug}/…`: the floor now, the chair's commands and the event log; the
schemas of the list's entries and of a speech, which the inscription and the record share."""

from datetime import datetime
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema
from pydantic import field_serializer

from hemicycle import floor
from hemicycle.accounts.auth import AUTH, caller
from hemicycle.apikit import ERRORS, NO_MEETING, Input, refusals
from hemicycle.floor import chain
from hemicycle.floor.commands import MAX_PANELLISTS, MAX_TEXT
from hemicycle.meetings.models import meeting_or_404
from hemicycle.proceedings import actions, snapshot, store
from hemicycle.proceedings.models import FloorEvent

router = Router(tags=["floor"])

Text = Field(default="", max_length=MAX_TEXT)
Name = Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]


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
    declaration: str = Field(
        description="none | pending (a declared level or group awaits the secretariat) | confirmed"
    )
    reasons: list[Reason]


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


class UndoOut(Schema):
    """The chair's last action, which `undo` would take back."""

    type: str = Field(description="the first event of that action, e.g. speech_started")
    name: str = Field(description="the speaker or segment it concerns, if any")


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
    undo: UndoOut | None = None


class PanellistIn(Input):
    name: str = Field(min_length=1, max_length=200)
    title: str = Text
    organisation: str = Text
    role: str = Field(default="panellist", max_length=40)
    limit_s: int | None = Field(default=None, ge=10, le=3600, description="this panellist's limit")


# The floor's own actions, but for `update`, which has its own route (PATCH …/speakers/{id}).
Action = Literal[tuple(name for name in floor.ACTIONS if name != "update")]  # type: ignore[valid-type]


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
    to_panellists: list[Name] = Field(default_factory=list, max_length=MAX_PANELLISTS)


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


@router.get("/{slug}/floor", response={200: FloorOut, **NO_MEETING}, summary="The floor now")
def floor_now(request: HttpRequest, slug: str) -> dict[str, Any]:
    meeting = meeting_or_404(slug, caller(request))
    return snapshot.head(meeting, store.state_of(meeting))


@router.post(
    "/{slug}/floor", response={200: FloorOut, **ERRORS}, auth=AUTH, summary="A chair's command"
)
def command(request: HttpRequest, slug: str, payload: CommandIn) -> dict[str, Any]:
    meeting = meeting_or_404(slug, request.auth)
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
    meeting = meeting_or_404(slug, caller(request))
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
