"""Fixtures of the inscription tests: API callers by role, a civil-society focal point, a window."""

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from django.test import Client

from tests.api.conftest import Api


@pytest.fixture
def api(client: Client) -> Api:
    return Api(client)


@pytest.fixture
def api_as(token_for: Callable[[str], dict[str, str]]) -> Callable[[str], Api]:
    return lambda username: Api(Client(), token_for(username))


@pytest.fixture
def civil_society(accounts: dict[str, Any]) -> Any:
    """An account `ngo`: the focal point of a civil-society organisation (role civil_society)."""
    from django.contrib.auth.models import User

    from hemicycle.accounts.models import FocalPoint
    from hemicycle.delegations.models import Category, Delegation

    user = User.objects.create_user("ngo", email="ngo@example.org", password="hemicycle")
    organisation = Delegation.objects.create(
        code="GCR2P", name="Global Centre for R2P", category=Category.CIVIL_SOCIETY
    )
    FocalPoint.objects.create(user=user, delegation=organisation)
    accounts["ngo"] = user
    return user


@pytest.fixture
def set_window() -> Callable[..., Any]:
    def set_(meeting: Any, opens: datetime, closes: datetime | None = None) -> Any:
        from hemicycle.inscription import window

        window.set_window(meeting, opens, closes, actor="secretariat")
        return window.window_of(meeting)

    return set_


def statement(delegation: str = "SVN", **fields: Any) -> dict[str, Any]:
    return {
        "delegation": delegation,
        "speaker": "Andrej Logar",
        "title": "Permanent Representative",
        "level": "permanent_representative",
        **fields,
    }


def signed_in(user: Any) -> Client:
    page = Client()
    page.force_login(user)
    return page
