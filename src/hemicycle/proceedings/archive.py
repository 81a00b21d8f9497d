"""A meeting as one JSON document: `hemicycle export`, `hemicycle import`, `hemicycle verify`.

The export holds everything that belongs to the meeting: its row, programme (segments and published
versions), documents with their files (embedded, base64, with their sha256), announcements, the
inscription window, statements with their files, civil-society applications, the convening letter's
template and the log of letters sent, and the floor's log with every event's hashes. Delegations
are reference data and are named by their code; the civil-society organisations a selection made
into delegations travel with the meeting (they exist nowhere else). People are not exported: the log
names its actors by username, as text, and accounts, passwords, tokens and focal points stay in the
database they belong to. Rendered letters (the batches' folders) are not exported; they can be
generated again.

Import checks the whole file first (format, version, the hash chain, every file's checksum, every
delegation code) and writes nothing unless all of it holds; then it writes in one transaction.
"""

import base64
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone

from hemicycle.convening.models import Delivery, LetterTemplate
from hemicycle.delegations.models import Category, Delegation
from hemicycle.floor import chain
from hemicycle.inscription.models import Application, Statement, Window
from hemicycle.meetings.models import (
    Announcement,
    Document,
    DocumentFile,
    Meeting,
    ProgrammeVersion,
    Segment,
)
from hemicycle.proceedings import store
from hemicycle.proceedings.models import FloorEvent

FORMAT = "hemicycle-meeting"
VERSION = 1


class ArchiveError(Exception):
    """An export that cannot be written or a file that cannot be imported, said in plain words."""


# --- fields: every concrete field of a model, so that a new column travels without a change here ---


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()  # to the microsecond: the hash chain covers the events' times
    if isinstance(value, date | time):
        return value.isoformat()
    return value


def _fields(model: type[models.Model]) -> Iterator[Any]:
    for f in model._meta.concrete_fields:
        if not f.primary_key and not f.is_relation and not isinstance(f, models.FileField):
            yield f


def dump(obj: models.Model) -> dict[str, Any]:
    """The row's own fields (relations and files are the caller's: they are not portable as ids)."""
    return {f.name: _plain(f.value_from_object(obj)) for f in _fields(type(obj))}


def _load(model: type[models.Model], data: dict[str, Any], what: str) -> dict[str, Any]:
    values = {}
    for f in _fields(model):
        if f.name in data:
            try:
                values[f.name] = f.to_python(data[f.name])
            except Exception as bad:
                raise ArchiveError(f"{what}: the field “{f.name}” is not valid ({bad}).") from None
    return values


def _create(model: type[models.Model], values: dict[str, Any], **relations: Any) -> Any:
    """Create the row with its recorded times (auto_now fields would stamp the time of import)."""
    row = model.objects.create(**values, **relations)
    _restamp(row, values)
    return row


def _restamp(row: models.Model, values: dict[str, Any]) -> None:
    stamps = {
        f.name: values[f.name]
        for f in _fields(type(row))
        if (getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)) and f.name in values
    }
    if stamps:
        type(row).objects.filter(pk=row.pk).update(**stamps)


def _embed(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


# --- export ---


def export(meeting: Meeting) -> dict[str, Any]:
    """The meeting and everything that belongs to it, as JSON-ready data."""
    codes: set[str] = set()
    documents = []
    for document in meeting.documents.order_by("pk"):
        files = []
        for f in document.files.order_by("language"):
            with f.file.open("rb") as opened:
                content = opened.read()
            files.append(
                {**dump(f), "filename": Path(f.file.name).name, "content_base64": _embed(content)}
            )
        documents.append({**dump(document), "files": files})
    statements = []
    for s in Statement.objects.filter(meeting=meeting).order_by("entry"):
        content = s.path.read_bytes() if s.path.exists() else None
        statements.append(
            {**dump(s), "content_base64": None if content is None else _embed(content)}
        )
        codes.add(s.delegation)
    applications = []
    for a in meeting.applications.select_related("delegation").order_by("received_at", "pk"):
        applications.append({**dump(a), "delegation": a.delegation.code if a.delegation else None})
        if a.delegation:
            codes.add(a.delegation.code)
    deliveries = []
    for d in meeting.deliveries.select_related("delegation").order_by("sent_at", "pk"):
        deliveries.append({**dump(d), "delegation": d.delegation.code})
        codes.add(d.delegation.code)
    window = Window.objects.filter(meeting=meeting).first()
    letter = LetterTemplate.objects.filter(meeting=meeting).first()
    # The log last: what was read before refers to it (a statement's or an application's entry is
    # a seq), so on a server that keeps running the log is at least as new as what names it.
    events = [
        {**dump(row), "at": chain.canonical_time(row.at)}
        for row in FloorEvent.objects.filter(meeting=meeting).order_by("seq")
    ]
    codes |= {e["payload"]["delegation"] for e in events if _code_in(e["payload"])}
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(),
        "meeting": dump(meeting),
        "segments": [dump(s) for s in meeting.segments.order_by("order", "starts", "pk")],
        "programme_versions": [dump(v) for v in meeting.versions.order_by("number")],
        "documents": documents,
        "announcements": [dump(a) for a in meeting.announcements.order_by("published_at", "pk")],
        "window": dump(window) if window else None,
        "statements": statements,
        "applications": applications,
        "letter_template": dump(letter) if letter else None,
        "deliveries": deliveries,
        "delegations": [
            dump(d) for d in Delegation.objects.filter(code__in=codes).order_by("code")
        ],
        "events": events,
    }


def _code_in(payload: Any) -> bool:
    return isinstance(payload, dict) and bool(payload.get("delegation"))


def write(data: dict[str, Any]) -> bytes:
    """The export as bytes: ASCII (non-ASCII text escaped), so that any pipe carries it intact."""
    return json.dumps(data, ensure_ascii=True, indent=1).encode("ascii")


# --- reading and checking ---


def read(path: str) -> dict[str, Any]:
    """The export in `path` ("-": standard input), or an ArchiveError that says what is wrong."""
    import sys

    try:
        raw = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except FileNotFoundError:
        raise ArchiveError(f"There is no file “{path}”.") from None
    except OSError as failed:
        raise ArchiveError(f"The file “{path}” cannot be read: {failed.strerror}.") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ArchiveError(f"“{path}” is not a text file (UTF-8 JSON expected).") from None
    except json.JSONDecodeError as bad:
        raise ArchiveError(
            f"“{path}” is not valid JSON (line {bad.lineno}, column {bad.colno}: {bad.msg})."
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ArchiveError(f"“{path}” is not a Hemicycle meeting export (no “format”: “{FORMAT}”).")
    if data.get("version") != VERSION:
        raise ArchiveError(
            f"“{path}” is in export format version {data.get('version')!r}; this Hemicycle reads "
            f"version {VERSION} only."
        )
    for key, kind in SECTIONS.items():
        value = data.get(key)
        if not isinstance(value, kind) or (
            isinstance(value, list) and not all(isinstance(item, dict) for item in value)
        ):
            raise ArchiveError(f"“{path}” is incomplete: its “{key}” is missing or malformed.")
    return data


SECTIONS: dict[str, type | tuple[type, ...]] = {
    "meeting": dict,
    "segments": list,
    "programme_versions": list,
    "documents": list,
    "announcements": list,
    "window": (dict, type(None)),
    "statements": list,
    "applications": list,
    "letter_template": (dict, type(None)),
    "deliveries": list,
    "delegations": list,
    "events": list,
}


def _rows(events: Iterable[dict[str, Any]]) -> Iterator[chain.Row]:
    for e in events:
        yield (
            e["seq"],
            e["type"],
            e["payload"],
            _when(e["at"]),
            e["actor"],
            e["command"],
            e["prev_hash"],
            e["hash"],
        )


def _when(value: Any) -> datetime:
    moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    if moment is None or moment.tzinfo is None:
        raise ArchiveError(f"an event's time “{value}” is not an ISO 8601 time with its offset.")
    return moment


def check_chain(events: list[dict[str, Any]]) -> chain.Break | None:
    try:
        return chain.first_break(_rows(events))
    except (KeyError, TypeError, ValueError) as bad:
        raise ArchiveError(f"An event of the log is malformed ({bad!r}).") from None


@dataclass
class Report:
    slug: str
    events: int
    last_hash: str
    files: int
    replaced: bool = False
    notes: list[str] = field(default_factory=list)


def _decoded(item: dict[str, Any], what: str) -> bytes | None:
    encoded = item.get("content_base64")
    if encoded is None:
        return None
    try:
        content = base64.b64decode(encoded, validate=True)
    except (ValueError, TypeError):
        raise ArchiveError(f"{what}: its content is not valid base64.") from None
    if hashlib.sha256(content).hexdigest() != item.get("sha256"):
        raise ArchiveError(f"{what}: its content does not match its sha256 {item.get('sha256')}.")
    return content


# --- import ---


def restore(data: dict[str, Any], *, slug: str | None = None, replace: bool = False) -> Report:
    """Write the export `data` as a meeting (named `slug`, or the export's own short name).

    Everything is checked before anything is written; then one transaction writes it all. Files
    written before a failure are removed again."""
    events = data["events"]
    broken = check_chain(events)
    if broken is not None:
        raise ArchiveError(
            f"The log's hash chain is broken at {broken.describe()}. Nothing imported."
        )
    slug = slug or str(data["meeting"].get("slug", ""))
    if not slug:
        raise ArchiveError("The export names no meeting (its “meeting” has no “slug”).")
    meeting_values = _load(Meeting, {**data["meeting"], "slug": slug}, "the meeting")
    contents = {
        (d_index, f_index): _decoded(f, f"document file {f.get('filename') or f.get('name')}")
        for d_index, d in enumerate(data["documents"])
        for f_index, f in enumerate(d.get("files", []))
    }
    statement_contents = [
        _decoded(s, f"the statement of request {s.get('entry')}") for s in data["statements"]
    ]
    delegations = _delegations(data)
    written: list[Path] = []
    try:
        with transaction.atomic():
            existing = Meeting.objects.select_for_update().filter(slug=slug).first()
            if existing is not None and not replace:
                raise ArchiveError(
                    f"A meeting “{slug}” exists already: import with --replace to replace it, "
                    f"or --as NEW_SLUG to import it under another name. Nothing imported."
                )
            replaced = _files_of(existing) if existing is not None else set()
            if existing is not None:
                existing.delete()
            meeting = Meeting.objects.create(**meeting_values)
            last = events[-1]["hash"] if events else chain.GENESIS
            report = Report(slug, len(events), last, 0, replaced=existing is not None)
            _write_rows(meeting, data, delegations, contents, statement_contents, written, report)
            stale = replaced - _files_of(meeting)
            transaction.on_commit(lambda: _remove(stale))
    except BaseException:
        _remove(written)
        raise
    store.forget_cache()
    return report


def _files_of(meeting: Meeting) -> set[Path]:
    """The files on disk that belong to `meeting`: its documents' and its statements'."""
    found = {
        Path(f.file.path) for f in DocumentFile.objects.filter(document__meeting=meeting) if f.file
    }
    return found | {s.path for s in Statement.objects.filter(meeting=meeting)}


def _remove(paths: Iterable[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def _delegations(data: dict[str, Any]) -> dict[str, Delegation]:
    """Every delegation code the export names, found here; civil-society organisations made
    delegations by a selection are created if missing. An unknown code is refused."""
    described = {d.get("code"): d for d in data["delegations"] if isinstance(d, dict)}
    needed = {code for code in described if isinstance(code, str)}
    needed |= {e["payload"]["delegation"] for e in data["events"] if _code_in(e.get("payload"))}
    needed |= {a["delegation"] for a in data["applications"] if a.get("delegation")}
    needed |= {d["delegation"] for d in data["deliveries"] if d.get("delegation")}
    needed |= {s["delegation"] for s in data["statements"] if s.get("delegation")}
    found = {d.code: d for d in Delegation.objects.filter(code__in=needed)}
    unknown = []
    for code in sorted(needed - set(found)):
        about = described.get(code)
        if about and about.get("category") == Category.CIVIL_SOCIETY:
            continue  # created with the meeting
        unknown.append(code)
    if unknown:
        raise ArchiveError(
            "Unknown delegation code(s): "
            + ", ".join(unknown)
            + ". The delegations are reference data: this database does not have them (is it "
            "migrated, and from the same Hemicycle?). Nothing imported."
        )
    for code, about in described.items():
        same = code not in found or found[code].name == about.get("name")
        if not same and about.get("category") == Category.CIVIL_SOCIETY:
            raise ArchiveError(
                f"The delegation {code} is “{found[code].name}” here but “{about.get('name')}” "
                f"in the export: another organisation has that code. Nothing imported."
            )
    return found


def _write_rows(
    meeting: Meeting,
    data: dict[str, Any],
    delegations: dict[str, Delegation],
    contents: dict[tuple[int, int], bytes | None],
    statement_contents: list[bytes | None],
    written: list[Path],
    report: Report,
) -> None:
    for code, about in ((d["code"], d) for d in data["delegations"]):
        if code not in delegations:
            delegations[code] = Delegation.objects.create(
                **_load(Delegation, about, f"the delegation {code}")
            )
    for s in data["segments"]:
        _create(Segment, _load(Segment, s, f"the segment {s.get('key')}"), meeting=meeting)
    for v in data["programme_versions"]:
        _create(
            ProgrammeVersion, _load(ProgrammeVersion, v, "a programme version"), meeting=meeting
        )
    for d_index, d in enumerate(data["documents"]):
        document = _create(Document, _load(Document, d, "a document"), meeting=meeting)
        for f_index, f in enumerate(d.get("files", [])):
            values = _load(DocumentFile, f, f"the file {f.get('filename')}")
            row = DocumentFile(document=document, **values)
            content = contents[(d_index, f_index)]
            if content is None:
                raise ArchiveError(f"The document file {f.get('filename')} has no content.")
            row.file.save(
                Path(str(f.get("filename") or "file")).name, ContentFile(content), save=False
            )
            written.append(Path(row.file.path))
            row.save()
            _restamp(row, values)
            report.files += 1
    for a in data["announcements"]:
        _create(Announcement, _load(Announcement, a, "an announcement"), meeting=meeting)
    if data["window"] is not None:
        _create(Window, _load(Window, data["window"], "the window"), meeting=meeting)
    if data["letter_template"] is not None:
        _create(
            LetterTemplate,
            _load(LetterTemplate, data["letter_template"], "the letter"),
            meeting=meeting,
        )
    for s, content in zip(data["statements"], statement_contents, strict=True):
        statement = _create(Statement, _load(Statement, s, "a statement"), meeting=meeting)
        if content is None:
            report.notes.append(
                f"the statement of request {statement.entry} had no file in the export"
            )
            continue
        statement.path.parent.mkdir(parents=True, exist_ok=True)
        if not statement.path.exists():
            statement.path.write_bytes(content)
            written.append(statement.path)
        report.files += 1
    for a in data["applications"]:
        _create(
            Application,
            _load(Application, a, f"the application of {a.get('organisation')}"),
            meeting=meeting,
            delegation=delegations[a["delegation"]] if a.get("delegation") else None,
        )
    for d in data["deliveries"]:
        _create(
            Delivery,
            _load(Delivery, d, "a delivery"),
            meeting=meeting,
            delegation=delegations[d["delegation"]],
        )
    FloorEvent.objects.bulk_create(
        [
            FloorEvent(meeting=meeting, **_load(FloorEvent, e, f"the event {e.get('seq')}"))
            for e in data["events"]
        ],
        batch_size=500,
    )


# --- verify ---


def verify(meeting: Meeting) -> tuple[int, str, chain.Break | None]:
    """(number of events, last hash, first break or None) of the stored log of `meeting`."""
    rows = list(
        FloorEvent.objects.filter(meeting=meeting)
        .order_by("seq")
        .values_list("seq", "type", "payload", "at", "actor", "command", "prev_hash", "hash")
    )
    last = rows[-1][7] if rows else chain.GENESIS
    return len(rows), last, chain.first_break(rows)
