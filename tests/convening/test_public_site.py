"""The public meeting site: iCalendar files read back with the icalendar library, the page's
convening sections, and the API's additions."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from icalendar import Calendar

from hemicycle import floor
from hemicycle.meetings import programme
from hemicycle.meetings.models import Announcement, Segment
from hemicycle.proceedings import actions, store

NEW_YORK = ZoneInfo("America/New_York")


def test_the_meeting_calendar_is_in_the_meetings_time_zone(convened, client):
    response = client.get("/meetings/dialogue/calendar.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert event["DTSTART"].dt == datetime(2013, 9, 11, 10, 0, tzinfo=NEW_YORK)
    assert event["DTEND"].dt == datetime(2013, 9, 11, 18, 0, tzinfo=NEW_YORK)
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert (
        event["DTSTART"].dt.utcoffset().total_seconds() == -4 * 3600
    )  # daylight time in September
    assert (
        str(event["LOCATION"])
        == "Trusteeship Council Chamber, United Nations Headquarters, New York"
    )
    assert str(event["SUMMARY"]) == "Informal interactive dialogue"
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "America/New_York"


def test_each_segment_has_its_calendar(convened, client):
    calendar = Calendar.from_ical(client.get("/meetings/dialogue/segments/panel.ics").content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]).startswith("Panel discussion")
    assert event["DTSTART"].dt == datetime(2013, 9, 11, 10, 30, tzinfo=NEW_YORK)
    assert event["DTEND"].dt == datetime(2013, 9, 11, 13, 0, tzinfo=NEW_YORK)
    assert "Jennifer Welsh" in str(event["DESCRIPTION"])
    assert str(event["UID"]) == "dialogue.panel@hemicycle"
    assert client.get("/meetings/dialogue/segments/nowhere.ics").status_code == 404


def test_the_segment_calendar_follows_the_published_programme(convened, client):
    programme.publish(convened, final=False)
    Segment.objects.filter(meeting=convened, key="panel").update(starts=time(11))
    event = Calendar.from_ical(client.get("/meetings/dialogue/segments/panel.ics").content).walk(
        "VEVENT"
    )[0]
    assert event["DTSTART"].dt.hour == 10  # the change is not published yet
    programme.publish(convened, final=True)
    event = Calendar.from_ical(client.get("/meetings/dialogue/segments/panel.ics").content).walk(
        "VEVENT"
    )[0]
    assert event["DTSTART"].dt.hour == 11


def test_the_public_page_shows_the_convening_sections(convened, client):
    request = actions.build_request({"delegation": "GHA", "segment": "afternoon"})
    store.execute(convened, lambda state, now: floor.inscribe(state, request), actor="test")
    Announcement.objects.create(meeting=convened, title="Updated information", body="See the programme.",
                                published_at=datetime(2013, 8, 20, tzinfo=NEW_YORK))  # fmt: skip
    text = client.get("/meetings/dialogue/").content.decode()
    assert "Tentative" in text
    assert (
        "Capacity: 165 minutes available; 1 speaker inscribed needs 3 minutes at the time limits."
        in text
    )
    assert 'href="/meetings/dialogue/calendar.ics"' in text
    assert 'href="/meetings/dialogue/segments/afternoon.ics"' in text
    assert 'href="/meetings/dialogue/feed.atom"' in text
    assert "Updated information" in text
    assert "The General Assembly continues its consideration" in text
    assert 'data-testid="current-speaker"' in text  # the live parts are still there


def test_the_api_keeps_its_meeting_and_adds_the_convening(convened, client):
    programme.publish(convened, final=False)
    Announcement.objects.create(meeting=convened, title="Updated information", body="Text.",
                                published_at=datetime(2013, 8, 20, tzinfo=NEW_YORK))  # fmt: skip
    meeting = client.get("/api/v1/meetings/dialogue").json()
    assert meeting["slug"] == "dialogue"
    assert [s["key"] for s in meeting["segments"]] == [
        "opening",
        "panel",
        "lunch",
        "afternoon",
        "closing",
    ]
    assert (meeting["programme_status"], meeting["programme_version"]) == ("tentative", 1)
    assert meeting["documents"] == []
    versions = client.get("/api/v1/meetings/dialogue/programme/versions").json()
    assert [(v["number"], v["final"]) for v in versions] == [(1, False)]
    assert versions[0]["segments"][0]["starts"] == "10:00"
    news = client.get("/api/v1/meetings/dialogue/announcements").json()
    assert [n["title"] for n in news] == ["Updated information"]
    assert client.get("/api/v1/meetings/dialogue/documents").json() == []
    missing = client.get("/api/v1/meetings/nowhere/documents")
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"
