"""Worker processes under faults, with real signals sent to real batches (real processes):
Ctrl-C, SIGTERM and SIGHUP end a run with its exit status and a Chinese message saying how far
it got, finished files stay whole, and no worker outlives docgen, even after kill -9."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

psutil = pytest.importorskip("psutil")
pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX signals")

ROOT = Path(__file__).resolve().parent.parent


def roster_csv(path: Path, unions: int, officers: int = 3) -> Path:
    rows = ["工会名称,姓名,职务,办公电话,手机"]
    given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"
    for u in range(unions):
        union = f"安徽岳西第{u + 1}机械制造有限公司工会委员会"
        for k in range(officers):
            name = "张王李赵刘陈杨黄"[(u + k) % 8] + given[(u * 3 + k) % len(given)] + given[(u + 7 * k) % len(given)]
            role = ("主席", "副主席", "副主席")[k]
            rows.append(f"{union},{name},{role},0556-21{u % 100:02d}5{k}3,139{u:04d}{k:04d}")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def start(args: list[str], cwd: Path, **more_env: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT), DOCGEN_CACHE=str(cwd / "cache"), **more_env)
    return subprocess.Popen([sys.executable, "-m", "docgen", *args], cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


def workers_of(proc: subprocess.Popen, count: int, timeout: float = 60) -> list:
    """The docgen worker processes once `count` of them run (the resource tracker is not one)."""
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [c for c in parent.children(recursive=True) if "docgen.workers" in " ".join(_cmdline(c))
                 or "spawn_main" in " ".join(_cmdline(c))]
        if len(found) >= count:
            return found
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    raise AssertionError("no workers started")


def _cmdline(p) -> list[str]:
    try:
        return p.cmdline()
    except psutil.Error:
        return []


def gone(processes: list, timeout: float = 10) -> bool:
    _, alive = psutil.wait_procs(processes, timeout=timeout)
    return not alive


@pytest.fixture(scope="module")
def big_roster(tmp_path_factory) -> Path:
    return roster_csv(tmp_path_factory.mktemp("roster") / "roster.csv", 400)


@pytest.mark.parametrize("signum, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_signal_during_sheets_batch(signum, code, big_roster, tmp_path):
    (tmp_path / "胸卡.pdf").write_bytes(b"earlier")
    proc = start(["badges", str(big_roster), "--layout", "badge-qr", "-o", "胸卡.pdf", "--jobs", "2"], tmp_path)
    workers_of(proc, 1)
    time.sleep(1.0)                                   # well inside the drawing
    family = psutil.Process(proc.pid).children(recursive=True)
    if signum == signal.SIGINT:
        os.killpg(proc.pid, signum)                   # Ctrl-C: the terminal signals the whole group
    else:
        os.kill(proc.pid, signum)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == code, err
    assert "已中断" in err and "已绘制" in err and "Traceback" not in err, err
    assert (tmp_path / "胸卡.pdf").read_bytes() == b"earlier"           # the earlier output untouched
    assert gone(family)                                              # workers and the resource tracker
    assert not list(tmp_path.glob("*.tmp*")) and not list(tmp_path.glob(".~*"))


def test_sigterm_during_folder_batch_keeps_finished_files_whole(tmp_path):
    import pypdfium2 as pdfium

    roster = roster_csv(tmp_path / "unions.csv", 300, officers=1)
    proc = start(["plaques", str(roster), "-o", "out", "--jobs", "2", "--size", "enterprise"], tmp_path)
    workers = workers_of(proc, 1)
    deadline = time.monotonic() + 60
    while len(list((tmp_path / "out").glob(".~docgen-*/*.pdf"))) < 20 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 143, err
    assert "已中断" in err and "完成" in err and "Traceback" not in err, err
    assert gone(workers)
    files = sorted((tmp_path / "out").glob("*.pdf"))
    assert files and not list((tmp_path / "out").glob(".~docgen-*"))
    for path in files:                                # every published plaque opens whole
        doc = pdfium.PdfDocument(str(path))
        assert len(doc) >= 1
        doc.close()


def test_workers_end_when_docgen_is_killed(big_roster, tmp_path):
    proc = start(["badges", str(big_roster), "--layout", "badge-qr", "-o", "胸卡.pdf", "--jobs", "2"], tmp_path)
    workers_of(proc, 1)
    time.sleep(0.5)
    family = psutil.Process(proc.pid).children(recursive=True)      # workers and the resource tracker
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    assert gone(family, timeout=10)


def test_a_staging_folder_of_a_killed_run_is_removed_by_the_next(tmp_path):
    roster = roster_csv(tmp_path / "unions.csv", 6, officers=1)
    out = tmp_path / "out"
    (out / ".~docgen-999999999-abc").mkdir(parents=True)                 # no such process
    (out / ".~docgen-999999999-abc" / "a.pdf").write_bytes(b"half")
    proc = start(["plaques", str(roster), "-o", "out", "--jobs", "1", "-q"], tmp_path)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert not list(out.glob(".~docgen-*"))


def test_a_task_the_worker_cannot_read_ends_the_batch_instead_of_hanging(tmp_path, monkeypatch):
    """A worker whose task cannot be unpickled (here: a module added to this process's path after
    the worker started) stops; the batch reports it rather than wait for it forever."""
    from docgen.errors import EnvironmentProblem
    from docgen.workers import Batch

    batch = Batch(print, None, 2)
    with pytest.raises(EnvironmentProblem, match="工作进程意外退出"), batch as results:
        (tmp_path / "late_module.py").write_text("def double(x):\n    return 2 * x\n", encoding="utf-8")
        monkeypatch.syspath_prepend(str(tmp_path))
        from late_module import double

        batch.fn = double
        batch.tasks = [(k,) for k in range(50)]
        for _ in results:
            pass


# --- a worker that dies: one Chinese message, exit 1, nothing written, nothing left running -----

STOPPED = "错误：工作进程意外退出（被信号 9 终止），批处理未完成；请检查内存是否不足，或改用 --jobs 1 重试"


def killed(worker) -> None:
    worker.process.kill()
    worker.process.join()


def test_a_task_for_a_worker_that_died_says_the_worker_stopped():
    """Handing a task to a worker that died writes into a pipe nobody reads (EPIPE): that is the
    worker stopping, not a folder that cannot be written."""
    from docgen.errors import EnvironmentProblem
    from docgen.workers import Batch

    batch = Batch(time.sleep, [(0.01,)] * 20, 2)
    with pytest.raises(EnvironmentProblem) as info, batch as results:
        killed(batch.workers[0])
        for _ in results:
            pass
    assert info.value.message == STOPPED.removeprefix("错误：")
    assert not batch.workers


def test_how_a_worker_ended_is_said_in_chinese():
    from docgen.errors import EnvironmentProblem
    from docgen.workers import Batch, ending

    batch = Batch(time.sleep, None, 2)
    with batch:
        worker = batch.workers[0]
        worker.give(0, (3,), os._exit)                  # the worker exits by itself with status 3
        with pytest.raises(EnvironmentProblem, match=r"工作进程意外退出（退出码 3），批处理未完成"):
            while True:
                worker.answer()
    batch = Batch(time.sleep, None, 2)
    with batch:
        worker = batch.workers[0]
        worker.give(0, (30,), time.sleep)
        os.kill(worker.process.popen.pid, signal.SIGSEGV)
        with pytest.raises(EnvironmentProblem, match=r"工作进程意外退出（被信号 11 终止），批处理未完成"):
            while True:
                worker.answer()
    assert ending(None) == ""                           # not yet reaped: no "退出码 None"


def test_an_early_worker_that_died_before_its_batch_ends_the_batch():
    from docgen.errors import EnvironmentProblem
    from docgen.workers import _EARLY, Batch, running, started_early

    with started_early(1):
        killed(_EARLY[0])
        with pytest.raises(EnvironmentProblem, match="被信号 9 终止"), Batch(time.sleep, [(0,)] * 4, 2) as results:
            list(results)
    assert not running()


def test_a_worker_killed_while_badges_are_drawn(big_roster, tmp_path):
    """The field trial's case: the worker of `badges --jobs 2` killed mid-batch."""
    (tmp_path / "胸卡.pdf").write_bytes(b"earlier")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    proc = start(["badges", str(big_roster), "--layout", "badge-qr", "-o", "胸卡.pdf", "--jobs", "2"], tmp_path,
                 TMPDIR=str(scratch))
    workers = workers_of(proc, 1)
    deadline = time.monotonic() + 60
    while len(list(scratch.glob(".~docgen-*/chunk-*.pdf"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)                              # drawing: the worker has chunks to do
    family = psutil.Process(proc.pid).children(recursive=True)
    for worker in workers:
        worker.kill()
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 1, err
    assert err.strip() == STOPPED                     # not "无法写入 .：系统错误 EPIPE"
    assert (tmp_path / "胸卡.pdf").read_bytes() == b"earlier"
    assert not list(tmp_path.glob(".~*")) and not list(scratch.iterdir())     # no chunk nor staging left
    assert gone(family)


def test_a_check_whose_worker_is_killed(tmp_path):
    """A check of a big roster runs in two processes; its worker killed at any point before it
    is done ends the check with the same message (never "退出码 None")."""
    roster = roster_csv(tmp_path / "unions.csv", 1300)         # 3,900 officers of 1,300 unions: two processes
    proc = start(["check", str(roster), "--jobs", "2"], tmp_path)
    workers = workers_of(proc, 1)
    for worker in workers:
        worker.kill()
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 1, out + err
    assert err.strip() == STOPPED
    assert gone(workers)
