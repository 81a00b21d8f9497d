"""Render the convening letter for every addressee into a folder: from the `letters` command, or
from the page in a background thread that writes its progress to the database (no job queue)."""

import threading
import zipfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hemicycle.convening import pdf, render
from hemicycle.convening.letters import Addressee, addressees, letter_for
from hemicycle.convening.models import Batch, BatchStatus, LetterTemplate
from hemicycle.meetings.models import Meeting

NOTE = "information-note-and-programme"
CHUNK = 10  # letters laid out together (see render.letters_pdf)
STALLED = timedelta(minutes=2)  # a chunk of ten takes seconds
Progress = Callable[[int, int], None]


class NoTemplate(Exception):
    pass


def template_of(meeting: Meeting) -> LetterTemplate:
    template = LetterTemplate.objects.filter(meeting=meeting).first()
    if template is None:
        raise NoTemplate(
            _("Write the letter of this meeting first (its template is not saved yet).")
        )
    return template


def write_letters(
    meeting: Meeting,
    directory: Path,
    *,
    website: str = "",
    only: list[Addressee] | None = None,
    progress: Progress | None = None,
) -> int:
    """Write `letter-<CODE>.docx` and `.pdf` for every addressee, and the enclosure once.
    Returns the number of letters written."""
    template = template_of(meeting)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"{NOTE}.docx").write_bytes(render.note_docx(meeting))
    (directory / f"{NOTE}.pdf").write_bytes(render.note_pdf(meeting))
    people = addressees() if only is None else only
    letters = [letter_for(template, addressee, website) for addressee in people]
    if not letters:
        return 0
    docx = render.LetterDocx(letters[0])
    chunks = [letters[first : first + CHUNK] for first in range(0, len(letters), CHUNK)]
    done = 0
    pdfs = pdf.cut_all([(render.letters_html(chunk), len(chunk)) for chunk in chunks])
    for chunk, chunk_pdfs in zip(chunks, pdfs, strict=True):
        for letter, letter_pdf in zip(chunk, chunk_pdfs, strict=True):
            name = letter.addressee.filename
            (directory / f"{name}.docx").write_bytes(docx(letter))
            (directory / f"{name}.pdf").write_bytes(letter_pdf)
            done += 1
            if progress:
                progress(done, len(people))
    return len(people)


def folder_of(batch: Batch) -> Path:
    return Path(batch.directory)


def abandon_stalled(meeting: Meeting) -> None:
    """Mark failed a batch whose thread died with its process (a restart): no progress for
    STALLED. Its letters are written again by the next batch."""
    stale = timezone.now() - STALLED
    meeting.letter_batches.filter(status=BatchStatus.RUNNING).filter(
        Q(progressed_at__lt=stale) | Q(progressed_at__isnull=True, created_at__lt=stale)
    ).update(
        status=BatchStatus.FAILED,
        error=_("it made no progress for two minutes (the server was probably restarted)"),
        finished_at=timezone.now(),
    )


def begin(meeting: Meeting, user: object = None, website: str = "") -> Batch:
    """Create the batch (or return the one already running) and start it after the commit."""
    template_of(meeting)
    with transaction.atomic():
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        abandon_stalled(meeting)
        running = meeting.letter_batches.filter(status=BatchStatus.RUNNING).first()
        if running is not None:
            return running
        batch = Batch.objects.create(
            meeting=meeting,
            created_by=user if getattr(user, "is_authenticated", False) else None,
            total=len(addressees()),
            directory="",
        )
        batch.directory = str(settings.DATA_DIR / "letters" / meeting.slug / str(batch.pk))
        batch.save(update_fields=["directory"])
        transaction.on_commit(
            lambda: threading.Thread(target=run, args=(batch.pk, website), daemon=True).start()
        )
    return batch


def run(batch_id: int, website: str = "") -> None:
    """The body of the background thread: render, report progress, then zip the folder."""
    batch = Batch.objects.select_related("meeting").get(pk=batch_id)

    def progress(done: int, total: int) -> None:
        Batch.objects.filter(pk=batch_id).update(
            done=done, total=total, progressed_at=timezone.now()
        )

    try:
        folder = folder_of(batch)
        write_letters(batch.meeting, folder, website=website, progress=progress)
        zip_folder(folder)
    except Exception as failure:  # a crash is reported on the page, never left "running"
        Batch.objects.filter(pk=batch_id).update(
            status=BatchStatus.FAILED, error=str(failure), finished_at=timezone.now()
        )
        raise
    else:
        Batch.objects.filter(pk=batch_id).update(
            status=BatchStatus.DONE, finished_at=timezone.now()
        )
    finally:
        connection.close()  # this thread's own connection


def zip_path(folder: Path) -> Path:
    return folder.with_suffix(".zip")


def zip_folder(folder: Path) -> Path:
    target = zip_path(folder)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, path.name)
    return target
