"""Statements as delivered: published in speaking order when the speech ends, each language version
given; not for publication by the delegation's choice; withheld by the secretariat with a reason.
What each role sees, on the page, in the API and in the feed."""

import pytest
from django.test import Client

from tests.outcome.conftest import run

EVERYONE = ["GHA", "BRA"]  # delivered and published
SEEN = {
    None: EVERYONE,
    "outsider": EVERYONE,
    "delegate": ["GHA", "SVN", "BRA"],  # Slovenia's focal point sees its own, not for publication
    "chair": ["GHA", "SVN", "BRA", "CHN"],
    "secretariat": ["GHA", "SVN", "BRA", "CHN"],
}


def as_(who, accounts):
    client = Client()
    if who:
        client.force_login(accounts[who])
    return client


def api_delegations(client):
    return [
        item["delegation"] for item in client.get("/api/v1/meetings/dialogue/statements").json()
    ]


def test_nothing_is_published_before_the_speech_ends(day):
    assert api_delegations(Client()) == []
    assert "Ghana" not in Client().get("/meetings/dialogue/statements.atom").content.decode()


@pytest.mark.parametrize("who", list(SEEN))
def test_each_role_sees_what_it_may_in_speaking_order(finished, accounts, who):
    client = as_(who, accounts)

    assert api_delegations(client) == SEEN[who]
    page = client.get("/meetings/dialogue/statements/").content.decode()
    for code, name in [("GHA", "Ghana"), ("SVN", "Slovenia"), ("CHN", "China")]:
        assert (f">{name}" in page or f"> {name}" in page or name in page) == (code in SEEN[who])


def test_every_language_version_given_is_published(finished):
    items = Client().get("/api/v1/meetings/dialogue/statements").json()
    ghana = next(i for i in items if i["delegation"] == "GHA")

    assert [(v["language"], v["format"]) for v in ghana["versions"]] == [
        ("en", "docx"),
        ("fr", "pdf"),
    ]
    assert ghana["number"] == 3  # after the Secretary-General and the European Union
    got = Client().get(ghana["versions"][1]["url"])
    assert got.status_code == 200
    assert b"".join(got.streaming_content).startswith(b"%PDF-")


def test_the_secretariat_withholds_with_a_reason_and_it_is_gone_for_the_public(finished, accounts):
    secretariat = as_("secretariat", accounts)
    bra = finished.entries["BRA"]

    refused = secretariat.post(
        "/meetings/dialogue/statements/", {"entry": bra, "action": "withhold", "reason": " "}
    )
    done = secretariat.post(
        "/meetings/dialogue/statements/",
        {"entry": bra, "action": "withhold", "reason": "Sent in error by the mission"},
    )

    assert refused.status_code == 200  # the page again, with the message
    assert "Say why the statement is withheld" in refused.content.decode()
    assert done.status_code == 302
    assert api_delegations(Client()) == ["GHA"]
    assert api_delegations(as_("delegate", accounts)) == ["GHA", "SVN"]
    assert "BRA" in api_delegations(as_("chair", accounts))
    assert (
        "Sent in error by the mission"
        in secretariat.get("/meetings/dialogue/statements/").content.decode()
    )
    feed = Client().get("/meetings/dialogue/statements.atom").content.decode()
    assert "Ghana" in feed
    assert "Brazil" not in feed
    secretariat.post("/meetings/dialogue/statements/", {"entry": bra, "action": "release"})
    assert api_delegations(Client()) == EVERYONE


@pytest.mark.parametrize("who", ["outsider", "delegate", "chair"])
def test_only_the_secretariat_withholds(finished, accounts, who):
    response = as_(who, accounts).post(
        "/meetings/dialogue/statements/",
        {"entry": finished.entries["GHA"], "action": "withhold", "reason": "x"},
    )

    assert response.status_code == 403
    assert api_delegations(Client()) == EVERYONE


def test_an_unpublished_file_is_not_served_to_the_public(finished, accounts):
    items = as_("chair", accounts).get("/api/v1/meetings/dialogue/statements").json()
    china = next(i for i in items if i["delegation"] == "CHN")
    url = china["versions"][0]["url"]

    assert china["versions"][0]["status"] == "awaiting"
    assert Client().get(url).status_code == 404
    assert as_("delegate", accounts).get(url).status_code == 404
    assert as_("chair", accounts).get(url).status_code == 200


def test_the_feed_is_the_publics_even_for_the_secretariat(finished, accounts):
    feed = as_("secretariat", accounts).get("/meetings/dialogue/statements.atom").content.decode()

    assert "Ghana" in feed
    assert "Slovenia" not in feed
    assert "China" not in feed


def test_a_statement_uploaded_after_the_speech_is_published_at_once(day):
    from tests.inscription.documents import docx
    from tests.outcome.conftest import upload

    run(day)
    upload(day.meeting, day.entries["VAT"], "VAT", docx("The Holy See on prevention."), "vat.docx")

    assert "VAT" in api_delegations(Client())


def test_a_language_outside_the_six_is_refused(day, token_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.inscription.documents import docx

    response = Client(headers=token_for("secretariat")).post(
        f"/api/v1/meetings/dialogue/speakers/{day.entries['GHA']}/statement",
        {"file": SimpleUploadedFile("x.docx", docx()), "language": "de"},
    )

    assert response.status_code == 422
    assert "not one of the six languages" in response.json()["detail"]


def test_a_focal_point_gives_a_version_after_the_speech_from_the_page(finished, accounts):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.inscription.documents import docx

    delegate = as_("delegate", accounts)
    page = delegate.get("/meetings/dialogue/inscription/").content.decode()
    sent = delegate.post(
        "/meetings/dialogue/inscription/",
        {
            "action": "statement",
            "entry": finished.entries["SVN"],
            "file": SimpleUploadedFile("svn-fr.docx", docx("La Slovénie et la prévention.")),
            "language": "fr",
            "publish": "1",
        },
    )
    items = Client().get("/api/v1/meetings/dialogue/statements").json()
    slovenia = next(i for i in items if i["delegation"] == "SVN")

    assert f'name="entry" value="{finished.entries["SVN"]}"' in page  # heard, and still offered
    assert sent.status_code == 302
    assert [v["language"] for v in slovenia["versions"]] == ["fr"]  # the English one stays private
