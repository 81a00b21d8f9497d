"""The floor as a fold over its log: deterministic and lenient, so that any prefix of a valid log
folds without error (what may be appended is for `commands.py` to decide).

The fold applies the decisions the log records (where an entry goes, which speakers are carried
over, the segment of a request); it never works them out again, so no change to the rules of
precedence can change a past order (floor/events.py, tests/golden/)."""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from hemicycle.floor.events import Event, EventType
from hemicycle.floor.index import Anchor, PlacementIndex, SortKeys, kept_index, kept_keys
from hemicycle.floor.state import (
    UPDATABLE,
    Config,
    Entry,
    FinishedSpeech,
    FloorState,
    Invitee,
    Speech,
    Status,
    Window,
)

UNDO_DEPTH = 20


class _Fold:
    """The mutable working copy of a FloorState while events are applied. `use_index`: keep the
    placement index and the remembered sort keys up to date for the commands (`floor.index`)."""

    def __init__(self, state: FloorState, *, use_index: bool) -> None:
        self.state = state
        self.entries = dict(state.entries)
        self.order = list(state.order)
        self.fields: dict[str, Any] = {}
        self.use_index = use_index
        self.keys = kept_keys(state) if use_index else None
        self.index = kept_index(state) if use_index else None
        self.owned = False  # whether self.index is this fold's own copy

    def get(self, name: str) -> Any:
        return self.fields.get(name, getattr(self.state, name))

    def set(self, **values: Any) -> None:
        self.fields.update(values)

    def freeze(self, seq: int, *, last: bool = False) -> FloorState:
        """The floor as it stands; `last`: the fold is done, and hands over its own entries."""
        entries, order = (self.entries if last else dict(self.entries)), tuple(self.order)
        anchor = Anchor(order, entries, self.keys, self.index) if self.use_index else None
        self.owned = False  # the frozen floor has it now
        return replace(
            self.state, seq=seq, entries=entries, order=order, index=anchor, **self.fields
        )

    def reset(self, state: FloorState) -> None:
        self.state = state
        self.entries = dict(state.entries)
        self.order = list(state.order)
        self.fields = {}
        if self.use_index:
            self.keys, self.index, self.owned = kept_keys(state), kept_index(state), False

    def remembered_keys(self, config: Config) -> SortKeys:
        if self.keys is None or self.keys.config is not config:
            self.keys = SortKeys(config)
        return self.keys

    def changed(self) -> None:
        """The list or an entry on it changed otherwise than by a new request: the index goes."""
        self.index = None

    def inscribe(self, entry: Entry, after: int | None) -> None:
        """A new request, not placed by hand, put after entry `after` (None: at the top), as the
        log records; the placement index follows if it is kept."""
        at = self.slot_after(after)
        if entry.id in self.entries or not self.use_index:  # not new, or no index kept
            self.changed()
            self.entries[entry.id] = entry
            self.order.insert(at, entry.id)
            return
        keys = self.remembered_keys(self.get("config"))
        if self.index is None or self.index.keys is not keys:
            self.index, self.owned = PlacementIndex.build(self.order, self.entries, keys), True
        elif not self.owned:
            self.index, self.owned = self.index.copy(), True
        self.entries[entry.id] = entry
        self.order.insert(at, entry.id)
        self.index.added(entry, at, self.order)

    def slot_after(self, after: int | None) -> int:
        """The index in the list just after entry `after` (the top for None; the end if it is not
        on the list, which a valid log never asks)."""
        if after is None:
            return 0
        try:
            return self.order.index(after) + 1
        except ValueError:
            return len(self.order)

    def update_entry(self, entry_id: int, **changes: Any) -> None:
        if entry_id in self.entries:
            self.changed()
            self.entries[entry_id] = replace(self.entries[entry_id], **changes)

    def unlist(self, entry_id: int) -> None:
        if entry_id in self.order:
            self.changed()
            self.order.remove(entry_id)

    def replace_order(self, entry_id: int, position: int) -> None:
        self.changed()
        self.unlist(entry_id)
        index = max(0, min(position - 1, len(self.order)))
        self.order.insert(index, entry_id)


# -- one function per event type ----------------------------------------------------------------


def _meeting_configured(fold: _Fold, event: Event) -> None:
    p = event.payload
    fold.set(
        config=Config.from_payload(p),
        format=int(p.get("format", 1)),
        rules=str(p.get("rules", "")),
    )


def _list_opened(fold: _Fold, event: Event) -> None:
    fold.set(list_open=True)
    _window_passed(fold, event)


def _list_closed(fold: _Fold, event: Event) -> None:
    fold.set(list_open=False)
    _window_passed(fold, event)


def _window_passed(fold: _Fold, event: Event) -> None:
    """An opening or closing of the list at or after the window's opening (or closing) stands for
    it: the window does not open (or close) the list again."""
    window: Window | None = fold.get("window")
    if window is None:
        return
    opened = window.opened or event.at >= window.opens_at
    closed = window.closed or (window.closes_at is not None and event.at >= window.closes_at)
    fold.set(window=replace(window, opened=opened, closed=closed))


def _window_set(fold: _Fold, event: Event) -> None:
    p = event.payload
    opens = p.get("opens_at")
    if not opens:
        fold.set(window=None)
        return
    closes = p.get("closes_at")
    fold.set(
        window=Window(
            opens_at=datetime.fromisoformat(str(opens)),
            closes_at=datetime.fromisoformat(str(closes)) if closes else None,
        )
    )


def _speaker_inscribed(fold: _Fold, event: Event) -> None:
    p = event.payload
    entry = Entry.from_payload(event.seq, p, event.at, str(p.get("segment", "")))
    position = p.get("position")
    if position is not None:
        entry = replace(entry, pinned=True, move_reason=str(p.get("reason", "")))
        fold.changed()
        fold.entries[entry.id] = entry
        fold.replace_order(entry.id, int(position))
    else:
        fold.inscribe(entry, _after(p))


def _after(payload: Mapping[str, Any]) -> int | None:
    after = payload.get("after")
    return None if after is None else int(after)


def _speaker_updated(fold: _Fold, event: Event) -> None:
    p = event.payload
    entry_id = int(p["entry"])
    changes = {k: v for k, v in p.get("changes", {}).items() if k in UPDATABLE}
    for key in ("group_members", "to_panellists"):
        if key in changes:
            changes[key] = tuple(changes[key])
    if "confirmed" in p:
        changes["confirmed"] = bool(p["confirmed"])
    fold.update_entry(entry_id, **changes)
    _placed_again(fold, entry_id, p)


def _declaration_confirmed(fold: _Fold, event: Event) -> None:
    entry_id = int(event.payload["entry"])
    fold.update_entry(entry_id, confirmed=True)
    _placed_again(fold, entry_id, event.payload)


def _placed_again(fold: _Fold, entry_id: int, p: Mapping[str, Any]) -> None:
    if "after" in p and entry_id in fold.order:  # placed again, where the log says
        fold.unlist(entry_id)
        fold.order.insert(fold.slot_after(_after(p)), entry_id)


def _speaker_withdrawn(fold: _Fold, event: Event) -> None:
    fold.update_entry(int(event.payload["entry"]), status=Status.WITHDRAWN)
    fold.unlist(int(event.payload["entry"]))


def _speaker_moved(fold: _Fold, event: Event) -> None:
    p = event.payload
    entry_id = int(p["entry"])
    fold.update_entry(entry_id, pinned=True, move_reason=str(p.get("reason", "")))
    if entry_id in fold.order:
        fold.replace_order(entry_id, int(p["position"]))


def _segment_started(fold: _Fold, event: Event) -> None:
    key = str(event.payload["segment"])
    plan = fold.get("config").segment(key)
    invited = plan.speakers if plan is not None and not plan.takes_floor else ()
    fold.set(
        segment=key,
        invited=invited,
        invited_kind="remarks",
        segment_started_at=event.at,
        heard_since_round=(),
        round_questions=(),
    )


def _segment_ended(fold: _Fold, event: Event) -> None:
    key = str(event.payload["segment"])
    fold.set(
        segment="",
        segments_done=(*fold.get("segments_done"), key),
        invited=(),
        invited_kind="",
        segment_started_at=None,
        heard_since_round=(),
        round_questions=(),
    )


def _speakers_carried(fold: _Fold, event: Event) -> None:
    """The waiting speakers of the segment that ended go, in the recorded order, to the next
    segment that takes the floor; the list is as recorded."""
    p = event.payload
    target = str(p["segment"])
    for rank, entry_id in enumerate(p.get("entries", ()), start=1):
        fold.update_entry(int(entry_id), segment=target, carry_rank=rank)
    recorded = [int(i) for i in p.get("order", ())]
    on_list = set(fold.order)
    fold.changed()
    fold.order = [i for i in recorded if i in on_list] + [
        i for i in fold.order if i not in recorded
    ]


def _speech_started(fold: _Fold, event: Event) -> None:
    p = event.payload
    entry_id = p.get("entry")
    if entry_id is not None:
        entry_id = int(entry_id)
        fold.update_entry(entry_id, status=Status.SPEAKING)
        fold.unlist(entry_id)
        fold.set(heard_since_round=(*fold.get("heard_since_round"), entry_id))
    invited: tuple[Invitee, ...] = fold.get("invited")
    if p.get("invited") and invited:
        fold.set(invited=invited[1:])
    fold.set(
        speech=Speech(
            id=event.seq,
            kind=str(p.get("kind", "statement")),
            speaker=str(p.get("speaker", "")),
            started_at=event.at,
            limit_s=p.get("limit_s"),
            entry=entry_id,
            delegation=str(p.get("delegation", "")),
            delegation_name=str(p.get("delegation_name", "")),
            title=str(p.get("title", "")),
            on_behalf_of=str(p.get("on_behalf_of", "")),
            segment=fold.get("segment"),
        )
    )


def _speech_paused(fold: _Fold, event: Event) -> None:
    speech: Speech | None = fold.get("speech")
    if speech is not None and speech.running:
        fold.set(speech=replace(speech, paused_at=event.at))


def _speech_resumed(fold: _Fold, event: Event) -> None:
    speech: Speech | None = fold.get("speech")
    if speech is not None and speech.paused_at is not None:
        paused = (event.at - speech.paused_at).total_seconds()
        fold.set(speech=replace(speech, paused_at=None, paused_s=speech.paused_s + paused))


def _speech_ended(fold: _Fold, event: Event) -> None:
    """The speech in progress goes to the record; a speech a point of order interrupted resumes."""
    speech: Speech | None = fold.get("speech")
    if speech is None:
        return
    duration = speech.elapsed(event.at)
    fold.set(record=(*fold.get("record"), FinishedSpeech(speech, event.at, duration)))
    if speech.entry is not None:
        fold.update_entry(speech.entry, status=Status.SPOKEN)
    interrupted: tuple[Speech, ...] = fold.get("interrupted")
    if interrupted:
        fold.set(speech=interrupted[-1], interrupted=interrupted[:-1])
    else:
        fold.set(speech=None)


def _time_added(fold: _Fold, event: Event) -> None:
    speech: Speech | None = fold.get("speech")
    if speech is not None and speech.limit_s is not None:
        fold.set(speech=replace(speech, limit_s=speech.limit_s + int(event.payload["seconds"])))


def _point_of_order_raised(fold: _Fold, event: Event) -> None:
    speech: Speech | None = fold.get("speech")
    if speech is not None:
        paused = (
            speech
            if speech.paused_at
            else replace(speech, paused_at=event.at, resumes_after_interruption=True)
        )
        fold.set(interrupted=(*fold.get("interrupted"), paused), speech=None)


def _panel_round_started(fold: _Fold, event: Event) -> None:
    panellists = tuple(Invitee.from_payload(x) for x in event.payload.get("panellists", ()))
    fold.set(
        invited=panellists,
        invited_kind="panel",
        round_questions=fold.get("heard_since_round"),
        heard_since_round=(),
    )


def _panel_cadence_set(fold: _Fold, event: Event) -> None:
    fold.set(panel_every=max(0, int(event.payload.get("every", 0))))


# Keyed by EventType, looked up with `Event.type`, a plain str (an EventType is one), hence the
# Mapping's str keys. `undone` is not here: `_apply_command` takes a command back.
APPLY: Mapping[str, Callable[[_Fold, Event], None]] = {
    EventType.MEETING_CONFIGURED: _meeting_configured,
    EventType.LIST_OPENED: _list_opened,
    EventType.LIST_CLOSED: _list_closed,
    EventType.SPEAKER_INSCRIBED: _speaker_inscribed,
    EventType.SPEAKER_UPDATED: _speaker_updated,
    EventType.SPEAKER_WITHDRAWN: _speaker_withdrawn,
    EventType.SPEAKER_MOVED: _speaker_moved,
    EventType.SEGMENT_STARTED: _segment_started,
    EventType.SEGMENT_ENDED: _segment_ended,
    EventType.SPEAKERS_CARRIED: _speakers_carried,
    EventType.DECLARATION_CONFIRMED: _declaration_confirmed,
    EventType.WINDOW_SET: _window_set,
    EventType.SPEECH_STARTED: _speech_started,
    EventType.SPEECH_PAUSED: _speech_paused,
    EventType.SPEECH_RESUMED: _speech_resumed,
    EventType.SPEECH_ENDED: _speech_ended,
    EventType.TIME_ADDED: _time_added,
    EventType.POINT_OF_ORDER_RAISED: _point_of_order_raised,
    EventType.PANEL_ROUND_STARTED: _panel_round_started,
    EventType.PANEL_CADENCE_SET: _panel_cadence_set,
}

# Events that move only a speech's clock: the list of speakers, as pages show it, is unchanged.
CLOCK_ONLY = frozenset({EventType.SPEECH_PAUSED, EventType.SPEECH_RESUMED, EventType.TIME_ADDED})

# The chair's actions can be undone; a delegation's inscription or the meeting's configuration cannot.
UNDOABLE = frozenset(
    {
        EventType.SPEAKER_MOVED,
        EventType.SEGMENT_STARTED,
        EventType.SEGMENT_ENDED,
        EventType.SPEECH_STARTED,
        EventType.SPEECH_PAUSED,
        EventType.SPEECH_RESUMED,
        EventType.SPEECH_ENDED,
        EventType.TIME_ADDED,
        EventType.POINT_OF_ORDER_RAISED,
        EventType.PANEL_ROUND_STARTED,
        EventType.PANEL_CADENCE_SET,
        EventType.LIST_OPENED,
        EventType.LIST_CLOSED,
    }
)


def _apply_command(fold: _Fold, event: Event) -> None:
    """Keep the state before each undoable command, and take it back on `undone`."""
    if event.type not in CLOCK_ONLY:
        fold.set(list_seq=event.seq)
    if event.type == EventType.UNDONE:
        history = fold.get("history")
        if history and history[-1][0] == int(event.payload["command"]):
            fold.reset(history[-1][2])
            fold.set(history=history[:-1], list_seq=event.seq)
        return
    if event.starts_command:
        if event.type in UNDOABLE:
            before = fold.freeze(event.seq - 1)
            history = (*before.history, (event.seq, event.type, replace(before, history=())))
            fold.set(history=history[-UNDO_DEPTH:])
        else:
            fold.set(history=())
    apply = APPLY.get(event.type)
    if apply is not None:
        apply(fold, event)


def fold(
    events: Iterable[Event], state: FloorState | None = None, *, use_index: bool = True
) -> FloorState:
    """The floor after `events`, starting from `state` (the empty floor by default).

    `use_index=False` keeps no placement index with the floor (the commands then work it out when
    they need it): the same list either way, since the fold only applies recorded places."""
    working = _Fold(state or FloorState(), use_index=use_index)
    seq = working.state.seq
    for event in events:
        _apply_command(working, event)
        seq = event.seq
    return working.freeze(seq, last=True)
