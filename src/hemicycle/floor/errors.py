"""Typed errors for commands that the rules of the meeting refuse.

Each error carries a message template (marked for translation) and its parameters; `kind` tells the
web layer which HTTP status fits: the thing is missing, the floor is not in a state that allows it, or
the command itself is malformed.
"""

from typing import Any, ClassVar


class FloorError(Exception):
    """A command that the floor refuses. Nothing is appended to the log."""

    kind: ClassVar[str] = "conflict"
    code: ClassVar[str] = "floor_error"

    def __init__(self, template: str, **params: Any) -> None:
        self.template = template
        self.params = params
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return self.template.format(**self.params)


class UnknownEntry(FloorError):
    kind = "not_found"
    code = "unknown_entry"


class NotWaiting(FloorError):
    code = "not_waiting"


class SpeechInProgress(FloorError):
    code = "speech_in_progress"


class NoSpeech(FloorError):
    code = "no_speech"


class ListClosed(FloorError):
    code = "list_closed"


class AlreadyInscribed(FloorError):
    code = "already_inscribed"


class SegmentConflict(FloorError):
    code = "segment_conflict"


class NothingToUndo(FloorError):
    code = "nothing_to_undo"


class StaleCommand(FloorError):
    """The console acted on a floor that has changed since it last looked."""

    code = "stale"


class InvalidCommand(FloorError):
    kind = "invalid"
    code = "invalid_command"
