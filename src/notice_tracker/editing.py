"""Surgical edits of data files: round-trip, re-validated, atomic and locked.

An edit changes only what it means to change. The file is loaded with ruamel.yaml's
round-trip loader in the file's own layout (indents, quotes, line endings, BOM, final
newline), the change is applied to the document, and the result is *spliced* into the
original text: only the lines the change itself touched are replaced, so anything the
dumper would have written differently elsewhere (``null`` as an empty value, say) stays
byte for byte as it was.

Before anything is written the whole data folder is loaded again with the new text in
place; an edit that adds a problem is refused and the file is left untouched. Writes go
to a temporary file in the same folder, are flushed and fsync'ed, and renamed over the
original. An exclusive lock on the file serialises concurrent edits, and the bytes on
disk are compared with those read just before the rename: a file changed meanwhile is
read again and the edit re-applied, never overwritten blindly.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import fcntl
import functools
import io
import itertools
import math
import os
import re
import stat
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)
from ruamel.yaml.tokens import CommentToken

from .loader import Catalog, Loaded, Text, data_files, load_texts
from .models import (
    Completion,
    Id,
    Lifecycle,
    Measure,
    MeasureStatus,
    Notice,
    Obligation,
    Rag,
    Target,
    TargetSet,
)
from .problems import NoticeError, Problem, display_path
from .status import Item, notice_status

LOCK_TIMEOUT = 30.0
"""Seconds to wait for another edit of the same file to finish."""
_ATTEMPTS = 5

# --- inputs: validated early, with messages that say which option is wrong ----------

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_day(value: str, option: str = "--date") -> dt.date:
    """A whole day written YYYY-MM-DD; ``NoticeError`` naming ``option`` otherwise."""
    if not _DAY.match(value.strip()):
        raise NoticeError(f"{option} {value!r} is not a date: write YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise NoticeError(f"{option} {value!r} is not a real date ({exc})") from None


def _choice(value: str, allowed: Sequence[str], what: str, option: str) -> str:
    if value in allowed:
        return value
    close = difflib.get_close_matches(value.replace(" ", "_").lower(), allowed, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise NoticeError(f"{option} {value!r} is not {what}: use one of {', '.join(allowed)}{hint}")


def parse_status(value: str) -> MeasureStatus:
    """A measure status by its value (``in_progress``), with a suggestion on a typo."""
    return MeasureStatus(_choice(value, [s.value for s in MeasureStatus], "a status", "--status"))


def parse_rag(value: str) -> Rag:
    """A RAG rating (``red``, ``amber``, ``green``), with a suggestion on a typo."""
    return Rag(_choice(value, [r.value for r in Rag], "a RAG rating", "--rag"))


def parse_value(value: str) -> int | float:
    """A reading's value: an integer when written as one, else a finite decimal."""
    try:
        number = float(value)
    except ValueError:
        raise NoticeError(f"--value {value!r} is not a number") from None
    if not math.isfinite(number):
        raise NoticeError(f"--value {value!r} is not a finite number")
    return int(value) if re.fullmatch(r"[+-]?\d+", value.strip()) else number


# --- finding what an edit names ------------------------------------------------------


def _unknown(
    where: Loaded[Any], path: tuple[str | int, ...], what: str, ident: str, known: Sequence[str]
) -> NoticeError:
    close = difflib.get_close_matches(ident, known, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}?" if close else f"known: {', '.join(known) or 'none'}"
    problem = Problem(where.locate(*path), ".".join(map(str, path)), f"no {what} {ident!r}", hint)
    return NoticeError(str(problem))


def _notice(catalog: Catalog, notice_id: str, root: Path) -> Loaded[Notice]:
    loaded = catalog.notices.get(notice_id)
    if loaded is not None:
        return loaded
    broken = [p for p in catalog.problems if Path(p.where.file).stem == notice_id]
    if broken:
        raise NoticeError(
            f"{broken[0].where.file}: notice {notice_id!r} does not validate "
            f"({len(broken)} problem(s), first: {broken[0]}); fix it first (`notice validate`)"
        )
    close = difflib.get_close_matches(notice_id, list(catalog.notices), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    where = display_path(root / "notices")
    raise NoticeError(f"{where}: no notice {notice_id!r}{hint}")


def _index(ids: Sequence[str], ident: str) -> int | None:
    return ids.index(ident) if ident in ids else None


# --- the round-trip engine -----------------------------------------------------------


@dataclass(frozen=True)
class _Layout:
    """How a file is written, so that new lines look like the lines already there."""

    newline: str = "\n"
    mapping: int = 2
    sequence: int = 4
    offset: int = 2


_BLOCK_KEY = re.compile(r"^( *)((?:- +)*)[^\s#'\"-][^#]*:\s*(#.*)?$")


def _layout(lines: Sequence[str], newline: str) -> _Layout:
    """The file's indentation, read from the first nested mapping and sequence."""
    body = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
    mapping = sequence = offset = None
    for above, below in itertools.pairwise(body):
        m = _BLOCK_KEY.match(above)
        if not m:
            continue
        key_col = len(m.group(1)) + len(m.group(2))
        col = len(below) - len(below.lstrip(" "))
        dash = re.match(r"^ *(- +)", below)
        if dash and offset is None and col >= key_col:
            offset, sequence = col - key_col, col - key_col + len(dash.group(1))
        elif not dash and mapping is None and col > key_col:
            mapping = col - key_col
    return _Layout(newline, mapping or 2, sequence or 4, 2 if offset is None else offset)


def _yaml(layout: _Layout) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1 << 16  # never re-wrap a long line
    yaml.brace_single_entry_mapping_in_flow_sequence = True  # [{a: 1}], not [a: 1]
    yaml.indent(mapping=layout.mapping, sequence=layout.sequence, offset=layout.offset)
    return yaml


def _lines(text: str) -> list[str]:
    """Lines with their own endings; only ``\\n`` ends a line (not U+2028 and friends)."""
    parts = text.split("\n")
    return [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def _body(line: str) -> str:
    return line.removesuffix("\n").removesuffix("\r")


def _dump(yaml: YAML, doc: Any) -> list[str]:
    out = io.StringIO()
    yaml.dump(doc, out)
    return out.getvalue().split("\n")[:-1]


Mutate = Callable[[Any], None]


def rewrite(text: str, mutate: Mutate) -> str:
    """``text`` with ``mutate`` applied to its round-trip document, changing only the
    lines the change touches. ``NoticeError`` if the change cannot be made surgically."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    lines = _lines(text.removeprefix(bom))
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    yaml = _yaml(_layout([_body(line) for line in lines], newline))
    try:
        doc = yaml.load("".join(_body(line) + "\n" for line in lines))
    except YAMLError as exc:
        raise NoticeError(f"cannot read the file to edit it: {exc}") from None
    base = _dump(yaml, doc)
    mutate(doc)
    return bom + _splice(lines, base, _dump(yaml, doc), newline)


def _splice(lines: list[str], base: list[str], edited: list[str], newline: str) -> str:
    """``lines`` changed where ``base`` (the dump before the change) differs from
    ``edited`` (the dump after it), and nowhere else."""
    where = _alignment(base, [_body(line) for line in lines])
    out: list[str] = []
    cursor = 0
    matcher = difflib.SequenceMatcher(None, base, edited, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        start, end = _region(where, i1, i2, len(base), len(lines))
        if start < cursor:
            raise _not_surgical(i1)
        out += lines[cursor:start] + [line + newline for line in edited[j1:j2]]
        cursor = end
    return _endings(out + lines[cursor:], lines, newline)


def _alignment(base: list[str], original: list[str]) -> dict[int, int]:
    """Which original line each line of the dump is, where the two agree."""
    where: dict[int, int] = {}
    matcher = difflib.SequenceMatcher(None, base, original, autojunk=False)
    for i, j, size in matcher.get_matching_blocks():
        where.update({i + k: j + k for k in range(size)})
    return where


def _region(where: dict[int, int], i1: int, i2: int, n_base: int, n_lines: int) -> tuple[int, int]:
    """The original lines standing for dump lines ``i1:i2`` (an insertion when equal)."""
    if i1 == i2:
        if i1 > 0 and i1 - 1 in where:
            return where[i1 - 1] + 1, where[i1 - 1] + 1
        if i1 in where:
            return where[i1], where[i1]
        if i1 == n_base:
            return n_lines, n_lines
        raise _not_surgical(i1)
    mapped = [where.get(i) for i in range(i1, i2)]
    first = mapped[0]
    if first is None or mapped != list(range(first, first + len(mapped))):
        raise _not_surgical(i1)
    return first, first + len(mapped)


def _not_surgical(line: int) -> NoticeError:
    return NoticeError(
        f"the edit cannot be made without rewriting the layout near line {line + 1}: "
        "make it by hand (the file is unchanged)"
    )


def _endings(out: list[str], original: list[str], newline: str) -> str:
    """Every line ends with a newline but the last, which keeps the original's state."""
    fixed = [line if line.endswith("\n") else line + newline for line in out]
    if fixed and original and not original[-1].endswith("\n"):
        fixed[-1] = _body(fixed[-1])
    return "".join(fixed)


# --- changing the round-trip document ------------------------------------------------


def _is_block(node: Any) -> bool:
    return isinstance(node, CommentedMap | CommentedSeq) and not node.fa.flow_style()


def _deepest(node: Any, key: Any) -> tuple[Any, Any]:
    """The container and key of the last scalar written inside ``node[key]``."""
    value = node[key]
    if _is_block(value) and len(value):
        last = len(value) - 1 if isinstance(value, CommentedSeq) else list(value)[-1]
        return _deepest(value, last)
    return node, key


def _slot(node: Any) -> int:
    """Where ruamel keeps the comment after an item: 0 in a list, 2 in a mapping."""
    return 0 if isinstance(node, CommentedSeq) else 2


def _take_trailing(node: Any, key: Any) -> str:
    """Detach the whole-line comments (and blank lines) written after ``node[key]``;
    an end-of-line comment stays where it is."""
    if not _is_block(node):
        return ""
    owner, last = _deepest(node, key)
    entry = owner.ca.items.get(last)
    token = entry[_slot(owner)] if entry else None
    if token is None:
        return ""
    if isinstance(owner[last], LiteralScalarString | FoldedScalarString):
        # after a block scalar the first comment's indent is kept in its mark, not its text
        indent = " " * token.column if token.value.startswith("#") else ""
        keep, moved = "", indent + token.value
    else:
        head, newline, moved = token.value.partition("\n")
        keep = head + newline
    if keep.strip():
        token.value = keep
    else:
        entry[_slot(owner)] = None
    return str(moved)


def _give_trailing(node: Any, key: Any, text: str) -> None:
    """Attach ``text`` (whole-line comments) after the new ``node[key]``."""
    if not text:
        return
    owner, last = _deepest(node, key)
    entry = owner.ca.items.setdefault(last, [None, None, None, None])
    entry[_slot(owner)] = CommentToken("\n" + text, CommentMark(0), None)


def _like(old: Any, new: Any) -> Any:
    """``new`` written in ``old``'s quoting style."""
    if isinstance(new, str) and isinstance(old, SingleQuotedScalarString):
        return SingleQuotedScalarString(new)
    if isinstance(new, str) and isinstance(old, DoubleQuotedScalarString):
        return DoubleQuotedScalarString(new)
    return new


Model = type[BaseModel]


def _fields(model: Model) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


def _put(node: CommentedMap, key: str, value: Any, model: type[BaseModel]) -> None:
    """Set ``node[key]``. An existing value keeps its quoting; a new key goes after the
    keys that come before it in ``model``, taking over the comments that followed them."""
    if key in node and node[key] is not None:
        node[key] = _like(node[key], value)
        return
    if key in node:
        node[key] = value
        return
    order = _fields(model)
    rank = order.index(key)
    keys = list(node)
    pos = max(
        (i + 1 for i, k in enumerate(keys) if k in order and order.index(k) < rank), default=0
    )
    moved = _take_trailing(node, keys[pos - 1]) if pos else ""
    node.insert(pos, key, value)
    _give_trailing(node, key, moved)


def _date_key(item: Any) -> str:
    return str(item.get("date", "")) if isinstance(item, dict) else ""


def _mapping(entry: dict[str, Any]) -> CommentedMap:
    return CommentedMap((k, v) for k, v in entry.items() if v is not None and v is not False)


def _add_entry(node: CommentedMap, key: str, entry: dict[str, Any], model: type[BaseModel]) -> None:
    """Add ``entry`` to the list ``node[key]`` in date order (after every entry dated on
    or before it), creating the list in block style when there is none. A flow list
    stays flow; in a block list the entry takes over the comments after its predecessor."""
    seq = node.get(key)
    if not isinstance(seq, CommentedSeq) or not len(seq):
        _put(node, key, CommentedSeq([_mapping(entry)]), model)
        return
    day = str(entry["date"])
    pos = max((i + 1 for i, item in enumerate(seq) if _date_key(item) <= day), default=0)
    moved = _take_trailing(seq, pos - 1) if pos else ""
    seq.insert(pos, _mapping(entry))
    _give_trailing(seq, pos, moved)


# --- one transaction: lock, read, change, re-validate, write -------------------------


@dataclass(frozen=True)
class Outcome:
    """What an edit did: the file it wrote, one line saying what changed, and the
    commit message ``--commit`` uses."""

    path: Path
    summary: str
    message: str


@dataclass(frozen=True)
class _Plan:
    path: Path
    mutate: Mutate
    describe: Callable[[Catalog], str]
    message: str


@dataclass(frozen=True)
class _Snapshot:
    """Every data file's bytes, read together, and the catalog they make."""

    root: Path
    files: tuple[tuple[str, Path, str], ...]
    raw: dict[Path, bytes]
    catalog: Catalog

    @classmethod
    def read(cls, root: Path) -> _Snapshot:
        if not root.is_dir():
            raise NoticeError(f"{display_path(root)}: no such data folder (see --data)")
        files = tuple((kind, path, display_path(path)) for kind, path in data_files(root))
        raw = {path: path.read_bytes() for _, path, _ in files}
        return cls(root, files, raw, load_texts(_texts(files, raw)))

    def texts(self, path: Path, text: str) -> list[Text]:
        """The files as text, with ``path``'s text replaced by ``text``."""
        return _texts(self.files, self.raw, path, text)

    def path_of(self, loaded: Loaded[Any]) -> Path:
        return next(p for _, p, name in self.files if name == loaded.doc.file)


def _texts(
    files: Sequence[tuple[str, Path, str]],
    raw: dict[Path, bytes],
    path: Path | None = None,
    text: str = "",
) -> list[Text]:
    return [
        Text(kind, name, text if p == path else raw[p].decode("utf-8", "replace"))
        for kind, p, name in files
    ]


Planner = Callable[[_Snapshot], _Plan]


def _transact(root: Path, planner: Planner) -> Outcome:
    """Plan the edit on fresh data under the file's lock, apply, re-validate, write."""
    path = planner(_Snapshot.read(root)).path
    with _locked(path):
        for _ in range(_ATTEMPTS):
            snapshot = _Snapshot.read(root)
            plan = planner(snapshot)
            old = snapshot.raw[plan.path]
            new = _new_text(plan, old)
            catalog = _revalidate(snapshot, plan.path, new)
            if _write(plan.path, new.encode("utf-8"), old):
                return Outcome(plan.path, plan.describe(catalog), plan.message)
    raise NoticeError(f"{display_path(path)}: the file kept changing during the edit; try again")


def _new_text(plan: _Plan, old: bytes) -> str:
    try:
        text = old.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NoticeError(f"{display_path(plan.path)}: not UTF-8 text ({exc})") from None
    return rewrite(text, plan.mutate)


def _revalidate(snapshot: _Snapshot, path: Path, text: str) -> Catalog:
    """The catalog with the new text; ``NoticeError`` listing every problem it adds."""
    catalog = load_texts(snapshot.texts(path, text))
    before = Counter(_key(p) for p in snapshot.catalog.problems)
    added = [p for p in catalog.problems if not _seen(before, _key(p))]
    if added:
        listed = "\n".join(f"  {p}" for p in added)
        raise NoticeError(
            f"refused: the edit would make the data invalid (the file is unchanged):\n{listed}"
        )
    return catalog


def _key(problem: Problem) -> tuple[str, str, str, str]:
    return (problem.where.file, problem.path, problem.message, problem.hint)


def _seen(before: Counter[tuple[str, str, str, str]], key: tuple[str, str, str, str]) -> bool:
    if before[key] > 0:
        before[key] -= 1
        return True
    return False


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` itself (no lock file is left behind), waiting
    up to ``LOCK_TIMEOUT`` seconds. Writers replace the file, so a lock won on a file
    that has since been replaced is retaken on the new one."""
    deadline = time.monotonic() + LOCK_TIMEOUT
    while True:
        try:
            fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            raise NoticeError(f"{display_path(path)}: the file has gone") from None
        try:
            _flock(fd, path, deadline)
            if os.path.samestat(os.fstat(fd), os.stat(path)):
                yield
                return
        finally:
            os.close(fd)


def _flock(fd: int, path: Path, deadline: float) -> None:
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise NoticeError(
                    f"{display_path(path)}: another edit of this file is still running; try again"
                ) from None
            time.sleep(0.02)


def _write(path: Path, data: bytes, expected: bytes) -> bool:
    """``_replace`` on the real file (a symlink stays a symlink), with a failure to
    write reported as an expected failure."""
    try:
        return _replace(path.resolve(), data, expected)
    except OSError as exc:
        raise NoticeError(f"{display_path(path)}: cannot write (file unchanged): {exc}") from None


def _replace(path: Path, data: bytes, expected: bytes) -> bool:
    """Atomically replace ``path`` with ``data`` unless it no longer holds ``expected``
    (then return False, having written nothing). The file keeps its mode; no temporary
    file survives a failure."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, stat.S_IMODE(path.stat().st_mode))
        if path.read_bytes() != expected:
            return False
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    _sync_folder(path.parent)
    return True


def _sync_folder(folder: Path) -> None:
    """Make the rename durable (best effort: not every file system allows it)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# --- the edits -----------------------------------------------------------------------


def _published(catalog: Catalog) -> dict[str, Any]:
    return {i: loaded.record.published for i, loaded in catalog.inspections.items()}


def _extra(item: Item) -> bool:
    """An occasion recorded with no due date to match (status makes these up)."""
    return item.occurrence.ad_hoc and item.occurrence.derivation.startswith("done ")


def _items(catalog: Catalog, notice: Notice, index: int, as_of: dt.date) -> tuple[Item, ...]:
    status = notice_status(notice, _published(catalog), [], as_of)
    return status.obligations[index].items


def _obligation(loaded: Loaded[Notice], ob_id: str) -> int:
    ids = [o.id for o in loaded.record.obligations]
    index = _index(ids, ob_id)
    if index is None:
        raise _unknown(loaded, ("obligations",), "obligation", ob_id, ids)
    return index


def _check_completion(
    catalog: Catalog, loaded: Loaded[Notice], index: int, comp: Completion
) -> None:
    ob = loaded.record.obligations[index]
    for j, done in enumerate(ob.completions):
        if done.date == comp.date and done.occurrence == comp.occurrence:
            where = loaded.locate("obligations", index, "completions", j)
            raise NoticeError(f"{where}: {ob.id} done {comp.date} is already recorded")
    if comp.occurrence is not None:
        as_of = max(comp.date, comp.occurrence)
        _check_occurrence(loaded, index, _items(catalog, loaded.record, index, as_of), comp)


def _check_occurrence(
    loaded: Loaded[Notice], index: int, items: Sequence[Item], comp: Completion
) -> None:
    ob = loaded.record.obligations[index]
    where = loaded.locate("obligations", index, "schedule")
    due = [i for i in items if not _extra(i) and i.due is not None]
    match = next((i for i in due if i.due == comp.occurrence), None)
    if match is None:
        unknown = [i.occurrence.reason for i in items if i.due is None]
        dates = ", ".join(str(i.due) for i in due[:12])
        known = f"its due dates are {dates}" if dates else "none of its due dates is known"
        why = f" ({unknown[0]})" if unknown and not dates else ""
        raise NoticeError(
            f"{where}: --occurrence {comp.occurrence} is not a due date of {ob.id}: {known}{why}"
        )
    if match.done is not None:
        raise NoticeError(f"{where}: {ob.id} due {match.due} was already done {match.done.date}")


def _due_words(item: Item | None) -> str:
    if item is None or _extra(item):
        return "no matching due date: an extra occasion"
    if item.due is None:
        return "its due date is undetermined"
    return f"due {item.due}" + (", late" if item.state.value == "done_late" else "")


def _entry(record: BaseModel) -> dict[str, Any]:
    """A record as the mapping to write: set fields only, dates as dates (not text)."""
    return {k: getattr(record, k) for k in _fields(type(record)) if k in record.model_fields_set}


def _add_at(
    path: tuple[str | int, ...], key: str, entry: dict[str, Any], model: Model, doc: Any
) -> None:
    """``_add_entry`` on the node at ``path`` inside ``doc``."""
    node = doc
    for part in path:
        node = node[part]
    _add_entry(node, key, entry, model)


def record_completion(
    root: Path,
    notice_id: str,
    obligation_id: str,
    day: dt.date,
    *,
    note: str | None = None,
    occurrence: dt.date | None = None,
    link: str | None = None,
    ad_hoc: bool = False,
) -> Outcome:
    """Record that an occurrence of an obligation was done on ``day``: a report sent, a
    review held, a board met. ``occurrence`` names the due date it fulfils when it is
    not the earliest open one, and must be one of the obligation's due dates."""
    given = {"occurrence": occurrence, "note": note, "link": link, "ad_hoc": ad_hoc or None}
    comp = Completion(date=day, **{k: v for k, v in given.items() if v is not None})
    return _transact(
        root, functools.partial(_plan_completion, root, notice_id, obligation_id, comp)
    )


def _plan_completion(
    root: Path, notice_id: str, ob_id: str, comp: Completion, snapshot: _Snapshot
) -> _Plan:
    loaded = _notice(snapshot.catalog, notice_id, root)
    index = _obligation(loaded, ob_id)
    _check_completion(snapshot.catalog, loaded, index, comp)
    mutate = functools.partial(
        _add_at, ("obligations", index), "completions", _entry(comp), Obligation
    )
    describe = functools.partial(_describe_completion, notice_id, index, comp)
    message = f"record: {notice_id} {ob_id} done {comp.date}"
    return _Plan(snapshot.path_of(loaded), mutate, describe, message)


def _describe_completion(notice_id: str, index: int, comp: Completion, catalog: Catalog) -> str:
    """What was recorded, and which due date it met (as status matches them)."""
    notice = catalog.notices[notice_id].record
    ob = notice.obligations[index]
    as_of = max([comp.date, comp.occurrence or comp.date, *(c.date for c in ob.completions)])
    item = next((i for i in _items(catalog, notice, index, as_of) if i.done == comp), None)
    return f"{notice_id}: recorded {ob.id} done {comp.date} ({_due_words(item)})"


@dataclass(frozen=True)
class _MeasureChange:
    status: MeasureStatus | None
    rag: Rag | None
    evidence: dict[str, Any] | None


def update_measure(
    root: Path,
    notice_id: str,
    measure_id: str,
    *,
    status: MeasureStatus | None = None,
    rag: Rag | None = None,
    evidence: str | None = None,
    day: dt.date | None = None,
    link: str | None = None,
) -> Outcome:
    """Change a measure's status and/or RAG rating, and/or add an evidence entry dated
    ``day`` (required with ``evidence``)."""
    if status is None and rag is None and evidence is None:
        raise NoticeError("nothing to change: give --status, --rag or --evidence")
    if (evidence is None) != (day is None):
        raise NoticeError("--evidence and --date go together: give both or neither")
    entry = None
    if evidence is not None:
        entry = {"date": day, "text": evidence, "link": link}
    change = _MeasureChange(status, rag, entry)
    return _transact(root, functools.partial(_plan_measure, root, notice_id, measure_id, change))


def _plan_measure(
    root: Path, notice_id: str, measure_id: str, change: _MeasureChange, snapshot: _Snapshot
) -> _Plan:
    loaded = _notice(snapshot.catalog, notice_id, root)
    ids = [m.id for m in loaded.record.measures]
    index = _index(ids, measure_id)
    if index is None:
        raise _unknown(loaded, ("measures",), "measure", measure_id, ids)
    words = _measure_words(loaded, index, change)
    summary = f"{notice_id}: measure {measure_id} " + "; ".join(words)
    message = f"measure: {notice_id} {measure_id} " + ", ".join(words)
    mutate = functools.partial(_change_measure, index, change)
    return _Plan(snapshot.path_of(loaded), mutate, lambda _: summary, message)


def _change_measure(index: int, change: _MeasureChange, doc: Any) -> None:
    node = doc["measures"][index]
    for key, value in (("status", change.status), ("rag", change.rag)):
        if value is not None:
            _put(node, key, value.value, Measure)
    if change.evidence is not None:
        _add_entry(node, "evidence", change.evidence, Measure)


def _measure_words(loaded: Loaded[Notice], index: int, change: _MeasureChange) -> list[str]:
    """What will change, in words; ``NoticeError`` when nothing would."""
    measure = loaded.record.measures[index]
    words = []
    if change.status is not None and change.status != measure.status:
        words.append(f"status {measure.status.value} -> {change.status.value}")
    if change.rag is not None and change.rag != measure.rag:
        words.append(f"RAG {measure.rag.value if measure.rag else 'none'} -> {change.rag.value}")
    if change.evidence is not None:
        day, text = change.evidence["date"], change.evidence["text"]
        if any(e.date == day and e.text == text for e in measure.evidence):
            where = loaded.locate("measures", index, "evidence")
            raise NoticeError(f"{where}: this evidence for {day} is already recorded")
        words.append(f"evidence {day} added")
    if not words:
        where = loaded.locate("measures", index)
        raise NoticeError(f"{where}: measure {measure.id} already has that status and rating")
    return words


def add_reading(
    root: Path,
    notice_id: str,
    target_id: str,
    day: dt.date,
    value: float,
    *,
    source: str | None = None,
) -> Outcome:
    """Add a reading of one of the notice's targets (in its target set's file)."""
    entry = {"date": day, "value": value, "source": source}
    plan = functools.partial(_plan_reading, root, notice_id, target_id, entry)
    return _transact(root, plan)


def _plan_reading(
    root: Path, notice_id: str, target_id: str, entry: dict[str, Any], snapshot: _Snapshot
) -> _Plan:
    loaded = _notice(snapshot.catalog, notice_id, root)
    target_set, index = _target(snapshot.catalog, loaded, target_id)
    target = target_set.record.targets[index]
    day, value = entry["date"], entry["value"]
    if any(r.date == day for r in target.readings):
        where = target_set.locate("targets", index, "readings")
        raise NoticeError(f"{where}: {target_id} already has a reading for {day}")
    mutate = functools.partial(_add_at, ("targets", index), "readings", entry, Target)
    summary = f"{notice_id}: target {target_id} reading {value:g} {target.unit} on {day}"
    message = f"reading: {notice_id} {target_id} {value:g} on {day}"
    return _Plan(snapshot.path_of(target_set), mutate, lambda _: summary, message)


def _target(
    catalog: Catalog, notice: Loaded[Notice], target_id: str
) -> tuple[Loaded[TargetSet], int]:
    sets = catalog.targets_for(notice.record.id)
    for target_set in sets:
        index = _index([t.id for t in target_set.record.targets], target_id)
        if index is not None:
            return target_set, index
    if not sets:
        nid = notice.record.id
        raise NoticeError(
            f"{notice.doc.file}: notice {nid!r} has no target set: create one with "
            f"`notice new targets {nid}-targets`"
        )
    known = [t.id for s in sets for t in s.record.targets]
    raise _unknown(sets[0], ("targets",), "target", target_id, known)


def file_of(root: Path, notice_id: str, target_id: str | None = None) -> Path:
    """The file an edit of ``notice_id`` changes (its target set's file for a reading of
    ``target_id``); ``NoticeError`` when either is unknown."""
    snapshot = _Snapshot.read(root)
    notice = _notice(snapshot.catalog, notice_id, root)
    if target_id is None:
        return snapshot.path_of(notice)
    return snapshot.path_of(_target(snapshot.catalog, notice, target_id)[0])


def _set_lifecycle(doc: Any, values: dict[str, Any]) -> None:
    """Set keys of the notice's ``lifecycle``, adding it (where the model puts it) when
    it is missing."""
    node = doc.get("lifecycle")
    if not isinstance(node, CommentedMap):
        _put(doc, "lifecycle", _mapping(values), Notice)
        return
    for key, value in values.items():
        _put(node, key, value, Lifecycle)


def lift(root: Path, notice_id: str, day: dt.date) -> Outcome:
    """Record that the notice was lifted (stepped down) on ``day``."""

    def plan(snapshot: _Snapshot) -> _Plan:
        loaded = _notice(snapshot.catalog, notice_id, root)
        _check_ending(loaded, day)

        def mutate(doc: Any) -> None:
            _set_lifecycle(doc, {"lifted": day})

        summary = f"{notice_id}: lifted on {day}"
        message = f"lift: {notice_id} lifted {day}"
        return _Plan(snapshot.path_of(loaded), mutate, lambda _: summary, message)

    return _transact(root, plan)


def replace(root: Path, notice_id: str, by: str, day: dt.date) -> Outcome:
    """Record that the notice was replaced on ``day`` by notice (or direction) ``by``."""

    def plan(snapshot: _Snapshot) -> _Plan:
        loaded = _notice(snapshot.catalog, notice_id, root)
        _check_ending(loaded, day)
        _check_successor(snapshot.catalog, notice_id, by)

        def mutate(doc: Any) -> None:
            _set_lifecycle(doc, {"replaced_by": by, "replaced_on": day})

        summary = f"{notice_id}: replaced by {by} on {day}"
        message = f"replace: {notice_id} replaced by {by} on {day}"
        return _Plan(snapshot.path_of(loaded), mutate, lambda _: summary, message)

    return _transact(root, plan)


def _check_successor(catalog: Catalog, notice_id: str, by: str) -> None:
    others = sorted(n for n in catalog.notices if n != notice_id)
    if by not in others:
        close = difflib.get_close_matches(by, others, n=1)
        hint = f"did you mean {close[0]!r}?" if close else "add its file to notices/ first"
        raise NoticeError(f"--by {by!r}: no other notice has that id ({hint})")


def _check_ending(loaded: Loaded[Notice], day: dt.date) -> None:
    notice = loaded.record
    life = notice.lifecycle
    where = loaded.locate("lifecycle")
    if life.lifted is not None:
        raise NoticeError(f"{where}: {notice.id} was already lifted on {life.lifted}")
    if life.replaced_by is not None:
        raise NoticeError(
            f"{where}: {notice.id} was already replaced by {life.replaced_by} on {life.replaced_on}"
        )
    issued = notice.issued.start
    if issued is not None and day < issued:
        raise NoticeError(f"{where}: {day} is before the notice was issued ({notice.issued})")


# --- new files -----------------------------------------------------------------------

_KINDS = {"notice": "notices", "inspection": "inspections", "targets": "targets"}

_NOTICE = """\
# A new improvement notice. Replace every TODO and "" below, then run `notice validate`.
id: {id}
kind: TODO  # childrens_services, send or direction
title: ""  # TODO: a label for reports
recipient:
  name: ""  # TODO: e.g. London Borough of Bexley
  la_code: TODO  # the ONS code, e.g. E09000004
issued: TODO  # the date of the notice: YYYY-MM-DD, YYYY-MM or unknown
basis:
  inspections: []  # ids of records in inspections/
measures:
  - id: "1"  # the document's own number
    text: ""  # TODO: verbatim from the notice
obligations:
  - id: TODO  # lower-case, e.g. initial-report
    title: ""  # TODO: e.g. Initial report from the Board Chair
    type: TODO  # report, review, meeting, plan, assessment, audit, deadline or other
    schedule:
      kind: offset
      from: issued
      offset: TODO  # e.g. 2 months
"""

_INSPECTION = """\
# A new inspection report. Replace every TODO and "" below, then run `notice validate`.
id: {id}
title: ""  # TODO: the report's title
council:
  name: ""  # TODO: e.g. London Borough of Bexley
  la_code: TODO  # the ONS code, e.g. E09000004
inspectorates:
  - ""  # TODO: e.g. Ofsted
framework: TODO  # apa, safeguarding_lac, sif, ilacs or area_send
event: TODO  # annual_assessment, full, focused_visit or monitoring_visit
published: TODO  # the publication date, YYYY-MM-DD: notices often count from it
recommendations: []
"""

_TARGETS = """\
# A notice's performance targets. Replace every TODO and "" below, then run `notice validate`.
id: {id}
notice: {notice}  # the notice id
title: ""  # TODO: e.g. Bexley 2014 improvement notice: performance targets
targets:
  - id: TODO  # lower-case, e.g. care-proceedings-duration
    name: ""  # TODO: e.g. Average duration of care proceedings
    unit: ""  # TODO: e.g. weeks
    direction: TODO  # lower or higher: which is better
    baseline:
      value: TODO  # a number
      date: TODO  # YYYY-MM-DD or YYYY-MM
    target:
      value: TODO  # a number
      by: TODO  # YYYY-MM-DD or YYYY-MM; remove to use the notice's targets_due
"""

_TEMPLATES = {"notice": _NOTICE, "inspection": _INSPECTION, "targets": _TARGETS}


def scaffold(kind: str, record_id: str, notice: str | None = None) -> str:
    """The text of a new ``kind`` file (notice, inspection or targets) with id
    ``record_id``. Its placeholders (``TODO`` and empty texts) fail validation, each with
    its own message, until they are filled in; then it validates."""
    if kind not in _TEMPLATES:
        raise NoticeError(f"{kind!r} is not a kind of record: use notice, inspection or targets")
    schema = f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json\n"
    return schema + _TEMPLATES[kind].format(id=record_id, notice=notice or "TODO")


def create(root: Path, kind: str, record_id: str, notice: str | None = None) -> Outcome:
    """Write ``scaffold(kind, record_id)`` to its place below ``root``; never overwrites
    an existing file (the check and the write are one atomic step)."""
    try:
        TypeAdapter(Id).validate_python(record_id)
    except ValidationError:
        raise NoticeError(
            f"{record_id!r} is not an id: use lower-case letters, digits, '.', '_' and '-'"
        ) from None
    text = scaffold(kind, record_id, notice or _default_notice(root, kind, record_id))
    folder = root / _KINDS[kind]
    path = folder / f"{record_id}.yaml"
    if path.exists() or path.with_suffix(".yml").exists():
        raise NoticeError(f"{display_path(path)} already exists: edit it, or choose another id")
    folder.mkdir(parents=True, exist_ok=True)
    _create(path, text.encode("utf-8"))
    summary = f'created {display_path(path)}: replace each TODO and "", then `notice validate`'
    return Outcome(path, summary, f"new: {kind} {record_id}")


def _default_notice(root: Path, kind: str, record_id: str) -> str | None:
    """A target set named NOTICE-targets belongs to NOTICE, when that notice exists."""
    stem = record_id.removesuffix("-targets")
    found = kind == "targets" and stem != record_id and (root / "notices" / f"{stem}.yaml").exists()
    return stem if found else None


def _create(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        mask = os.umask(0o022)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)
        os.link(tmp, path)  # fails, rather than overwrites, if the file appeared meanwhile
    except FileExistsError:
        raise NoticeError(f"{display_path(path)} already exists") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    _sync_folder(path.parent)
