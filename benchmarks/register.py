"""A deterministic generator of a realistic national register, for the benchmark.

At scale 1: 400 notices (10-25 measures with evidence, 6-12 obligations with recorded
completions), 2,000 inspections (20-60 recommendations of about 300 characters) and
400 target sets (10-20 targets with 36 monthly readings each), written as a data
folder inside a git repository with a short history. The same scale and seed always
give the same bytes. The data is valid: ``notice validate`` accepts it.

    python benchmarks/register.py OUT --scale 1
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import random
import subprocess
import sys
from pathlib import Path

VERSION = "1"
"""Bumped whenever the output changes (the benchmark reuses a register it made before)."""

AS_OF = dt.date(2025, 6, 30)
"""The date the benchmark evaluates at: after every generated date."""

NOTICES = 400
INSPECTIONS_PER_NOTICE = 5

_VOCABULARY = (
    "the council must ensure that children and young people receive timely assessments "
    "social workers managers partners board improvement plan performance data quality "
    "practice audit supervision caseloads permanence adoption fostering care leavers "
    "safeguarding partnership early help front door referrals thresholds consistent "
    "evidence outcomes leadership governance scrutiny workforce recruitment retention "
    "training strategy local authority agencies health police schools education plans "
    "annual review needs provision special educational disability parents carers "
    "engagement commissioning resources capacity oversight independent reviewing officers "
    "chairs plans visits statutory timescales recorded effectively improved "
)
_WORDS = _VOCABULARY.split()
_THEMES = (
    "Quality and effectiveness of safeguarding practice",
    "Achieving timely permanence",
    "Capacity and capability",
    "Partnership and governance",
    "Improvement support",
    "Performance management and quality assurance",
)
_UNITS = (("weeks", "lower"), ("percent", "higher"), ("days", "lower"), ("count", "lower"))


def _add_months(day: dt.date, months: int) -> dt.date:
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class _Writer:
    """Text and values from one seeded generator, so the output is reproducible."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def sentence(self, length: int) -> str:
        words: list[str] = []
        size = 0
        while size < length:
            word = self.rng.choice(_WORDS)
            words.append(word)
            size += len(word) + 1
        return (" ".join(words).capitalize() + ".")[: max(length, 8)].rstrip() + "."

    def block(self, key: str, indent: int, length: int) -> str:
        """``key: >-`` and the text folded at about 90 columns below it."""
        pad = " " * (indent + 2)
        lines, line = [], ""
        for word in self.sentence(length).split():
            if line and len(line) + len(word) + 1 > 88 - indent:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
        return f"{' ' * indent}{key}: >-\n" + "".join(f"{pad}{t}\n" for t in lines)

    def day(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randrange(max(1, (end - start).days)))


def _la_code(i: int) -> str:
    return f"E{9000000 + i % 999:08d}"


def inspection(w: _Writer, iid: str, council: int, published: dt.date) -> str:
    out = [
        f"id: {iid}",
        "title: Inspection of local authority children's services",
        "council:",
        f"  name: Council {council:03d}",
        f"  la_code: {_la_code(council)}",
        "inspectorates:\n  - Ofsted",
        "framework: ilacs",
        "event: full",
        f"onsite_start: {published - dt.timedelta(days=60)}",
        f"onsite_end: {published - dt.timedelta(days=49)}",
        f"published: {published}",
        "overall:",
        "  area: Overall effectiveness",
        "  grade: inadequate",
        w.block("text", 2, 300).rstrip("\n"),
        "judgements:",
    ]
    for area in ("Help and protection", "Children in care", "Care leavers", "Leadership"):
        grade = w.rng.choice(("good", "requires_improvement", "inadequate"))
        out += [f"  - area: {area}", f"    grade: {grade}", w.block("text", 4, 200).rstrip("\n")]
    out.append("recommendations:")
    for n in range(1, w.rng.randint(20, 60) + 1):
        out += [
            f'  - id: "{n + 20}"',
            "    category: area_for_improvement",
            f"    area: {w.rng.choice(_THEMES)}",
            w.block("text", 4, w.rng.randint(240, 360)).rstrip("\n"),
        ]
    out += ["source:", f"  document: {iid}-report.txt"]
    return "\n".join(out) + "\n"


def _recommendation_ids(text: str) -> list[str]:
    return [line.split('"')[1] for line in text.splitlines() if line.startswith('  - id: "')]


def notice(w: _Writer, nid: str, council: int, issued: dt.date, basis: dict[str, str]) -> str:
    """A notice; ``basis`` maps each inspection id it is issued on to that file's text."""
    first = next(iter(basis))
    out = [
        f"id: {nid}",
        "kind: childrens_services",
        f'title: "Improvement Notice: Council {council:03d}, children\'s services"',
        "recipient:",
        f"  name: Council {council:03d}",
        f"  la_code: {_la_code(council)}",
        f"  address: {council} High Street, Town {council:03d}",
        "signatory:",
        "  name: A Minister MP",
        "  role: Minister for Children and Families",
        f"issued: {issued}",
        w.block("reason", 0, 200).rstrip("\n"),
        "legal_basis: s497A Education Act 1996",
        "basis:",
        "  inspections:",
        *(f"    - {iid}" for iid in basis),
        w.block("text", 2, 300).rstrip("\n"),
        "measures:",
    ]
    recs = [(iid, r) for iid, text in basis.items() for r in _recommendation_ids(text)]
    for m in range(1, w.rng.randint(10, 25) + 1):
        out += _measure(w, m, issued, recs)
    out += [
        "board:",
        "  independent_chair: true",
        "  meetings: board-meetings",
        "  membership:\n    - the Council's partners",
        "obligations:",
    ]
    for k in range(w.rng.randint(6, 12)):
        out += _obligation(w, k, issued, first)
    out += [
        "targets_due:",
        "  kind: deadline",
        "  from: issued",
        "  within: 24 months",
        w.block("consequence", 0, 250).rstrip("\n"),
        "source:",
        f"  document: {nid}-notice.txt",
    ]
    return "\n".join(out) + "\n"


def _measure(w: _Writer, m: int, issued: dt.date, recs: list[tuple[str, str]]) -> list[str]:
    out = [
        f'  - id: "{m}"',
        f"    theme: {w.rng.choice(_THEMES)}",
        w.block("text", 4, w.rng.randint(200, 500)).rstrip("\n"),
        f"    summary: {w.sentence(60)}",
        f"    owner: Director of Children's Services {m}",
        f"    status: {w.rng.choice(('not_started', 'in_progress', 'complete', 'ongoing'))}",
    ]
    if w.rng.random() < 0.3:
        out.append(f"    rag: {w.rng.choice(('red', 'amber', 'green'))}")
    out.append("    evidence:")
    for e in range(w.rng.randint(2, 6)):
        out += [
            f"      - date: {w.day(_add_months(issued, e * 4), _add_months(issued, e * 4 + 4))}",
            w.block("text", 8, w.rng.randint(150, 350)).rstrip("\n"),
            f"        link: https://example.org/evidence/{m}-{e}.pdf",
        ]
    out.append("    answers:")
    out += [f"      - {iid}#{rec}" for iid, rec in w.rng.sample(recs, k=min(len(recs), 2))]
    return out


_SCHEDULES = (
    ("report", "  kind: offset\n  from: issued\n  offset: 2 months", 0),
    ("report", "  kind: recurring\n  from: issued\n  every: 6 months", 6),
    ("meeting", "  kind: recurring\n  from: issued\n  every: 2 months", 2),
    (
        "review",
        "  - kind: offsets\n    from: published {ins}\n    offsets:\n"
        "      - 6 months\n      - 12 months\n  - kind: ad_hoc",
        0,
    ),
    ("plan", "  kind: deadline\n  from: issued\n  within: 3 months", 0),
    ("audit", "  kind: max_interval\n  from: issued\n  every: 6 months", 6),
    ("report", "  kind: recurring\n  from: due board-meetings\n  every: 3 months\n  count: 4", 0),
    ("assessment", "  kind: fixed\n  dates:\n    - {y1}-03\n    - {y1}-09\n    - {y2}-03", 0),
)


def _obligation(w: _Writer, k: int, issued: dt.date, inspection_id: str) -> list[str]:
    kind, schedule, every = _SCHEDULES[k % len(_SCHEDULES)]
    oid = "board-meetings" if k == 2 else f"obligation-{k}"
    schedule = schedule.format(ins=inspection_id, y1=issued.year + 1, y2=issued.year + 2)
    out = [
        f"  - id: {oid}",
        f"    title: {w.sentence(50)}",
        f"    type: {kind}",
        f'    paragraph: "{1 + k % 10}"',
        w.block("text", 4, 200).rstrip("\n"),
        "    responsible: The Board Chair",
        "    schedule:",
        *("    " + line for line in schedule.splitlines()),
        "    completions:",
    ]
    steps = range(1, (AS_OF.year - issued.year) * 12 // every + 1) if every else (1,)
    for step in steps:
        due = _add_months(issued, step * (every or 2))
        if due >= AS_OF - dt.timedelta(days=60):
            break
        out.append(f"      - date: {due - dt.timedelta(days=w.rng.randint(0, 10))}")
        if w.rng.random() < 0.5:
            out.append(f"        note: {w.sentence(80)}")
    if out[-1] == "    completions:":
        out.pop()
    return out


def target_set(w: _Writer, tid: str, nid: str, issued: dt.date) -> str:
    out = [
        f"id: {tid}",
        f"notice: {nid}",
        f'title: "{nid}: performance targets"',
        f"agreed: {_add_months(issued, 2)}",
        "source:",
        f"  document: {nid}-dataset.xlsx",
        "targets:",
    ]
    for t in range(w.rng.randint(10, 20)):
        unit, direction = w.rng.choice(_UNITS)
        base = round(w.rng.uniform(20, 80), 1)
        goal = round(base * (0.7 if direction == "lower" else 1.3), 1)
        out += [
            f"  - id: indicator-{t}",
            f"    name: {w.sentence(50)}",
            f"    unit: {unit}",
            f"    direction: {direction}",
            "    baseline:",
            f"      value: {base}",
            f"      date: {issued}",
            "      source: inspection report",
            "    target:",
            f"      value: {goal}",
            "    expected_interval: 3 months",
            "    readings:",
        ]
        for month in range(1, 37):
            value = round(base + (goal - base) * month / 36 + w.rng.uniform(-3, 3), 1)
            out += [
                f"      - date: {_add_months(issued, month)}",
                f"        value: {value}",
                "        source: monthly performance report to the improvement board, month "
                f"{month}",
            ]
    return "\n".join(out) + "\n"


def generate(repo: Path, scale: float, seed: int = 2014) -> Path:
    """Write the register into a new git repository at ``repo``; return its data folder."""
    data = repo / "data"
    for kind in ("notices", "inspections", "targets"):
        (data / kind).mkdir(parents=True)
    w = _Writer(seed)
    count = max(1, round(NOTICES * scale))
    for i in range(count):
        council = i % 153 + 1
        issued = dt.date(2014, 1, 1) + dt.timedelta(days=w.rng.randrange(365 * 8))
        basis: dict[str, str] = {}
        for j in range(INSPECTIONS_PER_NOTICE):
            iid = f"inspection-{i:04d}-{j}"
            published = issued - dt.timedelta(days=30 + 400 * j + w.rng.randrange(60))
            text = inspection(w, iid, council, published)
            (data / "inspections" / f"{iid}.yaml").write_text(text, encoding="utf-8")
            if j < 2:
                basis[iid] = text
        nid = f"notice-{i:04d}"
        body = notice(w, nid, council, issued, basis)
        (data / "notices" / f"{nid}.yaml").write_text(body, encoding="utf-8")
        body = target_set(w, f"{nid}-targets", nid, issued)
        (data / "targets" / f"{nid}-targets.yaml").write_text(body, encoding="utf-8")
    _history(repo)
    return data


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Register", "-c", "user.email=register@example.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def _history(repo: Path) -> None:
    """Three commits (inspections, notices, targets), then a fourth touching one file."""
    _git(repo, "init", "-q", "-b", "main")
    for kind in ("inspections", "notices", "targets"):
        _git(repo, "add", f"data/{kind}")
        _git(repo, "commit", "-q", "-m", f"Add the register's {kind}")
    first = sorted((repo / "data" / "notices").iterdir())[0]
    first.write_text(first.read_text(encoding="utf-8") + "# reviewed\n", encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "Mark the first notice reviewed")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="a folder that does not exist yet")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=2014)
    args = parser.parse_args()
    data = generate(args.out, args.scale, args.seed)
    files = list(data.rglob("*.yaml"))
    size = sum(p.stat().st_size for p in files)
    print(f"{len(files)} files, {size / 1e6:.1f} MB in {data}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
