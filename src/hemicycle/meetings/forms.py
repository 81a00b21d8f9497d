"""The secretariat's forms: a meeting, its programme, its documents and announcements."""

import zoneinfo
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hemicycle.meetings import lifecycle, programme, uploads
from hemicycle.meetings.models import Announcement, Document, DocumentFile, Meeting, Segment, Status
from hemicycle.meetings.signals import programme_changed

UN_LANGUAGES = [
    ("ar", gettext_lazy("Arabic")),
    ("zh", gettext_lazy("Chinese")),
    ("en", gettext_lazy("English")),
    ("fr", gettext_lazy("French")),
    ("ru", gettext_lazy("Russian")),
    ("es", gettext_lazy("Spanish")),
]
LIMIT_KINDS = [
    ("statement", gettext_lazy("Statement")),
    ("group_statement", gettext_lazy("Statement on behalf of a group")),
    ("question", gettext_lazy("Question to the panel")),
    ("remarks", gettext_lazy("Opening or closing remarks")),
    ("panel", gettext_lazy("Panellist's presentation")),
    ("reply", gettext_lazy("Reply")),
]


class MeetingForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Languages"),
        choices=UN_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Meeting
        fields = [
            "slug", "title", "short_title", "body", "convener", "date", "starts", "ends",
            "timezone", "venue", "location", "languages", "status", "policy", "overrun",
            "background", "purposes", "expected_outcomes",
        ]  # fmt: skip
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "starts": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "ends": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "background": forms.Textarea(attrs={"rows": 8}),
            "purposes": forms.Textarea(attrs={"rows": 6}),
            "expected_outcomes": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limits = self.instance.limits or {}
        for kind, label in LIMIT_KINDS:
            self.fields[f"limit_{kind}"] = forms.IntegerField(
                label=label,
                min_value=10,
                max_value=3600,
                required=False,
                initial=limits.get(kind),
                help_text=_("seconds"),
            )
        self.fields["timezone"].help_text = _(
            "An IANA time zone, e.g. America/New_York or Europe/Geneva."
        )
        status = self.fields["status"]
        if self.instance.pk and self.instance.status not in lifecycle.BY_HAND:
            status.disabled = True  # in progress and concluded follow the floor
        else:
            status.choices = [(s.value, s.label) for s in lifecycle.BY_HAND]
            status.help_text = _(
                "A draft is seen only by the secretariat; convene it to publish it. It is in "
                "progress once a segment starts, and concluded once the last one ends."
            )
            if not self.instance.pk:
                status.initial = Status.DRAFT

    def limit_fields(self) -> list[Any]:
        return [self[f"limit_{kind}"] for kind, _label in LIMIT_KINDS]

    def clean_timezone(self) -> str:
        name = str(self.cleaned_data["timezone"]).strip()
        try:
            zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValidationError(
                _(
                    "“%(name)s” is not a time zone we know; use an IANA name such as America/New_York."
                )
                % {"name": name}
            ) from None
        return name

    def clean_date(self) -> Any:
        day = self.cleaned_data["date"]
        if not 1900 <= day.year <= 2999:
            raise ValidationError(_("Give the meeting's date, between the years 1900 and 2999."))
        return day

    def clean_status(self) -> str:
        new = self.cleaned_data["status"]
        old = self.instance.status if self.instance.pk else Status.DRAFT
        try:
            lifecycle.check_forward(old, new)
        except lifecycle.LifeCycleError as refused:
            raise ValidationError(str(refused)) from None
        return str(new)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts"), data.get("ends")
        if starts and ends and ends <= starts:
            self.add_error("ends", _("The meeting must end after it starts."))
        elif starts and ends and self.instance.pk:
            probe = Meeting(starts=starts, ends=ends)
            segments = list(self.instance.segments.all())
            found = programme.problems(
                probe, [programme.Slot(s.title, s.starts, s.ends) for s in segments]
            )
            for message in found.values():
                self.add_error(None, message)
        data["limits"] = {
            kind: data[f"limit_{kind}"] for kind, _label in LIMIT_KINDS if data.get(f"limit_{kind}")
        }
        return data

    def save(self, commit: bool = True) -> Meeting:
        self.instance.limits = {**(self.instance.limits or {}), **self.cleaned_data["limits"]}
        return super().save(commit)

    def save_meeting(self, actor: str) -> Meeting:
        """Save the meeting and let the floor follow its rules (`programme_changed`), at once."""
        with transaction.atomic():
            saved = self.save()
            programme_changed.send(sender=Meeting, meeting=saved, actor=actor)
        return saved


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


def person_line(person: dict[str, str]) -> str:
    parts = [person.get("name", ""), person.get("title", ""), person.get("organisation", "")]
    while len(parts) > 1 and not parts[-1]:
        parts.pop()
    return " | ".join(parts)


class SegmentForm(forms.ModelForm):
    themes_text = forms.CharField(
        label=gettext_lazy("Themes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("One theme per line."),
    )
    speakers_text = forms.CharField(
        label=gettext_lazy("Speakers or panellists"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("One per line: name | title | organisation."),
    )

    class Meta:
        model = Segment
        fields = ["kind", "title", "starts", "ends", "chair", "moderator", "limit_s", "note"]
        widgets = {
            "starts": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "ends": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["limit_s"].help_text = _("seconds; empty: the meeting's limit")
        if self.instance.pk:
            self.fields["themes_text"].initial = "\n".join(self.instance.themes)
            self.fields["speakers_text"].initial = "\n".join(
                map(person_line, self.instance.speakers)
            )

    def clean_speakers_text(self) -> list[dict[str, str]]:
        people = []
        for number, line in enumerate(_lines(self.cleaned_data["speakers_text"]), start=1):
            parts = [p.strip() for p in line.split("|")]
            if not parts[0] or len(parts) > 3:
                raise ValidationError(
                    _(
                        "Line %(n)s: write name | title | organisation (title and organisation may be left out)."
                    )
                    % {"n": number}
                )
            people.append(
                {"name": parts[0], "title": parts[1] if len(parts) > 1 else "",
                 "organisation": parts[2] if len(parts) > 2 else ""}
            )  # fmt: skip
        return people

    def save(self, commit: bool = True) -> Segment:
        segment = super().save(commit=False)
        segment.themes = _lines(self.cleaned_data.get("themes_text", ""))
        roles = {
            "panel": "panellist",
            "dialogue": "panellist",
            "opening": "opening",
            "closing": "closing",
        }
        segment.speakers = [
            {**p, "role": roles.get(segment.kind, "speaker")} for p in self.cleaned_data.get("speakers_text", [])
        ]  # fmt: skip
        if commit:
            segment.save()
        return segment


class BaseProgrammeFormSet(forms.BaseModelFormSet):
    """The whole programme at once: the rules hold between segments, so they are checked together."""

    def __init__(
        self, *args: Any, meeting: Meeting, inscribed: Mapping[str, int], **kwargs: Any
    ) -> None:
        self.meeting = meeting
        self.inscribed = inscribed  # the speakers inscribed in each segment
        kwargs.setdefault("queryset", meeting.segments.all())
        super().__init__(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if any(form.errors for form in self.forms):
            return
        slots: list[programme.Slot | None] = []
        kept = []
        for form in self.forms:
            data = form.cleaned_data
            if not data or (self.can_delete and self._should_delete_form(form)):
                slots.append(None)
                continue
            kept.append(form)
            slots.append(programme.Slot(data["title"], data["starts"], data["ends"]))
        for index, message in programme.problems(self.meeting, slots).items():
            self.forms[index].add_error("starts", message)
        if any(form.errors for form in self.forms):
            raise ValidationError(
                _("The programme was not saved: correct the segments marked below.")
            )
        removed = [
            f.instance for f in self.forms if f.instance.pk and slots[self.forms.index(f)] is None
        ]
        added = sum(1 for f in kept if not f.instance.pk)
        rekinded = [f.instance for f in kept if f.instance.pk and "kind" in f.changed_data]
        try:
            programme.check_change(
                self.meeting,
                removed=removed,
                added=added,
                rekinded=rekinded,
                inscribed=self.inscribed,
            )
        except programme.ProgrammeError as refused:
            raise ValidationError(str(refused)) from None

    def save_programme(self, actor: str) -> list[Segment]:
        """Save the programme as edited, in one transaction: new segments get their key, removed
        ones go, the order follows the times, and the floor is told (`programme_changed`).
        Returns the segments saved (changed or added)."""
        with transaction.atomic():
            saved = self.save(commit=False)
            for segment in saved:
                if not segment.pk:
                    segment.meeting = self.meeting
                    segment.key = programme.new_key(self.meeting, segment.title)
                segment.save()
            for segment in self.deleted_objects:
                segment.delete()
            programme.reorder(self.meeting)
            programme_changed.send(sender=Meeting, meeting=self.meeting, actor=actor)
        return saved


def programme_data(
    meeting: Meeting,
    *,
    changes: Mapping[str, Mapping[str, Any]] | None = None,
    added: Mapping[str, Any] | None = None,
    removed: str = "",
    prefix: str = "segments",
) -> dict[str, Any]:
    """The programme editor's form data for the programme as it is, with `changes` (segment key →
    the fields that change, as SegmentForm names them), one `added` segment and one `removed` key:
    a script's change to one segment is checked with the whole programme, as the page checks it."""
    rows: list[dict[str, Any]] = []
    for segment in meeting.segments.all():
        row = {
            "id": segment.pk, "kind": segment.kind, "title": segment.title,
            "starts": segment.starts, "ends": segment.ends, "chair": segment.chair,
            "moderator": segment.moderator, "limit_s": segment.limit_s or "",
            "note": segment.note, "themes_text": "\n".join(segment.themes),
            "speakers_text": "\n".join(map(person_line, segment.speakers)),
            **(changes or {}).get(segment.key, {}),
        }  # fmt: skip
        if segment.key == removed:
            row["DELETE"] = "on"
        rows.append(row)
    if added is not None:
        rows.append({"chair": "", "moderator": "", "limit_s": "", "note": "", **added})
    data: dict[str, Any] = {
        f"{prefix}-TOTAL_FORMS": len(rows),
        f"{prefix}-INITIAL_FORMS": len(rows) - (added is not None),
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{name}": value for name, value in row.items()})
    return data


ProgrammeFormSet = forms.modelformset_factory(
    Segment, form=SegmentForm, formset=BaseProgrammeFormSet, extra=0, can_delete=True
)


class DocumentForm(forms.ModelForm):
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the file"), choices=UN_LANGUAGES, initial="en"
    )
    upload = forms.FileField(label=gettext_lazy("File"), required=False)
    url = forms.URLField(label=gettext_lazy("Link"), required=False, assume_scheme="https")

    class Meta:
        model = Document
        fields = ["symbol", "title", "date", "kind", "advance_copy", "url"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean_upload(self) -> Any:
        upload = self.cleaned_data.get("upload")
        if upload:
            self.checked = uploads.check(upload)
        return upload

    def register(self, meeting: Meeting) -> Document:
        """Save the new document of `meeting`, with its file if one was sent."""
        with transaction.atomic():
            document: Document = self.save(commit=False)
            document.meeting = meeting
            document.save()
            if self.cleaned_data.get("upload"):
                attach(
                    document,
                    self.cleaned_data["language"],
                    self.cleaned_data["upload"],
                    self.checked,
                )
        return document

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_file = bool(data.get("upload")) or (self.instance.pk and self.instance.files.exists())
        if not data.get("symbol", "").strip() and not has_file and "upload" not in self.errors:
            raise ValidationError(
                _(
                    "A document needs its symbol (e.g. A/67/929–S/2013/399) or its file: give one or both."
                )
            )
        return data


class DocumentFileForm(forms.Form):
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=UN_LANGUAGES)
    upload = forms.FileField(label=gettext_lazy("File"))

    def __init__(self, *args: Any, document: Document, **kwargs: Any) -> None:
        self.document = document
        super().__init__(*args, **kwargs)

    def clean_upload(self) -> Any:
        upload = self.cleaned_data["upload"]
        self.checked = uploads.check(upload)
        return upload

    def clean_language(self) -> str:
        language = str(self.cleaned_data["language"])
        existing = self.document.files.filter(language=language).first()
        if existing:
            raise ValidationError(
                _("This document already has its %(language)s file (%(name)s); remove that one first if the new file replaces it.")
                % {"language": dict(UN_LANGUAGES)[language], "name": existing.name}
            )  # fmt: skip
        return language


def attach(
    document: Document, language: str, upload: Any, checked: uploads.Checked
) -> DocumentFile:
    """Store a checked upload as the document's file in `language`."""
    stored = DocumentFile(
        document=document,
        language=language,
        name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
    )
    stored.file.save(checked.name, upload, save=False)
    stored.save()
    return stored


def remove_file(document: Document, language: str) -> DocumentFile | None:
    """Remove the document's file in `language` (None: it has none); a document without a symbol
    keeps its last file."""
    removed = document.files.filter(language=language).first()
    if removed is not None and not document.symbol and document.files.count() == 1:
        raise ValidationError(_("This is the only file of a document without a symbol: upload another language version or give the document its symbol before removing it."))  # fmt: skip
    if removed is not None:
        removed.file.delete(save=False)
        removed.delete()
    return removed


def delete_document(document: Document) -> None:
    """Remove a document from the register, with its stored files."""
    stored = [f.file for f in document.files.all()]
    with transaction.atomic():
        document.delete()
        transaction.on_commit(lambda: [f.delete(save=False) for f in stored])


class AnnouncementForm(forms.ModelForm):
    class Meta:
        model = Announcement
        fields = ["title", "body", "published_at"]
        widgets = {"body": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["published_at"].initial = timezone.now
        self.fields["published_at"].required = False

    def clean_published_at(self) -> Any:
        return self.cleaned_data.get("published_at") or timezone.now()
