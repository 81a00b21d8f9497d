"""The delegates' forecast: N waiting speakers x S simulations, timed without a database.

    .venv/bin/python bench/forecast.py --speakers 200 --simulations 10000 --repeat 20

Builds a floor (pure Python) with a programme of two floor segments and a break, N waiting
speakers of mixed kinds and 30 finished speeches to learn from, then times `forecast()` (draws,
cumulative sums, percentiles, chance of being heard, clock mapping).
"""

import argparse
import statistics
import sys
import time as clock
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from hemicycle.floor import Event, EventType, fold, forecast

T0 = datetime(2013, 9, 11, 14, 30, tzinfo=UTC)
SEGMENTS = [
    {"key": "morning", "kind": "dialogue", "title": "Morning"},
    {"key": "lunch", "kind": "break", "title": "Break"},
    {"key": "afternoon", "kind": "dialogue", "title": "Afternoon"},
]
PROGRAMME = [
    forecast.PlannedSlot("morning", True, time(10, 30), time(13, 0)),
    forecast.PlannedSlot("lunch", False, time(13, 0), time(15, 0)),
    forecast.PlannedSlot("afternoon", True, time(15, 0), time(18, 0)),
]


def floor_with(speakers: int, finished: int = 30):
    events = [
        Event(1, EventType.MEETING_CONFIGURED, {"segments": SEGMENTS}, T0),
        Event(2, EventType.LIST_OPENED, {}, T0),
        Event(3, EventType.SEGMENT_STARTED, {"segment": "morning"}, T0),
    ]
    at = T0
    kinds = ["statement", "statement", "question", "statement", "reply"]
    for i in range(speakers + finished):
        events.append(
            Event(
                len(events) + 1,
                EventType.SPEAKER_INSCRIBED,
                {"delegation": f"D{i:03}", "kind": kinds[i % len(kinds)], "level": "other"},
                at,
            )
        )
    for i in range(finished):
        at += timedelta(seconds=20)
        events.append(
            Event(len(events) + 1, EventType.SPEECH_STARTED, {"entry": 4 + i, "limit_s": 180}, at)
        )
        at += timedelta(seconds=150 + (i % 7) * 10)
        events.append(Event(len(events) + 1, EventType.SPEECH_ENDED, {}, at))
    return fold(events), at


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--speakers", type=int, default=200)
    parser.add_argument("--simulations", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    state, now = floor_with(args.speakers)
    assert len(state.waiting()) == args.speakers
    tz = datetime.now(UTC).tzinfo
    times = []
    for i in range(args.repeat + 2):
        started = clock.perf_counter()
        forecast.forecast(
            state,
            PROGRAMME,
            now,
            meeting_date=date(2013, 9, 11),
            tz=tz,
            simulations=args.simulations,
            seed=i,
        )
        times.append((clock.perf_counter() - started) * 1000)
    times = sorted(times[2:])  # the first calls warm numpy up
    print(
        f"{args.speakers} speakers x {args.simulations} simulations: "
        f"median {statistics.median(times):.1f} ms, min {times[0]:.1f} ms, "
        f"max {times[-1]:.1f} ms ({args.repeat} runs)"
    )


if __name__ == "__main__":
    main()
