"""The words of a statement file, for the search and the summary's quotes: a PDF's text layer, a
DOCX's paragraphs. A file that cannot be read gives no text (the file itself is kept as it came)."""

import io
import logging
import zipfile
from xml.etree import ElementTree

log = logging.getLogger(__name__)

WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def of_docx(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        root = ElementTree.fromstring(package.read("word/document.xml"))
    paragraphs = (
        "".join(node.text or "" for node in p.iter(f"{WORD}t")) for p in root.iter(f"{WORD}p")
    )
    return "\n".join(p.strip() for p in paragraphs if p.strip())


def of_pdf(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join((page.extract_text() or "").strip() for page in reader.pages).strip()


def read(data: bytes, kind: str) -> str:
    try:
        return of_docx(data) if kind == "docx" else of_pdf(data)
    except Exception:  # a damaged file is still the delegation's statement: kept, but not searched
        log.warning("could not read the text of a %s statement", kind, exc_info=True)
        return ""
