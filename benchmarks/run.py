"""docgen against hand-written baselines: one table of medians, ratios and targets.

    python benchmarks/run.py             # every workload, full repetitions (about 4 minutes on 2 cores)
    python benchmarks/run.py --quick     # fewer repetitions
    python benchmarks/run.py --only W2   # one workload (repeatable: --only W1 --only W5)

Each workload runs docgen and its baseline as whole processes, in turn (A B A B ...), after a
warm-up round; ratios are docgen / baseline, medians of the per-round ratios. Baselines live
in benchmarks/baselines/ and use the same libraries, fonts and data. Inputs for W2-W4 are
generated here (benchmarks/data.py) into a temporary folder. Run it with the project's venv
(it switches to .venv/bin/python by itself when started with another Python).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VENV_PYTHON = ROOT / ".venv" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _ensure_venv() -> None:
    if importlib.util.find_spec("reportlab") is None and VENV_PYTHON.exists() \
            and Path(sys.executable).resolve() != VENV_PYTHON.resolve():
        os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), *sys.argv])


_ensure_venv()
sys.path.insert(0, str(HERE))

import data
from harness import docgen_argv, in_turn, python_argv, ratio

BASE = HERE / "baselines"
SAMPLE = ROOT / "samples" / "county.toml"


@dataclass
class Row:
    workload: str
    what: str
    docgen: str
    baseline: str = "—"
    ratio: str = "—"
    target: str = "—"
    result: str = "info"


def secs(s: float) -> str:
    return f"{s * 1000:.0f} ms" if s < 1 else f"{s:.2f} s"


def check(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def dots(i: int, n: int) -> None:
    print("." if i < n else ".\n", end="", file=sys.stderr, flush=True)


def roster(tmp: Path, n: int) -> Path:
    """A roster with n chairs and vice-chairs (n badges)."""
    path = tmp / f"roster-{n}.xlsx"
    if not path.exists():
        data.write_xlsx(path, data.roster(n))
    return path


def union_roster(tmp: Path, n: int) -> Path:
    """A roster of n unions (n plaques)."""
    path = tmp / f"unions-{n}.xlsx"
    if not path.exists():
        data.write_xlsx(path, data.roster_of_unions(n))
    return path


# --- workloads ------------------------------------------------------------------------------

def w1(tmp: Path, reps: int) -> list[Row]:
    say(f"W1 实施方案 .docx: docgen plan vs docxtpl, {reps} rounds")
    runs = in_turn({
        "docgen": docgen_argv("plan", str(SAMPLE), "-o", str(tmp / "plan.docx")),
        "docxtpl": python_argv(str(BASE / "plan_docxtpl.py"), str(SAMPLE), str(tmp / "plan-docxtpl.docx")),
    }, reps, cwd=tmp, progress=dots)
    r = ratio(runs["docgen"], runs["docxtpl"])
    rows = [Row("W1", "实施方案 .docx, whole process (load TOML, compose, write)",
                secs(runs["docgen"].median), secs(runs["docxtpl"].median), f"{r:.2f}x", "<= 1.0x", check(r <= 1.0))]
    out = subprocess.run(python_argv(str(HERE / "inprocess_w1.py"), "30"), capture_output=True, text=True, check=True)
    warm = json.loads(out.stdout)
    rows.append(Row("W1", "same, inside one warm process (imports excluded)", f"{warm['docgen_ms']:.1f} ms",
                    f"{warm['docxtpl_ms']:.1f} ms", f"{warm['docgen_ms'] / warm['docxtpl_ms']:.2f}x"))
    return rows


def w2(tmp: Path, reps: int) -> list[Row]:
    path = roster(tmp, 1000)
    say(f"W2 1,000 badges with vCard QR codes: --jobs 1, --jobs 2 vs reportlab + zxing-cpp (1 and 2 processes), "
        f"{reps} rounds")
    runs = in_turn({
        "jobs1": docgen_argv("badges", str(path), "--layout", "badge-qr", "-o", str(tmp / "w2-1.pdf"), "--jobs", "1", "-q"),
        "baseline": python_argv(str(BASE / "badges.py"), str(path), str(tmp / "w2-base.pdf"), "--qr"),
        "jobs2": docgen_argv("badges", str(path), "--layout", "badge-qr", "-o", str(tmp / "w2-2.pdf"), "--jobs", "2", "-q"),
        "best2": python_argv(str(BASE / "badges.py"), str(path), str(tmp / "w2-best.pdf"), "--qr", "--jobs", "2"),
    }, reps, cwd=tmp, progress=dots)
    base, best = runs["baseline"], runs["best2"]
    r1, r2, rb = ratio(runs["jobs1"], base), ratio(runs["jobs2"], base), ratio(runs["jobs2"], best)
    return [
        Row("W2", "1,000 badges + vCard QR on A4, --jobs 1", secs(runs["jobs1"].median), secs(base.median),
            f"{r1:.2f}x", "<= 1.3x", check(r1 <= 1.3)),
        Row("W2", "same, --jobs 2", secs(runs["jobs2"].median), secs(base.median), f"{r2:.2f}x", "<= 0.75x",
            check(r2 <= 0.75)),
        Row("W2", "same, --jobs 2 vs the best hand-written stack (2 forked processes, each writes its share, "
            "no merge)", secs(runs["jobs2"].median), secs(best.median), f"{rb:.2f}x", "<= 1.2x", check(rb <= 1.2)),
    ]


def w3(tmp: Path, reps: int, sample: float = 0.02) -> list[Row]:
    small, big = roster(tmp, 5000), roster(tmp, 10000)
    say(f"W3 badges without QR: 10,000 and 5,000, default --jobs and --jobs 1, memory sampled, {reps} rounds")

    def badges(path, *extra):
        return docgen_argv("badges", str(path), "--layout", "badge", "-o", str(tmp / "w3.pdf"), "-q", *extra)

    runs = in_turn({
        "10k": badges(big),
        "baseline": python_argv(str(BASE / "badges.py"), str(big), str(tmp / "w3-base.pdf")),
        "5k": badges(small),
        "10k-1": badges(big, "--jobs", "1"),
        "5k-1": badges(small, "--jobs", "1"),
    }, reps, cwd=tmp, sample=sample, progress=dots)
    base = runs["baseline"]
    rows = []
    for label, k10, k5 in (("default --jobs (2 here)", runs["10k"], runs["5k"]), ("--jobs 1", runs["10k-1"], runs["5k-1"])):
        r = ratio(k10, base)
        slope = (k10.peak_mb - k5.peak_mb) / 5
        rows += [
            Row("W3", f"10,000 badges, no QR, {label}: time", secs(k10.median), secs(base.median), f"{r:.2f}x"),
            Row("W3", f"peak RSS of the process tree at 10,000 ({label})", f"{k10.peak_mb:.0f} MB",
                f"{base.peak_mb:.0f} MB", "—", "< 250 MB", check(k10.peak_mb < 250)),
            Row("W3", f"growth per further 1,000 badges, 5,000 -> 10,000 ({label})", f"{slope:+.2f} MB",
                f"({k5.peak_mb:.0f} -> {k10.peak_mb:.0f} MB)", "—", "< 5 MB", check(slope < 5)),
        ]
    return rows


def w4(tmp: Path, reps: int) -> list[Row]:
    if importlib.util.find_spec("docgen.commands.plaques") is None or not (BASE / "plaques.py").exists():
        return [Row("W4", "1,000 plaque PDFs", "pending", "—", "—", "<= 1.5x", "pending")]
    path = union_roster(tmp, 1000)
    say(f"W4 1,000 plaque PDFs (default --jobs and --jobs 1) vs a reportlab loop, {reps} rounds")
    runs = in_turn({
        "docgen": docgen_argv("plaques", str(path), "-o", str(tmp / "plaques"), "-q"),
        "baseline": python_argv(str(BASE / "plaques.py"), str(path), str(tmp / "plaques-base")),
        "jobs1": docgen_argv("plaques", str(path), "-o", str(tmp / "plaques-1"), "-q", "--jobs", "1"),
    }, reps, cwd=tmp, progress=dots)
    base = runs["baseline"]
    r, r1 = ratio(runs["docgen"], base), ratio(runs["jobs1"], base)
    return [Row("W4", "1,000 plaque PDFs, one per union (+ manifest.csv, proof.pdf), default --jobs",
                secs(runs["docgen"].median), secs(base.median), f"{r:.2f}x", "<= 1.5x", check(r <= 1.5)),
            Row("W4", "same, --jobs 1 (one process, as the baseline)", secs(runs["jobs1"].median), secs(base.median),
                f"{r1:.2f}x")]


def w5(tmp: Path, reps: int) -> list[Row]:
    say(f"W5 cold start: docgen --help, docgen check, {reps} rounds")
    runs = in_turn({
        "help": docgen_argv("--help"),
        "check": docgen_argv("check", str(SAMPLE)),
        "python": python_argv("-c", "pass"),
    }, reps, cwd=tmp, progress=dots)
    help_s = runs["help"].median
    return [
        Row("W5", "docgen --help (cold start; baseline: bare `python -c pass`)", secs(help_s),
            secs(runs["python"].median), "—", "< 350 ms", check(help_s < 0.35)),
        Row("W5", "docgen check samples/county.toml (TOML + roster, summary)", secs(runs["check"].median),
            secs(runs["python"].median)),
    ]


WORKLOADS = {"W1": (w1, 30, 8), "W2": (w2, 5, 2), "W3": (w3, 3, 1), "W4": (w4, 3, 1), "W5": (w5, 20, 6)}


def table(rows: list[Row]) -> str:
    head = ("workload", "what", "docgen", "baseline", "ratio", "target", "result")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        lines.append(f"| {r.workload} | {r.what} | {r.docgen} | {r.baseline} | {r.ratio} | {r.target} | {r.result} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--only", action="append", choices=sorted(WORKLOADS), help="run only this workload")
    args = parser.parse_args()
    chosen = args.only or list(WORKLOADS)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="docgen-bench-") as tmp:
        for name in chosen:
            work, full, quick = WORKLOADS[name]
            rows += work(Path(tmp), quick if args.quick else full)
    command = "python benchmarks/run.py" + (" --quick" if args.quick else "") + "".join(f" --only {w}" for w in args.only or ())
    print(f"`{command}` — {platform.python_implementation()} {platform.python_version()}, "
          f"{os.cpu_count()} CPUs, {platform.system()} {platform.machine()}; medians of fresh processes\n")
    print(table(rows))
    failed = [r for r in rows if r.result == "FAIL"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
