from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _reference(sender: Any, **kwargs: Any) -> None:
    from hemicycle.outcome import series

    series.load()


class OutcomeConfig(AppConfig):
    name = "hemicycle.outcome"
    verbose_name = _("Outcome")

    def ready(self) -> None:
        # The series' reference figures are there after every migrate, as they are in the file.
        post_migrate.connect(_reference, sender=self, dispatch_uid="outcome-reference")
