"""The only module that runs ``git``.

Every call is ``git -C DIR ...`` without a shell. A failing git command becomes a
``NoticeError`` carrying git's own message; a missing ``git`` binary does too. Data as
committed at a revision is read with ``git ls-tree`` and ``git cat-file`` (never a
checkout), so the working tree is never touched.
"""

from __future__ import annotations

import functools
import subprocess
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from notice_tracker.errors import NoticeError
from notice_tracker.read.problems import display_path
from notice_tracker.records.folders import FOLDERS, SUFFIXES

if TYPE_CHECKING:  # the loader (and pydantic) only when data is read from git
    from notice_tracker.read.catalog import Catalog
    from notice_tracker.read.loader import Text

_FIELDS = "%H%x1f%h%x1f%aI%x1f%an%x1f%ae%x1f%s%x1e"


@dataclass(frozen=True)
class Commit:
    """One commit, as ``git log`` gives it; ``date`` is the author date, ISO 8601."""

    sha: str
    short: str
    date: str
    author: str
    email: str
    subject: str


def _run(cwd: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """``git -C cwd ARGS``; the result whatever the exit status."""
    try:
        return subprocess.run(
            ["git", "-C", str(cwd), *args], input=stdin, capture_output=True, check=False
        )
    except FileNotFoundError:
        raise NoticeError("git is not installed (or not on PATH): it is needed here") from None


def _git(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """``git -C cwd ARGS``'s output; a failure raises ``NoticeError`` with git's message."""
    done = _run(cwd, *args, stdin=stdin)
    if done.returncode:
        said = done.stderr.strip() or done.stdout.strip()  # `commit` explains on stdout
        message = said.decode("utf-8", "replace") or f"exit {done.returncode}"
        raise NoticeError(f"git {args[0]} failed: {message}")
    return done.stdout


def _folder(path: Path) -> Path:
    """The nearest existing folder at or above ``path`` (git needs one to run in)."""
    folder = path if path.is_dir() else path.parent
    while not folder.is_dir() and folder != folder.parent:
        folder = folder.parent
    return folder


def repo_root(path: Path) -> Path | None:
    """The top folder of the git work tree ``path`` lies in, or None outside one."""
    done = _run(_folder(path.resolve()), "rev-parse", "--show-toplevel")
    if done.returncode:
        return None
    return Path(done.stdout.decode("utf-8").strip())


def _require_repo(path: Path) -> Path:
    root = repo_root(path)
    if root is None:
        raise NoticeError(
            f"{display_path(path)}: not in a git repository: run `git init` and commit the data"
        )
    return root


def head(path: Path) -> str | None:
    """The short sha of HEAD; None outside a repository or before the first commit."""
    done = _run(_folder(path.resolve()), "rev-parse", "--verify", "--quiet", "--short", "HEAD")
    return _sha(done)


def resolve(path: Path, rev: str) -> str:
    """The full sha of commit ``rev`` in the repository of ``path``; ``NoticeError`` when
    there is no such revision."""
    root = _require_repo(path)
    if rev.startswith("-"):
        raise NoticeError(f"{rev!r} is not a revision: give a commit sha, a tag or HEAD~1")
    done = _run(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    if done.returncode:
        raise NoticeError(
            f"{rev!r} is not a revision of the repository at {display_path(root)}: "
            "give a commit sha, a branch, a tag or HEAD~1 (see `notice history`)"
        )
    return done.stdout.decode("utf-8").strip()


def parent(path: Path, rev: str) -> str | None:
    """The full sha of ``rev``'s first parent; None for a root commit."""
    done = _run(_require_repo(path), "rev-parse", "--verify", "--quiet", f"{rev}^1^{{commit}}")
    return _sha(done)


def _sha(done: subprocess.CompletedProcess[bytes]) -> str | None:
    if done.returncode:
        return None
    return done.stdout.decode("utf-8").strip() or None


def _relative(root: Path, paths: Sequence[Path]) -> list[str]:
    out = []
    for path in paths:
        try:
            out.append(path.resolve().relative_to(root).as_posix() or ".")
        except ValueError:
            raise NoticeError(f"{display_path(path)} is outside the repository {root}") from None
    return out


def is_dirty(paths: Sequence[Path]) -> bool:
    """True when any of ``paths`` has changes not yet committed (staged or not)."""
    if not paths:
        return False
    root = _require_repo(paths[0])
    return bool(_git(root, "status", "--porcelain", "--", *_relative(root, paths)).strip())


def commit(paths: Sequence[Path], message: str) -> str:
    """Stage exactly ``paths`` and commit them (and nothing else already staged) with
    ``message``; returns the new commit's full sha. Author and committer come from the
    user's git configuration (or GIT_AUTHOR_NAME and friends)."""
    if not paths:
        raise NoticeError("nothing to commit: no files were named")
    root = _require_repo(paths[0])
    relative = _relative(root, paths)
    _git(root, "add", "--", *relative)
    if _run(root, "diff", "--cached", "--quiet", "--", *relative).returncode == 0:
        names = ", ".join(display_path(p) for p in paths)
        raise NoticeError(f"nothing to commit: {names} has not changed since the last commit")
    _git(root, "commit", "--quiet", "--message", message, "--only", "--", *relative)
    return _git(root, "rev-parse", "HEAD").decode("utf-8").strip()


def check_identity(path: Path) -> None:
    """``NoticeError`` before anything is changed when git could not commit for want of
    an author or committer name and e-mail."""
    root = _require_repo(path)
    for who in ("GIT_AUTHOR_IDENT", "GIT_COMMITTER_IDENT"):
        done = _run(root, "var", who)
        if done.returncode:
            said = done.stderr.decode("utf-8", "replace").strip().splitlines()
            reason = said[-1] if said else f"git var {who} failed"
            raise NoticeError(
                f"git cannot commit here: {reason} -- set user.name and user.email "
                "(git config), or edit without --commit; nothing was changed"
            )


def undo(paths: Sequence[Path]) -> None:
    """Put ``paths`` back as HEAD has them, in the working tree and the index: after a
    commit that failed, the edit it was to record is undone. A file HEAD does not have
    (a new record) is removed. Writes go through ``files``, so they are atomic."""
    from notice_tracker import files

    root = _require_repo(paths[0])
    relative = _relative(root, paths)
    for path, rel in zip(paths, relative, strict=True):
        done = _run(root, "cat-file", "blob", f"HEAD:{rel}")
        if done.returncode == 0:
            files.write(path.parent.resolve() / path.name, done.stdout)
        else:
            path.unlink(missing_ok=True)
    _run(root, "reset", "--quiet", "--", *relative)


def log(paths: Sequence[Path]) -> list[Commit]:
    """The commits that touch any of ``paths``, newest first; empty before the first
    commit."""
    if not paths:
        return []
    root = _require_repo(paths[0])
    if head(root) is None:
        return []
    out = _git(root, "log", f"--format={_FIELDS}", "--", *_relative(root, paths))
    records = out.decode("utf-8", "replace").split("\x1e")
    return [Commit(*r.strip("\n").split("\x1f")) for r in records if r.strip("\n")]


def log_range(paths: Sequence[Path], since: str, until: str = "HEAD") -> list[Commit]:
    """The commits after ``since`` up to ``until`` that touch any of ``paths``, newest
    first. ``NoticeError`` when either is not a revision."""
    if not paths:
        return []
    root = _require_repo(paths[0])
    span = f"{resolve(root, since)}..{resolve(root, until)}"
    out = _git(root, "log", f"--format={_FIELDS}", span, "--", *_relative(root, paths))
    records = out.decode("utf-8", "replace").split("\x1e")
    return [Commit(*r.strip("\n").split("\x1f")) for r in records if r.strip("\n")]


Include = Callable[[str, str], bool]
"""Which data files to read: called with (kind folder, file name)."""


@dataclass(frozen=True)
class Blob:
    """A data file as committed: its kind (folder), its path in the repository and the
    id of its content."""

    kind: str
    path: str
    oid: str


def texts_at(data_root: Path, rev: str, include: Include | None = None) -> list[Text]:
    """Every data file below ``data_root`` as committed at ``rev`` (or those ``include``
    keeps), in ``records.folders.data_files`` order, named as ``loader.load`` names the working
    tree's files so that messages match. Nothing is checked out."""
    blobs = tree(data_root, rev, include)
    return texts(data_root, blobs, contents(data_root, [b.oid for b in blobs]))


def tree(data_root: Path, rev: str, include: Include | None = None) -> list[Blob]:
    """The data files below ``data_root`` at ``rev`` (or those ``include`` keeps), in
    ``records.folders.data_files`` order."""
    root = _require_repo(data_root)
    sha = resolve(data_root, rev)
    (base,) = _relative(root, [data_root])
    listed = _git(root, "ls-tree", "-r", "-z", "--full-name", sha, "--", base)
    return _data_files(base, _entries(listed), include)


def _entries(listed: bytes) -> Iterator[tuple[str, str, str]]:
    """(object type, id, repo path) of each line of ``ls-tree -z``."""
    for line in listed.decode("utf-8").split("\0"):
        info, _, path = line.partition("\t")
        meta = info.split(" ")
        if len(meta) == 3:
            yield meta[1], meta[2], path


def folder_in_repo(path: Path) -> str:
    """Where folder ``path`` lies in its repository, as git writes paths ("" at the top,
    else ending in "/")."""
    return _prefix(_relative(_require_repo(path), [path])[0])


def _prefix(base: str) -> str:
    """A folder's repository path (``_relative``'s) as the start of the paths in it."""
    return "" if base == "." else base.rstrip("/") + "/"


def listed(data_root: Path, rev: str, paths: Sequence[str]) -> list[Blob]:
    """Those of the repository paths ``paths`` that are data files at ``rev``, in
    ``data_files`` order."""
    if not paths:
        return []
    root = _require_repo(data_root)
    sha = resolve(data_root, rev)
    (base,) = _relative(root, [data_root])
    literal = [f":(literal){path}" for path in paths]
    return _data_files(
        base, _entries(_git(root, "ls-tree", "-z", "--full-name", sha, "--", *literal)), None
    )


def revised(data_root: Path, before: str | None, after: str, include: Include) -> list[Blob]:
    """The data files below ``data_root`` (of those ``include`` keeps) that differ from
    commit ``before`` (None: nothing, before a root commit) to ``after``, each as it is
    on either side that has it, in ``data_files`` order: what it costs is that of the
    change, not of the whole tree."""
    root = _require_repo(data_root)
    (base,) = _relative(root, [data_root])
    sides = ("--root", after) if before is None else (before, after)
    out = _git(root, "diff-tree", "-r", "-z", "--no-renames", "--no-commit-id", *sides, "--", base)
    fields = out.decode("utf-8").split("\0")
    entries = []
    for head, path in zip(fields[0:-1:2], fields[1::2], strict=True):
        old_mode, new_mode, old, new, _ = head.lstrip(":").split(" ")
        for mode, oid in ((old_mode, old), (new_mode, new)):
            if oid.strip("0"):  # all zeros: no file on that side
                entries.append(("commit" if mode == "160000" else "blob", oid, path))
    return _data_files(base, entries, include)


def contents(data_root: Path, oids: Sequence[str]) -> list[bytes]:
    """The contents of the blobs ``oids``, read by one ``git cat-file --batch``."""
    if not oids:
        return []
    root = _require_repo(data_root)
    request = "".join(f"{oid}\n" for oid in oids).encode("utf-8")
    out = _git(root, "cat-file", "--batch", stdin=request)
    found, at = [], 0
    for oid in oids:
        header_end = out.index(b"\n", at)
        header = out[at:header_end].split()
        if len(header) != 3:
            raise NoticeError(f"git cat-file: cannot read object {oid[:7]}")
        size = int(header[2])
        found.append(out[header_end + 1 : header_end + 1 + size])
        at = header_end + 1 + size + 1
    return found


def texts(data_root: Path, blobs: Sequence[Blob], data: Sequence[bytes]) -> list[Text]:
    """``blobs`` with their contents ``data`` as data files' texts, named as
    ``loader.load`` names the working tree's files so that messages match."""
    from notice_tracker.read.loader import Text

    return [
        Text(
            b.kind,
            display_path(data_root / b.kind / Path(b.path).name),
            d.decode("utf-8", "replace"),
        )
        for b, d in zip(blobs, data, strict=True)
    ]


def _data_files(
    base: str, entries: Iterable[tuple[str, str, str]], include: Include | None
) -> list[Blob]:
    """The blobs among ``entries`` (object type, id, repo path) that lie directly in a
    record folder below ``base``, sorted as ``data_files`` sorts."""
    prefix = _prefix(base)
    found = []
    for kind, oid, path in entries:
        parts = path.removeprefix(prefix).split("/")
        if kind != "blob" or not path.startswith(prefix) or len(parts) != 2:
            continue
        if parts[0] not in FOLDERS or Path(parts[1]).suffix not in SUFFIXES:
            continue
        if include is None or include(*parts):
            found.append(Blob(parts[0], path, oid))
    return sorted(found, key=lambda b: (b.kind, Path(b.path).name))


def load_at(data_root: Path, rev: str) -> Catalog:
    """The catalog of ``data_root`` as committed at ``rev`` (``notice status --at REV``):
    the same records and problems ``loader.load`` would give had that commit been checked
    out. ``NoticeError`` when the revision is unknown or holds no data files there."""
    from notice_tracker.read.committed import load_committed
    from notice_tracker.read.validation import checked

    blobs = tree(data_root, rev)
    if not blobs:
        raise NoticeError(
            f"{display_path(data_root)}: no data files at {rev}: "
            "check --data and the revision (see `notice history`)"
        )
    return checked(load_committed(data_root, _committed(data_root, blobs)))


def _committed(data_root: Path, blobs: list[Blob]) -> Iterator[tuple[Text, Callable[[], str]]]:
    """Each data file's text, read a batch at a time, with a way to read it again: a
    register's texts are never all held."""
    for start in range(0, len(blobs), BATCH):
        batch = blobs[start : start + BATCH]
        found = texts(data_root, batch, contents(data_root, [b.oid for b in batch]))
        for blob, text in zip(batch, found, strict=True):
            yield text, functools.partial(_text_again, data_root, blob.oid)


def _text_again(data_root: Path, oid: str) -> str:
    (data,) = contents(data_root, [oid])
    return data.decode("utf-8", "replace")


BATCH = 64
"""Data files read from git at once (a register's are never all held)."""


@dataclass(frozen=True)
class Provenance:
    """Where the data a paper reports on comes from: a commit (short hash) and a note
    ("with uncommitted changes", "the data as committed at REV")."""

    commit: str = ""
    note: str = ""


def provenance(data: Path, at: str | None = None) -> Provenance | None:
    """HEAD (noting uncommitted changes), or ``at``'s commit; None outside a repository."""
    if repo_root(data) is None:
        return None
    if at is not None:
        return Provenance(resolve(data, at)[:7], f"the data as committed at {at}")
    sha = head(data)
    if sha is None:
        return Provenance("", "in a git repository with no commits yet")
    return Provenance(sha, "with uncommitted changes" if is_dirty([data]) else "")
