"""How long `hemicycle export`, `import` and `verify` take for a long day's log, on SQLite.

    .venv/bin/python bench/archive.py [--speakers 1000]

In a temporary data directory: migrates, stores the log of bench/fold.py (N inscriptions, every
speaker given the floor, paused and resumed) with its hash chain as one meeting, then times the
export (to JSON bytes), the import (read, check the chain, write under another name) and verify.
"""

import argparse
import os
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--speakers", type=int, default=1000)
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="hemicycle-bench-archive-")
    try:
        run(data, args.speakers)
    finally:
        shutil.rmtree(data)


def run(data: str, speakers: int) -> None:
    os.environ.update(HEMICYCLE_DATA_DIR=data, HEMICYCLE_DATABASE_URL="")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hemicycle.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from fold import build_log

    from hemicycle.backup import export, restore, verify
    from hemicycle.delegations.models import Category, Delegation
    from hemicycle.floor.chain import GENESIS, event_hash
    from hemicycle.meetings.models import Meeting
    from hemicycle.proceedings.models import FloorEvent

    call_command("migrate", verbosity=0)
    log = build_log(speakers)
    Delegation.objects.bulk_create(
        Delegation(code=f"D{i}", name=f"Delegation {i}", category=Category.MEMBER_STATE)
        for i in range(speakers)
    )
    meeting = Meeting.objects.create(slug="day", title="A long day", date=date(2013, 9, 11))
    rows, prev = [], GENESIS
    for e in log:
        digest = event_hash(prev, e.seq, e.type, e.payload, e.at, e.actor, e.command)
        rows.append(
            FloorEvent(
                meeting=meeting,
                seq=e.seq,
                type=e.type,
                payload=dict(e.payload),
                at=e.at,
                actor=e.actor,
                command=e.command,
                prev_hash=prev,
                hash=digest,
            )
        )
        prev = digest
    FloorEvent.objects.bulk_create(rows, batch_size=1000)

    path = Path(data) / "day.json"
    started = time.perf_counter()
    path.write_bytes(export.write(export.export(meeting)))
    exported = time.perf_counter() - started
    started = time.perf_counter()
    restore.restore(restore.read(str(path)), slug="copy")
    imported = time.perf_counter() - started
    started = time.perf_counter()
    report = verify.verify(Meeting.objects.get(slug="copy"))
    verified = time.perf_counter() - started
    assert not report.problems, report.problems
    count = report.count

    size = path.stat().st_size / 1e6
    print(f"log: {count} events, {speakers} speakers; export {size:.1f} MB")
    print(f"export  {exported * 1000:8.0f} ms")
    print(f"import  {imported * 1000:8.0f} ms  (read, check the chain, write)")
    print(f"verify  {verified * 1000:8.0f} ms")


if __name__ == "__main__":
    main()
