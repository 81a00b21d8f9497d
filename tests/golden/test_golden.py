"""The golden logs: today's code folds each to exactly the list, record and head recorded with it,
so that no change of the rules or of the fold can rewrite a past meeting (tests/golden/make.py)."""

import json
from pathlib import Path

import pytest

from hemicycle.floor import EventType, fold, precedence
from hemicycle.floor.chain import first_break
from tests.golden.expect import events_of, expected, rows_of

HERE = Path(__file__).resolve().parent
GOLDEN = ["demo-day.json", "every-type.json", "declarations.json"]


def golden(name: str) -> dict:
    return json.loads((HERE / name).read_text())


@pytest.mark.parametrize("name", GOLDEN)
def test_a_golden_log_folds_to_the_list_record_and_head_recorded_with_it(name):
    log = golden(name)

    assert first_break(rows_of(log["events"])) is None
    assert expected(log["events"]) == log["expect"]


def test_the_golden_logs_use_every_type_of_event_and_the_current_format():
    """A new type of event comes with a new golden log; the old ones are never written again."""
    types = {e["type"] for name in GOLDEN for e in golden(name)["events"]}

    assert types == {str(t) for t in EventType}
    assert golden("demo-day.json")["expect"]["format"] == 2
    assert golden("demo-day.json")["expect"]["rules"]  # whatever version the day was decided under


@pytest.mark.parametrize("name", GOLDEN)
def test_a_change_of_the_precedence_rules_does_not_change_a_past_list(name, monkeypatch):
    log = golden(name)
    reversed_policy = {k: (lambda entry: (-entry.id,)) for k in precedence.POLICIES}
    monkeypatch.setattr(precedence, "POLICIES", reversed_policy)
    monkeypatch.setattr(precedence, "sort_key", lambda entry, config: (-entry.id,))

    state = fold(events_of(log["events"]))

    assert [e.id for e in state.waiting()] == [e["entry"] for e in log["expect"]["list"]]
    assert [r.speech.id for r in state.record] == [r["speech"] for r in log["expect"]["record"]]


def test_the_demo_day_carries_the_mornings_unheard_speakers_to_the_afternoon_as_recorded():
    events = golden("demo-day.json")["events"]
    (carried,) = [e for e in events if e["type"] == EventType.SPEAKERS_CARRIED]
    record = golden("demo-day.json")["expect"]["record"]
    afternoon = [
        r["speech"] for r in record if r["segment"] == "afternoon" and r["kind"] != "panel"
    ]
    entry_of = {
        e["seq"]: e["payload"].get("entry") for e in events if e["type"] == "speech_started"
    }

    assert carried["payload"]["from"] == "panel"
    assert carried["payload"]["segment"] == "afternoon"
    # The carried speakers are heard first in the afternoon, in the order recorded.
    carried_ids = carried["payload"]["entries"]
    assert [entry_of[s] for s in afternoon[: len(carried_ids)]] == carried_ids
