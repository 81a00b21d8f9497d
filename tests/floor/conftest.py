"""Fixtures for the floor's domain core, which is plain Python: these tests need no Django.

The suite-wide autouse fixtures in tests/conftest.py configure Django (fast password hashing, the
store's floor cache); they are overridden here with no-ops so that `pytest tests/floor -p no:django`
runs, and runs fast.
"""

from collections.abc import Callable
from typing import Any

import pytest

from .support import Clock, Floor


@pytest.fixture(autouse=True)
def _fast_passwords() -> None:
    """No accounts here."""


@pytest.fixture(autouse=True)
def _fresh_floor_cache() -> None:
    """No store here: every test folds its own log."""


@pytest.fixture
def clock() -> Clock:
    """The server clock, at 10:00 UTC until a test moves it."""
    return Clock()


@pytest.fixture
def floor(clock: Clock) -> Floor:
    """A meeting without a programme: UN dialogue precedence, soft overrun, list open."""
    return Floor(clock).configure()


@pytest.fixture
def make_floor(clock: Clock) -> Callable[..., Floor]:
    """A meeting configured with the given rules and programme (list open unless told)."""

    def make(**config: Any) -> Floor:
        return Floor(clock).configure(**config)

    return make
