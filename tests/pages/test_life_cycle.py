"""A meeting's life cycle: a draft is its secretariat's alone (no page, answer, log, stream or
display for anyone else: 404); once convened it is public; the floor moves it to "in progress"
when a segment starts and to "concluded" when the programme's last segment ends."""

import pytest
from django.test import Client

from hemicycle import floor
from hemicycle.meetings.models import Meeting
from hemicycle.proceedings import live, store

PUBLIC = [
    "/meetings/dialogue/", "/meetings/dialogue/speakers/", "/meetings/dialogue/display/",
    "/meetings/dialogue/record/", "/meetings/dialogue/record.csv", "/meetings/dialogue/delegates/",
    "/meetings/dialogue/list/", "/meetings/dialogue/list.csv", "/meetings/dialogue/calendar.ics",
    "/meetings/dialogue/feed.atom", "/meetings/dialogue/civil-society/apply/",
    "/api/v1/meetings/dialogue", "/api/v1/meetings/dialogue/events", "/api/v1/meetings/dialogue/floor",
    "/api/v1/meetings/dialogue/record", "/api/v1/meetings/dialogue/window",
    "/api/v1/meetings/dialogue/documents", "/api/v1/meetings/dialogue/forecast",
]  # fmt: skip


@pytest.fixture
def draft(make_meeting, accounts):
    meeting = make_meeting()
    Meeting.objects.filter(pk=meeting.pk).update(status="draft")
    return meeting


def client_of(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("path", PUBLIC)
def test_a_draft_is_404_to_all_but_the_secretariat(draft, accounts, path):
    for who in (None, "delegate", "chair", "outsider"):
        answer = client_of(accounts[who] if who else None).get(path)
        assert answer.status_code == 404, (who, answer.status_code)
    assert client_of(accounts["secretariat"]).get(path).status_code == 200


def test_a_draft_is_not_listed_has_no_stream_and_no_console_but_for_the_secretariat(
    draft, accounts
):
    assert "Informal interactive dialogue" not in client_of().get("/").content.decode()
    assert (
        "Informal interactive dialogue"
        in client_of(accounts["secretariat"]).get("/").content.decode()
    )
    assert live.load_latest("dialogue") is None
    assert client_of(accounts["chair"]).get("/meetings/dialogue/console/").status_code == 404

    preview = client_of(accounts["secretariat"]).get("/meetings/dialogue/").content.decode()
    assert "A draft: only the secretariat sees this page." in preview
    Meeting.objects.filter(pk=draft.pk).update(status="convened")

    assert client_of().get("/meetings/dialogue/").status_code == 200
    assert live.load_latest("dialogue") is not None


def run(meeting, action, **arguments):
    store.execute(meeting, lambda s, now: floor.decide(s, action, now, **arguments), actor="chair")
    meeting.refresh_from_db()
    return meeting.status


def test_in_progress_and_concluded_follow_the_floor(make_meeting):
    meeting = make_meeting()
    assert meeting.status == "convened"

    assert run(meeting, "start_segment", segment="opening") == "in_progress"
    assert run(meeting, "undo") == "convened"
    assert run(meeting, "start_segment", segment="afternoon") == "in_progress"
    assert run(meeting, "start_segment", segment="closing") == "in_progress"
    assert run(meeting, "end_segment") == "concluded"
    assert run(meeting, "undo") == "in_progress"


def test_a_draft_stays_a_draft_whatever_its_floor_does(draft):
    assert run(draft, "start_segment", segment="opening") == "draft"


def test_the_secretariat_sets_draft_or_convened_and_the_floor_the_rest(make_meeting, accounts):
    meeting = make_meeting()
    page = client_of(accounts["secretariat"])
    form = page.get("/manage/dialogue/").content.decode()
    assert 'value="in_progress"' not in form
    assert 'value="convened"' in form

    run(meeting, "start_segment", segment="opening")
    form = page.get("/manage/dialogue/").content.decode()

    assert 'name="status"' in form
    assert "disabled" in form.split('name="status"')[1].split(">")[0]
