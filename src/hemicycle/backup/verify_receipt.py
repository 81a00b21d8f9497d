"""Check a Hemicycle receipt or checkpoint with public data alone (docs/receipts.md). Standalone:
the standard library and `cryptography`; `hemicycle verify-receipt` runs this same file.

  python verify_receipt.py RECEIPT.json KEYS [--meeting SLUG] [--log EVENTS]

RECEIPT.json: a receipt (the API's answer, the e-mail's file) or a checkpoint (…/checkpoints/latest).
KEYS: https://HOST/api/v1/keys, or a copy. EVENTS: https://HOST/api/v1/meetings/SLUG/events, or a
file of its events (an export): then the receipt's event must be in that log, and the log unbroken.
"""

import argparse
import base64
import hashlib
import json
import sys
import urllib.request
from datetime import UTC, datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


class Failed(Exception):
    """(name, why): what does not hold."""


def load(where):
    if where.startswith(("http://", "https://")):
        with urllib.request.urlopen(where, timeout=60) as answer:
            return json.load(answer)
    with open(where, encoding="utf-8") as file:
        return json.load(file)


def canonical(data):  # the bytes that are hashed and signed
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def exact(moment):  # a time as hashed and signed: UTC, to the microsecond
    return datetime.fromisoformat(moment).astimezone(UTC).isoformat(timespec="microseconds")


def event_hash(prev, e):  # floor/chain.py's event_hash, from an event as /events serves it
    body = {"prev": prev, "seq": e["seq"], "type": e["type"], "payload": e["payload"]}
    body |= {"at": exact(e["at"]), "actor": e["actor"], "command": e["command"]}
    return hashlib.sha256(canonical(body)).hexdigest()


def signed_bytes(kind, doc, at):  # proceedings/signing.py's signed_bytes
    body = {"v": 1, "kind": kind, "meeting": doc["meeting"], "seq": doc["seq"], "hash": doc["hash"]}
    return canonical(body | {"at": exact(at)})


def events(where):
    if not where.startswith(("http://", "https://")):
        found = load(where)
        return found["events"] if isinstance(found, dict) else found
    found, after = [], 0
    while after is not None:
        page = load(f"{where}?after={after}&limit=1000")
        found, after = found + page["events"], page["next_after"]
    return found


def check(receipt, keys, meeting=None, log=None):
    doc = load(receipt)
    doc = doc.get("receipt", doc)  # the whole answer of a request to speak will do
    kind, at = (
        ("receipt", doc["received_at"]) if "received_at" in doc else ("checkpoint", doc["at"])
    )
    meeting = meeting or (log.rstrip("/").split("/")[-2] if log and "/meetings/" in log else None)
    if meeting and doc["meeting"] != meeting:
        raise Failed("another meeting", f"this {kind} is of “{doc['meeting']}”, not “{meeting}”")
    key = {k["key_id"]: k for k in load(keys)["keys"]}.get(doc["key_id"])
    if key is None:
        raise Failed("unknown key", f"key {doc['key_id']} is not among the published keys")
    try:
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(key["public_key"]))
        public.verify(base64.b64decode(doc["signature"]), signed_bytes(kind, doc, at))
    except (InvalidSignature, ValueError):
        raise Failed("bad signature", f"the signature is not key {key['key_id']}'s") from None
    said = [f"signature ok: {kind} {doc['meeting']} seq {doc['seq']}, key {key['key_id']}"]
    if log is None:
        return said
    prev, hashes = "0" * 64, {}
    for e in events(log):
        if e["prev_hash"] != prev or event_hash(prev, e) != e["hash"]:
            raise Failed("broken log", f"event {e['seq']} does not hash and chain as it should")
        prev = hashes[e["seq"]] = e["hash"]
    if hashes.get(doc["seq"]) != doc["hash"]:
        ends = f"the log ends at event {max(hashes, default=0)}"
        raise Failed("not in the log", f"event {doc['seq']} of the log is not this hash ({ends})")
    return [*said, f"in the log: event {doc['seq']} of {len(hashes)}, the chain unbroken"]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("receipt", help="the receipt's or checkpoint's JSON file")
    parser.add_argument("keys", help="the published keys: a URL or a file")
    parser.add_argument("--meeting", help="the meeting it must be of (its short name)")
    parser.add_argument("--log", help="the meeting's events: a URL or a file")
    args = parser.parse_args(argv)
    try:
        print("\n".join(check(args.receipt, args.keys, args.meeting, args.log)))
    except Failed as failed:
        print(f"FAILED, {failed.args[0]}: {failed.args[1]}", file=sys.stderr)
        return 1
    except (OSError, ValueError, KeyError, TypeError) as bad:  # a file or an answer not as said
        print(f"FAILED, unreadable: {bad!r}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
