"""Roles per meeting: the secretariat appoints a meeting's presiding officers and secretaries (in
its pages and through the API), who run that meeting's floor and no other; the secretariat's own
members are appointed and revoked the same way."""

from django.contrib.auth.models import User
from django.core import mail

from hemicycle.accounts import roles
from hemicycle.accounts.models import Officer
from hemicycle.demo import loader
from tests.accounts.conftest import accept_invitation, bearer, signed_in

NEXT = {"action": "close_list"}


def test_the_demo_chair_presides_over_the_demo_meeting_and_a_chair_of_another_cannot_run_it(
    accounts, api_as, other_meeting
):
    demo = loader.load()
    elsewhere = User.objects.create_user("vice-chair", password="x")
    Officer.objects.create(meeting=other_meeting, user=elsewhere, office="presiding")
    accounts["vice-chair"] = elsewhere

    assert roles.presides(User.objects.get(username="chair"), demo)
    by_demo_chair = api_as("chair").post(f"/meetings/{demo.slug}/floor", NEXT)
    by_other_chair = api_as("vice-chair").post(
        f"/meetings/{demo.slug}/floor", {"action": "open_list"}
    )
    own_floor = api_as("vice-chair").post("/meetings/other/floor", NEXT)
    demo_chair_elsewhere = api_as("chair").post("/meetings/other/floor", {"action": "open_list"})

    assert by_demo_chair.status_code == 200
    assert by_other_chair.status_code == 403
    assert by_other_chair.json()["code"] == "forbidden"
    assert own_floor.status_code == 200
    assert demo_chair_elsewhere.status_code == 403


def test_the_console_opens_only_for_the_meetings_one_runs(accounts, make_meeting, other_meeting):
    make_meeting()
    chair = signed_in(accounts["chair"])

    assert chair.get("/meetings/dialogue/console/").status_code == 200
    assert chair.get("/meetings/other/console/").status_code == 403


def test_through_the_api_an_officer_is_appointed_invited_moved_and_revoked(
    accounts, make_meeting, other_meeting, api_as
):
    make_meeting()
    secretariat = api_as("secretariat")

    appointed = secretariat.post(
        "/meetings/dialogue/staff",
        {"email": "Vice.Chair@Example.org", "name": "Amina Mohammed", "office": "presiding"},
    )
    assert appointed.status_code == 201
    officer = appointed.json()
    assert officer["office"] == "presiding"
    assert officer["person"] == {
        "id": officer["person"]["id"],
        "name": "Amina Mohammed",
        "email": "vice.chair@example.org",
        "invited": True,
    }
    assert mail.outbox[-1].to == ["vice.chair@example.org"]
    assert "presiding officer" in mail.outbox[-1].body
    person = accept_invitation("vice.chair@example.org")
    token = bearer(person)
    runs_it = person.post(
        "/api/v1/meetings/dialogue/floor", NEXT, content_type="application/json", headers=token
    )
    not_the_other = person.post(
        "/api/v1/meetings/other/floor", NEXT, content_type="application/json", headers=token
    )
    listed = secretariat.get("/meetings/dialogue/staff").json()
    moved = secretariat.patch(f"/meetings/dialogue/staff/{officer['id']}", {"office": "secretary"})
    still_runs_it = person.post(
        "/api/v1/meetings/dialogue/floor",
        {"action": "open_list"},
        content_type="application/json",
        headers=token,
    )
    revoked = secretariat.delete(f"/meetings/dialogue/staff/{officer['id']}")
    no_longer = person.post(
        "/api/v1/meetings/dialogue/floor", NEXT, content_type="application/json", headers=token
    )

    assert runs_it.status_code == 200
    assert not_the_other.status_code == 403
    assert [(o["person"]["email"], o["office"]) for o in listed] == [
        ("chair", "presiding"),  # the demo's chair, as in every test meeting (no e-mail)
        ("vice.chair@example.org", "presiding"),
    ]
    assert moved.status_code == 200
    assert moved.json()["office"] == "secretary"
    assert still_runs_it.status_code == 200
    assert revoked.status_code == 204
    assert no_longer.status_code == 403
    assert User.objects.filter(email="vice.chair@example.org").exists()  # the account stays


def test_bad_appointments_are_refused_and_nothing_changes(accounts, make_meeting, api_as):
    make_meeting()
    secretariat = api_as("secretariat")
    before = (Officer.objects.count(), User.objects.count())

    unknown = secretariat.post(
        "/meetings/no-such-meeting/staff", {"email": "a@example.org", "office": "presiding"}
    )
    bad_office = secretariat.post(
        "/meetings/dialogue/staff", {"email": "a@example.org", "office": "king"}
    )
    bad_email = secretariat.post(
        "/meetings/dialogue/staff", {"email": "not an address", "office": "presiding"}
    )
    not_an_officer = secretariat.delete("/meetings/dialogue/staff/999999")
    page = signed_in(accounts["secretariat"]).post(
        "/manage/no-such-meeting/staff/",
        {"action": "appoint", "name": "A", "email": "a@example.org", "office": "presiding"},
    )

    assert unknown.status_code == 404
    assert "no-such-meeting" in unknown.json()["detail"]
    assert bad_office.status_code == 422
    assert "office" in bad_office.json()["fields"]
    assert bad_email.status_code == 422
    assert "email" in bad_email.json()["fields"]
    assert not_an_officer.status_code == 404
    assert page.status_code == 404
    assert (Officer.objects.count(), User.objects.count()) == before
    assert mail.outbox == []


def test_on_the_meetings_officers_page_the_secretariat_appoints_and_revokes(accounts, make_meeting):
    make_meeting()
    page = signed_in(accounts["secretariat"])

    appointed = page.post(
        "/manage/dialogue/staff/",
        {
            "action": "appoint",
            "name": "Mia Secco",
            "email": "mia@example.org",
            "office": "secretary",
        },
    )
    shown = page.get("/manage/dialogue/staff/").content.decode()
    officer = Officer.objects.get(user__email="mia@example.org")
    refused = page.post("/manage/dialogue/staff/", {"action": "appoint", "email": "nope"})
    revoked = page.post("/manage/dialogue/staff/", {"action": "revoke", "officer": officer.pk})

    assert appointed.status_code == 302
    assert "mia@example.org" in shown
    assert "Secretary of the meeting" in shown
    assert refused.status_code == 422
    assert "Enter a valid email address." in refused.content.decode()
    assert revoked.status_code == 302
    assert not Officer.objects.filter(user__email="mia@example.org").exists()


def test_the_secretariat_appoints_a_member_and_never_revokes_itself(accounts, api_as):
    secretariat = api_as("secretariat")

    appointed = secretariat.post("/secretariat", {"email": "new@example.org", "name": "New"})
    member = User.objects.get(email="new@example.org")
    listed = secretariat.get("/secretariat").json()
    itself = secretariat.delete(f"/secretariat/{accounts['secretariat'].pk}")
    revoked = secretariat.delete(f"/secretariat/{member.pk}")
    again = secretariat.delete(f"/secretariat/{member.pk}")

    assert appointed.status_code == 201
    assert "new@example.org" in [m["email"] for m in listed]
    assert itself.status_code == 409
    assert roles.is_secretariat(User.objects.get(username="secretariat"))
    assert revoked.status_code == 204
    assert not roles.is_secretariat(User.objects.get(pk=member.pk))
    assert again.status_code == 404


def test_on_the_staff_page_a_new_member_of_the_secretariat_is_appointed_and_signs_in(accounts):
    page = signed_in(accounts["secretariat"])

    appointed = page.post(
        "/manage/staff/", {"action": "appoint", "name": "Li Wei", "email": "li@example.org"}
    )
    person = accept_invitation("li@example.org")

    assert appointed.status_code == 302
    assert "li@example.org" in page.get("/manage/staff/").content.decode()
    assert person.get("/manage/").status_code == 200


def test_a_script_creates_a_draft_staffs_it_and_its_secretary_alone_sees_and_runs_it(
    accounts, api_as
):
    from hemicycle.accounts.models import ApiToken

    secretariat = api_as("secretariat")
    vice_chair = User.objects.create_user("vp", email="vp@example.org", password="x")
    _token, secret = ApiToken.issue(vice_chair, "script")
    accounts["vp"] = vice_chair

    created = secretariat.post(
        "/meetings", {"slug": "poc", "title": "Open debate", "date": "2026-12-04"}
    )
    appointed = secretariat.post(
        "/meetings/poc/staff", {"email": "vp@example.org", "office": "secretary"}
    )
    as_vp = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    from django.test import Client

    client = Client()
    seen_by_its_secretary = client.get("/api/v1/meetings/poc", **as_vp)
    seen_by_another_chair = api_as("chair").get("/meetings/poc")
    opened = client.post(
        "/api/v1/meetings/poc/floor", {"action": "open_list"}, "application/json", **as_vp
    )
    trail = signed_in(accounts["secretariat"]).get("/manage/audit/?meeting=poc").content.decode()

    assert created.status_code == 201
    assert appointed.status_code == 201
    assert appointed.json()["person"]["invited"] is False  # an account with its password already
    assert seen_by_its_secretary.status_code == 200  # a draft: its secretariat sees it
    assert seen_by_another_chair.status_code == 404  # nobody else does
    assert opened.status_code == 200
    assert "Officer of a meeting “vp – Secretary of the meeting – Open debate” created" in trail
    assert "Meeting “Open debate” created" in trail
