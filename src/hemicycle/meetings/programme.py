"""The programme of a meeting: its rules (no overlap, within the meeting's day), its published
versions and what changed between them, and the capacity of its dialogue segments."""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from hemicycle import floor
from hemicycle.floor.state import FLOOR_KINDS
from hemicycle.meetings.models import Meeting, ProgrammeVersion, Segment, Status

SNAPSHOT_FIELDS = (
    "key", "kind", "title", "chair", "moderator", "themes", "speakers", "note", "limit_s",
)  # fmt: skip


class ProgrammeError(Exception):
    """A programme that cannot be saved or published; the message says what to fix."""


@dataclass(frozen=True)
class Slot:
    """What the rules need to know of a segment being edited (saved or not)."""

    title: str
    starts: time
    ends: time


def _span(starts: time, ends: time) -> str:
    return f"{starts:%H:%M}–{ends:%H:%M}"


def problems(meeting: Meeting, slots: Sequence[Slot | None]) -> dict[int, str]:
    """The first problem of each slot (by index): ends before it starts, falls outside the
    meeting's day, or overlaps another slot. None stands for a slot that is being removed."""
    found: dict[int, str] = {}
    day = _span(meeting.starts, meeting.ends)
    for i, slot in enumerate(slots):
        if slot is None:
            continue
        if slot.ends <= slot.starts:
            found[i] = _("“%(title)s” ends at %(ends)s, before it starts (%(starts)s): put its end after its start.") % {
                "title": slot.title, "ends": f"{slot.ends:%H:%M}", "starts": f"{slot.starts:%H:%M}",
            }  # fmt: skip
        elif slot.starts < meeting.starts or slot.ends > meeting.ends:
            found[i] = _("“%(title)s” (%(span)s) falls outside the meeting's day (%(day)s): change its times, or the meeting's hours first.") % {
                "title": slot.title, "span": _span(slot.starts, slot.ends), "day": day,
            }  # fmt: skip
    valid = sorted(
        ((i, s) for i, s in enumerate(slots) if s is not None and i not in found),
        key=lambda pair: (pair[1].starts, pair[1].ends),
    )
    latest: Slot | None = None  # of the slots so far, the one that ends last
    for j, b in valid:
        a = latest
        if a is not None and b.starts < a.ends:
            found[j] = _("“%(title)s” (%(span)s) overlaps “%(other)s” (%(other_span)s): let it start at %(free)s or later, or shorten the other.") % {
                "title": b.title, "span": _span(b.starts, b.ends), "other": a.title,
                "other_span": _span(a.starts, a.ends), "free": f"{a.ends:%H:%M}",
            }  # fmt: skip
        if latest is None or b.ends > latest.ends:
            latest = b
    return found


def new_key(meeting: Meeting, title: str, taken: Iterable[str] = ()) -> str:
    base = slugify(title)[:30] or "segment"
    used = set(meeting.segments.values_list("key", flat=True)) | set(taken)
    key, n = base, 2
    while key in used:
        key, n = f"{base}-{n}", n + 1
    return key


def inscribed_for(state: floor.FloorState) -> dict[str, int]:
    """How many speakers wait (or speak) in each segment."""
    counts: dict[str, int] = {}
    for entry in state.entries.values():
        if entry.status in (floor.Status.WAITING, floor.Status.SPEAKING):
            counts[entry.segment] = counts.get(entry.segment, 0) + 1
    return counts


# How many speakers each segment of a meeting has now: the floor's, which the layer that keeps the
# floor installs (proceedings/apps.py) for the set-up API, which checks a change as the editor does.
def _none_yet(meeting: Meeting) -> Mapping[str, int]:
    return {}


_inscribed_of: Callable[[Meeting], Mapping[str, int]] = _none_yet


def count_inscribed_with(counter: Callable[[Meeting], Mapping[str, int]]) -> None:
    global _inscribed_of
    _inscribed_of = counter


def inscribed_in(meeting: Meeting) -> Mapping[str, int]:
    return _inscribed_of(meeting)


def check_change(
    meeting: Meeting,
    *,
    removed: Iterable[Segment],
    added: int,
    rekinded: Iterable[Segment],
    inscribed: Mapping[str, int],
) -> None:
    """Refuse the changes a meeting's state forbids (`inscribed`: the speakers of each segment,
    `inscribed_for`); nothing is saved when this raises."""
    removed, rekinded = list(removed), list(rekinded)
    if meeting.status == Status.CONCLUDED:
        raise ProgrammeError(
            _(
                "The meeting has concluded: its programme is kept as it was and can no longer be changed."
            )
        )
    if meeting.status == Status.IN_PROGRESS and (removed or added or rekinded):
        raise ProgrammeError(
            _(
                "The meeting is in progress: you may change the times, titles and people of its segments, but not add, remove or change the kind of a segment."
            )
        )
    for segment in removed:
        if inscribed.get(segment.key):
            raise ProgrammeError(
                _("“%(title)s” has %(count)s speakers inscribed: move them to another segment before removing it.")
                % {"title": segment.title, "count": inscribed[segment.key]}
            )  # fmt: skip


def reorder(meeting: Meeting) -> None:
    for order, segment in enumerate(meeting.segments.order_by("starts", "ends", "pk")):
        if segment.order != order:
            Segment.objects.filter(pk=segment.pk).update(order=order)


# Published versions


def snapshot(segments: Iterable[Segment]) -> list[dict[str, Any]]:
    return [
        {
            **{name: getattr(s, name) for name in SNAPSHOT_FIELDS},
            "starts": s.starts.strftime("%H:%M"),
            "ends": s.ends.strftime("%H:%M"),
        }
        for s in segments
    ]


def _people(s: dict[str, Any]) -> Any:
    return (s.get("chair", ""), s.get("moderator", ""), s.get("speakers", []))


def changes(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What changed from one published programme to the next, segment by segment."""
    old = {s["key"]: s for s in before}
    new = {s["key"]: s for s in after}
    found: list[dict[str, Any]] = []
    for key, s in new.items():
        span = f"{s['starts']}–{s['ends']}"
        was = old.get(key)
        if was is None:
            found.append({"change": "added", "key": key, "title": s["title"], "to": span})
            continue
        if (was["starts"], was["ends"]) != (s["starts"], s["ends"]):
            found.append(
                {
                    "change": "moved",
                    "key": key,
                    "title": s["title"],
                    "from": f"{was['starts']}–{was['ends']}",
                    "to": span,
                }
            )
        if was["title"] != s["title"]:
            found.append(
                {
                    "change": "renamed",
                    "key": key,
                    "title": s["title"],
                    "from": was["title"],
                    "to": s["title"],
                }
            )
        if _people(was) != _people(s):
            found.append({"change": "people", "key": key, "title": s["title"]})
        if any(was.get(f) != s.get(f) for f in ("kind", "themes", "note", "limit_s")):
            found.append({"change": "details", "key": key, "title": s["title"]})
    for key, s in old.items():
        if key not in new:
            found.append(
                {
                    "change": "removed",
                    "key": key,
                    "title": s["title"],
                    "from": f"{s['starts']}–{s['ends']}",
                }
            )
    return found  # fmt: skip


def latest(meeting: Meeting) -> ProgrammeVersion | None:
    return meeting.versions.order_by("-number").first()


def unpublished(meeting: Meeting) -> list[dict[str, Any]]:
    """The changes made since the last published version (all segments when none is)."""
    last = latest(meeting)
    return changes(last.segments if last else [], snapshot(meeting.segments.all()))


@transaction.atomic
def publish(meeting: Meeting, *, final: bool, now: datetime | None = None) -> ProgrammeVersion:
    """Publish the programme as it now stands; tentative until a version is published as final."""
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    last = latest(meeting)
    current = snapshot(meeting.segments.all())
    if not current:
        raise ProgrammeError(_("The programme has no segments yet: add them before publishing."))
    found = changes(last.segments if last else [], current)
    if last is not None and not found and last.final == final:
        raise ProgrammeError(
            _(
                "Nothing has changed since version %(number)s was published; edit the programme first."
            )
            % {"number": last.number}
        )
    if last is not None and last.final and not final and not found:
        raise ProgrammeError(
            _("The programme is already final; change it before publishing it again.")
        )
    return ProgrammeVersion.objects.create(
        meeting=meeting,
        number=(last.number + 1) if last else 1,
        final=final,
        published_at=now or timezone.now(),
        segments=current,
        changes=found if last else [],
    )


def public_segments(meeting: Meeting) -> tuple[list[Segment], ProgrammeVersion | None]:
    """The programme the public sees: the latest published version (as unsaved segments), or the
    working programme, tentative, while nothing has been published."""
    last = latest(meeting)
    if last is None:
        return list(meeting.segments.all()), None
    segments = [
        Segment(
            meeting=meeting,
            order=order,
            starts=time.fromisoformat(s["starts"]),
            ends=time.fromisoformat(s["ends"]),
            **{name: s.get(name, "") for name in SNAPSHOT_FIELDS if name != "limit_s"},
            limit_s=s.get("limit_s"),
        )
        for order, s in enumerate(last.segments)
    ]
    return segments, last


# Capacity of the segments that take the floor


@dataclass(frozen=True)
class Capacity:
    available_min: int
    needed_min: int
    speakers: int

    @property
    def over(self) -> bool:
        return self.needed_min > self.available_min


def capacity(
    meeting: Meeting, segments: Iterable[Segment], state: floor.FloorState
) -> dict[str, Capacity]:
    """Per dialogue (or panel) segment: its minutes against the minutes its inscribed speakers
    need at their time limits."""
    needed: dict[str, int] = {}
    count: dict[str, int] = {}
    for entry in state.entries.values():
        if entry.status not in (floor.Status.WAITING, floor.Status.SPEAKING):
            continue
        limit = state.limit_for(entry.speech_kind, entry.segment) or 0
        needed[entry.segment] = needed.get(entry.segment, 0) + limit
        count[entry.segment] = count.get(entry.segment, 0) + 1
    found = {}
    for s in segments:
        if s.kind not in FLOOR_KINDS:
            continue
        start, end = meeting.local(s.starts), meeting.local(s.ends)
        found[s.key] = Capacity(
            available_min=int((end - start).total_seconds() // 60),
            needed_min=-(-needed.get(s.key, 0) // 60),
            speakers=count.get(s.key, 0),
        )
    return found
