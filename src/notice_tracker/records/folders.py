"""Where records live, without the models: the record folders below a data folder, the
suffixes of data files, and the data files of a folder. Light on purpose (no
pydantic), so that a command answered from the cache (``cli.answers``) can list the
data files without loading the models; ``records.kinds`` pairs each folder with its
model."""

from __future__ import annotations

from pathlib import Path

FOLDERS = ("notices", "inspections", "targets")
"""The record folders, in the order records are read (the folders of ``kinds.KINDS``)."""

SUFFIXES = (".yaml", ".yml")
"""The suffixes of data files, the first being the one new files get."""


def is_data_file(name: str) -> bool:
    """A file name that holds a record (``x.yaml`` or ``x.yml``)."""
    return name.endswith(SUFFIXES)


def data_files(root: Path) -> list[tuple[str, Path]]:
    """(folder, path) for every data file below ``root``'s record folders, sorted by
    folder, then name (each name worked out once: a register has thousands)."""
    found = []
    for name in sorted(FOLDERS):
        folder = root / name
        if folder.is_dir():
            named = sorted((p.name, p) for p in folder.iterdir())
            found += [(name, p) for n, p in named if is_data_file(n)]
    return found
