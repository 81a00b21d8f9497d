"""Every operation of the set-up API and every secretariat page of this issue, for each role: only
the roles that `accounts.roles.MATRIX` grants it succeed; the others get 401 or 403 (a draft: 404)
and nothing changes."""

from datetime import UTC, datetime, time
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from hemicycle.accounts import roles
from hemicycle.inscription import window
from hemicycle.meetings.models import Announcement, Document, Meeting, Segment
from hemicycle.proceedings.models import FloorEvent
from tests.inscription.documents import pdf
from tests.inscription.test_permission_matrix import USERS, api, staffed

SET_UP = "set up meetings (programme, documents, announcements)"
M = "/api/v1/meetings/dialogue"
OPERATIONS: dict[str, tuple[str, str, Any]] = {
    "create a meeting": ("post", "/api/v1/meetings", {"slug": "new", "title": "New", "date": "2027-01-01"}),
    "change a meeting": ("patch", M, {"title": "Changed"}),
    "delete a meeting": ("delete", M, None),
    "read the working programme": ("get", f"{M}/segments", None),
    "add a segment": ("post", f"{M}/segments", {"kind": "break", "title": "Tea", "starts": "18:00:00", "ends": "18:30:00"}),
    "change a segment": ("patch", f"{M}/segments/lunch", {"title": "Lunch"}),
    "remove a segment": ("delete", f"{M}/segments/lunch", None),
    "publish the programme": ("post", f"{M}/programme/versions", {"final": False}),
    "register a document": ("multipart", f"{M}/documents", {"symbol": "A/1", "title": "Report", "kind": "report"}),
    "change a document": ("patch", f"{M}/documents/{{document}}", {"title": "Other"}),
    "delete a document": ("delete", f"{M}/documents/{{document}}", None),
    "add a document's file": ("multipart", f"{M}/documents/{{document}}/files", {"language": "fr", "file": "pdf"}),
    "remove a document's file": ("delete", f"{M}/documents/{{document}}/files/en", None),
    "publish an announcement": ("post", f"{M}/announcements", {"title": "T", "body": "B"}),
    "change an announcement": ("patch", f"{M}/announcements/{{announcement}}", {"title": "U"}),
    "withdraw an announcement": ("delete", f"{M}/announcements/{{announcement}}", None),
    "set the window": ("put", f"{M}/window", {"opens_at": "2027-01-01T10:00:00"}),
    "remove the window": ("delete", f"{M}/window", None),
}  # fmt: skip
WRITE_OF = {"set the window": "set the inscription window", "remove the window": "set the inscription window"}  # fmt: skip


def everything() -> tuple[int, ...]:
    return (
        Meeting.objects.count(),
        *Meeting.objects.values_list("title", "status"),
        *Segment.objects.values_list("key", "title", "ends"),
        *Document.objects.values_list("symbol", "title"),
        *[(d.pk, d.files.count()) for d in Document.objects.all()],
        *Announcement.objects.values_list("title", "published_at"),
        str(window.window_of(Meeting.objects.get(slug="dialogue"))),
        FloorEvent.objects.count(),
    )


@pytest.fixture
def prepared(make_meeting, accounts, civil_society, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting = make_meeting()
    staffed(accounts, meeting)  # every role of the matrix has its account
    meeting.status = "draft"  # deletable, and publishable
    meeting.ends = time(19, 0)  # an hour free for a new segment
    meeting.save()
    document = Document.objects.create(meeting=meeting, symbol="A/0", title="Note", kind="report")
    from hemicycle.meetings.forms import attach
    from hemicycle.meetings.uploads import check

    upload = SimpleUploadedFile("n.pdf", pdf())
    attach(document, "en", upload, check(upload))
    announcement = Announcement.objects.create(
        meeting=meeting, title="A", body="B", published_at="2013-09-01T10:00:00Z"
    )
    window.set_window(meeting, datetime(2013, 9, 1, 10, tzinfo=UTC), None, actor="secretariat")
    return {"document": document.pk, "announcement": announcement.pk}


def send(client: Client, operation: str, ids: dict[str, int]) -> Any:
    method, path, body = OPERATIONS[operation]
    path = path.format(**ids)
    if method == "multipart":
        body = {k: SimpleUploadedFile("f.pdf", pdf()) if v == "pdf" else v for k, v in body.items()}
        return client.post(path, body)
    if body is None:
        return getattr(client, method)(path)
    return getattr(client, method)(path, body, content_type="application/json")


@pytest.mark.parametrize("role", list(USERS))
@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_each_set_up_operation_for_each_role(prepared, token_for, role, operation):
    who = USERS[role]
    before = everything()

    response = send(api(who, token_for), operation, prepared)

    if role in roles.MATRIX[WRITE_OF.get(operation, SET_UP)]:
        assert response.status_code in (200, 201, 204), response.content
    else:
        # A draft is nobody else's: signed-in callers are told it does not exist.
        assert response.status_code in ((401,) if who is None else (403, 404))
        assert response.json()["detail"]
        assert everything() == before


def test_a_convened_meetings_set_up_is_refused_403_not_404(prepared, token_for):
    Meeting.objects.filter(slug="dialogue").update(status="convened")

    response = send(api("delegate", token_for), "change a meeting", prepared)

    assert response.status_code == 403
    assert response.json()["detail"] == "Only the secretariat prepares and convenes meetings."
