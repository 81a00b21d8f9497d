"""What a golden log must fold to: the list, each request's status, the record and the head, in
plain JSON (tests/golden/make.py writes it with the log; test_golden.py compares)."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from hemicycle.floor import Event, fold
from hemicycle.floor.chain import first_break


def events_of(items: Iterable[dict[str, Any]]) -> list[Event]:
    return [
        Event(
            seq=e["seq"],
            type=e["type"],
            payload=e["payload"],
            at=datetime.fromisoformat(e["at"]),
            actor=e["actor"],
            command=e["command"],
        )
        for e in items
    ]


def rows_of(items: Iterable[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [
        (
            e["seq"],
            e["type"],
            e["payload"],
            datetime.fromisoformat(e["at"]),
            e["actor"],
            e["command"],
            e["prev_hash"],
            e["hash"],
        )
        for e in items
    ]


def expected(items: list[dict[str, Any]]) -> dict[str, Any]:
    assert first_break(rows_of(items)) is None, "a golden log's chain must hold"
    state = fold(events_of(items))
    return {
        "head": {"seq": items[-1]["seq"], "hash": items[-1]["hash"]},
        "list": [
            {
                "entry": e.id,
                "delegation": e.delegation,
                "segment": e.segment,
                "kind": e.kind,
                "level": e.level,
                "carried": e.carry_rank,
                "pinned": e.pinned,
            }
            for e in state.waiting()
        ],
        "requests": {str(e.id): e.status.value for e in state.entries.values()},
        "record": [
            {
                "speech": r.speech.id,
                "kind": r.speech.kind,
                "speaker": r.speech.speaker,
                "delegation": r.speech.delegation,
                "segment": r.speech.segment,
                "started_at": r.speech.started_at.isoformat(),
                "ended_at": r.ended_at.isoformat(),
                "duration_s": round(r.duration_s, 3),
            }
            for r in state.record
        ],
        "segments_done": list(state.segments_done),
        "rules": state.rules,
        "format": state.format,
    }
