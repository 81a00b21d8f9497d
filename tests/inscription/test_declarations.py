"""Declared levels and group statements are checked by the secretariat (issue #13): until confirmed
the request stands as the delegation's ordinary one; confirming places it by the policy, as a
recorded decision; the focal point sees which; the secretariat is told of each declaration."""

from django.core import mail

from hemicycle.proceedings.models import FloorEvent
from tests.inscription.conftest import signed_in, statement

LIST = "/meetings/dialogue/speakers"


def order(api):
    return [s["delegation"] for s in api.get(LIST).json()["speakers"]]


def test_a_declared_level_waits_for_the_secretariat_then_counts(api_as, make_meeting, accounts):
    make_meeting()
    accounts["secretariat"].email = "officer@un.example"
    accounts["secretariat"].save()
    secretariat, delegate = api_as("secretariat"), api_as("delegate")
    for code in ("AUS", "BEL"):
        secretariat.post(LIST, statement(code, level="permanent_representative"))

    mine = delegate.post(LIST, statement(level="head_of_state")).json()["entry"]

    assert mine["declaration"] == "pending"
    assert mine["position"] == 3
    assert mine["reasons"][0] == {"code": "pending", "value": "head_of_state"}
    assert order(delegate) == ["AUS", "BEL", "SVN"]
    (notice,) = [m for m in mail.outbox if m.subject.startswith("To confirm")]
    assert notice.to == ["officer@un.example"]
    assert "Slovenia" in notice.subject
    assert "/manage/dialogue/requests/?status=pending" in notice.body

    confirmed = secretariat.post(f"{LIST}/{mine['id']}/confirm", {})

    assert confirmed.status_code == 200
    assert confirmed.json()["entry"]["declaration"] == "confirmed"
    assert order(delegate) == ["SVN", "AUS", "BEL"]
    event = FloorEvent.objects.order_by("-seq").first()
    assert event.type == "declaration_confirmed"
    assert event.actor == f"secretariat#{accounts['secretariat'].pk}"
    assert event.payload["after"] is None
    assert event.payload["key"][2:4] == [1, 0]


def test_a_group_statement_is_placed_as_the_delegations_own_until_confirmed(api_as, make_meeting):
    make_meeting()
    secretariat, delegate = api_as("secretariat"), api_as("delegate")
    secretariat.post(LIST, statement("AUS", level="minister"))
    group = {"on_behalf_of": "Group of Friends of R2P", "group_members": ["SVN", "AUS", "BEL"]}

    mine = delegate.post(LIST, statement(**group)).json()["entry"]
    secretariat.post(f"{LIST}/{mine['id']}/confirm", {})

    assert mine["declaration"] == "pending"
    assert mine["position"] == 2
    assert order(delegate) == ["SVN", "AUS"]


def test_the_secretariat_inscribes_and_corrects_with_its_declarations_confirmed(
    api_as, make_meeting
):
    make_meeting()
    secretariat = api_as("secretariat")
    secretariat.post(LIST, statement("AUS"))

    entry = secretariat.post(LIST, statement("BEL", level="minister")).json()["entry"]

    assert entry["declaration"] == "confirmed"
    assert order(secretariat) == ["BEL", "AUS"]


def test_a_focal_points_new_level_waits_again(api_as, make_meeting, accounts):
    make_meeting()
    secretariat, delegate = api_as("secretariat"), api_as("delegate")
    secretariat.post(LIST, statement("AUS", level="minister"))
    mine = delegate.post(LIST, statement(level="minister")).json()["entry"]
    secretariat.post(f"{LIST}/{mine['id']}/confirm", {})
    assert order(delegate) == ["AUS", "SVN"]

    changed = delegate.patch(f"{LIST}/{mine['id']}", {"level": "head_of_state"}).json()["entry"]

    assert changed["declaration"] == "pending"
    assert order(delegate) == ["AUS", "SVN"]  # as a Permanent Representative until confirmed
    page = signed_in(accounts["delegate"]).get("/meetings/dialogue/inscription/").content.decode()
    assert "Awaiting the secretariat" in page


def test_bad_confirmations_are_refused_and_change_nothing(api_as, make_meeting):
    make_meeting()
    secretariat, delegate = api_as("secretariat"), api_as("delegate")
    plain = secretariat.post(LIST, statement("AUS")).json()["entry"]
    mine = delegate.post(LIST, statement(level="minister")).json()["entry"]
    before = FloorEvent.objects.count()

    by_focal_point = delegate.post(f"{LIST}/{mine['id']}/confirm", {})
    nothing_declared = secretariat.post(f"{LIST}/{plain['id']}/confirm", {})
    unknown = secretariat.post(f"{LIST}/9999/confirm", {})
    secretariat.post(f"{LIST}/{mine['id']}/confirm", {})
    twice = secretariat.post(f"{LIST}/{mine['id']}/confirm", {})

    assert by_focal_point.status_code == 403
    assert nothing_declared.status_code == 422
    assert "declares no level or group" in nothing_declared.json()["detail"]
    assert unknown.status_code == 404
    assert twice.status_code == 409
    assert "already confirmed" in twice.json()["detail"]
    assert FloorEvent.objects.count() == before + 1


def test_the_requests_page_lists_the_declarations_to_confirm_and_confirms_one(
    api_as, make_meeting, accounts
):
    make_meeting()
    plain = api_as("secretariat").post(LIST, statement("AUS")).json()["entry"]
    mine = api_as("delegate").post(LIST, statement(level="minister")).json()["entry"]
    page = signed_in(accounts["secretariat"])

    shown = page.get("/manage/dialogue/requests/?status=pending").content.decode()
    page.post("/manage/dialogue/requests/", {"action": "confirm", "entry": mine["id"]})

    assert f'data-testid="confirm-{mine["id"]}"' in shown
    assert f'data-entry="{plain["id"]}"' not in shown
    assert order(api_as("delegate")) == ["SVN", "AUS"]


def test_a_confirmed_statement_for_a_known_group_speaks_for_its_members(
    api_as, make_meeting, client
):
    make_meeting()
    secretariat = api_as("secretariat")
    union = {"on_behalf_of": "European Union", "group_members": []}

    entry = secretariat.post(LIST, statement("EU", **union)).json()["entry"]
    listed = client.get("/meetings/dialogue/list/").content.decode()
    groups = client.get("/api/v1/delegations/groups").json()

    assert len(entry["group_members"]) == 27
    assert "SVN" in entry["group_members"]
    assert "27 States" in listed
    named = {g["code"]: g for g in groups}
    assert len(named["AFRICAN"]["members"]) == 54
    assert len(named["EU"]["members"]) == 27
    assert named["ARAB"]["name"] == "Group of Arab States"
    assert "December 2026" in named["EU"]["source"]
