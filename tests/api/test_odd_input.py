"""Odd input the fuzzer draws only now and then, sent on purpose (issue #6): NUL characters (which
PostgreSQL refuses in text), lone surrogates (which no database can store), integers beyond 64
bits. Each is refused with a JSON error (or, where harmless, accepted), never a 500; nothing
recorded changes."""

import json

import pytest

from hemicycle.proceedings.models import FloorEvent


def log_of(meeting):
    return list(FloorEvent.objects.filter(meeting=meeting).values_list("seq", "hash"))


def refused(response, status, field=None):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) >= {"detail", "code"}
    if field is not None:
        assert field in body["fields"], body
    return body


HUGE = 2**70
NUL = "Andrej\x00Logar"
SURROGATE = '{"delegation": "SVN", "speaker": "Andrej \\ud800 Logar"}'


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"delegation": "SVN", "speaker": NUL}, "speaker"),
        ({"delegation": "SV\x00N"}, "delegation"),
        ({"delegation": "SVN", "group_members": ["a\x00"]}, "group_members"),
        ({"delegation": "SVN", "segment": "\x00"}, "segment"),
    ],
)
def test_a_nul_character_in_a_request_to_speak_is_refused(api_as, make_meeting, body, field):
    meeting = make_meeting()
    before = log_of(meeting)

    response = api_as("secretariat").post("/meetings/dialogue/speakers", body)

    refused(response, 422, field)
    assert log_of(meeting) == before


def test_a_lone_surrogate_in_a_request_to_speak_is_refused(api_as, make_meeting):
    meeting = make_meeting()
    before = log_of(meeting)
    secretariat = api_as("secretariat")

    response = secretariat.client.post(
        "/api/v1/meetings/dialogue/speakers",
        SURROGATE,
        content_type="application/json",
        headers=secretariat.headers,
    )

    refused(response, 422, "speaker")
    assert log_of(meeting) == before


def test_a_nul_character_in_a_change_or_a_command_is_refused(api_as, make_meeting):
    meeting = make_meeting()
    secretariat = api_as("secretariat")
    entry = secretariat.post("/meetings/dialogue/speakers", {"delegation": "SVN"}).json()
    entry_id = entry["entry"]["id"]
    before = log_of(meeting)

    refused(secretariat.patch(f"/meetings/dialogue/speakers/{entry_id}", {"speaker": NUL}), 422)
    command = {"action": "move", "entry": entry_id, "position": 1, "reason": "a\x00b"}
    refused(secretariat.post("/meetings/dialogue/floor", command), 422, "reason")
    insert = {"action": "insert", "delegation": "FRA", "speaker": NUL, "position": 1}
    refused(secretariat.post("/meetings/dialogue/floor", insert), 422, "speaker")
    assert log_of(meeting) == before


@pytest.mark.parametrize(
    "path",
    [
        "/meetings/dial%00ogue",
        "/meetings/dial%00ogue/floor",
        "/meetings/dialogue/receipts/1?hash=ab%00cd",
        f"/meetings/dialogue/receipts/{HUGE}?hash=abc",
        f"/meetings/dialogue/events?after={HUGE}",
        f"/meetings/dialogue/events?after=-{HUGE}&limit={HUGE}",
        "/delegations?category=%00",
    ],
)
def test_odd_parameters_of_a_read_are_answered_without_a_fault(api, make_meeting, path):
    make_meeting()

    response = api.get(path)

    assert response.status_code in (200, 404, 422), response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("patch", f"/meetings/dialogue/speakers/{HUGE}", {"speaker": "x"}),
        ("delete", f"/meetings/dialogue/speakers/{HUGE}", None),
        ("post", "/meetings/dialogue/floor", {"action": "withdraw", "entry": HUGE}),
        ("post", "/meetings/dialogue/floor", {"action": "next", "expected_seq": HUGE}),
        ("post", "/meetings/dial%00ogue/floor", {"action": "next"}),
    ],
)
def test_odd_numbers_and_names_in_a_command_are_refused(api_as, make_meeting, method, path, body):
    meeting = make_meeting()
    before = log_of(meeting)
    secretariat = api_as("secretariat")

    response = getattr(secretariat, method)(path, *([body] if body is not None else []))

    assert response.status_code in (404, 409, 422), response.content
    assert set(response.json()) >= {"detail", "code"}
    assert log_of(meeting) == before


def test_json_nested_beyond_reason_is_refused(api_as, make_meeting):
    make_meeting()
    secretariat = api_as("secretariat")
    deep = "[" * 100_000 + "]" * 100_000

    response = secretariat.client.post(
        "/api/v1/meetings/dialogue/speakers",
        json.dumps({"delegation": "SVN"})[:-1] + ', "speaker": ' + deep + "}",
        content_type="application/json",
        headers=secretariat.headers,
    )

    assert response.status_code in (400, 422), response.content


def test_a_nul_character_in_a_reason_or_a_filter_of_focal_points_is_no_fault(api_as, make_meeting):
    meeting = make_meeting()
    secretariat = api_as("secretariat")
    entry = secretariat.post("/meetings/dialogue/speakers", {"delegation": "SVN"}).json()["entry"]
    before = log_of(meeting)

    withdrawn = secretariat.delete(f"/meetings/dialogue/speakers/{entry['id']}?reason=a%00b")
    listed = secretariat.get("/focal-points?delegation=SV%00N")

    refused(withdrawn, 422)
    assert log_of(meeting) == before
    assert listed.status_code == 200
    assert listed.json() == []
