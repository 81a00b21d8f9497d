"""`hemicycle export`: a meeting, everything that belongs to it and its whole log, as JSON."""

import json
from pathlib import Path
from typing import Any

from django.utils import timezone

from hemicycle.backup.format import (
    FORMAT,
    LAYOUT,
    PLAIN,
    VERSION,
    Section,
    dump,
    embed,
    names_delegation,
)
from hemicycle.delegations.models import Delegation
from hemicycle.floor import chain
from hemicycle.inscription.models import Statement
from hemicycle.meetings.models import Meeting
from hemicycle.outcome.models import Publication
from hemicycle.proceedings.models import FloorEvent


def export(meeting: Meeting) -> dict[str, Any]:
    """The meeting and everything that belongs to it, as JSON-ready data."""
    codes: set[str] = set()  # the delegations named, which travel with it
    sections: dict[str, Any] = {"meeting": dump(meeting), "documents": _documents(meeting)}
    sections["statements"] = statements = _statements(meeting)
    codes |= {s["delegation"] for s in statements}
    for section in PLAIN:
        sections[section.key] = _plain(section, meeting, codes)
    sections["withheld"] = [
        {
            "entry": row.entry,
            "language": row.statement.language,
            "reason": row.withheld_reason,
            "by": row.withheld_by,
            "at": row.withheld_at.isoformat() if row.withheld_at else None,
        }
        for row in Publication.objects.filter(meeting=meeting)
        .exclude(withheld_reason="")
        .select_related("statement")
        .order_by("entry", "statement__language")
    ]
    # The log last: what was read before refers to it (a statement's or an application's entry is
    # a seq), so on a server that keeps running the log is at least as new as what names it.
    sections["events"] = events = [
        {**dump(row), "at": chain.canonical_time(row.at)}
        for row in FloorEvent.objects.filter(meeting=meeting).order_by("seq")
    ]
    codes |= {e["payload"]["delegation"] for e in events if names_delegation(e["payload"])}
    sections["delegations"] = [
        dump(d) for d in Delegation.objects.filter(code__in=codes).order_by("code")
    ]
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(),
        **{key: sections[key] for key in LAYOUT},
    }


def _documents(meeting: Meeting) -> list[dict[str, Any]]:
    """The meeting's documents, each with its files embedded."""
    documents = []
    for document in meeting.documents.order_by("pk"):
        files = []
        for f in document.files.order_by("language"):
            with f.file.open("rb") as opened:
                content = opened.read()
            files.append(
                {**dump(f), "filename": Path(f.file.name).name, "content_base64": embed(content)}
            )
        documents.append({**dump(document), "files": files})
    return documents


def _statements(meeting: Meeting) -> list[dict[str, Any]]:
    """The statements of the meeting's requests to speak, with their files (null if lost)."""
    statements = []
    for s in Statement.objects.filter(meeting=meeting).order_by("entry"):
        content = s.path.read_bytes() if s.path.exists() else None
        statements.append(
            {**dump(s), "content_base64": None if content is None else embed(content)}
        )
    return statements


def _plain(section: Section, meeting: Meeting, codes: set[str]) -> Any:
    """The rows of `section` (a list, or one row or None); the delegations they name go to
    `codes`."""
    rows = section.model.objects.filter(**{section.parent: meeting}).order_by(*section.order)
    if section.by_code:
        rows = rows.select_related("delegation")
    if section.many:
        return [_row(section, row, codes) for row in rows]
    row = rows.first()
    return None if row is None else _row(section, row, codes)


def _row(section: Section, row: Any, codes: set[str]) -> dict[str, Any]:
    if not section.by_code:
        return dump(row)
    if row.delegation is None:
        return {**dump(row), "delegation": None}
    codes.add(row.delegation.code)
    return {**dump(row), "delegation": row.delegation.code}


def write(data: dict[str, Any]) -> bytes:
    """The export as bytes: ASCII (non-ASCII text escaped), so that any pipe carries it intact."""
    return json.dumps(data, ensure_ascii=True, indent=1).encode("ascii")
