"""The one place that writes files: atomically, so a reader never sees half a file and
a failure leaves no temporary file behind.

Every write goes to a temporary file in the target's folder, is flushed and fsync'ed,
then renamed (or linked) into place, and the folder is synced. Edits of data files,
new data files, board papers and the parse cache all write through here.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from notice_tracker.errors import NoticeError


def display_path(path: Path, base: Path | None = None) -> str:
    """A path as the user should see it: relative to ``base`` (the working folder) when
    it lies below it, with forward slashes."""
    base = base or Path.cwd()
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def write(path: Path, data: bytes) -> None:
    """Replace (or create) ``path`` with ``data`` atomically; a new file gets the mode
    the umask gives, an existing one keeps its mode."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = _new_file_mode()
    with _staged(path, data) as tmp:
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    _sync_folder(path.parent)


def _new_file_mode() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def replace_if_unchanged(path: Path, data: bytes, expected: bytes) -> bool:
    """Atomically replace ``path`` with ``data`` unless it no longer holds ``expected``
    (then return False, having written nothing). The file keeps its mode; no temporary
    file survives a failure."""
    with _staged(path, data) as tmp:
        os.chmod(tmp, stat.S_IMODE(path.stat().st_mode))
        if path.read_bytes() != expected:
            return False
        os.replace(tmp, path)
    _sync_folder(path.parent)
    return True


def create(path: Path, data: bytes) -> None:
    """Create ``path`` holding ``data``, with the mode a new file gets; ``NoticeError``,
    having written nothing, if it exists (the check and the write are one atomic step)."""
    with _staged(path, data) as tmp:
        os.chmod(tmp, _new_file_mode())
        try:
            os.link(tmp, path)  # fails, rather than overwrites, if the file appeared meanwhile
        except FileExistsError:
            raise NoticeError(f"{display_path(path)} already exists") from None
    _sync_folder(path.parent)


@contextlib.contextmanager
def _staged(path: Path, data: bytes) -> Iterator[str]:
    """A temporary file beside ``path`` holding ``data``, flushed to disk; removed on the
    way out unless it has been renamed away."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        yield tmp
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _sync_folder(folder: Path) -> None:
    """Make the rename durable (best effort: not every file system allows it)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
