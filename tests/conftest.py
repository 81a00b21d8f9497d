"""Shared fixtures: a fresh floor cache per test, the demo accounts, a small meeting, API clients."""

import os
import tempfile
from collections.abc import Callable
from datetime import date, time
from typing import Any

os.environ.setdefault("HEMICYCLE_DATA_DIR", tempfile.mkdtemp(prefix="hemicycle-test-"))

import pytest  # noqa: E402

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require(condition: bool, what: str) -> None:
    """Skip a test whose service is missing on a developer's machine; fail it under CI."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{what} is required under CI=true", pytrace=False)
    pytest.skip(f"{what} is not available here")


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_floor_cache() -> None:
    from hemicycle.proceedings import store

    store.forget_cache()


@pytest.fixture
def accounts(db: Any) -> dict[str, Any]:
    from django.contrib.auth.models import User

    from hemicycle.demo import loader

    loader.accounts()
    outsider = User.objects.create_user("outsider", password="hemicycle")
    return {u.username: u for u in User.objects.filter(
        username__in=["secretariat", "chair", "delegate", "outsider"])} | {"outsider": outsider}


@pytest.fixture
def make_meeting(db: Any) -> Callable[..., Any]:
    from hemicycle import floor
    from hemicycle.meetings.models import Meeting, Segment
    from hemicycle.proceedings import store

    def make(slug: str = "dialogue", *, policy: str = "un_dialogue", overrun: str = "soft",
             open_list: bool = True, limits: dict[str, int] | None = None) -> Meeting:
        meeting = Meeting.objects.create(
            slug=slug, title="Informal interactive dialogue", date=date(2013, 9, 11),
            timezone="America/New_York", policy=policy, overrun=overrun,
            limits=limits or {"statement": 180},
        )
        plan = [
            ("opening", "opening", "Opening remarks", "10:00", "10:30",
             [{"name": "Ban Ki-moon", "title": "Secretary-General", "role": "opening"}]),
            ("panel", "panel", "Panel discussion", "10:30", "13:00",
             [{"name": "Adama Dieng", "role": "moderator"},
              {"name": "Jennifer Welsh", "role": "panellist"}]),
            ("lunch", "break", "Break", "13:00", "15:00", []),
            ("afternoon", "dialogue", "Interactive dialogue", "15:00", "17:45", []),
            ("closing", "closing", "Concluding remarks", "17:45", "18:00",
             [{"name": "Vuk Jeremić", "role": "closing"}]),
        ]
        for order, (key, kind, title, starts, ends, speakers) in enumerate(plan):
            Segment.objects.create(meeting=meeting, key=key, order=order, kind=kind, title=title,
                                   starts=time.fromisoformat(starts), ends=time.fromisoformat(ends),
                                   speakers=speakers)
        store.configure(meeting)
        if open_list:
            store.execute(meeting, lambda s, now: floor.decide(s, "open_list", now), actor="test")
        return meeting

    return make


@pytest.fixture
def token_for(accounts: dict[str, Any]) -> Callable[[str], dict[str, str]]:
    from hemicycle.accounts.models import ApiToken

    def headers(username: str) -> dict[str, str]:
        _token, secret = ApiToken.issue(accounts[username], "test")
        return {"Authorization": f"Bearer {secret}"}

    return headers
