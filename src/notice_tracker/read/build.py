"""Which build of the tool this is, and where its caches live.

Every cache (the record index, ``read.cache``; the kept answers, ``cli.answers``) is
used only by the build that wrote it: ``fingerprint`` is the version, every file of the
package, the installed distributions and the Python version.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import sys
from pathlib import Path

from notice_tracker import __version__

FORMAT = 6
"""Bumped whenever what an index holds changes."""


def cache_dir() -> Path | None:
    setting = os.environ.get("NOTICE_CACHE", "")
    if setting.lower() in ("off", "0", "no", "false"):
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "notice-tracker"


@functools.cache
def fingerprint() -> str:
    """This build of the tool: its version, the name, size and modification time of
    every file of the package (code, templates, schemas), the folder names of the
    installed distributions (which carry their versions) and the Python version. A
    cache written by any other build is not used."""
    seen = hashlib.sha256(f"{__version__}\0{FORMAT}\0{sys.version}\n".encode())
    package = Path(__file__).resolve().parent.parent
    for folder, subfolders, names in os.walk(package):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        for name in sorted(names):
            with contextlib.suppress(OSError):
                st = os.stat(os.path.join(folder, name))
                where = os.path.relpath(os.path.join(folder, name), package)
                seen.update(
                    f"{where}\0{st.st_size}\0{st.st_mtime_ns}\n".encode(errors="surrogateescape")
                )
    for entry in sys.path:
        with contextlib.suppress(OSError):
            for name in sorted(os.listdir(entry or ".")):
                if name.endswith((".dist-info", ".egg-info", ".pth")):
                    seen.update(f"{name}\n".encode(errors="surrogateescape"))
    return seen.hexdigest()
