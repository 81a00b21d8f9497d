"""Write the golden logs of tests/golden/ that do not exist yet (run by hand, when a change of the
event format brings a new log; an existing one is never written again):

    python tests/golden/make.py

- `demo-day.json`: the demo's meeting (the seed's dialogue, demo/r2p-2013.json) as `make demo` loads
  it, then run to the end by the store, as the chair would: every segment in turn, every speaker,
  panel rounds every six speakers, thirty speakers from the list in the morning and the others
  carried to the afternoon.
- `every-type.json`: a short meeting whose log holds every type of event of December 2026.
- `declarations.json`: declared levels and groups waiting for the secretariat, then confirmed
  (`declaration_confirmed`), and a confirmed level changed back to pending by a focal point.

Each file holds the log (every event with its hash) and what it must fold to: the list, the record
and the head. tests/golden/test_golden.py folds the log with today's code and compares. Never
regenerate a golden log to make that test pass: a difference means today's code would rewrite a
past meeting (floor/events.py).
"""

import json
import os
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1] / "src"), str(HERE.parents[1])]


def demo_day() -> dict[str, Any]:
    os.environ["HEMICYCLE_DATA_DIR"] = tempfile.mkdtemp(prefix="hemicycle-golden-")
    os.environ.pop("HEMICYCLE_DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hemicycle.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from hemicycle import floor
    from hemicycle.accounts.roles import CHAIR, reference
    from hemicycle.demo import loader
    from hemicycle.proceedings import store
    from hemicycle.proceedings.models import FloorEvent

    call_command("migrate", verbosity=0)
    meeting = loader.load(reset=True)
    chair = reference(CHAIR, account=2)
    clock = datetime(2013, 9, 11, 14, 0, tzinfo=UTC)  # 10:00 in New York

    def do(action: str, **arguments: Any) -> None:
        store.execute(
            meeting,
            lambda state, now: floor.decide(state, action, now, **arguments),
            actor=chair,
            now=clock,
        )

    durations = [142, 181, 95, 203, 160, 177, 121, 188, 236, 150]
    heard = 0
    for plan in store.state_of(meeting).config.segments:
        do("start_segment", segment=plan.key)
        if plan.key == "panel":
            do("panel_every", every=6)
        from_list = 0
        while True:
            state = store.state_of(meeting)
            more = state.invited or state.panel_due or (plan.takes_floor and state.order)
            if plan.key == "panel" and from_list >= 30 and not state.invited:
                more = False  # the morning ends; the rest are carried to the afternoon
            if not more:
                if state.speech is not None:
                    do("end")
                break
            do("next")
            speech = store.state_of(meeting).speech
            if speech is not None and speech.entry is not None:
                from_list += 1
            clock += timedelta(seconds=durations[heard % len(durations)])
            heard += 1
        do("end_segment")
        clock += timedelta(minutes=2)
    rows = FloorEvent.objects.filter(meeting=meeting).order_by("seq")
    return golden(
        "The demo's meeting (demo/r2p-2013.json) as `make demo` loads it, run to the end.",
        [row_json(r) for r in rows],
    )


def every_type() -> dict[str, Any]:
    from hemicycle.floor import EventType
    from hemicycle.floor.commands import set_window
    from tests.floor.support import DEBATE, PANEL, Floor

    f = Floor()
    f.configure(segments=[PANEL, DEBATE], open_list=False, overrun="soft")
    opens = f.now + timedelta(minutes=5)
    f.append(set_window(f.state, f.now, opens_at=opens, closes_at=None), actor="secretariat#1")
    f.wait(301).settle()  # the window opens the list
    france = f.inscribe("France", delegation="FRA", level="minister", segment="panel")
    ghana = f.inscribe("Ghana", delegation="GHA", segment="panel")
    peru = f.inscribe("Peru", delegation="PER", segment="panel")
    chile = f.inscribe("Chile", delegation="CHL", segment="debate")
    f.inscribe("Syria", delegation="SYR", kind="reply")
    f.do("update", entry=ghana, changes={"level": "head_of_state"})
    f.do("withdraw", entry=chile)
    f.do("move", entry=peru, position=1, reason="Asked to speak before leaving")
    f.do("insert", request=_request("Kenya", "KEN"), position=2, reason="Speaker from the floor")
    f.do("close_list")
    f.do("start_segment", segment="panel")
    f.do("panel_every", every=2)
    f.do("next")
    f.wait(60).do("pause")
    f.wait(20).do("resume")
    f.do("add_time", seconds=30)
    f.wait(10).do("point_of_order", delegation="GHA", delegation_name="Ghana")
    f.wait(45).do("end")
    f.wait(100).do("next")
    f.wait(150).do("next")
    f.wait(400).do("next")
    f.do("undo")
    f.wait(5).do("end_segment")
    f.do("open_list")
    f.do("start_segment", segment="debate")
    f.do("next")
    f.wait(170).do("end")
    assert france in f.state.entries
    types = {e.type for e in f.events}
    missing = set(EventType) - types
    assert not missing, f"the log lacks {sorted(missing)}"
    return golden(
        "A short meeting whose log holds every type of event.",
        [
            {
                "seq": e.seq,
                "type": e.type,
                "payload": e.payload,
                "at": e.at.isoformat(),
                "actor": e.actor,
                "command": e.command,
                "prev_hash": e.prev_hash,
                "hash": e.hash,
            }
            for e in f.events
        ],
    )


def declarations() -> dict[str, Any]:
    from hemicycle.floor.commands import Request, confirm, inscribe, update
    from tests.floor.support import DEBATE, Floor

    f = Floor()
    f.configure(segments=[DEBATE])

    def ask(name: str, code: str, **fields: Any) -> int:
        request = Request(
            delegation=code, delegation_name=name, speaker=f"Speaker of {name}", **fields
        )
        made = inscribe(f.state, request, now=f.now, confirmed=False)
        return f.append(made, actor=f"focal_point:{code}#{len(f.events)}")[0].seq

    ask("Ghana", "GHA")
    ireland = ask("Ireland", "IRL", level="minister")
    union = ask(
        "European Union",
        "EU",
        category="observer_org",
        on_behalf_of="European Union",
        group_members=["AUT", "BEL", "BGR"],
    )
    india = ask("India", "IND", level="head_of_government")
    f.wait(60).append(confirm(f.state, f.now, entry=ireland), actor="secretariat#1")
    f.append(confirm(f.state, f.now, entry=union), actor="secretariat#1")
    lower = update(f.state, f.now, entry=india, changes={"level": "minister"}, confirmed=False)
    f.append(lower, actor="focal_point:IND#9")
    f.do("start_segment", segment="debate")
    f.do("next")
    return golden(
        "Declared levels and groups: placed as ordinary requests until confirmed.",
        [
            {
                "seq": e.seq,
                "type": e.type,
                "payload": e.payload,
                "at": e.at.isoformat(),
                "actor": e.actor,
                "command": e.command,
                "prev_hash": e.prev_hash,
                "hash": e.hash,
            }
            for e in f.events
        ],
    )


def _request(name: str, code: str) -> Any:
    from hemicycle.floor.commands import Request

    return Request(delegation=code, delegation_name=name, speaker="Speaker from the floor")


def row_json(row: Any) -> dict[str, Any]:
    return {
        "seq": row.seq,
        "type": row.type,
        "payload": row.payload,
        "at": row.at.astimezone(UTC).isoformat(),
        "actor": row.actor,
        "command": row.command,
        "prev_hash": row.prev_hash,
        "hash": row.hash,
    }


def golden(about: str, events: list[dict[str, Any]]) -> dict[str, Any]:
    from tests.golden.expect import expected

    return {"about": about, "events": events, "expect": expected(events)}


MAKERS = {
    "every-type.json": every_type,
    "demo-day.json": demo_day,
    "declarations.json": declarations,
}


def main() -> None:
    for name, make in MAKERS.items():
        if (HERE / name).exists():
            continue
        made = make()
        (HERE / name).write_text(json.dumps(made, indent=1, ensure_ascii=False) + "\n")
        print(f"{name}: {len(made['events'])} events, head {made['expect']['head']}")


if __name__ == "__main__":
    main()
