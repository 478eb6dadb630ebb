"""Two checkouts of docgen on one command, in turn: how much a change gains, as whole processes.

    python benchmarks/compare.py A_DIR B_DIR [--reps 7] [--mem] -- badges {roster:1000} --layout badge-qr -o {out}.pdf -q

A_DIR and B_DIR are two copies of the project (e.g. `git worktree add /tmp/before HEAD~1`);
each measured process gets its copy first on PYTHONPATH. Placeholders: {roster:N} (a roster
of N badges, made by data.py), {unions:N} (N unions), {sample} (samples/county.toml), {out}
(a fresh output path per command). Prints the medians, the median of per-round ratios B/A,
and with --mem the peak RSS of the process tree.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import data
import harness


def expand(args: list[str], tmp: Path, tag: str) -> list[str]:
    def one(arg: str) -> str:
        def sub(m: re.Match) -> str:
            kind, n = m.group(1), m.group(2)
            if kind == "sample":
                return str(harness.ROOT / "samples" / "county.toml")
            if kind == "out":
                return str(tmp / f"out-{tag}")
            path = tmp / f"{kind}-{n}.xlsx"
            if not path.exists():
                rows = data.roster(int(n)) if kind == "roster" else data.roster_of_unions(int(n))
                data.write_xlsx(path, rows)
            return str(path)
        return re.sub(r"\{(roster|unions|sample|out)(?::(\d+))?\}", sub, arg)
    return [one(a) for a in args]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("a")
    parser.add_argument("b")
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--mem", action="store_true", help="sample peak RSS of the process tree")
    argv = sys.argv[1:]
    cut = argv.index("--") if "--" in argv else len(argv)
    args = parser.parse_args(argv[:cut])
    command = argv[cut + 1:]
    series = {}
    with tempfile.TemporaryDirectory(prefix="docgen-compare-") as tmp:
        argv = {tag: harness.docgen_argv(*expand(command, Path(tmp), tag)) for tag in ("a", "b")}
        roots = {"a": Path(args.a).resolve(), "b": Path(args.b).resolve()}
        for _ in range(1):                       # warm-up round
            for tag in argv:
                harness.measure(argv[tag], Path(tmp), root=roots[tag])
        series = {tag: harness.Series(tag) for tag in argv}
        for _ in range(args.reps):
            for tag in argv:
                series[tag].runs.append(harness.measure(argv[tag], Path(tmp), sample=0.02 if args.mem else None,
                                                        root=roots[tag]))
    a, b = series["a"], series["b"]
    print(f"A {args.a}: {a.median:.3f} s" + (f", {a.peak_mb:.0f} MB" if args.mem else ""))
    print(f"B {args.b}: {b.median:.3f} s" + (f", {b.peak_mb:.0f} MB" if args.mem else ""))
    print(f"B/A {harness.ratio(b, a):.3f} (median of {args.reps} rounds)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
