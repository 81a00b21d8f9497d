"""The convening letter and its enclosure (information note and programme) as DOCX and PDF files."""

import io
import itertools
from typing import Any

from django.template.loader import render_to_string
from docx import Document as Docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from hemicycle.convening.letters import Letter, long_date
from hemicycle.meetings import programme
from hemicycle.meetings.models import Meeting


def _docx() -> Any:
    doc = Docx()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    return doc


def _save(doc: Any) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def letter_docx(letter: Letter) -> bytes:
    doc = _docx()
    doc.core_properties.title = f"Letter to the {letter.addressee.function}"
    doc.add_paragraph(letter.place_and_date).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph(letter.salutation)
    for paragraph in letter.paragraphs:
        doc.add_paragraph(paragraph).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    doc.add_paragraph(letter.signature).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    block = doc.add_paragraph()
    for i, line in enumerate(letter.addressee.block):
        run = block.add_run(line)
        if i < len(letter.addressee.block) - 1:
            run.add_break()
    enclosed = doc.add_paragraph()
    enclosed.add_run("Enclosures: ").bold = True
    enclosed.add_run("; ".join(letter.enclosures))
    return _save(doc)


def _pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported here: loading pango takes a moment, pages need it not

    return bytes(HTML(string=html).write_pdf())


def letters_pdf(letters: list[Letter]) -> list[bytes]:
    """One PDF per letter, laid out together: WeasyPrint's set-up costs as much as a page, so a
    batch lays out its letters in one document and cuts it at each letter's first page."""
    from weasyprint import HTML

    html = render_to_string(
        "convening/letter.html", {"letters": letters, "title": "Convening letter"}
    )
    document = HTML(string=html).render()
    starts = [
        i for i, page in enumerate(document.pages)
        if any(name.startswith("letter-") for name in page.anchors)
    ] + [len(document.pages)]  # fmt: skip
    if len(starts) != len(letters) + 1:
        raise RuntimeError(f"{len(letters)} letters were laid out as {len(starts) - 1}")
    return [
        bytes(document.copy(document.pages[a:b]).write_pdf()) for a, b in itertools.pairwise(starts)
    ]


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
