"""`hemicycle verify-receipt` and the standalone verifier (backup/verify_receipt.py): a receipt or a
checkpoint checked with public data alone; another meeting's, an unknown key's, an altered one or
one whose event is not in the log is named, with exit status 1."""

import ast
import base64
import json
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import CommandError, call_command
from django.test import Client

from hemicycle.backup import verify_receipt
from hemicycle.demo import loader
from hemicycle.floor import chain
from hemicycle.proceedings import signing
from hemicycle.proceedings.models import FloorEvent
from tests.archive.test_proofs import everything, recompute_chain
from tests.conftest import serve_demo

SLUG = loader.SLUG
API = f"/api/v1/meetings/{SLUG}"
SCRIPT = Path(verify_receipt.__file__)


@pytest.fixture
def meeting(db):
    return loader.load()


@pytest.fixture
def receipt(meeting, token_for, tmp_path):
    """A receipt the secretariat was given for Tuvalu's request, kept as a file."""
    answer = Client().post(
        f"{API}/speakers",
        {"delegation": "TUV", "speaker": "Ian Fry"},
        content_type="application/json",
        headers=token_for("secretariat"),
    )
    assert answer.status_code == 201, answer.content
    path = tmp_path / "receipt.json"
    path.write_text(json.dumps(answer.json()["receipt"]))
    return path


def served_log(tmp_path):
    """The meeting's public log, every page of it, kept as a file."""
    events, after = [], 0
    while after is not None:
        page = Client().get(f"{API}/events", {"after": after}).json()
        events, after = events + page["events"], page["next_after"]
    path = tmp_path / "events.json"
    path.write_text(json.dumps({"events": events}))
    return path, events


def refused(settings, *args):
    before = everything(settings)
    with pytest.raises(CommandError) as failed:
        call_command("verify-receipt", *map(str, args))
    assert failed.value.returncode == 1
    assert everything(settings) == before
    return str(failed.value)


def test_the_verifiers_canonical_forms_are_the_servers(meeting, receipt, tmp_path):
    """If the hashed or the signed form changes, the standalone verifier must change with it."""
    _path, events = served_log(tmp_path)
    prev = chain.GENESIS
    for served, stored in zip(events, FloorEvent.objects.filter(meeting=meeting), strict=True):
        expected = chain.event_hash(
            prev, stored.seq, stored.type, stored.payload, stored.at, stored.actor, stored.command
        )
        assert verify_receipt.event_hash(prev, served) == expected == served["hash"]
        prev = expected
    kept = json.loads(receipt.read_text())
    row = FloorEvent.objects.get(meeting=meeting, seq=kept["seq"])
    assert verify_receipt.signed_bytes(
        "receipt", kept, kept["received_at"]
    ) == signing.signed_bytes("receipt", SLUG, row.seq, row.hash, row.at)


def test_the_verifier_needs_only_the_standard_library_and_cryptography():
    imported = set()
    for node in ast.walk(ast.parse(SCRIPT.read_text())):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module.split(".")[0])
    assert imported - set(sys.stdlib_module_names) == {"cryptography"}


def test_a_genuine_receipt_verifies_and_stands_in_the_log(receipt, tmp_path, capsys):
    log, events = served_log(tmp_path)

    call_command("verify-receipt", str(receipt), "--meeting", SLUG, "--log", str(log))

    kept = json.loads(receipt.read_text())
    assert capsys.readouterr().out.splitlines() == [
        f"signature ok: receipt {SLUG} seq {kept['seq']}, key {kept['key_id']}",
        f"in the log: event {kept['seq']} of {len(events)}, the chain unbroken",
    ]


def test_another_meetings_receipt_is_named(receipt, settings):
    message = refused(settings, receipt, "--meeting", "hlm-2014")

    assert message == f"FAILED, another meeting: this receipt is of “{SLUG}”, not “hlm-2014”"


def test_a_receipt_signed_by_an_unknown_key_is_named(receipt, settings, tmp_path):
    kept = json.loads(receipt.read_text())
    stranger = Ed25519PrivateKey.generate()
    key_id = signing.key_id_of(stranger.public_key().public_bytes_raw())
    signed = verify_receipt.signed_bytes("receipt", kept, kept["received_at"])
    forged = tmp_path / "forged.json"
    forged.write_text(
        json.dumps(
            {
                **kept,
                "key_id": key_id,
                "signature": base64.b64encode(stranger.sign(signed)).decode(),
            }
        )
    )

    message = refused(settings, forged)

    assert message == f"FAILED, unknown key: key {key_id} is not among the published keys"


def test_an_altered_receipt_is_a_bad_signature(receipt, settings, tmp_path):
    kept = json.loads(receipt.read_text())
    altered = tmp_path / "altered.json"
    altered.write_text(json.dumps({**kept, "seq": kept["seq"] - 40}))  # an earlier place

    message = refused(settings, altered)

    assert message == f"FAILED, bad signature: the signature is not key {kept['key_id']}'s"


def test_a_receipt_whose_hash_is_no_longer_in_the_log_is_named(
    meeting, receipt, settings, tmp_path
):
    """The log was rewritten after the receipt was given, its hashes recomputed: the chain holds,
    but the signed receipt's hash is not in it."""

    def head_of_state(rows):
        fifth = next(r for r in rows if r.seq == 5)
        fifth.payload = {**fifth.payload, "level": "head_of_state"}

    recompute_chain(meeting, head_of_state)
    log, events = served_log(tmp_path)
    kept = json.loads(receipt.read_text())

    message = refused(settings, receipt, "--log", log)

    assert message == (
        f"FAILED, not in the log: event {kept['seq']} of the log is not this hash "
        f"(the log ends at event {events[-1]['seq']})"
    )


def test_a_broken_log_is_named(meeting, receipt, settings, tmp_path):
    event = FloorEvent.objects.get(meeting=meeting, seq=7)
    FloorEvent.objects.filter(pk=event.pk).update(actor="someone else")
    log, _events = served_log(tmp_path)

    message = refused(settings, receipt, "--log", log)

    assert message == "FAILED, broken log: event 7 does not hash and chain as it should"


def test_an_unreadable_file_is_named(settings, tmp_path, db):
    (tmp_path / "receipt.json").write_text("{not json")

    assert refused(settings, tmp_path / "receipt.json").startswith("FAILED, unreadable: ")


@pytest.fixture
def own_keys(settings, tmp_path):
    """Keys of this test's own (the suite's are not rotated under the other tests)."""
    settings.HEMICYCLE_SIGNING_DIR = tmp_path / "signing"


def test_key_rotation_new_key_signs_old_receipts_and_checkpoints_still_verify(
    own_keys, receipt, settings, tmp_path, capsys, token_for
):
    old = json.loads(receipt.read_text())
    checkpoint = Client().get(f"{API}/checkpoints/latest").json()
    old_private = settings.HEMICYCLE_SIGNING_DIR / f"{old['key_id']}.pem"
    assert old_private.exists()

    call_command("rotate-key")
    out = capsys.readouterr().out
    answer = Client().post(
        f"{API}/speakers",
        {"delegation": "NRU", "speaker": "Marlene Moses"},
        content_type="application/json",
        headers=token_for("secretariat"),
    )
    new = answer.json()["receipt"]
    keys = Client().get("/api/v1/keys").json()["keys"]
    renewed = tmp_path / "new.json"
    renewed.write_text(json.dumps(new))
    kept_checkpoint = tmp_path / "checkpoint.json"
    kept_checkpoint.write_text(json.dumps(checkpoint))

    assert out.startswith(f"retired: {old['key_id']} (still published, no longer signs)\n")
    assert new["key_id"] != old["key_id"]
    assert f"signing with: {new['key_id']}" in out
    assert [(k["key_id"], k["retired_at"] is None) for k in keys] == [
        (old["key_id"], False),
        (new["key_id"], True),
    ]
    assert not old_private.exists()  # the retired key signs nothing any more
    assert (settings.HEMICYCLE_SIGNING_DIR / f"{new['key_id']}.pem").stat().st_mode & 0o777 == 0o600
    for kept in (receipt, renewed, kept_checkpoint):
        call_command("verify-receipt", str(kept))
    assert capsys.readouterr().out.count("signature ok") == 3
    call_command("verify", SLUG, "--checkpoint", str(kept_checkpoint))
    assert f"by key {old['key_id']}" in capsys.readouterr().out


def test_a_lost_private_key_is_retired_and_a_new_one_signs(
    own_keys, receipt, settings, tmp_path, capsys, token_for
):
    """A data directory restored without its private key: the next start (or signature) makes a
    new key and retires the lost one, whose receipts still verify; no request fails for it."""
    old = json.loads(receipt.read_text())
    (settings.HEMICYCLE_SIGNING_DIR / f"{old['key_id']}.pem").unlink()
    signing._loaded = None  # a new process: nothing of the key in memory

    answer = Client().post(
        f"{API}/speakers",
        {"delegation": "NRU", "speaker": "Marlene Moses"},
        content_type="application/json",
        headers=token_for("secretariat"),
    )

    assert answer.status_code == 201, answer.content
    new = answer.json()["receipt"]
    keys = Client().get("/api/v1/keys").json()["keys"]
    assert [(k["key_id"], k["retired_at"] is None) for k in keys] == [
        (old["key_id"], False),
        (new["key_id"], True),
    ]
    renewed = tmp_path / "new.json"
    renewed.write_text(json.dumps(new))
    for kept in (receipt, renewed):
        call_command("verify-receipt", str(kept))
    assert capsys.readouterr().out.count("signature ok") == 2


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    server = serve_demo(tmp_path_factory.mktemp("proofs"), "hemicycle_proofs")
    yield server
    server.stop()


def test_the_standalone_script_verifies_a_served_demos_receipt_and_checkpoint(demo, tmp_path):
    answer = httpx.post(
        f"{demo.url}{API}/speakers",
        json={"delegation": "TUV", "speaker": "Ian Fry"},
        headers=demo.token("secretariat"),
    )
    assert answer.status_code == 201, answer.text
    (tmp_path / "receipt.json").write_text(answer.text)  # the whole answer, as a client keeps it
    (tmp_path / "checkpoint.json").write_text(httpx.get(f"{demo.url}{API}/checkpoints/latest").text)
    script = shutil.copy(SCRIPT, tmp_path / "verify_receipt.py")  # away from Hemicycle's code

    def run(*args):
        return subprocess.run(
            [sys.executable, "-I", script, *args], capture_output=True, text=True, cwd=tmp_path
        )

    keys, log = f"{demo.url}/api/v1/keys", f"{demo.url}{API}/events"
    genuine = run("receipt.json", keys, "--log", log)
    checkpoint = run("checkpoint.json", keys, "--log", log)
    elsewhere = run("receipt.json", keys, "--log", f"{demo.url}/api/v1/meetings/hlm-2014/events")

    seq = answer.json()["receipt"]["seq"]
    assert genuine.returncode == 0, genuine.stderr
    assert genuine.stdout.splitlines()[0].startswith(f"signature ok: receipt {SLUG} seq {seq}, key")
    assert genuine.stdout.splitlines()[1].startswith(f"in the log: event {seq} of ")
    assert checkpoint.returncode == 0, checkpoint.stderr
    assert checkpoint.stdout.startswith(f"signature ok: checkpoint {SLUG} seq ")
    assert elsewhere.returncode == 1
    assert elsewhere.stderr.startswith("FAILED, another meeting: this receipt is of")


def test_verify_exits_1_on_the_command_line_for_a_checkpoint_that_does_not_hold(demo, tmp_path):
    checkpoint = httpx.get(f"{demo.url}{API}/checkpoints/latest").json()
    altered = tmp_path / "altered.json"
    altered.write_text(json.dumps({**checkpoint, "hash": "0" * 64}))

    done = subprocess.run(
        [sys.executable, "-m", "hemicycle", "verify", SLUG, "--checkpoint", str(altered)],
        env=demo.env,
        capture_output=True,
        text=True,
    )

    assert done.returncode == 1
    assert f"{SLUG}: bad signature: the checkpoint of event {checkpoint['seq']}" in done.stderr
