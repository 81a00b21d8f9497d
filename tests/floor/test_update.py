"""Changing a waiting request: what may change, and that the change keeps the time of receipt."""

import pytest

from hemicycle.floor import errors


def test_every_field_of_the_request_may_change_and_the_time_of_receipt_stays(floor):
    france = floor.inscribe("France")
    received = floor.state.entries[france].received_at
    floor.wait(60)

    floor.do(
        "update",
        entry=france,
        changes={
            "speaker": "Gérard Araud",
            "kind": "question",
            "to_panellists": ["Adama Dieng"],
            "on_behalf_of": "Group of Friends of R2P",
            "group_members": ["FRA", "DEU"],
            "language": "fr",
        },
    )

    entry = floor.state.entries[france]
    assert (entry.speaker, entry.kind, entry.to_panellists, entry.language) == (
        "Gérard Araud",
        "question",
        ("Adama Dieng",),
        "fr",
    )
    assert (entry.on_behalf_of, entry.group_members) == ("Group of Friends of R2P", ("FRA", "DEU"))
    assert entry.received_at == received


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"delegation": "DEU"}, "cannot be changed: delegation"),
        ({"segment": "panel"}, "cannot be changed: segment"),
        ({}, "Nothing to change"),
        ({"level": "emperor"}, "Unknown level"),
    ],
)
def test_a_change_that_cannot_be_made_is_refused(floor, changes, words):
    france = floor.inscribe("France")

    with pytest.raises(errors.InvalidCommand) as refused:
        floor.do("update", entry=france, changes=changes)

    assert words in refused.value.template.format(**refused.value.params)


def test_a_withdrawn_request_cannot_change(floor):
    france = floor.inscribe("France")
    floor.do("withdraw", entry=france)

    with pytest.raises(errors.NotWaiting):
        floor.do("update", entry=france, changes={"speaker": "Someone"})
