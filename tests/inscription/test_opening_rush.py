"""The opening second on real connections: focal points of many delegations at once, and several
requests of one delegation at once, as the window opens the list."""

import itertools
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from hemicycle.accounts.models import ApiToken, FocalPoint
from hemicycle.delegations.models import Delegation
from hemicycle.inscription.window import set_window
from hemicycle.proceedings.models import FloorEvent
from tests.api.test_concurrency import post, race
from tests.inscription.conftest import statement

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CODES = ["AUS", "BEL", "CHE", "DNK", "EST", "FIN", "GHA", "HUN"]


def focal_point_of(code):
    user = User.objects.create_user(f"fp-{code.lower()}", email=f"{code.lower()}@example.org")
    FocalPoint.objects.create(user=user, delegation=Delegation.objects.get(code=code))
    return {"Authorization": f"Bearer {ApiToken.issue(user, 'rush')[1]}"}


def test_at_the_opening_every_delegation_is_recorded_once_and_one_delegation_only_once(
    make_meeting, token_for
):
    meeting = make_meeting(open_list=False)
    set_window(meeting, timezone.now() - timedelta(milliseconds=1), None, actor="secretariat")
    headers = {code: focal_point_of(code) for code in CODES}
    slovenia = [token_for("delegate") for _ in range(6)]

    calls = [post(headers[c], "/meetings/dialogue/speakers", statement(c)) for c in CODES]
    calls += [post(h, "/meetings/dialogue/speakers", statement()) for h in slovenia]
    responses = race(calls)

    others, svn = responses[: len(CODES)], responses[len(CODES) :]
    assert [r.status_code for r in others] == [201] * len(CODES)
    assert sorted(r.status_code for r in svn) == [201, 409, 409, 409, 409, 409]
    refused = [r.json() for r in svn if r.status_code == 409]
    assert {r["code"] for r in refused} == {"already_inscribed"}
    log = list(FloorEvent.objects.filter(meeting=meeting).order_by("seq"))
    assert [e.type for e in log].count("list_opened") == 1
    inscribed = [e for e in log if e.type == "speaker_inscribed"]
    assert sorted(e.payload["delegation"] for e in inscribed) == sorted([*CODES, "SVN"])
    assert all(a.at <= b.at for a, b in itertools.pairwise(inscribed))
    accepted = [r.json()["receipt"] for r in responses if r.status_code == 201]
    assert sorted(r["seq"] for r in accepted) == [e.seq for e in inscribed]
    for receipt in accepted:
        checked = Client().get(
            f"/api/v1/meetings/dialogue/receipts/{receipt['seq']}", {"hash": receipt["hash"]}
        )
        assert checked.json()["valid"] is True
