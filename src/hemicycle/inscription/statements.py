"""Statement files: what is accepted (PDF or DOCX, by their bytes, up to a size), where they are kept
(under the data directory, named by their hash), and who may read them."""

import hashlib
import io
import zipfile
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_noop

from hemicycle import floor
from hemicycle.inscription.models import Statement
from hemicycle.meetings.models import Meeting

MAX_BYTES_DEFAULT = 10 * 1024 * 1024
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class BadStatement(floor.FloorError):
    kind = "invalid"
    code = "bad_statement"


def max_bytes() -> int:
    return int(getattr(settings, "HEMICYCLE_STATEMENT_MAX_BYTES", MAX_BYTES_DEFAULT))


def kind_of(data: bytes) -> str | None:
    """`pdf` or `docx` by the file's own bytes (its name may say anything), or None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names and "[Content_Types].xml" in names:
            return "docx"
    return None


def check(upload: UploadedFile) -> tuple[bytes, str]:
    """The file's bytes and kind, or a BadStatement that says what to send instead."""
    limit = max_bytes()
    if upload.size is None or upload.size > limit:
        raise BadStatement(
            gettext_noop("The file is larger than {limit} MB; send a smaller PDF or DOCX."),
            limit=limit // (1024 * 1024),
        )
    data = upload.read()
    if not data:
        raise BadStatement(gettext_noop("The file is empty; send the statement as PDF or DOCX."))
    found = kind_of(data)
    if found is None:
        raise BadStatement(
            gettext_noop("The file is neither a PDF nor a Word (DOCX) document; send one of those.")
        )
    return data, found


def keep(
    meeting: Meeting, entry: int, delegation: str, upload: UploadedFile, actor: str
) -> Statement:
    """Check and store the statement of request `entry`, replacing an earlier one."""
    data, found = check(upload)
    sha = hashlib.sha256(data).hexdigest()
    name = (upload.name or f"statement.{found}").rsplit("/", 1)[-1][:150]
    if not name.lower().endswith(f".{found}"):
        name = f"{name}.{found}"
    statement, _created = Statement.objects.update_or_create(
        meeting=meeting,
        entry=entry,
        defaults={
            "delegation": delegation,
            "filename": name,
            "kind": found,
            "size": len(data),
            "sha256": sha,
            "uploaded_by": actor,
        },
    )
    statement.path.parent.mkdir(parents=True, exist_ok=True)
    if not statement.path.exists():
        statement.path.write_bytes(data)
    return statement


def of(meeting: Meeting, entry: int) -> Statement | None:
    return Statement.objects.filter(meeting=meeting, entry=entry).first()


def describe(statement: Statement | None) -> dict[str, Any] | None:
    if statement is None:
        return None
    return {
        "filename": statement.filename,
        "format": statement.kind,
        "size": statement.size,
        "sha256": statement.sha256,
        "uploaded_at": statement.uploaded_at,
    }
