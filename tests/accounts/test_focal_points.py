"""A delegation's focal points: a mission administrator manages their own delegation's, the
secretariat every delegation's, and imports them in bulk from CSV (all rows or none)."""

import pytest
from django.contrib.auth.models import User
from django.core import mail

from hemicycle.accounts.models import FocalPoint
from hemicycle.delegations.models import Delegation
from tests.accounts.conftest import signed_in


@pytest.fixture
def mission_admin(accounts):
    """Slovenia's mission administrator; France has a focal point of its own."""
    admin = User.objects.create_user("svn-admin", email="admin@gov.si", password="x")
    FocalPoint.objects.create(
        user=admin, delegation=Delegation.objects.get(code="SVN"), administers=True
    )
    french = User.objects.create_user("fra", email="fp@diplomatie.gouv.fr", password="x")
    FocalPoint.objects.create(user=french, delegation=Delegation.objects.get(code="FRA"))
    accounts["svn-admin"] = admin
    return admin


def points(code):
    return sorted(
        FocalPoint.objects.filter(delegation__code=code).values_list("user__username", flat=True)
    )


def test_a_mission_administrator_invites_and_revokes_their_own_delegations_focal_points(
    accounts, mission_admin
):
    page = signed_in(mission_admin)

    listed = page.get("/accounts/focal-points/").content.decode()
    invited = page.post(
        "/accounts/focal-points/",
        {"delegation": "SVN", "name": "Ana Novak", "email": "ana@gov.si", "administers": "on"},
    )
    foreign = page.post(
        "/accounts/focal-points/", {"delegation": "FRA", "name": "X", "email": "x@example.org"}
    )
    delegate = FocalPoint.objects.get(user__username="delegate")
    french = FocalPoint.objects.get(user__username="fra")
    revoked = page.post("/accounts/focal-points/", {"action": "revoke", "focal_point": delegate.pk})
    not_theirs = page.post(
        "/accounts/focal-points/", {"action": "revoke", "focal_point": french.pk}
    )

    assert "fp@diplomatie.gouv.fr" not in listed  # France's are not theirs to see
    assert "admin@gov.si" in listed
    assert invited.status_code == 302
    assert mail.outbox[-1].to == ["ana@gov.si"]
    ana = FocalPoint.objects.get(user__email="ana@gov.si")
    assert ana.administers is False  # only the secretariat names administrators
    assert foreign.status_code == 403
    assert not User.objects.filter(email="x@example.org").exists()
    assert revoked.status_code == 302
    assert points("SVN") == ["ana@gov.si", "svn-admin"]
    assert User.objects.filter(username="delegate").exists()  # the account stays
    assert not_theirs.status_code == 403
    assert points("FRA") == ["fra"]


def test_through_the_api_a_mission_administrator_sees_and_manages_only_their_own(
    accounts, mission_admin, api_as
):
    admin = api_as("svn-admin")
    french = FocalPoint.objects.get(user__username="fra")

    listed = admin.get("/focal-points").json()
    invited = admin.post("/focal-points", {"delegation": "SVN", "email": "b@gov.si", "name": "B"})
    foreign = admin.post("/focal-points", {"delegation": "FRA", "email": "c@example.org"})
    promoted = admin.patch(f"/focal-points/{invited.json()['id']}", {"administers": True})
    not_theirs = admin.delete(f"/focal-points/{french.pk}")
    revoked = admin.delete(f"/focal-points/{invited.json()['id']}")
    by_secretariat = api_as("secretariat").patch(
        f"/focal-points/{french.pk}", {"administers": True}
    )

    assert {p["delegation"] for p in listed} == {"SVN"}
    assert invited.status_code == 201
    assert invited.json()["person"]["invited"] is True
    assert foreign.status_code == 403
    assert promoted.status_code == 403
    assert not_theirs.status_code == 403
    assert revoked.status_code == 204
    assert by_secretariat.status_code == 200
    assert by_secretariat.json()["administers"] is True
    assert points("FRA") == ["fra"]


def test_an_unknown_delegation_is_refused_with_a_clear_answer(accounts, api_as):
    answer = api_as("secretariat").post("/focal-points", {"delegation": "XXX", "email": "a@b.org"})

    assert answer.status_code == 404
    assert "XXX" in answer.json()["detail"]
    assert not User.objects.filter(email="a@b.org").exists()


GOOD = "delegation,name,email,administrator\nFRA,Marie Curie,marie@example.org,yes\nGHA,Kofi Mensah,kofi@example.org,\n"
BAD = (
    "delegation;name;email\n"
    "FRA;Marie Curie;marie@example.org\n"
    "XYZ;Nobody;nobody@example.org\n"
    "GHA;Kofi Mensah;MARIE@example.org\n"
    "GHA;;not-an-address\n"
)


def test_a_csv_with_bad_rows_is_previewed_with_an_error_per_row_and_nothing_is_imported(accounts):
    page = signed_in(accounts["secretariat"])
    before = (User.objects.count(), FocalPoint.objects.count())

    preview = page.post("/accounts/focal-points/import/", {"action": "preview", "csv": BAD})
    forced = page.post("/accounts/focal-points/import/", {"action": "import", "csv": BAD})
    text = preview.content.decode()

    assert preview.status_code == 422
    assert "There is no delegation with the code “XYZ”" in text
    assert "marie@example.org is already on line 2" in text
    assert "The name is missing." in text
    assert "is not an e-mail address" in text
    assert "Nothing was imported" in text
    assert forced.status_code == 422
    assert (User.objects.count(), FocalPoint.objects.count()) == before
    assert mail.outbox == []


def test_a_good_csv_is_previewed_then_imported_whole(accounts):
    page = signed_in(accounts["secretariat"])

    preview = page.post("/accounts/focal-points/import/", {"action": "preview", "csv": GOOD})
    imported = page.post("/accounts/focal-points/import/", {"action": "import", "csv": GOOD})
    again = page.post("/accounts/focal-points/import/", {"action": "preview", "csv": GOOD})

    assert preview.status_code == 200
    assert "Import these 2 focal points" in preview.content.decode()
    assert imported.status_code == 302
    assert FocalPoint.objects.get(user__email="marie@example.org").administers is True
    assert points("GHA") == ["kofi@example.org"]
    assert sorted(m.to[0] for m in mail.outbox) == ["kofi@example.org", "marie@example.org"]
    assert again.status_code == 422  # already focal points: nothing twice
    assert "already a focal point of FRA" in again.content.decode()


def test_the_csv_import_through_the_api_checks_first_and_names_each_bad_line(accounts, api_as):
    secretariat = api_as("secretariat")

    dry = secretariat.post("/focal-points/import", {"csv": GOOD, "dry_run": True})
    bad = secretariat.post("/focal-points/import", {"csv": BAD})
    after_bad = FocalPoint.objects.count()
    done = secretariat.post("/focal-points/import", {"csv": GOOD})

    assert dry.status_code == 200
    assert dry.json()["imported"] is False
    assert [r["email"] for r in dry.json()["rows"]] == ["marie@example.org", "kofi@example.org"]
    assert bad.status_code == 422
    assert set(bad.json()["fields"]) == {"line 3", "line 4", "line 5"}
    assert "XYZ" in bad.json()["fields"]["line 3"]
    assert after_bad == 1  # the demo's delegate only: nothing of the bad file
    assert done.status_code == 201
    assert done.json()["imported"] is True
    assert FocalPoint.objects.count() == 3


def test_a_file_upload_that_is_not_utf8_is_refused_with_what_to_do(accounts):
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = signed_in(accounts["secretariat"])
    upload = SimpleUploadedFile(
        "fp.csv", "delegation,name,email\nFRA,Zoé,z@example.org\n".encode("latin-1")
    )

    answer = page.post("/accounts/focal-points/import/", {"action": "preview", "file": upload})

    assert answer.status_code == 422
    assert "CSV UTF-8" in answer.content.decode()


def test_a_file_that_is_not_csv_is_refused_with_the_line(accounts, api_as):
    huge = "delegation,name,email\n" + 'FRA,"' + "x" * 200_000 + '",a@example.org\n'

    answer = api_as("secretariat").post("/focal-points/import", {"csv": huge})

    assert answer.status_code == 422
    assert "Line 2 cannot be read as CSV" in answer.json()["fields"]["file"]
