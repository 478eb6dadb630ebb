"""CPU and peak memory of composing and checking every board (公示牌) of a roster, as `docgen
check` does it, without the other products:

    .venv/bin/python benchmarks/boards_compose.py /tmp/scale/r100k.csv

Rosters at scale come from benchmarks/roster_scale.py."""

import resource
import sys
import time
from pathlib import Path

from docgen.load import load
from docgen.pipeline import PRODUCTS, Options, compose


def main(path: str) -> None:
    start = time.process_time()
    doc = load(Path(path))
    loaded = time.process_time()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    compose(PRODUCTS["board"], doc, Options(keep_composed=False, quiet=True))
    done = time.process_time()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"load {loaded - start:.2f} s CPU; boards compose and check {done - loaded:.2f} s CPU; "
          f"peak RSS {before / 1024:.0f} MB after loading, {peak / 1024:.0f} MB after the boards "
          f"(+{(peak - before) / 1024:.0f} MB)")


if __name__ == "__main__":
    main(sys.argv[1])
