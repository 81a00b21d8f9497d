"""Commands racing each other through real database connections, one thread per client."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client

from hemicycle.proceedings.models import FloorEvent

# serialized_rollback: the reference data of the migrations comes back after each test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def race(calls):
    """Run the calls at once, each in its own thread with its own database connection."""

    def run(call):
        try:
            return call()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def post(headers, path, body):
    return lambda: Client().post(
        f"/api/v1{path}", body, content_type="application/json", headers=headers
    )


def test_consoles_pressing_next_together_advance_the_floor_once(make_meeting, token_for):
    meeting = make_meeting()
    secretariat = token_for("secretariat")
    for code in ("AUS", "BEL", "CHE", "DNK"):
        Client().post(
            "/api/v1/meetings/dialogue/speakers",
            {"delegation": code},
            content_type="application/json",
            headers=secretariat,
        )
    seen = Client().get("/api/v1/meetings/dialogue/floor").json()["seq"]
    consoles = [token_for("chair") for _ in range(3)] + [token_for("secretariat") for _ in range(3)]

    responses = race(
        [
            post(h, "/meetings/dialogue/floor", {"action": "next", "expected_seq": seen})
            for h in consoles
        ]
    )

    assert sorted(r.status_code for r in responses) == [200, 409, 409, 409, 409, 409]
    assert FloorEvent.objects.filter(meeting=meeting, type="speech_started").count() == 1
    assert Client().get("/api/v1/meetings/dialogue/floor").json()["speech"]["delegation"] == "AUS"


def test_a_burst_of_requests_is_recorded_in_full_once_each_in_order_of_receipt(
    make_meeting, token_for
):
    meeting = make_meeting(policy="first_come")
    codes = ["AUS", "BEL", "CHE", "DNK", "EST", "FIN", "GHA", "HUN", "IRL", "JAM"]
    secretariat = token_for("secretariat")

    responses = race(
        [post(secretariat, "/meetings/dialogue/speakers", {"delegation": c}) for c in codes]
    )

    assert [r.status_code for r in responses] == [201] * len(codes)
    receipts = sorted(
        (r.json()["receipt"]["seq"], r.json()["entry"]["delegation"]) for r in responses
    )
    listed = Client().get("/api/v1/meetings/dialogue/speakers").json()["speakers"]
    assert sorted(c for _, c in receipts) == sorted(codes)
    assert [s["delegation"] for s in listed] == [c for _, c in receipts]  # the order of receipt
    seqs = list(FloorEvent.objects.filter(meeting=meeting).values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))


def test_the_same_delegation_twice_at_once_is_inscribed_once(make_meeting, token_for):
    meeting = make_meeting()

    responses = race(
        [
            post(
                token_for("delegate"),
                "/meetings/dialogue/speakers",
                {"delegation": "SVN", "speaker": "Andrej Logar"},
            )
            for _ in range(4)
        ]
    )

    assert sorted(r.status_code for r in responses) == [201, 409, 409, 409]
    assert FloorEvent.objects.filter(meeting=meeting, type="speaker_inscribed").count() == 1
