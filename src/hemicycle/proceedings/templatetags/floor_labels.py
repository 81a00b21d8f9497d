"""`{{ code|label:labels.kinds }}`: the translated word for one of the floor's codes."""

from collections.abc import Mapping

from django import template

register = template.Library()


@register.filter
def label(code: str, table: Mapping[str, str]) -> str:
    return table.get(code, code)
