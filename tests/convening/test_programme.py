"""The programme's rules, versions, changes and capacity, and the floor kept in step with it."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from hemicycle import floor
from hemicycle.meetings import programme
from hemicycle.meetings.models import Meeting, Segment, Status
from hemicycle.meetings.signals import programme_changed
from hemicycle.proceedings import actions, store

DAY = Meeting(starts=time(10), ends=time(18))


def slot(title, starts, ends):
    return programme.Slot(title, time.fromisoformat(starts), time.fromisoformat(ends))


def test_overlapping_segments_are_refused_with_the_time_that_would_fit():
    found = programme.problems(
        DAY, [slot("Panel", "10:30", "13:00"), slot("Break", "12:30", "15:00")]
    )
    assert found == {
        1: "“Break” (12:30–15:00) overlaps “Panel” (10:30–13:00): let it start at 13:00 or later, or shorten the other."
    }


def test_a_long_segment_overlaps_one_after_a_shorter_one():
    found = programme.problems(
        DAY,
        [
            slot("Long", "10:00", "15:00"),
            slot("Short", "11:00", "12:00"),
            slot("Later", "13:00", "14:00"),
        ],
    )
    assert set(found) == {1, 2}
    assert found[2].startswith("“Later” (13:00–14:00) overlaps “Long” (10:00–15:00)")


def test_a_segment_outside_the_meetings_day_is_refused():
    found = programme.problems(DAY, [slot("Closing", "17:45", "18:30")])
    assert "falls outside the meeting's day (10:00–18:00)" in found[0]
    assert programme.problems(DAY, [slot("Early", "09:00", "10:00")])[0].startswith(
        "“Early” (09:00–10:00)"
    )


def test_a_segment_that_ends_before_it_starts_is_refused():
    assert (
        "ends at 10:00, before it starts (11:00)"
        in programme.problems(DAY, [slot("X", "11:00", "10:00")])[0]
    )


def test_removed_segments_and_back_to_back_segments_are_fine():
    assert (
        programme.problems(DAY, [slot("A", "10:00", "11:00"), None, slot("B", "11:00", "12:00")])
        == {}
    )


def test_versions_are_kept_with_what_moved(make_meeting):
    meeting = make_meeting()
    first = programme.publish(
        meeting, final=False, now=datetime(2013, 7, 26, 16, tzinfo=ZoneInfo("UTC"))
    )
    assert (first.number, first.final, first.changes) == (1, False, [])
    with pytest.raises(programme.ProgrammeError, match="Nothing has changed since version 1"):
        programme.publish(meeting, final=False)

    Segment.objects.filter(meeting=meeting, key="panel").update(starts=time(10, 45))
    Segment.objects.filter(meeting=meeting, key="lunch").delete()
    second = programme.publish(meeting, final=True)

    assert second.number == 2
    assert second.final
    assert second.changes == [
        {
            "change": "moved",
            "key": "panel",
            "title": "Panel discussion",
            "from": "10:30–13:00",
            "to": "10:45–13:00",
        },
        {"change": "removed", "key": "lunch", "title": "Break", "from": "13:00–15:00"},
    ]
    assert list(meeting.versions.values_list("number", flat=True)) == [2, 1]
    segments, version = programme.public_segments(meeting)
    assert version == second
    assert [s.key for s in segments] == ["opening", "panel", "afternoon", "closing"]


def test_the_public_sees_the_published_version_not_unpublished_edits(make_meeting):
    meeting = make_meeting()
    programme.publish(meeting, final=False)
    Segment.objects.filter(meeting=meeting, key="panel").update(title="Renamed, not yet published")
    segments, _version = programme.public_segments(meeting)
    assert "Panel discussion" in [s.title for s in segments]
    assert programme.unpublished(meeting) == [
        {
            "change": "renamed",
            "key": "panel",
            "title": "Renamed, not yet published",
            "from": "Panel discussion",
            "to": "Renamed, not yet published",
        }
    ]


def _inscribe(meeting, code, segment="afternoon", **extra):
    request = actions.build_request({"delegation": code, "segment": segment, **extra})
    store.execute(meeting, lambda state, now: floor.inscribe(state, request), actor="test")


def test_capacity_counts_the_minutes_the_inscribed_speakers_need(make_meeting):
    meeting = make_meeting(limits={"statement": 180, "group_statement": 300})
    for code in ("GHA", "NOR", "FRA"):
        _inscribe(meeting, code)
    _inscribe(meeting, "EU", on_behalf_of="the European Union and its member States")
    segments = list(meeting.segments.all())

    found = programme.capacity(meeting, segments, store.state_of(meeting))

    assert set(found) == {"panel", "afternoon"}
    assert found["afternoon"] == programme.Capacity(available_min=165, needed_min=14, speakers=4)
    assert found["panel"].speakers == 0
    assert found["panel"].available_min == 150


def test_capacity_over_the_time_available(make_meeting):
    meeting = make_meeting(limits={"statement": 3600})
    Segment.objects.filter(meeting=meeting, key="afternoon").update(limit_s=None)
    for code in ("GHA", "NOR", "FRA"):
        _inscribe(meeting, code)
    store.configure(meeting)
    found = programme.capacity(meeting, meeting.segments.all(), store.state_of(meeting))
    assert found["afternoon"].over


def test_a_segment_with_inscribed_speakers_cannot_be_removed(make_meeting):
    meeting = make_meeting()
    _inscribe(meeting, "GHA")
    afternoon = meeting.segments.get(key="afternoon")
    with pytest.raises(programme.ProgrammeError, match="has 1 speakers inscribed"):
        programme.check_change(
            meeting,
            removed=[afternoon],
            added=0,
            rekinded=[],
            inscribed=programme.inscribed_for(store.state_of(meeting)),
        )


def test_in_progress_only_times_titles_and_people_change(make_meeting):
    meeting = make_meeting()
    meeting.status = Status.IN_PROGRESS
    with pytest.raises(programme.ProgrammeError, match="in progress"):
        programme.check_change(meeting, removed=[], added=1, rekinded=[], inscribed={})
    programme.check_change(meeting, removed=[], added=0, rekinded=[], inscribed={})
    meeting.status = Status.CONCLUDED
    with pytest.raises(programme.ProgrammeError, match="concluded"):
        programme.check_change(meeting, removed=[], added=0, rekinded=[], inscribed={})


def test_the_floor_is_configured_only_when_its_programme_or_rules_change(make_meeting):
    meeting = make_meeting()
    seq = store.state_of(meeting).seq
    meeting.background = "An edit of the information note"
    meeting.save()
    programme_changed.send(sender=Meeting, meeting=meeting, actor="secretariat")
    assert store.state_of(meeting).seq == seq

    Segment.objects.filter(meeting=meeting, key="afternoon").update(limit_s=120)
    programme_changed.send(sender=Meeting, meeting=meeting, actor="secretariat")
    state = store.state_of(meeting)
    assert state.seq == seq + 1
    assert state.limit_for("statement", "afternoon") == 120
