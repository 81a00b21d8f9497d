"""The requests to speak's fast path (server/fastpath.py) answers as Django does.

Against a real served uvicorn process: each input is sent once as the fast path takes it (JSON, a
bearer token, no cookie) and once as only Django takes it (the same request with a header repeated,
which the fast path leaves to Django), and the answers are compared: status, every header but
`Date` and `Server`, and the JSON body (equal, apart from what must differ between two requests:
their seq, time and entry)."""

import json
import time
from pathlib import Path

import httpx
import pytest

from hemicycle.server import fastpath

SETUP = """
import json
from datetime import timedelta
from django.contrib.auth.models import User
from django.utils import timezone
from hemicycle import floor
from hemicycle.accounts.models import ApiToken, FocalPoint
from hemicycle.delegations.models import Delegation
from hemicycle.inscription.window import set_window
from hemicycle.meetings.models import Meeting
from hemicycle.proceedings import store
now = timezone.now()
for slug, opens in (("express", now - timedelta(days=1)), ("express-later", now + timedelta(days=1))):
    meeting = Meeting.objects.create(slug=slug, title="Fast path", date=now.date(),
                                     timezone="America/New_York")
    store.configure(meeting)
    set_window(meeting, opens, None, actor="secretariat")
tokens = {}
for code in ("AUS", "BEL", "CHE", "DNK"):
    user = User.objects.create_user(f"express-{code.lower()}", email=f"{code.lower()}@example.org")
    FocalPoint.objects.create(user=user, delegation=Delegation.objects.get(code=code))
    tokens[code] = ApiToken.issue(user, "express")[1]
revoked, tokens["revoked"] = ApiToken.issue(User.objects.get(username="express-aus"), "old")
revoked.revoked_at = now
revoked.save()
print(json.dumps(tokens))
"""

DJANGO_ONLY = [("X-Route", "django"), ("X-Route", "django")]  # a repeated header: Django's to join


@pytest.fixture(scope="module")
def tokens(served):
    return json.loads(served.hemicycle("shell", "-c", SETUP).splitlines()[-1])


def post(served, slug, token, body=None, *, django=False, content=None, headers=()):
    sent = [
        ("Authorization", f"Bearer {token}"),
        ("Content-Type", "application/json"),
        *headers,
        *(DJANGO_ONLY if django else ()),
    ]
    data = json.dumps(body).encode() if content is None else content
    return httpx.post(
        f"{served.url}/api/v1/meetings/{slug}/speakers", content=data, headers=sent, timeout=30
    )


def both(served, slug, token, body=None, **options):
    """The same request through the fast path and through Django."""
    return (
        post(served, slug, token, body, **options),
        post(served, slug, token, body, django=True, **options),
    )


def answer_headers(answer):
    """Every header of an answer, as sent, but those that differ between two answers by right."""
    return sorted((k, v) for k, v in answer.headers.multi_items() if k not in ("date", "server"))


def same_answer(fast, slow):
    assert fast.status_code == slow.status_code, (fast.text, slow.text)
    assert answer_headers(fast) == answer_headers(slow)
    assert fast.content == slow.content
    return fast.json()


def request(code, **fields):
    return {"delegation": code, "speaker": f"Speaker of {code}", "level": "minister", **fields}


def shape(answer):
    """A 201 answer without what differs from one request to the next."""
    entry = {
        k: v
        for k, v in answer["entry"].items()
        if k not in ("id", "position", "delegation", "delegation_name", "speaker", "received_at")
    }
    return {
        "keys": sorted(answer),
        "entry": entry | {"reasons": [r["code"] for r in entry["reasons"]]},
        "receipt": sorted(answer["receipt"]),
    }


def test_a_request_to_speak_is_answered_alike_and_its_receipt_is_mailed(served, tokens):
    fast = post(served, "express", tokens["AUS"], request("AUS"))
    slow = post(served, "express", tokens["BEL"], request("BEL"), django=True)

    assert fast.status_code == slow.status_code == 201, (fast.text, slow.text)
    assert [h for h in answer_headers(fast) if h[0] != "content-length"] == [
        h for h in answer_headers(slow) if h[0] != "content-length"
    ]
    assert shape(fast.json()) == shape(slow.json())
    body = fast.json()
    assert body["entry"]["delegation"] == "AUS"
    assert body["receipt"]["position"] == body["entry"]["position"] == 1
    assert body["receipt"]["seq"] == body["entry"]["id"] == slow.json()["entry"]["id"] - 1
    assert body["receipt"]["verify_url"].endswith(
        f"/receipts/{body['receipt']['seq']}/{body['receipt']['hash']}/"
    )
    checked = httpx.get(
        f"{served.url}/api/v1/meetings/express/receipts/{body['receipt']['seq']}",
        params={"hash": body["receipt"]["hash"]},
    ).json()
    assert checked["valid"] is True
    outbox = Path(served.env["HEMICYCLE_DATA_DIR"]) / "outbox"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        mails = "".join(p.read_text() for p in outbox.glob("*.log")) if outbox.exists() else ""
        if "aus@example.org" in mails:
            break
        time.sleep(0.2)
    assert "aus@example.org" in mails
    assert body["receipt"]["hash"] in mails


def test_a_second_request_is_refused_alike_with_the_first_ones_position(served, tokens):
    first = post(served, "express", tokens["CHE"], request("CHE")).json()["entry"]

    refused = same_answer(*both(served, "express", tokens["CHE"], request("CHE")))

    assert refused["code"] == "already_inscribed"
    assert f"(request {first['id']}, position {first['position']})" in refused["detail"]


def test_outside_the_window_the_refusal_is_alike_in_the_callers_language(served, tokens):
    english = same_answer(*both(served, "express-later", tokens["DNK"], request("DNK")))
    french = same_answer(
        *both(
            served,
            "express-later",
            tokens["DNK"],
            request("DNK"),
            headers=[("Accept-Language", "fr")],
        )
    )

    assert english["code"] == french["code"] == "window_not_open"
    assert "New York" in english["detail"]


@pytest.mark.parametrize("token", ["revoked", "hc_not-a-token", "two words"])
def test_a_revoked_or_malformed_token_is_refused_alike(served, tokens, token):
    answer = same_answer(*both(served, "express", tokens.get(token, token), request("AUS")))

    assert answer["code"] == "unauthenticated"


def test_an_unknown_delegation_or_meeting_is_refused_alike(served, tokens):
    delegation = same_answer(*both(served, "express", tokens["DNK"], request("XYZ")))
    meeting = same_answer(*both(served, "no-such-meeting", tokens["DNK"], request("DNK")))

    assert delegation["code"] == "unknown_delegation"
    assert meeting["code"] == "not_found"


def test_invalid_fields_and_unreadable_bodies_are_refused_alike(served, tokens):
    fields = same_answer(
        *both(served, "express", tokens["DNK"], {"delegation": "", "speaker": "x" * 201})
    )
    unreadable = same_answer(*both(served, "express", tokens["DNK"], content=b'{"delegation":'))
    wrong_type = same_answer(*both(served, "express", tokens["DNK"], content=b"[1, 2]"))
    empty = same_answer(*both(served, "express", tokens["DNK"], content=b""))
    deep = same_answer(*both(served, "express", tokens["DNK"], content=b"[" * 100_000))

    assert fields["code"] == "invalid"
    assert set(fields["fields"]) == {"delegation", "speaker"}
    assert unreadable["code"] == deep["code"] == "bad_request"
    assert wrong_type["code"] == empty["code"] == "invalid"


def test_an_oversized_body_is_refused_alike(served, tokens):
    big = json.dumps({"delegation": "DNK", "speaker": "x" * 3_000_000}).encode()

    answer = same_answer(*both(served, "express", tokens["DNK"], content=big))

    assert answer["code"] == "too_large"


def scope(headers, method="POST", path="/api/v1/meetings/express/speakers"):
    return {
        "type": "http",
        "method": method,
        "path": path,
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers],
    }


JSON_BEARER = [
    ("Host", "127.0.0.1:8000"),
    ("Content-Type", "application/json"),
    ("Authorization", "Bearer hc_x"),
    ("Content-Length", "20"),
]


@pytest.mark.parametrize(
    ("headers", "method", "path"),
    [
        ([h for h in JSON_BEARER if h[0] != "Authorization"], "POST", None),  # a signed-in page
        ([*JSON_BEARER, ("Cookie", "sessionid=x")], "POST", None),
        ([("Content-Type", "multipart/form-data; boundary=x"), *JSON_BEARER[2:]], "POST", None),
        ([h for h in JSON_BEARER if h[0] != "Content-Length"], "POST", None),  # chunked
        ([*JSON_BEARER, ("X-A", "1"), ("X-A", "2")], "POST", None),
        ([("Host", "evil.example"), *JSON_BEARER[1:]], "POST", None),
        (JSON_BEARER, "PATCH", "/api/v1/meetings/express/speakers/3"),
        (JSON_BEARER, "GET", None),
        (JSON_BEARER, "POST", "/api/v1/meetings/express/speakers/3/statement"),
    ],
)
def test_anything_else_goes_to_django(settings, headers, method, path):
    assert fastpath.eligible(scope(headers, method, path or "/api/v1/meetings/x/speakers")) is None


def test_a_json_request_with_a_bearer_token_takes_the_fast_path():
    view = fastpath.eligible(scope(JSON_BEARER))

    assert view is not None
    assert view.kwargs == {"slug": "express"}
