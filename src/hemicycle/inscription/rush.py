"""Calm under the rush: the requests to speak of one process are written by one thread, in the
order they arrive, several to a transaction.

At the opening second a thousand requests arrive at once. Left to themselves, a thousand request
threads would each wait on the database's write lock (SQLite polls for it, unfairly, and gives up
after its timeout). Instead each request hands its command to the writer and waits (a request thread
on a `concurrent.futures.Future`, the event loop's fast path on an asyncio future, `submit`); the
writer takes the queued commands in order of arrival and runs each in a savepoint of one transaction
(one lock, one commit for the group), so a refused command changes nothing and the others stand. A
thread already inside a transaction (a test, a nested call) runs its command itself, since the writer
could not see its uncommitted work.

Inside a group the writer spares the database what it already knows: a command may look up what the
whole group needs at once (`prepare_group`, e.g. every token of the group in one query) and keep it
for the group (`cached`); the floor chains each command on the tip the previous one left
(`store.grouped`); small writes nobody waits for are gathered into one statement per group
(`gather`). Nothing cached outlives the group's transaction.
"""

import asyncio
import contextlib
import logging
import queue
import threading
import time
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from typing import Any, TypeVar

from django.db import connection, transaction
from django.utils import translation

log = logging.getLogger(__name__)
T = TypeVar("T")
MAX_GROUP = 64
IDLE_AFTER_S = 0.25  # the writer counts as busy this long after its last group

Job = tuple[Callable[[], object], "Future[object] | asyncio.Future[Any] | None"]
_queue: "queue.SimpleQueue[Job]" = queue.SimpleQueue()
_writer: threading.Thread | None = None
_lock = threading.Lock()
_last_busy = 0.0


class _Group(threading.local):
    memo: dict[Hashable, Any] | None = None
    gathered: dict[Callable[[list[Any]], object], list[Any]] | None = None


_group = _Group()


def run(command: Callable[[], T]) -> T:
    """Run `command` (a call of `store.execute`) through the writer, in order of arrival."""
    if connection.in_atomic_block:
        return command()
    _start()
    done: Future[object] = Future()
    _queue.put((_in_language(command, translation.get_language()), done))
    return done.result()  # type: ignore[return-value]


def _in_language(command: Callable[[], T], language: str | None) -> Callable[[], T]:
    """`command` in the caller's language (a refusal's wording, a date in it), not the writer's."""

    def worded() -> T:
        with translation.override(language):
            return command()

    return worded


def submit(command: Callable[[], T]) -> "asyncio.Future[T]":
    """From the event loop: queue `command` for the writer; the future holds its result (or its
    exception) once the writer's group is committed. No thread waits for it."""
    _start()
    done: asyncio.Future[T] = asyncio.get_running_loop().create_future()
    _queue.put((command, done))
    return done


def later(command: Callable[[], object]) -> None:
    """Queue a small write that nobody waits for (a token's time of last use), so that in a rush
    it joins the writer's next group instead of queueing for the database's lock on its own."""
    if connection.in_atomic_block:
        command()
        return
    _start()
    _queue.put((command, None))


def gather(write: Callable[[list[T]], object], item: T) -> None:
    """Have `write` record `item`, together with the other items of the writer's group gathered for
    the same `write`, in one statement at the end of the group (at once outside the writer)."""
    if _group.gathered is not None:
        _group.gathered.setdefault(write, []).append(item)
    else:
        later(lambda: write([item]))


def after_commit(action: Callable[[], object]) -> None:
    """`action` once the writer's group is committed (at once outside the writer)."""
    if _group.memo is not None:
        transaction.on_commit(action)
    else:
        action()


def cached(key: Hashable, load: Callable[[], T]) -> T:
    """`load()`, kept for the rest of the writer's group (whose transaction holds the write lock);
    outside the writer, simply `load()`. An exception is not kept."""
    memo = _group.memo
    if memo is None:
        return load()
    if key not in memo:
        memo[key] = load()
    return memo[key]  # type: ignore[no-any-return]


def seed(key: Hashable, value: object) -> None:
    """What a command's `prepare_group` looked up for the whole group, for `cached` to find."""
    if _group.memo is not None:
        _group.memo[key] = value


def busy() -> bool:
    """Whether the writer is taking requests now (or was a moment ago): work that can wait (the
    receipts' e-mails) waits, so as not to take the interpreter from the rush."""
    return not _queue.empty() or time.monotonic() - _last_busy < IDLE_AFTER_S


def _start() -> None:
    global _writer
    with _lock:
        if _writer is None or not _writer.is_alive():
            _writer = threading.Thread(target=_write, name="hemicycle-inscription", daemon=True)
            _writer.start()


def _next_group() -> list[Job]:
    try:
        first = _queue.get(timeout=IDLE_AFTER_S)
    except queue.Empty:
        connection.close()  # idle: hold no connection (a database may be dropped meanwhile)
        first = _queue.get()
    group = [first]
    while len(group) < MAX_GROUP:
        try:
            group.append(_queue.get_nowait())
        except queue.Empty:
            break
    return group


def _prepare(group: list[Job]) -> None:
    """Let the commands that can look up what they need together do so, once per kind."""
    kinds: dict[Callable[[list[Any]], None], list[Any]] = {}
    for command, _done in group:
        prepare = getattr(command, "prepare_group", None)
        if prepare is not None:
            kinds.setdefault(prepare, []).append(command)
    for prepare, commands in kinds.items():
        prepare(commands)


Outcome = tuple["Future[object] | asyncio.Future[Any] | None", object, BaseException | None]


class _Savepoint:
    """The savepoint of one command of a group, taken just before the command's first statement
    to the database (an execute wrapper). A command of the rush usually sends none (the group
    looked up what it needs, its events are inserted at the group's end): it then costs no
    savepoint at all, where one per command was two more statements, and two round trips on
    PostgreSQL."""

    def __init__(self) -> None:
        self.sid: str | None = None
        self.taking = False

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        if self.sid is None and not self.taking:
            self.taking = True
            try:
                self.sid = transaction.savepoint()
            finally:
                self.taking = False
        return execute(sql, params, many, context)


def _run_command(command: Callable[[], object], done: Any) -> Outcome:
    """One command of the group: its result, or its refusal with nothing of it kept (no
    statement it sent, no event it appended, nothing it asked to run at commit)."""
    from hemicycle.proceedings import store

    mark = store.group_mark()
    hooks = len(connection.run_on_commit)
    savepoint = _Savepoint()
    try:
        with connection.execute_wrapper(savepoint):
            result = command()
        if connection.needs_rollback:  # it swallowed a failure that spoilt its own block
            raise transaction.TransactionManagementError("the command failed inside")
    except Exception as refused:
        # An inner block that failed has marked the transaction for rollback (a command's
        # refusal): the savepoint undoes what the command sent, and without a statement sent
        # there is nothing to undo.
        connection.needs_rollback = False
        if savepoint.sid is not None:
            transaction.savepoint_rollback(savepoint.sid)
        del connection.run_on_commit[hooks:]
        store.group_reset(mark)
        return (done, None, refused)
    if savepoint.sid is not None:
        transaction.savepoint_commit(savepoint.sid)
    return (done, result, None)


def _run_group(group: list[Job]) -> list[Outcome]:
    from hemicycle.proceedings import store

    outcomes: list[Outcome] = []
    _group.memo, _group.gathered = {}, {}
    try:
        with store.grouped(), transaction.atomic():
            _prepare(group)
            for command, done in group:
                outcomes.append(_run_command(command, done))
            store.flush_group()
            for write, items in _group.gathered.items():
                write(items)
    except Exception as failed:  # the group's commit failed: none of it is recorded
        log.exception("a group of requests to speak could not be committed")
        outcomes = [(done, None, failed) for _command, done in group]
    finally:
        _group.memo, _group.gathered = None, None
    return outcomes


def _write() -> None:
    global _last_busy
    while True:
        group = _next_group()
        _last_busy = time.monotonic()
        outcomes = _run_group(group)
        _last_busy = time.monotonic()
        _deliver(outcomes)


def _deliver(outcomes: list[Outcome]) -> None:
    """Answer the waiting requests: threads at once, each event loop once for the whole group."""
    loops: dict[asyncio.AbstractEventLoop, list[Outcome]] = {}
    for outcome in outcomes:
        done, result, error = outcome
        if done is None:
            if error is not None:
                log.warning("a queued write failed: %s", error)
        elif isinstance(done, asyncio.Future):
            loops.setdefault(done.get_loop(), []).append(outcome)
        elif error is not None:
            done.set_exception(error)
        else:
            done.set_result(result)
    for loop, answers in loops.items():
        # A loop that has closed (the server is stopping) has nobody waiting.
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(_settle, answers)


def _settle(answers: list[Outcome]) -> None:
    for done, result, error in answers:
        if done is None or done.done():  # a client that went away cancelled its future
            continue
        if error is not None:
            done.set_exception(error)
        else:
            done.set_result(result)
