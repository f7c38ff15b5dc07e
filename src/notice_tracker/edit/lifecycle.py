"""``notice lift`` and ``notice replace``: how a notice ended, in its ``lifecycle``."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from notice_tracker.edit.document import new_mapping, put
from notice_tracker.edit.safewrite import Outcome, Plan, Snapshot, transact
from notice_tracker.errors import NoticeError
from notice_tracker.read.catalog import Catalog, Loaded
from notice_tracker.read.problems import did_you_mean
from notice_tracker.records.models import Lifecycle, Notice


@dataclass(frozen=True)
class _Ending:
    """How a notice ended: on ``day``, the ``lifecycle`` keys that say so, the words for
    it, and the notice that replaced it (checked to exist), if any."""

    day: dt.date
    values: dict[str, Any]
    summary: str
    message: str
    successor: str | None = None


def lift(root: Path, notice_id: str, day: dt.date) -> Outcome:
    """Record that the notice was lifted (stepped down) on ``day``."""
    summary = f"{notice_id}: lifted on {day}"
    message = f"lift: {notice_id} lifted {day}"
    ending = _Ending(day, {"lifted": day}, summary, message)
    return transact(root, functools.partial(_plan_ending, root, notice_id, ending))


def replace(root: Path, notice_id: str, by: str, day: dt.date) -> Outcome:
    """Record that the notice was replaced on ``day`` by notice (or direction) ``by``:
    both sides, so they agree (``by`` gets ``replaces:`` first, which is valid on its
    own; then this notice's ``lifecycle``)."""
    summary = f"{notice_id}: replaced by {by} on {day}"
    message = f"replace: {notice_id} replaced by {by} on {day}"
    values = {"replaced_by": by, "replaced_on": day}
    ending = _Ending(day, values, summary, message, successor=by)
    if _needs_link(Snapshot.read(root), notice_id, ending):
        link = transact(root, functools.partial(_plan_link, notice_id, ending))
        outcome = transact(root, functools.partial(_plan_ending, root, notice_id, ending))
        return Outcome(outcome.path, f"{summary}; {link.summary}", message, (link.path,))
    return transact(root, functools.partial(_plan_ending, root, notice_id, ending))


def _needs_link(snapshot: Snapshot, notice_id: str, ending: _Ending) -> bool:
    """Whether the successor still has to say ``replaces: NOTICE`` (checked first, so a
    refused replace writes neither file)."""
    assert ending.successor is not None
    _check_ending(snapshot.notice(notice_id), ending.day)
    _check_successor(snapshot.catalog, notice_id, ending.successor)
    successor = snapshot.notice(ending.successor)
    named = successor.record.replaces
    if named is not None and named != notice_id:
        raise NoticeError(
            f"{successor.locate('replaces')}: {successor.record.id} replaces {named}, "
            f"not {notice_id}"
        )
    return named is None


def _plan_link(notice_id: str, ending: _Ending, snapshot: Snapshot) -> Plan:
    """``replaces: NOTICE`` on the successor."""
    assert ending.successor is not None
    successor = snapshot.notice(ending.successor)
    mutate = functools.partial(_put_top, "replaces", notice_id)
    words = f"{successor.record.id} replaces {notice_id}"
    return Plan(snapshot.path_of(successor), mutate, lambda _: words, ending.message)


def _put_top(key: str, value: Any, doc: Any) -> None:
    put(doc, key, value, Notice)


def _plan_ending(root: Path, notice_id: str, ending: _Ending, snapshot: Snapshot) -> Plan:
    loaded = snapshot.notice(notice_id)
    _check_ending(loaded, ending.day)
    if ending.successor is not None:
        _check_successor(snapshot.catalog, notice_id, ending.successor)
    mutate = functools.partial(_set_lifecycle, ending.values)
    return Plan(snapshot.path_of(loaded), mutate, lambda _: ending.summary, ending.message)


def _set_lifecycle(values: dict[str, Any], doc: Any) -> None:
    """Set keys of the notice's ``lifecycle``, adding it (where the model puts it) when
    it is missing."""
    node = doc.get("lifecycle")
    if not isinstance(node, CommentedMap):
        put(doc, "lifecycle", new_mapping(values), Notice)
        return
    for key, value in values.items():
        put(node, key, value, Lifecycle)


def _check_successor(catalog: Catalog, notice_id: str, by: str) -> None:
    others = sorted(n for n in catalog.notices if n != notice_id)
    if by not in others:
        hint = did_you_mean(by, others) or "add its file to notices/ first"
        raise NoticeError(f"--by {by!r}: no other notice has that id ({hint})")


def _check_ending(loaded: Loaded[Notice], day: dt.date) -> None:
    notice = loaded.record
    life = notice.lifecycle
    where = loaded.locate("lifecycle")
    if life.lifted is not None:
        raise NoticeError(f"{where}: {notice.id} was already lifted on {life.lifted}")
    if life.replaced_by is not None:
        raise NoticeError(
            f"{where}: {notice.id} was already replaced by {life.replaced_by} on {life.replaced_on}"
        )
    issued = notice.issued.start
    if issued is not None and day < issued:
        raise NoticeError(f"{where}: {day} is before the notice was issued ({notice.issued})")
