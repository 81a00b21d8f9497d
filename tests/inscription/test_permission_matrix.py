"""Every role against every write, through the API and the pages; the successes of each write are
exactly the roles that `accounts.roles.MATRIX` grants it, and a refused write records nothing."""

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from hemicycle.accounts import roles
from hemicycle.inscription.models import Application
from hemicycle.proceedings.models import FloorEvent
from tests.inscription.conftest import statement
from tests.inscription.documents import pdf

USERS = {
    roles.ANONYMOUS: None,
    roles.PUBLIC: "outsider",
    roles.FOCAL_POINT: "delegate",
    roles.MISSION_ADMIN: "svn-admin",  # administers Slovenia's focal points
    roles.CIVIL_SOCIETY: "ngo",
    roles.CHAIR: "chair",  # presides over the meeting written to
    roles.SECRETARY: "secretary",  # a secretary of the meeting written to
    roles.CHAIR_ELSEWHERE: "chair-elsewhere",  # presides over another meeting only
    roles.SECRETARIAT: "secretariat",
}
OWN = {"ngo": "GCR2P"}  # everyone else's "own" delegation is the demo focal point's, Slovenia
CSV = "delegation,name,email\nFRA,Marie Curie,marie@example.org\n"


def api(who: str | None, tokens: Callable[[str], dict[str, str]]) -> Client:
    return Client(headers=tokens(who) if who else {})


def page(who: str | None, accounts: dict[str, Any]) -> Client:
    client = Client()
    if who:
        client.force_login(accounts[who])
    return client


def json(client: Client, method: str, path: str, body: dict[str, Any]) -> Any:
    return getattr(client, method)(path, body, content_type="application/json")


SPEAKERS = "/api/v1/meetings/dialogue/speakers"


def withdraw_first(entry: int) -> None:
    """Before a delegation inscribes again, its earlier request is withdrawn."""
    from django.contrib.auth.models import User

    from hemicycle.inscription import requests
    from hemicycle.meetings.models import Meeting

    meeting = Meeting.objects.get(slug="dialogue")
    requests.withdraw(meeting, User.objects.get(username="secretariat"), entry)


WRITES: dict[str, Callable[..., Any]] = {
    "inscribe own delegation": lambda c, who, entry, ctx: json(
        c, "post", SPEAKERS, statement(OWN.get(who or "", "SVN"))
    ),
    "inscribe any delegation": lambda c, who, entry, ctx: json(
        c, "post", SPEAKERS, statement("FRA")
    ),
    "update or withdraw own request": lambda c, who, entry, ctx: json(
        c, "patch", f"{SPEAKERS}/{entry}", {"level": "minister"}
    ),
    "upload statement": lambda c, who, entry, ctx: c.post(
        f"{SPEAKERS}/{entry}/statement", {"file": SimpleUploadedFile("s.pdf", pdf())}
    ),
    "read statement": lambda c, who, entry, ctx: c.get(f"{SPEAKERS}/{entry}/statement"),
    "run the floor, move, close the list": lambda c, who, entry, ctx: json(
        c, "post", "/api/v1/meetings/dialogue/floor", {"action": "close_list"}
    ),
    # Each of the set-up's operations, for each role: tests/inscription/test_setup_permissions.py
    "set up meetings (programme, documents, announcements)": lambda c, who, entry, ctx: json(
        c, "post", "/api/v1/meetings/dialogue/announcements", {"title": "T", "body": "B"}
    ),
    "invite focal points": lambda c, who, entry, ctx: json(
        c, "post", "/api/v1/focal-points", {"delegation": "FRA", "email": "n@example.org"}
    ),
    "invite or revoke own delegation's focal points": lambda c, who, entry, ctx: c.delete(
        f"/api/v1/focal-points/{ctx['point']}"
    ),
    "import focal points from CSV": lambda c, who, entry, ctx: json(
        c, "post", "/api/v1/focal-points/import", {"csv": CSV}
    ),
    "name a mission administrator": lambda c, who, entry, ctx: json(
        c, "patch", f"/api/v1/focal-points/{ctx['point']}", {"administers": True}
    ),
    "assign or revoke a meeting's officers": lambda c, who, entry, ctx: json(
        c,
        "post",
        "/api/v1/meetings/dialogue/staff",
        {"email": "vp@example.org", "office": "presiding"},
    ),
    "appoint or revoke the secretariat": lambda c, who, entry, ctx: json(
        c, "post", "/api/v1/secretariat", {"email": "officer@example.org", "name": "O"}
    ),
}
PAGES: dict[str, Callable[..., Any]] = {
    "set the inscription window": lambda c, who, entry, ctx: c.post(
        "/meetings/dialogue/inscription/", {"action": "window", "opens": "2027-01-01T10:00"}
    ),
    "select civil society": lambda c, who, entry, ctx: c.post(
        "/meetings/dialogue/civil-society/", {"application": ctx["app"], "decision": "select"}
    ),
    "invite focal points": lambda c, who, entry, ctx: c.post(
        "/accounts/focal-points/", {"delegation": "FRA", "name": "N", "email": "n@example.org"}
    ),
    "invite or revoke own delegation's focal points": lambda c, who, entry, ctx: c.post(
        "/accounts/focal-points/", {"action": "revoke", "focal_point": ctx["point"]}
    ),
    "import focal points from CSV": lambda c, who, entry, ctx: c.post(
        "/accounts/focal-points/import/", {"action": "import", "csv": CSV}
    ),
    "name a mission administrator": lambda c, who, entry, ctx: c.post(
        "/accounts/focal-points/",
        {"action": "administrator", "focal_point": ctx["point"], "administers": "1"},
    ),
    "assign or revoke a meeting's officers": lambda c, who, entry, ctx: c.post(
        "/manage/dialogue/staff/",
        {"action": "appoint", "name": "V", "email": "vp@example.org", "office": "presiding"},
    ),
    "appoint or revoke the secretariat": lambda c, who, entry, ctx: c.post(
        "/manage/staff/", {"action": "appoint", "name": "O", "email": "officer@example.org"}
    ),
    "read the audit trail": lambda c, who, entry, ctx: c.get("/manage/audit/?meeting=dialogue"),
    "apply as civil society": lambda c, who, entry, ctx: c.post(
        "/meetings/dialogue/civil-society/apply/",
        {
            "organisation": "Oxfam",
            "ecosoc_status": "general",
            "contact_name": "A",
            "contact_email": "a@example.org",
            "remarks": "Words.",
        },
    ),
    "own API tokens": lambda c, who, entry, ctx: c.post("/accounts/me/", {"name": "laptop"}),
    "withhold a statement, tag themes, edit the summary": lambda c, who, entry, ctx: c.post(
        "/meetings/dialogue/statements/", {"entry": entry, "action": "withhold", "reason": "r"}
    ),
    "withdraw, correct or move any request": lambda c, who, entry, ctx: c.post(
        "/manage/dialogue/requests/", {"action": "withdraw", "entry": entry}
    ),
}
SUCCESS = {200, 201, 204, 302}


def staffed(accounts: dict[str, Any], meeting: Any) -> None:
    """The other people of the matrix: a secretary of the meeting, the chair of another meeting,
    Slovenia's mission administrator."""
    from django.contrib.auth.models import User

    from hemicycle.accounts.models import FocalPoint, Office, Officer
    from hemicycle.delegations.models import Delegation

    elsewhere = make_other_meeting()
    for username, office, where in (
        ("secretary", Office.SECRETARY, meeting),
        ("chair-elsewhere", Office.PRESIDING, elsewhere),
    ):
        accounts[username] = User.objects.create_user(username, password="hemicycle")
        Officer.objects.create(meeting=where, user=accounts[username], office=office)
    accounts["svn-admin"] = User.objects.create_user("svn-admin", password="hemicycle")
    FocalPoint.objects.create(
        user=accounts["svn-admin"], delegation=Delegation.objects.get(code="SVN"), administers=True
    )


def make_other_meeting() -> Any:
    from datetime import date

    from hemicycle.meetings.models import Meeting

    return Meeting.objects.create(slug="other", title="Another meeting", date=date(2013, 9, 12))


def recorded() -> tuple[int, ...]:
    """What a refused write must leave as it was: the log, and who holds which role."""
    from django.contrib.auth.models import User

    from hemicycle.accounts.models import FocalPoint, Officer

    return (
        FloorEvent.objects.count(),
        User.objects.count(),
        User.groups.through.objects.count(),
        FocalPoint.objects.count(),
        FocalPoint.objects.filter(administers=True).count(),
        Officer.objects.count(),
    )


@pytest.fixture
def scene(make_meeting, api_as, accounts, civil_society, settings, tmp_path):
    from hemicycle.accounts.models import FocalPoint

    settings.DATA_DIR = tmp_path
    staffed(accounts, make_meeting())
    secretariat = api_as("secretariat")
    entries = {}
    for code in ("SVN", "GCR2P"):
        entries[code] = secretariat.post("/meetings/dialogue/speakers", statement(code)).json()[
            "entry"
        ]["id"]
        Client(headers=secretariat.headers).post(
            f"{SPEAKERS}/{entries[code]}/statement", {"file": SimpleUploadedFile("s.pdf", pdf())}
        )
    app = Application.objects.create(
        meeting_id=_meeting_id(),
        organisation="Amnesty International",
        ecosoc_status="special",
        contact_name="B",
        contact_email="b@example.org",
        remarks="Words.",
    )
    point = FocalPoint.objects.get(user__username="delegate", delegation__code="SVN")
    return entries, {"app": app.pk, "point": point.pk}


def _meeting_id() -> int:
    from hemicycle.meetings.models import Meeting

    return Meeting.objects.get(slug="dialogue").pk


@pytest.mark.parametrize("role", list(USERS))
@pytest.mark.parametrize("write", list(WRITES))
def test_the_api_writes(scene, token_for, role, write):
    entries, ctx = scene
    who = USERS[role]
    entry = entries[OWN.get(who or "", "SVN")]
    if write == "inscribe own delegation":
        withdraw_first(entry)
    before = recorded()

    response = WRITES[write](api(who, token_for), who, entry, ctx)

    allowed = role in roles.MATRIX[write]
    if allowed:
        assert response.status_code in SUCCESS
    else:
        assert response.status_code == (401 if who is None else 403)
        assert response.json()["detail"]
        assert recorded() == before


@pytest.mark.parametrize("role", list(USERS))
@pytest.mark.parametrize("write", list(PAGES))
def test_the_page_writes(scene, accounts, role, write):
    entries, ctx = scene
    who = USERS[role]
    entry = entries["SVN"]
    before = recorded()

    response = PAGES[write](page(who, accounts), who, entry, ctx)

    allowed = role in roles.MATRIX[write]
    if allowed:
        assert response.status_code in SUCCESS
        assert "/accounts/login/" not in response.get("Location", "")
    elif who is None:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
        assert recorded() == before
    else:
        assert response.status_code == 403
        assert recorded() == before


def test_the_matrix_covers_every_write():
    assert set(roles.MATRIX) == set(WRITES) | set(PAGES)
