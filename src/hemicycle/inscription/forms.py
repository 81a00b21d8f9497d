"""The inscription's forms: a request to speak, the window, a statement, a civil-society application."""

import unicodedata
from datetime import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hemicycle.apikit import refusal_text
from hemicycle.floor.commands import KINDS
from hemicycle.floor.state import FLOOR_KINDS
from hemicycle.inscription import statements
from hemicycle.inscription.models import Application
from hemicycle.meetings.models import Meeting
from hemicycle.proceedings import labels

LANGUAGES = [
    ("", _("—")),
    ("ar", _("Arabic")),
    ("zh", _("Chinese")),
    ("en", _("English")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("es", _("Spanish")),
]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace(",", "\n").splitlines() if line.strip()]


class RequestForm(forms.Form):
    """A request to speak, as the page asks for it (the API takes the same fields as JSON)."""

    delegation = forms.ChoiceField(label=_("Delegation"))
    speaker = forms.CharField(label=_("Speaker's name"), max_length=200)
    title = forms.CharField(label=_("Speaker's title"), max_length=200, required=False)
    level = forms.ChoiceField(label=_("Level of representation"), initial="other")
    kind = forms.ChoiceField(label=_("Kind"), initial="statement")
    to_panellists = forms.CharField(
        label=_("Question to (panellists, one per line)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    on_behalf_of = forms.CharField(
        label=_("On behalf of a group (e.g. European Union)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"list": "known-groups"}),
        help_text=_(
            "The secretariat confirms a group statement, or a level above Permanent "
            "Representative, before it counts."
        ),
    )
    group_members = forms.CharField(
        label=_("The group's members (one per line; empty for a group listed)"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    segment = forms.ChoiceField(label=_("Preferred segment"), required=False)
    language = forms.ChoiceField(label=_("Language of delivery"), choices=LANGUAGES, required=False)
    file = forms.FileField(label=_("Statement (PDF or DOCX, optional)"), required=False)

    def __init__(
        self, *args: Any, meeting: Meeting, delegations: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["delegation"].choices = delegations
        self.fields["level"].choices = list(labels.LEVELS.items())
        self.fields["kind"].choices = [(k, labels.KINDS[k]) for k in KINDS]
        segments = [(s.key, s.title) for s in meeting.segments.all() if s.kind in FLOOR_KINDS]
        self.fields["segment"].choices = [("", _("The next segment with a floor")), *segments]

    def clean_speaker(self) -> str:
        speaker = str(self.cleaned_data["speaker"]).strip()
        if not speaker:
            raise forms.ValidationError(_("Name the speaker."))
        return speaker

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload:
            try:
                statements.check(upload)
            except statements.BadStatement as refused:
                raise forms.ValidationError(refusal_text(refused)) from None
            upload.seek(0)
        return upload

    def fields_for_floor(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "delegation": data["delegation"],
            "speaker": data["speaker"],
            "title": data["title"],
            "level": data["level"],
            "kind": data["kind"],
            "on_behalf_of": data["on_behalf_of"],
            "group_members": _lines(data["group_members"]) if data["on_behalf_of"] else [],
            "to_panellists": _lines(data["to_panellists"]) if data["kind"] == "question" else [],
            "segment": data["segment"],
            "language": data["language"],
        }


class StatementForm(forms.Form):
    file = forms.FileField(label=_("Statement (PDF or DOCX)"))
    language = forms.CharField(label=_("Language"), max_length=10, required=False)
    publish = forms.BooleanField(label=_("For publication after delivery"), required=False)

    clean_file = RequestForm.clean_file


class WindowForm(forms.Form):
    """The window, in the meeting's time zone."""

    opens = forms.DateTimeField(
        label=_("Opens"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    closes = forms.DateTimeField(
        label=_("Closes"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting

    def _aware(self, value: datetime | None) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=None).replace(tzinfo=self.meeting.tz)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = self._aware(data.get("opens")), self._aware(data.get("closes"))
        if opens and closes and closes <= opens:
            raise forms.ValidationError(_("The window must close after it opens."))
        data["opens"], data["closes"] = opens, closes
        return data


def one_line(value: str) -> None:
    """A name is one line: a line break or another control character in it would end up in an
    e-mail's subject (a delegation's name) or split a CSV row."""
    if any(unicodedata.category(c) == "Cc" for c in value):
        raise forms.ValidationError(_("Write this on one line, without line breaks."))


class ApplicationForm(forms.ModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("organisation", "contact_name", "speaker"):
            self.fields[name].validators.append(one_line)

    class Meta:
        model = Application
        fields = [
            "organisation",
            "ecosoc_status",
            "contact_name",
            "contact_email",
            "speaker",
            "remarks",
        ]
        widgets = {"remarks": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "speaker": _("Who would speak, if not the contact person."),
            "remarks": _("What the organisation intends to say, in a few sentences."),
        }
