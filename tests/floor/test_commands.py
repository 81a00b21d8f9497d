"""What the chair may do with the floor, and what each command changes."""

import copy

import pytest

from hemicycle.floor import FloorError, Status
from hemicycle.floor.errors import (
    InvalidCommand,
    NoSpeech,
    NothingToUndo,
    NotWaiting,
    SegmentConflict,
    SpeechInProgress,
    UnknownEntry,
)

from .support import CLOSING, DEBATE, OPENING, PANEL, T0, Floor, observable


class TestGivingTheFloor:
    def test_start_gives_the_floor_to_the_first_speaker_on_the_list(self, floor):
        floor.inscribe("France")
        ghana = floor.inscribe("Ghana", level="head_of_state")
        floor.do("start")
        assert floor.speaker() == "Ghana"
        assert floor.state.entries[ghana].status == Status.SPEAKING
        assert floor.waiting() == ["France"]
        assert floor.state.speech.limit_s == 180

    def test_start_may_name_a_speaker_out_of_turn(self, floor):
        floor.inscribe("Ghana", level="head_of_state")
        france = floor.inscribe("France")
        floor.do("start", entry=france)
        assert floor.speaker() == "France"
        assert floor.waiting() == ["Ghana"]

    def test_start_while_someone_speaks_is_refused(self, floor):
        floor.inscribe("France")
        floor.inscribe("Ghana")
        floor.do("start")
        with pytest.raises(SpeechInProgress) as refused:
            floor.do("start")
        assert refused.value.message == "France has the floor; end that speech first, or use Next."

    def test_next_ends_the_speech_and_gives_the_floor_to_the_next_speaker(self, floor):
        floor.inscribe("France")
        floor.inscribe("Ghana")
        floor.do("next")
        floor.wait(150)
        floor.do("next")
        assert floor.speaker() == "Ghana"
        assert floor.record() == [("France", 150.0)]
        assert floor.waiting() == []

    def test_nobody_waiting(self, floor):
        with pytest.raises(NotWaiting) as refused:
            floor.do("next")
        assert refused.value.message == "Nobody is waiting to speak."

    def test_pause_and_resume_stop_and_restart_the_clock(self, floor):
        floor.inscribe("France")
        floor.do("start")
        floor.wait(60).do("pause")
        floor.wait(45)
        assert floor.elapsed() == 60.0
        floor.do("resume")
        floor.wait(20)
        assert floor.elapsed() == 80.0
        assert floor.state.speech.remaining(floor.now) == 100.0

    def test_pause_twice_or_resume_a_running_speech_is_refused(self, floor):
        floor.inscribe("France")
        floor.do("start")
        with pytest.raises(NoSpeech, match="not paused"):
            floor.do("resume")
        floor.do("pause")
        with pytest.raises(NoSpeech, match="already paused"):
            floor.do("pause")

    def test_end_puts_the_speech_on_the_record(self, floor):
        france = floor.inscribe("France")
        floor.do("start")
        floor.wait(200).do("end")
        assert floor.speaker() is None
        assert floor.state.entries[france].status == Status.SPOKEN
        assert floor.record() == [("France", 200.0)]
        assert floor.state.record[0].overrun_s == 20.0

    def test_add_time_extends_the_limit_of_the_current_speech(self, floor):
        floor.inscribe("France")
        floor.do("start")
        floor.do("add_time", seconds=30)
        assert floor.state.speech.limit_s == 210

    def test_add_time_needs_a_speech(self, floor):
        with pytest.raises(NoSpeech) as refused:
            floor.do("add_time", seconds=30)
        assert refused.value.message == "Nobody has the floor."

    @pytest.mark.parametrize("seconds", [0, -30, 3601])
    def test_add_time_is_bounded(self, floor, seconds):
        floor.inscribe("France")
        floor.do("start")
        with pytest.raises(InvalidCommand):
            floor.do("add_time", seconds=seconds)

    @pytest.mark.parametrize("action", ["pause", "resume", "end"])
    def test_clock_commands_need_a_speech(self, floor, action):
        with pytest.raises(NoSpeech):
            floor.do(action)


class TestWithdrawal:
    def test_a_waiting_speaker_withdraws(self, floor):
        france = floor.inscribe("France")
        floor.inscribe("Ghana")
        floor.do("withdraw", entry=france)
        assert floor.waiting() == ["Ghana"]
        assert floor.state.entries[france].status == Status.WITHDRAWN

    def test_a_speaker_who_has_spoken_cannot_withdraw(self, floor):
        france = floor.inscribe("France")
        floor.do("start")
        floor.do("end")
        with pytest.raises(NotWaiting) as refused:
            floor.do("withdraw", entry=france)
        assert refused.value.message == "France has already spoken."

    def test_an_unknown_request(self, floor):
        with pytest.raises(UnknownEntry) as refused:
            floor.do("withdraw", entry=99)
        assert refused.value.message == "There is no request 99 on this list."
        assert refused.value.kind == "not_found"


class TestMove:
    def test_a_move_needs_a_reason(self, floor):
        france = floor.inscribe("France")
        floor.inscribe("Ghana")
        with pytest.raises(InvalidCommand, match="Say why"):
            floor.do("move", entry=france, position=2, reason="  ")

    @pytest.mark.parametrize("position", [0, 3])
    def test_a_move_stays_within_the_list(self, floor, position):
        france = floor.inscribe("France")
        floor.inscribe("Ghana")
        with pytest.raises(InvalidCommand) as refused:
            floor.do("move", entry=france, position=position, reason="Courtesy")
        assert refused.value.message == "Choose a position between 1 and 2."


class TestPointOfOrder:
    def test_the_speech_pauses_and_resumes_after_the_point_of_order(self, floor):
        floor.inscribe("France")
        floor.inscribe("Ghana")
        floor.do("start")
        floor.wait(60)
        floor.do("point_of_order", delegation="rus", delegation_name="Russian Federation")
        assert floor.speaker() is not None
        assert floor.state.speech.kind == "point_of_order"
        assert floor.state.speech.delegation_name == "Russian Federation"
        assert floor.state.speech.limit_s == 120
        assert [s.delegation_name for s in floor.state.interrupted] == ["France"]

        floor.wait(30)
        floor.do("end")
        assert floor.speaker() == "France"
        assert floor.state.speech.running
        assert floor.elapsed() == 60.0
        floor.wait(10)
        assert floor.elapsed() == 70.0
        assert floor.record() == [("", 30.0)]
        assert floor.state.record[0].speech.delegation_name == "Russian Federation"
        assert floor.waiting() == ["Ghana"]

    def test_a_speech_the_chair_had_paused_stays_paused_after_the_point_of_order(self, floor):
        floor.inscribe("France")
        floor.do("start")
        floor.wait(45).do("pause")
        floor.wait(5).do("point_of_order", delegation="rus", delegation_name="Russian Federation")
        floor.wait(20).do("end")

        assert floor.speaker() == "France"
        assert floor.state.speech.running is False
        assert floor.wait(10).elapsed() == 45.0

    def test_next_is_refused_while_a_point_of_order_is_heard(self, floor):
        floor.inscribe("France")
        floor.inscribe("Ghana")
        floor.do("start")
        floor.do("point_of_order", delegation="rus", delegation_name="Russian Federation")
        with pytest.raises(SpeechInProgress, match="point of order"):
            floor.do("next")

    def test_the_delegation_must_be_named(self, floor):
        with pytest.raises(InvalidCommand):
            floor.do("point_of_order", delegation="", delegation_name="")

    def test_a_point_of_order_with_nobody_speaking(self, floor):
        floor.do("point_of_order", delegation="rus", delegation_name="Russian Federation")
        floor.wait(40).do("end")
        assert floor.speaker() is None
        assert floor.state.record[0].duration_s == 40.0


class TestProgramme:
    def test_the_opening_speakers_have_the_floor_before_the_list(self, make_floor):
        floor = make_floor(segments=[OPENING, PANEL, DEBATE])
        floor.inscribe("France")
        floor.do("start_segment", segment="opening")
        floor.do("next")
        assert floor.speaker() == "Annalena Baerbock"
        assert floor.state.speech.kind == "remarks"
        assert floor.state.speech.limit_s == 600
        floor.wait(300).do("next")
        assert floor.speaker() == "António Guterres"
        floor.wait(400).do("next")
        assert floor.speaker() == "France"
        assert floor.record() == [("Annalena Baerbock", 300.0), ("António Guterres", 400.0)]

    def test_a_panel_round_without_panellists_is_refused(self, make_floor):
        floor = make_floor(segments=[DEBATE])
        floor.do("start_segment", segment="debate")
        with pytest.raises(InvalidCommand) as refused:
            floor.do("panel_round")
        assert refused.value.message == (
            "This segment has no panellists; add them to the programme or name them."
        )

    def test_panellists_speak_in_order_at_the_panel_limit_before_the_list_resumes(self, make_floor):
        floor = make_floor(segments=[PANEL, DEBATE])
        floor.inscribe("France")
        floor.inscribe("Ghana")
        floor.do("start_segment", segment="panel")
        floor.do("start")
        assert floor.speaker() == "France"

        floor.do("panel_round")
        heard = []
        for _ in range(4):
            floor.wait(100).do("next")
            heard.append((floor.speaker(), floor.state.speech.kind, floor.state.speech.limit_s))
        assert heard == [
            ("Amina Mohammed", "panel", 420),
            ("Jeffrey Sachs", "panel", 420),
            ("Mia Mottley", "panel", 420),
            ("Ghana", "statement", 180),
        ]

    def test_the_chair_may_name_the_panellists(self, make_floor):
        floor = make_floor(segments=[DEBATE])
        floor.do("start_segment", segment="debate")
        floor.do("panel_round", panellists=[{"name": "Greta Thunberg"}])
        floor.do("next")
        assert floor.speaker() == "Greta Thunberg"

    def test_a_segment_is_held_once(self, make_floor):
        floor = make_floor(segments=[OPENING, DEBATE])
        floor.do("start_segment", segment="opening")
        with pytest.raises(SegmentConflict) as refused:
            floor.do("start_segment", segment="opening")
        assert (
            refused.value.message
            == "“Opening segment” has already started; a segment is held once."
        )
        floor.do("start_segment", segment="debate")
        with pytest.raises(SegmentConflict):
            floor.do("start_segment", segment="opening")

    def test_an_unknown_segment(self, make_floor):
        floor = make_floor(segments=[DEBATE])
        with pytest.raises(UnknownEntry):
            floor.do("start_segment", segment="break")

    def test_ending_no_segment_is_refused(self, make_floor):
        floor = make_floor(segments=[DEBATE])
        with pytest.raises(SegmentConflict, match="No segment"):
            floor.do("end_segment")

    def test_starting_a_segment_ends_the_one_in_progress_and_its_speech(self, make_floor):
        floor = make_floor(segments=[OPENING, DEBATE])
        floor.do("start_segment", segment="opening")
        floor.do("next")
        floor.wait(90).do("start_segment", segment="debate")
        assert floor.state.segment == "debate"
        assert floor.state.segments_done == ("opening",)
        assert floor.speaker() is None
        assert floor.record() == [("Annalena Baerbock", 90.0)]


class TestCarryOver:
    def test_speakers_not_reached_carry_over_in_order_ahead_of_the_next_segment(self, make_floor):
        floor = make_floor(segments=[PANEL, DEBATE, CLOSING])
        floor.do("start_segment", segment="panel")
        floor.inscribe("France")
        floor.inscribe("Ghana", level="head_of_state")
        floor.inscribe("Peru", level="minister")
        floor.inscribe("Spain", level="head_of_government", segment="debate")
        floor.do("start")  # Ghana
        assert floor.waiting() == ["Peru", "France", "Spain"]

        floor.wait(100).do("end_segment")
        assert floor.speaker() is None
        assert floor.waiting() == ["Peru", "France", "Spain"]
        assert [e.segment for e in floor.state.waiting()] == ["debate"] * 3

        floor.inscribe("Egypt", level="head_of_state")
        floor.inscribe("Iraq", on_behalf_of="Group of 77 and China")
        assert floor.waiting() == ["Peru", "France", "Iraq", "Egypt", "Spain"]

        floor.do("start_segment", segment="debate")
        floor.do("next")
        assert floor.speaker() == "Peru"

    def test_carried_speakers_go_ahead_even_of_a_segment_held_out_of_programme_order(
        self, make_floor
    ):
        floor = make_floor(segments=[PANEL, DEBATE])
        floor.inscribe("France")  # for the panel, the first segment that takes the floor
        floor.do("start_segment", segment="debate")  # the chair takes the debate first
        floor.inscribe("Ghana", segment="debate")
        floor.inscribe("Peru", segment="debate")
        assert floor.waiting() == ["France", "Ghana", "Peru"]

        floor.do("end_segment")
        assert floor.waiting() == ["Ghana", "Peru", "France"]
        assert [e.segment for e in floor.state.waiting()] == ["panel"] * 3

        floor.inscribe("Iraq", on_behalf_of="Group of 77 and China")
        assert floor.waiting() == ["Ghana", "Peru", "Iraq", "France"]

    def test_speakers_placed_by_hand_keep_their_place_when_a_segment_ends(self, make_floor):
        floor = make_floor(segments=[PANEL, DEBATE])
        floor.do("start_segment", segment="panel")
        floor.inscribe("France")
        floor.inscribe("Ghana")
        floor.inscribe("Spain", segment="debate")
        spain = floor.state.order[-1]
        floor.do("move", entry=spain, position=1, reason="Leaves early")
        floor.do("end_segment")
        assert floor.waiting() == ["Spain", "France", "Ghana"]

    def test_closing_speakers_are_not_list_speakers(self, make_floor):
        floor = make_floor(segments=[DEBATE, CLOSING])
        floor.do("start_segment", segment="debate")
        floor.inscribe("France")
        floor.do("start_segment", segment="closing")
        floor.do("next")
        assert floor.speaker() == "Annalena Baerbock"
        assert floor.waiting() == ["France"]


class TestOverrun:
    def test_hard_ends_the_speech_at_the_instant_of_the_limit(self, make_floor):
        floor = make_floor(overrun="hard")
        france = floor.inscribe("France")
        floor.do("start")
        floor.wait(179).settle()
        assert floor.speaker() == "France"

        floor.wait(25)
        (ended,) = floor.settle()
        assert ended.type == "speech_ended"
        assert ended.payload["reason"] == "time"
        assert (ended.at - T0).total_seconds() == 180.0  # not 204: the time when it was noticed
        assert floor.speaker() is None
        assert floor.record() == [("France", 180.0)]
        assert floor.state.record[0].overrun_s == 0.0
        assert floor.state.entries[france].status == Status.SPOKEN

    @pytest.mark.parametrize("overrun", ["soft", "bell"])
    def test_soft_and_bell_leave_it_to_the_chair(self, make_floor, overrun):
        floor = make_floor(overrun=overrun)
        floor.inscribe("France")
        floor.do("start")
        floor.wait(400)
        assert floor.settle() == []
        assert floor.speaker() == "France"
        assert floor.state.speech.remaining(floor.now) == -220.0


class TestUndo:
    def test_undo_restores_the_floor_before_the_last_action_of_the_chair(self, floor):
        floor.inscribe("France")
        floor.inscribe("Ghana")
        floor.do("start")
        floor.wait(100)
        before = floor.state
        logged = len(floor.events)

        floor.do("next")
        assert floor.speaker() == "Ghana"
        (undone,) = floor.do("undo")

        assert undone.type == "undone"
        assert undone.payload == {"command": logged + 1, "type": "speech_ended"}
        assert len(floor.events) == logged + 3  # the log keeps both: undo compensates
        assert observable(floor.state) == observable(before)
        assert floor.speaker() == "France"
        assert floor.waiting() == ["Ghana"]

    def test_undo_goes_back_one_action_at_a_time(self, floor):
        floor.inscribe("France")
        floor.do("start")
        after_start = floor.state
        floor.wait(10).do("pause")
        after_pause = floor.state
        floor.wait(10).do("resume")
        floor.do("undo")
        assert observable(floor.state) == observable(after_pause)
        floor.do("undo")
        assert observable(floor.state) == observable(after_start)

    def test_nothing_to_undo(self, floor):
        floor.inscribe("France")
        with pytest.raises(NothingToUndo):
            floor.do("undo")

    def test_an_inscription_cannot_be_undone_by_the_chair(self, floor):
        floor.do("close_list")
        floor.inscribe("France", override_closed=True)
        with pytest.raises(NothingToUndo):
            floor.do("undo")


# Each refused command, with its arguments given the requests of the floor below.
REFUSALS = [
    ("start while Ghana speaks", SpeechInProgress, "start", lambda who: {}),
    ("next during a point of order", SpeechInProgress, "next", lambda who: {}),
    (
        "withdraw a speaker who has spoken",
        NotWaiting,
        "withdraw",
        lambda who: {"entry": who["France"]},
    ),
    ("withdraw an unknown request", UnknownEntry, "withdraw", lambda who: {"entry": 42}),
    (
        "move without a reason",
        InvalidCommand,
        "move",
        lambda who: {"entry": who["Peru"], "position": 1, "reason": ""},
    ),
    ("resume a running speech", NoSpeech, "resume", lambda who: {}),
    ("a segment twice", SegmentConflict, "start_segment", lambda who: {"segment": "panel"}),
    ("an unknown action", InvalidCommand, "adjourn", lambda who: {}),
    ("add no time", InvalidCommand, "add_time", lambda who: {"seconds": 0}),
    ("open an open list", FloorError, "open_list", lambda who: {}),
    (
        "a rank that does not exist",
        InvalidCommand,
        "update",
        lambda who: {"entry": who["Peru"], "changes": {"level": "king"}},
    ),
]


@pytest.mark.parametrize(
    ("case", "error", "action", "arguments"), REFUSALS, ids=[r[0] for r in REFUSALS]
)
def test_a_refused_command_changes_nothing(make_floor, case, error, action, arguments):
    floor: Floor = make_floor(segments=[PANEL, DEBATE])
    floor.do("start_segment", segment="panel")
    who = {"France": floor.inscribe("France")}
    floor.do("start")
    floor.do("end")
    for name in ["Ghana", "Peru", "Chile"]:
        who[name] = floor.inscribe(name)
    floor.do("start")
    if action == "next":
        floor.do("point_of_order", delegation="rus", delegation_name="Russian Federation")
    state, events = copy.deepcopy(floor.state), list(floor.events)

    with pytest.raises(error):
        floor.do(action, **arguments(who))

    assert floor.state == state
    assert floor.events == events
