"""Fixtures of the staff tests: API callers by role, a second meeting, an invited person's
password set through the e-mailed link."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from tests.api.conftest import Api
from tests.inscription.conftest import civil_society, signed_in  # noqa: F401

PASSWORD = "a long pass phrase"


@pytest.fixture
def api_as(token_for: Callable[[str], dict[str, str]]) -> Callable[[str], Api]:
    return lambda username: Api(Client(), token_for(username))


@pytest.fixture
def other_meeting(make_meeting: Callable[..., Any], accounts: dict[str, Any]) -> Any:
    """A second meeting, over which the demo's chair does not preside."""
    from hemicycle.accounts.models import Officer

    meeting = make_meeting("other")
    Officer.objects.filter(meeting=meeting).delete()
    return meeting


def accept_invitation(email: str) -> Client:
    """The invited person follows the link of their latest e-mail and sets a password."""
    sent = [m for m in mail.outbox if m.to == [email]][-1]
    link = re.search(r"https?://[^/\s]+(/accounts/invitation/\S+/)", sent.body)
    assert link, sent.body
    person = Client()
    answer = person.post(link.group(1), {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert answer.status_code == 302
    return person


def bearer(client: Client) -> dict[str, str]:
    """A token created on the person's own page."""
    page = client.post("/accounts/me/", {"name": "laptop"}).content.decode()
    secret = re.search(r"(hc_[A-Za-z0-9_\-]+)", page)
    assert secret, page
    return {"Authorization": f"Bearer {secret.group(1)}"}
