"""Timing whole processes: repetitions in turn, medians, and the peak memory of the process tree.

Every measurement is a fresh process, started and waited for as a user's shell would; its wall
time is what a clerk waits. Commands being compared run in turn (A B C A B C ...) after a
warm-up round, so a slower spell of the machine hits all of them; ratios are medians of the
per-round ratios, which is steadier than a ratio of medians.

Peak memory is the largest sum of RSS over the process and all its children (workers
included), sampled every `sample` seconds with psutil; sampling is off unless asked for, since
the sampler itself takes CPU from a 2-core machine.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def child_env(root: Path = ROOT) -> dict[str, str]:
    """The environment for measured processes: this checkout's docgen first on the path, and
    bytecode caching on (an installed program has its .pyc files; PYTHONDONTWRITEBYTECODE in a
    developer's shell would make every docgen run recompile its modules, ~35 ms)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join([str(root)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    return env


@dataclass
class Measure:
    seconds: float
    peak_mb: float = 0.0       # 0 when not sampled


@dataclass
class Series:
    name: str
    runs: list[Measure] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def peak_mb(self) -> float:
        """Median of the runs' peaks (a peak is a maximum already; the median drops a stray sample)."""
        return statistics.median(r.peak_mb for r in self.runs)


def measure(argv: list[str], cwd: Path | None = None, sample: float | None = None,
            root: Path = ROOT) -> Measure:
    """Run argv once: wall time, and with `sample` the peak summed RSS of the process tree;
    `root` is the checkout whose docgen runs (benchmarks/compare.py sets another one)."""
    env = child_env(root)
    start = time.perf_counter()
    proc = psutil.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    done = threading.Event()

    def sampler():
        nonlocal peak
        while not done.is_set():
            try:
                rss = proc.memory_info().rss
                for child in proc.children(recursive=True):
                    try:
                        rss += child.memory_info().rss
                    except psutil.Error:
                        pass
                peak = max(peak, rss)
            except psutil.Error:
                pass
            done.wait(sample)

    thread = None
    if sample:
        thread = threading.Thread(target=sampler, daemon=True)
        thread.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - start
    done.set()
    if thread:
        thread.join()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, argv))} failed ({proc.returncode}):\n{err.decode(errors='replace')}")
    return Measure(seconds, peak / 1048576)


def in_turn(commands: dict[str, list[str]], reps: int, cwd: Path | None = None, sample: float | None = None,
            warmup: int = 1, progress=None) -> dict[str, Series]:
    """Each command `reps` times, in turn, after `warmup` untimed rounds (file cache, .pyc)."""
    for _ in range(warmup):
        for argv in commands.values():
            measure(argv, cwd)
    out = {name: Series(name) for name in commands}
    for i in range(reps):
        for name, argv in commands.items():
            out[name].runs.append(measure(argv, cwd, sample))
        if progress:
            progress(i + 1, reps)
    return out


def ratio(a: Series, b: Series) -> float:
    """Median of the per-round ratios a/b (runs of the same round were made back to back)."""
    return statistics.median(x.seconds / y.seconds for x, y in zip(a.runs, b.runs))


def python_argv(*args: str) -> list[str]:
    return [PYTHON, *args]


def docgen_argv(*args: str) -> list[str]:
    """docgen as a user runs it, from this checkout (`python -m docgen` = the console script)."""
    return [PYTHON, "-m", "docgen", *args]
