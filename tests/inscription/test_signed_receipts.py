"""Signed receipts: every receipt carries the server's Ed25519 signature of (meeting, seq, hash,
time), checkable with the public key published at /api/v1/keys alone."""

import base64
import json

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.core import mail

from hemicycle.backup import verify_receipt
from tests.inscription.conftest import statement


def public_key(api, key_id):
    keys = api.get("/keys").json()["keys"]
    found = next(k for k in keys if k["key_id"] == key_id)
    return Ed25519PublicKey.from_public_bytes(base64.b64decode(found["public_key"]))


def documented_bytes(kind, meeting, seq, digest, at):
    """The canonical form as docs/receipts.md gives it, written out by hand."""
    return (
        f'{{"at":"{at}","hash":"{digest}","kind":"{kind}","meeting":"{meeting}","seq":{seq},"v":1}}'
    ).encode()


def test_the_receipt_is_signed_by_the_published_key(api, api_as, make_meeting):
    make_meeting()

    receipt = api_as("delegate").post("/meetings/dialogue/speakers", statement()).json()["receipt"]

    keys = api.get("/keys").json()["keys"]
    event = api.get("/meetings/dialogue/events").json()["events"][-1]
    assert receipt["meeting"] == "dialogue"
    assert [k["key_id"] for k in keys] == [receipt["key_id"]]
    assert keys[0]["algorithm"] == "Ed25519"
    assert keys[0]["retired_at"] is None
    assert (event["seq"], event["hash"]) == (receipt["seq"], receipt["hash"])
    assert receipt["received_at"] == event["at"]  # to the microsecond, as signed and hashed
    signed = documented_bytes("receipt", "dialogue", receipt["seq"], receipt["hash"], event["at"])
    public_key(api, receipt["key_id"]).verify(base64.b64decode(receipt["signature"]), signed)


def test_a_receipt_changed_in_any_signed_field_no_longer_verifies(api, api_as, make_meeting):
    make_meeting()
    receipt = api_as("delegate").post("/meetings/dialogue/speakers", statement()).json()["receipt"]
    key = public_key(api, receipt["key_id"])
    signature = base64.b64decode(receipt["signature"])
    fields = ("receipt", "dialogue", receipt["seq"], receipt["hash"], receipt["received_at"])

    for changed in (
        ("receipt", "other-meeting", *fields[2:]),
        ("checkpoint", *fields[1:]),
        (*fields[:2], receipt["seq"] + 1, *fields[3:]),
        (*fields[:3], "0" * 64, fields[4]),
        (*fields[:4], receipt["received_at"].replace("+00:00", "+01:00")),
    ):
        with pytest.raises(InvalidSignature):
            key.verify(signature, documented_bytes(*changed))


def test_the_key_id_is_the_digest_of_the_public_key(api, api_as, make_meeting):
    import hashlib

    make_meeting()
    api_as("delegate").post("/meetings/dialogue/speakers", statement())

    (key,) = api.get("/keys").json()["keys"]

    raw = base64.b64decode(key["public_key"])
    assert len(raw) == 32
    assert key["public_key_hex"] == raw.hex()
    assert key["key_id"] == hashlib.sha256(raw).hexdigest()[:16]


def test_the_private_key_lives_outside_the_database_readable_by_the_server_only(
    api, api_as, make_meeting, settings
):
    make_meeting()
    receipt = api_as("delegate").post("/meetings/dialogue/speakers", statement()).json()["receipt"]

    folder = settings.HEMICYCLE_SIGNING_DIR
    private = folder / f"{receipt['key_id']}.pem"
    assert private.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    assert private.stat().st_mode & 0o777 == 0o600
    assert folder.stat().st_mode & 0o077 == 0
    published = json.loads((folder / "keys.json").read_text())
    assert "PRIVATE" not in json.dumps(published)


def test_the_receipt_page_and_the_e_mail_carry_the_signature(
    client, api, api_as, make_meeting, accounts, tmp_path
):
    make_meeting()
    accounts["delegate"].email = "svn-1@example.org"
    accounts["delegate"].save()

    receipt = api_as("delegate").post("/meetings/dialogue/speakers", statement()).json()["receipt"]

    page = client.get(receipt["verify_url"]).content.decode()
    assert receipt["signature"] in page
    assert receipt["key_id"] in page
    (sent,) = mail.outbox
    assert f"Signature: {receipt['signature']}" in sent.body
    assert f"Signed by key: {receipt['key_id']} (http://127.0.0.1:8000/api/v1/keys)" in sent.body
    ((name, attached, kind),) = sent.attachments
    assert (name, kind) == (f"receipt-dialogue-{receipt['seq']}.json", "application/json")
    kept = json.loads(attached)
    assert {k: kept[k] for k in receipt} == receipt
    (tmp_path / "receipt.json").write_text(attached)  # as the delegation saves it
    (tmp_path / "keys.json").write_text(api.get("/keys").content.decode())
    assert verify_receipt.check(str(tmp_path / "receipt.json"), str(tmp_path / "keys.json")) == [
        f"signature ok: receipt dialogue seq {receipt['seq']}, key {receipt['key_id']}"
    ]


def test_the_signature_does_not_change_when_the_receipt_is_shown_again(
    api, api_as, make_meeting, client
):
    make_meeting()
    receipt = api_as("delegate").post("/meetings/dialogue/speakers", statement()).json()["receipt"]

    again = api.get(f"/meetings/dialogue/receipts/{receipt['seq']}", hash=receipt["hash"]).json()

    assert again["receipt"]["signature"] == receipt["signature"]  # Ed25519 is deterministic
    assert again["receipt"]["received_at"] == receipt["received_at"]
