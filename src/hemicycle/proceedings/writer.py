"""The writer: the requests to speak of one process are written by one thread, in order of
arrival, several to a transaction (a `Batch`), so that the opening second's thousand requests
queue here instead of on the database's write lock (docs/decisions/0002-single-writer.md).

A request thread hands its command to the writer and waits on a `concurrent.futures.Future`; the
fast path (server/fastpath.py) does so from the event loop with an asyncio future (`submit`). The
writer takes the queued commands in order, runs each in a savepoint of one transaction and commits
the batch; a refused command changes nothing and the others stand. A thread already inside a
transaction (a test, a nested call) runs its command itself, since the writer could not see its
uncommitted work.
"""

import asyncio
import contextlib
import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from django.db import connection, transaction
from django.utils import translation

from hemicycle.proceedings.batch import Batch

log = logging.getLogger(__name__)
T = TypeVar("T")
MAX_BATCH = 64
IDLE_AFTER_S = 0.25  # the writer counts as busy this long after its last batch

# A command of the writer: called with the batch it runs in (None: outside the writer). It may
# have a `prepare(commands, batch)` to look up, once for all the batch's commands of its kind,
# what they need.
Command = Callable[[Batch | None], T]
Job = tuple[Callable[[Batch | None], object], "Future[object] | asyncio.Future[Any] | None"]
_queue: "queue.SimpleQueue[Job]" = queue.SimpleQueue()
_writer: threading.Thread | None = None
_lock = threading.Lock()
_last_busy = 0.0


def run(command: Command[T], batch: Batch | None = None) -> T:
    """Run `command` (a call of `store.execute`) in the writer, in order of arrival; in `batch`
    when the caller is already one of the writer's commands."""
    if batch is not None:
        return command(batch)
    if connection.in_atomic_block:
        return command(None)
    _start()
    done: Future[object] = Future()
    _queue.put((_in_language(command, translation.get_language()), done))
    return done.result()  # type: ignore[return-value]


def _in_language(command: Command[T], language: str | None) -> Command[T]:
    """`command` in the caller's language (a refusal's wording, a date in it), not the writer's."""

    def worded(batch: Batch | None) -> T:
        with translation.override(language):
            return command(batch)

    return worded


def submit(command: Command[T]) -> "asyncio.Future[T]":
    """From the event loop: queue `command` for the writer; the future holds its result (or its
    exception) once the writer's batch is committed. No thread waits for it."""
    _start()
    done: asyncio.Future[T] = asyncio.get_running_loop().create_future()
    _queue.put((command, done))
    return done


def later(write: Callable[[], object]) -> None:
    """Queue a small write that nobody waits for (a token's time of last use), so that in a rush
    it joins the writer's next batch instead of queueing for the database's lock on its own."""
    if connection.in_atomic_block:
        write()
        return
    _start()
    _queue.put((lambda batch: write(), None))


def busy() -> bool:
    """Whether the writer is taking requests now (or was a moment ago): work that can wait (the
    receipts' e-mails) waits, so as not to take the interpreter from the rush."""
    return not _queue.empty() or time.monotonic() - _last_busy < IDLE_AFTER_S


def _start() -> None:
    global _writer
    with _lock:
        if _writer is None or not _writer.is_alive():
            _writer = threading.Thread(target=_write, name="hemicycle-writer", daemon=True)
            _writer.start()


def _next_batch() -> list[Job]:
    try:
        first = _queue.get(timeout=IDLE_AFTER_S)
    except queue.Empty:
        connection.close()  # idle: hold no connection (a database may be dropped meanwhile)
        first = _queue.get()
    jobs = [first]
    while len(jobs) < MAX_BATCH:
        try:
            jobs.append(_queue.get_nowait())
        except queue.Empty:
            break
    return jobs


def _prepare(jobs: list[Job], batch: Batch) -> None:
    """Let the commands that can look up what they need together do so, once per kind."""
    kinds: dict[Callable[[list[Any], Batch], None], list[Any]] = {}
    for command, _done in jobs:
        prepare = getattr(command, "prepare", None)
        if prepare is not None:
            kinds.setdefault(prepare, []).append(command)
    for prepare, commands in kinds.items():
        prepare(commands, batch)


Result = tuple["Future[object] | asyncio.Future[Any] | None", object, BaseException | None]


def _run_command(command: Callable[[Batch | None], object], done: Any, batch: Batch) -> Result:
    """One command of the batch, in a savepoint of its own: its result, or its refusal with
    nothing of it kept (what it wrote, the events it appended, what it asked to run at commit)."""
    mark = batch.mark()
    try:
        with transaction.atomic():
            result = command(batch)
    except Exception as refused:
        batch.reset(mark)
        return (done, None, refused)
    return (done, result, None)


def run_batch(jobs: list[Job]) -> list[Result]:
    """Run `jobs` in one batch, one transaction; each job's result or refusal, in order."""
    results: list[Result] = []
    batch = Batch()
    try:
        with transaction.atomic():
            _prepare(jobs, batch)
            for command, done in jobs:
                results.append(_run_command(command, done, batch))
            batch.finish()
    except Exception as failed:  # the batch's commit failed: none of it is recorded
        log.exception("a batch of requests to speak could not be committed")
        results = [(done, None, failed) for _command, done in jobs]
    return results


def _write() -> None:
    global _last_busy
    while True:
        jobs = _next_batch()
        _last_busy = time.monotonic()
        results = run_batch(jobs)
        _last_busy = time.monotonic()
        _deliver(results)


def _deliver(results: list[Result]) -> None:
    """Answer the waiting requests: threads at once, each event loop once for the whole batch."""
    loops: dict[asyncio.AbstractEventLoop, list[Result]] = {}
    for result in results:
        done, value, error = result
        if done is None:
            if error is not None:
                log.warning("a queued write failed: %s", error)
        elif isinstance(done, asyncio.Future):
            loops.setdefault(done.get_loop(), []).append(result)
        elif error is not None:
            done.set_exception(error)
        else:
            done.set_result(value)
    for loop, answers in loops.items():
        # A loop that has closed (the server is stopping) has nobody waiting.
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(_settle, answers)


def _settle(answers: list[Result]) -> None:
    for done, value, error in answers:
        if done is None or done.done():  # a client that went away cancelled its future
            continue
        if error is not None:
            done.set_exception(error)
        else:
            done.set_result(value)
