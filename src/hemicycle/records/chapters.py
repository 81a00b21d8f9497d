"""The record as webcast chapters: WebVTT (`kind="chapters"`) and a plain list, one chapter per
speech, timed from the webcast's start (or, without one, from the first speech)."""

from dataclasses import dataclass
from datetime import datetime

from hemicycle import floor


@dataclass(frozen=True)
class Chapter:
    number: int
    start_s: float
    end_s: float
    speaker: str
    delegation: str  # for a speaker of the programme: their title ("Secretary-General")
    invited: bool = False

    @property
    def title(self) -> str:
        if self.invited:
            return ", ".join(part for part in (self.speaker, self.delegation) if part)
        return " — ".join(part for part in (self.delegation, self.speaker) if part)


def of(state: floor.FloorState, origin: datetime | None = None) -> list[Chapter]:
    if not state.record:
        return []
    start = origin or state.record[0].speech.started_at
    return [
        Chapter(
            number=number,
            start_s=max(0.0, (done.speech.started_at - start).total_seconds()),
            end_s=max(0.0, (done.ended_at - start).total_seconds()),
            speaker=done.speech.speaker,
            delegation=done.speech.delegation_name or done.speech.title,
            invited=done.speech.entry is None,
        )
        for number, done in enumerate(state.record, start=1)
    ]


def stamp(seconds: float, *, millis: bool = True) -> str:
    whole = int(seconds)
    text = f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"
    return f"{text}.{round((seconds - whole) * 1000) % 1000:03d}" if millis else text


def _cue_text(text: str) -> str:
    # A cue's text may not hold "-->" nor a blank line; & and < are escaped as in HTML.
    one_line = " ".join(text.split()).replace("-->", "→")
    return one_line.replace("&", "&amp;").replace("<", "&lt;")


def as_webvtt(chapters: list[Chapter]) -> str:
    lines = ["WEBVTT", ""]
    for c in chapters:
        lines += [
            str(c.number),
            f"{stamp(c.start_s)} --> {stamp(max(c.end_s, c.start_s + 0.001))}",
            _cue_text(c.title),
            "",
        ]
    return "\n".join(lines)


def as_text(chapters: list[Chapter]) -> str:
    """Timestamp, speaker, delegation: one chapter a line, for a video platform's description."""
    return "".join(
        f"{stamp(c.start_s, millis=False)}  {c.speaker or c.delegation}"
        f"{'  (' + c.delegation + ')' if c.speaker and c.delegation else ''}\n"
        for c in chapters
    )
