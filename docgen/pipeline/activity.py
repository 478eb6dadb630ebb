"""A line on the terminal while a step runs that has no count of its own (composing a batch,
rendering desk plates, writing a .docx): `胸卡：排版检查… 3 秒`, from the first second.

Only on a terminal and never with -q; a pipe or a log file gets nothing. The line is redrawn by
a daemon thread twice a second (the work itself holds the GIL only between small steps).
"""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from collections.abc import Iterator


def shown(quiet: bool) -> bool:
    try:
        return not quiet and sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


@contextlib.contextmanager
def activity(text: str, quiet: bool = False) -> Iterator[None]:
    if not shown(quiet):
        yield
        return
    stop = threading.Event()
    start = time.monotonic()

    def draw() -> None:
        while True:
            seconds = int(time.monotonic() - start)
            sys.stderr.write(f"\r{text}…" + (f" {seconds} 秒" if seconds else "") + "\033[K")
            sys.stderr.flush()
            if stop.wait(0.5):
                return

    thread = threading.Thread(target=draw, name="docgen-activity", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
        sys.stderr.write("\r\033[K")
        sys.stderr.flush()
