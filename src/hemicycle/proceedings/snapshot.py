"""The floor as the public sees it, in JSON: the small head that the live stream carries, and the
full list of speakers that pages and the API fetch over HTTP.

Every document carries `seq` and `server_time`; a client's countdown runs from `elapsed_s` at
`server_time`, so its own clock never matters.
"""

from datetime import datetime
from typing import Any

from django.utils import timezone

from hemicycle import floor
from hemicycle.floor.precedence import declares, reasons
from hemicycle.floor.state import Entry, Invitee, Speech
from hemicycle.meetings.models import Meeting

NEXT_COUNT = 3
# The questions a frame names per panellist (and to the panel as a whole): a round after fifty
# speakers would otherwise carry fifty names to every screen; the list has them all.
QUESTIONS_SHOWN = 10


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="milliseconds") if moment else None


def speaker_json(speech: Speech) -> dict[str, Any]:
    """Who gave a speech, as the live floor and the record both name them."""
    return {
        "entry": speech.entry,
        "kind": speech.kind,
        "delegation": speech.delegation,
        "delegation_name": speech.delegation_name,
        "speaker": speech.speaker,
        "title": speech.title,
        "on_behalf_of": speech.on_behalf_of,
        "started_at": _iso(speech.started_at),
        "limit_s": speech.limit_s,
    }


def speech_json(speech: Speech, state: floor.FloorState, now: datetime) -> dict[str, Any]:
    remaining = speech.remaining(now)
    return {
        "id": speech.id,
        **speaker_json(speech),
        "elapsed_s": round(speech.elapsed(now), 3),
        "remaining_s": None if remaining is None else round(remaining, 3),
        "running": speech.running,
        "overrun": state.config.overrun,
        "questions": _questions(state, speech.speaker) if speech.kind == "panel" else [],
    }


def entry_json(entry: Entry, state: floor.FloorState) -> dict[str, Any]:
    return {
        "id": entry.id,
        "position": state.position(entry.id),
        "status": entry.status.value,
        "delegation": entry.delegation,
        "delegation_name": entry.delegation_name,
        "category": entry.category,
        "speaker": entry.speaker,
        "title": entry.title,
        "level": entry.level,
        "kind": entry.kind,
        "speech_kind": entry.speech_kind,
        "on_behalf_of": entry.on_behalf_of,
        "group_members": list(entry.group_members),
        "to_panellists": list(entry.to_panellists),
        "language": entry.language,
        "segment": entry.segment,
        "received_at": _iso(entry.received_at),
        "pinned": entry.pinned,
        "carried_over": bool(entry.carry_rank),
        "declaration": declaration(entry),
        "reasons": [{"code": code, "value": value} for code, value in reasons(entry, state.config)],
    }


def declaration(entry: Entry) -> str:
    """`none` (nothing to confirm), `pending` (a declared level or group awaits the secretariat)
    or `confirmed`."""
    if not declares(entry):
        return "none"
    return "confirmed" if entry.confirmed else "pending"


def _question_json(entry: Entry) -> dict[str, Any]:
    return {
        "entry": entry.id,
        "delegation": entry.delegation,
        "delegation_name": entry.delegation_name,
        "speaker": entry.speaker,
    }


def _questions(state: floor.FloorState, name: str) -> list[dict[str, Any]]:
    return [_question_json(e) for e in state.questions_for(name)[:QUESTIONS_SHOWN]]


def _invitee_json(invitee: Invitee, state: floor.FloorState) -> dict[str, Any]:
    return {
        "name": invitee.name,
        "title": invitee.title,
        "organisation": invitee.organisation,
        "role": invitee.role,
        "limit_s": invitee.limit_s,
        "questions": _questions(state, invitee.name) if state.invited_kind == "panel" else [],
    }


def head(meeting: Meeting, state: floor.FloorState, now: datetime | None = None) -> dict[str, Any]:
    """What the room display, the console and every live page need after each change."""
    now = now or timezone.now()
    plan = state.config.segment(state.segment)
    statuses = [e.status for e in state.entries.values()]
    return {
        "meeting": meeting.slug,
        "seq": state.seq,
        "list_seq": state.list_seq,
        "server_time": _iso(now),
        "list_open": state.list_open,
        "segment": {"key": plan.key, "kind": plan.kind, "title": plan.title} if plan else None,
        "segments_done": list(state.segments_done),
        "speech": speech_json(state.speech, state, now) if state.speech else None,
        "interrupted": [speech_json(s, state, now) for s in state.interrupted],
        "invited": [_invitee_json(i, state) for i in state.invited],
        "invited_kind": state.invited_kind,
        "general_questions": [
            _question_json(e) for e in state.general_questions()[:QUESTIONS_SHOWN]
        ]
        if state.invited_kind == "panel"
        else [],
        "panel": {
            "every": state.panel_every,
            "heard": len(state.heard_since_round),
            "due": state.panel_due,
        },
        "segment_started_at": _iso(state.segment_started_at),
        "next": [entry_json(e, state) for e in state.waiting()[:NEXT_COUNT]],
        "counts": {
            "waiting": len(state.order),
            "spoken": statuses.count(floor.Status.SPOKEN),
            "withdrawn": statuses.count(floor.Status.WITHDRAWN),
            "total": len(statuses),
        },
        "can_undo": bool(state.history),
        "undo": undo_json(state),
    }


# What an undo takes back, named by whom it concerns: the speech it started, paused, extended or
# ended, the segment it started or ended (the console asks the chair to confirm it by name).
_BY_SPEECH_AFTER = {"speech_started", "point_of_order_raised", "panel_round_started"}
_BY_SPEECH_BEFORE = {"speech_ended", "speech_paused", "speech_resumed", "time_added"}


def undo_json(state: floor.FloorState) -> dict[str, str] | None:
    """The chair's last action, which `undo` would take back: its first event's type, and the
    speaker or segment it concerns (empty if none)."""
    if not state.history:
        return None
    _seq, kind, before = state.history[-1]
    given = state.speech is not None and (
        before.speech is None or before.speech.id != state.speech.id
    )
    if given and kind in _BY_SPEECH_BEFORE:
        kind = "speech_started"  # `next` during a speech: it ended one to give the floor to another
    speech = state.speech if kind in _BY_SPEECH_AFTER else before.speech
    name = ""
    if kind in _BY_SPEECH_AFTER | _BY_SPEECH_BEFORE and speech is not None:
        name = speech.delegation_name or speech.speaker
    elif kind in ("segment_started", "segment_ended"):
        plan = state.config.segment(state.segment if kind == "segment_started" else before.segment)
        name = plan.title if plan else ""
    return {"type": kind, "name": name}


def speakers(state: floor.FloorState) -> list[dict[str, Any]]:
    """The whole list: waiting speakers in order, then whoever is speaking, then those who have
    spoken in the order they spoke, then the withdrawn requests."""
    spoken = [done.speech.entry for done in state.record if done.speech.entry is not None]
    speaking = [e.id for e in state.entries.values() if e.status == floor.Status.SPEAKING]
    withdrawn = [e.id for e in state.entries.values() if e.status == floor.Status.WITHDRAWN]
    ids = list(dict.fromkeys([*state.order, *speaking, *spoken, *withdrawn, *state.entries]))
    return [entry_json(state.entries[i], state) for i in ids]
