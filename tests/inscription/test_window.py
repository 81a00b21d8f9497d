"""The window's edges: refused a millisecond before it opens, accepted at the opening instant and a
millisecond before it closes, refused at the closing instant; the secretariat always inscribes."""

from datetime import UTC, datetime, timedelta

import pytest

from hemicycle import floor
from hemicycle.inscription import requests, window
from hemicycle.proceedings import actions, store
from hemicycle.proceedings.models import FloorEvent
from tests.inscription.conftest import statement

# In the future of the test's log (whose time never runs backwards): 10:00 and 18:00 in New York.
OPENS = datetime(2027, 8, 19, 14, 0, tzinfo=UTC)
CLOSES = datetime(2027, 9, 10, 22, 0, tzinfo=UTC)
MS = timedelta(milliseconds=1)


@pytest.fixture
def meeting(make_meeting, set_window, accounts):
    found = make_meeting(open_list=False)
    set_window(found, OPENS, CLOSES)
    return found


def inscriptions(meeting):
    return FloorEvent.objects.filter(meeting=meeting, type="speaker_inscribed").count()


def test_a_millisecond_before_the_opening_the_focal_point_is_told_when_it_opens(meeting, accounts):
    with pytest.raises(window.NotYetOpen) as refused:
        requests.request_to_speak(meeting, accounts["delegate"], statement(), now=OPENS - MS)

    worded = refused.value.template.format(**refused.value.params)
    assert worded == "The list of speakers opens on 19 August 2027, 10:00 (New York time)."
    assert inscriptions(meeting) == 0


def test_at_the_opening_instant_the_request_is_accepted_and_the_list_opens(meeting, accounts):
    outcome = requests.request_to_speak(
        meeting, accounts["delegate"], statement(), now=OPENS
    ).outcome

    assert [e.type for e in outcome.events] == ["list_opened", "speaker_inscribed"]
    assert outcome.events[-1].at == OPENS
    assert outcome.state.list_open
    assert outcome.state.position(outcome.events[-1].seq) == 1


def test_a_millisecond_before_the_closing_is_accepted_and_the_closing_instant_is_refused(
    meeting, accounts
):
    accepted = requests.request_to_speak(
        meeting, accounts["delegate"], statement(), now=CLOSES - MS
    )
    requests.withdraw(meeting, accounts["delegate"], accepted.receipt.seq)

    with pytest.raises(window.WindowClosed) as refused:
        requests.request_to_speak(meeting, accounts["delegate"], statement(), now=CLOSES)

    worded = refused.value.template.format(**refused.value.params)
    assert worded == "The list of speakers closed on 10 September 2027, 18:00 (New York time)."
    assert inscriptions(meeting) == 1


def test_the_secretariat_inscribes_before_and_after_the_window(meeting, accounts):
    before = requests.request_to_speak(
        meeting, accounts["secretariat"], statement("FRA"), now=OPENS - MS
    )
    after = requests.request_to_speak(
        meeting, accounts["secretariat"], statement("GHA"), now=CLOSES
    )

    assert [before.outcome.events[-1].type, after.outcome.events[-1].type] == [
        "speaker_inscribed"
    ] * 2
    assert inscriptions(meeting) == 2


def test_closing_the_list_by_hand_inside_the_window_holds_until_it_is_reopened(meeting, accounts):
    entry = requests.request_to_speak(meeting, accounts["delegate"], statement(), now=OPENS)
    actions.floor_command(meeting, accounts["chair"], "close_list", {}, now=OPENS + MS)

    with pytest.raises(floor.errors.ListClosed):
        requests.update_request(
            meeting,
            accounts["delegate"],
            entry.receipt.seq,
            {"level": "minister"},
            now=OPENS + 2 * MS,
        )
    closed = window.status(meeting, store.state_of(meeting), OPENS + 2 * MS).phase
    actions.floor_command(meeting, accounts["secretariat"], "open_list", {}, now=OPENS + 3 * MS)
    reopened = window.status(meeting, store.state_of(meeting), OPENS + 4 * MS).phase

    assert (closed, reopened) == ("closed", "open")


def test_without_a_window_the_floors_list_alone_decides(make_meeting, accounts):
    meeting = make_meeting(open_list=False)

    with pytest.raises(floor.errors.ListClosed):
        requests.request_to_speak(meeting, accounts["delegate"], statement())


def test_the_api_answers_outside_the_window_with_409_and_the_time_in_the_meetings_city(
    make_meeting, set_window, api_as
):
    meeting = make_meeting(open_list=False)
    set_window(meeting, datetime.now(UTC) + timedelta(days=2))

    response = api_as("delegate").post("/meetings/dialogue/speakers", statement())
    shown = api_as("delegate").get("/meetings/dialogue/window").json()

    assert response.status_code == 409
    assert response.json()["code"] == "window_not_open"
    assert response.json()["detail"].startswith("The list of speakers opens on ")
    assert response.json()["detail"].endswith("(New York time).")
    assert (shown["phase"], shown["accepting"]) == ("before", False)
