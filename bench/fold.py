"""How fast the floor folds its log and decides a command, in pure Python (no database).

    .venv/bin/python bench/fold.py [--speakers 1000] [--repeat 20]

Builds a log like a long day's: the configuration, the list opened, N inscriptions, then every
speaker given the floor, paused once and resumed; prints the time to fold the whole log from
scratch, to apply one more command incrementally, and to decide `next`.
"""

import argparse
import statistics
import time
from datetime import UTC, datetime, timedelta

from hemicycle import floor
from hemicycle.floor.commands import Request
from hemicycle.floor.events import Event, EventType, NewEvent
from hemicycle.floor.precedence import LEVELS

SEGMENTS = [
    {
        "key": "panel",
        "kind": "panel",
        "title": "Panel",
        "speakers": [{"name": "A", "role": "panellist"}],
    },
    {"key": "afternoon", "kind": "dialogue", "title": "Afternoon"},
]


def build_log(speakers: int) -> list[Event]:
    log: list[Event] = []
    state = floor.FloorState()
    clock = datetime(2013, 9, 11, 14, tzinfo=UTC)

    def run(new: list[NewEvent]) -> None:
        nonlocal state, clock
        clock += timedelta(seconds=7)
        stamped = [
            Event(state.seq + 1 + i, e.type, e.payload, e.at or clock, "bench", state.seq + 1)
            for i, e in enumerate(new)
        ]
        log.extend(stamped)
        state = floor.fold(stamped, state)

    run([NewEvent(EventType.MEETING_CONFIGURED, {"segments": SEGMENTS})])
    run(floor.decide(state, "open_list", clock))
    for i in range(speakers):
        request = Request(
            delegation=f"D{i}",
            delegation_name=f"Delegation {i}",
            level=LEVELS[i % len(LEVELS)],
            segment=SEGMENTS[i % 2]["key"],
        )
        run(floor.inscribe(state, request))
    run(floor.decide(state, "start_segment", clock, segment="panel"))
    for _ in range(speakers):
        run(floor.decide(state, "next", clock))
        run(floor.decide(state, "pause", clock))
        run(floor.decide(state, "resume", clock))
    return log


def timed(fn, repeat: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), max(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--speakers", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    log = build_log(args.speakers)
    half = floor.fold(log[: len(log) // 2])
    inscribed = floor.fold(log[: 2 + args.speakers + 1])
    rows = [
        ("fold the whole log", lambda: floor.fold(log)),
        (
            "decide `next` with all speakers waiting",
            lambda: floor.decide(inscribed, "next", datetime.now(UTC)),
        ),
        (
            "apply one event to a half-day state",
            lambda: floor.fold(log[len(log) // 2 : len(log) // 2 + 1], half),
        ),
    ]
    print(f"log: {len(log)} events, {args.speakers} speakers")
    for name, fn in rows:
        median, worst = timed(fn, args.repeat)
        print(f"{name:45s} median {median:8.2f} ms   max {worst:8.2f} ms")


if __name__ == "__main__":
    main()
