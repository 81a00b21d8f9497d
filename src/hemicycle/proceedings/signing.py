"""The server's signature on what it gives out: receipts and checkpoints of the log.

An Ed25519 key, made at the server's first start and kept in its own directory outside the
database (HEMICYCLE_SIGNING_DIR, by default `signing/` in the data directory, readable by the
server's user only). Every public key the server has signed with is listed in `keys.json` beside it
and published at `/api/v1/keys`: after a rotation (`hemicycle rotate-key`) the new key signs, and
the old ones stay listed, marked retired, so that what they signed can still be checked. What is
signed, byte for byte, is `signed_bytes` (docs/receipts.md); anyone can check it with the public
key alone (`backup/verify_receipt.py`).
"""

import base64
import contextlib
import fcntl
import hashlib
import json
import logging
import os
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.utils import timezone

from hemicycle.floor.chain import canonical_time

log = logging.getLogger(__name__)
ALGORITHM = "Ed25519"
FORMAT = 1  # the version of `signed_bytes`; a new form gets a new number, the old one stays valid
RECEIPT = "receipt"
CHECKPOINT = "checkpoint"


def signed_bytes(kind: str, meeting: str, seq: int, digest: str, at: datetime) -> bytes:
    """What is signed: the canonical JSON (keys sorted, no spaces, UTF-8) of a receipt's or a
    checkpoint's meeting, seq, hash and time, with its kind and this form's version, e.g.
    {"at":"2013-09-11T14:00:01.234567+00:00","hash":"9b76…","kind":"receipt","meeting":"r2p-2013","seq":82,"v":1}
    """
    body = {
        "v": FORMAT,
        "kind": kind,
        "meeting": meeting,
        "seq": seq,
        "hash": digest,
        "at": canonical_time(at),
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def key_id_of(raw_public_key: bytes) -> str:
    """A key's short name: the first 16 hex digits of the sha256 of its 32 raw bytes."""
    return hashlib.sha256(raw_public_key).hexdigest()[:16]


@dataclass(frozen=True)
class PublicKey:
    """A public key the server signs or signed with: published, never withdrawn."""

    key_id: str
    raw: bytes
    valid_from: datetime
    retired_at: datetime | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "key_id": self.key_id,
            "algorithm": ALGORITHM,
            "public_key": base64.b64encode(self.raw).decode(),
            "public_key_hex": self.raw.hex(),
            "valid_from": canonical_time(self.valid_from),
            "retired_at": canonical_time(self.retired_at) if self.retired_at else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "PublicKey":
        retired = data.get("retired_at")
        return cls(
            key_id=str(data["key_id"]),
            raw=base64.b64decode(data["public_key"]),
            valid_from=datetime.fromisoformat(data["valid_from"]),
            retired_at=datetime.fromisoformat(retired) if retired else None,
        )


@dataclass(frozen=True)
class Signature:
    key_id: str
    value: str  # base64 of the 64 bytes of the Ed25519 signature


class SigningError(Exception):
    """The key directory cannot be read or written; the message says what to do."""


def directory() -> Path:
    return Path(settings.HEMICYCLE_SIGNING_DIR)


def _manifest() -> Path:
    return directory() / "keys.json"


def published_keys() -> list[PublicKey]:
    """Every key the server has signed with, oldest first; [] before the first is made. Reads
    only: `hemicycle verify` uses it and writes nothing."""
    try:
        data = json.loads(_manifest().read_text())
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as bad:
        raise SigningError(f"The list of public keys {_manifest()} cannot be read: {bad}") from None
    return [PublicKey.from_json(k) for k in data.get("keys", [])]


def check(
    kind: str,
    meeting: str,
    seq: int,
    digest: str,
    at: datetime,
    signature: Signature,
    keys: Sequence[PublicKey],
) -> str:
    """ "" if `signature` is a signature by one of `keys` of that receipt or checkpoint; otherwise
    "unknown_key" or "bad_signature"."""
    key = next((k for k in keys if k.key_id == signature.key_id), None)
    if key is None:
        return "unknown_key"
    try:
        Ed25519PublicKey.from_public_bytes(key.raw).verify(
            base64.b64decode(signature.value, validate=True),
            signed_bytes(kind, meeting, seq, digest, at),
        )
    except (InvalidSignature, ValueError):
        return "bad_signature"
    return ""


# -- the current key: loaded once per process, again when the list of keys changes (a rotation) ---

_loaded: tuple[tuple[str, int, int], str, Ed25519PrivateKey] | None = None
_lock = threading.Lock()


def sign(kind: str, meeting: str, seq: int, digest: str, at: datetime) -> Signature:
    """The current key's signature of `signed_bytes(...)`; the key is made if there is none."""
    key_id, private = _current()
    value = private.sign(signed_bytes(kind, meeting, seq, digest, at))
    return Signature(key_id, base64.b64encode(value).decode())


def _current() -> tuple[str, Ed25519PrivateKey]:
    global _loaded
    stamp = _stamp()
    loaded = _loaded
    if loaded is not None and loaded[0] == stamp:
        return loaded[1], loaded[2]
    with _lock:
        ensure_key()
        stamp = _stamp()
        current = next(k for k in published_keys() if k.retired_at is None)
        private = _read_private(current.key_id)
        _loaded = (stamp, current.key_id, private)
        return current.key_id, private


def _stamp() -> tuple[str, int, int]:
    """What tells this process that the list of keys changed under it."""
    try:
        found = _manifest().stat()
    except FileNotFoundError:
        return (str(_manifest()), 0, 0)
    return (str(_manifest()), found.st_mtime_ns, found.st_ino)


def _private_path(key_id: str) -> Path:
    return directory() / f"{key_id}.pem"


def _read_private(key_id: str) -> Ed25519PrivateKey:
    try:
        loaded = serialization.load_pem_private_key(_private_path(key_id).read_bytes(), None)
    except (OSError, ValueError) as bad:
        raise SigningError(
            f"The signing key {_private_path(key_id)} cannot be read ({bad}); if it is lost, "
            f"make a new one with `hemicycle rotate-key`."
        ) from None
    if not isinstance(loaded, Ed25519PrivateKey):
        raise SigningError(f"{_private_path(key_id)} is not an Ed25519 key.")
    return loaded


@contextlib.contextmanager
def _exclusive() -> Iterator[None]:
    """The key directory to this process alone (two workers starting at once make one key)."""
    folder = directory()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    with (folder / ".lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def ensure_key() -> PublicKey:
    """The current public key, made now (at the server's first start) if there is none, or if its
    private key is gone (a data directory restored without it): then the lost one is retired."""
    current = [k for k in published_keys() if k.retired_at is None]
    if current and _private_path(current[0].key_id).exists():
        return current[0]
    with _exclusive():
        current = [k for k in published_keys() if k.retired_at is None]
        if current and _private_path(current[0].key_id).exists():
            return current[0]
        if current:
            log.warning(
                "the signing key %s is lost: a new one signs from now on", current[0].key_id
            )
            return _rotate_locked(timezone.now())[1]
        return _add_key(published_keys(), timezone.now())


def rotate(now: datetime | None = None) -> tuple[PublicKey | None, PublicKey]:
    """A new key signs from now on; the current one is retired (its public key stays published,
    its private key is deleted). Returns (the retired key or None, the new key)."""
    with _exclusive():
        return _rotate_locked((now or timezone.now()).astimezone(UTC))


def _rotate_locked(moment: datetime) -> tuple[PublicKey | None, PublicKey]:
    keys = published_keys()
    old = next((k for k in keys if k.retired_at is None), None)
    if old is None:
        return None, _add_key(keys, moment)
    retired = PublicKey(old.key_id, old.raw, old.valid_from, moment.astimezone(UTC))
    new = _add_key([retired if k.key_id == old.key_id else k for k in keys], moment)
    _private_path(old.key_id).unlink(missing_ok=True)
    return retired, new


def _add_key(keys: list[PublicKey], now: datetime) -> PublicKey:
    """Make a key, store its private half (mode 0600), then publish its public half (the list is
    replaced in one rename: a reader sees the old list or the new, never half of one)."""
    private = Ed25519PrivateKey.generate()
    raw = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    key = PublicKey(key_id_of(raw), raw, now.astimezone(UTC))
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path = _private_path(key.key_id)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(pem)
        out.flush()
        os.fsync(out.fileno())
    path.chmod(0o600)
    listed = {"algorithm": ALGORITHM, "keys": [k.as_json() for k in [*keys, key]]}
    temporary = _manifest().with_suffix(".tmp")
    with temporary.open("w") as out:
        json.dump(listed, out, indent=2)
        out.flush()
        os.fsync(out.fileno())
    temporary.chmod(0o644)
    os.replace(temporary, _manifest())
    return key
