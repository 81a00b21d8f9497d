"""When each waiting speaker is likely to speak, and their chance of being heard before their
segment ends: a Monte Carlo forecast over speech durations (numpy)."""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from statistics import NormalDist

import numpy as np

from hemicycle.floor.state import FloorState

# Durations are drawn as `limit * ratio`, the ratio log-normal. The prior (speakers use about 90 % of
# their time, give or take a quarter) is updated from the meeting's own finished speeches, so the
# forecast learns how this room speaks; the changeover between speakers is learned the same way. All
# draws for all speakers and simulations are made at once; a cumulative sum gives each start.
SIMULATIONS = 10_000
PRIOR_LOG_RATIO = math.log(0.9)
PRIOR_SIGMA = 0.25
PRIOR_WEIGHT = 8  # the prior counts as this many observed speeches
PRIOR_GAP_S = 20.0
MIN_SPEECH_S = 5.0
LIST_KINDS = frozenset({"statement", "question", "group_statement", "reply"})
# A speech shorter than this was no speech (the floor given by mistake, taken back at once): it
# teaches nothing. Ratios are held to a plausible range and the spread bounded, so that a few odd
# speeches cannot make every later speaker's forecast absurd.
MIN_LEARNED_S = 15.0
RATIO_RANGE = (0.25, 2.5)
MAX_SIGMA = 0.5


@dataclass(frozen=True)
class PlannedSlot:
    """A segment of the programme as planned: its key, whether the floor is open, its times."""

    key: str
    takes_floor: bool
    starts: time
    ends: time

    @property
    def length_s(self) -> float:
        return max(0.0, _seconds(self.ends) - _seconds(self.starts))


def _seconds(moment: time) -> float:
    return moment.hour * 3600 + moment.minute * 60 + moment.second


@dataclass(frozen=True)
class Basis:
    """What the forecast has learned: durations as a share of the limit, and changeovers."""

    observed: int
    log_ratio_mean: float
    log_ratio_sigma: float
    gap_s: float

    @property
    def ratio_mean(self) -> float:
        return math.exp(self.log_ratio_mean + self.log_ratio_sigma**2 / 2)


@dataclass(frozen=True)
class EntryForecast:
    entry: int
    position: int
    segment: str
    expected_start: datetime
    early_start: datetime  # 10th percentile
    late_start: datetime  # 90th percentile
    chance_heard: float  # of being given the floor before the entry's segment ends


@dataclass(frozen=True)
class Forecast:
    now: datetime
    simulations: int
    basis: Basis
    segment_ends_at: datetime | None
    entries: list[EntryForecast]


def learn(state: FloorState) -> Basis:
    """The prior updated with the meeting's finished speeches (normal-normal on the log ratio)."""
    low, high = RATIO_RANGE
    ratios = [
        min(high, max(low, done.duration_s / done.speech.limit_s))
        for done in state.record
        if done.speech.kind in LIST_KINDS
        and done.speech.limit_s
        and done.duration_s >= MIN_LEARNED_S
    ]
    n = len(ratios)
    mu, sigma = PRIOR_LOG_RATIO, PRIOR_SIGMA
    if n:
        logs = np.log(np.asarray(ratios))
        mean = float(logs.mean())
        spread = float(((logs - mean) ** 2).sum())
        k = PRIOR_WEIGHT
        mu = (k * PRIOR_LOG_RATIO + n * mean) / (k + n)
        shift = k * n / (k + n) * (mean - PRIOR_LOG_RATIO) ** 2
        sigma = math.sqrt((k * PRIOR_SIGMA**2 + spread + shift) / (k + n))
    gaps = [
        (later.speech.started_at - earlier.ended_at).total_seconds()
        for earlier, later in zip(state.record, state.record[1:], strict=False)
        if earlier.speech.entry is not None and later.speech.entry is not None
    ]
    gaps = [g for g in gaps if 0 <= g <= 300]
    gap = (PRIOR_WEIGHT * PRIOR_GAP_S + sum(gaps)) / (PRIOR_WEIGHT + len(gaps))
    sigma = min(max(sigma, 0.01), MAX_SIGMA)
    return Basis(observed=n, log_ratio_mean=mu, log_ratio_sigma=sigma, gap_s=gap)


_STRATA = 256  # one random byte per speech
_NORMAL_QUANTILES = np.array(
    [NormalDist().inv_cdf((i + 0.5) / _STRATA) for i in range(_STRATA)], dtype=np.float32
)
PERCENTILE_SIMULATIONS = 1_000  # a start's median and spread are read from this many simulations


def ratio_table(basis: Basis) -> np.ndarray:
    """The ratio's distribution as 256 equally likely values (its quantiles): drawing one random
    byte is an inverse-CDF draw, and much cheaper than a log-normal draw per speech."""
    table: np.ndarray = np.exp(basis.log_ratio_mean + basis.log_ratio_sigma * _NORMAL_QUANTILES)
    return table.astype(np.float32)


def simulate(
    limits: np.ndarray,
    basis: Basis,
    *,
    lead_s: np.ndarray | float = 0.0,
    extra_s: np.ndarray | None = None,
    simulations: int = SIMULATIONS,
    rng: np.random.Generator,
) -> np.ndarray:
    """Start offsets (floor seconds from now), float32, shape (simulations, speakers).

    `lead_s` is what comes before the first waiting speaker (the rest of the current speech, the
    invited speakers), one value or one per simulation; `extra_s` adds fixed floor time before
    each speaker (panel rounds falling due)."""
    n = len(limits)
    table = ratio_table(basis)
    bits = np.frombuffer(rng.bytes(simulations * n), dtype=np.uint8).reshape(simulations, n)
    durations = np.take(table, bits)
    limits32 = limits.astype(np.float32)
    durations *= limits32
    if float(table.min()) * float(limits32.min()) < MIN_SPEECH_S:
        np.maximum(durations, np.float32(MIN_SPEECH_S), out=durations)
    durations += np.float32(basis.gap_s)
    starts = np.cumsum(durations, axis=1)
    starts -= durations
    offset = np.zeros(n, dtype=np.float32) if extra_s is None else extra_s.astype(np.float32)
    if np.ndim(lead_s):
        starts += np.reshape(lead_s, (-1, 1)).astype(np.float32)
    else:
        offset += np.float32(lead_s)
    starts += offset
    return starts


def _lead(
    state: FloorState, basis: Basis, now: datetime, sims: int, rng: np.random.Generator
) -> np.ndarray:
    """Floor time before the first waiting speaker: the rest of the speech in progress (and of the
    speeches a point of order interrupted) and the invited speakers still to come."""
    lead = np.zeros(sims)
    for speech in (state.speech, *state.interrupted):
        if speech is None or speech.limit_s is None:
            continue
        drawn = speech.limit_s * rng.lognormal(basis.log_ratio_mean, basis.log_ratio_sigma, sims)
        lead += np.maximum(drawn - speech.elapsed(now), MIN_SPEECH_S) + basis.gap_s
    for invitee in state.invited:
        limit = invitee.limit_s or state.limit_for(state.invited_kind or "remarks") or 0
        lead += limit * basis.ratio_mean + basis.gap_s
    return lead


def _panel_time(state: FloorState, basis: Basis) -> float:
    panellists = state.config.panellists_for(state.segment)
    kind_limit = state.limit_for("panel") or 0
    return sum((p.limit_s or kind_limit) * basis.ratio_mean + basis.gap_s for p in panellists)


def _windows_ahead(
    state: FloorState,
    programme: Sequence[PlannedSlot],
    now: datetime,
    meeting_date: date,
    tz: object,
) -> tuple[list[str], np.ndarray, np.ndarray, float]:
    """The floor windows still ahead: their keys, their cumulative ends in floor seconds, the
    clock time spent off the floor before each (breaks), and the delay before the first."""
    done = set(state.segments_done)
    keys: list[str] = []
    lengths: list[float] = []
    breaks: list[float] = []
    delay = 0.0
    previous_end: time | None = None
    for slot in programme:
        if slot.key in done or not slot.takes_floor:
            continue
        if slot.key == state.segment:
            started = state.segment_started_at or now
            length = max(0.0, slot.length_s - (now - started).total_seconds())
            gap = 0.0
        else:
            length = slot.length_s
            if previous_end is None:
                planned = datetime.combine(meeting_date, slot.starts, tzinfo=tz)  # type: ignore[arg-type]
                # Before the meeting's first floor segment (today or on a later day), the floor
                # opens at its planned start, not now.
                delay = max(0.0, (planned - now).total_seconds())
                gap = 0.0
            else:
                gap = max(0.0, _seconds(slot.starts) - _seconds(previous_end))
        keys.append(slot.key)
        lengths.append(length)
        breaks.append(gap)
        previous_end = slot.ends
    return keys, np.cumsum(lengths), np.cumsum(breaks), delay


def forecast(
    state: FloorState,
    programme: Sequence[PlannedSlot],
    now: datetime,
    *,
    meeting_date: date,
    tz: object,
    simulations: int = SIMULATIONS,
    seed: int | None = None,
) -> Forecast:
    """The forecast for every waiting speaker, in the order of the list.

    Floor time and clock time differ: the floor stops for the breaks of the programme. The forecast
    runs on floor time across the windows still ahead (the rest of the segment in progress, then
    each later segment that takes the floor, at its planned length) and maps each start back to the
    clock."""
    rng = np.random.default_rng(seed)
    basis = learn(state)
    waiting = state.waiting()
    keys, window_ends, window_breaks, delay = _windows_ahead(
        state, programme, now, meeting_date, tz
    )
    segment_ends_at = now + timedelta(seconds=float(window_ends[0]) + delay) if len(keys) else None
    if not waiting:
        return Forecast(now, simulations, basis, segment_ends_at, [])
    limits = np.array(
        [state.limit_for(e.speech_kind, e.segment) or 180 for e in waiting], dtype=float
    )
    extra = None
    if state.panel_every:
        heard = len(state.heard_since_round)
        rounds = (heard + np.arange(len(waiting))) // state.panel_every
        extra = rounds * _panel_time(state, basis)
    lead = _lead(state, basis, now, simulations, rng)
    starts = simulate(limits, basis, lead_s=lead, extra_s=extra, simulations=simulations, rng=rng)
    # The chance of being heard in one's own segment: started before that window closes.
    capacity = np.array(
        [window_ends[keys.index(e.segment)] if e.segment in keys else np.inf for e in waiting]
    )
    chance = (starts < capacity).mean(axis=0) if len(keys) else np.zeros(len(waiting))
    # Floor time to clock time: add the break before each window boundary the start has passed.
    clock = starts
    if len(keys):
        breaks = np.diff(window_breaks, prepend=0.0)
        for boundary, pause in zip(window_ends[:-1], breaks[1:], strict=True):
            if pause:
                clock = clock + np.float32(pause) * (starts >= boundary)
    # The median, not the mean: a start that may fall either side of the lunch break has a mean
    # in the middle of lunch, when nobody speaks.
    early, median, late = (
        np.percentile(clock[:PERCENTILE_SIMULATIONS], [10, 50, 90], axis=0) + delay
    )
    entries = [
        EntryForecast(
            entry=e.id,
            position=i + 1,
            segment=e.segment,
            expected_start=now + timedelta(seconds=float(median[i])),
            early_start=now + timedelta(seconds=float(early[i])),
            late_start=now + timedelta(seconds=float(late[i])),
            chance_heard=round(float(chance[i]), 4),
        )
        for i, e in enumerate(waiting)
    ]
    return Forecast(now, simulations, basis, segment_ends_at, entries)
