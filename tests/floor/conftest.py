import pytest

from .support import Clock, Floor


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def floor(clock: Clock) -> Floor:
    """A configured meeting without a programme, UN dialogue precedence, list open."""
    return Floor(clock).configure()


@pytest.fixture
def make_floor(clock: Clock):
    """A meeting configured with the given rules and programme, list open."""

    def make(**config) -> Floor:
        return Floor(clock).configure(**config)

    return make
