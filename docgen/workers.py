"""Worker processes for every batch: one strategy, safe to interrupt, never outliving docgen.

A batch is a list of tasks, each a tuple of arguments for one top-level function. With one job,
this process runs them all. With N jobs, N - 1 spawned workers run tasks and this process runs
tasks too whenever it is not handing them out: a spawned worker costs ~0.5 s of CPU to start
(interpreter, reportlab, faces) and ~80 MB, and the parent already has its modules.
Fresh interpreters, not forks: a fork starts with this process's whole memory (the loaded roster
included), so the process tree would grow with the batch. On POSIX a worker is started with
subprocess and handed its two pipe ends (multiprocessing's spawn would add a resource-tracker
process and re-import the `docgen` script in each worker); elsewhere with multiprocessing's spawn.

Workers may be started before the batch is known (`started_early`, around a command's load and
compose), so their start overlaps this process's work; each then gets the batch's `init` as its
first message. An early worker can warm up meanwhile (import, register faces).

Each worker reads its tasks from its own pipe (a reader thread keeps the pipe drained, so a big
task never blocks the parent) and answers on another. Results are small (a path, a list of
problems); workers write their output files themselves.

Shutdown and faults:
- Ctrl-C, SIGTERM and SIGHUP raise `Stopped` in this process (a KeyboardInterrupt, so every
  `except KeyboardInterrupt` cleans up alike); workers ignore them and are ended by this
  process, which terminates and joins every worker before it leaves a batch. Cleanup runs with
  signals held back (a second Ctrl-C cannot leave a worker behind).
- A worker ends by itself when docgen dies, even by kill -9: on Linux the kernel kills it
  (PR_SET_PDEATHSIG); everywhere, its task pipe closes and its reader thread ends the process.
- A worker that dies (killed, out of memory), even an early one before its batch takes it,
  ends the batch with one environment error saying how it ended (exit code or signal),
  whether this process notices it reading the worker's answers or writing it a task (EPIPE).
"""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence

from .errors import EnvironmentProblem, Interrupted

TIMEOUT_S = 0.2             # how often the parent looks at its workers while it waits


class Stopped(KeyboardInterrupt):
    """Ctrl-C, SIGTERM or SIGHUP: the exit status is 128 + the signal's number."""

    def __init__(self, signum: int = signal.SIGINT):
        super().__init__(signum)
        self.signum = signum
        self.exit_code = 128 + signum


def interrupted(stop: BaseException, message: str) -> Interrupted:
    """The error for a run ended by a signal, saying how far it got: exit 130 (Ctrl-C), 143
    (SIGTERM) or 129 (SIGHUP)."""
    error = Interrupted(message)
    error.exit_code = getattr(stop, "exit_code", 130)     # type: ignore[misc]
    return error


_HELD: list[int] = []       # signals that arrived while cleanup held them back
_holding = False


_RAISED: list[int] = []      # every signal raised as Stopped, in order


def _on_signal(signum, frame) -> None:
    if _holding:
        _HELD.append(signum)
        return
    _RAISED.append(signum)
    raise Stopped(signum)


def stop_on_signals() -> None:
    """Make SIGTERM and SIGHUP end docgen like Ctrl-C (main thread only)."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        return
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) not in (signal.SIG_IGN, None):
            signal.signal(number, _on_signal)


@contextlib.contextmanager
def signals_held():
    """Signals wait until the block is over (then the first one is raised as Stopped)."""
    global _holding
    previous, _holding = _holding, True
    try:
        yield
    finally:
        _holding = previous
        if not previous and _HELD:
            signum = _HELD[0]
            _HELD.clear()
            raise Stopped(signum)


def default_jobs() -> int:
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def give_back_memory() -> None:
    """Return the C heap's free pages to the system (glibc's malloc_trim; elsewhere nothing).

    Drawing a chunk allocates and frees tens of MB (the canvas, its pages, font subsets); glibc
    keeps much of it mapped, fragmented, so a drawing process grew ~18 MB over a 10,000-badge
    batch without holding more. Trimming after every fourth chunk keeps it flat for ~1 ms."""
    trim = getattr(_linux_libc(), "malloc_trim", None)      # not on musl
    if trim is not None:
        trim(0)


@functools.cache
def _linux_libc():
    """Linux's C library (malloc_trim, prctl), or None elsewhere or when it cannot be opened."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


# --- the parent side --------------------------------------------------------------------------

class Batch:
    """Run `fn(*task)` for every task; iterate to get (index, result) as they finish.

        with Batch(fn, tasks, jobs, init, initargs) as results:
            for k, result in results: ...

    `init(*initargs)` runs once in every process that runs tasks (this one included) before its
    first task. An exception of a task is raised here, after every worker has been ended.
    With `tasks=None` the workers start at `with` and the tasks are set (`batch.tasks = ...`)
    before iterating, so workers start while this process prepares them.
    Few long tasks (a check's products) want `ahead=1` (a worker holds only the task it runs)
    and `patient=True` (this process waits for an early worker to be ready before it takes a
    task itself, rather than keep the first long task from it).
    """

    def __init__(self, fn: Callable, tasks: Sequence[tuple] | None, jobs: int = 1,
                 init: Callable | None = None, initargs: tuple = (), *, ahead: int = 2, patient: bool = False):
        self.fn, self.tasks, self.init, self.initargs = fn, tasks, init, initargs
        self.ahead, self.patient = ahead, patient
        self.helpers = max(0, (jobs if tasks is None else min(jobs, len(tasks))) - 1)
        self.workers: list[_Worker] = []

    def __enter__(self) -> Iterator[tuple[int, object]]:
        try:
            self.workers = _claim_early(self.helpers)
            with _no_interrupts_inherited():
                started = [_Worker() for _ in range(self.helpers - len(self.workers))]
            for worker in started:      # queued for at once, as a batch's own workers always were
                worker.ready = True
            self.workers += started
            for worker in self.workers:
                worker.give(None, self.initargs, self.init)     # answered once it is ready
        except BaseException:
            self._end()
            raise
        return self._run()

    def __exit__(self, *exc) -> None:
        self._end()

    def _end(self) -> None:
        with signals_held():
            for worker in self.workers:
                worker.end()
            self.workers = []

    def _run(self) -> Iterator[tuple[int, object]]:
        pending = deque(enumerate(self.tasks or ()))
        ready = False
        while self.patient and not all(w.ready for w in self.workers):
            yield from self._collect(TIMEOUT_S, starting=True)
        while pending or any(w.busy for w in self.workers):
            yield from self._collect(0)
            for worker in self.workers:
                # an early worker gets tasks once it has started (one still starting would hold
                # them while this process runs out of work); one ahead, so that none waits for us
                while pending and worker.ready and worker.busy < self.ahead:
                    worker.give(*pending.popleft(), self.fn)
            if pending:
                if not ready:
                    if self.init:
                        self.init(*self.initargs)
                    ready = True
                k, task = pending.popleft()
                yield k, _stopped_as_such(self.fn, task)
            else:
                yield from self._collect(TIMEOUT_S)

    def _collect(self, timeout: float, starting: bool = False) -> Iterator[tuple[int, object]]:
        from multiprocessing.connection import wait

        busy = [w for w in self.workers if w.busy or ((timeout == 0 or starting) and not w.ready)]
        if not busy:
            return
        # a worker that dies closes its end of the results pipe (multiprocessing's processes
        # also have a sentinel)
        waiting = {w.results: w for w in busy} | {w.process.sentinel: w for w in busy if w.process.sentinel}
        for ready in wait(list(waiting), timeout):
            worker = waiting[ready]     # wait() gives back only what it was given
            if ready is worker.results or worker.results.poll():
                answer = worker.answer()
                if answer is not None:
                    yield answer
            elif worker.busy or not worker.ready:
                raise worker.stopped()


_EARLY: list[_Worker] = []      # started by `started_early`, not yet claimed by a Batch
_LIVE: set[_Worker] = set()      # started and not yet ended


def running() -> bool:
    """Whether a worker of this process has not been ended and reaped."""
    return any(w.process.is_alive() for w in _LIVE)


@contextlib.contextmanager
def started_early(count: int, warm: Callable | None = None, warmargs: tuple = ()):
    """Start `count` workers now, for a Batch that will be made inside the block (the first batch
    takes what it needs and ends the rest; unclaimed ones are ended at the end of the block). `warm(*warmargs)`
    runs in each worker first: imports and caches that the batch's init will find done; its
    failure is ignored (init does the same work again, and reports)."""
    try:
        if count > 0:
            with _no_interrupts_inherited():
                _EARLY.extend(_Worker((warm, warmargs) if warm else None) for _ in range(count))
        yield
    finally:
        with signals_held():
            while _EARLY:
                _EARLY.pop().end()


def _claim_early(count: int) -> list[_Worker]:
    """Up to `count` early workers for a batch; the rest are ended now. One of those it takes
    that died (killed, out of memory) ends the batch as any stopped worker does, all ended."""
    claimed = _EARLY[:count]
    extra = _EARLY[count:]
    _EARLY.clear()
    with signals_held():
        for worker in extra:
            worker.end()
        dead = next((w for w in claimed if not w.process.is_alive()), None)
        if dead is None:
            return claimed
        problem = dead.stopped()
        for worker in claimed:
            worker.end()
    raise problem


def _stopped_as_such(fn: Callable, task: tuple):
    """fn(*task), where a signal is raised as Stopped even when library code caught it and raised
    something else (reportlab's writer turns any exception inside it into a KeyError)."""
    seen = len(_RAISED)
    try:
        return fn(*task)
    except Exception:
        if len(_RAISED) > seen:
            raise Stopped(_RAISED[-1]) from None
        raise


def ending(exitcode: int | None) -> str:
    """How a process ended, for a message: "（退出码 3）", "（被信号 9 终止）" (a negative exit code
    is the signal that ended it), or nothing when it is not known."""
    if exitcode is None:
        return ""
    if exitcode < 0:
        return f"（被信号 {-exitcode} 终止）"
    return f"（退出码 {exitcode}）"


class _Worker:
    def __init__(self, warm: tuple | None = None):
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        task_read, self.tasks = context.Pipe(duplex=False)
        self.results, result_write = context.Pipe(duplex=False)
        if os.name == "posix":
            self.process: _Child | multiprocessing.process.BaseProcess = _Child(task_read, result_write)
            self.send(list(sys.path))
            self.send(warm)
        else:
            self.process = context.Process(target=_serve, args=(task_read, result_write, warm),
                                           daemon=True, name="docgen-worker")
            self.process.start()
        _LIVE.add(self)
        task_read.close()
        result_write.close()
        self.busy = 0
        self.ready = False          # until it answers the batch's init

    def give(self, k: int | None, task: tuple, fn) -> None:
        """Send a task (k None: the batch's init, which has no answer)."""
        self.send((k, fn, task))
        if k is not None:
            self.busy += 1

    def send(self, message) -> None:
        try:
            self.tasks.send(message)
        except ConnectionError:     # EPIPE: the worker died, and its end of the pipe closed with it
            raise self.stopped() from None

    def stopped(self) -> EnvironmentProblem:
        """The error for a worker that died in a batch (killed, out of memory), saying how it ended."""
        self.process.join(1)        # its pipes close a moment before it can be reaped
        return EnvironmentProblem(f"工作进程意外退出{ending(self.process.exitcode)}，批处理未完成；"
                                  "请检查内存是否不足，或改用 --jobs 1 重试")

    def answer(self) -> tuple[int, object] | None:
        """A task's (k, result), or None for the answer to the init."""
        try:
            kind, k, value = self.results.recv()
        except (EOFError, OSError):
            raise self.stopped() from None
        if kind == "ready":
            self.ready = True
            return None
        self.busy -= 1
        if kind == "error":
            raise value
        return k, value

    def end(self) -> None:
        """Stop at once (a task in flight is dropped: its caller is leaving) and reap."""
        for conn in (self.tasks, self.results):
            conn.close()
        if self.process.is_alive():
            self.process.terminate()
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        _LIVE.discard(self)


class _Child:
    """A worker on POSIX: a fresh interpreter started with subprocess and given its two pipe ends,
    with the part of multiprocessing.Process that _Worker uses. multiprocessing's spawn would
    also start its resource tracker (another interpreter, ~13 MB, for semaphores docgen never
    makes) and re-import the `docgen` script in every worker (click and the CLI, ~50 ms)."""

    def __init__(self, tasks, results):
        import subprocess

        fds = (tasks.fileno(), results.fileno())
        flags = subprocess._args_from_interpreter_flags()     # type: ignore[attr-defined]  # as multiprocessing does
        self.popen = subprocess.Popen([sys.executable, *flags, "-c", _BOOT, *map(str, fds), str(os.getpid())],
                                      stdin=subprocess.DEVNULL, pass_fds=fds)
        self.sentinel = None

    @property
    def exitcode(self) -> int | None:
        return self.popen.poll()

    def is_alive(self) -> bool:
        return self.popen.poll() is None

    def terminate(self) -> None:
        with contextlib.suppress(OSError):
            self.popen.terminate()

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self.popen.kill()

    def join(self, timeout: float | None = None) -> None:
        import subprocess

        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(timeout)


# A worker's first instructions: this process's sys.path first (so it imports the same docgen,
# as multiprocessing's spawn does), then docgen.workers
_BOOT = """import sys
from multiprocessing.connection import Connection
tasks = Connection(int(sys.argv[1]), writable=False)
try:
    sys.path[:] = tasks.recv()
except (EOFError, OSError):
    raise SystemExit(1)
from docgen.workers import _child_main
_child_main(tasks, int(sys.argv[2]), int(sys.argv[3]))
"""


def _child_main(tasks, result_fd: int, parent: int) -> None:
    from multiprocessing.connection import Connection

    results = Connection(result_fd, readable=False)
    try:
        warm = tasks.recv()
    except (EOFError, OSError):
        os._exit(1)
    _serve(tasks, results, warm, parent)


_QUIET = tuple(getattr(signal, name) for name in ("SIGINT", "SIGHUP") if hasattr(signal, name))


@contextlib.contextmanager
def _no_interrupts_inherited():
    """Workers start with Ctrl-C and SIGHUP blocked (a mask a spawned interpreter keeps from its
    first instruction until _serve ignores them), so a keypress while one starts gives no
    traceback from it; in this process they stay pending, never lost, and are raised after."""
    with signals_held():
        if not hasattr(signal, "pthread_sigmask"):
            yield
            return
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, _QUIET)
        try:
            yield
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)


# --- the worker side ------------------------------------------------------------------------

def _serve(tasks, results, warm, parent: int | None = None) -> None:
    import queue
    import threading

    for number in _QUIET:
        signal.signal(number, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _QUIET)      # pending ones are dropped: ignored
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent(parent)
    inbox: queue.SimpleQueue = queue.SimpleQueue()

    def read() -> None:
        while True:
            try:
                message = tasks.recv()
            except (EOFError, OSError):
                os._exit(1)            # the parent is gone (or ended us): nothing to finish
            except Exception:          # a task that cannot be unpickled here: end, so the parent
                os._exit(1)            # reports a worker that stopped instead of waiting forever
            inbox.put(message)

    threading.Thread(target=read, daemon=True).start()
    if warm:
        fn, args = warm
        with contextlib.suppress(Exception):
            fn(*args)
    failed = None
    try:
        while True:
            k, fn, task = inbox.get()
            if k is None:              # the batch's init
                try:
                    if fn:
                        fn(*task)
                except Exception as exc:       # every task answers with it, so the parent raises it
                    failed = _portable(exc)
                results.send(("ready", None, None))
                continue
            try:
                if failed is not None:
                    raise failed
                results.send(("ok", k, fn(*task)))
            except Exception as exc:
                results.send(("error", k, _portable(exc)))
    except OSError:                # the parent closed our pipes
        pass
    os._exit(0)


def _portable(exc: Exception) -> Exception:
    """The exception if it survives pickling, else an environment error with its text."""
    import pickle

    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        return EnvironmentProblem(f"工作进程出错：{type(exc).__name__}: {exc}")


def _die_with_parent(parent: int | None) -> None:
    """Linux: the kernel sends SIGKILL to this worker when its parent (pid `parent`, or
    multiprocessing's parent process) dies."""
    prctl = getattr(_linux_libc(), "prctl", None)
    if prctl is None:
        return
    prctl(1, signal.SIGKILL)                   # PR_SET_PDEATHSIG
    if parent is None:
        import multiprocessing

        process = multiprocessing.parent_process()
        parent = process.pid if process is not None else None
    if parent is not None and parent != os.getppid():
        os._exit(1)                            # the parent died before prctl took effect
