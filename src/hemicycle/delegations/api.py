"""`/api/v1/delegations`: who may take the floor."""

from django.http import HttpRequest
from ninja import Router, Schema

from hemicycle.apikit import refusals
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
