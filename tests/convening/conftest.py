"""Fixtures for convening: a meeting with its letter, its missions, and signed-in clients."""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client

from hemicycle.convening.letters import DEFAULT_BODY


@pytest.fixture
def convened(make_meeting: Callable[..., Any]) -> Any:
    """The small meeting of tests/conftest.py, with a venue, a letter and e-mail addresses for
    three missions (Ghana, Norway, the Holy See)."""
    from hemicycle.convening.models import LetterTemplate, Mission
    from hemicycle.delegations.models import Delegation

    meeting = make_meeting("dialogue")
    meeting.venue = "Trusteeship Council Chamber"
    meeting.location = "United Nations Headquarters, New York"
    meeting.convener = "Vuk Jeremić, President of the General Assembly"
    meeting.body = "United Nations General Assembly"
    meeting.background = (
        "The General Assembly continues its consideration of the responsibility to protect."
    )
    meeting.save()
    LetterTemplate.objects.create(
        meeting=meeting,
        place="New York",
        date=date(2013, 8, 5),
        subject="Informal interactive dialogue",
        body=DEFAULT_BODY,
        signature="Vuk Jeremić",
    )
    for code, honorific, name in (
        ("GHA", "her", "Martha Ama Akyaa Pobee"),
        ("NOR", "his", ""),
        ("VAT", "", ""),
    ):
        Mission.objects.create(
            delegation=Delegation.objects.get(code=code),
            honorific=honorific,
            representative=name,
            email=f"{code.lower()}@missions.example.org",
        )
    return meeting


@pytest.fixture
def signed_in(accounts: dict[str, Any]) -> Callable[[str], Client]:
    def client_for(username: str) -> Client:
        client = Client()
        client.force_login(accounts[username])
        return client

    return client_for
