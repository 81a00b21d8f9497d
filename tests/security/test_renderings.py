"""M1: the published list's PDF is rendered once per change of the list and kept; twenty readers
at once neither render it twenty times nor keep the chair waiting. The CSVs are kept the same way."""

import statistics
import time
from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.inscription.conftest import statement
from tests.security.test_transport import _chair_commands

SLUG = "r2p-2013"


def _get(served, doc, client=None, **headers):
    sent = time.monotonic()
    answer = (client or httpx).get(
        f"{served.url}/meetings/{SLUG}/{doc}", headers=headers, timeout=60
    )
    return time.monotonic() - sent, answer


def _floor_s(served, client):
    sent = time.monotonic()
    client.get(f"{served.url}/api/v1/meetings/{SLUG}/floor")
    return time.monotonic() - sent


def test_a_kept_pdf_comes_at_once_until_the_list_changes(served):
    _first_s, first = _get(served, "list.pdf")
    with httpx.Client() as reader:
        again = [_get(served, "list.pdf", reader) for _ in range(7)]
        floor_s = statistics.median(_floor_s(served, reader) for _ in range(7))
    _french_s, french = _get(served, "list.pdf", **{"Accept-Language": "fr"})
    added = httpx.post(
        f"{served.url}/api/v1/meetings/{SLUG}/speakers",
        json=statement("KIR"),
        headers=served.token("secretariat"),
    )
    _changed_s, changed = _get(served, "list.pdf")

    assert first.headers["content-type"] == "application/pdf"
    assert first.content.startswith(b"%PDF")
    assert all(a.content == first.content for _s, a in again)
    # Kept: no rendering; 20 ms on a quiet machine, and on a busy one as fast as the floor's JSON.
    kept_s = statistics.median(s for s, _a in again)
    assert kept_s < max(0.02, 2 * floor_s), (kept_s, floor_s)
    assert french.headers["content-language"] == "fr"
    assert french.content != first.content
    assert added.status_code == 201
    assert changed.content != first.content  # Kiribati is on it now


def test_the_csvs_are_kept_and_follow_the_floor(served):
    first = _get(served, "list.csv")[1].content
    record = _get(served, "record.csv")[1].content
    same = _get(served, "list.csv")[1].content
    httpx.post(
        f"{served.url}/api/v1/meetings/{SLUG}/floor",
        json={"action": "next"},
        headers=served.token("chair"),
    )

    assert same == first
    assert _get(served, "list.csv")[1].content != first  # the first waiting speaker left it
    assert _get(served, "record.csv")[1].content != record or b"total" in record


def test_twenty_pdf_readers_at_once_leave_the_chair_unhurried(served):
    alone = statistics.median(_chair_commands(served))
    httpx.post(  # a change, so that the PDF must be rendered again
        f"{served.url}/api/v1/meetings/{SLUG}/speakers",
        json=statement("VUT"),
        headers=served.token("secretariat"),
    )
    with ThreadPoolExecutor(20) as readers:
        pdfs = [readers.submit(_get, served, "list.pdf") for _ in range(20)]
        time.sleep(0.2)
        busy = statistics.median(_chair_commands(served))
        answers = [p.result()[1] for p in pdfs]

    assert {a.status_code for a in answers} == {200}
    assert len({a.content for a in answers}) == 1  # rendered once
    # Under 100 ms on a quiet machine; on a busy one (the rendering takes a core of two), within
    # three times the command alone. Before, each reader rendered it and the chair waited seconds.
    assert busy < max(0.1, 3 * alone), (alone, busy)
