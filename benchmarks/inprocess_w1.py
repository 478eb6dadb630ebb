"""W1 inside one warm process: docgen's load + compose + .docx bytes against docxtpl's render.

    python benchmarks/inprocess_w1.py [REPS]     # prints {"docgen_ms": ..., "docxtpl_ms": ...}

Imports are paid before timing starts; what is left is the work on the document itself
(docgen: reading and checking the TOML (the plan never reads the roster), composing, writing the package in memory;
docxtpl: reading the TOML, opening the template, rendering, saving to memory).
"""

from __future__ import annotations

import io
import json
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SAMPLE = ROOT / "samples" / "county.toml"


def timed(work, reps: int) -> float:
    work()                                  # warm: templates compiled, caches filled
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main(reps: int) -> None:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(HERE / "baselines"))
    from docgen.gongwen import compose_plan, to_docx
    from docgen.load import load

    import plan_docxtpl

    def docgen_work():
        to_docx(compose_plan(load(SAMPLE, roster=False)))   # as `docgen plan` does

    def docxtpl_work():
        plan_docxtpl.main(SAMPLE, io.BytesIO())

    print(json.dumps({"docgen_ms": timed(docgen_work, reps), "docxtpl_ms": timed(docxtpl_work, reps)}))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
