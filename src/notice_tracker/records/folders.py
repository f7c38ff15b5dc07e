"""Where records live, without the models: the record folders below a data folder and
the suffixes of data files. Light on purpose (no pydantic), so that a command answered
from the cache (``cli.answers``) can list the data files without loading the models;
``records.kinds`` pairs each folder with its model."""

from __future__ import annotations

FOLDERS = ("notices", "inspections", "targets")
"""The record folders, in the order records are read (the folders of ``kinds.KINDS``)."""

SUFFIXES = (".yaml", ".yml")
"""The suffixes of data files, the first being the one new files get."""


def is_data_file(name: str) -> bool:
    """A file name that holds a record (``x.yaml`` or ``x.yml``)."""
    return name.endswith(SUFFIXES)
