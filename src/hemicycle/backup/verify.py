"""Whether a floor log holds: the log in an export, before it is restored; and the log stored for
a meeting (`hemicycle verify`), link by link and against every signed checkpoint of its head, the
server's own and any a delegation kept. Reads only: nothing is written, not even a key."""

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from hemicycle.backup.format import ArchiveError
from hemicycle.floor import chain
from hemicycle.meetings.models import Meeting
from hemicycle.proceedings import checkpoints, signing
from hemicycle.proceedings.models import Checkpoint, FloorEvent


def check_chain(events: list[dict[str, Any]]) -> chain.Break | None:
    """The first broken link of an export's log, or None; an ArchiveError if an event is
    malformed."""
    try:
        return chain.first_break(_rows(events))
    except (KeyError, TypeError, ValueError) as bad:
        raise ArchiveError(f"An event of the log is malformed ({bad!r}).") from None


def _rows(events: Iterable[dict[str, Any]]) -> Iterator[chain.Row]:
    for e in events:
        yield (
            e["seq"],
            e["type"],
            e["payload"],
            _when(e["at"]),
            e["actor"],
            e["command"],
            e["prev_hash"],
            e["hash"],
        )


def _when(value: Any) -> datetime:
    moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    if moment is None or moment.tzinfo is None:
        raise ArchiveError(f"an event's time “{value}” is not an ISO 8601 time with its offset.")
    return moment


@dataclass(frozen=True)
class Problem:
    name: str  # forged event | empty log | truncated log | rewritten log | unknown key | bad signature | another meeting
    detail: str

    def __str__(self) -> str:
        return f"{self.name}: {self.detail}"


@dataclass
class Report:
    """What `hemicycle verify` found for one meeting's log."""

    count: int
    last_seq: int
    last_hash: str
    held: list[str] = field(default_factory=list)  # the checkpoints the log matches
    problems: list[Problem] = field(default_factory=list)


def verify(meeting: Meeting, kept: Sequence[dict[str, Any]] = ()) -> Report:
    """The stored log of `meeting` checked link by link, then against each signed checkpoint: the
    server's, and `kept` (checkpoints as published, e.g. one a delegation kept)."""
    rows = list(
        FloorEvent.objects.filter(meeting=meeting)
        .order_by("seq")
        .values_list("seq", "type", "payload", "at", "actor", "command", "prev_hash", "hash")
    )
    last_seq, last_hash = (rows[-1][0], rows[-1][7]) if rows else (0, chain.GENESIS)
    report = Report(len(rows), last_seq, last_hash)
    if not rows:
        report.problems.append(
            Problem("empty log", "it has no event at all: there is nothing to prove an order by")
        )
    broken = chain.first_break(rows)
    if broken is not None:
        report.problems.append(Problem("forged event", f"broken at {broken.describe()}"))
    stored = Checkpoint.objects.filter(meeting=meeting).select_related("meeting").order_by("seq")
    hashes = {row[0]: row[7] for row in rows}
    keys = signing.published_keys()
    for signed in [*(checkpoints.as_json(c) for c in stored), *kept]:
        found = _against(meeting.slug, signed, hashes, last_seq, keys)
        if isinstance(found, Problem):
            report.problems.append(found)
        else:
            report.held.append(found)
    return report


def _against(
    slug: str,
    signed: dict[str, Any],
    hashes: dict[int, str],
    last_seq: int,
    keys: Sequence[signing.PublicKey],
) -> Problem | str:
    """Whether the log matches one signed checkpoint: a Problem, or what it proves."""
    try:
        meeting, seq, digest = str(signed["meeting"]), int(signed["seq"]), str(signed["hash"])
        at = datetime.fromisoformat(signed["at"])
        signature = signing.Signature(str(signed["key_id"]), str(signed["signature"]))
    except (KeyError, TypeError, ValueError) as bad:
        return Problem("unreadable checkpoint", f"{signed!r} is not a checkpoint ({bad!r})")
    said = (
        f"the checkpoint of event {seq} signed {chain.canonical_time(at)} by key {signature.key_id}"
    )
    if meeting != slug:
        return Problem("another meeting", f"{said} is of meeting “{meeting}”, not of “{slug}”")
    wrong = signing.check(signing.CHECKPOINT, meeting, seq, digest, at, signature, keys)
    if wrong == "unknown_key":
        return Problem(
            "unknown key",
            f"{said}: key {signature.key_id} is not among this server's published keys "
            f"({signing.directory() / 'keys.json'}); the checkpoint proves nothing",
        )
    if wrong:
        return Problem(
            "bad signature",
            f"{said}: its signature does not match its meeting, seq, hash and time (altered, or "
            f"not the server's)",
        )
    if seq > last_seq:
        return Problem(
            "truncated log",
            f"the log ends at event {last_seq}, but {said} covers event {seq}: the log is shorter "
            f"than a checkpoint (its tail cut off, or rolled back), the checkpoint ahead of it",
        )
    if hashes.get(seq) != digest:
        return Problem(
            "rewritten log",
            f"event {seq} hashes to {hashes.get(seq, '')[:16]}…, but {said} says "
            f"{digest[:16]}…: the log up to it was rewritten (hashes recomputed) since",
        )
    return said
