"""How long a search over the statements as delivered takes, with 10,000 statements in the index.

    .venv/bin/python bench/search.py [--statements 10000] [--database-url postgresql://…/bench]

In a temporary data directory (SQLite, or the PostgreSQL database given, which it empties): 100
meetings, each with its share of statements of about 400 words (~2,600 characters) drawn from a
vocabulary of the R2P debates and 3,000 filler words, all delivered, one in ten not for
publication. The meetings are marked as synced (the steady state: a meeting is synced again only
after its floor or its statements change). Then each query is timed as the public asks it through
`outcome.search.search` (one page of 20 and the count of all), median and p95 of --repeat runs,
wall time and the process's CPU time (on a shared machine the wall time includes waiting for a core).
"""

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

TERMS = [
    "prevention",
    "atrocity",
    "genocide",
    "early",
    "warning",
    "sovereignty",
    "responsibility",
    "protect",
    "populations",
    "accountability",
    "mediation",
    "regional",
    "organisations",
    "civil",
    "society",
    "focal",
    "point",
    "national",
    "mechanism",
    "incitement",
    "hate",
    "speech",
    "risk",
    "assessment",
    "resilience",
    "capacity",
]
QUERIES = [
    ("one common word", "prevention", {}),
    ("one rare word", "zqxbenchrare", {}),
    ("two words", "early warning", {}),
    ("three words, one meeting", "national mechanism resilience", {"meeting": "m-7"}),
    ("a word, a regional group", "sovereignty", {"regional_group": "AFRICAN"}),
    (
        "a word, group statements, English",
        "accountability",
        {"group_statement": True, "language": "en"},
    ),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--statements", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="hemicycle-bench-search-")
    try:
        run(data, args)
    finally:
        shutil.rmtree(data)


def text(rng: random.Random, filler: list[str]) -> str:
    words = [rng.choice(TERMS) if rng.random() < 0.08 else rng.choice(filler) for _ in range(400)]
    if rng.random() < 0.001:
        words.append("zqxbenchrare")
    return " ".join(words).capitalize() + "."


def run(data: str, args: argparse.Namespace) -> None:
    os.environ.update(HEMICYCLE_DATA_DIR=data, HEMICYCLE_DATABASE_URL=args.database_url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hemicycle.settings")
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from hemicycle.delegations.models import Delegation
    from hemicycle.inscription.models import Statement
    from hemicycle.meetings.models import Meeting
    from hemicycle.outcome import publication, search
    from hemicycle.outcome.models import Publication

    call_command("migrate", verbosity=0)
    Meeting.objects.all().delete()
    rng = random.Random(2013)
    filler = [
        "".join(rng.choice("abcdefghijklmnoprstuvy") for _ in range(rng.randint(3, 10)))
        for _ in range(3000)
    ]
    states = list(
        Delegation.objects.filter(category="member_state").values_list("code", "regional_group")
    )
    per_meeting = args.statements // 100
    started = time.perf_counter()
    now = timezone.now()
    for m in range(100):
        meeting = Meeting.objects.create(
            slug=f"m-{m}", title=f"Meeting {m}", date=date(2013, 9, 11)
        )
        files = Statement.objects.bulk_create(
            Statement(
                meeting=meeting,
                entry=i + 1,
                delegation=states[i % len(states)][0],
                filename="s.docx",
                kind="docx",
                size=1,
                sha256=f"{m:04d}{i:060d}",
                uploaded_by="bench",
                language=rng.choice(["en", "en", "en", "fr", "es", "ar"]),
                publish=rng.random() > 0.1,
            )
            for i in range(per_meeting)
        )
        Publication.objects.bulk_create(
            Publication(
                statement=s,
                meeting=meeting,
                entry=s.entry,
                delegation=s.delegation,
                delegation_name=s.delegation,
                category="member_state",
                regional_group=states[(s.entry - 1) % len(states)][1],
                on_behalf_of="A group" if rng.random() < 0.1 else "",
                language=s.language,
                text=text(rng, filler),
                text_of=s.sha256,
                delivered_at=now - timedelta(minutes=s.entry),
                speech_number=s.entry,
            )
            for s in files
        )
    publication._synced.update(publication._key_of())  # the steady state: every meeting synced
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE outcome_publication")
    print(
        f"{Publication.objects.count()} statements on {connection.vendor}, loaded in {time.perf_counter() - started:.1f} s"
    )
    public = AnonymousUser()
    for name, query, filters in QUERIES:
        times, cpu = [], []
        for _ in range(args.repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            total, _hits = search.search(public, query, search.Filters(**filters))
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        print(
            f"{name:40s} {total:6d} found  median {statistics.median(times):6.1f} ms"
            f"  p95 {p95:6.1f} ms  CPU median {statistics.median(cpu):6.1f} ms"
        )


if __name__ == "__main__":
    main()
