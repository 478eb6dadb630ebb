"""`docgen check` on a 100,000-row roster, as CSV and as an Excel-style XLSX (shared strings):
wall time and peak memory of the largest process, and of all its processes together (a big
check runs in two). Goal: under 10 s and 300 MB each.

    .venv/bin/python benchmarks/roster_scale.py [ROWS] [--jobs N]
    .venv/bin/python benchmarks/roster_scale.py [ROWS] --load [--python OTHER/.venv/bin/python]

--load measures loading alone (a process that imports docgen.load and loads the roster: the
validated model, no composing), against the loader's goals: under 1.5 s CPU for CSV and 2.5 s
for XLSX, peak memory under 130 MB. --python runs another checkout's interpreter on the same
files (main's, to compare in the same minute).

Uses /usr/bin/time -v where it exists (Linux) for peak memory and CPU time; wall time on a
busy machine is longer than the CPU time shown.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "badinput"))
from make_cases import _NS, xlsx  # noqa: E402

HEADER = ["序号", "工会名称", "单位名称", "成立日期", "姓名", "职务", "办公电话", "手机"]
ROLES = ["主席", "副主席", "委员", "委员"]


def rows(n: int):
    for i in range(n):
        u = i // 4
        yield [i + 1, f"测试{u}号有限公司工会委员会", f"测试{u}号有限公司", "2020-03-18", f"张{i % 1000}华",
               ROLES[i % 4], f"0556-{2000000 + u}", f"139{i:08d}"]


def write_csv(path: Path, n: int) -> None:
    lines = [",".join(HEADER)] + [",".join(map(str, r)) for r in rows(n)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_xlsx(path: Path, n: int) -> None:
    """As Excel saves it: text in the shared-string table, numbers as numbers."""
    from xml.sax.saxutils import escape

    from openpyxl.utils import get_column_letter

    strings: dict[str, int] = {}
    out = []
    for number, values in enumerate([HEADER, *rows(n)], start=1):
        cells = []
        for c, v in enumerate(values, start=1):
            ref = f"{get_column_letter(c)}{number}"
            if isinstance(v, int):
                cells.append(f'<c r="{ref}"><v>{v}</v></c>')
            else:
                cells.append(f'<c r="{ref}" t="s"><v>{strings.setdefault(v, len(strings))}</v></c>')
        out.append(f'<row r="{number}">{"".join(cells)}</row>')
    shared = (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_NS}" uniqueCount="{len(strings)}">'
              + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings) + "</sst>")
    path.write_bytes(xlsx("".join(out), dimension=f"A1:H{n + 1}", shared=shared))


LOAD_ONLY = ("import sys, time; from docgen.load import load; t = time.process_time(); doc = load(sys.argv[1]); "
             "print(f'load {time.process_time() - t:.2f} s cpu, {len(doc.unions)} unions', file=sys.stderr)")
LOAD_GOALS = {"csv": 1.5, "xlsx": 2.5}      # CPU seconds of load() alone, 100,000 rows
LOAD_PEAK_MB = 130


TREE: dict[str, float] = {}        # the last run's process tree: peak of the sum of its processes' RSS


def measure(path: Path, python: str = sys.executable, load_only: bool = False,
            jobs: str | None = None) -> tuple[float, float | None, float | None, int]:
    command = [python, "-c", LOAD_ONLY, str(path)] if load_only else [python, "-m", "docgen", "check", str(path)]
    if jobs and not load_only:
        command += ["--jobs", jobs]
    timer = ["/usr/bin/time", "-v"] if Path("/usr/bin/time").exists() else []
    start = time.perf_counter()
    # run in the roster's folder: from a checkout's root, `python -c` would import that checkout's docgen
    proc = subprocess.Popen(timer + command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            cwd=path.parent)
    TREE["sum"] = _tree_peak(proc)
    stderr = proc.stderr.read() if proc.stderr else ""
    proc.wait()
    wall = time.perf_counter() - start
    done = subprocess.CompletedProcess(command, proc.returncode, "", stderr)
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    cpu = re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", done.stderr)
    if load_only:       # the load's own CPU time, without interpreter start and imports
        own = re.search(r"load ([\d.]+) s cpu", done.stderr)
        cpu = [own.group(1)] if own else cpu
    return wall, int(peak.group(1)) / 1024 if peak else None, sum(map(float, cpu)) if cpu else None, done.returncode


def _tree_peak(proc: subprocess.Popen) -> float:
    """Peak of the summed RSS (MB) of the run's processes (docgen and its worker), sampled every 50 ms."""
    import contextlib

    try:
        import psutil
    except ImportError:
        proc.wait()
        return 0.0
    top, peak = psutil.Process(proc.pid), 0.0
    while proc.poll() is None:
        total = 0.0
        with contextlib.suppress(psutil.NoSuchProcess):
            for p in top.children(recursive=True):       # under /usr/bin/time: docgen and its worker
                with contextlib.suppress(psutil.NoSuchProcess):
                    total += p.memory_info().rss / 2**20
        peak = max(peak, total)
        time.sleep(0.05)
    return peak


def main() -> None:
    args = sys.argv[1:]
    jobs = args[args.index("--jobs") + 1] if "--jobs" in args else None
    load_only = "--load" in args
    python = args[args.index("--python") + 1] if "--python" in args else sys.executable
    numbers = [a for k, a in enumerate(args) if a.isdigit() and (k == 0 or args[k - 1] not in ("--jobs", "--python"))]
    n = int(numbers[0]) if numbers else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        for kind, write in (("csv", write_csv), ("xlsx", write_xlsx)):
            path = Path(tmp) / f"roster{n}.{kind}"
            write(path, n)
            wall, peak, cpu, code = measure(path, python, load_only, jobs)
            memory = f"{peak:.0f} MB" if peak else "?"
            busy = f"cpu {cpu:4.1f} s" if cpu is not None else ""
            if load_only:
                limit = LOAD_GOALS[kind] * n / 100_000
                ok = code == 0 and cpu is not None and cpu < limit and (peak or 0) < LOAD_PEAK_MB
                goal = f"goal < {limit:g} s cpu, < {LOAD_PEAK_MB} MB"
                what = "load"
            else:
                ok = code == 0 and wall < 10 and (peak or 0) < 300
                goal = "goal < 10 s, < 300 MB"
                what = "check"
            verdict = "ok" if ok else "OVER"
            tree = f"(all processes {TREE['sum']:.0f} MB)" if TREE.get("sum") else ""
            print(f"{what} {n} rows {kind:4}  {wall:5.1f} s  {busy}  {memory:>7} {tree}  exit {code}  {verdict}  "
                  f"({goal}; load average {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
