"""Answers already given: what a read-only command printed, kept for the same question.

``status``, ``due``, ``check``, ``explain`` and ``report`` only read, and the project's
rule is that the same data and the same date give the same bytes out: their output is a
function of their inputs. So the first run's output (each piece of standard output and
standard error in order, whether it went through the pager, and the exit code) is kept,
and the same question on the same data prints it again without reading a record.
Help (``notice --help``, ``notice COMMAND --help``) reads nothing and is kept too: Typer
need not build the whole command tree to print it again.

The question is the SHA-256 of everything the command line is parsed from: the
arguments as typed, the environment (all of it but the shell's own book-keeping: ``_``,
``SHLVL``, ``OLDPWD``), the working folder, today's date in the UK, whether each standard
stream is a terminal and its size, and the tool itself (``read.build.fingerprint``). It
is worked out before the command line is parsed (parsing alone costs more than the
answer). The kept answer also holds what the run read: the data folder it used, the
SHA-256 of every data file's name and bytes (``folder_state``), and what else the
command reads (``report``: the git commit and whether the tree has uncommitted
changes). A kept answer is printed only when all of these are found the same now; a
data file is hashed again unless its size, times and inode show it unchanged since it
was hashed (``read.cache.Index.sha_of``), so an edit, a new file, a rename or a deletion
is always seen.

Nothing is kept for a run with ``--at`` (it reads git), with ``-o FILE``, that failed
(exit 1, 2 or 70), whose data changed while it ran, or that was not started from the
command line (``cli.main``); nor an answer over ``MAX_ANSWER`` bytes. At most ``KEEP``
answers and ``MAX_KEPT`` bytes are kept, the least recently used going first. An
answer is data (JSON, never code), and one that is unreadable, of the wrong shape or
filed under another question is ignored. Every line these commands print goes through
``cli.output`` (``say``, ``show``, ``page``), so that it is kept whole.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import typer

from notice_tracker.cli.options import data_folder
from notice_tracker.cli.output import (
    KINDS,
    MAX_ANSWER,
    Answer,
    Event,
    Tee,
    page,
    recording,
    say,
    show,
)
from notice_tracker.errors import NoticeError
from notice_tracker.records.folders import data_files

# json, hashlib and the cache are imported when an answer is looked for: `notice --help`
# must stay quick.

P = ParamSpec("P")
T = TypeVar("T")

KEEP = 64
"""Answers kept in the cache folder; the least recently used are removed first."""
MAX_KEPT = 64 * 1024 * 1024
"""Bytes of kept answers in all; past it, the least recently used are removed."""
KEPT_CODES = (0, 3, 4)
"""Exit codes of complete answers: done, invalid data, findings."""
_SHELL_BOOKS = frozenset({"_", "SHLVL", "OLDPWD"})


Also = Callable[[Path], object]
"""What else a command reads, given its data folder (compared as JSON)."""


_asked: list[str] = []
"""The question this run asks (set by ``ask``), when it came from the command line."""
_also: dict[str, Also] = {}


def remembered(
    *, unless: tuple[str, ...] = ("at", "output"), also: Also | None = None
) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Keep the command's answer, unless one of the options ``unless`` is given (an
    ``output`` of ``-`` is standard output and does not count). ``also`` says what else
    the command reads."""

    def decorate(func: Callable[P, T]) -> Callable[P, T]:
        if also is not None:
            _also[func.__name__] = also

        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
            from notice_tracker.read import build

            folder = build.cache_dir()
            if not _asked or folder is None or any(_given(kwargs.get(n)) for n in unless):
                return func(*args, **kwargs)
            read = _what_is_read(func.__name__, kwargs.get("data"))
            with recording() as answer:
                try:
                    result = func(*args, **kwargs)
                except typer.Exit as exc:
                    if exc.exit_code in KEPT_CODES:
                        _keep(folder, read, answer.events, exc.exit_code)
                    raise
            _keep(folder, read, answer.events, 0)
            return result

        return wrapper

    return decorate


def _given(value: object) -> bool:
    return value is not None and str(value) != "-"


def ask(argv: list[str]) -> None:
    """Before the command line is parsed: print the kept answer to this question and
    exit, if there is one and everything it read is the same now; else note the
    question, so that the command keeps its answer."""
    command = HELP if _is_help(argv) else next((a for a in argv if not a.startswith("-")), None)
    if command not in ANSWERING and command != HELP:
        return
    from notice_tracker.read import build

    folder = build.cache_dir()
    if folder is None:
        return
    key = _question(argv)
    _asked[:] = [key]
    _helping[:] = [command == HELP]
    kept = _recall(folder / "answers", key)
    if kept is not None:
        read, events, code = kept
        if _what_is_read(str(read["command"]), read["data"]) == read:
            replay(events, code)


ANSWERING = ("status", "due", "check", "explain", "report")
"""The commands whose answers are kept (they only read)."""
HELP = "--help"
"""What a help question is filed as: ``notice --help`` and ``notice COMMAND --help``
read nothing, and their text is a function of the question alone."""
_helping: list[bool] = []


def _is_help(argv: list[str]) -> bool:
    """``notice --help`` or ``notice WORD --help``: nothing but help is asked."""
    return argv == [HELP] or (len(argv) == 2 and argv[1] == HELP and not argv[0].startswith("-"))


@contextlib.contextmanager
def keeping_help() -> Iterator[None]:
    """Around the application: when help was asked, keep what it printed (both
    streams, in order) if it exits 0. Help is printed by Typer, not through ``say``."""
    if not _helping or not _helping[0]:
        yield  # not a help question: nothing more is imported or looked at
        return
    from notice_tracker.read import build

    folder = build.cache_dir()
    streams = sys.stdout, sys.stderr
    utf8 = all(str(getattr(s, "encoding", "")).lower() in ("utf-8", "utf8") for s in streams)
    if folder is None or not utf8:
        yield  # (another encoding: Typer might write around the stream)
        return
    answer = Answer()
    sys.stdout, sys.stderr = Tee(streams[0], "out", answer), Tee(streams[1], "err", answer)
    try:
        yield
    except SystemExit as exc:
        sys.stdout, sys.stderr = streams
        if exc.code in (0, None):
            _keep(folder, _what_is_read(HELP, None), answer.events, 0)
        raise
    finally:
        sys.stdout, sys.stderr = streams


def _question(argv: list[str]) -> str:
    import hashlib
    import json

    from notice_tracker.cli.clock import uk_today
    from notice_tracker.read import build

    parts = {
        "tool": build.fingerprint(),
        "argv": argv,
        "env": {k: v for k, v in sorted(os.environ.items()) if k not in _SHELL_BOOKS},
        "cwd": os.getcwd(),
        "today": uk_today().isoformat(),
        "streams": [_stream(fd) for fd in (0, 1, 2)],
    }
    text = json.dumps(parts, sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii", "surrogateescape")).hexdigest()


def _what_is_read(command: str, data: object) -> dict[str, object] | None:
    """The data folder the command reads (``data``: its ``--data`` as parsed), the
    digest of its files, and what else it reads; None when that cannot be worked out
    (no data folder, an unreadable file: the command itself says what is wrong)."""
    import json

    if command == HELP:
        return {"command": HELP, "data": None, "digest": ""}
    cwd = os.getcwd()
    try:
        root = data_folder(None if data is None else Path(str(data)))
        digest = folder_state(root)
        also = _also[command](root) if command in _also else None
        return {
            "command": command,
            "data": None if data is None else str(data),
            "root": str(root),
            "digest": digest,
            "also": json.loads(json.dumps(also, default=str)),
        }
    except Exception:
        return None
    finally:
        os.chdir(cwd)  # finding the folder moves there; the command does that itself


def _stream(fd: int) -> object:
    try:
        if not os.isatty(fd):
            return False
        return list(os.get_terminal_size(fd))
    except OSError:
        return None


def _recall(store: Path, key: str) -> tuple[dict[str, Any], list[Event], int] | None:
    """What the answer kept for the question ``key`` read, printed and exited with,
    if there is a well-formed one."""
    import json

    from notice_tracker import files

    path = store / f"{key}.json"
    try:
        kept = json.loads(files.read_bytes(path, limit=2 * MAX_ANSWER + 65536))
    except (files.Unreadable, ValueError, RecursionError):
        return None
    if not isinstance(kept, dict) or kept.get("key") != key:
        return None
    events, code, read = kept.get("events"), kept.get("code"), kept.get("read")
    if not isinstance(events, list) or code not in KEPT_CODES or not isinstance(read, dict):
        return None
    if read.get("command") not in (*ANSWERING, HELP):
        return None
    if not isinstance(read.get("data"), (str, type(None))):
        return None
    good = [
        (e[0], e[1])
        for e in events
        if isinstance(e, list) and len(e) == 2 and e[0] in KINDS
        if isinstance(e[1], str)
    ]
    if len(good) != len(events):
        return None
    with contextlib.suppress(OSError):
        os.utime(path)
    return read, good, code


def replay(events: list[Event], code: int) -> None:
    """Print a kept answer exactly as it was printed, and exit with its code."""
    for kind, text in events:
        if kind == "page":
            page(text)
        elif kind == "view":
            show(text)
        else:
            say(text, err=kind == "err", nl=False)
    sys.stdout.flush()
    sys.exit(code)


def _keep(
    folder: Path, read: dict[str, object] | None, events: list[Event] | None, code: int
) -> None:
    """Write the answer (atomically) when the data read is the same after the run as
    before it, then remove the least recently used beyond ``KEEP``; a cache that
    cannot be written is skipped."""
    import json

    from notice_tracker import files

    if read is None or read.get("digest") is None or not _asked or events is None:
        return
    if _what_is_read(str(read["command"]), read["data"]) != read:
        return
    key = _asked[0]
    body = json.dumps({"key": key, "code": code, "read": read, "events": events})
    store = folder / "answers"
    with contextlib.suppress(OSError, NoticeError):  # a full disk: nothing kept this time
        store.mkdir(parents=True, exist_ok=True)
        files.write(store / f"{key}.json", body.encode("ascii"), durable=False)
        _evict(store)


def _evict(store: Path) -> None:
    """Keep the ``KEEP`` most recently used answers, and no more than ``MAX_KEPT``
    bytes of them."""
    answers = []
    for entry in os.scandir(store):
        with contextlib.suppress(OSError):
            if entry.name.endswith(".json"):
                st = entry.stat()
                answers.append((st.st_mtime_ns, st.st_size, entry.path))
    total = 0
    for rank, (_, size, path) in enumerate(sorted(answers, reverse=True)):
        total += size
        if rank >= KEEP or total > MAX_KEPT:
            with contextlib.suppress(OSError):
                os.unlink(path)


def folder_state(root: Path) -> str | None:
    """The state of the data files below ``root`` (``state``: each file's key and
    SHA-256), as the loader works it out: a file unchanged since the index hashed it
    is not read again (``Index.sha_of``). Any edit, new file, rename or deletion changes
    it. None when a data file cannot be read (the command reading it will say why)."""
    from notice_tracker import files
    from notice_tracker.read.cache import Index, state

    index = Index(root)
    found: list[tuple[str, str]] = []
    for folder, path in data_files(root):
        key = f"{folder}/{path.name}"
        try:
            sha, _ = index.sha_of(key, path.stat(), functools.partial(files.read_bytes, path))
        except (OSError, files.Unreadable):
            return None
        found.append((key, sha))
    index.close()
    return state(found)
