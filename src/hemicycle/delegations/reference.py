"""Reference data: who may speak at a UN General Assembly meeting.

The data lives in two CSV files shipped with the package, next to this
module in ``data/``:

* ``member_states.csv`` -- the 193 UN Member States (``code,iso2,name,group``),
  where ``code`` is the ISO 3166-1 alpha-3 code, ``iso2`` the alpha-2 code,
  ``name`` the UN's official short name in English and ``group`` the UN
  regional group used for elections (the United States, formally in no group,
  is counted with WEOG);
* ``observers.csv`` -- observer States, intergovernmental organisations and
  other entities with observer status, and UN entities that may take the
  floor (``code,iso2,name,category``).

This module is pure Python (standard library only) and does not import
Django, so it can be used from migrations, management commands and plain
scripts alike.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = [
    "CATEGORIES",
    "MEMBER_STATE",
    "OBSERVER_ORG",
    "OBSERVER_STATE",
    "REGIONAL_GROUPS",
    "UN_ENTITY",
    "ReferenceDelegation",
    "all_delegations",
    "member_states",
    "observers",
]

MEMBER_STATE = "member_state"
OBSERVER_STATE = "observer_state"
OBSERVER_ORG = "observer_org"
UN_ENTITY = "un_entity"

#: Delegation category code -> English label.
CATEGORIES: dict[str, str] = {
    MEMBER_STATE: "Member State",
    OBSERVER_STATE: "Observer State",
    OBSERVER_ORG: "Observer organisation",
    UN_ENTITY: "United Nations entity",
}

#: UN regional group code -> English label.
REGIONAL_GROUPS: dict[str, str] = {
    "AFRICAN": "African States",
    "ASIA_PACIFIC": "Asia-Pacific States",
    "EASTERN_EUROPEAN": "Eastern European States",
    "GRULAC": "Latin American and Caribbean States",
    "WEOG": "Western European and other States",
}

_MEMBER_STATES_FILE = "member_states.csv"
_OBSERVERS_FILE = "observers.csv"
_OBSERVER_CATEGORIES = frozenset({OBSERVER_STATE, OBSERVER_ORG, UN_ENTITY})


@dataclass(frozen=True)
class ReferenceDelegation:
    """One entry of the reference list of delegations."""

    code: str
    """ISO 3166-1 alpha-3 code for States, an acronym otherwise (e.g. ``EU``)."""
    iso2: str
    """ISO 3166-1 alpha-2 code for States, ``""`` otherwise."""
    name: str
    """Official short name in English, as used by the UN."""
    category: str
    """One of ``member_state``, ``observer_state``, ``observer_org``, ``un_entity``."""
    group: str
    """Regional group code (a key of :data:`REGIONAL_GROUPS`), ``""`` when none."""


def _read_rows(filename: str) -> list[dict[str, str]]:
    """Read one CSV file of the ``data`` folder into a list of row dicts."""
    package = __package__ or "hemicycle.delegations"
    text = resources.files(package).joinpath("data").joinpath(filename).read_text(encoding="utf-8")
    rows: list[dict[str, str]] = []
    for line_no, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        if None in row or any(value is None for value in row.values()):
            raise ValueError(f"{filename}:{line_no}: wrong number of columns")
        rows.append({key: value.strip() for key, value in row.items()})
    return rows


@cache
def _member_states() -> tuple[ReferenceDelegation, ...]:
    result: list[ReferenceDelegation] = []
    for line_no, row in enumerate(_read_rows(_MEMBER_STATES_FILE), start=2):
        if row["group"] not in REGIONAL_GROUPS:
            raise ValueError(
                f"{_MEMBER_STATES_FILE}:{line_no}: unknown regional group {row['group']!r}"
            )
        result.append(
            ReferenceDelegation(
                code=row["code"],
                iso2=row["iso2"],
                name=row["name"],
                category=MEMBER_STATE,
                group=row["group"],
            )
        )
    return tuple(result)


@cache
def _observers() -> tuple[ReferenceDelegation, ...]:
    result: list[ReferenceDelegation] = []
    for line_no, row in enumerate(_read_rows(_OBSERVERS_FILE), start=2):
        if row["category"] not in _OBSERVER_CATEGORIES:
            raise ValueError(f"{_OBSERVERS_FILE}:{line_no}: unknown category {row['category']!r}")
        result.append(
            ReferenceDelegation(
                code=row["code"],
                iso2=row["iso2"],
                name=row["name"],
                category=row["category"],
                group="",
            )
        )
    return tuple(result)


def member_states() -> list[ReferenceDelegation]:
    """Return the 193 UN Member States, in alphabetical order of English name."""
    return list(_member_states())


def observers() -> list[ReferenceDelegation]:
    """Return observer States, observer organisations and UN entities."""
    return list(_observers())


def all_delegations() -> list[ReferenceDelegation]:
    """Return every reference delegation: Member States first, then observers."""
    return [*_member_states(), *_observers()]
