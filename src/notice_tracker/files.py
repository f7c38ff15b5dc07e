"""The one place that reads and writes files.

Reading (``read_bytes``): regular files only, at most ``MAX_FILE_BYTES``. A FIFO, a
device, a folder, a dangling symbolic link, a link loop or a file without permission
becomes ``Unreadable`` with the reason in words, never a hang, a crash or a read until
memory runs out: the file is opened without blocking and checked before a byte is read.

Writing: atomically, so a reader never sees half a file and a failure leaves no
temporary file behind. Every write goes to a temporary file in the target's folder, is
flushed and fsync'ed, then renamed (or linked) into place, and the folder is synced. A
target that exists must be a regular file (``refuse_unsafe_target``): the writer never
renames over a device, a FIFO, a folder or, for papers, a symbolic link. Edits of data
files, new data files, board papers and the parse cache all write through here.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from notice_tracker.errors import NoticeError

MAX_FILE_BYTES = 4 * 1024 * 1024
"""The largest data file or template read (4 MiB; see docs/limits.md). The largest real
notice is about 40 KiB: a file a hundred times that size is a mistake or an attack."""


class Unreadable(NoticeError):
    """A file that cannot be read as a data file or a template, and why."""

    def __init__(self, path: Path, reason: str, hint: str = "") -> None:
        self.path = path
        self.reason = reason
        self.hint = hint
        said = f"{display_path(path)}: cannot read the file: {reason}"
        super().__init__(f"{said} ({hint})" if hint else said)


_NOT_REGULAR = "only regular files are read: remove it, or rename it so it does not end in .yaml"


def read_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of the regular file ``path`` (a symbolic link to one is followed);
    ``Unreadable`` for anything else, for a file over ``limit`` bytes, or when the
    system refuses. Never blocks: a FIFO is opened without waiting for a writer."""
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise Unreadable(path, _why(path, exc), _hint(exc)) from None
    try:
        kind = _kind(os.fstat(fd).st_mode)
        if kind != "regular file":
            raise Unreadable(path, f"it is a {kind}, not a regular file", _NOT_REGULAR)
        chunks: list[bytes] = []
        size = 0
        while chunk := os.read(fd, min(1 << 20, limit + 1 - size) or 1):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise Unreadable(
                    path,
                    f"it is larger than {_size(limit)}, the limit for a data file or template",
                    "see docs/limits.md",
                )
        return b"".join(chunks)
    except OSError as exc:
        raise Unreadable(path, _why(path, exc), _hint(exc)) from None
    finally:
        os.close(fd)


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MiB" if limit >= 1024 * 1024 else f"{limit:,} bytes"


def _kind(mode: int) -> str:
    kinds = (
        (stat.S_ISREG, "regular file"),
        (stat.S_ISDIR, "folder"),
        (stat.S_ISFIFO, "FIFO (named pipe)"),
        (stat.S_ISCHR, "character device"),
        (stat.S_ISBLK, "block device"),
        (stat.S_ISSOCK, "socket"),
        (stat.S_ISLNK, "symbolic link"),
    )
    return next((name for test, name in kinds if test(mode)), "special file")


def _why(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "it is a symbolic link that loops back on itself"
    if exc.errno == errno.ENOENT and path.is_symlink():
        return f"it is a symbolic link to {os.readlink(path)}, which does not exist"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ENOENT:
        return "no such file"
    return exc.strerror or type(exc).__name__


def _hint(exc: OSError) -> str:
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "make it readable, e.g. chmod a+r"
    if exc.errno in (errno.ELOOP, errno.ENOENT):
        return "fix the link or remove it"
    return ""


def refuse_unsafe_target(path: Path, *, follow: bool = False) -> None:
    """``NoticeError`` unless ``path`` is absent or a regular file. With ``follow``, a
    symbolic link to a regular file is accepted (edits write to the file it names);
    without, a link is refused (a paper never replaces a link or writes through one)."""
    try:
        info = path.stat() if follow else path.lstat()
    except FileNotFoundError:
        if follow and path.is_symlink():
            raise NoticeError(
                f"{display_path(path)}: refusing to write: it is a dangling symbolic link"
            ) from None
        return
    except OSError as exc:
        raise NoticeError(f"{display_path(path)}: refusing to write: {_why(path, exc)}") from None
    kind = _kind(info.st_mode)
    if kind != "regular file":
        raise NoticeError(
            f"{display_path(path)}: refusing to write: it is a {kind}, not a regular file "
            "(choose a new file name)"
        )


def display_path(path: Path, base: Path | None = None) -> str:
    """A path as the user should see it: relative to ``base`` (the working folder) when
    it lies below it, with forward slashes."""
    base = base or Path.cwd()
    try:
        # The folder is resolved, not the file: a link is named as itself (and a link
        # loop or a dangling link can still be named).
        return (path.parent.resolve() / path.name).relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def write(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Replace (or create) ``path`` with ``data`` atomically; a new file gets the mode
    the umask gives, an existing one keeps its mode. ``path`` must not be a link, a
    folder, a device or a FIFO. ``durable=False`` (a cache, which is rebuilt if lost)
    skips flushing to the disk: still atomic, not made to survive a crash."""
    refuse_unsafe_target(path)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = _new_file_mode()
    with _staged(path, data, durable) as tmp:
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    if durable:
        _sync_folder(path.parent)


def _new_file_mode() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def replace_if_unchanged(path: Path, data: bytes, expected: bytes) -> bool:
    """Atomically replace ``path`` with ``data`` unless it no longer holds ``expected``
    (then return False, having written nothing). The file keeps its mode; no temporary
    file survives a failure."""
    refuse_unsafe_target(path)
    with _staged(path, data) as tmp:
        os.chmod(tmp, stat.S_IMODE(path.stat().st_mode))
        if read_bytes(path, max(MAX_FILE_BYTES, len(expected))) != expected:
            return False
        os.replace(tmp, path)
    _sync_folder(path.parent)
    return True


def create(path: Path, data: bytes) -> None:
    """Create ``path`` holding ``data``, with the mode a new file gets; ``NoticeError``,
    having written nothing, if it exists (the check and the write are one atomic step)."""
    refuse_unsafe_target(path)
    with _staged(path, data) as tmp:
        os.chmod(tmp, _new_file_mode())
        try:
            os.link(tmp, path)  # fails, rather than overwrites, if the file appeared meanwhile
        except FileExistsError:
            raise NoticeError(f"{display_path(path)} already exists") from None
    _sync_folder(path.parent)


@contextlib.contextmanager
def _staged(path: Path, data: bytes, durable: bool = True) -> Iterator[str]:
    """A temporary file beside ``path`` holding ``data``, flushed to disk; removed on the
    way out unless it has been renamed away."""
    if not path.parent.is_dir():
        raise NoticeError(
            f"{display_path(path)}: cannot write: there is no folder {display_path(path.parent)}"
        )
    import tempfile  # here: `notice --help` reads no file and needs none

    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise NoticeError(f"{display_path(path)}: cannot write: {exc.strerror}") from None
    try:
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                if durable:
                    os.fsync(out.fileno())
        except OSError as exc:  # a full disk, a quota: nothing is written
            raise NoticeError(
                f"{display_path(path)}: cannot write (nothing was changed): {exc.strerror}"
            ) from None
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
