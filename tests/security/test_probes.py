"""The security review's probes (shared/reviews/security-scripts), as tests on the demo meeting:
the pages' permission matrix, CSRF on session writes, the open-redirect and stored-XSS payloads,
and bad input on the API. They run everywhere, CI included (no service needed)."""

import json

import pytest
from django.test import Client

from hemicycle.demo import loader
from tests.inscription.conftest import signed_in

M = "/meetings/r2p-2013"
S = "/api/v1/meetings/r2p-2013"
XSS = "\"><img src=x onerror=alert(1)><script>alert(2)</script><svg/onload=alert(3)>{{7*7}}'"


@pytest.fixture
def demo(db):
    loader.load()
    from django.contrib.auth.models import User

    return {u.username: u for u in User.objects.filter(username__in=loader.ACCOUNTS)}


# -- the pages' permission matrix (pagematrix.py) --------------------------------------------------

SECRETARIAT_ONLY = [
    ("get", "/accounts/focal-points/", None),
    ("post", M + "/inscription/", {"action": "window", "opens": "2013-08-19T09:00"}),
    ("get", M + "/civil-society/", None),
    ("post", M + "/civil-society/", {"application": "1", "decision": "decline"}),
    ("get", "/manage/r2p-2013/", None),
    ("get", "/manage/r2p-2013/documents/", None),
    ("get", "/manage/r2p-2013/letters/", None),
    ("post", "/manage/r2p-2013/announcements/", {"title": "x", "body": "y"}),
]


@pytest.mark.parametrize(("method", "path", "data"), SECRETARIAT_ONLY)
@pytest.mark.parametrize("who", ["anonymous", "delegate", "chair"])
def test_the_secretariats_pages_refuse_everyone_else(demo, who, method, path, data):
    client = Client() if who == "anonymous" else signed_in(demo[who])

    answer = getattr(client, method)(path, data) if data else getattr(client, method)(path)

    if who == "anonymous":
        assert answer.status_code == 302
        assert answer["Location"].startswith("/accounts/login/")
    else:
        assert answer.status_code == 403


@pytest.mark.parametrize("who", ["anonymous", "delegate"])
def test_the_console_and_the_admin_are_not_for_delegates(demo, who):
    client = Client() if who == "anonymous" else signed_in(demo[who])

    console = client.get(M + "/console/")
    admin = client.get("/admin/proceedings/floorevent/")

    assert console.status_code in (302, 403)
    assert (admin.status_code, "/admin/login/" in admin["Location"]) == (302, True)


# -- CSRF on session writes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "variant",
    ["no token", "wrong token", "evil origin", "null origin", "text/plain"],
)
def test_a_session_write_without_the_pages_token_is_refused(demo, variant):
    chair = Client(enforce_csrf_checks=True)
    chair.force_login(demo["chair"])
    chair.get(M + "/console/")  # the page sets the CSRF cookie
    token = chair.cookies["csrftoken"].value
    headers = {
        "no token": {},
        "wrong token": {"X-CSRFToken": "x" * 32},
        "evil origin": {"X-CSRFToken": token, "Origin": "https://evil.example"},
        "null origin": {"X-CSRFToken": token, "Origin": "null"},
        "text/plain": {},
    }[variant]
    content_type = "text/plain" if variant == "text/plain" else "application/json"

    answer = chair.post(
        S + "/floor", json.dumps({"action": "pause"}), content_type=content_type, headers=headers
    )
    allowed = chair.post(
        S + "/floor",
        {"action": "open_list"},
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )

    assert answer.status_code == 403
    assert allowed.status_code in (200, 409)


# -- open redirects ---------------------------------------------------------------------------------

REDIRECTS = [
    "//evil.example/",
    "/\\evil.example/",
    "http:/\\/evil.example/",
    "https://evil.example/",
    "javascript:alert(1)",
    "\t//evil.example/",
    " //evil.example/",
    "/%2F%2Fevil.example/",
    "///evil.example/",
    "http://evil.example\\@127.0.0.1/",
    "\\\\evil.example",
]


def _same_site(location: str) -> bool:
    return location.startswith("/") and not location.startswith(("//", "/\\"))


@pytest.mark.parametrize("target", REDIRECTS)
def test_sign_in_never_sends_you_off_the_site(demo, target):
    answer = Client().post(
        "/accounts/login/", {"username": "delegate", "password": "hemicycle", "next": target}
    )

    assert answer.status_code == 302
    assert _same_site(answer["Location"]), answer["Location"]


@pytest.mark.parametrize("target", REDIRECTS[:4])
def test_the_language_switch_never_sends_you_off_the_site(demo, target):
    answer = Client().post("/i18n/setlang/", {"language": "fr", "next": target})

    assert _same_site(answer["Location"]), answer["Location"]


# -- stored XSS -------------------------------------------------------------------------------------


def test_a_payload_in_every_field_is_never_rendered_as_html(demo):
    from hemicycle.inscription.models import Application
    from hemicycle.meetings.models import Meeting
    from hemicycle.proceedings import store
    from tests.inscription.test_civil_society import APPLICATION

    delegate, chair, secretariat = (
        signed_in(demo[n]) for n in ("delegate", "chair", "secretariat")
    )
    meeting = Meeting.objects.get(slug="r2p-2013")
    own = next(e for e in store.state_of(meeting).waiting() if e.delegation == "SVN")
    delegate.patch(
        f"{S}/speakers/{own.id}", {"speaker": XSS, "title": XSS}, content_type="application/json"
    )
    chair.post(
        S + "/floor",
        {"action": "move", "entry": own.id, "position": 1, "reason": XSS},
        content_type="application/json",
    )
    Client().post(M + "/civil-society/apply/", {**APPLICATION, "remarks": XSS})
    secretariat.post(
        "/manage/r2p-2013/announcements/",
        {"title": XSS, "body": XSS, "published_at": "2013-09-01 10:00"},
    )
    pages = [
        (Client(), M + "/"),
        (Client(), M + "/list/"),
        (Client(), M + "/display/"),
        (Client(), M + "/record/"),
        (Client(), M + "/feed.atom"),
        (chair, M + "/console/"),
        (delegate, M + "/delegates/"),
        (delegate, M + "/inscription/"),
        (secretariat, M + "/inscription/"),
        (secretariat, M + "/civil-society/"),
        (secretariat, "/manage/r2p-2013/announcements/"),
    ]

    rendered = {path: client.get(path).content.decode() for client, path in pages}

    assert Application.objects.filter(remarks=XSS).exists()
    assert XSS in store.state_of(meeting).entries[own.id].speaker
    for path, body in rendered.items():
        assert "<img src=x" not in body, path
        assert "<script>alert" not in body, path
        assert "<svg/onload" not in body, path
    assert "&lt;img src=x" in rendered[M + "/list/"]


# -- bad input on the API ---------------------------------------------------------------------------

BAD_BODIES = [
    b"{",
    b"[1, 2]",
    b"null",
    b'"text"',
    b"[" * 100_000,
    b'{"delegation": "SVN", "speaker": "a\\u0000b"}',
    b'{"delegation": "\\ud800"}',
    b'\xef\xbb\xbf{"delegation": "SVN"}',
    b'{"delegation": 12}',
    b'{"delegation": "SVN", "group_members": "FRA"}',
    b"\xff\xfe",
]


@pytest.mark.parametrize("body", BAD_BODIES)
def test_bad_input_is_a_clean_4xx_naming_what_is_wrong(demo, body):
    from hemicycle.accounts.models import ApiToken

    _token, secret = ApiToken.issue(demo["delegate"], "probe")
    headers = {"Authorization": f"Bearer {secret}"}

    inscribed = Client().post(
        S + "/speakers", body, content_type="application/json", headers=headers
    )
    command = Client().post(S + "/floor", body, content_type="application/json", headers=headers)

    for answer in (inscribed, command):
        assert 400 <= answer.status_code < 500, answer.content[:200]
        assert answer.json()["code"]


@pytest.mark.parametrize(
    "path",
    [
        S + "/events?after=-1",
        S + "/events?after=" + "9" * 30,
        S + "/events?limit=abc",
        "/api/v1/meetings/" + "x" * 5000,
        S + "/speakers/99999999999999999999999",
        S + "/receipts/abc/def",
    ],
)
def test_odd_addresses_are_answered_never_with_a_500(demo, path):
    answer = Client().get(path)

    assert answer.status_code < 500
