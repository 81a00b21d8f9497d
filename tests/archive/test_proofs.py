"""`hemicycle verify` against signed checkpoints: a log cut short, emptied, rewritten with its hashes
recomputed, rolled back and forked, or a checkpoint of another meeting, by an unknown key, altered
or ahead of the log: each is named, exits 1, and nothing is written."""

import base64
import json
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import CommandError, call_command
from django.test import Client

from hemicycle.demo import loader
from hemicycle.floor.chain import GENESIS, event_hash
from hemicycle.proceedings import signing
from hemicycle.proceedings.models import Checkpoint, FloorEvent

SLUG = loader.SLUG
API = f"/api/v1/meetings/{SLUG}"


@pytest.fixture
def meeting(db):
    return loader.load()


def publish_checkpoint():
    """The checkpoint published with the list now, as anyone fetches it."""
    answer = Client().get(f"{API}/checkpoints/latest")
    assert answer.status_code == 200, answer.content
    return answer.json()


def everything(settings):
    """What verify must not change: the log, the checkpoints, the key directory."""
    folder = settings.HEMICYCLE_SIGNING_DIR
    files = (
        sorted((p.name, p.stat().st_mtime_ns) for p in folder.iterdir()) if folder.exists() else []
    )
    return (
        list(FloorEvent.objects.order_by("meeting", "seq").values_list()),
        list(Checkpoint.objects.order_by("pk").values_list()),
        files,
    )


def refused(settings, *args):
    """The message of `hemicycle verify ARGS`, which must fail with exit status 1, writing nothing."""
    before = everything(settings)
    with pytest.raises(CommandError) as failed:
        call_command("verify", *args)
    assert failed.value.returncode == 1
    assert everything(settings) == before
    return str(failed.value)


def recompute_chain(meeting, change):
    """A consistent forgery: `change` the rows, then hash the whole chain again (forge.py)."""
    rows = list(FloorEvent.objects.filter(meeting=meeting).order_by("seq"))
    change(rows)
    prev = GENESIS
    for row in rows:
        row.prev_hash = prev
        row.hash = prev = event_hash(
            prev, row.seq, row.type, row.payload, row.at, row.actor, row.command
        )
    FloorEvent.objects.bulk_update(rows, ["payload", "prev_hash", "hash"])


def kept(tmp_path, checkpoint, name="kept.json"):
    path = tmp_path / name
    path.write_text(json.dumps(checkpoint))
    return str(path)


def test_an_intact_log_matches_its_checkpoints(meeting, capsys):
    checkpoint = publish_checkpoint()
    last = FloorEvent.objects.filter(meeting=meeting).order_by("-seq").first()

    call_command("verify", SLUG)

    out = capsys.readouterr().out.splitlines()
    assert checkpoint["seq"] == last.seq
    assert checkpoint["hash"] == last.hash
    assert out[0].startswith(f"ok: {SLUG}: {last.seq} events, last hash {last.hash}")
    assert out[1] == (
        f"  matches the checkpoint of event {last.seq} signed {checkpoint['at']} by key "
        f"{checkpoint['key_id']}"
    )


def test_a_forged_event_is_named(meeting, settings):
    publish_checkpoint()
    event = FloorEvent.objects.get(meeting=meeting, seq=5)
    FloorEvent.objects.filter(pk=event.pk).update(payload={**event.payload, "speaker": "Forged"})

    message = refused(settings, SLUG)

    assert message.startswith(f"{SLUG}: forged event: broken at event 5: its content")


def test_a_truncated_tail_is_named(meeting, settings):
    checkpoint = publish_checkpoint()
    FloorEvent.objects.filter(meeting=meeting, seq__gt=checkpoint["seq"] - 10).delete()

    message = refused(settings, SLUG)

    assert message == (
        f"{SLUG}: truncated log: the log ends at event {checkpoint['seq'] - 10}, but the "
        f"checkpoint of event {checkpoint['seq']} signed {checkpoint['at']} by key "
        f"{checkpoint['key_id']} covers event {checkpoint['seq']}: the log is shorter than a "
        f"checkpoint (its tail cut off, or rolled back), the checkpoint ahead of it"
    )


def test_an_empty_log_is_named(meeting, settings):
    checkpoint = publish_checkpoint()
    FloorEvent.objects.filter(meeting=meeting).delete()

    message = refused(settings, SLUG).splitlines()

    assert message[0] == (
        f"{SLUG}: empty log: it has no event at all: there is nothing to prove an order by"
    )
    assert message[1].startswith(f"{SLUG}: truncated log: the log ends at event 0, but the ")
    assert f"covers event {checkpoint['seq']}" in message[1]


def test_an_empty_log_without_a_checkpoint_is_named_too(meeting, settings):
    FloorEvent.objects.filter(meeting=meeting).delete()

    assert refused(settings, SLUG) == (
        f"{SLUG}: empty log: it has no event at all: there is nothing to prove an order by"
    )


def test_a_chain_rewritten_with_recomputed_hashes_is_named(meeting, settings, capsys):
    checkpoint = publish_checkpoint()

    def head_of_state(rows):
        fifth = next(r for r in rows if r.seq == 5)
        fifth.payload = {**fifth.payload, "speaker": "Forged", "level": "head_of_state"}

    recompute_chain(meeting, head_of_state)
    Checkpoint.objects.all().delete()  # without a checkpoint, the links alone hold
    call_command("verify", SLUG)
    assert "no signed checkpoint yet" in capsys.readouterr().out

    message = refused(settings, SLUG, "--checkpoint", kept(settings.DATA_DIR, checkpoint))

    assert message.startswith(f"{SLUG}: rewritten log: event {checkpoint['seq']} hashes to ")
    assert f"says {checkpoint['hash'][:16]}…: the log up to it was rewritten" in message


def test_a_rollback_below_a_checkpoint_then_a_fork_is_named(meeting, settings, token_for):
    checkpoint = publish_checkpoint()
    FloorEvent.objects.filter(meeting=meeting, seq__gt=checkpoint["seq"] - 3).delete()
    from hemicycle.proceedings import store

    store.forget_cache()
    refused_truncated = refused(settings, SLUG)
    for code in ("TUV", "NRU", "PLW", "KIR"):  # new events past the checkpoint's seq
        answer = Client().post(
            f"{API}/speakers",
            {"delegation": code, "speaker": "X"},
            content_type="application/json",
            headers=token_for("secretariat"),
        )
        assert answer.status_code == 201, answer.content
    assert FloorEvent.objects.filter(meeting=meeting).count() > checkpoint["seq"]

    message = refused(settings, SLUG)

    assert "truncated log" in refused_truncated
    assert message.startswith(f"{SLUG}: rewritten log: event {checkpoint['seq']} hashes to ")


def test_a_checkpoint_signed_by_an_unknown_key_is_named(meeting, settings, tmp_path):
    checkpoint = publish_checkpoint()
    stranger = Ed25519PrivateKey.generate()
    raw = stranger.public_key().public_bytes_raw()
    signed = signing.signed_bytes(
        "checkpoint", SLUG, checkpoint["seq"], checkpoint["hash"], datetime.now(UTC)
    )
    forged = {
        **checkpoint,
        "at": json.loads(signed)["at"],
        "key_id": signing.key_id_of(raw),
        "signature": base64.b64encode(stranger.sign(signed)).decode(),
    }

    message = refused(settings, SLUG, "--checkpoint", kept(tmp_path, forged))

    assert message.startswith(f"{SLUG}: unknown key: the checkpoint of event {checkpoint['seq']}")
    assert f"key {signing.key_id_of(raw)} is not among this server's published keys" in message


def test_an_altered_checkpoint_is_named(meeting, settings, tmp_path):
    checkpoint = publish_checkpoint()
    altered = {**checkpoint, "seq": checkpoint["seq"] - 1}

    message = refused(settings, SLUG, "--checkpoint", kept(tmp_path, altered))

    assert message.startswith(f"{SLUG}: bad signature: the checkpoint of event ")
    assert "its signature does not match its meeting, seq, hash and time" in message


def test_a_checkpoint_of_another_meeting_is_named(meeting, settings, tmp_path, make_meeting):
    other = make_meeting("other")
    from hemicycle.proceedings import checkpoints

    theirs = checkpoints.as_json(checkpoints.at_conclusion(other))

    message = refused(settings, SLUG, "--checkpoint", kept(tmp_path, theirs))

    assert message == (
        f"{SLUG}: another meeting: the checkpoint of event {theirs['seq']} signed {theirs['at']} "
        f"by key {theirs['key_id']} is of meeting “other”, not of “{SLUG}”"
    )


def test_a_kept_checkpoint_ahead_of_the_log_is_named(meeting, settings, tmp_path):
    """The server's own checkpoints went with the tail: the one a delegation kept still tells."""
    checkpoint = publish_checkpoint()
    FloorEvent.objects.filter(meeting=meeting, seq__gt=checkpoint["seq"] - 1).delete()
    Checkpoint.objects.all().delete()

    message = refused(settings, SLUG, "--checkpoint", kept(tmp_path, checkpoint))

    assert message.startswith(
        f"{SLUG}: truncated log: the log ends at event {checkpoint['seq'] - 1}, but the checkpoint"
    )
    assert "the checkpoint ahead of it" in message


def test_a_kept_list_of_checkpoints_is_read_and_one_meeting_must_be_named(
    meeting, settings, tmp_path, capsys
):
    publish_checkpoint()
    listed = Client().get(f"{API}/checkpoints").json()
    path = kept(tmp_path, listed)

    call_command("verify", SLUG, "--checkpoint", path)
    with pytest.raises(CommandError, match="Name the one meeting"):
        call_command("verify", "--checkpoint", path)

    assert capsys.readouterr().out.count("  matches the checkpoint of event") == 2


def test_a_replaced_meeting_keeps_its_checkpoints_so_an_older_export_is_a_rollback(
    meeting, settings, tmp_path, token_for, capsys
):
    settings.HEMICYCLE_CHECKPOINT_EVERY_S = 0
    older = tmp_path / "older.json"
    call_command("export", SLUG, "--out", str(older))
    answer = Client().post(
        f"{API}/speakers",
        {"delegation": "TUV", "speaker": "Ian Fry"},
        content_type="application/json",
        headers=token_for("secretariat"),
    )
    assert answer.status_code == 201, answer.content
    checkpoint = publish_checkpoint()
    newer = tmp_path / "newer.json"
    call_command("export", SLUG, "--out", str(newer))

    call_command("import", str(newer), "--replace")
    call_command("verify", SLUG)
    assert f"matches the checkpoint of event {checkpoint['seq']}" in capsys.readouterr().out
    call_command("import", str(older), "--replace")
    noted = capsys.readouterr().err

    assert "the imported log does not hold 1 of the 1 checkpoints signed" in noted
    assert refused(settings, SLUG).startswith(
        f"{SLUG}: truncated log: the log ends at event {checkpoint['seq'] - 1}, but the checkpoint"
    )
