"""The API fuzzed against its own OpenAPI document (issue #6): schemathesis generates requests for
every operation of `/api/v1/openapi.json`, valid and invalid (odd unicode, NUL bytes, huge
integers, wrong types, missing fields), and sends them to a real server with the demo loaded,
first without credentials, then as the secretariat (so that the write operations go through). Every
answer must be documented: no 5xx, a declared status code and content type, a body that matches
its schema.

The server is its own uvicorn process on a throwaway data dir (and, when the suite runs on
PostgreSQL, its own database), so the requests it records disturb no other test. Bounded and
seeded: the same requests on every run, some 3,100 of them; under two minutes on two cores.
"""

import csv
import json
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from ninja.responses import NinjaJSONEncoder
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from hemicycle import delegations, demo
from hemicycle.floor.commands import KINDS
from hemicycle.floor.precedence import LEVELS
from tests.conftest import Served, serve_demo

pytestmark = pytest.mark.fuzz

SLUG = "r2p-2013"
DEMO = json.loads((Path(demo.__file__).parent / f"{SLUG}.json").read_text())
SEGMENTS = [segment["key"] for segment in DEMO["segments"]]
ON_THE_LIST = sorted({request["delegation"] for request in DEMO["requests"]})
with (Path(delegations.__file__).parent / "data" / "member_states.csv").open() as states:
    NOT_ON_IT = [s["code"] for s in csv.DictReader(states) if s["code"] not in ON_THE_LIST]
# Forty that fuzzing may inscribe (each inscription takes one), three on the list already (409).
DELEGATIONS = [*NOT_ON_IT[:40], *ON_THE_LIST[:3]]
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
SETTINGS: dict[str, Any] = {
    # The seed meeting's day: every run sends the same requests. To explore further, set
    # HEMICYCLE_FUZZ_SEED (and HEMICYCLE_FUZZ_EXAMPLES, per operation and phase).
    "seed": int(os.environ.get("HEMICYCLE_FUZZ_SEED", "20130911")),
    "cache": {"enabled": False},  # no .schemathesis/ directory in the work tree
    "generation": {
        "max-examples": int(os.environ.get("HEMICYCLE_FUZZ_EXAMPLES", "50")),
        "database": "none",
        # Besides what Hypothesis draws, now and then a value known to have broken servers.
        "dictionaries": {
            "string": {"dictionary": "odd-text", "probability": 0.2},
            "integer": {"dictionary": "odd-numbers", "probability": 0.1},
        },
    },
    "phases": {"examples": {"enabled": False}, "stateful": {"enabled": False}},
    # Drawn values are steered, most of the time, onto what the demo holds: its meeting, its
    # requests to speak, delegations that exist (some already inscribed), so that the operations
    # get past "not found" and do what they do; the rest stay as drawn.
    "dictionaries": {
        # NUL (PostgreSQL refuses it in text), right-to-left overrides, astral and combining
        # characters, Arabic and Chinese (names on the list are in all six languages).
        "odd-text": {
            "values": [
                "\x00",
                "Andrej\x00Logar",
                "\u202eFRA",
                "𝔉𝔯𝔞𝔫𝔠𝔢",
                "e\u0301",
                "ﷺ",
                "中国",
                " ",
            ]
        },
        "odd-numbers": {"values": [0, -1, 2**31, 2**63 - 1, 2**63, 2**64, 2**70, -(2**63) - 1]},
        "slugs": {"values": [SLUG]},
        "levels": {"values": list(LEVELS)},
        "kinds": {"values": list(KINDS)},
        "segments": {"values": SEGMENTS},
        "entries": {"values": list(range(1, 91))},
        "delegations": {"values": DELEGATIONS},
    },
    "parameters": {
        "path.slug": {"dictionary": "slugs", "probability": 0.75},
        "path.entry_id": {"dictionary": "entries", "probability": 0.75},
        "body.entry": {"dictionary": "entries", "probability": 0.75},
        "body.delegation": {"dictionary": "delegations", "probability": 0.9},
        "body.level": {"dictionary": "levels", "probability": 0.8},
        "body.kind": {"dictionary": "kinds", "probability": 0.8},
        "body.segment": {"dictionary": "segments", "probability": 0.8},
    },
}


def _document() -> dict[str, Any]:
    """The OpenAPI document that /api/v1/openapi.json serves (the served one is compared with it
    below); read in-process, so that pytest collects one test per operation."""
    from hemicycle.api import api

    return json.loads(json.dumps(api.get_openapi_schema(), cls=NinjaJSONEncoder))


DOCUMENT = _document()


def _sendable(values: Any) -> bool:
    """Whether HTTP can carry these header or cookie values at all: a NUL or a line break in a
    header is refused by the server's HTTP parser (uvicorn's plain-text 400) before the API sees
    the request, so such a case tests the client library, not the API."""
    return not isinstance(values, dict) or not any(
        isinstance(value, str) and any(ord(c) < 0x20 or ord(c) == 0x7F for c in value)
        for value in values.values()
    )


def fuzzing(*, with_security_parameters: bool) -> Any:
    """The document, as schemathesis fuzzes it with SETTINGS."""
    settings = {
        **SETTINGS,
        "generation": {
            **SETTINGS["generation"],
            "with-security-parameters": with_security_parameters,
        },
    }
    loaded = schemathesis.openapi.from_dict(DOCUMENT, config=SchemathesisConfig.from_dict(settings))

    @loaded.hook
    def filter_headers(context: Any, headers: Any) -> bool:
        return _sendable(headers)

    @loaded.hook
    def filter_cookies(context: Any, cookies: Any) -> bool:
        return _sendable(cookies)

    return loaded


# Without credentials, schemathesis makes up tokens and session cookies (401, a CSRF 403). As the
# secretariat, its token alone and no cookie: so requests to speak take the inscription's fast
# path (server/fastpath.py) as a delegation's client's would.
anonymous = fuzzing(with_security_parameters=True)
secretariat = fuzzing(with_security_parameters=False)


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    server = serve_demo(Path(tmp_path_factory.mktemp("fuzzed")), "hemicycle_fuzzed")
    yield server
    server.stop()


def test_the_served_document_is_the_one_fuzzed(fuzzed: Served) -> None:
    served = httpx.get(f"{fuzzed.url}/api/v1/openapi.json")
    assert served.status_code == 200
    assert served.json() == DOCUMENT


def test_a_nul_in_a_code_on_the_fast_path_is_refused_and_spoils_no_other_request(
    fuzzed: Served,
) -> None:
    """Found by fuzzing on PostgreSQL: the inscription's writer reads the codes of a whole group
    before their schema is checked, and one code with a NUL failed the group's query (a 500 for
    every request in it). Sent at once, so that the writer takes them together."""
    headers = {**fuzzed.token("secretariat"), "Content-Type": "application/json"}
    bodies = [{"delegation": "ZM\x00B"}, *({"delegation": code} for code in NOT_ON_IT[-3:])]

    def send(body: dict[str, str]) -> httpx.Response:
        return httpx.post(
            f"{fuzzed.url}/api/v1/meetings/{SLUG}/speakers",
            content=json.dumps(body),
            headers=headers,
            timeout=30,
        )

    with ThreadPoolExecutor(len(bodies)) as pool:
        refused, *accepted = pool.map(send, bodies)

    assert refused.status_code == 422, refused.text
    assert "delegation" in refused.json()["fields"]
    assert [answer.status_code for answer in accepted] == [201, 201, 201]


STATEMENT = "/api/v1/meetings/{slug}/speakers/{entry_id}/statement"


def test_a_statement_file_goes_up_and_comes_down_as_documented(fuzzed: Served) -> None:
    """The one answer that is not JSON, which fuzzing reaches only by luck (the demo has no
    statement files): a PDF uploaded, then downloaded."""
    listed = httpx.get(f"{fuzzed.url}/api/v1/meetings/{SLUG}/speakers").json()["speakers"]
    where = {"slug": SLUG, "entry_id": listed[0]["id"]}
    headers = fuzzed.token("secretariat")
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

    upload = secretariat[STATEMENT]["POST"].Case(
        path_parameters=where, body={"file": pdf}, media_type="multipart/form-data"
    )
    uploaded = upload.call_and_validate(base_url=fuzzed.url, headers=headers, checks=CHECKS)
    download = secretariat[STATEMENT]["GET"].Case(path_parameters=where)
    downloaded = download.call_and_validate(base_url=fuzzed.url, headers=headers, checks=CHECKS)

    assert uploaded.status_code == 201
    assert downloaded.status_code == 200
    assert downloaded.headers["content-type"] == ["application/pdf"]
    assert downloaded.content == pdf


@anonymous.parametrize()
def test_every_answer_to_a_caller_without_credentials_is_documented(
    case: Any, fuzzed: Served
) -> None:
    case.call_and_validate(base_url=fuzzed.url, checks=CHECKS)


@secretariat.parametrize()
def test_every_answer_to_the_secretariat_is_documented(case: Any, fuzzed: Served) -> None:
    if case.meta and case.meta.phase.name.value == "coverage" and "slug" in case.path_parameters:
        # The coverage phase's boundary values do not draw from the dictionaries: on the demo.
        case.path_parameters["slug"] = SLUG
    case.call_and_validate(base_url=fuzzed.url, headers=fuzzed.token("secretariat"), checks=CHECKS)
