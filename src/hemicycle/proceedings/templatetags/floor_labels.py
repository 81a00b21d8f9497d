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


@register.filter
def clock(seconds: float | int | None) -> str:
    """Seconds as m:ss, or h:mm:ss from an hour."""
    total = round(seconds or 0)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"


@register.filter
def get(table: Mapping[str, str], key: str) -> str:
    return table.get(key, "")
