"""The due-date engine: rules in, occurrences out. Pure; never reads the clock.

Every occurrence carries the sentence that derives it ("issued 2014-09-02 + 2 months =
2014-11-02"), so ``notice explain`` and the board papers can show their working. An
anchor that is not known gives an *undetermined* occurrence with the reason, never a
guess. Recurrences are computed from their anchor each time (anchor + k x interval),
never by repeated addition, so a month-end clamp never drifts.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace

from notice_tracker.records.dates import (
    DateRangeError,
    DocDate,
    Period,
    Unit,
    add,
    end_of_month,
    working_day_steps,
)
from notice_tracker.records.limits import MAX_OCCURRENCES, TOO_MANY
from notice_tracker.records.rules import (
    DEFAULT_LEAD,
    AdHocRule,
    AgreedRule,
    Anchor,
    AnchorKind,
    AnyRule,
    DeadlineRule,
    EachRule,
    FixedRule,
    MaxIntervalRule,
    OffsetRule,
    OffsetsRule,
    RecurringRule,
)


@dataclass(frozen=True, order=True)
class Occurrence:
    """One due date of an obligation (or a measure deadline, or the targets date)."""

    due: dt.date | None
    derivation: str = field(compare=False)
    reason: str = field(default="", compare=False)
    """Why the date cannot be computed; empty when ``due`` is known."""
    month_only: bool = field(default=False, compare=False)
    """The document gives only a month; ``due`` is the month's last day."""
    ad_hoc: bool = field(default=False, compare=False)
    after: dt.date | None = field(default=None, compare=False)
    """Counted from a completion on this day, so only a later completion fulfils it."""
    first_recorded: bool = field(default=False, compare=False)
    """A cadence with no stated start: this one is the first recorded, not predicted."""


@dataclass(frozen=True)
class AnchorDate:
    """A known or unknown anchor date with the words that name it."""

    day: dt.date | None
    label: str
    reason: str = ""
    month_only: bool = False


@dataclass(frozen=True)
class Context:
    """What rules can count from, as known on the as-of date."""

    issued: DocDate
    received: DocDate
    published: Mapping[str, DocDate | None]
    horizon: dt.date
    """Open-ended recurrences are computed up to the first occurrence after this day."""
    end: dt.date | None = None
    """The notice was lifted or replaced on this day: nothing recurs after it."""
    due: Mapping[str, Sequence[Occurrence]] = field(default_factory=dict)
    done: Mapping[str, Sequence[dt.date]] = field(default_factory=dict)
    held: Mapping[str, Sequence[AnchorDate]] = field(default_factory=dict)
    """Each occurrence of an obligation as held: a completion's day, else its due date."""


def _doc_date(name: str, value: DocDate | None, missing: str) -> AnchorDate:
    if value is None or not value.known:
        return AnchorDate(None, name, missing)
    assert value.due is not None
    if value.day:
        return AnchorDate(value.due, f"{name} {value}")
    return AnchorDate(value.due, f"{name} {value} (end of month {value.due})", month_only=True)


def anchor_dates(anchor: Anchor, ctx: Context) -> list[AnchorDate]:
    """The dates an anchor stands for: one, or one per occurrence or completion."""
    kind, ref = anchor.kind, anchor.ref
    if kind is AnchorKind.DATE:
        return [_doc_date("from", anchor.date, "the stated date is unknown")]
    if kind is AnchorKind.ISSUED:
        return [_doc_date("issued", ctx.issued, "the notice's issue date is unknown")]
    if kind is AnchorKind.RECEIVED:
        return [_doc_date("received", ctx.received, "the date of receipt is not recorded")]
    if kind is AnchorKind.PUBLISHED:
        missing = f"inspection {ref} has no publication date"
        return [_doc_date(f"{ref} published", ctx.published.get(ref), missing)]
    if kind is AnchorKind.DUE:
        return [
            AnchorDate(o.due, f"{ref} due {o.due}", o.reason, o.month_only)
            if o.due
            else AnchorDate(None, f"{ref} due", o.reason)
            for o in ctx.due.get(ref, ())
        ]
    return [AnchorDate(day, f"{ref} done {day}") for day in ctx.done.get(ref, ())]


def _shift(
    point: AnchorDate, period: Period, sign: str = "+", known: dt.date | None = None
) -> Occurrence:
    """``point`` moved by ``period`` (``known``, when already worked out), with the words
    that say how; undetermined when the result lies outside the date range."""
    if period.count < 0:
        sign, shown = "-", Period(-period.count, period.unit)
    else:
        shown = period
    if point.day is None:
        return Occurrence(None, f"{point.label} {sign} {shown}", point.reason)
    try:
        due = add(point.day, period) if known is None else known
    except DateRangeError as exc:
        return Occurrence(None, f"{point.label} {sign} {shown}", str(exc))
    # A whole number of months (or years) from a month-only date is again a month, due
    # at its end (February 2014 + 6 months = 31 August 2014, not the 28th); an offset in
    # days or weeks from it gives a precise day.
    month_only = point.month_only and period.unit in (Unit.MONTHS, Unit.YEARS)
    if month_only:
        due = end_of_month(due.year, due.month)
        return Occurrence(
            due, f"{point.label} {sign} {shown} = {due:%Y-%m} (end of month {due})", month_only=True
        )
    return Occurrence(due, f"{point.label} {sign} {shown} = {due}")


def _fixed(rule: FixedRule, ctx: Context) -> Iterator[Occurrence]:
    for value in rule.dates:
        point = _doc_date("fixed date", value, "the date is unknown")
        yield Occurrence(point.day, point.label, point.reason, point.month_only)


def _offset(rule: OffsetRule, ctx: Context) -> Iterator[Occurrence]:
    for point in anchor_dates(rule.anchor, ctx):
        yield _shift(point, rule.offset)


def _offsets(rule: OffsetsRule, ctx: Context) -> Iterator[Occurrence]:
    for point in anchor_dates(rule.anchor, ctx):
        for period in rule.offsets:
            yield _shift(point, period)


def _deadline(rule: DeadlineRule, ctx: Context) -> Iterator[Occurrence]:
    if rule.by is not None:
        point = _doc_date("by", rule.by, "the deadline date is unknown")
        yield Occurrence(point.day, point.label, point.reason, point.month_only)
        return
    assert rule.anchor is not None
    assert rule.within is not None
    for point in anchor_dates(rule.anchor, ctx):
        yield _shift(point, rule.within, "+ within")


def _last_day(rule: RecurringRule, ctx: Context) -> dt.date | None:
    """The last day a recurrence may fall on; None means open-ended (up to the horizon)."""
    limits = [d for d in (rule.until_day, ctx.end) if d is not None]
    return min(limits) if limits else None


def _recurring(rule: RecurringRule, ctx: Context, ob_id: str) -> Iterator[Occurrence]:
    if rule.anchor is None:
        yield from _unphased(rule, ctx, ob_id)
        return
    points = anchor_dates(rule.anchor, ctx)
    if not points:
        return
    start = points[0]
    if start.day is None:
        yield Occurrence(None, f"every {rule.every} from {start.label}", start.reason)
        return
    yield from itertools.islice(_cadences(rule, start, ctx), rule.count)
    for change in rule.changes:
        if not change.start.known:  # a change on an unknown date is undetermined, not ignored
            yield Occurrence(
                None,
                f"every {change.every} from the change of cadence",
                f"the date the cadence changes to every {change.every} is unknown",
            )


def _cadences(rule: RecurringRule, start: AnchorDate, ctx: Context) -> Iterator[Occurrence]:
    """The occurrences at each cadence in turn; a change of cadence (on a known date)
    ends the one before it."""
    segments = [(start, rule.every, 0 if rule.include_anchor else 1)]
    known = sorted((c for c in rule.changes if c.start.known), key=lambda c: c.start)
    for change in known:
        segments.append((_doc_date("cadence change", change.start, "unknown"), change.every, 0))
    last_day = _last_day(rule, ctx)
    for i, (seg_start, every, first_k) in enumerate(segments):
        stop = segments[i + 1][0].day if i + 1 < len(segments) else None
        yield from _segment(seg_start, every, first_k, stop, last_day, ctx.horizon)


def _segment(
    start: AnchorDate,
    every: Period,
    first_k: int,
    stop: dt.date | None,
    last_day: dt.date | None,
    horizon: dt.date,
) -> Iterator[Occurrence]:
    """``start + k x every`` for k = first_k, ... before ``stop``, up to ``last_day``, or
    up to the first occurrence after ``horizon`` when the recurrence is open-ended."""
    if start.day is None:
        return
    k = first_k
    working = working_day_steps(start.day, every, first_k)
    while True:
        if k - first_k >= MAX_OCCURRENCES:
            yield Occurrence(None, f"{start.label} + {every.times(k)}", TOO_MANY)
            return
        occ = _shift(start, every.times(k), known=next(working, None))
        if occ.due is None:
            return  # beyond the last date the tool works with
        if (stop and occ.due >= stop) or (last_day and occ.due > last_day):
            return
        yield occ
        if last_day is None and occ.due > horizon:
            return
        k += 1


def _unphased(rule: RecurringRule, ctx: Context, ob_id: str) -> Iterator[Occurrence]:
    """A cadence with no stated start: undetermined until an occurrence is recorded; the
    first recorded one stands as the first occurrence, and each next one is due one
    interval after the last recorded one."""
    days = ctx.done.get(ob_id, ())
    if not days:
        words = f"every {rule.every}, no stated start"
        yield Occurrence(None, words, f"no occurrence recorded yet ({words})")
        return
    words = f"first recorded {days[0]} (every {rule.every}, no stated start)"
    yield Occurrence(days[0], words, first_recorded=True)
    previous, after = AnchorDate(days[0], f"last done {days[0]}"), days[0]
    for day in days[1:]:
        yield replace(_shift(previous, rule.every), after=after)
        previous, after = AnchorDate(day, f"last done {day}"), day
    pending = replace(_shift(previous, rule.every), after=after)
    last_day = _last_day(rule, ctx)
    if last_day is None or (pending.due is not None and pending.due <= last_day):
        yield pending


def _agreed(rule: AgreedRule, ctx: Context, ob_id: str) -> Iterator[Occurrence]:
    if rule.timetable is None:
        yield Occurrence(
            None,
            f"to a timetable agreed with {rule.agreed_with}",
            f"the timetable is to be agreed with {rule.agreed_with} and is not recorded yet",
        )
        return
    for timed in rule.timetable.rules:
        yield from _one(timed, ctx, ob_id)


def _each(rule: EachRule, ctx: Context) -> Iterator[Occurrence]:
    for point in ctx.held.get(rule.of, ()):
        occ = _shift(point, rule.shift)
        if rule.in_advance:
            occ = replace(occ, derivation=f"in advance: {occ.derivation}")
        yield occ


def _max_interval(rule: MaxIntervalRule, ctx: Context, ob_id: str) -> Iterator[Occurrence]:
    points = anchor_dates(rule.anchor, ctx)
    previous = points[0] if points else AnchorDate(None, str(rule.anchor), "no anchor date")
    after = None
    for day in ctx.done.get(ob_id, ()):
        yield replace(_shift(previous, rule.every), after=after)
        previous, after = AnchorDate(day, f"last done {day}"), day
    pending = replace(_shift(previous, rule.every), after=after)
    if ctx.end is None or pending.due is None or pending.due <= ctx.end:
        yield pending


def _ad_hoc(rule: AdHocRule, ctx: Context) -> Iterator[Occurrence]:
    for item in rule.occurrences:
        point = _doc_date("requested, due", item.due, "the due date is unknown")
        yield Occurrence(point.day, point.label, point.reason, point.month_only, ad_hoc=True)


def occurrences(rules: Sequence[AnyRule], ctx: Context, ob_id: str = "") -> list[Occurrence]:
    """Every occurrence the rules give, known dates in order, undetermined ones last."""
    found: list[Occurrence] = []
    for rule in rules:
        found += _one(rule, ctx, ob_id)
    unique = {(o.due, o.derivation): o for o in found}
    return sorted(unique.values(), key=lambda o: (o.due is None, o.due or dt.date.min))


def _one(rule: AnyRule, ctx: Context, ob_id: str) -> Iterator[Occurrence]:
    if isinstance(rule, FixedRule):
        return _fixed(rule, ctx)
    if isinstance(rule, OffsetRule):
        return _offset(rule, ctx)
    if isinstance(rule, OffsetsRule):
        return _offsets(rule, ctx)
    if isinstance(rule, RecurringRule):
        return _recurring(rule, ctx, ob_id)
    if isinstance(rule, MaxIntervalRule):
        return _max_interval(rule, ctx, ob_id)
    if isinstance(rule, DeadlineRule):
        return _deadline(rule, ctx)
    if isinstance(rule, AgreedRule):
        return _agreed(rule, ctx, ob_id)
    if isinstance(rule, EachRule):
        return _each(rule, ctx)
    return _ad_hoc(rule, ctx)


def describe(rule: AnyRule) -> str:
    """One line that says what a rule means, for ``notice explain``."""
    if isinstance(rule, FixedRule):
        return "fixed dates: " + ", ".join(str(d) for d in rule.dates)
    if isinstance(rule, OffsetRule):
        return f"{rule.offset} from {rule.anchor}"
    if isinstance(rule, OffsetsRule):
        return ", ".join(str(p) for p in rule.offsets) + f" from {rule.anchor}"
    if isinstance(rule, RecurringRule):
        return _describe_recurring(rule)
    if isinstance(rule, MaxIntervalRule):
        return f"at least every {rule.every}, counted from {rule.anchor} or the last completion"
    if isinstance(rule, DeadlineRule):
        return f"by {rule.by}" if rule.by else f"within {rule.within} of {rule.anchor}"
    if isinstance(rule, AgreedRule):
        return _describe_agreed(rule)
    if isinstance(rule, EachRule):
        when = (
            f"{rule.shift} from"
            if rule.offset is not None
            else f"{rule.lead or DEFAULT_LEAD} before"
        )
        return f"one for each occurrence of {rule.of}, {when} each (as held, ad hoc included)"
    return f"ad hoc: {len(rule.occurrences)} occasion(s) recorded, plus completions marked ad hoc"


def _describe_agreed(rule: AgreedRule) -> str:
    words = f"to a timetable agreed with {rule.agreed_with}"
    if rule.timetable is None:
        return words + ": not recorded yet"
    agreed = f" (agreed {rule.timetable.agreed})" if rule.timetable.agreed else ""
    return f"{words}{agreed}: " + "; ".join(describe(r) for r in rule.timetable.rules)


def _describe_recurring(rule: RecurringRule) -> str:
    if rule.anchor is None:
        return (
            f"every {rule.every}, no stated start: each due one interval after the last "
            "one recorded"
        )
    words = f"every {rule.every} from {rule.anchor}"
    if rule.include_anchor:
        words += " (the anchor itself included)"
    if rule.count:
        words += f", {rule.count} times"
    if rule.until_day:
        words += f", until {rule.until}"
    for change in rule.changes:
        words += f"; every {change.every} from {change.start}"
    if not rule.count and not rule.until_day:
        words += ", until the notice is lifted or replaced"
    return words
