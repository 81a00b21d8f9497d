"""Statement files: what is accepted (PDF or DOCX, by their bytes, up to a size), where they are kept
(under the data directory, named by their hash), and who may read them."""

import hashlib
import io
import zipfile
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
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


LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")  # the six official languages (rules 51-53)


def language_of(code: str) -> str:
    """The statement's language as one of the six codes ("" when not said), or a BadStatement."""
    code = (code or "").strip().lower()
    if code in ("", *LANGUAGES):
        return code
    if code.startswith("zh"):
        return "zh"
    raise BadStatement(
        gettext_noop("{language} is not one of the six languages (ar, zh, en, fr, ru, es)."),
        language=code[:10],
    )


def keep(
    meeting: Meeting,
    entry: int,
    delegation: str,
    upload: UploadedFile,
    actor: str,
    *,
    language: str = "",
    publish: bool = True,
) -> Statement:
    """Check and store the statement of request `entry` in `language`, replacing an earlier file
    of that language; `publish=False`: the delegation marks it "not for publication"."""
    language = language_of(language)
    data, found = check(upload)
    sha = hashlib.sha256(data).hexdigest()
    name = (upload.name or f"statement.{found}").rsplit("/", 1)[-1][:150]
    if not name.lower().endswith(f".{found}"):
        name = f"{name}.{found}"
    earlier = Statement.objects.filter(meeting=meeting, entry=entry, language=language).first()
    statement, _created = Statement.objects.update_or_create(
        meeting=meeting,
        entry=entry,
        language=language,
        defaults={
            "publish": publish,
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
    if earlier is not None and earlier.sha256 != sha:
        _forget_file(earlier)
    return statement


def _forget_file(replaced: Statement) -> None:
    """Delete a replaced file once the replacement is committed, unless another statement of the
    meeting is the same file (files are kept by their sha256)."""

    def delete() -> None:
        if not Statement.objects.filter(
            meeting_id=replaced.meeting_id, sha256=replaced.sha256
        ).exists():
            replaced.path.unlink(missing_ok=True)

    transaction.on_commit(delete)


def of(meeting: Meeting, entry: int, language: str | None = None) -> Statement | None:
    """The statement of request `entry`: in `language` if given, else its first language version."""
    found = Statement.objects.filter(meeting=meeting, entry=entry)
    if language is not None:
        found = found.filter(language=language_of(language))
    return found.first()


def describe(statement: Statement | None) -> dict[str, Any] | None:
    if statement is None:
        return None
    return {
        "filename": statement.filename,
        "format": statement.kind,
        "size": statement.size,
        "sha256": statement.sha256,
        "uploaded_at": statement.uploaded_at,
        "language": statement.language,
        "publish": statement.publish,
    }
