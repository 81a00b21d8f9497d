"""The chair's summary as a file: DOCX (python-docx) and PDF (WeasyPrint), the same text in both."""

import io
from typing import Any

from django.template.loader import render_to_string
from django.utils import formats
from django.utils.translation import gettext as _
from docx import Document as Docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from hemicycle.meetings.models import Meeting
from hemicycle.outcome.models import Summary


def title_of(meeting: Meeting) -> str:
    return _("Summary of the President: %(title)s") % {"title": meeting.title}


def as_docx(meeting: Meeting, summary: Summary) -> bytes:
    doc: Any = Docx()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    doc.core_properties.title = title_of(meeting)
    doc.add_heading(title_of(meeting), level=1)
    doc.add_paragraph(
        formats.date_format(meeting.date, "j F Y")
    ).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph(summary.opening).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for section in summary.sections:
        if not section.get("text", "").strip():
            continue
        doc.add_heading(section["theme"], level=2)
        for line in section["text"].splitlines():
            if line.strip():
                doc.add_paragraph(line.strip()).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if summary.way_forward.strip():
        doc.add_heading(_("The way forward"), level=2)
        doc.add_paragraph(summary.way_forward).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def as_pdf(meeting: Meeting, summary: Summary) -> bytes:
    from weasyprint import HTML  # imported here: loading pango takes a moment, pages need it not

    sections = [
        {**s, "lines": [line.strip() for line in s.get("text", "").splitlines() if line.strip()]}
        for s in summary.sections
    ]
    html = render_to_string(
        "outcome/summary_print.html",
        {
            "meeting": meeting,
            "summary": {
                "opening": summary.opening,
                "sections": sections,
                "way_forward": summary.way_forward,
            },
            "title": title_of(meeting),
        },
    )
    return bytes(HTML(string=html).write_pdf())
