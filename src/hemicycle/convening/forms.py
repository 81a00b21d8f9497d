"""The letter template's form: named placeholders only, checked before anything is saved."""

from django import forms
from django.core.exceptions import ValidationError

from hemicycle.convening.letters import TemplateError, check_template
from hemicycle.convening.models import LetterTemplate


class LetterTemplateForm(forms.ModelForm):
    class Meta:
        model = LetterTemplate
        fields = ["place", "date", "subject", "body", "signature"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "body": forms.Textarea(attrs={"rows": 16}),
        }

    def clean_body(self) -> str:
        body = str(self.cleaned_data["body"])
        try:
            check_template(body)
        except TemplateError as refused:
            raise ValidationError(str(refused)) from None
        return body
