"""What a document file may be: the one place for upload limits, accepted types and checksums."""

import hashlib
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Extension → (MIME type, a check of the file's first bytes or structure).
ACCEPTED = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "txt": "text/plain; charset=utf-8",
}


def max_bytes() -> int:
    return int(getattr(settings, "HEMICYCLE_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))


@dataclass(frozen=True)
class Checked:
    name: str
    content_type: str
    size: int
    sha256: str


def sha256_of(stream: IO[bytes]) -> str:
    digest = hashlib.sha256()
    stream.seek(0)
    for chunk in iter(lambda: stream.read(1 << 16), b""):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


def _looks_like(extension: str, stream: IO[bytes]) -> bool:
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension in ("docx", "odt"):
        if not head.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(stream) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return False
        finally:
            stream.seek(0)
        return "word/document.xml" in names if extension == "docx" else "content.xml" in names
    if extension == "txt":
        try:
            stream.read(max_bytes() + 1).decode("utf-8")
        except UnicodeDecodeError:
            return False
        finally:
            stream.seek(0)
        return True
    return False


def check(upload: Any) -> Checked:
    """Accept a document file or raise a ValidationError that says what to send instead."""
    name = str(upload.name or "")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    accepted = ", ".join(f".{ext}" for ext in ACCEPTED)
    if extension not in ACCEPTED:
        raise ValidationError(
            _("“%(name)s” is not a type we accept; send one of %(accepted)s.")
            % {"name": name, "accepted": accepted},
            code="file_type",
        )
    if upload.size > max_bytes():
        raise ValidationError(
            _("“%(name)s” is %(size)s MB; the largest file accepted is %(max)s MB.")
            % {
                "name": name,
                "size": f"{upload.size / 1048576:.1f}",
                "max": f"{max_bytes() / 1048576:.0f}",
            },
            code="file_size",
        )
    if upload.size == 0:
        raise ValidationError(_("“%(name)s” is empty; send the document itself.") % {"name": name})
    stream = upload.file if hasattr(upload, "file") else upload
    if not _looks_like(extension, stream):
        raise ValidationError(
            _("“%(name)s” is not a real .%(ext)s file; export it again and send that.")
            % {"name": name, "ext": extension},
            code="file_type",
        )
    return Checked(
        name=name[-200:],
        content_type=ACCEPTED[extension],
        size=upload.size,
        sha256=sha256_of(stream),
    )
