"""The audit trail: every change outside the floor's log is recorded with who, when, what, and
each field before and after, whether made in the pages or through the API, and the secretariat
reads it meeting by meeting."""

from auditlog.models import LogEntry
from django.contrib.auth.models import User

from hemicycle.accounts.models import ApiToken, Officer
from hemicycle.meetings.models import Announcement, Document, Meeting, ProgrammeVersion
from tests.accounts.conftest import signed_in


def entries_for(model, **lookup):
    from django.contrib.contenttypes.models import ContentType

    return LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model), **lookup)


def test_page_actions_are_recorded_with_their_actor_and_before_and_after(accounts, make_meeting):
    meeting = make_meeting()
    page = signed_in(accounts["secretariat"])

    page.post(
        "/manage/dialogue/announcements/",
        {"title": "Room change", "body": "Conference Room 4.", "published_at": "2013-09-01 10:00"},
    )
    page.post(
        "/manage/dialogue/documents/",
        {"symbol": "A/67/929", "title": "Report", "kind": "report", "language": "en"},
    )
    document = Document.objects.get(symbol="A/67/929")
    page.post(
        f"/manage/dialogue/documents/{document.pk}/",
        {
            "form": "document",
            "doc-symbol": "A/67/929",
            "doc-title": "Report of the SG",
            "doc-kind": "report",
            "doc-language": "en",
        },
    )
    page.post("/manage/dialogue/programme/", {"publish": "tentative"})

    announcement = entries_for(Announcement).get()
    registry = entries_for(Document).order_by("timestamp", "pk")
    published = entries_for(ProgrammeVersion).get()
    assert announcement.actor == accounts["secretariat"]
    assert announcement.changes["title"] == [None, "Room change"]
    assert [e.action for e in registry] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]
    assert registry[1].changes["title"] == ["Report", "Report of the SG"]
    assert registry[1].actor == accounts["secretariat"]
    assert published.actor == accounts["secretariat"]
    assert {e.additional_data["meeting"] for e in [announcement, *registry, published]} == {
        meeting.pk
    }


def test_an_api_action_is_recorded_with_the_tokens_account(accounts, make_meeting, api_as):
    make_meeting()

    api_as("secretariat").post(
        "/meetings/dialogue/staff", {"email": "vp@example.org", "office": "presiding"}
    )

    officer = Officer.objects.get(user__email="vp@example.org")
    appointed = entries_for(Officer, object_pk=str(officer.pk)).get()
    invitation = LogEntry.objects.get(additional_data__event="invitation")
    assert appointed.actor == accounts["secretariat"]
    assert appointed.changes["office"] == [None, "presiding"]
    assert invitation.actor == accounts["secretariat"]
    assert "vp@example.org" in invitation.changes["invitation"][1]


def test_tokens_issued_and_revoked_are_recorded_without_their_secret(accounts):
    page = signed_in(accounts["delegate"])

    page.post("/accounts/me/", {"name": "laptop"})
    token = ApiToken.objects.get(user=accounts["delegate"])
    page.post("/accounts/me/", {"action": "revoke", "token": token.pk})

    issued, revoked = entries_for(ApiToken).order_by("timestamp", "pk")
    assert issued.actor == revoked.actor == accounts["delegate"]
    assert "digest" not in issued.changes
    assert "last_used_at" not in issued.changes
    assert token.digest not in str(issued.changes)
    assert revoked.changes["revoked_at"][0] is None
    assert revoked.changes["revoked_at"][1]


def test_a_role_given_and_taken_is_recorded(accounts, api_as):
    secretariat = api_as("secretariat")

    secretariat.post("/secretariat", {"email": "new@example.org", "name": "New"})
    member = User.objects.get(email="new@example.org")
    secretariat.delete(f"/secretariat/{member.pk}")

    changes = [
        e.changes["groups"]
        for e in entries_for(User, object_pk=str(member.pk)).order_by("timestamp", "pk")
        if "groups" in (e.changes or {})
    ]
    assert [(c["operation"], c["objects"]) for c in changes] == [
        ("add", ["secretariat"]),
        ("delete", ["secretariat"]),
    ]


def test_the_trail_page_is_filtered_by_meeting(accounts, make_meeting):
    make_meeting()
    make_meeting("other")
    page = signed_in(accounts["secretariat"])
    page.post(
        "/manage/dialogue/announcements/",
        {"title": "Room change", "body": "Room 4.", "published_at": "2013-09-01 10:00"},
    )
    page.post(
        "/manage/other/announcements/",
        {"title": "Postponed", "body": "To Friday.", "published_at": "2013-09-01 10:00"},
    )

    dialogue = page.get("/manage/audit/?meeting=dialogue").content.decode()
    everything = page.get("/manage/audit/").content.decode()
    unknown = page.get("/manage/audit/?meeting=nope")

    assert "Room change" in dialogue
    assert "Postponed" not in dialogue
    assert "Announcement “Room change” created" in dialogue
    assert "secretariat" in dialogue  # who
    assert "Room change" in everything
    assert "Postponed" in everything
    assert unknown.status_code == 404


def test_deleting_an_account_erases_it_from_the_trail(accounts, make_meeting):
    make_meeting()
    person = User.objects.create_user("temp", email="temp@example.org", password="x")
    person.groups.add(*accounts["secretariat"].groups.all())
    signed_in(person).post(
        "/manage/dialogue/announcements/",
        {"title": "Room change", "body": "Room 4.", "published_at": "2013-09-01 10:00"},
    )
    assert entries_for(Announcement).get().actor_email == "temp@example.org"

    Officer.objects.create(
        meeting=Meeting.objects.get(slug="dialogue"), user=person, office="secretary"
    )

    person.delete()

    entry = entries_for(Announcement).get()
    assert (entry.actor, entry.actor_email) == (None, None)
    assert Meeting.objects.filter(slug="dialogue").exists()
    said = " ".join(f"{e.object_repr} {e.changes} {e.actor_email}" for e in LogEntry.objects.all())
    assert "temp" not in said  # neither the username nor the e-mail address
    assert entries_for(User, action=LogEntry.Action.DELETE).exists()  # that it went stays


def test_a_letterheads_emblem_is_recorded_by_its_type_not_its_bytes(accounts, make_meeting):
    from datetime import date

    from hemicycle.convening.models import LetterTemplate

    template = LetterTemplate.objects.create(
        meeting=make_meeting(), date=date(2013, 8, 5), subject="S", body="B", signature="PGA"
    )
    template.emblem, template.emblem_type = b"\x89PNG" + b"\x00" * 64, "image/png"
    template.save()

    changed = entries_for(LetterTemplate, action=LogEntry.Action.UPDATE).get()
    assert changed.changes == {"emblem_type": ["", "image/png"]}
