"""`docgen check` on a 100,000-row roster, as CSV and as an Excel-style XLSX (shared strings):
wall time and peak memory of the whole process. Goal: under 10 s and 300 MB each.

    .venv/bin/python benchmarks/roster_scale.py [ROWS]

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


def measure(path: Path) -> tuple[float, float | None, float | None, int]:
    docgen = [sys.executable, "-m", "docgen", "check", str(path)]
    timer = ["/usr/bin/time", "-v"] if Path("/usr/bin/time").exists() else []
    start = time.perf_counter()
    done = subprocess.run(timer + docgen, capture_output=True, text=True)
    wall = time.perf_counter() - start
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    cpu = re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", done.stderr)
    return wall, int(peak.group(1)) / 1024 if peak else None, sum(map(float, cpu)) if cpu else None, done.returncode


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        for kind, write in (("csv", write_csv), ("xlsx", write_xlsx)):
            path = Path(tmp) / f"roster{n}.{kind}"
            write(path, n)
            wall, peak, cpu, code = measure(path)
            memory = f"{peak:.0f} MB" if peak else "?"
            busy = f"cpu {cpu:4.1f} s" if cpu is not None else ""
            verdict = "ok" if code == 0 and wall < 10 and (peak or 0) < 300 else "OVER"
            print(f"check {n} rows {kind:4}  {wall:5.1f} s  {busy}  {memory:>7}  exit {code}  {verdict}  (goal < 10 s, < 300 MB; "
                  f"load average {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
