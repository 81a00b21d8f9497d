from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "hemicycle.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.models import User
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from hemicycle.accounts.auth import forget
        from hemicycle.accounts.models import ApiToken, FocalPoint, Officer

        # The tokens kept in memory (auth.py) are forgotten when a token, an account, its
        # delegations, its offices or its roles change.
        for model in (ApiToken, User, FocalPoint, Officer):
            post_save.connect(forget, sender=model, dispatch_uid=f"auth-forget-{model.__name__}")
            post_delete.connect(
                forget, sender=model, dispatch_uid=f"auth-unforget-{model.__name__}"
            )
        m2m_changed.connect(forget, sender=User.groups.through, dispatch_uid="auth-forget-groups")
