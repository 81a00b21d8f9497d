from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hemicycle.delegations.models import Delegation


class InviteForm(forms.Form):
    """A focal point for a delegation: the secretariat names the person; they set the password."""

    delegation = forms.ChoiceField(label=_("Delegation"))
    name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["delegation"].choices = [
            (d.code, f"{d.localized_name()} ({d.code})") for d in Delegation.objects.all()
        ]

    def chosen_delegation(self) -> Delegation:
        return Delegation.objects.get(code=self.cleaned_data["delegation"])


class TokenForm(forms.Form):
    name = forms.CharField(label=_("What the token is for"), max_length=100)
