"""``make bench``: every command, timed whole, against a baseline timed beside it.

On a generated national register (see register.py) at 1/4, 1/2, 1 and 2 times its size,
each row times the installed ``notice`` command as a subprocess and a baseline in
paired runs (alternating order), and reports the median of the ratios, the median
times and the command's peak memory. It prints the table and exits 1 when a target is
missed at the scales it checks (1 and 2; with --quick, the small scales it runs).

    python benchmarks/bench.py            # the full run
    python benchmarks/bench.py --quick    # a few minutes: smaller scales, fewer runs
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import register
from measure import Job, Pairing, RunFailed, paired

BIN = Path(sys.executable).parent
NOTICE = str(BIN / "notice")
PYTHON = sys.executable
AS_OF = register.AS_OF.isoformat()
MEMORY_MIB = 300.0
INFO = float("inf")
"""The target of a row that is shown but not held to one."""
SCALING = 2.1

_PARSE = """import sys, yaml
from pathlib import Path
for p in sorted(Path(sys.argv[1]).glob("*/*.yaml")):
    yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader)
"""
_FLOOR = """import sys
from pathlib import Path
import notice_tracker.cli
for p in sorted(Path(sys.argv[1]).glob("*/*.yaml")):
    p.read_bytes()
"""
_ROUND_TRIP = """import io, sys
from ruamel.yaml import YAML
yaml = YAML()
with open(sys.argv[1], encoding="utf-8") as f:
    doc = yaml.load(f)
out = io.StringIO()
yaml.dump(doc, out)
with open(sys.argv[2], "w", encoding="utf-8") as f:
    f.write(out.getvalue())
"""


@dataclass(frozen=True)
class Row:
    name: str
    target: float
    command: Job
    baseline: Job


@dataclass(frozen=True)
class Result:
    scale: float
    name: str
    target: float
    pairing: Pairing
    checked: bool

    @property
    def ok(self) -> bool:
        if self.target == INFO:
            return True
        return self.pairing.ratio <= self.target and self.pairing.peak_mib < MEMORY_MIB


class Register:
    """One generated register, its cache folders and the rows timed on it."""

    def __init__(self, work: Path, scale: float) -> None:
        self.scale = scale
        self.repo = work / f"register-v{register.VERSION}-x{scale:g}"
        self.data = self.repo / "data"
        self.cache = work / f"cache-x{scale:g}"
        self.cold = work / f"cold-cache-x{scale:g}"
        if not (self.repo / ".complete").exists():
            shutil.rmtree(self.repo, ignore_errors=True)
            register.generate(self.repo, scale)
            (self.repo / ".complete").write_text("")

    def env(self, cache: Path | str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "CI")}
        env["NOTICE_CACHE"] = str(cache)
        env["COLUMNS"] = "120"
        return env

    def notice(self, *args: str, cache: Path | str | None = None, ok: int = 0) -> Job:
        return Job(
            (NOTICE, *args, "--data", str(self.data)),
            self.env(self.cache if cache is None else cache),
            frozenset({0, ok}),
        )

    def python(self, script: str, *args: str) -> Job:
        return Job((PYTHON, "-c", script, *args), self.env("off"))

    def _empty_cold(self) -> None:
        """An empty cache for a cold run, with the last cold run's index written out to
        disk first (untimed), so that a run is not slowed by the one before it."""
        shutil.rmtree(self.cold, ignore_errors=True)
        os.sync()

    def _no_answers(self) -> None:
        shutil.rmtree(self.cache / "answers", ignore_errors=True)

    def _restorer(self, path: Path) -> Callable[[], None]:
        """Put the edited file back as it was, and let the warm cache see it again (a
        run of ``validate``, not timed), so that every edit starts from a warm cache."""
        original = path.read_bytes()
        warm = self.notice("validate")
        log = self.repo.parent / "restore.log"

        def restore() -> None:
            path.write_bytes(original)
            warm.run(log)

        return restore

    def rows(self) -> list[Row]:
        parse = self.python(_PARSE, str(self.data))
        floor = self.python(_FLOOR, str(self.data))
        first = "notice-0000"
        rows = []
        for name, args, ok in (
            ("check", ("check", "--as-of", AS_OF), 4),
            ("status", ("status", "--as-of", AS_OF), 0),
        ):
            job = self.notice(*args, cache=self.cold, ok=ok)
            job = Job(job.argv, job.env, job.ok, before=self._empty_cold)
            rows.append(Row(f"cold {name}", 2.0, job, parse))
        for name, args, ok in (
            ("status", ("status", "--as-of", AS_OF), 0),
            ("check", ("check", "--as-of", AS_OF), 4),
            ("report ID", ("report", first, "--as-of", AS_OF), 0),
        ):
            rows.append(Row(f"warm {name}", 2.0, self.notice(*args, ok=ok), floor))
        for name, args, ok in (
            ("status", ("status", "--as-of", AS_OF), 0),
            ("check", ("check", "--as-of", AS_OF), 4),
            ("report ID", ("report", first, "--as-of", AS_OF), 0),
        ):
            # The same, asked for the first time: no kept answer, the records from the
            # index. Shown, not held to a target (the warm rows are the above).
            job = self.notice(*args, ok=ok)
            job = Job(job.argv, job.env, job.ok, before=self._no_answers)
            rows.append(Row(f"new {name}", INFO, job, floor))
        notice_file = self.data / "notices" / f"{first}.yaml"
        target_file = self.data / "targets" / f"{first}-targets.yaml"
        for name, args, path in (
            ("record", ("record", first, "board-meetings", "--date", "2025-06-01"), notice_file),
            (
                "measure",
                ("measure", first, "1", "--evidence", "Audit report", "--date", "2025-06-01"),
                notice_file,
            ),
            (
                "reading",
                ("reading", first, "indicator-0", "--date", "2025-06-01", "--value", "42"),
                target_file,
            ),
        ):
            job = self.notice(*args)
            job = Job(job.argv, job.env, job.ok, before=self._restorer(path))
            trip = self.python(_ROUND_TRIP, str(path), str(self.repo.parent / "round-trip.yaml"))
            rows.append(Row(f"edit {name}", 3.0, job, trip))
        help_ = Job((NOTICE, "--help"), self.env(self.cache))
        rows.append(Row("notice --help", 1.5, help_, self.python("import typer")))
        return rows

    def prime(self) -> None:
        """Validate the register (it must be valid), then fill the warm cache."""
        shutil.rmtree(self.cache, ignore_errors=True)
        log = self.repo.parent / "prime.log"
        self.notice("validate", cache="off").run(log)
        for args, ok in (
            (("status", "--as-of", AS_OF), 0),
            (("check", "--as-of", AS_OF), 4),
            (("report", "notice-0000", "--as-of", AS_OF), 0),
        ):
            self.notice(*args, ok=ok).run(log)


def measure_scale(work: Path, scale: float, runs: int, checked: bool) -> list[Result]:
    reg = Register(work, scale)
    reg.prime()
    log = work / "run.log"
    results = []
    for row in reg.rows():
        pairing = paired(row.command, row.baseline, runs, log)
        row.command.before()  # an edited file is put back, so the register stays as made
        results.append(Result(scale, row.name, row.target, pairing, checked))
        print(_line(results[-1]), flush=True)
    return results


def _line(r: Result) -> str:
    p = r.pairing
    verdict = ("ok" if r.ok else "MISSED") if r.checked and r.target != INFO else "-"
    target = f"<= {r.target:g}x" if r.target != INFO else "-"
    return (
        f"| x{r.scale:<5g} | {r.name:<15} | {p.seconds:8.2f} s | {p.baseline_seconds:8.2f} s "
        f"| {p.ratio:6.2f}x | {target:<7} | {p.peak_mib:7.0f} MiB | {verdict:<6} |"
    )


HEADER = (
    "| scale  | command         |  command   |  baseline  |  ratio  | target |  peak memory "
    "| target |\n|---|---|---|---|---|---|---|---|"
)


SCALING_RUNS = 5
"""Paired runs at least, for growth: a cold run writes the whole index to disk, and on a
shared disk one such run in three can be a tenth slower."""
SCALED = ("cold check", "cold status", "warm status", "warm check", "warm report ID")
"""The rows that read the whole register, whose growth with it is held to ``SCALING``."""


def scaling(work: Path, big: float, small: float, runs: int) -> list[tuple[str, Pairing]]:
    """Each row of ``SCALED`` at ``big`` timed beside the same row at ``small``, in
    paired runs like every other row: the median of the paired ratios is how the time
    grows with the register, with the drift of a shared machine between the two
    scales' rows cancelled (timed minutes apart, they can differ by a quarter)."""
    rows = {
        scale: {row.name: row.command for row in Register(work, scale).rows()}
        for scale in (big, small)
    }
    log = work / "run.log"
    return [(name, paired(rows[big][name], rows[small][name], runs, log)) for name in SCALED]


def compile_package() -> None:
    """Compile the package's bytecode first, as pip does when it installs a package: an
    editable install leaves it to the first import, and with PYTHONDONTWRITEBYTECODE
    set every run would compile every module again (the baselines import compiled
    libraries)."""
    import compileall

    import notice_tracker

    compileall.compile_dir(Path(notice_tracker.__file__).parent, quiet=1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="scales 1/8 and 1/4, 3 runs")
    parser.add_argument("--scales", type=float, nargs="+", help="override the scales")
    parser.add_argument("--runs", type=int, help="paired runs per row (default 5; quick 3)")
    parser.add_argument("--work", type=Path, help="where registers and caches are kept")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    scales = args.scales or ([0.125, 0.25] if args.quick else [0.25, 0.5, 1.0, 2.0])
    runs = args.runs or (3 if args.quick else 5)
    checked = set(scales) if args.quick or args.scales else {1.0, 2.0}
    work = args.work or Path(tempfile.gettempdir()) / "notice-bench"
    work.mkdir(parents=True, exist_ok=True)
    compile_package()
    print(f"notice benchmark: {runs} paired runs per row, work folder {work}")
    print(HEADER)
    results: list[Result] = []
    try:
        for scale in scales:
            results += measure_scale(work, scale, runs, scale in checked)
    except RunFailed as exc:
        print(f"benchmark failed: {exc}", file=sys.stderr)
        return 2
    ok = all(r.ok for r in results if r.checked)
    if len(scales) >= 2:
        big, small = sorted(scales)[-1], sorted(scales)[-2]
        limit = SCALING * big / small / 2
        print(f"\nscaling x{big:g} / x{small:g}, paired (target <= {limit:g}x):")
        try:
            grown = scaling(work, big, small, max(runs, SCALING_RUNS))
        except RunFailed as exc:
            print(f"benchmark failed: {exc}", file=sys.stderr)
            return 2
        for name, pairing in grown:
            good = pairing.ratio <= limit
            ok = ok and (good or big not in checked)
            print(f"  {name:<15} {pairing.ratio:5.2f}x  {'ok' if good else 'MISSED'}")
    if args.json:
        args.json.write_text(
            json.dumps(
                [
                    {
                        "scale": r.scale,
                        "row": r.name,
                        "seconds": r.pairing.seconds,
                        "baseline": r.pairing.baseline_seconds,
                        "ratio": r.pairing.ratio,
                        "target": r.target,
                        "peak_mib": r.pairing.peak_mib,
                    }
                    for r in results
                ],
                indent=1,
            )
        )
    print("\ntargets: " + ("all met" if ok else "MISSED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
