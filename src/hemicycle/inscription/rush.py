"""Calm under the rush: the requests to speak of one process are written by one thread, in the
order they arrive, several to a transaction.

At the opening second a thousand requests arrive at once. Left to themselves, a thousand request
threads would each wait on the database's write lock (SQLite polls for it, unfairly, and gives up
after its timeout). Instead each request thread hands its command to the writer and waits; the
writer takes the queued commands in order of arrival and runs each in a savepoint of one
transaction (one lock, one commit for the group), so a refused command changes nothing and the
others stand. A thread already inside a transaction (a test, a nested call) runs its command
itself, since the writer could not see its uncommitted work.
"""

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import TypeVar

from django.db import connection, transaction

log = logging.getLogger(__name__)
T = TypeVar("T")
MAX_GROUP = 64

Job = tuple[Callable[[], object], "Future[object] | None"]
_queue: "queue.SimpleQueue[Job]" = queue.SimpleQueue()
_writer: threading.Thread | None = None
_lock = threading.Lock()


def run(command: Callable[[], T]) -> T:
    """Run `command` (a call of `store.execute`) through the writer, in order of arrival."""
    if connection.in_atomic_block:
        return command()
    _start()
    done: Future[object] = Future()
    _queue.put((command, done))
    return done.result()  # type: ignore[return-value]


def later(command: Callable[[], object]) -> None:
    """Queue a small write that nobody waits for (a token's time of last use), so that in a rush
    it joins the writer's next group instead of queueing for the database's lock on its own."""
    if connection.in_atomic_block:
        command()
        return
    _start()
    _queue.put((command, None))


def _start() -> None:
    global _writer
    with _lock:
        if _writer is None or not _writer.is_alive():
            _writer = threading.Thread(target=_write, name="hemicycle-inscription", daemon=True)
            _writer.start()


def _next_group() -> list[Job]:
    group = [_queue.get()]
    while len(group) < MAX_GROUP:
        try:
            group.append(_queue.get_nowait())
        except queue.Empty:
            break
    return group


def _write() -> None:
    while True:
        group = _next_group()
        outcomes: list[tuple[Future[object] | None, object, BaseException | None]] = []
        try:
            with transaction.atomic():
                for command, done in group:
                    try:
                        with transaction.atomic():
                            outcomes.append((done, command(), None))
                    except Exception as refused:  # the command's own refusal: it wrote nothing
                        outcomes.append((done, None, refused))
        except Exception as failed:  # the group's commit failed: none of it is recorded
            log.exception("a group of requests to speak could not be committed")
            outcomes = [(done, None, failed) for _command, done in group]
        if _queue.empty():
            connection.close()  # idle: hold no connection (a database may be dropped meanwhile)
        for done, result, error in outcomes:
            if done is None:
                if error is not None:
                    log.warning("a queued write failed: %s", error)
            elif error is not None:
                done.set_exception(error)
            else:
                done.set_result(result)
