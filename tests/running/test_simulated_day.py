"""A whole day as the seed's programme runs it, on a clock the test moves: opening remarks, the
panel's first round, questions and interventions from the floor at three minutes each with the
panel answering every N speakers, a point of order, a speaker inserted from the floor, the lunch
break, the afternoon opening where the morning stopped, a right of reply at the end of the day,
concluding remarks. It runs in seconds and ends with every speaker heard, in order, and the
record's totals adding up."""

import csv
import io
import itertools
import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from hemicycle import floor as rules
from hemicycle.demo import loader
from hemicycle.proceedings import actions, forecast_api, store

DAY = datetime(2013, 9, 11, 14, 0, tzinfo=UTC)  # 10:00 in New York
PANEL_EVERY = 15


class Day:
    """The chair's console on a clock the test moves by hand."""

    def __init__(self, meeting: Any, chair: Any) -> None:
        self.meeting = meeting
        self.chair = chair
        self.now = DAY
        self.random = random.Random(2013)

    def at(self, hh: int, mm: int) -> None:
        moment = DAY.replace(hour=hh + 4, minute=mm)
        assert moment >= self.now, "the day's clock never runs backwards"
        self.now = moment

    def wait(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)

    def do(self, action: str, **fields: Any) -> Any:
        outcome = actions.floor_command(self.meeting, self.chair, action, fields, now=self.now)
        return outcome.state

    @property
    def state(self) -> Any:
        return store.state_of(self.meeting)

    def speak(self, seconds: float) -> None:
        """The current speaker talks for `seconds`, then the changeover to the next."""
        self.wait(seconds)

    def statement_length(self) -> float:
        # Most speakers keep to their three minutes; one in five runs over (soft policy).
        return self.random.choice([150, 165, 170, 175, 178, 185, 200, 140, 160, 172])


@pytest.fixture
def day(db: Any, accounts: Any) -> Day:
    meeting = loader.load()
    return Day(meeting, accounts["chair"])


def _hear_invited(day: Day, seconds: float) -> list[str]:
    heard = []
    while day.state.invited:
        state = day.do("next")
        heard.append(state.speech.speaker)
        day.speak(seconds)
    day.do("end")
    day.wait(20)
    return heard


def _hear_list_until(
    day: Day, hh: int, mm: int, log: list[int], answers: list[tuple[str, list[Any]]] | None = None
) -> None:
    """Give the floor from the list (and to the panel when it falls due) until the segment's time
    is up or nobody waits."""
    end = DAY.replace(hour=hh + 4, minute=mm)
    while day.state.order or day.state.invited:
        if day.now + timedelta(seconds=200) > end:
            break
        state = day.do("next")
        speech = state.speech
        if speech.entry is not None:
            log.append(speech.entry)
            day.speak(day.statement_length())
        else:
            assert speech.kind == "panel"
            if answers is not None:
                answers.append((speech.speaker, state.questions_for(speech.speaker)))
            day.speak(240)
        day.do("end")
        day.wait(15)


def test_the_seed_programme_runs_from_opening_to_concluding_remarks(day: Day) -> None:
    requests = list(day.state.order)
    assert len(requests) == 70

    # 10:00 Opening remarks: the Vice-President for the President, then the Secretary-General.
    day.do("start_segment", segment="opening")
    assert _hear_invited(day, 480) == ["Marcelo Ortiz Benavides", "Ban Ki-moon"]

    # 10:30 The panel: its first round, each panellist with the panel's limit.
    day.at(10, 30)
    day.do("start_segment", segment="panel")
    day.do("panel_every", every=PANEL_EVERY)
    state = day.do("panel_round")
    assert [p.name for p in state.invited] == [
        "Jan Eliasson",
        "Jennifer Welsh",
        "Efua Mensah-Bonsu",
    ]
    assert _hear_invited(day, 400) == ["Jan Eliasson", "Jennifer Welsh", "Efua Mensah-Bonsu"]

    heard: list[int] = []
    # The first speakers from the floor; then a point of order interrupts a speech and is heard.
    for _ in range(3):
        day.do("next")
        heard.append(day.state.speech.entry)
        day.speak(170)
        day.do("end")
        day.wait(15)
    day.do("next")
    interrupted = day.state.speech
    heard.append(interrupted.entry)
    day.speak(60)
    state = day.do("point_of_order", delegation="RUS")
    assert state.speech.kind == "point_of_order"
    assert state.interrupted[-1].id == interrupted.id
    day.speak(45)
    state = day.do("end")
    assert state.speech.id == interrupted.id
    assert state.speech.running
    day.speak(110)
    day.do("end")
    day.wait(15)

    # A delegation asks for the floor from the room: inserted by hand at position 2.
    state = day.do("insert", delegation="ISR", position=2, reason="asked from the floor")
    peru = next(e.id for e in state.entries.values() if e.delegation == "ISR")
    assert state.position(peru) == 2

    # A mistaken "next" is taken back; the speaker returns to the head of the list.
    first = state.order[0]
    day.do("next")
    state = day.do("undo")
    assert state.speech is None
    assert state.order[0] == first

    answers: list[tuple[str, list[Any]]] = []
    _hear_list_until(day, 13, 0, heard, answers)
    morning = day.state
    assert morning.segment == "panel"
    carried = [i for i in morning.order if morning.entries[i].segment == "panel"]
    afternoons_own = [i for i in morning.order if morning.entries[i].segment == "afternoon"]
    assert carried, "the morning does not reach every speaker: some carry over"
    # A panel round fell due every PANEL_EVERY speakers, answering the questions put to each.
    rounds = [r for r in morning.record if r.speech.kind == "panel"]
    assert len(rounds) >= 3 + 3  # the first round, and at least one round that fell due
    # Each panellist sees the questions put to them by the speakers since the last round.
    assert any(questions for _name, questions in answers)
    for name, questions in answers:
        assert all(name in q.to_panellists and q.id in heard for q in questions)

    # 13:00 The lunch break: the waiting speakers carry over, in order, to the afternoon.
    day.at(13, 0)
    state = day.do("start_segment", segment="lunch")
    assert list(state.order) == carried + afternoons_own
    assert all(state.entries[i].segment == "afternoon" for i in carried)
    assert all(state.entries[i].carry_rank for i in carried)

    # At lunch the delegates' forecast expects the carried-over speakers from 15:00, in order.
    forecast = forecast_api.forecast_of(day.meeting, state, day.now, simulations=2000)
    first = forecast.entries[0]
    assert first.entry == carried[0]
    assert first.expected_start.astimezone(day.meeting.tz).strftime("%H:%M") == "15:00"
    starts = [e.expected_start for e in forecast.entries]
    assert starts == sorted(starts)

    # 15:00 The afternoon opens where the morning stopped.
    day.at(15, 0)
    day.do("start_segment", segment="afternoon")
    state = day.do("next")
    assert state.speech.entry == carried[0]
    heard.append(carried[0])
    day.speak(170)
    day.do("end")
    day.wait(15)

    # A right of reply asked during the afternoon is heard at the end of the day's list.
    request = actions.build_request({"delegation": "SYR", "kind": "reply"})
    store.execute(
        day.meeting,
        lambda s, now: rules.inscribe(s, request, override_closed=True),
        actor="secretariat",
        now=day.now,
    )
    syria = next(e.id for e in day.state.entries.values() if e.delegation == "SYR")
    assert day.state.order[-1] == syria

    _hear_list_until(day, 17, 45, heard)
    evening = day.state
    assert not evening.order, "every speaker is heard before the concluding remarks"
    assert heard[-1] == syria
    # The afternoon heard the morning's carried-over speakers first, in their order.
    afternoon_list = [i for i in heard if i in carried]
    assert afternoon_list == carried

    # 17:45 Concluding remarks.
    day.at(17, 45)
    state = day.do("start_segment", segment="closing")
    assert [i.name for i in state.invited] == ["Marcelo Ortiz Benavides"]
    _hear_invited(day, 300)
    state = day.do("end_segment")
    assert state.segments_done == ("opening", "panel", "lunch", "afternoon", "closing")

    # Every request was heard exactly once, and in the order of the list.
    spoken = [r.speech.entry for r in state.record if r.speech.entry is not None]
    assert sorted(spoken) == sorted({*requests, peru, syria})
    assert len(spoken) == len(set(spoken))
    assert spoken == heard


def test_the_record_of_the_day_adds_up(day: Day, client: Any) -> None:
    day.do("start_segment", segment="opening")
    _hear_invited(day, 480)
    day.at(10, 30)
    day.do("start_segment", segment="panel")
    day.do("panel_every", every=PANEL_EVERY)
    day.do("panel_round")
    _hear_invited(day, 400)
    heard: list[int] = []
    _hear_list_until(day, 11, 30, heard)
    # One speech paused for two minutes: paused time is not speaking time.
    day.do("next")
    day.speak(60)
    day.do("pause")
    day.wait(120)
    day.do("resume")
    day.speak(100)
    day.do("end")

    record = client.get("/api/v1/meetings/r2p-2013/record").json()
    rows = record["speeches"]
    totals = record["totals"]
    assert totals["speeches"] == len(rows) == len(day.state.record)
    assert totals["duration_s"] == pytest.approx(sum(r["duration_s"] for r in rows), abs=0.01)
    assert totals["overrun_s"] == pytest.approx(sum(r["overrun_s"] for r in rows), abs=0.01)
    assert rows[-1]["duration_s"] == pytest.approx(160, abs=0.01)
    for row in rows:
        start = datetime.fromisoformat(row["started_at"])
        end = datetime.fromisoformat(row["ended_at"])
        assert row["duration_s"] <= (end - start).total_seconds() + 0.001
        assert row["overrun_s"] == pytest.approx(
            max(0.0, row["duration_s"] - row["limit_s"]), abs=0.01
        )
    # Spoken time plus changeovers, pauses and the gap before the panel fill the morning exactly.
    first = datetime.fromisoformat(rows[0]["started_at"])
    last = datetime.fromisoformat(rows[-1]["ended_at"])
    gaps = sum(
        (
            datetime.fromisoformat(b["started_at"]) - datetime.fromisoformat(a["ended_at"])
        ).total_seconds()
        for a, b in itertools.pairwise(rows)
    )
    assert totals["duration_s"] + gaps + 120 == pytest.approx(
        (last - first).total_seconds(), abs=0.01
    )

    # The CSV holds the same speeches and the same totals.
    response = client.get("/meetings/r2p-2013/record.csv")
    assert response["Content-Type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(table) == len(rows) + 1
    assert table[-1]["number"] == "total"
    assert int(table[-1]["duration_s"]) == sum(int(r["duration_s"]) for r in table[:-1])
    assert abs(int(table[-1]["duration_s"]) - totals["duration_s"]) <= len(rows)
    assert table[0]["speaker"] == "Marcelo Ortiz Benavides"
    assert table[0]["started_at"] == "2013-09-11T10:00:00-04:00"
