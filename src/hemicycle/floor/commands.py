"""What the chair and the delegations may do, and the events each command appends.

Each function takes the floor as it is and the command's arguments, and returns the events to append,
or raises a `FloorError` that says what to do instead. Nothing here writes anything: the store appends
what these functions decide, in one transaction.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

from hemicycle.floor import errors
from hemicycle.floor.chain import canonical_time
from hemicycle.floor.events import FORMAT, EventType, NewEvent
from hemicycle.floor.i18n import _
from hemicycle.floor.index import active_entry_of, index_of
from hemicycle.floor.precedence import CATEGORIES, LEVELS, RULES, Key, declares, slot, sort_key
from hemicycle.floor.state import UPDATABLE, Config, Entry, FloorState, Invitee, Speech, Status

KINDS = ("statement", "question", "reply")
MAX_ADD_TIME_S = 3600

# The most a request may carry, so that every page and live frame stays small whatever is sent:
# a name or title, a delegation's code, a group (the largest, the G77, has 134 members), the
# panellists a question is put to, a language's code.
MAX_TEXT = 200
MAX_CODE = 20
MAX_GROUP = 200
MAX_PANELLISTS = 20
MAX_LANGUAGE = 10


@dataclass(frozen=True)
class Request:
    """A request to speak, as a delegation (or the secretariat on its behalf) submits it."""

    delegation: str
    delegation_name: str
    category: str = "member_state"
    speaker: str = ""
    title: str = ""
    level: str = "other"
    kind: str = "statement"
    on_behalf_of: str = ""
    group_members: Sequence[str] = ()
    to_panellists: Sequence[str] = ()
    segment: str = ""
    language: str = ""

    def payload(self) -> dict[str, Any]:
        return {
            "delegation": self.delegation,
            "delegation_name": self.delegation_name,
            "category": self.category,
            "speaker": self.speaker,
            "title": self.title,
            "level": self.level,
            "kind": self.kind,
            "on_behalf_of": self.on_behalf_of,
            "group_members": list(self.group_members),
            "to_panellists": list(self.to_panellists),
            "segment": self.segment,
            "language": self.language,
        }


def _check_sizes(request: Request) -> None:
    texts = {
        "speaker": request.speaker,
        "title": request.title,
        "on_behalf_of": request.on_behalf_of,
    }
    for name, text in texts.items():
        if len(text) > MAX_TEXT:
            raise errors.InvalidCommand(
                _("The {field} is too long: at most {most} characters."), field=name, most=MAX_TEXT
            )
    if len(request.language) > MAX_LANGUAGE:
        raise errors.InvalidCommand(_("Give the language as its code, e.g. fr."))
    if len(request.group_members) > MAX_GROUP or any(
        not 0 < len(code) <= MAX_CODE for code in request.group_members
    ):
        raise errors.InvalidCommand(
            _("Name at most {most} members of the group, each by its code (e.g. FRA)."),
            most=MAX_GROUP,
        )
    if len(request.to_panellists) > MAX_PANELLISTS or any(
        not 0 < len(name) <= MAX_TEXT for name in request.to_panellists
    ):
        raise errors.InvalidCommand(
            _("Put the question to at most {most} panellists, each by name."), most=MAX_PANELLISTS
        )


def _check_request(state: FloorState, request: Request) -> None:
    _check_sizes(request)
    if request.level not in LEVELS:
        raise errors.InvalidCommand(
            _("Unknown level of representation “{level}”; use one of: {levels}."),
            level=request.level,
            levels=", ".join(LEVELS),
        )
    if request.kind not in KINDS:
        raise errors.InvalidCommand(
            _("Unknown kind of speech “{kind}”; use one of: {kinds}."),
            kind=request.kind,
            kinds=", ".join(KINDS),
        )
    if request.category not in CATEGORIES:
        raise errors.InvalidCommand(_("Unknown category “{category}”."), category=request.category)
    if request.segment and state.config.segment(request.segment) is None:
        raise errors.InvalidCommand(
            _("There is no segment “{segment}” in this meeting's programme."),
            segment=request.segment,
        )


MAX_REPLIES = 2  # rights of reply per delegation per meeting (decision 34/401)


def _check_replies(state: FloorState, request: Request) -> None:
    if request.kind != "reply":
        return
    replies = [
        e
        for e in state.entries.values()
        if e.delegation == request.delegation and e.kind == "reply" and e.status != Status.WITHDRAWN
    ]
    if len(replies) >= MAX_REPLIES:
        raise errors.InvalidCommand(
            _("{delegation} has had its two rights of reply at this meeting."),
            delegation=request.delegation_name,
        )


def inscribe(
    state: FloorState,
    request: Request,
    *,
    override_closed: bool = False,
    now: datetime | None = None,
    confirmed: bool = True,
) -> list[NewEvent]:
    """Put a delegation on the list. One active request per delegation; the list must be open
    unless the secretariat inscribes (`override_closed`). The event records the segment the request
    goes to and its place (the entry it follows, and its sort key), as the policy decides now.
    `confirmed=False`: a declared level or group waits for the secretariat (`confirm`); until then
    the request is placed as the delegation's ordinary one."""
    _check_request(state, request)
    if not state.list_open and not override_closed:
        raise errors.ListClosed(_("The list of speakers is closed."))
    _check_replies(state, request)
    existing = active_entry_of(state, request.delegation)
    if existing is not None:
        position = state.position(existing.id)
        raise errors.AlreadyInscribed(
            _(
                "{delegation} is already inscribed (request {entry}, position {position}); "
                "update or withdraw that request instead."
            ),
            delegation=request.delegation_name,
            entry=existing.id,
            position=position or "—",
        )
    segment = _segment_for(state, request.kind, request.segment)
    payload = {**request.payload(), "segment": segment, "confirmed": True}
    # The request's own seq: its event is the first its command appends.
    entry = Entry.from_payload(state.seq + 1, payload, now or _UNDATED, segment)
    if not confirmed and declares(entry):
        entry = replace(entry, confirmed=False)
        payload["confirmed"] = False
    at = index_of(state).slot(entry, state.order, state.entries)
    placed = _placed(state.order, at, sort_key(entry, state.config))
    return [NewEvent(EventType.SPEAKER_INSCRIBED, {**payload, **placed})]


# A request's time of receipt plays no part in its place.
_UNDATED = datetime(1970, 1, 1, tzinfo=UTC)


def _placed(order: Sequence[int], at: int, key: Key) -> dict[str, Any]:
    """What the log records of a place found at index `at` of `order`: the entry it follows (None:
    the top of the list) and the sort key that put it there."""
    return {"after": order[at - 1] if at > 0 else None, "key": list(key)}


def _segment_for(state: FloorState, kind: str, preferred: str) -> str:
    """Rights of reply are heard at the end of the day (decision 34/401): in the last segment that
    takes the floor, after its speakers; other requests go to the segment asked for, or the next
    one still to come that takes the floor."""
    config = state.config
    if kind == "reply" and config.last_floor_segment not in state.segments_done:
        preferred = config.last_floor_segment
    return config.default_segment(state.segments_done, preferred)


def _waiting_entry(state: FloorState, entry_id: int) -> Entry:
    entry = state.entries.get(entry_id)
    if entry is None:
        raise errors.UnknownEntry(_("There is no request {entry} on this list."), entry=entry_id)
    if entry.status != Status.WAITING:
        raise errors.NotWaiting(NOT_WAITING[entry.status], delegation=entry.delegation_name)
    return entry


NOT_WAITING = {
    Status.SPEAKING: _("{delegation} has the floor now; end the speech first."),
    Status.SPOKEN: _("{delegation} has already spoken."),
    Status.WITHDRAWN: _("{delegation} has withdrawn this request."),
}


def withdraw(state: FloorState, now: datetime, *, entry: int, reason: str = "") -> list[NewEvent]:
    """Take a waiting request off the list; `reason`, when given, is recorded with it."""
    _waiting_entry(state, entry)
    return [NewEvent(EventType.SPEAKER_WITHDRAWN, {"entry": entry, **_why(reason)})]


def _why(reason: str) -> dict[str, str]:
    return {"reason": reason.strip()} if reason.strip() else {}


DECLARED = ("level", "on_behalf_of", "group_members")  # what the secretariat confirms


def update(
    state: FloorState,
    now: datetime,
    *,
    entry: int,
    changes: Mapping[str, Any],
    confirmed: bool = True,
    reason: str = "",
) -> list[NewEvent]:
    """Change a waiting request, keeping its time of receipt; unless it was placed by hand, it is
    placed again by the meeting's policy (a new level of representation moves it), and the event
    records where. `confirmed=False`: a new level or group waits for the secretariat's check."""
    current = _waiting_entry(state, entry)
    unknown = sorted(set(changes) - set(UPDATABLE))
    if unknown:
        raise errors.InvalidCommand(
            _("These fields cannot be changed: {fields}; change only: {allowed}."),
            fields=", ".join(unknown),
            allowed=", ".join(UPDATABLE),
        )
    if not changes:
        raise errors.InvalidCommand(_("Nothing to change: send the fields to change."))
    merged = Request(
        delegation=current.delegation,
        delegation_name=current.delegation_name,
        category=current.category,
        speaker=str(changes.get("speaker", current.speaker)),
        title=str(changes.get("title", current.title)),
        level=str(changes.get("level", current.level)),
        kind=str(changes.get("kind", current.kind)),
        on_behalf_of=str(changes.get("on_behalf_of", current.on_behalf_of)),
        group_members=tuple(changes.get("group_members", current.group_members)),
        to_panellists=tuple(changes.get("to_panellists", current.to_panellists)),
        language=str(changes.get("language", current.language)),
    )
    _check_request(state, merged)
    if current.kind != "reply":  # becoming a reply counts as asking for one
        _check_replies(state, merged)
    payload = {key: value for key, value in merged.payload().items() if key in changes}
    event: dict[str, Any] = {"entry": entry, "changes": payload, **_why(reason)}
    as_changed = Entry.from_payload(current.id, merged.payload(), _UNDATED, current.segment)
    updated = replace(as_changed, carry_rank=current.carry_rank, confirmed=current.confirmed)
    if any(getattr(current, k) != getattr(updated, k) for k in DECLARED):
        updated = replace(updated, confirmed=confirmed or not declares(updated))
    if updated.confirmed != current.confirmed:
        event["confirmed"] = updated.confirmed
    if not current.pinned:
        order = [i for i in state.order if i != entry]
        at = slot(order, state.entries, updated, state.config)
        event.update(_placed(order, at, sort_key(updated, state.config)))
    return [NewEvent(EventType.SPEAKER_UPDATED, event)]


def confirm(state: FloorState, now: datetime, *, entry: int) -> list[NewEvent]:
    """The secretariat confirms a request's declared level or group: from now it counts, and the
    request is placed by the policy again (where, the event records)."""
    current = _waiting_entry(state, entry)
    if not declares(current):
        raise errors.InvalidCommand(
            _("{delegation}'s request declares no level or group to confirm."),
            delegation=current.delegation_name,
        )
    if current.confirmed:
        raise errors.NotWaiting(
            _("{delegation}'s declaration is already confirmed."),
            delegation=current.delegation_name,
        )
    confirmed = replace(current, confirmed=True)
    payload: dict[str, Any] = {"entry": entry}
    if not current.pinned:
        order = [i for i in state.order if i != entry]
        at = slot(order, state.entries, confirmed, state.config)
        payload.update(_placed(order, at, sort_key(confirmed, state.config)))
    return [NewEvent(EventType.DECLARATION_CONFIRMED, payload)]


def _speech_payload_for_entry(state: FloorState, entry: Entry) -> dict[str, Any]:
    return {
        "entry": entry.id,
        "kind": entry.speech_kind,
        "speaker": entry.speaker,
        "title": entry.title,
        "delegation": entry.delegation,
        "delegation_name": entry.delegation_name,
        "on_behalf_of": entry.on_behalf_of,
        "limit_s": state.limit_for(entry.speech_kind, entry.segment),
    }


def _speech_payload_for_invitee(state: FloorState, invitee: Invitee) -> dict[str, Any]:
    kind = state.invited_kind or "remarks"
    return {
        "entry": None,
        "invited": True,
        "kind": kind,
        "speaker": invitee.name,
        "title": invitee.title,
        "delegation": "",
        "delegation_name": invitee.organisation,
        "on_behalf_of": "",
        "limit_s": invitee.limit_s or state.limit_for(kind),
    }


def _next_speech(state: FloorState, entry: int | None) -> dict[str, Any]:
    if entry is not None:
        return _speech_payload_for_entry(state, _waiting_entry(state, entry))
    if state.invited:
        return _speech_payload_for_invitee(state, state.invited[0])
    if not state.order:
        raise errors.NotWaiting(_("Nobody is waiting to speak."))
    return _speech_payload_for_entry(state, state.entries[state.order[0]])


def give_floor(state: FloorState, now: datetime, *, entry: int | None = None) -> list[NewEvent]:
    """`next`: end the current speech if any, give the floor to the next speaker and start the clock."""
    if state.interrupted:
        raise errors.SpeechInProgress(
            _("A point of order is being heard; end it to resume the interrupted speech.")
        )
    events = [NewEvent(EventType.SPEECH_ENDED, {"speech": state.speech.id})] if state.speech else []
    after = state if not state.speech else _without_speech(state)
    return [*events, *_give(after, entry)]


def _give(state: FloorState, entry: int | None) -> list[NewEvent]:
    """The floor to `entry`, or to whoever is next: when a panel round has fallen due (every N
    speakers), the round starts first and its first panellist speaks."""
    if entry is None and state.panel_due:
        panellists = state.config.panellists_for(state.segment)
        round_ = NewEvent(
            EventType.PANEL_ROUND_STARTED, {"panellists": [p.payload() for p in panellists]}
        )
        state = replace(state, invited=panellists, invited_kind="panel")
        return [round_, NewEvent(EventType.SPEECH_STARTED, _next_speech(state, None))]
    return [NewEvent(EventType.SPEECH_STARTED, _next_speech(state, entry))]


def _without_speech(state: FloorState) -> FloorState:
    return replace(state, speech=None)


def start(state: FloorState, now: datetime, *, entry: int | None = None) -> list[NewEvent]:
    """Give the floor to `entry` (or the next speaker) when nobody has it."""
    if state.speech is not None:
        raise errors.SpeechInProgress(
            _("{speaker} has the floor; end that speech first, or use Next."),
            speaker=_who(state.speech),
        )
    return _give(state, entry)


def _who(speech: Speech) -> str:
    return speech.delegation_name or speech.speaker or speech.kind


def _current(state: FloorState) -> Speech:
    if state.speech is None:
        raise errors.NoSpeech(_("Nobody has the floor."))
    return state.speech


def pause(state: FloorState, now: datetime) -> list[NewEvent]:
    speech = _current(state)
    if not speech.running:
        raise errors.NoSpeech(_("The speech is already paused; resume it instead."))
    return [NewEvent(EventType.SPEECH_PAUSED, {"speech": speech.id})]


def resume(state: FloorState, now: datetime) -> list[NewEvent]:
    speech = _current(state)
    if speech.running:
        raise errors.NoSpeech(_("The speech is not paused."))
    return [NewEvent(EventType.SPEECH_RESUMED, {"speech": speech.id})]


def end(state: FloorState, now: datetime) -> list[NewEvent]:
    speech = _current(state)
    return [NewEvent(EventType.SPEECH_ENDED, {"speech": speech.id}), *_resume_interrupted(state)]


def _resume_interrupted(state: FloorState, at: datetime | None = None) -> list[NewEvent]:
    """After a point of order, the speech it interrupted goes on, if it was running then."""
    if not state.interrupted or not state.interrupted[-1].resumes_after_interruption:
        return []
    return [NewEvent(EventType.SPEECH_RESUMED, {"speech": state.interrupted[-1].id}, at=at)]


def add_time(state: FloorState, now: datetime, *, seconds: int = 30) -> list[NewEvent]:
    speech = _current(state)
    if speech.limit_s is None:
        raise errors.NoSpeech(_("This speech has no time limit."))
    if not 1 <= seconds <= MAX_ADD_TIME_S:
        raise errors.InvalidCommand(_("Add between 1 and {most} seconds."), most=MAX_ADD_TIME_S)
    return [NewEvent(EventType.TIME_ADDED, {"speech": speech.id, "seconds": seconds})]


def insert(
    state: FloorState, now: datetime, *, request: Request, position: int, reason: str = ""
) -> list[NewEvent]:
    """A speaker from the floor, placed by hand at `position` among the waiting speakers."""
    events = inscribe(state, request, override_closed=True, now=now)
    payload = {**events[0].payload, "position": _check_position(state, position), "reason": reason}
    del payload["after"], payload["key"]  # placed by hand
    return [NewEvent(EventType.SPEAKER_INSCRIBED, payload)]


def _check_position(state: FloorState, position: int) -> int:
    if not 1 <= position <= len(state.order) + 1:
        raise errors.InvalidCommand(
            _("Choose a position between 1 and {last}."), last=len(state.order) + 1
        )
    return position


def move(
    state: FloorState, now: datetime, *, entry: int, position: int, reason: str
) -> list[NewEvent]:
    _waiting_entry(state, entry)
    if not reason.strip():
        raise errors.InvalidCommand(_("Say why the speaker is moved; the reason is recorded."))
    if not 1 <= position <= len(state.order):
        raise errors.InvalidCommand(
            _("Choose a position between 1 and {last}."), last=len(state.order)
        )
    return [
        NewEvent(EventType.SPEAKER_MOVED, {"entry": entry, "position": position, "reason": reason})
    ]


def point_of_order(
    state: FloorState, now: datetime, *, delegation: str, delegation_name: str, speaker: str = ""
) -> list[NewEvent]:
    """Heard at once: the current speech is paused and resumes when the point of order ends."""
    if not delegation_name:
        raise errors.InvalidCommand(_("Name the delegation raising the point of order."))
    payload = {"delegation": delegation, "delegation_name": delegation_name, "speaker": speaker}
    speech = {
        "entry": None,
        "kind": "point_of_order",
        "speaker": speaker,
        "title": "",
        "delegation": delegation,
        "delegation_name": delegation_name,
        "on_behalf_of": "",
        "limit_s": state.limit_for("point_of_order"),
    }
    return [
        NewEvent(EventType.POINT_OF_ORDER_RAISED, payload),
        NewEvent(EventType.SPEECH_STARTED, speech),
    ]


def panel_round(
    state: FloorState, now: datetime, *, panellists: Sequence[Mapping[str, Any]] = ()
) -> list[NewEvent]:
    """The panellists respond, each with their own limit, before the list goes on."""
    if not state.segment:
        raise errors.SegmentConflict(_("Start a segment of the programme first."))
    chosen = [Invitee.from_payload(p) for p in panellists]
    if not chosen:
        chosen = list(state.config.panellists_for(state.segment))
    if not chosen:
        raise errors.InvalidCommand(
            _("This segment has no panellists; add them to the programme or name them.")
        )
    return [NewEvent(EventType.PANEL_ROUND_STARTED, {"panellists": [p.payload() for p in chosen]})]


MAX_PANEL_EVERY = 50


def panel_every(state: FloorState, now: datetime, *, every: int) -> list[NewEvent]:
    """A panel round falls due after every `every` speakers from the list (0: on demand only)."""
    if not 0 <= every <= MAX_PANEL_EVERY:
        raise errors.InvalidCommand(
            _("Choose between 0 (on demand only) and {most} speakers."), most=MAX_PANEL_EVERY
        )
    if every and not any(plan.panellists for plan in state.config.segments):
        raise errors.InvalidCommand(
            _("The programme has no panellists; add them before setting panel rounds.")
        )
    if every == state.panel_every:
        raise errors.InvalidCommand(_("Panel rounds are already set that way."))
    return [NewEvent(EventType.PANEL_CADENCE_SET, {"every": every})]


def open_list(state: FloorState, now: datetime) -> list[NewEvent]:
    if state.list_open:
        raise errors.ListClosed(_("The list of speakers is already open."))
    return [NewEvent(EventType.LIST_OPENED)]


def close_list(state: FloorState, now: datetime) -> list[NewEvent]:
    if not state.list_open:
        raise errors.ListClosed(_("The list of speakers is already closed."))
    return [NewEvent(EventType.LIST_CLOSED)]


def start_segment(state: FloorState, now: datetime, *, segment: str) -> list[NewEvent]:
    plan = state.config.segment(segment)
    if plan is None:
        raise errors.UnknownEntry(
            _("There is no segment “{segment}” in the programme."), segment=segment
        )
    if segment == state.segment or segment in state.segments_done:
        raise errors.SegmentConflict(
            _("“{title}” has already started; a segment is held once."), title=plan.title
        )
    events = end_segment(state, now) if state.segment else []
    return [*events, NewEvent(EventType.SEGMENT_STARTED, {"segment": segment})]


def end_segment(state: FloorState, now: datetime) -> list[NewEvent]:
    if not state.segment:
        raise errors.SegmentConflict(_("No segment is in progress."))
    events: list[NewEvent] = []
    open_speeches = ([state.speech] if state.speech else []) + list(reversed(state.interrupted))
    events.extend(NewEvent(EventType.SPEECH_ENDED, {"speech": s.id}) for s in open_speeches)
    ended = NewEvent(EventType.SEGMENT_ENDED, {"segment": state.segment})
    return [*events, ended, *_carry_over(state, state.segment)]


def _carry_over(state: FloorState, key: str) -> list[NewEvent]:
    """When segment `key` ends, its waiting speakers carry over, in order, to the next segment that
    takes the floor, ahead of that segment's own speakers: the event records who, and the list."""
    config = state.config
    done = (*state.segments_done, key)
    ahead = [s for s in config.segments if s.takes_floor and s.key not in done]
    ahead = [s for s in ahead if config.rank(s.key) > config.rank(key)] or ahead
    if not ahead:
        return []
    target = ahead[0].key
    carried = [
        i
        for i in state.order
        if state.entries[i].segment in (key, "")
        or config.rank(state.entries[i].segment) < config.rank(target)
    ]
    entries = dict(state.entries)
    for rank, entry_id in enumerate(carried, start=1):
        entries[entry_id] = replace(entries[entry_id], segment=target, carry_rank=rank)
    # The target may come earlier in the programme than the segment that ended (the chair took the
    # segments out of order): the speakers not placed by hand go back in policy order, carried ones
    # first; speakers placed by hand keep their places.
    keys = partial(sort_key, config=config)
    free = [i for i in state.order if not entries[i].pinned]
    ranked = iter(sorted(free, key=lambda i: keys(entries[i])))
    order = [i if entries[i].pinned else next(ranked) for i in state.order]
    if not carried and order == list(state.order):
        return []
    payload = {"segment": target, "from": key, "entries": carried, "order": order}
    return [NewEvent(EventType.SPEAKERS_CARRIED, payload)]


def undo(state: FloorState, now: datetime) -> list[NewEvent]:
    """Take back the chair's last action with a compensating event; the log keeps both."""
    if not state.history:
        raise errors.NothingToUndo(
            _("There is no action of the chair to undo since the last inscription.")
        )
    command, type_, _before = state.history[-1]
    return [NewEvent(EventType.UNDONE, {"command": command, "type": type_})]


def settle(state: FloorState, now: datetime) -> list[NewEvent]:
    """What the clock alone has made true by `now`, each dated at its instant: under the `hard`
    overrun policy, a speech ends when its time is up; the inscription window opens the list at its
    opening and closes it at its closing (once each: see `state.Window`)."""
    events: list[NewEvent] = []
    speech = state.speech
    if state.config.overrun == "hard" and speech is not None and speech.running:
        remaining = speech.remaining(now)
        if remaining is not None and remaining <= 0:
            limit_at = now + timedelta(seconds=remaining)
            events.append(
                NewEvent(
                    EventType.SPEECH_ENDED, {"speech": speech.id, "reason": "time"}, at=limit_at
                )
            )
            events += _resume_interrupted(state, limit_at)
    window, list_open = state.window, state.list_open
    if window is not None and not window.opened and now >= window.opens_at and not list_open:
        events.append(NewEvent(EventType.LIST_OPENED, {"by": "window"}, at=window.opens_at))
        list_open = True
    closes = window.closes_at if window is not None else None
    if (
        window is not None
        and closes is not None
        and not window.closed
        and now >= closes
        and list_open
    ):
        events.append(NewEvent(EventType.LIST_CLOSED, {"by": "window"}, at=closes))
    return sorted(events, key=lambda e: e.at or now)  # stable: a speech's end keeps its resumption


def next_settle(state: FloorState, now: datetime) -> datetime | None:
    """The next instant at which `settle` will have something to do, if the floor is left alone."""
    due: list[datetime] = []
    speech = state.speech
    if state.config.overrun == "hard" and speech is not None and speech.running:
        remaining = speech.remaining(now)
        if remaining is not None:
            due.append(now + timedelta(seconds=remaining))
    window = state.window
    if window is not None and not window.opened and not state.list_open:
        due.append(window.opens_at)
    if window is not None and window.closes_at is not None and not window.closed:
        due.append(window.closes_at)
    return min(due, default=None)


def set_window(
    state: FloorState, now: datetime, *, opens_at: datetime | None, closes_at: datetime | None
) -> list[NewEvent]:
    """When focal points may inscribe (None: no window, the list's flag alone decides)."""
    if opens_at is None:
        if state.window is None:
            return []
        return [NewEvent(EventType.WINDOW_SET, {"opens_at": None, "closes_at": None})]
    if closes_at is not None and closes_at <= opens_at:
        raise errors.InvalidCommand(_("The window must close after it opens."))
    window = state.window
    if window is not None and (window.opens_at, window.closes_at) == (opens_at, closes_at):
        return []
    payload = {
        "opens_at": canonical_time(opens_at),
        "closes_at": canonical_time(closes_at) if closes_at is not None else None,
    }
    return [NewEvent(EventType.WINDOW_SET, payload)]


def configure(state: FloorState, now: datetime, *, config: Mapping[str, Any]) -> list[NewEvent]:
    """The meeting's rules and programme, recorded in full, with the log's format and the version
    of the rules the commands decide under."""
    payload = {"format": FORMAT, "rules": RULES, **Config.from_payload(config).payload()}
    return [NewEvent(EventType.MEETING_CONFIGURED, payload)]


Action = Callable[..., list[NewEvent]]

ACTIONS: Mapping[str, Action] = {
    "next": give_floor,
    "start": start,
    "pause": pause,
    "resume": resume,
    "end": end,
    "add_time": add_time,
    "insert": insert,
    "move": move,
    "point_of_order": point_of_order,
    "panel_round": panel_round,
    "panel_every": panel_every,
    "open_list": open_list,
    "close_list": close_list,
    "start_segment": start_segment,
    "end_segment": end_segment,
    "undo": undo,
    "withdraw": withdraw,
    "update": update,
}


def decide(state: FloorState, action: str, now: datetime, **arguments: Any) -> list[NewEvent]:
    """The events that `action` appends to the floor as it is, or a FloorError."""
    handler = ACTIONS.get(action)
    if handler is None:
        raise errors.InvalidCommand(
            _("Unknown action “{action}”; use one of: {actions}."),
            action=action,
            actions=", ".join(ACTIONS),
        )
    return handler(state, now, **arguments)
