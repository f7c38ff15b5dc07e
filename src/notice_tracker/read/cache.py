"""A cache of parsed YAML, keyed by the file's content, so unchanged files are not
parsed again. Entries can never be stale: the key is a hash of the bytes and of the
tool version. Set ``NOTICE_CACHE=off`` to disable it, or to a folder to move it
(default: ``$XDG_CACHE_HOME/notice-tracker``, usually ``~/.cache/notice-tracker``).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any

from notice_tracker import __version__, files

_FORMAT = 2  # 2: key positions are stored too


def cache_dir() -> Path | None:
    setting = os.environ.get("NOTICE_CACHE", "")
    if setting.lower() in ("off", "0", "no", "false"):
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "notice-tracker"


def key(text: str) -> str:
    digest = hashlib.sha256(f"{__version__}/{_FORMAT}\0".encode())
    digest.update(text.encode("utf-8"))
    return digest.hexdigest()


def get(text: str) -> Any | None:
    """The value stored for this text, or None (missing, unreadable or disabled)."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        with (folder / key(text)[:2] / key(text)).open("rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ValueError, TypeError):
        return None


def put(text: str, value: Any) -> None:
    """Store ``value`` atomically; a cache that cannot be written is simply skipped."""
    folder = cache_dir()
    if folder is None:
        return
    name = key(text)
    target = folder / name[:2] / name
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        files.write(target, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        return
