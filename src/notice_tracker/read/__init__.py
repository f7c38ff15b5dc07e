"""Files to validated records and located problems.

Two stages: ``loader`` reads each file on its own (YAML through ``yaml_io``, then the
models), ``validation`` checks the records against each other (``crosschecks``). The
functions here run both; every problem, from either stage, ends up in
``Catalog.problems``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from notice_tracker.read import loader
from notice_tracker.read.loader import Catalog, Text
from notice_tracker.read.validation import checked

__all__ = ["Catalog", "Text", "load", "load_texts"]


def load(root: Path, base: Path | None = None) -> Catalog:
    """Every record under the data folder ``root``, with every problem found in it."""
    return checked(loader.load(root, base))


def load_texts(texts: Iterable[Text]) -> Catalog:
    """The same for data files given as text (for example, as committed in git)."""
    return checked(loader.load_texts(texts))
