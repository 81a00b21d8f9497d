"""Tests for the reference list of delegations (UN Member States and observers)."""

from __future__ import annotations

from collections import Counter

import pytest
from babel import Locale

from hemicycle.delegations.reference import (
    REGIONAL_GROUPS,
    ReferenceDelegation,
    all_delegations,
    member_states,
    observers,
)


def _by_code() -> dict[str, ReferenceDelegation]:
    return {d.code: d for d in all_delegations()}


def test_there_are_193_member_states() -> None:
    assert len(member_states()) == 193
    assert all(d.category == "member_state" for d in member_states())


@pytest.mark.parametrize(
    ("group", "expected"),
    [
        ("AFRICAN", 54),
        ("ASIA_PACIFIC", 54),
        ("EASTERN_EUROPEAN", 23),
        ("GRULAC", 33),
        ("WEOG", 29),  # 28 members plus the United States
    ],
)
def test_regional_group_totals(group: str, expected: int) -> None:
    counts = Counter(d.group for d in member_states())
    assert counts[group] == expected


def test_every_member_state_is_in_a_known_group() -> None:
    assert {d.group for d in member_states()} == set(REGIONAL_GROUPS)
    assert sum(Counter(d.group for d in member_states()).values()) == 193


def test_regional_group_labels() -> None:
    assert REGIONAL_GROUPS == {
        "AFRICAN": "African States",
        "ASIA_PACIFIC": "Asia-Pacific States",
        "EASTERN_EUROPEAN": "Eastern European States",
        "GRULAC": "Latin American and Caribbean States",
        "WEOG": "Western European and other States",
    }


@pytest.mark.parametrize(
    ("code", "group"),
    [
        ("CYP", "ASIA_PACIFIC"),
        ("KIR", "ASIA_PACIFIC"),
        ("KAZ", "ASIA_PACIFIC"),
        ("KGZ", "ASIA_PACIFIC"),
        ("TJK", "ASIA_PACIFIC"),
        ("TKM", "ASIA_PACIFIC"),
        ("UZB", "ASIA_PACIFIC"),
        ("EST", "EASTERN_EUROPEAN"),
        ("LVA", "EASTERN_EUROPEAN"),
        ("LTU", "EASTERN_EUROPEAN"),
        ("GEO", "EASTERN_EUROPEAN"),
        ("AUS", "WEOG"),
        ("NZL", "WEOG"),
        ("CAN", "WEOG"),
        ("ISR", "WEOG"),
        ("TUR", "WEOG"),
        ("USA", "WEOG"),
        ("SSD", "AFRICAN"),
    ],
)
def test_tricky_group_memberships(code: str, group: str) -> None:
    assert _by_code()[code].group == group


def test_codes_are_unique() -> None:
    codes = [d.code for d in all_delegations()]
    assert len(codes) == len(set(codes))


def test_member_state_codes_look_like_iso_alpha3() -> None:
    for d in member_states():
        assert len(d.code) == 3, d
        assert d.code.isascii(), d
        assert d.code.isalpha(), d
        assert d.code.isupper(), d


def test_iso2_codes_are_unique_and_valid() -> None:
    states = [d for d in all_delegations() if d.category in {"member_state", "observer_state"}]
    iso2 = [d.iso2 for d in states]
    assert len(iso2) == len(set(iso2))
    territories = Locale("en").territories
    invalid = [d for d in states if d.iso2 not in territories]
    assert invalid == []


def test_non_states_have_no_iso2_and_no_group() -> None:
    for d in observers():
        assert d.group == ""
        if d.category not in {"observer_state"}:
            assert d.iso2 == "", d


def test_names_are_clean_and_unique() -> None:
    names = [d.name for d in all_delegations()]
    assert len(names) == len(set(names))
    assert all(name == name.strip() and name for name in names)


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("TUR", "Türkiye"),
        ("CIV", "Côte d'Ivoire"),
        ("BOL", "Bolivia (Plurinational State of)"),
        ("GBR", "United Kingdom of Great Britain and Northern Ireland"),
        ("IRN", "Iran (Islamic Republic of)"),
        ("VEN", "Venezuela (Bolivarian Republic of)"),
        ("NLD", "Netherlands (Kingdom of the)"),
        ("KOR", "Republic of Korea"),
        ("PRK", "Democratic People's Republic of Korea"),
        ("VNM", "Viet Nam"),
        ("USA", "United States of America"),
        ("FRA", "France"),
    ],
)
def test_official_names(code: str, name: str) -> None:
    d = _by_code()[code]
    assert d.name == name
    assert d.category == "member_state"


def test_observer_states_are_holy_see_and_palestine() -> None:
    obs_states = {(d.code, d.iso2, d.name) for d in observers() if d.category == "observer_state"}
    assert obs_states == {("VAT", "VA", "Holy See"), ("PSE", "PS", "State of Palestine")}


def test_european_union_is_an_observer_org() -> None:
    eu = _by_code()["EU"]
    assert eu.name == "European Union"
    assert eu.category == "observer_org"
    assert eu.iso2 == ""


def test_observer_categories() -> None:
    categories = {d.category for d in observers()}
    assert categories == {"observer_state", "observer_org", "un_entity"}
    un_entities = {d.code for d in observers() if d.category == "un_entity"}
    assert {"OHCHR", "UNHCR", "UNICEF", "UNDP", "OSAPG"} <= un_entities


def test_all_delegations_lists_member_states_then_observers() -> None:
    assert all_delegations() == member_states() + observers()


def test_reference_delegation_is_frozen() -> None:
    d = member_states()[0]
    with pytest.raises(AttributeError):
        d.name = "changed"  # type: ignore[misc]
