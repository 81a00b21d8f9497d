"""The record of a meeting: who spoke, when, for how long, on behalf of whom."""

import io
from datetime import datetime, tzinfo
from typing import Any

from hemicycle import floor
from hemicycle.apikit import spreadsheet
from hemicycle.delegations.models import names as delegation_names
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
    """The totals of record rows (`speeches` or `local_rows`): the API, the page and the CSV all
    add up the record here."""
    return {
        "speeches": len(rows),
        "duration_s": round(sum(r["duration_s"] for r in rows), 3),
        "overrun_s": round(sum(r["overrun_s"] for r in rows), 3),
        "overruns": sum(1 for r in rows if r["overrun_s"] > 0),
    }


def local_rows(state: floor.FloorState, tz: tzinfo) -> list[dict[str, Any]]:
    """The record with its times in the meeting's time zone and the delegations' names in the
    reader's language (CLDR's), for the page and the CSV."""
    local = delegation_names()
    return [
        {
            "number": number,
            "speech": done.speech,
            "delegation": done.speech.delegation,
            "delegation_name": local.get(done.speech.delegation or "")
            or done.speech.delegation_name,
            "started_at": done.speech.started_at.astimezone(tz),
            "ended_at": done.ended_at.astimezone(tz),
            "duration_s": round(done.duration_s),
            "overrun_s": round(done.overrun_s),
        }
        for number, done in enumerate(state.record, start=1)
    ]


CSV_COLUMNS = (
    "number",
    "segment",
    "kind",
    "delegation",
    "delegation_name",
    "speaker",
    "title",
    "on_behalf_of",
    "started_at",
    "ended_at",
    "duration_s",
    "limit_s",
    "overrun_s",
)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def as_csv(state: floor.FloorState, tz: tzinfo) -> str:
    """One row per finished speech, times in the meeting's time zone (ISO 8601 with offset),
    durations in whole seconds; the last row holds the totals."""
    out = io.StringIO()
    writer = spreadsheet.Writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    rows = local_rows(state, tz)
    for row in rows:
        s = row["speech"]
        writer.writerow(
            [
                row["number"],
                s.segment,
                s.kind,
                s.delegation,
                row["delegation_name"],
                s.speaker,
                s.title,
                s.on_behalf_of,
                _iso(row["started_at"]),
                _iso(row["ended_at"]),
                row["duration_s"],
                "" if s.limit_s is None else s.limit_s,
                row["overrun_s"],
            ]
        )
    total = totals(rows)
    writer.writerow(["total", *[""] * 9, total["duration_s"], "", total["overrun_s"]])
    return out.getvalue()
