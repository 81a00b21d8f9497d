"""Each vocabulary of the floor has one home, its codes in `floor/`; the Django choices and the
interface's words are copies that must agree with it, code for code."""

from hemicycle.delegations.models import Category
from hemicycle.floor import commands, forecast, precedence, state
from hemicycle.meetings.models import Overrun, Policy, SegmentKind
from hemicycle.proceedings import labels


def test_levels_of_representation_agree_in_order():
    assert list(labels.LEVELS) == list(precedence.LEVELS)


def test_categories_of_delegation_agree_and_each_has_a_rank():
    assert Category.values == list(precedence.CATEGORIES)
    assert set(labels.CATEGORIES) == set(precedence.CATEGORIES)
    assert set(precedence.CATEGORY_RANK) == set(precedence.CATEGORIES)


def test_kinds_of_speech_agree_and_each_has_a_limit_and_a_word():
    assert set(labels.KINDS) == set(state.DEFAULT_LIMITS)
    assert set(commands.KINDS) <= set(state.DEFAULT_LIMITS)
    assert set(forecast.LIST_KINDS) <= set(state.DEFAULT_LIMITS)


def test_precedence_policies_agree():
    assert Policy.values == list(precedence.POLICIES)


def test_overrun_policies_agree():
    assert Overrun.values == list(state.OVERRUNS)


def test_segment_kinds_agree_and_those_that_take_the_floor_are_among_them():
    assert SegmentKind.values == list(state.SEGMENT_KINDS)
    assert set(state.FLOOR_KINDS) <= set(state.SEGMENT_KINDS)


def test_every_reason_for_a_place_has_its_words():
    assert set(labels.REASONS) == set(precedence.REASONS)
