"""`/api/v1/delegations`: who may take the floor."""

from django.http import HttpRequest
from ninja import Router, Schema

from hemicycle.apikit import refusals
from hemicycle.delegations import groups
from hemicycle.delegations.models import Category, Delegation

router = Router(tags=["delegations"])


class DelegationOut(Schema):
    code: str
    name: str
    category: Category
    regional_group: str


@router.get("", response={200: list[DelegationOut], **refusals(422)}, summary="Delegations")
def delegations(request: HttpRequest, category: Category | None = None) -> list[Delegation]:
    found = Delegation.objects.all()
    if category:
        found = found.filter(category=category)
    return list(found)


class GroupOut(Schema):
    code: str
    name: str
    aliases: list[str]
    members: list[str]
    note: str
    source: str


@router.get(
    "/groups",
    response={200: list[GroupOut]},
    summary="Groups that speak as one (regional groups, the EU, the Arab Group, ...), with members",
)
def group_list(request: HttpRequest) -> list[dict[str, object]]:
    return [
        {
            **vars(g),
            "aliases": list(g.aliases),
            "members": list(g.members),
            "source": groups.source(),
        }
        for g in groups.groups()
    ]
