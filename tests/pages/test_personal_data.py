"""No public answer names a person (issue #12, review M2): the floor's log records an opaque
reference for each actor (`accounts.roles.reference`: role, delegation, account number), and no
public page, file or API answer of the demo shows an e-mail address or an account's name. Erasing
an account leaves the log, its chain and its receipts as they were."""

import io
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from pypdf import PdfReader

from hemicycle import floor
from hemicycle.accounts import roles
from hemicycle.accounts.models import FocalPoint
from hemicycle.backup.verify import verify
from hemicycle.delegations.models import Delegation
from hemicycle.demo import loader
from hemicycle.inscription import requests
from hemicycle.proceedings import store
from hemicycle.proceedings.models import FloorEvent

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# A focal point invited by e-mail: the invitation makes the address the account's name.
ADDRESS = "h.ragnarsdottir@mfa.example"
PARAMETERS = {"slug": loader.SLUG, "key": "panel"}


@pytest.fixture
def day(db):
    meeting = loader.load(reset=True)
    user = User.objects.create_user(
        ADDRESS, email=ADDRESS, first_name="Hildur", last_name="Ragnarsdottir"
    )
    FocalPoint.objects.create(user=user, delegation=Delegation.objects.get(code="ISL"))
    fields = {
        "delegation": "ISL",
        "speaker": "Gréta Gunnarsdóttir",
        "level": "permanent_representative",
    }
    inscribed = requests.request_to_speak(meeting, user, fields)
    chair = User.objects.get(username="chair")
    for action, arguments in (("start_segment", {"segment": "panel"}), ("next", {}), ("next", {})):
        store.execute(
            meeting,
            lambda state, now, a=action, k=arguments: floor.decide(state, a, now, **k),
            actor=roles.actor_of(chair),
        )
    return meeting, user, inscribed.receipt


def public_answers(client: Client, receipt) -> dict[str, str]:
    """Every public page and file of the demo meeting, and every GET operation of the API, as an
    anonymous visitor reads them."""
    schema = client.get("/api/v1/openapi.json").json()
    values = {**PARAMETERS, "seq": receipt.seq, "entry_id": receipt.seq}
    paths = [
        path.format(**values) for path, operations in schema["paths"].items() if "get" in operations
    ]
    slug = loader.SLUG
    paths += [
        "/",
        f"/meetings/{slug}/",
        f"/meetings/{slug}/speakers/",
        f"/meetings/{slug}/display/",
        f"/meetings/{slug}/delegates/",
        f"/meetings/{slug}/record/",
        f"/meetings/{slug}/record.csv",
        f"/meetings/{slug}/list/",
        f"/meetings/{slug}/list.csv",
        f"/meetings/{slug}/list.pdf",
        f"/meetings/{slug}/feed.atom",
        f"/meetings/{slug}/calendar.ics",
        f"/meetings/{slug}/segments/panel.ics",
        f"/meetings/{slug}/civil-society/apply/",
        receipt.verify_url,
    ]
    answers = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code < 500, path
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if response.get("Content-Type", "").startswith("application/pdf"):
            text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
        else:
            text = body.decode("utf-8", "replace")
        answers[path] = text
    return answers


def test_no_public_answer_shows_an_email_address_or_an_account_name(day):
    meeting, _user, receipt = day
    names = set(User.objects.values_list("username", flat=True))
    names -= {"secretariat", "chair", "delegate"}  # the demo's accounts are named by role
    names |= {"Hildur", "Ragnarsdottir"}

    answers = public_answers(Client(), receipt)

    assert len(answers) >= 29
    assert f"/api/v1/meetings/{meeting.slug}/events" in answers
    for path, text in answers.items():
        assert not EMAIL.search(text), f"{path} shows {EMAIL.search(text).group(0)}"
        for name in names:
            assert name not in text, f"{path} shows the account name {name}"


def test_the_log_names_its_actors_by_role_delegation_and_account_number(day):
    meeting, user, _receipt = day
    chair = User.objects.get(username="chair")
    actors = set(FloorEvent.objects.filter(meeting=meeting).values_list("actor", flat=True))

    assert f"focal_point:ISL#{user.pk}" in actors
    assert f"chair#{chair.pk}" in actors
    assert "focal_point:AUS" in actors  # a request replayed from the seed: no account
    assert all("@" not in actor and "Ragnarsdottir" not in actor for actor in actors)


def test_erasing_an_account_leaves_the_log_its_chain_and_the_receipt_valid(day):
    meeting, user, receipt = day
    before = list(FloorEvent.objects.filter(meeting=meeting).values_list("seq", "hash", "actor"))

    user.delete()

    after = list(FloorEvent.objects.filter(meeting=meeting).values_list("seq", "hash", "actor"))
    assert after == before
    assert verify(meeting).problems == []
    answer = Client().get(
        f"/api/v1/meetings/{meeting.slug}/receipts/{receipt.seq}?hash={receipt.hash}"
    )
    assert answer.status_code == 200
    assert answer.json()["valid"] is True
