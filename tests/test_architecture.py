"""The layout is the architecture: stages depend only on the stages below them, each
outside library stays in the one module (or stage) that adapts it, and no module grows
past 400 lines. Read from the source with ``ast``, so the rules cannot be dodged by a
lazy import inside a function."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "src" / "notice_tracker"

# The stages, lowest first. A module may import its own stage and any stage below it.
RANK = {
    "errors": 0,
    "files": 0,
    "inert": 0,
    "records": 1,
    "read": 2,
    "evaluate": 3,
    "history": 4,
    "render": 4,
    "edit": 4,
    "cli": 5,
    "__main__": 6,
}
# Stages of the same rank stay out of each other: renderers never touch git or edits.
APART = {("render", "history"), ("render", "edit"), ("history", "render"), ("edit", "render")}

# Where each outside library may be imported (a module path or a stage).
CONFINED = {
    "ruamel": {"read/yaml_io.py", "edit"},
    "yaml": {"read/yaml_io.py"},
    "typer": {"cli"},
    "rich": {"render/terminal.py"},
    "jinja2": {"render/markdown.py", "render/sandbox.py"},
    "markupsafe": {"render/markdown.py", "render/paper"},
    "subprocess": {"history/git.py"},
    "pydantic": {"records", "read", "edit", "history"},
    "pydantic_core": {"records", "read"},
    "PIL": {"render/png.py"},
    "docx": {"render/docx.py"},
    "markdown_it": {"render/html.py", "render/docx.py"},
}
MAX_LINES = 400


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> Iterator[str]:
    """Every module ``path`` imports, anywhere in it, as an absolute name."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: use absolute imports"
            module = node.module or ""
            yield module
            for alias in node.names:  # `from notice_tracker.read import loader`
                yield f"{module}.{alias.name}"


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _internal(path: Path) -> set[str]:
    known = {_name(p) for p in _modules()}
    return {m for m in _imports(path) if m in known and m != _name(path)}


def _where(path: Path) -> set[str]:
    rel = path.relative_to(PACKAGE).as_posix()
    return {rel, rel.split("/")[0]} | {str(Path(rel).parent)}


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_imports_point_down(path: Path) -> None:
    here = _stage(_name(path))
    for module in _internal(path):
        there = _stage(module)
        if here == "__init__" or there == "__init__" or here == there:
            continue
        assert RANK[there] <= RANK[here], f"{_name(path)} imports {module}: a stage above it"
        assert (here, there) not in APART, f"{_name(path)} imports {module}"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_outside_libraries_stay_in_their_adapters(path: Path) -> None:
    for module in _imports(path):
        top = module.split(".")[0]
        if top in CONFINED:
            assert _where(path) & CONFINED[top], f"{path.name} imports {module}"


def test_no_import_cycles() -> None:
    graph = {_name(p): _internal(p) for p in _modules()}
    done: set[str] = set()

    def visit(node: str, trail: list[str]) -> None:
        if node in trail:
            cycle = [*trail[trail.index(node) :], node]
            pytest.fail("import cycle: " + " -> ".join(cycle))
        if node in done:
            return
        for nxt in sorted(graph.get(node, ())):
            if nxt.startswith(node + ".") or node.startswith(nxt + "."):
                continue  # a package and its own modules
            visit(nxt, [*trail, node])
        done.add(node)

    for name in sorted(graph):
        visit(name, [])


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_modules_stay_small(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{path.name} has {lines} lines: split it by concern"


@pytest.mark.parametrize("stage", ["records", "evaluate"])
def test_the_core_is_pure(stage: str) -> None:
    """No clock, no I/O, no presentation: records and an as-of date in, states out."""
    for path in (PACKAGE / stage).rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        tops = {m.split(".")[0] for m in _imports(path)}
        assert not tops & {"os", "time", "subprocess", "rich", "typer", "jinja2", "ruamel"}, path
        for clock in (".today()", ".now(", "utcnow", "time.time("):
            assert clock not in source, f"{path} reads the clock"


def test_only_the_cli_reads_the_clock() -> None:
    for path in _modules():
        if _stage(_name(path)) == "cli":
            continue
        source = path.read_text(encoding="utf-8")
        for clock in (".today()", ".now("):
            assert clock not in source, f"{path} reads the clock"


def test_architecture_doc_names_every_module() -> None:
    """docs/architecture.md is the map: every module is on it, and nothing else is."""
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    for path in _modules():
        rel = path.relative_to(PACKAGE).as_posix()
        if path.name == "__init__.py" and path.parent != PACKAGE:
            rel = path.parent.relative_to(PACKAGE).as_posix() + "/"
        elif path.name in ("__init__.py", "__main__.py"):
            continue
        assert f"`{rel}`" in doc, f"docs/architecture.md does not mention `{rel}`"
    for mentioned in re.findall(r"`([a-z_/]+\.py)`", doc):
        if not mentioned.startswith("tests/"):
            assert (PACKAGE / mentioned).is_file(), f"docs/architecture.md names {mentioned}"
