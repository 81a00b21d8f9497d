"""M4: every list and text of a request is bounded (each item, not only their number), and a live
frame stays under 64 KiB however full a 300-speaker list is."""

import pytest

from hemicycle import floor
from hemicycle.floor import errors
from hemicycle.floor.commands import MAX_CODE, MAX_GROUP, MAX_PANELLISTS, MAX_TEXT, Request
from hemicycle.proceedings import store
from hemicycle.proceedings.broadcast import frame
from hemicycle.proceedings.snapshot import head
from tests.inscription.conftest import statement

HUGE = "X" * 5000


@pytest.mark.parametrize(
    "fields",
    [
        {"on_behalf_of": "Group", "group_members": [HUGE] * 2},
        {"on_behalf_of": "Group", "group_members": ["X" * (MAX_CODE + 1)]},
        {"on_behalf_of": "Group", "group_members": [""]},
        {"on_behalf_of": "Group", "group_members": ["FRA"] * (MAX_GROUP + 1)},
        {"kind": "question", "to_panellists": [HUGE]},
        {"kind": "question", "to_panellists": ["Adama Dieng"] * (MAX_PANELLISTS + 1)},
        {"speaker": "X" * (MAX_TEXT + 1)},
    ],
)
def test_an_oversized_request_is_refused_with_422_naming_the_field(api_as, make_meeting, fields):
    make_meeting()
    delegate = api_as("delegate")

    inscribed = delegate.post("/meetings/dialogue/speakers", statement(**fields))
    entry = delegate.post("/meetings/dialogue/speakers", statement()).json()["entry"]["id"]
    changed = delegate.patch(f"/meetings/dialogue/speakers/{entry}", fields)

    assert inscribed.status_code == changed.status_code == 422
    assert next(iter(fields.keys() - {"on_behalf_of", "kind"})) in inscribed.json()["detail"]


def test_a_chair_cannot_insert_an_oversized_question(api_as, make_meeting):
    make_meeting()

    answer = api_as("chair").post(
        "/meetings/dialogue/floor",
        {"action": "insert", "delegation": "FRA", "position": 1, "to_panellists": [HUGE]},
    )

    assert answer.status_code == 422


def test_the_floor_refuses_oversized_items_whatever_the_way_in(make_meeting):
    meeting = make_meeting()
    request = Request(delegation="FRA", delegation_name="France", group_members=(HUGE,))

    with pytest.raises(errors.InvalidCommand):
        store.execute(meeting, lambda s, now: floor.inscribe(s, request), actor="test")


def _largest(code, n, **fields):
    return Request(
        delegation=code[:MAX_CODE],
        delegation_name=f"Delegation {n} ".ljust(MAX_TEXT, "d"),
        speaker=f"Speaker {n} ".ljust(MAX_TEXT, "s"),
        title="T" * MAX_TEXT,
        on_behalf_of="G" * MAX_TEXT,
        group_members=[f"{i:0{MAX_CODE}d}" for i in range(MAX_GROUP)],
        language="fr",
        **fields,
    )


def test_a_live_frame_stays_under_64_kib_for_a_full_300_speaker_list(make_meeting):
    meeting = make_meeting()
    panellists = ["Adama Dieng", "Jennifer Welsh"]
    others = [f"Panellist {i} ".ljust(MAX_TEXT, "p") for i in range(MAX_PANELLISTS - 2)]

    def run(action, **arguments):
        store.execute(meeting, lambda s, now: floor.decide(s, action, now, **arguments), actor="t")

    for n in range(300):
        request = _largest(f"D{n}", n, kind="question", to_panellists=[*panellists, *others])
        store.execute(meeting, lambda s, now, r=request: floor.inscribe(s, r), actor="test")
    run("start_segment", segment="panel")
    for _ in range(60):  # sixty questions before the chair turns to the panel
        run("next")
        run("end")
    run("panel_round")
    state = store.state_of(meeting)

    sizes = [len(frame(state.seq, head(meeting, state)))]
    run("next")  # a panellist answers, with the questions put to them
    state = store.state_of(meeting)
    sizes.append(len(frame(state.seq, head(meeting, state))))

    assert len(state.entries) == 300
    assert len(head(meeting, state)["next"]) == 3
    assert max(sizes) < 64 * 1024, sizes
