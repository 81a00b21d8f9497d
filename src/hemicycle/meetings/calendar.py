"""iCalendar files for a meeting and for each segment of its programme, in the meeting's time zone."""

from django.http import HttpRequest
from icalendar import Calendar, Event

from hemicycle.meetings.models import Meeting, Segment


def _calendar() -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//Hemicycle//Convening//EN")
    cal.add("version", "2.0")
    return cal


def _where(meeting: Meeting) -> str:
    return ", ".join(part for part in (meeting.venue, meeting.location) if part)


def _event(
    meeting: Meeting, uid: str, summary: str, segment: Segment | None, request: HttpRequest
) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("summary", summary)
    starts, ends = (segment.starts, segment.ends) if segment else (meeting.starts, meeting.ends)
    event.add("dtstart", meeting.local(starts))
    event.add("dtend", meeting.local(ends))
    event.add("dtstamp", meeting.local(starts))
    if _where(meeting):
        event.add("location", _where(meeting))
    event.add("url", request.build_absolute_uri(meeting.get_absolute_url()))
    description = [meeting.title] if segment else []
    if segment is not None and segment.moderator:
        description.append(f"Moderator: {segment.moderator}")
    if segment is not None and segment.speakers:
        description.extend(
            p["name"] + (f", {p['title']}" if p.get("title") else "") for p in segment.speakers
        )
    if segment is None and meeting.convener:
        description.append(f"Convened by {meeting.convener}")
    if description:
        event.add("description", "\n".join(description))
    return event


def _finish(cal: Calendar) -> bytes:
    cal.add_missing_timezones()
    return bytes(cal.to_ical())


def for_meeting(meeting: Meeting, request: HttpRequest) -> bytes:
    cal = _calendar()
    cal.add("x-wr-calname", str(meeting))
    cal.add_component(_event(meeting, f"{meeting.slug}@hemicycle", meeting.title, None, request))
    return _finish(cal)


def for_segment(meeting: Meeting, segment: Segment, request: HttpRequest) -> bytes:
    cal = _calendar()
    uid = f"{meeting.slug}.{segment.key}@hemicycle"
    cal.add_component(_event(meeting, uid, f"{segment.title} — {meeting}", segment, request))
    return _finish(cal)
