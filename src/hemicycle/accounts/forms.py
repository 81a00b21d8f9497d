from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from hemicycle.accounts.models import Office
from hemicycle.delegations.models import Delegation


class InviteForm(forms.Form):
    """A focal point for a delegation: the secretariat (any delegation) or a mission administrator
    (their own) names the person; they set the password."""

    delegation = forms.ChoiceField(label=_("Delegation"))
    name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    administers = forms.BooleanField(
        label=_("Mission administrator: may invite and revoke the delegation's focal points"),
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        delegations: "QuerySet[Delegation] | None" = None,
        may_name_administrators: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        found = Delegation.objects.all() if delegations is None else delegations
        self.fields["delegation"].choices = [
            (d.code, f"{d.localized_name()} ({d.code})") for d in found
        ]
        if not may_name_administrators:
            del self.fields["administers"]

    def chosen_delegation(self) -> Delegation:
        return Delegation.objects.get(code=self.cleaned_data["delegation"])


class PersonForm(forms.Form):
    """A person to appoint: a member of the secretariat."""

    name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))


class OfficerForm(PersonForm):
    """A person to appoint as an officer of a meeting."""

    office = forms.ChoiceField(label=_("Office"), choices=Office.choices)


class ImportForm(forms.Form):
    """Focal points in bulk: a CSV file, or its text pasted."""

    file = forms.FileField(label=_("CSV file"), required=False)
    csv = forms.CharField(
        label=_("Or paste the rows"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )

    MAX_BYTES = 1_000_000

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is not None:
            if upload.size > self.MAX_BYTES:
                raise forms.ValidationError(_("The file is larger than 1 MB; split it."))
            try:
                data["csv"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError(
                    _("The file is not UTF-8 text: save it as “CSV UTF-8” and send it again.")
                ) from None
        if not (data.get("csv") or "").strip():
            raise forms.ValidationError(_("Choose a CSV file or paste its rows."))
        return data


class TokenForm(forms.Form):
    name = forms.CharField(label=_("What the token is for"), max_length=100)
