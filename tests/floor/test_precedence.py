"""Who speaks before whom: the precedence policies, as the chair sees the list of speakers."""

import pytest

from hemicycle.floor.commands import Request
from hemicycle.floor.errors import AlreadyInscribed, ListClosed
from hemicycle.floor.precedence import reasons

from .support import DEBATE, PANEL, Floor


def inscribe_a_dialogue(floor: Floor) -> None:
    """Twelve requests, received in an order that has nothing to do with precedence."""
    floor.inscribe("CIVICUS", category="civil_society")
    floor.inscribe("UNICEF", category="un_entity")
    floor.inscribe("France")  # head of delegation of no listed rank: "other"
    floor.inscribe("Holy See", category="observer_state")
    floor.inscribe("Brazil", level="minister")
    floor.wait(1)
    floor.inscribe("International Committee of the Red Cross", category="observer_org")
    floor.inscribe("Iraq", on_behalf_of="Group of 77 and China", level="permanent_representative")
    floor.inscribe("Ghana", level="head_of_state")
    floor.inscribe("Japan", level="minister")
    floor.inscribe("State of Palestine", category="observer_state", level="minister")
    floor.inscribe(
        "European Union", delegation="eu", category="observer_org", on_behalf_of="European Union"
    )
    floor.inscribe("Chile", level="permanent_representative")
    floor.inscribe("Norway", level="vice_minister")
    floor.inscribe("Kenya", level="deputy_prime_minister")
    floor.inscribe("Spain", level="head_of_government")
    floor.inscribe("Egypt", level="vice_president")


class TestUnDialogue:
    def test_groups_then_member_states_by_level_then_observers_then_civil_society(self, floor):
        inscribe_a_dialogue(floor)
        assert floor.waiting() == [
            # statements on behalf of groups, the EU among them, in the order received
            "Iraq",
            "European Union",
            # Member States by level of representation
            "Ghana",  # Head of State
            "Egypt",  # Vice-President
            "Spain",  # Head of Government
            "Kenya",  # Deputy Prime Minister
            "Brazil",  # Minister, received before Japan
            "Japan",  # Minister
            "Norway",  # Vice-Minister
            "Chile",  # Permanent Representative
            "France",  # other
            # observer States, whatever their level, in the order received
            "Holy See",
            "State of Palestine",
            # observer organisations and UN entities together, in the order received
            "UNICEF",
            "International Committee of the Red Cross",
            # civil society last
            "CIVICUS",
        ]

    def test_same_level_goes_by_time_of_inscription(self, floor):
        for name in ["Peru", "Fiji", "Mali", "Chad"]:
            floor.inscribe(name, level="minister")
            floor.wait(5)
        assert floor.waiting() == ["Peru", "Fiji", "Mali", "Chad"]

    def test_a_group_statement_is_heard_before_a_head_of_state_who_asked_first(self, floor):
        floor.inscribe("Ghana", level="head_of_state")
        floor.inscribe("Samoa", on_behalf_of="Alliance of Small Island States")
        assert floor.waiting() == ["Samoa", "Ghana"]

    def test_a_level_change_moves_the_speaker_where_the_policy_puts_them(self, floor):
        floor.inscribe("Brazil", level="minister")
        france = floor.inscribe("France")
        floor.inscribe("Japan", level="permanent_representative")
        assert floor.waiting() == ["Brazil", "Japan", "France"]

        floor.do("update", entry=france, changes={"level": "head_of_state"})
        assert floor.waiting() == ["France", "Brazil", "Japan"]

        floor.do("update", entry=france, changes={"level": "vice_minister"})
        assert floor.waiting() == ["Brazil", "France", "Japan"]

    def test_a_manual_move_survives_later_inscriptions(self, floor):
        floor.inscribe("Ghana", level="head_of_state")
        france = floor.inscribe("France")
        floor.do("move", entry=france, position=1, reason="Leaves for the Security Council")
        assert floor.waiting() == ["France", "Ghana"]

        floor.inscribe("Spain", level="head_of_state")
        floor.inscribe("Iraq", on_behalf_of="Group of 77 and China")
        floor.inscribe("Peru")
        assert floor.waiting() == ["France", "Iraq", "Ghana", "Spain", "Peru"]
        assert floor.state.entries[france].move_reason == "Leaves for the Security Council"

    def test_a_level_change_does_not_undo_a_manual_move(self, floor):
        floor.inscribe("Ghana", level="head_of_state")
        france = floor.inscribe("France")
        floor.do("move", entry=france, position=1, reason="Courtesy")
        floor.do("update", entry=france, changes={"level": "other", "speaker": "J.-N. Barrot"})
        assert floor.waiting() == ["France", "Ghana"]


class TestFirstCome:
    def test_time_of_inscription_only(self, make_floor):
        floor = make_floor(policy="first_come")
        inscribe_a_dialogue(floor)
        assert floor.waiting() == [
            "CIVICUS",
            "UNICEF",
            "France",
            "Holy See",
            "Brazil",
            "International Committee of the Red Cross",
            "Iraq",
            "Ghana",
            "Japan",
            "State of Palestine",
            "European Union",
            "Chile",
            "Norway",
            "Kenya",
            "Spain",
            "Egypt",
        ]

    def test_a_level_change_does_not_move_anyone(self, make_floor):
        floor = make_floor(policy="first_come")
        floor.inscribe("Brazil")
        france = floor.inscribe("France")
        floor.do("update", entry=france, changes={"level": "head_of_state"})
        assert floor.waiting() == ["Brazil", "France"]


class TestManual:
    def test_each_request_goes_to_the_end_of_the_list(self, make_floor):
        floor = make_floor(policy="manual")
        floor.inscribe("France")
        floor.inscribe("Ghana", level="head_of_state")
        floor.inscribe("Iraq", on_behalf_of="Group of 77 and China")
        assert floor.waiting() == ["France", "Ghana", "Iraq"]

    def test_the_secretariat_orders_the_list_by_hand(self, make_floor):
        floor = make_floor(policy="manual")
        france = floor.inscribe("France")
        floor.inscribe("Ghana", level="head_of_state")
        iraq = floor.inscribe("Iraq", on_behalf_of="Group of 77 and China")

        floor.do("move", entry=iraq, position=1, reason="Group statement")
        assert floor.waiting() == ["Iraq", "France", "Ghana"]
        floor.do("move", entry=france, position=3, reason="Minister not yet in the room")
        assert floor.waiting() == ["Iraq", "Ghana", "France"]

        floor.inscribe("Peru")
        assert floor.waiting() == ["Iraq", "Ghana", "France", "Peru"]

    def test_a_speaker_from_the_floor_is_inserted_where_the_chair_says(self, make_floor):
        floor = make_floor(policy="manual")
        floor.inscribe("France")
        floor.inscribe("Ghana")
        floor.do("close_list")
        floor.do(
            "insert",
            request=Request(delegation="chl", delegation_name="Chile"),
            position=2,
            reason="Right of reply",
        )
        assert floor.waiting() == ["France", "Chile", "Ghana"]


class TestOneRequestPerDelegation:
    def test_a_second_request_is_refused_with_the_position_of_the_first(self, floor):
        floor.inscribe("Ghana", level="head_of_state")
        france = floor.inscribe("France")
        with pytest.raises(AlreadyInscribed) as refused:
            floor.inscribe("France", level="minister")
        assert refused.value.message == (
            f"France is already inscribed (request {france}, position 2); "
            "update or withdraw that request instead."
        )
        assert floor.waiting() == ["Ghana", "France"]

    def test_a_delegation_that_has_the_floor_cannot_ask_again(self, floor):
        france = floor.inscribe("France")
        floor.do("next")
        with pytest.raises(AlreadyInscribed) as refused:
            floor.inscribe("France")
        assert refused.value.params == {"delegation": "France", "entry": france, "position": "—"}

    def test_after_speaking_or_withdrawing_a_delegation_may_ask_again(self, floor):
        france = floor.inscribe("France")
        ghana = floor.inscribe("Ghana")
        floor.do("next")
        floor.do("end")
        floor.do("withdraw", entry=ghana)
        assert floor.waiting() == []

        again = floor.inscribe("France")
        floor.inscribe("Ghana")
        assert again != france
        assert floor.waiting() == ["France", "Ghana"]


class TestClosedList:
    def test_a_closed_list_refuses_requests(self, floor):
        floor.inscribe("France")
        floor.do("close_list")
        with pytest.raises(ListClosed) as refused:
            floor.inscribe("Ghana")
        assert refused.value.message == "The list of speakers is closed."
        assert floor.waiting() == ["France"]

    def test_the_secretariat_may_still_inscribe(self, floor):
        floor.do("close_list")
        floor.inscribe("Ghana", override_closed=True)
        assert floor.waiting() == ["Ghana"]

    def test_a_list_is_closed_until_opened(self, make_floor):
        floor = make_floor(open_list=False)
        with pytest.raises(ListClosed):
            floor.inscribe("France")
        floor.do("open_list")
        floor.inscribe("France")
        assert floor.waiting() == ["France"]


class TestSegments:
    def test_requests_belong_to_the_first_segment_still_to_come_that_takes_the_floor(
        self, make_floor
    ):
        floor = make_floor(segments=[PANEL, DEBATE])
        panel = floor.inscribe("France")
        debate = floor.inscribe("Ghana", level="head_of_state", segment="debate")
        assert floor.waiting() == ["France", "Ghana"]
        assert floor.state.entries[panel].segment == "panel"
        assert floor.state.entries[debate].segment == "debate"


class TestReasons:
    """Why a request stands where it stands, for the interface to word."""

    def test_by_policy(self, floor):
        iraq = floor.inscribe("Iraq", on_behalf_of="Group of 77 and China")
        ghana = floor.inscribe("Ghana", level="head_of_state")
        holy_see = floor.inscribe("Holy See", category="observer_state")
        config = floor.state.config
        assert [reasons(floor.state.entries[i], config)[0] for i in (iraq, ghana, holy_see)] == [
            ("group", "Group of 77 and China"),
            ("level", "head_of_state"),
            ("category", "observer_state"),
        ]
        assert reasons(floor.state.entries[iraq], config)[-1] == (
            "received",
            "2025-09-22T10:00:00.000+00:00",
        )

    def test_a_move_by_hand_says_why(self, floor):
        floor.inscribe("Ghana", level="head_of_state")
        france = floor.inscribe("France")
        floor.do("move", entry=france, position=1, reason="Leaves for the Security Council")
        assert reasons(floor.state.entries[france], floor.state.config) == [
            ("moved", "Leaves for the Security Council")
        ]

    def test_a_carried_over_speaker(self, make_floor):
        floor = make_floor(segments=[PANEL, DEBATE])
        floor.do("start_segment", segment="panel")
        france = floor.inscribe("France")
        floor.do("end_segment")
        assert reasons(floor.state.entries[france], floor.state.config)[:2] == [
            ("carried_over", ""),
            ("level", "other"),
        ]
