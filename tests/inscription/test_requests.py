"""Requests to speak through the API: changes, receipts verified by anyone, receipts by e-mail."""

import pytest
from django.core import mail

from hemicycle.proceedings.models import FloorEvent
from tests.inscription.conftest import statement


def log_of(meeting):
    return list(FloorEvent.objects.filter(meeting=meeting).values_list("seq", "hash"))


def test_a_change_of_level_repositions_the_entry_keeping_its_time_of_receipt(api_as, make_meeting):
    make_meeting()
    secretariat = api_as("secretariat")
    for code in ("AUS", "BEL"):
        secretariat.post("/meetings/dialogue/speakers", statement(code, level="minister"))
    mine = api_as("delegate").post("/meetings/dialogue/speakers", statement()).json()

    changed = secretariat.patch(
        f"/meetings/dialogue/speakers/{mine['entry']['id']}", {"level": "head_of_state"}
    )
    listed = api_as("delegate").get("/meetings/dialogue/speakers").json()["speakers"]

    assert changed.status_code == 200
    assert changed.json()["entry"]["position"] == 1
    assert [s["delegation"] for s in listed] == ["SVN", "AUS", "BEL"]
    assert listed[0]["received_at"] == mine["entry"]["received_at"]
    assert listed[0]["reasons"][0] == {"code": "level", "value": "head_of_state"}


@pytest.mark.parametrize(
    ("changes", "status", "code"),
    [
        ({"level": "emperor"}, 422, "invalid_command"),
        ({}, 422, "invalid_command"),
        ({"speaker": "x" * 10_000}, 422, "invalid"),
    ],
)
def test_a_bad_change_is_refused_and_changes_nothing(api_as, make_meeting, changes, status, code):
    meeting = make_meeting()
    entry = api_as("delegate").post("/meetings/dialogue/speakers", statement()).json()["entry"]
    before = log_of(meeting)

    response = api_as("delegate").patch(f"/meetings/dialogue/speakers/{entry['id']}", changes)

    assert (response.status_code, response.json()["code"]) == (status, code)
    assert response.json()["detail"]
    assert log_of(meeting) == before


def test_another_delegation_cannot_change_a_request(api_as, make_meeting):
    make_meeting()
    entry = api_as("secretariat").post("/meetings/dialogue/speakers", statement("FRA")).json()

    response = api_as("delegate").patch(
        f"/meetings/dialogue/speakers/{entry['entry']['id']}", {"speaker": "Not France"}
    )

    assert response.status_code == 403


def test_a_focal_point_must_name_the_speaker(api_as, make_meeting):
    meeting = make_meeting()

    response = api_as("delegate").post("/meetings/dialogue/speakers", statement(speaker="   "))

    assert (response.status_code, response.json()["code"]) == (422, "invalid_command")
    assert response.json()["detail"].startswith("Name the speaker")
    assert FloorEvent.objects.filter(meeting=meeting, type="speaker_inscribed").count() == 0


def test_the_receipt_is_verified_by_anyone_and_a_forged_one_is_not(api, api_as, make_meeting):
    make_meeting()
    api_as("secretariat").post("/meetings/dialogue/speakers", statement("FRA", level="other"))
    receipt = api_as("delegate").post("/meetings/dialogue/speakers", statement()).json()["receipt"]

    genuine = api.get(f"/meetings/dialogue/receipts/{receipt['seq']}", hash=receipt["hash"]).json()
    forged = api.get(f"/meetings/dialogue/receipts/{receipt['seq']}", hash="0" * 64).json()
    nowhere = api.get("/meetings/dialogue/receipts/999", hash=receipt["hash"]).json()
    not_a_request = api.get("/meetings/dialogue/receipts/1", hash=receipt["hash"]).json()

    assert receipt["position"] == 1
    assert (
        receipt["verify_url"] == f"/meetings/dialogue/receipts/{receipt['seq']}/{receipt['hash']}/"
    )
    assert (genuine["valid"], genuine["delegation"], genuine["position_now"]) == (True, "SVN", 1)
    assert genuine["receipt"]["received_at"] == receipt["received_at"]
    assert (forged["valid"], forged["reason"]) == (False, "hash_mismatch")
    assert (nowhere["valid"], nowhere["reason"]) == (False, "unknown_seq")
    assert (not_a_request["valid"], not_a_request["reason"]) == (False, "not_a_request")


def test_a_tampered_log_fails_the_receipt_of_every_later_request(api, api_as, make_meeting):
    meeting = make_meeting()
    first = api_as("secretariat").post("/meetings/dialogue/speakers", statement("FRA")).json()
    later = api_as("delegate").post("/meetings/dialogue/speakers", statement()).json()["receipt"]
    FloorEvent.objects.filter(meeting=meeting, seq=first["receipt"]["seq"]).update(
        payload={**first["entry"], "delegation": "DEU"}
    )

    found = api.get(f"/meetings/dialogue/receipts/{later['seq']}", hash=later["hash"]).json()

    assert (found["valid"], found["reason"]) == (False, "broken_chain")


def test_the_receipt_page_shows_the_place_then_and_now(client, api_as, make_meeting):
    make_meeting()
    receipt = api_as("delegate").post("/meetings/dialogue/speakers", statement()).json()["receipt"]
    api_as("secretariat").post("/meetings/dialogue/speakers", statement("BEL", level="minister"))

    page = client.get(receipt["verify_url"])
    forged = client.get(f"/meetings/dialogue/receipts/{receipt['seq']}/{'f' * 64}/")

    text = page.content.decode()
    assert page.status_code == 200
    assert "This receipt is genuine" in text
    assert 'data-testid="position-then">1<' in text
    assert "waiting, position 2" in text
    assert forged.status_code == 404
    assert "The hash does not match" in forged.content.decode()


def test_the_receipt_is_emailed_to_the_delegations_focal_points(api_as, make_meeting, accounts):
    from django.contrib.auth.models import User

    from hemicycle.accounts.models import FocalPoint
    from hemicycle.delegations.models import Delegation

    make_meeting()
    accounts["delegate"].email = "svn-1@example.org"
    accounts["delegate"].save()
    colleague = User.objects.create_user("svn2", email="svn-2@example.org")
    FocalPoint.objects.create(user=colleague, delegation=Delegation.objects.get(code="SVN"))

    receipt = api_as("delegate").post("/meetings/dialogue/speakers", statement()).json()["receipt"]

    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sorted(sent.to) == ["svn-1@example.org", "svn-2@example.org"]
    assert "Slovenia" in sent.subject
    assert f"seq: {receipt['seq']}" in sent.body
    assert receipt["hash"] in sent.body
    assert f"http://127.0.0.1:8000{receipt['verify_url']}" in sent.body


def test_an_unknown_delegation_is_a_404_that_names_where_to_look(api_as, make_meeting):
    make_meeting()

    response = api_as("secretariat").post("/meetings/dialogue/speakers", statement("ATLANTIS"))

    assert response.status_code == 404
    assert "/api/v1/delegations" in response.json()["detail"]


def test_a_reason_given_with_a_change_or_a_withdrawal_is_recorded(api_as, make_meeting):
    meeting = make_meeting()
    secretariat = api_as("secretariat")
    entry = secretariat.post("/meetings/dialogue/speakers", statement("AUS")).json()["entry"]

    changed = secretariat.patch(
        f"/meetings/dialogue/speakers/{entry['id']}",
        {"speaker": "Gary Quinlan", "reason": "The mission's note of 9 September"},
    )
    gone = secretariat.delete(
        f"/meetings/dialogue/speakers/{entry['id']}?reason=Asked%20by%20phone"
    )

    assert changed.status_code == 200
    assert gone.status_code == 200
    update, withdrawal = FloorEvent.objects.filter(meeting=meeting).order_by("-seq")[:2][::-1]
    assert update.payload["reason"] == "The mission's note of 9 September"
    assert update.payload["changes"] == {"speaker": "Gary Quinlan"}
    assert withdrawal.payload == {"entry": entry["id"], "reason": "Asked by phone"}
