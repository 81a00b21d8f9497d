"""L8, L9: odd values in a form or a stream's address get a clean answer, never a 500 or a
silent stream."""

import httpx
import pytest

from tests.inscription.conftest import signed_in, statement
from tests.live.sse import frames, live


@pytest.mark.parametrize("entry", ["abc", "1e3", " 11", "١١", "9" * 30, "-1"])
def test_a_hand_made_entry_on_the_inscription_page_is_a_bad_request(
    accounts, make_meeting, api_as, entry
):
    make_meeting()
    own = api_as("delegate").post("/meetings/dialogue/speakers", statement()).json()
    page = signed_in(accounts["delegate"])

    answer = page.post("/meetings/dialogue/inscription/", {"action": "withdraw", "entry": entry})

    assert answer.status_code == 400
    listed = api_as("delegate").get("/meetings/dialogue/speakers").json()["speakers"]
    assert [s["status"] for s in listed if s["id"] == own["entry"]["id"]] == ["waiting"]


def test_a_plain_entry_still_withdraws(accounts, make_meeting, api_as):
    make_meeting()
    own = api_as("delegate").post("/meetings/dialogue/speakers", statement()).json()

    answer = signed_in(accounts["delegate"]).post(
        "/meetings/dialogue/inscription/", {"action": "withdraw", "entry": str(own["entry"]["id"])}
    )

    assert answer.status_code == 302
    listed = api_as("delegate").get("/meetings/dialogue/speakers").json()["speakers"]
    assert [s["status"] for s in listed if s["id"] == own["entry"]["id"]] == ["withdrawn"]


@pytest.mark.parametrize("last", ["9" * 4301, "9" * 30, "abc", "-5"])
def test_any_last_event_id_in_the_address_gets_the_head(served, last):
    current = httpx.get(f"{served.url}/api/v1/meetings/r2p-2013/floor").json()["seq"]

    with httpx.stream(
        "GET", f"{served.url}/live/r2p-2013/?last_event_id={last}", timeout=5
    ) as response:
        seq, head = next(frames(response))

    assert response.status_code == 200
    assert seq == head["seq"] == current


@pytest.mark.parametrize("last", [lambda seq: seq + 5, lambda seq: int("9" * 30)])
def test_a_last_event_id_beyond_the_head_gets_the_head_at_once(served, last):
    current = httpx.get(f"{served.url}/api/v1/meetings/r2p-2013/floor").json()["seq"]

    with live(served.url, last_event_id=last(current), read=2) as response:
        seq, head = next(frames(response))

    assert seq == head["seq"] == current


@pytest.mark.parametrize("field", ["organisation", "contact_name", "speaker"])
def test_a_name_with_a_line_break_is_refused_on_the_application_form(client, make_meeting, field):
    from hemicycle.inscription.models import Application
    from tests.inscription.test_civil_society import APPLICATION

    make_meeting()

    answer = client.post(
        "/meetings/dialogue/civil-society/apply/",
        {**APPLICATION, field: "EvilOrg\r\nBcc: attacker@evil.example"},
    )

    assert answer.status_code == 422
    assert "Write this on one line" in answer.content.decode()
    assert Application.objects.count() == 0
