"""Running the dialogue through the API and the pages: panel rounds, insertion from the floor, the
forecast, the record and its CSV, the delegates' view; bad input refused and the log unchanged."""

import csv
import io
import json
import re

import pytest
from django.test import Client

from hemicycle.proceedings.models import FloorEvent

FLOOR = "/meetings/dialogue/floor"


def _inscribe(api_as, *codes, **fields):
    secretariat = api_as("secretariat")
    return [
        secretariat.post("/meetings/dialogue/speakers", {"delegation": c, **fields}).json()[
            "entry"
        ]["id"]
        for c in codes
    ]


def test_a_panel_round_falls_due_and_each_panellist_sees_their_questions(make_meeting, api_as):
    make_meeting()
    chair = api_as("chair")
    _inscribe(api_as, "FRA", kind="question", to_panellists=["Jennifer Welsh"])
    _inscribe(api_as, "GHA")
    chair.post(FLOOR, {"action": "start_segment", "segment": "panel"})
    assert chair.post(FLOOR, {"action": "panel_every", "every": 2}).json()["panel"] == {
        "every": 2,
        "heard": 0,
        "due": False,
    }
    chair.post(FLOOR, {"action": "next"})
    head = chair.post(FLOOR, {"action": "next"}).json()
    assert head["panel"]["due"] is True

    head = chair.post(FLOOR, {"action": "next"}).json()

    assert head["speech"]["kind"] == "panel"
    assert head["speech"]["speaker"] == "Adama Dieng"
    welsh = head["invited"][0]
    assert welsh["name"] == "Jennifer Welsh"
    assert [q["delegation"] for q in welsh["questions"]] == ["FRA"]
    assert [q["delegation"] for q in head["general_questions"]] == ["GHA"]


def test_the_chair_inserts_a_speaker_from_the_floor_at_any_position(make_meeting, api_as):
    make_meeting()
    _inscribe(api_as, "FRA", "GHA", "PER")
    head = api_as("chair").post(
        FLOOR, {"action": "insert", "delegation": "CHL", "position": 2, "reason": "from the floor"}
    )
    speakers = api_as("chair").get("/meetings/dialogue/speakers").json()["speakers"]
    assert head.status_code == 200
    assert [s["delegation"] for s in speakers][:4] == ["FRA", "CHL", "GHA", "PER"]


@pytest.mark.parametrize(
    ("setup", "command", "status", "code"),
    [
        ("spoken", {"action": "next", "entry": "first"}, 409, "not_waiting"),
        ("none", {"action": "add_time", "seconds": 30}, 409, "no_speech"),
        ("none", {"action": "panel_round"}, 409, "segment_conflict"),
        ("closing", {"action": "panel_round"}, 422, "invalid_command"),
        ("closing", {"action": "start_segment", "segment": "closing"}, 409, "segment_conflict"),
        ("none", {"action": "panel_every", "every": 51}, 422, "invalid"),
        ("none", {"action": "panel_every"}, 422, "invalid_command"),
    ],
)
def test_bad_commands_are_refused_with_a_message_and_the_log_is_unchanged(
    make_meeting, api_as, setup, command, status, code
):
    meeting = make_meeting()
    chair = api_as("chair")
    (first,) = _inscribe(api_as, "FRA")
    _inscribe(api_as, "GHA")
    if setup == "spoken":
        chair.post(FLOOR, {"action": "next"})
        chair.post(FLOOR, {"action": "end"})
    elif setup == "closing":
        chair.post(FLOOR, {"action": "start_segment", "segment": "closing"})
    before = list(FloorEvent.objects.filter(meeting=meeting).values_list("seq", "hash"))
    command = {k: first if v == "first" else v for k, v in command.items()}

    response = chair.post(FLOOR, command)

    assert (response.status_code, response.json()["code"]) == (status, code)
    assert response.json()["detail"]
    after = list(FloorEvent.objects.filter(meeting=meeting).values_list("seq", "hash"))
    assert after == before


def test_two_consoles_the_stale_one_is_refused_with_the_current_seq(make_meeting, api_as):
    make_meeting()
    _inscribe(api_as, "FRA", "GHA")
    chair, secretariat = api_as("chair"), api_as("secretariat")
    seen = chair.get(FLOOR).json()["seq"]

    first = chair.post(FLOOR, {"action": "next", "expected_seq": seen})
    second = secretariat.post(FLOOR, {"action": "next", "expected_seq": seen})

    assert first.status_code == 200
    assert (second.status_code, second.json()["code"]) == (409, "stale")
    assert second.json()["seq"] == first.json()["seq"]
    assert chair.get(FLOOR).json()["speech"]["delegation"] == "FRA"


def test_the_forecast_gives_each_waiting_speaker_a_time_and_a_chance(
    make_meeting, api_as, accounts
):
    make_meeting()
    _inscribe(api_as, "FRA", "GHA", "SVN", "PER")
    api_as("chair").post(FLOOR, {"action": "start_segment", "segment": "panel"})
    api_as("chair").post(FLOOR, {"action": "next"})

    public = Client().get("/api/v1/meetings/dialogue/forecast").json()
    delegate = Client()
    delegate.force_login(accounts["delegate"])  # focal point of SVN
    mine = delegate.get("/api/v1/meetings/dialogue/forecast").json()

    assert [e["delegation"] for e in public["entries"]] == ["GHA", "SVN", "PER"]
    assert [e["position"] for e in public["entries"]] == [1, 2, 3]
    assert public["simulations"] == 10_000
    starts = [e["expected_start"] for e in public["entries"]]
    assert starts == sorted(starts)
    assert all(0.99 <= e["chance_heard"] <= 1 for e in public["entries"])
    assert not any(e["yours"] for e in public["entries"])
    assert [e["delegation"] for e in mine["entries"] if e["yours"]] == ["SVN"]


def test_the_record_page_and_csv_list_every_finished_speech(client, make_meeting, api_as):
    make_meeting()
    _inscribe(api_as, "FRA", "GHA")
    chair = api_as("chair")
    chair.post(FLOOR, {"action": "start_segment", "segment": "panel"})
    chair.post(FLOOR, {"action": "next"})
    chair.post(FLOOR, {"action": "next"})
    chair.post(FLOOR, {"action": "end"})

    page = client.get("/meetings/dialogue/record/").content.decode()
    table = list(
        csv.DictReader(io.StringIO(client.get("/meetings/dialogue/record.csv").content.decode()))
    )

    assert page.index("France") < page.index("Ghana")
    first = client.get("/api/v1/meetings/dialogue/record").json()["speeches"][0]
    from datetime import datetime
    from zoneinfo import ZoneInfo

    local = datetime.fromisoformat(first["started_at"]).astimezone(ZoneInfo("America/New_York"))
    assert f">{local:%H:%M:%S}</time>" in page  # the meeting's time, not the server's
    assert re.search(r'data-total="speeches">\s*2<', page)
    assert [r["delegation"] for r in table] == ["FRA", "GHA", ""]
    assert table[-1]["number"] == "total"
    assert table[0]["started_at"].endswith(("-04:00", "-05:00"))  # New York time


def test_the_delegates_page_embeds_the_forecast_and_names_the_focal_points_delegation(
    make_meeting, api_as, accounts
):
    make_meeting()
    _inscribe(api_as, "FRA", "SVN")
    delegate = Client()
    delegate.force_login(accounts["delegate"])

    page = delegate.get("/meetings/dialogue/delegates/").content.decode()
    public = Client().get("/meetings/dialogue/delegates/").content.decode()

    embedded = json.loads(
        re.search(r'id="floor-forecast" type="application/json">(.*?)</script>', page).group(1)
    )
    assert [e["yours"] for e in embedded["entries"]] == [False, True]
    assert "You are {ordinal} on the list" in page
    assert "Sign in</a> as your delegation" in public
    assert "<script>" not in page
    # The focal point's main action is one click away; the public has none.
    assert 'href="/meetings/dialogue/inscription/">Requests to speak</a>' in page
    assert "/meetings/dialogue/inscription/" not in public


def test_the_display_knows_the_programme_for_its_break_screen(client, make_meeting):
    make_meeting()
    page = client.get("/meetings/dialogue/display/").content.decode()
    programme = json.loads(
        re.search(r'id="floor-programme" type="application/json">(.*?)</script>', page).group(1)
    )
    assert [s["key"] for s in programme] == ["opening", "panel", "lunch", "afternoon", "closing"]
    assert programme[3]["starts"] == "15:00"


def test_the_record_csv_and_the_forecast_name_delegations_in_the_readers_language(
    make_meeting, api_as
):
    from django.utils import translation

    make_meeting()
    _inscribe(api_as, "NOR", "GHA", "SVN")
    chair = api_as("chair")
    chair.post(FLOOR, {"action": "start_segment", "segment": "panel"})
    chair.post(FLOOR, {"action": "next"})
    chair.post(FLOOR, {"action": "end"})
    french = Client(headers={"Accept-Language": "fr"})

    with translation.override("en"):  # each request leaves French active: restore what was
        record = french.get("/meetings/dialogue/record.csv").content.decode()
        forecast = french.get("/api/v1/meetings/dialogue/forecast").json()

    assert next(csv.DictReader(io.StringIO(record)))["delegation_name"] == "Norvège"
    assert [e["delegation_name"] for e in forecast["entries"]] == ["Ghana", "Slovénie"]
