"""The server-rendered pages: what each role may open, and what the page holds before any script."""

from django.test import Client


def test_the_meeting_page_shows_the_programme_documents_and_list(client, make_meeting, token_for):
    from hemicycle.meetings.models import Document

    meeting = make_meeting("r2p")
    Document.objects.create(
        meeting=meeting,
        symbol="A/67/929–S/2013/399",
        kind="report",
        title="Responsibility to protect: State responsibility and prevention",
    )
    client.post(
        "/api/v1/meetings/r2p/speakers",
        {"delegation": "GHA"},
        content_type="application/json",
        headers=token_for("secretariat"),
    )

    response = client.get("/meetings/r2p/")
    page = response.content.decode()

    assert response.status_code == 200
    for text in (
        "Opening remarks",
        "Panel discussion",
        "Jennifer Welsh",
        "A/67/929–S/2013/399",
        "Ghana",
    ):
        assert text in page
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "<script>" not in page


def test_the_console_is_for_the_chair_and_the_secretariat(make_meeting, accounts):
    make_meeting()

    def as_user(username):
        client = Client()
        if username:
            client.force_login(accounts[username])
        return client.get("/meetings/dialogue/console/")

    assert as_user(None).status_code == 302
    assert as_user(None)["Location"].startswith("/accounts/login/")
    assert as_user("delegate").status_code == 403
    assert as_user("chair").status_code == 200
    assert as_user("secretariat").status_code == 200


def test_the_room_display_is_public(client, make_meeting):
    make_meeting()

    assert client.get("/meetings/dialogue/display/").status_code == 200


def test_the_list_fragment_answers_not_modified_until_the_floor_changes(
    client, make_meeting, token_for
):
    make_meeting()
    first = client.get("/meetings/dialogue/speakers/")

    unchanged = client.get("/meetings/dialogue/speakers/", headers={"If-None-Match": first["ETag"]})
    client.post(
        "/api/v1/meetings/dialogue/speakers",
        {"delegation": "GHA"},
        content_type="application/json",
        headers=token_for("secretariat"),
    )
    changed = client.get("/meetings/dialogue/speakers/", headers={"If-None-Match": first["ETag"]})

    assert unchanged.status_code == 304
    assert changed.status_code == 200
    assert "Ghana" in changed.content.decode()


def test_a_browser_session_commands_the_floor_only_with_its_csrf_token(make_meeting, accounts):
    make_meeting()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(accounts["chair"])
    browser.get("/meetings/dialogue/console/")  # sets the CSRF cookie, as the page does
    token = browser.cookies["csrftoken"].value

    forged = browser.post(
        "/api/v1/meetings/dialogue/floor", {"action": "close_list"}, content_type="application/json"
    )
    genuine = browser.post(
        "/api/v1/meetings/dialogue/floor",
        {"action": "close_list"},
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )

    assert (forged.status_code, forged.json()["code"]) == (403, "csrf")
    assert genuine.status_code == 200
    assert genuine.json()["list_open"] is False


def test_delegations_are_named_in_the_readers_language(client, make_meeting, token_for):
    make_meeting()
    client.post(
        "/api/v1/meetings/dialogue/speakers",
        {"delegation": "DEU"},
        content_type="application/json",
        headers=token_for("secretariat"),
    )

    english = client.get("/meetings/dialogue/speakers/").content.decode()
    french = client.get(
        "/meetings/dialogue/speakers/", headers={"Accept-Language": "fr"}
    ).content.decode()
    russian = client.get(
        "/meetings/dialogue/speakers/", headers={"Accept-Language": "ru"}
    ).content.decode()

    assert ">Germany<" in english
    assert ">Allemagne<" in french
    assert ">Германия<" in russian


def test_the_administration_lists_reference_data_and_never_edits_the_log(client, make_meeting, db):
    from django.contrib.auth.models import User

    from hemicycle.proceedings.models import FloorEvent

    make_meeting()
    client.force_login(User.objects.create_superuser("admin", password="x"))

    delegations = client.get("/admin/delegations/delegation/?q=Ivoire")
    first = FloorEvent.objects.order_by("pk").first()
    event = client.get(f"/admin/proceedings/floorevent/{first.pk}/change/")

    assert delegations.status_code == 200
    assert "Côte d" in delegations.content.decode()
    assert event.status_code == 200
    assert 'name="type"' not in event.content.decode()  # read-only
    assert client.get("/admin/proceedings/floorevent/add/").status_code == 403


def test_the_chair_console_is_offered_only_to_those_who_may_run_the_floor(make_meeting, accounts):
    make_meeting("r2p")
    offered = {}
    for role in ("public", "delegate", "outsider", "chair", "secretariat"):
        client = Client()
        if role != "public":
            client.force_login(accounts[role])
        pages = [client.get(path).content.decode() for path in ("/", "/meetings/r2p/")]
        offered[role] = ["/meetings/r2p/console/" in page for page in pages]

    assert offered == {
        "public": [False, False],
        "delegate": [False, False],
        "outsider": [False, False],
        "chair": [True, True],
        "secretariat": [True, True],
    }
