"""Running the dialogue: panel rounds every N speakers, each panellist with their own limit and the
questions put to them; rights of reply at the end of the day; the segment's clock; and the bad input
that is refused with a message while the log stays as it was."""

import pytest

from hemicycle.floor import errors

from .support import DEBATE, PANEL, Floor

AFTERNOON = {"key": "afternoon", "kind": "dialogue", "title": "Afternoon", "speakers": []}
LUNCH = {"key": "lunch", "kind": "break", "title": "Break", "speakers": []}


def _panel_floor(make_floor, **panel) -> Floor:
    floor = make_floor(segments=[{**PANEL, **panel}, LUNCH, AFTERNOON])
    floor.do("start_segment", segment="panel")
    return floor


def test_a_panel_round_falls_due_after_every_n_speakers(make_floor):
    floor = _panel_floor(make_floor)
    for name in ("France", "Ghana", "Peru", "Chile", "Nepal"):
        floor.inscribe(name)
    floor.do("panel_every", every=2)

    heard = []
    for _ in range(8):
        floor.do("next")
        heard.append(floor.speaker())
    assert heard == [
        "France",
        "Ghana",
        "Amina Mohammed",
        "Jeffrey Sachs",
        "Mia Mottley",
        "Peru",
        "Chile",
        "Amina Mohammed",
    ]


def test_the_chair_may_still_give_the_floor_to_a_named_speaker_when_a_round_is_due(make_floor):
    floor = _panel_floor(make_floor)
    ids = [floor.inscribe(n) for n in ("France", "Ghana", "Peru")]
    floor.do("panel_every", every=1)
    floor.do("next")
    assert floor.state.panel_due
    floor.do("next", entry=ids[2])
    assert floor.speaker() == "Peru"


def test_each_panellist_speaks_to_their_own_limit(make_floor):
    floor = make_floor(limits={"panel": 420}, segments=[PANEL])
    floor.do("start_segment", segment="panel")
    floor.do(
        "panel_round",
        panellists=[
            {"name": "Jan Eliasson", "limit_s": 300},
            {"name": "Jennifer Welsh"},
        ],
    )
    floor.do("next")
    assert (floor.speaker(), floor.state.speech.limit_s) == ("Jan Eliasson", 300)
    floor.do("next")
    assert (floor.speaker(), floor.state.speech.limit_s) == ("Jennifer Welsh", 420)


def test_each_panellist_sees_the_questions_addressed_to_them(make_floor):
    floor = _panel_floor(make_floor)
    floor.inscribe("France", kind="question", to_panellists=["Jeffrey Sachs"])
    floor.inscribe("Ghana", kind="question", to_panellists=["Mia Mottley", "Jeffrey Sachs"])
    floor.inscribe("Peru")
    floor.inscribe("Chile", kind="question", to_panellists=["Mia Mottley"])
    for _ in range(3):
        floor.do("next")
    floor.do("end")
    floor.do("panel_round")
    state = floor.state
    assert [e.delegation_name for e in state.questions_for("Jeffrey Sachs")] == ["France", "Ghana"]
    assert [e.delegation_name for e in state.questions_for("mia mottley")] == ["Ghana"]
    assert [e.delegation_name for e in state.general_questions()] == ["Peru"]
    # Chile has not spoken yet: its question waits for the next round.
    floor.do("next")
    floor.do("next")
    floor.do("next")
    floor.do("next")
    assert floor.speaker() == "Chile"
    floor.do("end")
    floor.do("panel_round")
    assert [e.delegation_name for e in floor.state.questions_for("Mia Mottley")] == ["Chile"]


def test_the_afternoons_reflections_are_by_the_mornings_panel(make_floor):
    floor = _panel_floor(make_floor)
    floor.do("start_segment", segment="lunch")
    floor.do("start_segment", segment="afternoon")
    floor.do("panel_round")
    assert [p.name for p in floor.state.invited] == [
        "Amina Mohammed",
        "Jeffrey Sachs",
        "Mia Mottley",
    ]


def test_rights_of_reply_are_heard_at_the_end_of_the_day(make_floor):
    floor = make_floor(segments=[PANEL, LUNCH, AFTERNOON])
    floor.inscribe("France", segment="panel")
    floor.inscribe("Syria", kind="reply")
    floor.inscribe("Ghana", segment="afternoon")
    floor.inscribe("Israel", kind="reply")
    floor.inscribe("Peru", segment="afternoon")
    assert floor.waiting() == ["France", "Ghana", "Peru", "Syria", "Israel"]
    syria = floor.state.entries[floor.state.order[3]]
    assert syria.segment == "afternoon"

    floor.do("start_segment", segment="panel")
    floor.do("next")
    floor.do("start_segment", segment="lunch")
    floor.do("start_segment", segment="afternoon")
    floor.inscribe("Chile", segment="afternoon")
    assert floor.waiting() == ["Ghana", "Peru", "Chile", "Syria", "Israel"]


def test_the_segment_in_progress_keeps_its_start(make_floor, clock):
    floor = make_floor(segments=[PANEL, DEBATE])
    floor.do("start_segment", segment="panel")
    started = clock.now
    floor.wait(600)
    assert floor.state.segment_started_at == started
    floor.do("end_segment")
    assert floor.state.segment_started_at is None


@pytest.mark.parametrize(
    ("setup", "action", "arguments", "error", "message"),
    [
        ("spoken", "next", {"entry": "france"}, errors.NotWaiting, "France has already spoken."),
        (
            "withdrawn",
            "move",
            {"entry": "france", "position": 1, "reason": "x"},
            errors.NotWaiting,
            "France has withdrawn this request.",
        ),
        ("idle", "add_time", {"seconds": 30}, errors.NoSpeech, "Nobody has the floor."),
        (
            "no_panel",
            "panel_round",
            {},
            errors.InvalidCommand,
            "This segment has no panellists; add them to the programme or name them.",
        ),
        (
            "panel",
            "start_segment",
            {"segment": "panel"},
            errors.SegmentConflict,
            "“Interactive panel” has already started; a segment is held once.",
        ),
        (
            "idle",
            "panel_every",
            {"every": 51},
            errors.InvalidCommand,
            "Choose between 0 (on demand only) and 50 speakers.",
        ),
        (
            "idle",
            "panel_round",
            {},
            errors.SegmentConflict,
            "Start a segment of the programme first.",
        ),
    ],
)
def test_bad_input_is_refused_with_a_message_and_the_log_is_unchanged(
    make_floor, setup, action, arguments, error, message
):
    # The debate comes before the panel: it has no panel of its own nor an earlier one to call on.
    floor = make_floor(segments=[DEBATE, PANEL])
    france = floor.inscribe("France")
    floor.inscribe("Ghana")
    if setup == "spoken":
        floor.do("next")
        floor.do("end")
    elif setup == "withdrawn":
        floor.do("withdraw", entry=france)
    elif setup == "panel":
        floor.do("start_segment", segment="panel")
    elif setup == "no_panel":
        floor.do("start_segment", segment="debate")
    arguments = {k: france if v == "france" else v for k, v in arguments.items()}
    before = (list(floor.events), floor.state)

    with pytest.raises(error) as refused:
        floor.do(action, **arguments)

    assert refused.value.message == message
    assert (list(floor.events), floor.state) == before


def test_a_panel_round_and_its_cadence_can_be_undone(make_floor):
    floor = _panel_floor(make_floor)
    floor.inscribe("France")
    floor.do("panel_every", every=3)
    floor.do("undo")
    assert floor.state.panel_every == 0
    floor.do("panel_round")
    floor.do("undo")
    assert floor.state.invited == ()


def test_a_delegation_has_at_most_two_rights_of_reply(floor):
    first = floor.inscribe("Syria", kind="reply")
    floor.do("next")
    floor.do("end")
    floor.inscribe("Syria", kind="reply")
    floor.do("next")
    floor.do("end")
    before = list(floor.events)
    with pytest.raises(errors.InvalidCommand) as refused:
        floor.inscribe("Syria", kind="reply")
    assert refused.value.message == "Syria has had its two rights of reply at this meeting."
    assert list(floor.events) == before
    assert floor.state.entries[first].kind == "reply"
    floor.inscribe("Syria")  # a statement is still possible


def test_a_request_cannot_become_a_third_right_of_reply(floor):
    for _ in range(2):
        floor.inscribe("Syria", kind="reply")
        floor.do("next")
        floor.do("end")
    statement = floor.inscribe("Syria")
    before = list(floor.events)

    with pytest.raises(errors.InvalidCommand) as refused:
        floor.do("update", entry=statement, changes={"kind": "reply"})

    assert refused.value.message == "Syria has had its two rights of reply at this meeting."
    assert list(floor.events) == before
    floor.do("update", entry=statement, changes={"kind": "question"})  # another kind may change


def test_a_reply_keeps_its_kind_through_a_change_of_speaker(floor):
    floor.inscribe("Syria", kind="reply")
    floor.do("next")
    floor.do("end")
    second = floor.inscribe("Syria", kind="reply")

    floor.do("update", entry=second, changes={"speaker": "Bashar Ja'afari", "kind": "reply"})

    assert floor.state.entries[second].speaker == "Bashar Ja'afari"
