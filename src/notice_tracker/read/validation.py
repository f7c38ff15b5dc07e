"""Stage two of reading: the checks across records, and ``notice validate``'s view of
the problems in the paths a user named."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from notice_tracker.errors import NoticeError
from notice_tracker.read.cache import Facts
from notice_tracker.read.catalog import Catalog, Loaded
from notice_tracker.read.crosschecks import cross_checks
from notice_tracker.read.loader import load, settle, with_problems
from notice_tracker.read.problems import Location, Problem, display_path
from notice_tracker.records.kinds import BY_FOLDER, KINDS


def checked(catalog: Catalog) -> Catalog:
    """The catalog with the problems found across its records added; the folder's
    index is then saved. When exactly these files were found valid before
    (``Catalog.known_valid``), the checks are not run again."""
    if catalog.changed is not None and not catalog.known_valid:
        scoped = dataclasses.replace(catalog, subjects=around(catalog.changed, _records(catalog)))
        catalog = with_problems(catalog, cross_checks(scoped))
    elif not catalog.known_valid:
        catalog = with_problems(catalog, cross_checks(catalog))
    settle(catalog)
    return catalog


def around(
    changed: Iterable[tuple[str, Facts]], records: Iterable[Loaded[Any]]
) -> frozenset[tuple[str, str]]:
    """The records the checks must look at when only the files ``changed`` (each side
    of each change: (folder, facts)) changed since the folder was valid: their own, the
    records they name, and the records that name them. Every check looks at one record
    and the records it names (and, for a replacement, those that name it), so nothing
    else can have a new problem."""
    changed = list(changed)
    mine = {(folder, str(facts.get("id"))) for folder, facts in changed}
    subjects = mine | {ref for _, facts in changed for ref in _refs(facts)}
    subjects |= {
        (r.kind.folder, str(r.facts.get("id")))
        for r in records
        if r.facts.get("refs") and any(ref in mine for ref in _refs(r.facts))
    }
    return frozenset(subjects)


def _refs(facts: Facts) -> Iterator[tuple[str, str]]:
    for ref in facts.get("refs", ()):
        if isinstance(ref, (list, tuple)) and len(ref) == 2:
            yield str(ref[0]), str(ref[1])


def checked_edit(before: Catalog, after: Catalog, path: Path) -> tuple[Problem, ...]:
    """The problems of ``after``, the valid catalog ``before`` with one file changed
    (``loader.with_file``), found by checking only what that file can have changed:
    its own record, the records it names (before and after the change) and the records
    that name it. Every other record was valid and refers to nothing that changed."""
    found = (c.get(path.parent.name, path.stem) for c in (before, after))  # ids are stems
    changed = [r for r in found if r is not None and r.read_from(path)]
    sides = [(r.kind.folder, r.facts) for r in changed]
    scoped = dataclasses.replace(after, subjects=around(sides, _records(after)))
    return (*after.problems, *cross_checks(scoped))


def _records(catalog: Catalog) -> Iterator[Loaded[Any]]:
    yield from catalog.notices.values()
    yield from catalog.inspections.values()
    yield from catalog.target_sets.values()


@dataclass(frozen=True)
class Validation:
    problems: tuple[Problem, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        if self.problems:
            files = len({p.where.file for p in self.problems})
            noun = "problem" if len(self.problems) == 1 else "problems"
            return f"{len(self.problems)} {noun} in {files} file{'s' if files > 1 else ''}"
        parts = [f"{n} {kind}" for kind, n in self.counts.items()]
        return "valid: " + ", ".join(parts)


def data_root(path: Path) -> Path:
    """The ``data/`` folder a path belongs to: itself, or the parent of its record folder."""
    if path.is_dir() and path.name not in BY_FOLDER:
        return path
    folder = path if path.is_dir() else path.parent
    if folder.name in BY_FOLDER:
        return folder.parent
    folders = ", ".join(f"{kind.folder}/" for kind in KINDS)
    raise NoticeError(
        f"{display_path(path)}: not a data file: files live in {folders} below a data folder"
    )


def validate_paths(paths: list[Path]) -> Validation:
    """Validate each data folder the paths lie in; report problems in the named paths."""
    problems: list[Problem] = []
    counts: dict[str, int] = {}
    for root in dict.fromkeys(data_root(p) for p in _existing(paths)):
        catalog = checked(load(root))
        wanted = [_real(p) for p in paths]
        problems += [p for p in catalog.problems if _within(p.where, wanted)]
        _count(counts, catalog)
    return Validation(tuple(problems), counts)


def _existing(paths: list[Path]) -> list[Path]:
    missing = [p for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        raise NoticeError(f"{display_path(missing[0])}: no such file or folder")
    return paths


def _within(where: Location, wanted: list[Path]) -> bool:
    """The problem is in (or below) one of the named paths, compared as real paths."""
    file = _real(Path(where.file))
    return any(file == w or w in file.parents for w in wanted)


def _real(path: Path) -> Path:
    """``path`` with its folder resolved; a link is compared as itself (a link to
    /dev/zero is a problem in data/, not in /dev; a link loop has no resolution)."""
    return path.parent.resolve() / path.name


def _count(counts: dict[str, int], catalog: Catalog) -> None:
    for kind, records in (
        ("notices", catalog.notices),
        ("inspections", catalog.inspections),
        ("target sets", catalog.target_sets),
    ):
        counts[kind] = counts.get(kind, 0) + len(records)
