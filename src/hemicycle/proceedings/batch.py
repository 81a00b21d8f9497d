"""A batch: the writer's unit of work, several commands in one transaction.

The writer (writer.py) makes one per group of commands and hands it to each; a command passes it to
`store.execute(..., batch=)`. Within a batch, once a command has locked a meeting and appended to
its log, the next command chains on the floor and tip it left instead of reading the log again
(the transaction holds the lock: nobody else can write); the batch's events are inserted together
before it commits; and each meeting's floor is published once, after the commit. Before the
commands run, whoever queued them may look up at once what they all need (`meetings`,
`delegations`): nothing looked up outlives the batch's transaction.
"""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db import models, transaction

from hemicycle import floor
from hemicycle.delegations.models import Delegation
from hemicycle.meetings.models import Meeting
from hemicycle.proceedings.models import FloorEvent

# The hash and time of a log's last event: what the next event chains on.
Tip = tuple[str, datetime | None]
# A meeting locked by the batch, its floor and tip after the batch's last command on it.
Chained = tuple[Meeting, floor.FloorState, Tip]
Mark = tuple[dict[int, Chained], int, int]


class Batch:
    def __init__(self) -> None:
        self.chained: dict[int, Chained] = {}
        self.rows: list[FloorEvent] = []
        self.others: list[models.Model] = []  # other rows of its commands (a receipt's e-mail)
        self.meetings: dict[str, Meeting] = {}
        self.delegations: dict[str, Delegation] = {}
        self._deferred: list[Callable[[], object]] = []

    # -- the floors and the events of the batch (store.execute) ----------------------------------

    def chain(
        self,
        meeting: Meeting,
        state: floor.FloorState,
        tip: Tip,
        publish: Callable[[Meeting, floor.FloorState, Tip], None],
    ) -> None:
        """`meeting`'s floor after a command; the last one is published when the batch commits."""
        if meeting.pk not in self.chained:
            transaction.on_commit(lambda: publish(*self.chained[meeting.pk]))
        self.chained[meeting.pk] = (meeting, state, tip)

    def mark(self) -> Mark:
        """Where the batch stands before a command, to go back to if the command is refused (its
        savepoint is rolled back, and with it the lock it took and the events it appended)."""
        return dict(self.chained), len(self.rows), len(self.others)

    def reset(self, mark: Mark) -> None:
        self.chained = dict(mark[0])
        del self.rows[mark[1] :]
        del self.others[mark[2] :]

    # -- what the commands of a batch need, looked up once for all of them -----------------------

    def delegation(self, code: str) -> Delegation | None:
        """The delegation of `code` if the batch looked it up (None: ask the database)."""
        return self.delegations.get(code.strip().upper())

    def meeting(self, slug: str) -> Meeting | None:
        return self.meetings.get(slug)

    def find_delegations(self, codes: list[str]) -> None:
        """Look up the delegations these codes name, in one query. A code with a NUL character
        names no delegation (and PostgreSQL refuses one in a query): it is left to the command."""
        wanted = {code.strip().upper() for code in codes if "\x00" not in code}
        for found in Delegation.objects.filter(code__in=wanted):
            self.delegations[found.code.upper()] = found

    # -- small writes nobody waits for, one statement at the end -------------------------------

    def defer(self, write: Callable[[], object]) -> None:
        self._deferred.append(write)

    def insert(self, row: models.Model) -> None:
        """A new row that belongs with the command's events (inserted with them, or taken back with
        them if the command is refused)."""
        self.others.append(row)

    def finish(self) -> None:
        """Inside the batch's transaction, after its last command: its events in one statement,
        its other new rows in one per model, then the deferred writes."""
        if self.rows:
            FloorEvent.objects.bulk_create(self.rows)
            self.rows = []
        by_model: dict[type[models.Model], list[models.Model]] = {}
        for row in self.others:
            by_model.setdefault(type(row), []).append(row)
        for model, rows in by_model.items():
            model._default_manager.bulk_create(rows)
        self.others = []
        for write in self._deferred:
            write()
        self._deferred = []


def after_commit(batch: Batch | None, action: Callable[[], Any]) -> None:
    """`action` once `batch` is committed; at once when there is no batch (the command it follows
    is committed already)."""
    if batch is None:
        action()
    else:
        transaction.on_commit(action)


# A request that is one of the writer's commands (the fast path's) carries its batch.
_ON_REQUEST = "writer_batch"


def join(request: Any, batch: Batch) -> None:
    setattr(request, _ON_REQUEST, batch)


def batch_of(request: Any) -> Batch | None:
    """The writer's batch the request runs in, if it is one of the writer's commands."""
    return getattr(request, _ON_REQUEST, None)
