"""The record of a meeting: who spoke, when, for how long, on behalf of whom."""

from typing import Any

from hemicycle import floor
from hemicycle.proceedings.snapshot import speaker_json


def speeches(state: floor.FloorState) -> list[dict[str, Any]]:
    return [
        {
            "speech": done.speech.id,
            **speaker_json(done.speech),
            "segment": done.speech.segment,
            "ended_at": done.ended_at,
            "duration_s": round(done.duration_s, 3),
            "overrun_s": round(done.overrun_s, 3),
        }
        for done in state.record
    ]


def totals(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "speeches": len(rows),
        "duration_s": round(sum(r["duration_s"] for r in rows), 3),
        "overrun_s": round(sum(r["overrun_s"] for r in rows), 3),
        "overruns": sum(1 for r in rows if r["overrun_s"] > 0),
    }
