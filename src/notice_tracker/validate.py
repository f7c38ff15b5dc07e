"""``notice validate``: load what the user named and collect every problem."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .loader import Catalog, load
from .models import KINDS
from .problems import Location, NoticeError, Problem, display_path


@dataclass
class Validation:
    problems: list[Problem] = field(default_factory=list)
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
    if path.is_dir() and path.name not in KINDS:
        return path
    folder = path if path.is_dir() else path.parent
    if folder.name in KINDS:
        return folder.parent
    raise NoticeError(
        f"{display_path(path)}: not a data file: files live in notices/, inspections/ "
        "or targets/ below a data folder"
    )


def validate_paths(paths: list[Path]) -> Validation:
    """Validate each data folder the paths lie in; report problems in the named paths."""
    result = Validation()
    for root in dict.fromkeys(data_root(p) for p in _existing(paths)):
        catalog = load(root)
        wanted = [display_path(p) for p in paths]
        result.problems += [p for p in catalog.problems if _within(p.where, wanted)]
        _count(result.counts, catalog)
    return result


def _existing(paths: list[Path]) -> list[Path]:
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise NoticeError(f"{display_path(missing[0])}: no such file or folder")
    return paths


def _within(where: Location, wanted: list[str]) -> bool:
    return any(
        w == "." or where.file == w or where.file.startswith(w.rstrip("/") + "/") for w in wanted
    )


def _count(counts: dict[str, int], catalog: Catalog) -> None:
    for kind, records in (
        ("notices", catalog.notices),
        ("inspections", catalog.inspections),
        ("target sets", catalog.target_sets),
    ):
        counts[kind] = counts.get(kind, 0) + len(records)
