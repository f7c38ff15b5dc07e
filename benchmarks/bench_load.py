"""Benchmark the read path on a generated national register.

Makes ``--notices`` copies of the shipped notices (and their target sets) and
``--inspections`` inspection files in a temporary folder, then times loading and
validating everything and computing the status of every notice, and reports the peak
memory. Run with ``make bench``; compare against the budgets in docs/performance.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from notice_tracker.evaluate.portfolio import evaluate
from notice_tracker.read import load

ROOT = Path(__file__).resolve().parent.parent / "data"
# Budgets for 300 notices and 3,000 inspections (about 750,000 lines of YAML):
BUDGET_COLD = 15.0  # seconds: nothing cached (first run, or every file changed)
BUDGET_WARM = 2.5  # seconds: files unchanged since the last run (the usual case)
BUDGET_MIB = 800


def _clone(text: str, old: str, new: str) -> str:
    return text.replace(f"id: {old}\n", f"id: {new}\n").replace(
        f"notice: {old}\n", f"notice: {new}\n"
    )


def make_register(root: Path, notices: int, inspections: int) -> None:
    """A register built from the real files, renamed: ids stay consistent."""
    for kind in ("notices", "inspections", "targets"):
        (root / kind).mkdir(parents=True)
    sources = sorted((ROOT / "notices").glob("*.yaml"))
    for i in range(notices):
        src = sources[i % len(sources)]
        new = f"{src.stem}-n{i:04d}"
        (root / "notices" / f"{new}.yaml").write_text(_clone(src.read_text(), src.stem, new))
        for ts in (ROOT / "targets").glob("*.yaml"):
            text = ts.read_text()
            if f"notice: {src.stem}\n" in text:
                tid = f"{ts.stem}-n{i:04d}"
                body = _clone(text, ts.stem, tid).replace(
                    f"notice: {src.stem}\n", f"notice: {new}\n"
                )
                (root / "targets" / f"{tid}.yaml").write_text(body)
    for src in (ROOT / "inspections").glob("*.yaml"):
        (root / "inspections" / src.name).write_text(src.read_text())
    extra = sorted((ROOT / "inspections").glob("*.yaml"))
    for i in range(max(0, inspections - len(extra))):
        src = extra[i % len(extra)]
        new = f"{src.stem}-x{i:05d}"
        (root / "inspections" / f"{new}.yaml").write_text(_clone(src.read_text(), src.stem, new))


def run(root: Path, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        catalog = load(root)
        assert not catalog.problems, catalog.problems[:3]
        evaluate(catalog, dt.date(2015, 1, 15))
        times.append(time.perf_counter() - start)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--notices", type=int, default=300)
    parser.add_argument("--inspections", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "data"
        make_register(root, args.notices, args.inspections)
        lines = sum(len(p.read_text().splitlines()) for p in root.rglob("*.yaml"))
        os.environ["NOTICE_CACHE"] = str(Path(tmp) / "cache")
        cold = run(root, 1)[0]
        warm = run(root, args.repeat)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"register: {args.notices} notices, {args.inspections} inspections, {lines} lines")
    print(f"cold (nothing cached): {cold:.2f} s (budget {BUDGET_COLD} s)")
    print(
        f"warm (unchanged files): best {min(warm):.2f} s, median "
        f"{statistics.median(warm):.2f} s (budget {BUDGET_WARM} s)"
    )
    print(f"peak memory: {peak_mib:.0f} MiB (budget {BUDGET_MIB} MiB)")
    ok = cold <= BUDGET_COLD and min(warm) <= BUDGET_WARM and peak_mib <= BUDGET_MIB
    print("budgets: " + ("met" if ok else "MISSED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
