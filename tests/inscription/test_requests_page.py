"""The secretariat's requests page: every request with why it stands where it does, filtered and
searched; withdraw, correct and move through the command path (so in the log, by the secretariat);
a refused action says why and records nothing."""

import pytest

from hemicycle.accounts import roles
from hemicycle.proceedings.models import FloorEvent
from tests.inscription.conftest import signed_in, statement

PAGE = "/manage/dialogue/requests/"


@pytest.fixture
def listed(make_meeting, api_as, accounts):
    """Slovenia (Permanent Representative), France (a minister), the EU for its members."""
    make_meeting()
    secretariat = api_as("secretariat")
    ids = {}
    for body in (
        statement("SVN"),
        statement("FRA", speaker="Laurent Fabius", level="minister", language="fr"),
        statement("EU", speaker="Thomas Mayr-Harting", on_behalf_of="European Union",
                  group_members=["AUT", "BEL", "BGR"]),
    ):  # fmt: skip
        answer = secretariat.post("/meetings/dialogue/speakers", body)
        ids[body["delegation"]] = answer.json()["entry"]["id"]
    return ids


def table(response) -> list[tuple[str, str]]:
    """(delegation code, status) of each row, in order."""
    import re

    text = response.content.decode()
    return re.findall(r'<tr id="request-\d+" data-entry="\d+" data-status="(\w+)">\s*<td[^>]*>[^<]*</td>\s*<th[^>]*>[^<]*<span class="muted">(\w+)</span>', text)  # fmt: skip


def test_every_request_with_its_level_group_language_and_why_here(listed, accounts):
    page = signed_in(accounts["secretariat"]).get(PAGE)
    text = page.content.decode()

    assert page.status_code == 200
    assert table(page) == [("waiting", "EU"), ("waiting", "FRA"), ("waiting", "SVN")]
    assert "group statement" in text  # why the EU comes first
    assert "(3 States)" in text
    assert "Minister" in text
    assert ">fr<" in text


def test_filter_by_status_and_search(listed, accounts, api_as):
    api_as("secretariat").delete(f"/meetings/dialogue/speakers/{listed['FRA']}")
    page = signed_in(accounts["secretariat"])

    assert table(page.get(PAGE, {"status": "withdrawn"})) == [("withdrawn", "FRA")]
    assert table(page.get(PAGE, {"q": "slov"})) == [("waiting", "SVN")]
    assert table(page.get(PAGE, {"q": "mayr"})) == [("waiting", "EU")]


def test_withdraw_correct_and_move_are_in_the_log_by_the_secretariat(listed, accounts):
    page = signed_in(accounts["secretariat"])

    page.post(PAGE, {"action": "correct", "entry": listed["SVN"], "speaker": "Andrej Logar",
                     "title": "Permanent Representative", "level": "head_of_state", "kind": "statement",
                     "on_behalf_of": "", "language": "en", "reason": "Protocol's letter"})  # fmt: skip
    page.post(PAGE, {"action": "move", "entry": listed["FRA"], "position": "1", "reason": "Host country"})  # fmt: skip
    page.post(PAGE, {"action": "withdraw", "entry": listed["EU"], "reason": "Asked by e-mail"})

    events = list(FloorEvent.objects.order_by("-seq")[:3].values_list("type", "actor", "payload"))
    secretariat = roles.actor_of(accounts["secretariat"])
    assert [(kind, actor) for kind, actor, _payload in reversed(events)] == [
        ("speaker_updated", secretariat),
        ("speaker_moved", secretariat),
        ("speaker_withdrawn", secretariat),
    ]
    assert events[2][2]["changes"] == {"level": "head_of_state", "language": "en"}
    assert events[2][2]["reason"] == "Protocol's letter"
    assert events[0][2] == {"entry": listed["EU"], "reason": "Asked by e-mail"}
    after = page.get(PAGE)
    assert table(after) == [("waiting", "FRA"), ("waiting", "SVN"), ("withdrawn", "EU")]
    assert "placed by the secretariat</span>: Host country" in after.content.decode()


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (
            {"action": "move", "position": "9", "reason": "Why"},
            "Choose a position between 1 and 3.",
        ),
        ({"action": "move", "position": "1", "reason": ""}, "Say why the speaker is moved"),
        ({"action": "withdraw", "entry": "999", "reason": "Why"}, "There is no request 999"),
        ({"action": "withdraw", "reason": ""}, "Say why; the reason is recorded"),
        ({"action": "correct", "speaker": "X", "reason": ""}, "Say why; the reason is recorded"),
    ],
)
def test_a_refused_action_says_why_and_records_nothing(listed, accounts, action, message):
    page = signed_in(accounts["secretariat"])
    before = FloorEvent.objects.count()

    response = page.post(PAGE, {"entry": listed["SVN"], **action}, follow=True)

    assert message in response.content.decode()
    assert FloorEvent.objects.count() == before


def test_a_request_no_longer_waiting_cannot_be_withdrawn_again(listed, accounts):
    page = signed_in(accounts["secretariat"])
    page.post(PAGE, {"action": "withdraw", "entry": listed["SVN"], "reason": "Asked"})
    before = FloorEvent.objects.count()

    response = page.post(
        PAGE, {"action": "withdraw", "entry": listed["SVN"], "reason": "Asked"}, follow=True
    )

    assert "Slovenia has withdrawn this request." in response.content.decode()
    assert FloorEvent.objects.count() == before


def test_the_table_is_a_fragment_that_is_fetched_again_only_when_the_list_moved(
    listed, accounts, api_as
):
    page = signed_in(accounts["secretariat"])
    first = page.get(PAGE, headers={"HX-Request": "true"})
    assert "<html" not in first.content.decode()

    same = page.get(PAGE, headers={"HX-Request": "true", "If-None-Match": first["ETag"]})
    api_as("secretariat").delete(f"/meetings/dialogue/speakers/{listed['FRA']}")
    moved = page.get(PAGE, headers={"HX-Request": "true", "If-None-Match": first["ETag"]})

    assert (same.status_code, moved.status_code) == (304, 200)
    assert ("withdrawn", "FRA") in table(moved)
