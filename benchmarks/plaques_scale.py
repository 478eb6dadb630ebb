"""牌匾 at scale: peak memory of every process of `docgen plaques ROSTER --jobs 2` (one PDF per
union + manifest.csv + proof.pdf), and the CPU time of composing and checking the plaques of a
roster in one process. Goal (issue: field hardening): 20,000 plaques with no process above
250 MB; plaques' share of `docgen check` at 25,000 unions well under 2 s of CPU.

    .venv/bin/python benchmarks/plaques_scale.py [UNIONS ...]        # default 5000 20000
    .venv/bin/python benchmarks/plaques_scale.py --compose 25000     # compose-and-check only
    /other/.venv/bin/python benchmarks/plaques_scale.py --docgen /other/.venv/bin/docgen 5000

Memory is sampled with psutil over the process tree every 50 ms (each process by its pid, so
a worker's peak is its own); rosters come from roster_scale.py (4 rows per union, all founded
2020-03-18).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from roster_scale import write_csv

LIMIT_MB = 250


def batch(docgen: str, roster: Path, out: Path, jobs: int) -> tuple[float, dict[str, float], int]:
    """(wall s, peak MB by process role, exit code) of one plaque batch."""
    import psutil

    start = time.perf_counter()
    proc = subprocess.Popen([docgen, "plaques", str(roster), "-o", str(out), "--jobs", str(jobs), "-q"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    main = psutil.Process(proc.pid)
    peaks: dict[int, float] = {}
    while proc.poll() is None:
        try:
            family = [main, *main.children(recursive=True)]
        except psutil.NoSuchProcess:
            break
        for p in family:
            with contextlib.suppress(psutil.NoSuchProcess):
                peaks[p.pid] = max(peaks.get(p.pid, 0.0), p.memory_info().rss / 2**20)
        time.sleep(0.05)
    wall = time.perf_counter() - start
    roles = {"main": peaks.pop(proc.pid, 0.0)}
    for k, pid in enumerate(sorted(peaks)):
        roles[f"worker{k + 1}"] = peaks[pid]
    if proc.returncode:
        sys.stderr.write(proc.stderr.read().decode(errors="replace")[-2000:])
    return wall, roles, proc.returncode


def compose_cpu(roster: Path) -> float:
    """CPU seconds of plaques' compose-and-check (the share `docgen check` spends on plaques)."""
    code = ("import sys, time\n"
            "from docgen.load import load\n"
            "from docgen.printing import plaques\n"
            "doc = load(sys.argv[1])\n"
            "t = time.process_time()\n"
            "plaques.prepare(doc, output=__import__('pathlib').Path(sys.argv[2]))\n"
            "print(time.process_time() - t)\n")
    with tempfile.TemporaryDirectory() as tmp:
        # run in an empty folder: docgen comes from this Python's install, not the working folder
        done = subprocess.run([sys.executable, "-c", code, str(roster), tmp], capture_output=True, text=True,
                              check=True, cwd=tmp)
    return float(done.stdout.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("unions", nargs="*", type=int, default=[5000, 20000])
    parser.add_argument("--docgen", default=str(Path(sys.executable).parent / "docgen"))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--compose", action="store_true", help="only the compose-and-check CPU time")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for unions in args.unions:
            roster = Path(tmp) / f"r{unions * 4}.csv"
            write_csv(roster, unions * 4)
            if args.compose:
                print(f"plaques compose-and-check, {unions} unions: {compose_cpu(roster):.2f} s CPU")
                continue
            wall, peaks, code = batch(args.docgen, roster, Path(tmp) / f"out{unions}", args.jobs)
            worst = max(peaks.values())
            shown = "  ".join(f"{role} {mb:.0f} MB" for role, mb in peaks.items())
            verdict = "ok" if code == 0 and worst < LIMIT_MB else "OVER"
            print(f"{unions} plaques --jobs {args.jobs}: {wall:.1f} s  {shown}  exit {code}  {verdict} "
                  f"(goal < {LIMIT_MB} MB per process; load average {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
