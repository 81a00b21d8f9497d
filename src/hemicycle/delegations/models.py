"""Who may take the floor: Member States, observers, organisations, UN entities, civil society."""

from babel import Locale, UnknownLocaleError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    MEMBER_STATE = "member_state", _("Member State")
    OBSERVER_STATE = "observer_state", _("Observer State")
    OBSERVER_ORG = "observer_org", _("Observer organisation")
    UN_ENTITY = "un_entity", _("United Nations entity")
    CIVIL_SOCIETY = "civil_society", _("Civil society organisation")


class RegionalGroup(models.TextChoices):
    AFRICAN = "AFRICAN", _("African States")
    ASIA_PACIFIC = "ASIA_PACIFIC", _("Asia-Pacific States")
    EASTERN_EUROPEAN = "EASTERN_EUROPEAN", _("Eastern European States")
    GRULAC = "GRULAC", _("Latin American and Caribbean States")
    WEOG = "WEOG", _("Western European and other States")


class Delegation(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    iso2 = models.CharField(_("ISO 3166 code"), max_length=2, blank=True)
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    regional_group = models.CharField(
        _("regional group"), max_length=20, choices=RegionalGroup.choices, blank=True
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")

    def __str__(self) -> str:
        return self.name

    def localized_name(self, language: str | None = None) -> str:
        """The UN's English short name, or CLDR's name of the territory in another language."""
        language = (language or get_language() or "en").replace("-", "_")
        if language.startswith("en") or not self.iso2:
            return self.name
        try:
            return Locale.parse(language).territories.get(self.iso2, self.name)
        except (UnknownLocaleError, ValueError):
            return self.name


def names(language: str | None = None) -> dict[str, str]:
    """Every delegation's name in `language`: the UN's English short names, CLDR's elsewhere."""
    return {d.code: d.localized_name(language) for d in Delegation.objects.all()}
