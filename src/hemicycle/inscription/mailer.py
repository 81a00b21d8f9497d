"""The inscription's e-mails leave from a durable outbox (`Mail` rows), after the answer.

A receipt's row is written in the transaction that records the request (`queue` in the writer's
command), so a request is recorded if and only if its e-mail is due. One background thread per
process sends the due rows in order through Django's mail backend, after the rush, and logs each
delivery on its row (time, message id, or the error and the number of attempts). A failure is
retried with a growing pause; a process that stops with e-mails unsent sends them at its next
start (`start`, from the server's lifespan). Several processes may send: each claims a row before
sending it. Delivery is at least once: a crash between the mail server's acceptance and the row's
update sends that one message again. Tests (locmem backend) and the console send at once."""

import logging
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import close_old_connections
from django.db.models import F, Q
from django.utils import timezone

from hemicycle.inscription.models import Mail
from hemicycle.proceedings import writer
from hemicycle.proceedings.batch import Batch, after_commit

log = logging.getLogger(__name__)
RUSH_WAIT_S = 10.0
POLL_S = 30.0  # how often the due retries are looked for when nothing new comes
MAX_ATTEMPTS = 10
_wake = threading.Event()
_worker: threading.Thread | None = None
_lock = threading.Lock()
# How a kind of e-mail is composed from its row when it is sent (notices.py registers them).
Composer = Callable[[Mail], EmailMessage | None]
COMPOSERS: dict[str, Composer] = {}


def _in_background() -> bool:
    return not settings.EMAIL_BACKEND.endswith(("locmem.EmailBackend", "console.EmailBackend"))


def queue(mail: Mail, batch: Batch | None = None) -> None:
    """Save `mail` in the caller's transaction (in the writer's `batch`, with the batch's events);
    it is sent once that transaction commits."""
    if batch is None:
        mail.save()
    else:
        batch.insert(mail)
    after_commit(batch, wake)


def wake() -> None:
    if not _in_background():
        deliver_due()
        return
    start()
    _wake.set()


def start(*, restarting: bool = False) -> None:
    """The sending thread of this process. At a server's start (`restarting`) it first sends
    everything left unsent, without the pause between attempts: a restart is a retry."""
    global _worker
    with _lock:
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(
                target=_run, args=(restarting,), name="hemicycle-mail", daemon=True
            )
            _worker.start()
    _wake.set()


def _pause(attempts: int) -> timedelta:
    return timedelta(seconds=min(3600, 30 * 2 ** max(0, attempts - 1)))


def due(now: Any = None, *, at_once: bool = False) -> list[Mail]:
    now = now or timezone.now()
    unsent = Mail.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
    if at_once:
        return list(unsent)
    waiting = unsent.filter(Q(tried_at__isnull=True) | Q(tried_at__lte=now - _pause(1)))
    # After each failed attempt, a longer pause (a claim by a process that died counts as one).
    return [m for m in waiting if m.tried_at is None or m.tried_at <= now - _pause(m.attempts)]


def _claim(mail: Mail) -> bool:
    """Take `mail` for this process: no other sends it meanwhile (an attempt counted first)."""
    now = timezone.now()
    taken = Mail.objects.filter(pk=mail.pk, sent_at__isnull=True, attempts=mail.attempts).update(
        attempts=F("attempts") + 1, tried_at=now
    )
    mail.attempts, mail.tried_at = mail.attempts + 1, now
    return taken == 1


def deliver(mail: Mail) -> bool:
    """Send one row and log the outcome on it; never raises."""
    if not _claim(mail):
        return False
    try:
        composer = COMPOSERS.get(mail.kind)
        message = (
            composer(mail) if composer else EmailMessage(mail.subject, mail.body, None, mail.to)
        )
        if message is not None:
            message.extra_headers.setdefault("Message-ID", f"<{mail.key}.{mail.pk}@hemicycle>")
            message.send()
    except Exception as failed:  # a mail server's failure must not stop the next messages
        log.warning(
            "could not send the e-mail %s (attempt %d): %s", mail.key, mail.attempts, failed
        )
        Mail.objects.filter(pk=mail.pk).update(error=f"{type(failed).__name__}: {failed}"[:2000])
        return False
    Mail.objects.filter(pk=mail.pk).update(
        sent_at=timezone.now(),
        error="" if message is not None else "nobody to write to",
        message_id="" if message is None else message.extra_headers["Message-ID"],
    )
    return True


def deliver_due(*, at_once: bool = False) -> int:
    """Send every due row (each claimed, sent and logged in its own statements: no transaction
    is held while the mail server answers)."""
    return sum(deliver(mail) for mail in due(at_once=at_once))


def _after_the_rush() -> None:
    """While the writer takes a rush of requests, the e-mails wait (at most a few seconds): they
    would take the interpreter from the requests still waiting for their answer."""
    deadline = time.monotonic() + RUSH_WAIT_S
    while writer.busy() and time.monotonic() < deadline:
        time.sleep(0.05)


def _run(restarting: bool) -> None:
    while True:
        _wake.wait(POLL_S)
        _wake.clear()
        _after_the_rush()
        try:
            deliver_due(at_once=restarting)
            restarting = False
        except Exception:  # the database is away: try again at the next wake or poll
            log.exception("the outbox could not be read")
        finally:
            close_old_connections()
