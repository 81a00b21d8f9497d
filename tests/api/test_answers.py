"""`hemicycle.apikit.validation.validated`: an answer validated by its schema without django-ninja's getter
is the answer django-ninja's own validation gives, field for field and byte for byte."""

import json
from datetime import UTC, datetime

import pytest
from ninja import Schema
from ninja.responses import NinjaJSONEncoder
from pydantic import ValidationError

from hemicycle.apikit.validation import validated
from hemicycle.inscription.api import InscribedOut

RECEIVED = datetime(2027, 9, 11, 14, 0, 0, 120000, tzinfo=UTC)


def answer(**entry):
    return {
        "seq": 7,
        "server_time": RECEIVED,
        "entry": {
            "id": 6,
            "position": 3,
            "status": "waiting",
            "delegation": "SVN",
            "delegation_name": "Slovenia",
            "category": "member_state",
            "speaker": "Andrej Logar",
            "title": "",
            "level": "permanent_representative",
            "kind": "statement",
            "speech_kind": "statement",
            "on_behalf_of": "",
            "group_members": [],
            "to_panellists": ["Greta Thunberg"],
            "language": "",
            "segment": "",
            "received_at": "2027-09-11T14:00:00.120+00:00",  # as the floor's JSON words it
            "pinned": False,
            "carried_over": False,
            "declaration": "none",
            "reasons": [{"code": "level", "value": "permanent_representative"}],
            **entry,
        },
        "receipt": {
            "meeting": "r2p",
            "seq": 6,
            "received_at": RECEIVED,
            "hash": "ab" * 32,
            "position": None,
            "verify_url": "/meetings/r2p/receipts/6/abab/",
            "key_id": "0123456789abcdef",
            "signature": "c2lnbmF0dXJl",
        },
    }


def rendered(model):
    return json.dumps(model.model_dump(), cls=NinjaJSONEncoder)


@pytest.mark.parametrize(
    "entry",
    [{}, {"position": None, "group_members": ("FRA", "DEU")}, {"reasons": []}, {"id": "6"}],
)
@pytest.mark.parametrize("fast_path", [True, False])
def test_the_answer_is_what_ninjas_validation_gives(entry, fast_path, settings):
    settings.HEMICYCLE_FAST_PATH = fast_path  # off: ninja's own validation, the same answer
    data = answer(**entry)
    fast, ninja = validated(InscribedOut, data), InscribedOut.model_validate(data)
    assert type(fast) is InscribedOut
    assert fast == ninja
    assert rendered(fast) == rendered(ninja)


def test_a_wrong_answer_is_refused_alike():
    data = answer(position="third")
    with pytest.raises(ValidationError) as fast:
        validated(InscribedOut, data)
    with pytest.raises(ValidationError) as ninja:
        InscribedOut.model_validate(data)
    assert fast.value.errors() == ninja.value.errors()


def test_a_schema_with_a_resolver_is_validated_by_ninja():
    class Named(Schema):
        name: str

        @staticmethod
        def resolve_name(obj):
            return obj["name"].upper()

    assert validated(Named, {"name": "eu"}).name == "EU"
