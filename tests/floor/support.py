"""A floor log kept the way the store keeps it, with a clock the test moves by hand.

`Floor` folds as `proceedings.store` does: the state is `fold([])` to begin with; each command's
events are stamped by `chain.stamp`, as the store stamps them (the next seqs, the time of the command
or the past instant an event names, never before the event before, the actor, the seq of the
command's first event, the hash chain); then they are folded into the state.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from hemicycle.floor import FloorState, NewEvent, decide, fold, inscribe, settle
from hemicycle.floor.chain import GENESIS, StampedEvent, stamp
from hemicycle.floor.commands import Request, configure

T0 = datetime(2025, 9, 22, 10, 0, tzinfo=UTC)

# The programme of a high-level meeting: opening remarks, an interactive panel, a plenary debate.
OPENING = {
    "key": "opening",
    "kind": "opening",
    "title": "Opening segment",
    "speakers": [
        {
            "name": "Annalena Baerbock",
            "title": "President of the General Assembly",
            "role": "opening",
        },
        {"name": "António Guterres", "title": "Secretary-General", "role": "opening"},
    ],
}
PANEL = {
    "key": "panel",
    "kind": "panel",
    "title": "Interactive panel",
    "speakers": [
        {"name": "Amina Mohammed", "title": "Deputy Secretary-General", "role": "moderator"},
        {"name": "Jeffrey Sachs", "organisation": "SDSN", "role": "panellist"},
        {"name": "Mia Mottley", "title": "Prime Minister of Barbados", "role": "panellist"},
    ],
}
DEBATE = {"key": "debate", "kind": "dialogue", "title": "General debate", "speakers": []}
CLOSING = {
    "key": "closing",
    "kind": "closing",
    "title": "Closing segment",
    "speakers": [{"name": "Annalena Baerbock", "role": "closing"}],
}


class Clock:
    """The server clock, moved by the test."""

    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def tick(self, seconds: float) -> datetime:
        assert seconds >= 0, "the server clock never runs backwards"
        self.now += timedelta(seconds=seconds)
        return self.now

    def since(self, start: datetime = T0) -> float:
        return (self.now - start).total_seconds()


class Floor:
    """One meeting's floor log and its folded state."""

    def __init__(self, clock: Clock | None = None) -> None:
        self.clock = clock or Clock()
        self.events: list[StampedEvent] = []
        self.state: FloorState = fold([])

    # -- appending, as the store does -----------------------------------------------------------

    def append(self, new: Sequence[NewEvent], actor: str = "chair") -> list[StampedEvent]:
        last = self.events[-1] if self.events else None
        prev_hash, prev_at = (last.hash, last.at) if last else (GENESIS, None)
        stamped = stamp(prev_hash, prev_at, self.state.seq + 1, new, actor, self.clock.now)
        self.events.extend(stamped)
        self.state = fold(stamped, self.state)
        return stamped

    def configure(
        self,
        *,
        policy: str = "un_dialogue",
        overrun: str = "soft",
        limits: Mapping[str, int] | None = None,
        segments: Iterable[Mapping[str, Any]] = (),
        open_list: bool = True,
    ) -> "Floor":
        payload = {
            "policy": policy,
            "overrun": overrun,
            "limits": dict(limits or {}),
            "segments": [dict(s) for s in segments],
        }
        self.append(configure(self.state, self.now, config=payload), actor="system")
        if open_list:
            self.do("open_list")
        return self

    def do(self, action: str, **arguments: Any) -> list[StampedEvent]:
        """A chair's command; a FloorError propagates and nothing is appended."""
        return self.append(decide(self.state, action, self.clock.now, **arguments))

    def inscribe(
        self,
        delegation_name: str,
        *,
        delegation: str = "",
        override_closed: bool = False,
        **fields: Any,
    ) -> int:
        """Inscribe a delegation; returns the id of its request."""
        request = Request(
            delegation=delegation or delegation_name.lower(),
            delegation_name=delegation_name,
            **fields,
        )
        (event,) = self.append(
            inscribe(self.state, request, override_closed=override_closed, now=self.now),
            actor="delegation",
        )
        return event.seq

    def settle(self) -> list[StampedEvent]:
        return self.append(settle(self.state, self.clock.now), actor="clock")

    def wait(self, seconds: float) -> "Floor":
        self.clock.tick(seconds)
        return self

    # -- what the chair sees --------------------------------------------------------------------

    @property
    def now(self) -> datetime:
        return self.clock.now

    def waiting(self) -> list[str]:
        """The list of speakers, as delegation names in order."""
        return [e.delegation_name for e in self.state.waiting()]

    def speaker(self) -> str | None:
        speech = self.state.speech
        if speech is None:
            return None
        return speech.delegation_name if speech.entry is not None else speech.speaker

    def elapsed(self) -> float:
        assert self.state.speech is not None
        return self.state.speech.elapsed(self.now)

    def record(self) -> list[tuple[str, float]]:
        """The finished speeches: (who, seconds spoken)."""
        return [
            (
                f.speech.delegation_name if f.speech.entry is not None else f.speech.speaker,
                f.duration_s,
            )
            for f in self.state.record
        ]


def observable(state: FloorState) -> FloorState:
    """The floor as the chair sees it: everything but the log position and the undo memory."""
    return replace(state, seq=0, list_seq=0, history=())
