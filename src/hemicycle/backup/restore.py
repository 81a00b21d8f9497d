"""`hemicycle import`: read an export, check all of it, then write it as a meeting in one
transaction (or write nothing, and leave no file behind)."""

import base64
import hashlib
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from hemicycle.accounts.models import Officer
from hemicycle.backup.format import (
    FORMAT,
    LAYOUT,
    PLAIN,
    VERSION,
    ArchiveError,
    Section,
    create,
    load,
    names_delegation,
    restamp,
)
from hemicycle.backup.verify import check_chain
from hemicycle.delegations.models import Category, Delegation
from hemicycle.floor import chain
from hemicycle.floor.events import FORMAT as EVENT_FORMAT
from hemicycle.floor.events import EventType
from hemicycle.inscription.models import Statement
from hemicycle.meetings.models import Document, DocumentFile, Meeting
from hemicycle.outcome import publication
from hemicycle.outcome.models import Publication
from hemicycle.proceedings import store
from hemicycle.proceedings.models import Checkpoint, FloorEvent

# --- reading ---


def read(path: str) -> dict[str, Any]:
    """The export in `path` ("-": standard input), or an ArchiveError that says what is wrong."""
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
    for key, kind in LAYOUT.items():
        value = data.get(key)
        if not isinstance(value, kind) or (
            isinstance(value, list) and not all(isinstance(item, dict) for item in value)
        ):
            raise ArchiveError(f"“{path}” is incomplete: its “{key}” is missing or malformed.")
    return data


# --- checking everything before anything is written ---


@dataclass
class _Checked:
    """What an export will write, found valid: the meeting's name and fields, the embedded files'
    contents (None: the export has none) and the delegations it names that exist here."""

    slug: str
    meeting: dict[str, Any]
    document_files: dict[tuple[int, int], bytes | None]  # by (document, file) index
    statement_files: list[bytes | None]
    delegations: dict[str, Delegation]


def _check(data: dict[str, Any], slug: str | None) -> _Checked:
    _check_event_format(data["events"])
    broken = check_chain(data["events"])
    if broken is not None:
        raise ArchiveError(
            f"The log's hash chain is broken at {broken.describe()}. Nothing imported."
        )
    slug = slug or str(data["meeting"].get("slug", ""))
    if not slug:
        raise ArchiveError("The export names no meeting (its “meeting” has no “slug”).")
    meeting = load(Meeting, {**data["meeting"], "slug": slug}, "the meeting")
    document_files = {
        (d_index, f_index): _decoded(f, f"document file {f.get('filename') or f.get('name')}")
        for d_index, d in enumerate(data["documents"])
        for f_index, f in enumerate(d.get("files", []))
    }
    statement_files = [
        _decoded(s, f"the statement of request {s.get('entry')}") for s in data["statements"]
    ]
    return _Checked(slug, meeting, document_files, statement_files, _delegations(data))


def _check_event_format(events: list[dict[str, Any]]) -> None:
    """A log written in another event format would fold to another list: refused."""
    for event in events:
        if event.get("type") == EventType.MEETING_CONFIGURED:
            found = (event.get("payload") or {}).get("format", 1)
            if found != EVENT_FORMAT:
                raise ArchiveError(
                    f"The log is in event format {found!r}; this Hemicycle folds format "
                    f"{EVENT_FORMAT} only (docs/receipts.md). Nothing imported."
                )


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


def _delegations(data: dict[str, Any]) -> dict[str, Delegation]:
    """Every delegation code the export names, found here; civil-society organisations made
    delegations by a selection are created if missing. An unknown code is refused."""
    described = {d.get("code"): d for d in data["delegations"] if isinstance(d, dict)}
    needed = {code for code in described if isinstance(code, str)}
    needed |= {
        e["payload"]["delegation"] for e in data["events"] if names_delegation(e.get("payload"))
    }
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


# --- writing ---


@dataclass
class Report:
    """What an import wrote, for the command to say."""

    slug: str
    events: int
    last_hash: str
    files: int
    replaced: bool = False
    notes: list[str] = field(default_factory=list)


def restore(data: dict[str, Any], *, slug: str | None = None, replace: bool = False) -> Report:
    """Write the export `data` as a meeting (named `slug`, or the export's own short name).

    Everything is checked before anything is written; then one transaction writes it all. Files
    written before a failure are removed again."""
    checked = _check(data, slug)
    events = data["events"]
    written: list[Path] = []
    try:
        with transaction.atomic():
            existing = Meeting.objects.select_for_update().filter(slug=checked.slug).first()
            if existing is not None and not replace:
                raise ArchiveError(
                    f"A meeting “{checked.slug}” exists already: import with --replace to replace "
                    f"it, or --as NEW_SLUG to import it under another name. Nothing imported."
                )
            replaced = _files_of(existing) if existing is not None else set()
            officers = _officers_of(existing)
            signed = _checkpoints_of(existing)
            if existing is not None:
                existing.delete()
            meeting = Meeting.objects.create(**checked.meeting)
            for officer in officers:  # people do not travel; a replaced meeting keeps its own
                officer.meeting = meeting
                officer.save()
            last = events[-1]["hash"] if events else chain.GENESIS
            report = Report(checked.slug, len(events), last, 0, replaced=existing is not None)
            _keep_checkpoints(meeting, signed, events, report.notes)
            _write(meeting, data, checked, written, report)
            stale = replaced - _files_of(meeting)
            transaction.on_commit(lambda: _remove(stale))
    except BaseException:
        _remove(written)
        raise
    store.forget_cache()
    return report


def _officers_of(meeting: Meeting | None) -> list[Officer]:
    """The officers of the meeting about to be replaced, unsaved, to be given to its successor."""
    if meeting is None:
        return []
    found = list(Officer.objects.filter(meeting=meeting))
    for officer in found:
        officer.pk = None
    return found


def _checkpoints_of(meeting: Meeting | None) -> list[Checkpoint]:
    """The checkpoints the server signed of the meeting about to be replaced, unsaved."""
    if meeting is None:
        return []
    found = list(Checkpoint.objects.filter(meeting=meeting))
    for checkpoint in found:
        checkpoint.pk = None
    return found


def _keep_checkpoints(
    meeting: Meeting, signed: list[Checkpoint], events: list[dict[str, Any]], notes: list[str]
) -> None:
    """A replaced meeting keeps the checkpoints signed of it (they are the server's word, not the
    export's): restoring an older log is then a rollback that `hemicycle verify` names."""
    hashes = {e["seq"]: e["hash"] for e in events}
    differs = [c for c in signed if hashes.get(c.seq) != c.hash]
    for checkpoint in signed:
        checkpoint.meeting = meeting
    Checkpoint.objects.bulk_create(signed)
    if differs:
        notes.append(
            f"the imported log does not hold {len(differs)} of the {len(signed)} checkpoints "
            f"signed of the meeting it replaces (the last of event {differs[-1].seq}): it is "
            f"older or rewritten, and `hemicycle verify` names it"
        )


def _files_of(meeting: Meeting) -> set[Path]:
    """The files on disk that belong to `meeting`: its documents' and its statements'."""
    found = {
        Path(f.file.path) for f in DocumentFile.objects.filter(document__meeting=meeting) if f.file
    }
    return found | {s.path for s in Statement.objects.filter(meeting=meeting)}


def _remove(paths: Iterable[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def _write(
    meeting: Meeting, data: dict[str, Any], checked: _Checked, written: list[Path], report: Report
) -> None:
    """Everything of the export but the meeting's own row; the files first, so that whatever fails
    after them removes them again (their paths go to `written`)."""
    _write_organisations(data["delegations"], checked.delegations)
    report.files += _write_documents(meeting, data["documents"], checked.document_files, written)
    report.files += _write_statements(
        meeting, data["statements"], checked.statement_files, written, report.notes
    )
    for section in PLAIN:
        _write_plain(meeting, section, data.get(section.key), checked.delegations)
    _write_log(meeting, data["events"])
    _write_withheld(meeting, data.get("withheld") or [])


def _write_withheld(meeting: Meeting, withheld: list[dict[str, Any]]) -> None:
    """The secretariat's withholdings, on the statements just written (read from the log)."""
    if not withheld:
        return
    store.forget_cache()  # the log was just written: the floor is read from it
    publication.sync(meeting)
    for item in withheld:
        Publication.objects.filter(
            meeting=meeting, entry=item["entry"], statement__language=item.get("language", "")
        ).update(
            withheld_reason=str(item["reason"])[:500],
            withheld_by=str(item.get("by", ""))[:150],
            withheld_at=datetime.fromisoformat(item["at"]) if item.get("at") else None,
        )


def _write_organisations(described: list[dict[str, Any]], found: dict[str, Delegation]) -> None:
    """The delegations the export describes that are not `found` here: the civil-society
    organisations a selection made into delegations (the check refused any other)."""
    for about in described:
        if about["code"] not in found:
            found[about["code"]] = Delegation.objects.create(
                **load(Delegation, about, f"the delegation {about['code']}")
            )


def _write_plain(
    meeting: Meeting, section: Section, found: Any, delegations: dict[str, Delegation]
) -> None:
    """The rows of `section` (`found`: a list, or one row or None)."""
    items = (found or []) if section.many else [found] if found is not None else []
    for item in items:
        relations: dict[str, Any] = {section.parent: meeting}
        if section.by_code:
            code = item.get("delegation")
            relations["delegation"] = delegations[code] if code else None
        create(section.model, load(section.model, item, section.called(item)), **relations)


def _write_documents(
    meeting: Meeting,
    documents: list[dict[str, Any]],
    contents: dict[tuple[int, int], bytes | None],
    written: list[Path],
) -> int:
    """The documents and their files; the number of files written."""
    count = 0
    for d_index, d in enumerate(documents):
        document = create(Document, load(Document, d, "a document"), meeting=meeting)
        for f_index, f in enumerate(d.get("files", [])):
            values = load(DocumentFile, f, f"the file {f.get('filename')}")
            row = DocumentFile(document=document, **values)
            content = contents[(d_index, f_index)]
            if content is None:
                raise ArchiveError(f"The document file {f.get('filename')} has no content.")
            row.file.save(
                Path(str(f.get("filename") or "file")).name, ContentFile(content), save=False
            )
            written.append(Path(row.file.path))
            row.save()
            restamp(row, values)
            count += 1
    return count


def _write_statements(
    meeting: Meeting,
    statements: list[dict[str, Any]],
    contents: list[bytes | None],
    written: list[Path],
    notes: list[str],
) -> int:
    """The statements and their files (a file already there is kept); the number of files."""
    count = 0
    for s, content in zip(statements, contents, strict=True):
        statement = create(Statement, load(Statement, s, "a statement"), meeting=meeting)
        if content is None:
            notes.append(f"the statement of request {statement.entry} had no file in the export")
            continue
        statement.path.parent.mkdir(parents=True, exist_ok=True)
        if not statement.path.exists():
            statement.path.write_bytes(content)
            written.append(statement.path)
        count += 1
    return count


def _write_log(meeting: Meeting, events: list[dict[str, Any]]) -> None:
    """The floor's log as it was, hashes and all: its one writer besides `store.execute`."""
    FloorEvent.objects.bulk_create(
        [
            FloorEvent(meeting=meeting, **load(FloorEvent, e, f"the event {e.get('seq')}"))
            for e in events
        ],
        batch_size=500,
    )
