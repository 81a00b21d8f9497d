"""The words the interface uses for the floor's codes (levels, kinds, reasons), translated."""

from django.utils.translation import gettext_lazy as _

from hemicycle.delegations import models as delegations

LEVELS = {
    "head_of_state": _("Head of State"),
    "vice_president": _("Vice-President or Crown Prince"),
    "head_of_government": _("Head of Government"),
    "deputy_prime_minister": _("Deputy Prime Minister"),
    "minister": _("Minister"),
    "vice_minister": _("Vice-Minister"),
    "permanent_representative": _("Permanent Representative"),
    "other": _("Other representative"),
}

KINDS = {
    "statement": _("Statement"),
    "question": _("Question to the panel"),
    "group_statement": _("Group statement"),
    "reply": _("Right of reply"),
    "remarks": _("Remarks"),
    "panel": _("Panellist"),
    "point_of_order": _("Point of order"),
}

REASONS = {
    "moved": _("placed by the secretariat"),
    "carried_over": _("carried over"),
    "pending": _("declaration awaiting the secretariat's confirmation"),
    "group": _("group statement"),
    "level": _("level of representation"),
    "category": _("category"),
    "received": _("received"),
}

CATEGORIES = dict(delegations.Category.choices)

# The six official languages (rules 51-53), as statements and requests name them.
LANGUAGES = {
    "ar": _("Arabic"),
    "zh": _("Chinese"),
    "en": _("English"),
    "fr": _("French"),
    "ru": _("Russian"),
    "es": _("Spanish"),
}


def as_dict() -> dict[str, dict[str, str]]:
    """All labels in the active language, for templates and the pages' scripts (json_script),
    with the delegations' names."""
    tables = {
        name: {code: str(label) for code, label in table.items()}
        for name, table in (
            ("levels", LEVELS),
            ("kinds", KINDS),
            ("reasons", REASONS),
            ("categories", CATEGORIES),
        )
    }
    return {**tables, "delegations": delegations.names()}
