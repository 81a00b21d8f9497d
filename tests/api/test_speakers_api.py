"""Requests to speak through the API: receipts, roles, one request per delegation, bad input."""

import pytest

from hemicycle.floor.chain import event_hash
from hemicycle.proceedings.models import FloorEvent


def statement(delegation="SVN", **fields):
    return {
        "delegation": delegation,
        "speaker": "Andrej Logar",
        "title": "Permanent Representative",
        "level": "permanent_representative",
        **fields,
    }


def log_of(meeting):
    return list(FloorEvent.objects.filter(meeting=meeting).values_list("seq", "hash"))


def test_a_focal_point_inscribes_and_gets_a_verifiable_receipt(api_as, make_meeting):
    meeting = make_meeting()

    response = api_as("delegate").post("/meetings/dialogue/speakers", statement())

    assert response.status_code == 201
    body = response.json()
    assert body["entry"]["position"] == 1
    assert body["entry"]["delegation_name"] == "Slovenia"
    row = FloorEvent.objects.get(meeting=meeting, seq=body["receipt"]["seq"])
    assert (
        body["receipt"]["hash"]
        == row.hash
        == event_hash(row.prev_hash, row.seq, row.type, row.payload, row.at, row.actor, row.command)
    )


def test_the_list_orders_by_un_practice(api_as, make_meeting):
    make_meeting()
    secretariat = api_as("secretariat")
    secretariat.post("/meetings/dialogue/speakers", statement("AUS", level="other"))
    secretariat.post("/meetings/dialogue/speakers", statement("BEL", level="minister"))
    secretariat.post(
        "/meetings/dialogue/speakers", statement("VAT", level="permanent_representative")
    )
    secretariat.post("/meetings/dialogue/speakers", statement("EU", on_behalf_of="European Union"))

    listed = api_as("secretariat").get("/meetings/dialogue/speakers").json()["speakers"]

    assert [(s["position"], s["delegation"]) for s in listed] == [
        (1, "EU"),
        (2, "BEL"),
        (3, "AUS"),
        (4, "VAT"),
    ]
    assert listed[0]["reasons"][0] == {"code": "group", "value": "European Union"}


def test_a_second_request_of_a_delegation_is_refused_with_the_first_ones_place(
    api_as, make_meeting
):
    meeting = make_meeting()
    delegate = api_as("delegate")
    delegate.post("/meetings/dialogue/speakers", statement())
    before = log_of(meeting)

    response = delegate.post("/meetings/dialogue/speakers", statement(speaker="Someone else"))

    assert response.status_code == 409
    assert response.json()["code"] == "already_inscribed"
    assert "position 1" in response.json()["detail"]
    assert log_of(meeting) == before


@pytest.mark.parametrize(
    ("who", "status", "code"),
    [(None, 401, "unauthenticated"), ("outsider", 403, "forbidden"), ("chair", 403, "forbidden")],
)
def test_only_the_delegations_focal_points_and_the_secretariat_inscribe(
    api, api_as, make_meeting, accounts, who, status, code
):
    meeting = make_meeting()
    caller = api_as(who) if who else api

    response = caller.post("/meetings/dialogue/speakers", statement())

    assert (response.status_code, response.json()["code"]) == (status, code)
    assert FloorEvent.objects.filter(meeting=meeting, type="speaker_inscribed").count() == 0


def test_a_focal_point_cannot_inscribe_another_delegation(api_as, make_meeting):
    make_meeting()

    response = api_as("delegate").post("/meetings/dialogue/speakers", statement("FRA"))

    assert response.status_code == 403
    assert (
        response.json()["detail"]
        == "You may inscribe only the delegations you are a focal point of."
    )


def test_a_malformed_or_revoked_token_is_refused(api, make_meeting, accounts):
    from django.test import Client

    from hemicycle.accounts.models import ApiToken
    from tests.api.conftest import Api

    make_meeting()
    token, secret = ApiToken.issue(accounts["delegate"], "laptop")
    ApiToken.objects.filter(pk=token.pk).update(revoked_at="2026-01-01T00:00:00Z")

    revoked = Api(Client(), {"Authorization": f"Bearer {secret}"}).post(
        "/meetings/dialogue/speakers", statement()
    )
    garbage = Api(Client(), {"Authorization": "Bearer not-a-token"}).post(
        "/meetings/dialogue/speakers", statement()
    )

    assert revoked.status_code == garbage.status_code == 401


def test_the_closed_list_refuses_delegations_but_not_the_secretariat(api_as, make_meeting):
    make_meeting(open_list=False)

    refused = api_as("delegate").post("/meetings/dialogue/speakers", statement())
    accepted = api_as("secretariat").post("/meetings/dialogue/speakers", statement())

    assert (refused.status_code, refused.json()["detail"]) == (
        409,
        "The list of speakers is closed.",
    )
    assert accepted.status_code == 201


@pytest.mark.parametrize(
    ("fields", "status", "offending"),
    [
        ({"delegation": "XXX"}, 404, None),
        ({"speaker": "x" * 10_000}, 422, "speaker"),
        ({"level": "emperor"}, 422, None),
        ({"kind": "song"}, 422, None),
        ({"segment": "dinner"}, 422, None),
        ({"delegation": ""}, 422, "delegation"),
    ],
)
def test_bad_requests_are_refused_with_a_message_and_change_nothing(
    api_as, make_meeting, fields, status, offending
):
    meeting = make_meeting()
    before = log_of(meeting)

    response = api_as("secretariat").post("/meetings/dialogue/speakers", statement(**fields))

    assert response.status_code == status
    assert response.json()["detail"]
    if offending:
        assert offending in response.json()["fields"]
    assert log_of(meeting) == before


def test_withdraw_then_withdrawing_again_is_refused(api_as, make_meeting):
    make_meeting()
    delegate = api_as("delegate")
    entry = delegate.post("/meetings/dialogue/speakers", statement()).json()["entry"]["id"]

    first = delegate.delete(f"/meetings/dialogue/speakers/{entry}")
    again = delegate.delete(f"/meetings/dialogue/speakers/{entry}")

    assert first.status_code == 200
    assert [s["status"] for s in first.json()["speakers"]] == ["withdrawn"]
    assert (again.status_code, again.json()["code"]) == (409, "not_waiting")


def test_withdrawing_an_unknown_request_is_a_404(api_as, make_meeting):
    make_meeting()

    response = api_as("secretariat").delete("/meetings/dialogue/speakers/999")

    assert (response.status_code, response.json()["code"]) == (404, "unknown_entry")


def test_another_delegations_focal_point_cannot_withdraw(api_as, make_meeting):
    make_meeting()
    entry = (
        api_as("secretariat")
        .post("/meetings/dialogue/speakers", statement("FRA"))
        .json()["entry"]["id"]
    )

    response = api_as("delegate").delete(f"/meetings/dialogue/speakers/{entry}")

    assert response.status_code == 403


def test_a_body_of_megabytes_or_not_json_is_refused_in_json(client, make_meeting, token_for):
    make_meeting()
    headers = token_for("secretariat")
    url = "/api/v1/meetings/dialogue/speakers"

    huge = client.post(
        url,
        '{"delegation": "FRA", "speaker": "' + "x" * 10_000_000 + '"}',
        content_type="application/json",
        headers=headers,
    )
    garbled = client.post(url, "{not json", content_type="application/json", headers=headers)

    assert (huge.status_code, huge.json()["code"]) == (413, "too_large")
    assert (garbled.status_code, garbled.json()["code"]) == (400, "bad_request")


def test_the_list_carries_an_etag_and_answers_not_modified(api, api_as, make_meeting):
    make_meeting()
    first = api.get("/meetings/dialogue/speakers")
    api.headers = {"If-None-Match": first["ETag"]}

    unchanged = api.get("/meetings/dialogue/speakers")
    api_as("secretariat").post("/meetings/dialogue/speakers", statement("GHA"))
    changed = api.get("/meetings/dialogue/speakers")

    assert first["ETag"] == f'"{first.json()["seq"]}"'
    assert unchanged.status_code == 304
    assert changed.status_code == 200
    assert [s["delegation"] for s in changed.json()["speakers"]] == ["GHA"]
