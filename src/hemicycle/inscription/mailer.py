"""E-mails leave after the answer: a request is not kept waiting for the mail server.

One background thread sends the queued messages in order through Django's mail backend. Tests
(locmem backend) and the command line send at once, so that what was sent can be read back."""

import logging
import queue
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import close_old_connections

from hemicycle.proceedings import writer

log = logging.getLogger(__name__)
_queue: "queue.Queue[Callable[[], object]]" = queue.Queue()
_worker: threading.Thread | None = None
_lock = threading.Lock()
RUSH_WAIT_S = 10.0


def _in_background() -> bool:
    return not settings.EMAIL_BACKEND.endswith(("locmem.EmailBackend", "console.EmailBackend"))


def _after_the_rush() -> None:
    """While the writer takes a rush of requests, the e-mails wait (at most a few seconds): they
    would take the interpreter from the requests still waiting for their answer."""
    deadline = time.monotonic() + RUSH_WAIT_S
    while writer.busy() and time.monotonic() < deadline:
        time.sleep(0.05)


def _run() -> None:
    while True:
        job = _queue.get()
        _after_the_rush()
        try:
            job()
        except Exception:  # a mail server's failure must not stop the next messages
            log.exception("could not send an e-mail")
        finally:
            _queue.task_done()
            if _queue.empty():
                close_old_connections()


def send(subject: str, body: str, to: list[str]) -> None:
    later(lambda: EmailMessage(subject, body, None, to).send())


def later(compose_and_send: Callable[[], object]) -> None:
    """Compose and send a message after the answer (at once with the test and console backends)."""
    if not _in_background():
        compose_and_send()
        return
    global _worker
    with _lock:
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(target=_run, name="hemicycle-mail", daemon=True)
            _worker.start()
    _queue.put(compose_and_send)
