"""The delegates' forecast: expected starts in list order, chances that fall along the list, learning
from the meeting's finished speeches, and the same answer for the same seed."""

from datetime import UTC, date, datetime, time, timedelta

import numpy as np
import pytest

from hemicycle.floor import Event, EventType, fold, forecast

T0 = datetime(2013, 9, 11, 14, 30, tzinfo=UTC)
SEGMENTS = [
    {"key": "morning", "kind": "dialogue", "title": "Morning"},
    {"key": "lunch", "kind": "break", "title": "Break"},
    {"key": "afternoon", "kind": "dialogue", "title": "Afternoon"},
]
PROGRAMME = [
    forecast.PlannedSlot("morning", True, time(10, 30), time(11, 30)),  # one hour
    forecast.PlannedSlot("lunch", False, time(11, 30), time(15, 0)),
    forecast.PlannedSlot("afternoon", True, time(15, 0), time(16, 0)),
]


def _floor(waiting: int, *, finished: list[float] = (), segment: str = "morning", limit: int = 180):
    events = [
        Event(
            1,
            EventType.MEETING_CONFIGURED,
            {"segments": SEGMENTS, "limits": {"statement": limit}},
            T0,
        ),
        Event(2, EventType.LIST_OPENED, {}, T0),
        Event(3, EventType.SEGMENT_STARTED, {"segment": segment}, T0),
    ]
    for i in range(waiting + len(finished)):
        events.append(
            Event(
                len(events) + 1,
                EventType.SPEAKER_INSCRIBED,
                {"delegation": f"D{i}", "segment": segment},
                T0,
            )
        )
    at = T0
    for i, seconds in enumerate(finished):
        events.append(
            Event(len(events) + 1, EventType.SPEECH_STARTED, {"entry": 4 + i, "limit_s": limit}, at)
        )
        at += timedelta(seconds=seconds)
        events.append(Event(len(events) + 1, EventType.SPEECH_ENDED, {}, at))
        at += timedelta(seconds=20)
    return fold(events), at


def _run(state, now, **kwargs):
    return forecast.forecast(
        state, PROGRAMME, now, meeting_date=date(2013, 9, 11), tz=UTC, seed=7, **kwargs
    )


def test_speakers_are_expected_in_order_and_their_chances_fall_along_the_list():
    state, now = _floor(40)
    result = _run(state, now)
    starts = [e.expected_start for e in result.entries]
    chances = [e.chance_heard for e in result.entries]
    assert [e.position for e in result.entries] == list(range(1, 41))
    assert starts == sorted(starts)
    assert chances == sorted(chances, reverse=True)
    # An hour of floor at about three minutes each: the first are sure, the last have no chance.
    assert chances[0] == 1.0
    assert chances[-1] == 0.0
    assert 0 < chances[20] < 1
    assert all(e.early_start <= e.expected_start <= e.late_start for e in result.entries)
    # The first speaker starts now (nobody has the floor).
    assert result.entries[0].expected_start == now


def test_speakers_past_the_break_are_expected_after_it():
    state, now = _floor(40)
    result = _run(state, now)
    last = result.entries[-1]
    # The hour of the morning, then three and a half hours of lunch, then the afternoon.
    assert last.expected_start > now + timedelta(hours=4, minutes=30)


def test_the_forecast_learns_from_the_meetings_finished_speeches():
    short_room, now_short = _floor(20, finished=[90.0] * 12)
    long_room, now_long = _floor(20, finished=[200.0] * 12)
    short = _run(short_room, now_short)
    long = _run(long_room, now_long)
    assert short.basis.observed == long.basis.observed == 12
    assert short.basis.ratio_mean < 0.7 < 1.0 < long.basis.ratio_mean
    tenth_short = short.entries[9].expected_start - now_short
    tenth_long = long.entries[9].expected_start - now_long
    assert tenth_short < tenth_long
    assert short.basis.gap_s == pytest.approx((8 * 20 + 11 * 20) / 19)


def test_the_same_floor_and_seed_give_the_same_forecast():
    state, now = _floor(30)
    assert _run(state, now) == _run(state, now)


def test_simulate_draws_durations_around_the_limit():
    basis = forecast.Basis(observed=0, log_ratio_mean=np.log(0.9), log_ratio_sigma=0.25, gap_s=0)
    starts = forecast.simulate(
        np.full(100, 180.0), basis, simulations=10_000, rng=np.random.default_rng(1)
    )
    assert starts.shape == (10_000, 100)
    mean_duration = float(np.diff(starts, axis=1).mean())
    assert mean_duration == pytest.approx(180 * basis.ratio_mean, rel=0.01)


def test_speeches_given_by_mistake_teach_nothing_and_odd_ones_are_held_in_range():
    mistakes, now = _floor(10, finished=[0.4, 0.3, 0.5, 0.2])
    assert _run(mistakes, now).basis.observed == 0
    odd, now = _floor(10, finished=[2000.0, 16.0, 2000.0, 16.0])
    basis = _run(odd, now).basis
    assert basis.observed == 4
    assert basis.log_ratio_sigma <= forecast.MAX_SIGMA
    assert 0.25 <= basis.ratio_mean <= 2.5


def test_before_the_meeting_day_the_first_speaker_is_expected_at_the_planned_start():
    from zoneinfo import ZoneInfo

    new_york = ZoneInfo("America/New_York")
    evening_before = datetime(2013, 9, 10, 20, 0, tzinfo=new_york)
    events = [
        Event(1, EventType.MEETING_CONFIGURED, {"segments": SEGMENTS}, evening_before),
        Event(2, EventType.LIST_OPENED, {}, evening_before),
    ] + [
        Event(3 + i, EventType.SPEAKER_INSCRIBED, {"delegation": f"D{i}"}, evening_before)
        for i in range(30)
    ]

    result = forecast.forecast(
        fold(events), PROGRAMME, evening_before, meeting_date=date(2013, 9, 11), tz=new_york, seed=7
    )

    first, last = result.entries[0], result.entries[-1]
    assert first.expected_start == datetime(2013, 9, 11, 10, 30, tzinfo=new_york)
    # Past the morning's hour of floor, the afternoon's planned start: after the lunch break.
    assert last.expected_start >= datetime(2013, 9, 11, 15, 0, tzinfo=new_york)
