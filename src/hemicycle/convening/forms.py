"""The letter template's form: named placeholders only, checked before anything is saved; the
letterhead's emblem, a PNG or JPEG image."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hemicycle.convening.letters import TemplateError, check_template
from hemicycle.convening.models import LetterTemplate

EMBLEM_MAX_BYTES = 1_000_000
EMBLEM_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


class LetterTemplateForm(forms.ModelForm):
    emblem_file = forms.FileField(
        label=_("Emblem"),
        required=False,
        help_text=_("A PNG or JPEG image of at most 1 MB, printed above the office's name."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    remove_emblem = forms.BooleanField(label=_("Remove the emblem"), required=False)

    class Meta:
        model = LetterTemplate
        fields = ["office", "address", "place", "date", "subject", "body", "signature"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "body": forms.Textarea(attrs={"rows": 16}),
            "address": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_body(self) -> str:
        body = str(self.cleaned_data["body"])
        try:
            check_template(body)
        except TemplateError as refused:
            raise ValidationError(str(refused)) from None
        return body

    def clean_emblem_file(self) -> Any:
        upload = self.cleaned_data.get("emblem_file")
        if not upload:
            return None
        if upload.size > EMBLEM_MAX_BYTES:
            raise ValidationError(_("The emblem is larger than 1 MB: send a smaller image."))
        data = upload.read()
        kind = next((t for magic, t in EMBLEM_TYPES.items() if data.startswith(magic)), None)
        if kind is None:
            raise ValidationError(_("The emblem must be a PNG or JPEG image."))
        return data, kind

    def save(self, commit: bool = True) -> LetterTemplate:
        template: LetterTemplate = super().save(commit=False)
        if self.cleaned_data.get("remove_emblem"):
            template.emblem, template.emblem_type = b"", ""
        if self.cleaned_data.get("emblem_file"):
            template.emblem, template.emblem_type = self.cleaned_data["emblem_file"]
        if commit:
            template.save()
        return template
