"""What reading a data folder gives: ``Loaded`` records and the frozen ``Catalog``.

A ``Loaded`` record carries its kind, its file, its positions (parsed again on demand)
and its facts (what the checks across records need, ``cache.Facts``); a record from the
index is built only when first asked for. The ``Catalog`` holds every record of one
folder and every problem found in it.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from notice_tracker.read import cache
from notice_tracker.read.document import Parsed
from notice_tracker.read.problems import Location, Problem
from notice_tracker.records.dates import DocDate
from notice_tracker.records.inspections import Inspection
from notice_tracker.records.kinds import Kind
from notice_tracker.records.models import Notice
from notice_tracker.records.targets import TargetSet

R = TypeVar("R", bound=BaseModel)


class Loaded(Generic[R]):
    """A valid record, the kind of record it is, the file it was read from (``None``
    for data read from git), its parsed document (for positions) and its facts (what
    the checks across records need: ``cache.Facts``).

    A record from the index is built only when ``record`` is first asked for, and can
    be let go again (``held``): a command that needs a few records (a paper, an edit)
    never builds the rest, and one that goes through the whole register holds one
    notice's records at a time."""

    __slots__ = ("_build", "_record", "doc", "facts", "kind", "path")

    def __init__(
        self,
        record: R | Callable[[], R],
        doc: Parsed,
        kind: Kind,
        path: Path | None = None,
        facts: cache.Facts | None = None,
    ) -> None:
        built = isinstance(record, BaseModel)
        self._record: R | None = record if built else None  # type: ignore[assignment]
        self._build: Callable[[], R] | None = None if built else record  # type: ignore[assignment]
        self.doc = doc
        self.kind = kind
        self.path = path
        self.facts: cache.Facts = facts if facts is not None else facts_of(self.record)  # type: ignore[arg-type]

    @property
    def record(self) -> R:
        """The record, built if it is not held (and then held)."""
        if self._record is None:
            assert self._build is not None
            self._record = self._build()
        return self._record

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """For the length of a block the record, once built, is held; after it, it is
        let go (when it was not held before and can be built again), so that going
        through a whole register holds one record at a time."""
        before = self._record
        try:
            yield
        finally:
            if before is None and self._build is not None:
                self._record = None

    @property
    def built(self) -> bool:
        """The record is held now."""
        return self._record is not None

    def read_from(self, path: Path) -> bool:
        """The record was read from the data file ``path`` (compared by folder and
        name: a data folder's files are all directly in their record folder)."""
        mine = self.path
        return mine is not None and mine.name == path.name and self.kind.folder == path.parent.name

    def locate(self, *path: str | int) -> Location:
        return self.doc.locate(path)


def facts_of(record: Notice | Inspection | TargetSet) -> cache.Facts:
    """A record's facts: the records it names; for an inspection, when it was
    published (so that status needs no inspection built); for a notice, what it
    replaces and whether it dates its targets; for a target set, its notice."""
    refs = sorted(set(record.references()))
    facts: cache.Facts = {"id": record.id, "refs": [list(ref) for ref in refs]}
    if isinstance(record, Inspection):
        facts["published"] = None if record.published is None else str(record.published)
    if isinstance(record, Notice):
        facts["replaces"] = record.replaces
        facts["targets_due"] = record.targets_due is not None
    if isinstance(record, TargetSet):
        facts["notice"] = record.notice
    return facts


def frozen(items: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
    return MappingProxyType(dict(items or {}))


@dataclass(frozen=True)
class Catalog:
    """Everything under one ``data/`` folder: frozen once built."""

    notices: Mapping[str, Loaded[Notice]] = field(default_factory=frozen)
    inspections: Mapping[str, Loaded[Inspection]] = field(default_factory=frozen)
    target_sets: Mapping[str, Loaded[TargetSet]] = field(default_factory=frozen)
    problems: tuple[Problem, ...] = ()
    broken: frozenset[tuple[str, str]] = frozenset()
    """(folder, file stem) of files that exist but did not load; their problems are
    reported, so references to them are not reported again as unknown."""
    digest: str | None = None
    """The hash of every file read (key and SHA-256), when all were read from disk."""
    known_valid: bool = False
    """The checks across records found nothing the last time exactly these files were
    read (``cache.Index.checked``): they need not run again."""
    changed: tuple[tuple[str, cache.Facts], ...] | None = None
    """(folder, facts) of each side of every file changed since the folder was last
    found valid: the checks need look only around them. None: look at everything."""
    subjects: frozenset[tuple[str, str]] | None = None
    """(folder, id) of the records the checks look at (``each``); None: all."""
    index: cache.Index | None = field(default=None, compare=False, repr=False)

    def has(self, folder: str, record_id: str) -> bool:
        """A record of that id exists in that folder, valid or not."""
        return record_id in self._folder(folder) or (folder, record_id) in self.broken

    def get(self, folder: str, record_id: str) -> Loaded[Any] | None:
        """The valid record of that id in that folder, if there is one."""
        return self._folder(folder).get(record_id)

    def targets_for(self, notice_id: str) -> list[Loaded[TargetSet]]:
        """The target sets of one notice, in file order."""
        return list(self._targets_by_notice.get(notice_id, ()))

    @functools.cached_property
    def _targets_by_notice(self) -> dict[str, list[Loaded[TargetSet]]]:
        """Target sets by notice, built once (a scan per notice is quadratic)."""
        by_notice: dict[str, list[Loaded[TargetSet]]] = {}
        for loaded in self.target_sets.values():  # from the facts: nothing is built
            by_notice.setdefault(str(loaded.facts.get("notice")), []).append(loaded)
        return by_notice

    def inspection_records(self) -> Mapping[str, Inspection]:
        """Every inspection by id, each built only when looked up (and not held)."""
        return _Built(self.inspections)

    def _folder(self, folder: str) -> Mapping[str, Loaded[Any]]:
        found: Mapping[str, Loaded[Any]] = {
            "notices": self.notices,
            "inspections": self.inspections,
            "targets": self.target_sets,
        }[folder]  # type: ignore[assignment]
        return found

    def published_dates(self) -> Mapping[str, DocDate | None]:
        """When each inspection's report was published, by inspection id (from the
        facts, each read when looked up: no inspection is built)."""
        return self._published

    @functools.cached_property
    def _published(self) -> Mapping[str, DocDate | None]:
        return _Published(self.inspections)

    def recommendations(self, inspection_id: str) -> frozenset[str] | None:
        """The ids of an inspection's recommendations (None: no valid inspection has
        that id), each inspection built once for them and let go."""
        known = self._recommendations
        if inspection_id not in known:
            loaded = self.inspections.get(inspection_id)
            if loaded is None:
                return None
            with loaded.held():
                known[inspection_id] = frozenset(r.id for r in loaded.record.recommendations)
        return known[inspection_id]

    @functools.cached_property
    def _recommendations(self) -> dict[str, frozenset[str]]:
        return {}

    def claims(self) -> Mapping[str, list[str]]:
        """For each notice that others say they replace, those others, by id (from the
        facts: nothing is built)."""
        return self._claims

    @functools.cached_property
    def _claims(self) -> dict[str, list[str]]:
        claims: dict[str, list[str]] = {}
        for notice_id, loaded in sorted(self.notices.items()):
            old = loaded.facts.get("replaces")
            if isinstance(old, str) and old in self.notices:
                claims.setdefault(old, []).append(notice_id)
        return claims

    def each(self, folder: str) -> Iterator[Loaded[Any]]:
        """The records of ``folder`` that checks look at: all of them, or only the
        ``subjects`` (an edit checks only what it can have changed)."""
        records = self._folder(folder)
        if self.subjects is None:
            yield from records.values()
        else:
            yield from (
                records[i] for f, i in sorted(self.subjects) if f == folder and i in records
            )


class _Built(Mapping[str, R]):
    """The records of a mapping of ``Loaded`` records, each built when looked up and
    not held after (whoever looked it up keeps what they need of it)."""

    def __init__(self, loaded: Mapping[str, Loaded[R]]) -> None:
        self._loaded = loaded

    def __getitem__(self, key: str) -> R:
        loaded = self._loaded[key]
        with loaded.held():
            return loaded.record

    def __iter__(self) -> Iterator[str]:
        return iter(self._loaded)

    def __len__(self) -> int:
        return len(self._loaded)


class _Published(Mapping[str, "DocDate | None"]):
    """When each inspection was published, by id, from its facts, each read when
    first looked up (a register has thousands; a notice names a few)."""

    def __init__(self, inspections: Mapping[str, Loaded[Inspection]]) -> None:
        self._inspections = inspections
        self._read: dict[str, DocDate | None] = {}

    def __getitem__(self, key: str) -> DocDate | None:
        if key not in self._read:
            when = self._inspections[key].facts.get("published")
            self._read[key] = DocDate.parse(when) if isinstance(when, str) else None
        return self._read[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._inspections)

    def __len__(self) -> int:
        return len(self._inspections)
