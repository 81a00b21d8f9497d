"""Groups that speak as one: their members, as reference data (data/groups.json, with its source).

The five regional groups come from the Member States' list; political groups and organisations
(the European Union, the Group of Arab States, the Nordic countries, ...) from groups.json. A group
statement names its group (`on_behalf_of`); when it lists no members of its own, the group's members
here are the States it speaks for ("on behalf of 27 States").
"""

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from hemicycle.delegations.reference import REGIONAL_GROUPS, member_states


@dataclass(frozen=True)
class Group:
    code: str
    name: str
    members: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    note: str = ""


def _data() -> dict:  # type: ignore[type-arg]
    text = resources.files("hemicycle.delegations").joinpath("data", "groups.json").read_text()
    return dict(json.loads(text))


@cache
def groups() -> tuple[Group, ...]:
    """Every group, the regional ones first."""
    data = _data()
    states = member_states()
    regional = tuple(
        Group(
            code=code,
            name=aliases[0],
            members=tuple(s.code for s in states if s.group == code),
            aliases=(REGIONAL_GROUPS[code], *aliases[1:]),
        )
        for code, aliases in data["regional"].items()
    )
    political = tuple(
        Group(
            code=g["code"],
            name=g["name"],
            members=tuple(g["members"]),
            aliases=tuple(g.get("aliases", ())),
            note=g.get("note", ""),
        )
        for g in data["groups"]
    )
    return regional + political


def source() -> str:
    return str(_data()["source"])


@cache
def _by_name() -> dict[str, Group]:
    found: dict[str, Group] = {}
    for group in groups():
        for name in (group.code, group.name, *group.aliases):
            found.setdefault(name.casefold(), group)
    return found


def named(name: str) -> Group | None:
    """The group a statement's `on_behalf_of` names, if it is one of the reference data's."""
    return _by_name().get(name.strip().casefold())
