"""The clock of a speech: limits by kind and by segment, pauses, added time and overrun.

The server's timestamps are the only clock: elapsed time is wall time since the start less pauses.
"""

import pytest

from .support import DEBATE, PANEL, T0


def test_limits_by_kind_of_speech(make_floor):
    floor = make_floor(limits={"statement": 240, "reply": 90})
    floor.inscribe("Iraq", on_behalf_of="Group of 77 and China")
    floor.inscribe("France")
    floor.inscribe("Ghana", kind="reply")
    floor.inscribe("Peru", kind="question")
    limits = []
    for _ in range(4):
        floor.do("next")
        limits.append((floor.speaker(), floor.state.speech.kind, floor.state.speech.limit_s))
    assert limits == [
        ("Iraq", "group_statement", 300),
        ("France", "statement", 240),
        ("Peru", "question", 180),
        ("Ghana", "reply", 90),  # a right of reply is heard at the end of the list
    ]


def test_a_segment_may_set_its_own_statement_limit(make_floor):
    floor = make_floor(segments=[{**PANEL, "limit_s": 120}, DEBATE])
    floor.inscribe("France")
    floor.inscribe("Ghana", segment="debate")
    floor.do("next")
    assert (floor.speaker(), floor.state.speech.limit_s) == ("France", 120)
    floor.do("next")
    assert (floor.speaker(), floor.state.speech.limit_s) == ("Ghana", 180)


def test_the_clock_is_wall_time_less_pauses(floor):
    floor.inscribe("France")
    floor.do("start")
    assert floor.state.speech.started_at == T0
    floor.wait(30).do("pause")
    floor.wait(600).do("resume")
    floor.wait(15).do("pause")
    floor.wait(5).do("resume")
    floor.wait(45)
    assert floor.elapsed() == 90.0
    assert floor.state.speech.remaining(floor.now) == 90.0


def test_a_paused_clock_stands_still(floor):
    floor.inscribe("France")
    floor.do("start")
    floor.wait(30).do("pause")
    floor.wait(1000)
    assert floor.elapsed() == 30.0


def test_soft_overrun_is_recorded(floor):
    floor.inscribe("France")
    floor.do("start")
    floor.do("add_time", seconds=20)
    floor.wait(230).do("end")
    (finished,) = floor.state.record
    assert (finished.duration_s, finished.speech.limit_s, finished.overrun_s) == (230.0, 200, 30.0)


class TestHardOverrun:
    @pytest.fixture
    def floor(self, make_floor):
        floor = make_floor(overrun="hard")
        floor.inscribe("France")
        floor.inscribe("Ghana")
        floor.do("start")
        return floor

    def test_the_limit_instant_counts_pauses_and_added_time(self, floor):
        floor.wait(100).do("pause")
        floor.wait(50).do("resume")
        floor.do("add_time", seconds=30)
        floor.wait(200)
        (ended,) = floor.settle()
        assert (ended.at - T0).total_seconds() == 100 + 50 + (180 + 30 - 100)
        assert floor.record() == [("France", 210.0)]
        assert floor.state.record[0].overrun_s == 0.0
        assert floor.waiting() == ["Ghana"]

    def test_a_paused_speech_is_not_cut_off(self, floor):
        floor.wait(170).do("pause")
        floor.wait(100)
        assert floor.settle() == []
        assert floor.speaker() == "France"

    def test_nothing_happens_before_the_limit(self, floor):
        floor.wait(179.9)
        assert floor.settle() == []
        floor.wait(0.1)
        assert len(floor.settle()) == 1

    def test_a_point_of_order_out_of_time_hands_the_floor_back(self, floor):
        floor.wait(60)
        floor.do("point_of_order", delegation="rus", delegation_name="Russian Federation")
        floor.wait(150)
        ended, resumed = floor.settle()
        assert (ended.type, resumed.type) == ("speech_ended", "speech_resumed")
        assert ended.at == resumed.at == T0.replace(second=0, minute=3)  # 60 s + 120 s
        assert floor.speaker() == "France"
        assert floor.elapsed() == 60.0 + 30.0  # France has been speaking again since 10:03
