"""The writer's own work for 1,000 requests to speak, in one process, without a server: the fast
path's calls run through `writer.run_batch` in batches of 64 on this thread, and its CPU time is
measured. Less noisy than the whole burst (bench/inscription_burst.py), so it is what compares two
ways of doing the same thing: here, the answer validated by hand (apikit/validation.py) or by
django-ninja (`HEMICYCLE_FAST_PATH` off for the validator), alternated in one process.

    .venv/bin/python bench/writer.py --rounds 4

It migrates a temporary SQLite database (or the one `HEMICYCLE_DATA_DIR` names), creates 1,000
delegations with a focal point and a token each, and for each round a meeting whose window is open.
E-mail goes to Django's dummy backend.
"""

import argparse
import json
import os
import secrets
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("HEMICYCLE_DATA_DIR", tempfile.mkdtemp(prefix="hemicycle-writer-bench-"))
os.environ.setdefault("HEMICYCLE_EMAIL_BACKEND", "django.core.mail.backends.dummy.EmailBackend")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hemicycle.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from hemicycle.accounts.models import TOKEN_PREFIX, ApiToken, FocalPoint, digest  # noqa: E402
from hemicycle.delegations.models import Category, Delegation  # noqa: E402
from hemicycle.inscription.window import set_window  # noqa: E402
from hemicycle.meetings.models import Meeting  # noqa: E402
from hemicycle.proceedings import store, writer  # noqa: E402
from hemicycle.server import fastpath  # noqa: E402

N = 1000
BATCH = 64


def delegations() -> dict[str, str]:
    """N delegations, each with a focal point and a token: code -> token's secret."""
    codes = [f"W{i:04d}" for i in range(1, N + 1)]
    Delegation.objects.bulk_create(
        [Delegation(code=c, name=f"Delegation {c}", category=Category.MEMBER_STATE) for c in codes]
    )
    User.objects.bulk_create([User(username=f"fp-{c}", password="!") for c in codes])
    by_code = {d.code: d for d in Delegation.objects.filter(code__in=codes)}
    users = list(User.objects.filter(username__startswith="fp-W"))
    FocalPoint.objects.bulk_create(
        [FocalPoint(user=u, delegation=by_code[u.username[3:]]) for u in users]
    )
    secrets_of = {u.username[3:]: TOKEN_PREFIX + secrets.token_urlsafe(32) for u in users}
    ApiToken.objects.bulk_create(
        [
            ApiToken(user=u, name="bench", prefix="b", digest=digest(secrets_of[u.username[3:]]))
            for u in users
        ]
    )
    return secrets_of


def calls(slug: str, tokens: dict[str, str]) -> list[fastpath.Call]:
    found = []
    for code, secret in tokens.items():
        body = json.dumps({"delegation": code, "speaker": f"Speaker {code}"}).encode()
        scope = {
            "type": "http",
            "method": "POST",
            "path": f"/api/v1/meetings/{slug}/speakers",
            "query_string": b"",
            "headers": [
                (b"host", b"127.0.0.1:8000"),
                (b"content-type", b"application/json"),
                (b"authorization", f"Bearer {secret}".encode()),
                (b"content-length", str(len(body)).encode()),
            ],
        }
        view = fastpath.eligible(scope)
        assert view is not None
        found.append(fastpath.Call(scope, body, view))
    return found


def one_round(slug: str, tokens: dict[str, str]) -> float:
    meeting = Meeting.objects.create(
        slug=slug, title="Writer", date=date(2027, 9, 11), timezone="America/New_York"
    )
    store.configure(meeting)
    set_window(meeting, timezone.now() - timedelta(seconds=1), None, actor="secretariat")
    pending = calls(slug, tokens)
    started = time.thread_time()
    accepted = 0
    for i in range(0, N, BATCH):
        results = writer.run_batch([(call, None) for call in pending[i : i + BATCH]])
        accepted += sum(1 for _done, answer, error in results if error is None)
    spent = time.thread_time() - started
    assert accepted == N, accepted
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=4, help="rounds of each variant")
    rounds = parser.parse_args().rounds
    call_command("migrate", verbosity=0)
    tokens = delegations()
    one_round("warm", tokens)
    spent: dict[bool, list[float]] = {True: [], False: []}
    for i in range(rounds * 2):
        by_hand = i % 4 in (0, 3)  # on, off, off, on, …
        settings.HEMICYCLE_FAST_PATH = by_hand
        spent[by_hand].append(one_round(f"w{i}", tokens))
    on, off = statistics.median(spent[True]), statistics.median(spent[False])
    print(f"{N} requests to speak, batches of {BATCH}, writer's CPU (median of {rounds}):")
    print(f"  answer validated by hand:  {on * 1000:7.0f} ms")
    print(f"  answer validated by ninja: {off * 1000:7.0f} ms  ({off / on:.3f}x)")


if __name__ == "__main__":
    main()
