"""Files to validated records and located problems.

Two stages: ``loader`` reads each file on its own (YAML through ``yaml_io``, then the
models), ``validation`` checks the records against each other (``crosschecks``). The
functions here run both; every problem, from either stage, ends up in
``Catalog.problems``.

Importing this package imports neither stage (nor pydantic, nor the YAML parsers):
``read.problems`` is light, and ``notice --help`` must stay quick. They are imported
when first used.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from notice_tracker.read.catalog import Catalog
    from notice_tracker.read.loader import Text

__all__ = ["Catalog", "Text", "load", "load_texts"]


def load(
    root: Path,
    base: Path | None = None,
    contents: Mapping[Path, bytes] | None = None,
    progress: Callable[[int, int], None] | None = None,
    strict: bool = False,
) -> Catalog:
    """Every record under the data folder ``root``, with every problem found in it
    (``contents``: the bytes of some files, instead of what is on disk; ``progress`` is
    told how many files have been read, of how many; ``strict``: an unreadable file
    raises ``files.Unreadable``)."""
    from notice_tracker.read import loader
    from notice_tracker.read.validation import checked

    return checked(loader.load(root, base, contents, progress, strict))


def load_texts(texts: Iterable[Text]) -> Catalog:
    """The same for data files given as text (for example, as committed in git)."""
    from notice_tracker.read import loader
    from notice_tracker.read.validation import checked

    return checked(loader.load_texts(texts))


def __getattr__(name: str) -> Any:
    if name in ("Catalog", "Text"):
        from notice_tracker.read import loader

        return getattr(loader, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
