"""The convening letter and its enclosure (information note and programme) as DOCX and PDF files."""

import base64
import dataclasses
import io
import zipfile
from typing import Any
from xml.sax.saxutils import escape

from django.template.loader import render_to_string
from docx import Document as Docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from hemicycle.convening import pdf
from hemicycle.convening.letters import Letter, long_date
from hemicycle.meetings import programme
from hemicycle.meetings.models import Meeting


def _docx() -> Any:
    doc = Docx()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"  # Liberation Serif in the PDF: the same metrics
    style.font.size = Pt(12)
    return doc


def _save(doc: Any) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _letterhead(doc: Any, letter: Letter) -> None:
    if letter.emblem:
        image = base64.b64decode(letter.emblem.split(",", 1)[1])
        doc.add_picture(io.BytesIO(image), height=Mm(22))
        doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    if letter.office:
        office = doc.add_paragraph()
        office.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = office.add_run(letter.office.upper())
        run.bold = True
        run.font.size = Pt(13)
    if letter.address:
        address = doc.add_paragraph()
        address.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for i, line in enumerate(letter.address):
            run = address.add_run(line)
            run.font.size = Pt(9.5)
            if i < len(letter.address) - 1:
                run.add_break()


def _title(letter: Letter) -> str:
    return f"Letter to the {letter.addressee.function}"


def letter_docx(letter: Letter, *, title: str | None = None) -> bytes:
    doc = _docx()
    doc.core_properties.title = _title(letter) if title is None else title
    _letterhead(doc, letter)
    doc.add_paragraph(letter.place_and_date).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph(letter.salutation)
    for paragraph in letter.paragraphs:
        doc.add_paragraph(paragraph)  # ragged, as the PDF: no stretched gaps
    doc.add_paragraph(letter.signature).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    block = doc.add_paragraph()
    lines = letter.addressee.block if title is None else [_ADDRESSEE]
    for i, line in enumerate(lines):
        run = block.add_run(line)
        if i < len(lines) - 1:
            run.add_break()
    enclosed = doc.add_paragraph()
    enclosed.add_run("Enclosures: ").bold = True
    enclosed.add_run("; ".join(letter.enclosures))
    return _save(doc)


_ADDRESSEE = "HEMICYCLE-ADDRESSEE-BLOCK"
_TITLE = "HEMICYCLE-DOCUMENT-TITLE"


class LetterDocx:
    """Every letter of a batch as DOCX from one document made by python-docx: the letters differ
    only in their addressee block and their title, so those are written into a copy of its XML
    (a millisecond) instead of building the document again (twenty)."""

    def __init__(self, model: Letter) -> None:
        self.model = model
        with zipfile.ZipFile(io.BytesIO(letter_docx(model, title=_TITLE))) as made:
            self.parts = [(info, made.read(info)) for info in made.infolist()]

    def __call__(self, letter: Letter) -> bytes:
        if dataclasses.replace(letter, addressee=self.model.addressee) != self.model:
            return letter_docx(letter)  # another text: made in full
        block = "<w:br/></w:r>".join(_run(line) for line in letter.addressee.block) + "</w:r>"
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as written:
            for info, data in self.parts:
                if info.filename in ("word/document.xml", "docProps/core.xml"):
                    data = data.replace(
                        f"{_run(_ADDRESSEE)}</w:r>".encode(), block.encode()
                    ).replace(_TITLE.encode(), escape(_title(letter)).encode())
                written.writestr(info, data)
        return out.getvalue()


def _run(text: str) -> str:
    """A run of `text` as python-docx writes it (up to its closing tag)."""
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f"<w:r><w:t{space}>{escape(text)}</w:t>"


def _pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported here: loading pango takes a moment, pages need it not

    return bytes(HTML(string=html).write_pdf())


def letters_html(letters: list[Letter]) -> str:
    return render_to_string(
        "convening/letter.html", {"letters": letters, "title": "Convening letter"}
    )


def letters_pdf(letters: list[Letter]) -> list[bytes]:
    """One PDF per letter (see pdf.cut)."""
    return pdf.cut(letters_html(letters), len(letters))


def _note_context(meeting: Meeting) -> dict[str, Any]:
    segments, version = programme.public_segments(meeting)
    return {
        "meeting": meeting,
        "segments": segments,
        "final": bool(version and version.final),
        "date": long_date(meeting.date),
    }


def note_docx(meeting: Meeting) -> bytes:
    """The information note and the programme, as one enclosure."""
    context = _note_context(meeting)
    doc = _docx()
    doc.add_heading(
        "Information note and " + ("programme" if context["final"] else "tentative programme"), 0
    )
    doc.add_paragraph(meeting.title).runs[0].bold = True
    doc.add_paragraph(
        f"{meeting.body}\n{context['date']} – {meeting.venue}, {meeting.location}".strip()
    )
    for heading, text in (
        ("Background", meeting.background),
        ("Purposes", meeting.purposes),
        ("Expected outcomes", meeting.expected_outcomes),
    ):
        if text:
            doc.add_heading(heading, 1)
            for paragraph in text.split("\n\n"):
                doc.add_paragraph(paragraph.strip())
    doc.add_heading("Programme" if context["final"] else "Tentative programme", 1)
    table = doc.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].text = "Time"
    table.rows[0].cells[1].text = "Programme"
    for s in context["segments"]:
        row = table.add_row().cells
        row[0].text = f"{s.starts:%H:%M}–{s.ends:%H:%M}"
        lines = [s.title]
        if s.chair:
            lines.append(f"Chair: {s.chair}")
        if s.moderator:
            lines.append(f"Moderator: {s.moderator}")
        lines += [
            ", ".join(p for p in (x["name"], x.get("title", ""), x.get("organisation", "")) if p)
            for x in s.speakers
        ]
        lines += [f"• {theme}" for theme in s.themes]
        if s.note:
            lines.append(s.note)
        row[1].text = "\n".join(lines)
    return _save(doc)


def note_pdf(meeting: Meeting) -> bytes:
    return _pdf(render_to_string("convening/note.html", _note_context(meeting)))
