"""`{{ code|label:labels.kinds }}`: the translated word for one of the floor's codes;
`{{ entry|delegation:labels }}`: a delegation's name in the page's language."""

from collections.abc import Mapping

from django import template

register = template.Library()


@register.filter
def label(code: str, table: Mapping[str, str]) -> str:
    return table.get(code, code)


@register.filter
def delegation(entry: Mapping[str, str], labels: Mapping[str, Mapping[str, str]]) -> str:
    names = labels.get("delegations", {})
    return names.get(entry["delegation"]) or entry["delegation_name"]
