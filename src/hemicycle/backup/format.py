"""The export's format: its name and version, its sections, and how a row becomes JSON and back."""

import base64
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db import models

from hemicycle.convening.models import Delivery, LetterTemplate
from hemicycle.inscription.models import Application
from hemicycle.meetings.models import Announcement, ProgrammeVersion, Segment
from hemicycle.outcome.models import Summary, ThemeTag
from hemicycle.records.models import Webcast

FORMAT = "hemicycle-meeting"
VERSION = 2  # 1: the window travelled as its own section; it is in the log now


class ArchiveError(Exception):
    """An export that cannot be written or a file that cannot be imported, said in plain words."""


# Everything that belongs to the meeting travels with it. Delegations are reference data and are
# named by their code; the civil-society organisations a selection made into delegations travel
# with the meeting (they exist nowhere else). People do not travel: the log names its actors by an
# opaque reference (role, delegation, account number), and accounts, passwords, tokens, focal
# points and the meeting's officers stay in their database (a replaced meeting keeps its officers;
# elsewhere they are assigned again).
# Rendered letters do not travel either: they can be generated again.

# Every key of an export, in the order it is written, with the shape a file must give it.
LAYOUT: dict[str, type | tuple[type, ...]] = {
    "meeting": dict,
    "segments": list,
    "programme_versions": list,
    "documents": list,
    "announcements": list,
    "statements": list,
    "applications": list,
    "letter_template": (dict, type(None)),
    "deliveries": list,
    # The outcome's (absent from the files written before it: read as empty).
    "theme_tags": (list, type(None)),
    "summary": (dict, type(None)),
    "webcast": (dict, type(None)),
    "withheld": (list, type(None)),  # the statements the secretariat withheld, with the reason
    "delegations": list,
    "events": list,
}


@dataclass(frozen=True)
class Section:
    """Rows of one model that belong to the meeting through their field `parent` and travel as
    their own fields alone: a list of them (`many`), or at most one."""

    key: str
    model: type[models.Model]
    what: str  # how a message names one of its rows; "{field}" is the row's field in the file
    parent: str = "meeting"
    many: bool = True
    order: tuple[str, ...] = ("pk",)
    by_code: bool = False  # the rows have a `delegation`, which travels as its code

    def called(self, item: dict[str, Any]) -> str:
        return self.what.format_map(defaultdict(lambda: None, item))


# The sections that need nothing but their rows. The others have files (documents, statements),
# are shared with other meetings (delegations) or are the log (events): see export and restore.
PLAIN = (
    Section("segments", Segment, "the segment {key}", order=("order", "starts", "pk")),
    Section("programme_versions", ProgrammeVersion, "a programme version", order=("number",)),
    Section("announcements", Announcement, "an announcement", order=("published_at", "pk")),
    Section("letter_template", LetterTemplate, "the letter", many=False),
    Section(
        "applications",
        Application,
        "the application of {organisation}",
        order=("received_at", "pk"),
        by_code=True,
    ),
    Section("deliveries", Delivery, "a delivery", order=("sent_at", "pk"), by_code=True),
    Section("theme_tags", ThemeTag, "the theme of speech {entry}", order=("entry", "theme")),
    Section("summary", Summary, "the chair's summary", many=False),
    Section("webcast", Webcast, "the webcast", many=False),
)


# --- fields: every concrete field of a model, so that a new column travels without a change here ---


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()  # to the microsecond: the hash chain covers the events' times
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):  # a BinaryField (the letterhead's emblem)
        return embed(bytes(value))  # base64, which BinaryField.to_python reads back
    return value


def _fields(model: type[models.Model]) -> Iterator[Any]:
    for f in model._meta.concrete_fields:
        if not f.primary_key and not f.is_relation and not isinstance(f, models.FileField):
            yield f


def dump(obj: models.Model) -> dict[str, Any]:
    """The row's own fields (relations and files are the caller's: they are not portable as ids)."""
    return {f.name: _plain(f.value_from_object(obj)) for f in _fields(type(obj))}


def load(model: type[models.Model], data: dict[str, Any], what: str) -> dict[str, Any]:
    """The fields of `model` found in `data`, as Python values; `what` names the row if one is
    not valid."""
    values = {}
    for f in _fields(model):
        if f.name in data:
            try:
                values[f.name] = f.to_python(data[f.name])
            except Exception as bad:
                raise ArchiveError(f"{what}: the field “{f.name}” is not valid ({bad}).") from None
    return values


def create(model: type[models.Model], values: dict[str, Any], **relations: Any) -> Any:
    """Create the row with its recorded times (auto_now fields would stamp the time of import)."""
    row = model.objects.create(**values, **relations)
    restamp(row, values)
    return row


def restamp(row: models.Model, values: dict[str, Any]) -> None:
    """Give `row` back the times recorded in `values` that saving it overwrote."""
    stamps = {
        f.name: values[f.name]
        for f in _fields(type(row))
        if (getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)) and f.name in values
    }
    if stamps:
        type(row).objects.filter(pk=row.pk).update(**stamps)


def embed(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def names_delegation(payload: Any) -> bool:
    """Whether an event's payload names a delegation (by its code, under "delegation")."""
    return isinstance(payload, dict) and bool(payload.get("delegation"))
