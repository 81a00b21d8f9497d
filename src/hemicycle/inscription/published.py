"""The published provisional list of speakers: its rows, as at a time, for the page, CSV and PDF."""

import io
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from hemicycle import floor
from hemicycle.apikit import spreadsheet
from hemicycle.delegations.models import names as delegation_names
from hemicycle.inscription import window
from hemicycle.meetings.models import Meeting
from hemicycle.proceedings import labels, snapshot


@dataclass(frozen=True)
class Published:
    meeting: Meeting
    as_at: str  # HH:MM in the meeting's city
    as_at_full: str
    status: dict[str, Any]
    rows: list[dict[str, Any]]
    seq: int
    checkpoint: dict[str, Any] | None = None  # the signed head published with it (checkpoints.py)


def why(row: dict[str, Any], meeting: Meeting) -> str:
    """The reasons of a row, worded: "group statement; received 19 Aug, 09:00:01.234" (requests
    arrive over weeks: the day matters)."""
    words = []
    for reason in row["reasons"]:
        code, value = reason["code"], reason["value"]
        if code == "level":
            words.append(str(labels.LEVELS.get(value, value)))
        elif code == "category":
            words.append(str(labels.CATEGORIES.get(value, value)))
        elif code == "received":
            moment = datetime.fromisoformat(value)
            words.append(
                f"{labels.REASONS['received']} {window.local_time(meeting, moment, 'd MMM, HH:mm:ss.SSS')}"
            )
        elif code == "moved":
            words.append(
                f"{labels.REASONS['moved']}: {value}" if value else str(labels.REASONS[code])
            )
        else:
            words.append(str(labels.REASONS.get(code, code)))
    return "; ".join(words)


def build(
    meeting: Meeting,
    state: floor.FloorState,
    now: datetime,
    checkpoint: dict[str, Any] | None = None,
) -> Published:
    """The list as at `now`: who is waiting, in order (a provisional list is of those to come),
    with the signed checkpoint of the log published with it."""
    rows = []
    local = delegation_names()  # CLDR's names in the reader's language (page, CSV, PDF)
    for row in snapshot.speakers(state):
        if row["status"] != "waiting":
            continue
        rows.append(
            {
                **row,
                "delegation_name": local.get(row["delegation"]) or row["delegation_name"],
                "level_label": str(labels.LEVELS.get(row["level"], row["level"])),
                "kind_label": str(labels.KINDS.get(row["speech_kind"], row["speech_kind"])),
                "why": why(row, meeting),
            }
        )
    found = window.status(meeting, state, now)
    return Published(
        meeting=meeting,
        as_at=window.local_time(meeting, now, "HH:mm"),
        as_at_full=window.local_time(meeting, now),
        status=window.describe(meeting, found),
        rows=rows,
        seq=state.list_seq,
        checkpoint=checkpoint,
    )


COLUMNS = (
    "position",
    "delegation",
    "delegation_name",
    "speaker",
    "title",
    "level",
    "kind",
    "on_behalf_of",
    "group_members",
    "language",
    "segment",
    "received_at",
    "why",
)


def as_csv(published: Published) -> str:
    out = io.StringIO()
    writer = spreadsheet.Writer(out)
    writer.writerow(
        [
            f"# {published.meeting} — "
            + _("provisional list of speakers as at %(time)s") % {"time": published.as_at_full}
        ]
    )
    writer.writerow(COLUMNS)
    for row in published.rows:
        writer.writerow(
            [
                row["position"],
                row["delegation"],
                row["delegation_name"],
                row["speaker"],
                row["title"],
                row["level"],
                row["speech_kind"],
                row["on_behalf_of"],
                "; ".join(row["group_members"]),
                row["language"],
                row["segment"],
                row["received_at"],
                row["why"],
            ]
        )
    if published.checkpoint:  # last, so that the rows above keep their places
        writer.writerow(["# " + _("signed checkpoint"), json.dumps(published.checkpoint)])
    return out.getvalue()


def as_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=html).write_pdf())
