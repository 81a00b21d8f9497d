"""A marker for translatable messages, so that floor/ stays free of Django.

`makemessages` collects every `_("…")` here like any gettext call; the web layer translates the
template with the user's language and fills in the parameters.
"""


def _(message: str) -> str:
    return message
