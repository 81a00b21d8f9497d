"""Who may do what, for templates: a link is shown only to those who may follow it."""

from typing import Any

from django import template

from hemicycle.accounts import roles

register = template.Library()


@register.filter
def may_run_floor(user: Any, meeting: Any) -> bool:
    """`{% if user|may_run_floor:meeting %}`: the chair console is theirs."""
    return roles.can_run_floor(user, meeting)


@register.filter
def may_edit_outcome(user: Any, meeting: Any) -> bool:
    return roles.can_edit_outcome(user, meeting)
