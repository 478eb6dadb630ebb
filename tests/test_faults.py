"""Output folders under real faults, through the real CLI in real processes: two runs at once,
kill -9, SIGTERM over an earlier batch, a file that cannot be replaced mid-publish, a full disk
(output folder, TMPDIR, template cache; a small tmpfs where one can be mounted), a corrupt
template cache. Each run ends with its exit status and a Chinese message, no traceback, no
process left, no staging, backup, temporary or lock file left, and the earlier outputs intact."""

from __future__ import annotations

import csv
import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import edited
from test_workers import gone, roster_csv, start

psutil = pytest.importorskip("psutil")
pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX signals and mounts")

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


def run(args: list[str], cwd: Path, **env) -> subprocess.CompletedProcess:
    proc = start(args, cwd) if not env else _start_env(args, cwd, env)
    out, err = proc.communicate(timeout=180)
    assert no_stray(proc)
    return subprocess.CompletedProcess(args, proc.returncode, out, err)


def _start_env(args, cwd, env) -> subprocess.Popen:
    full = dict(os.environ, PYTHONPATH=str(ROOT), DOCGEN_CACHE=str(cwd / "cache"))
    full.update(env)
    return subprocess.Popen([sys.executable, "-m", "docgen", *args], cwd=cwd, env=full, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


def no_stray(proc: subprocess.Popen, timeout: float = 10) -> bool:
    """No process of the run's session is left (workers, resource tracker)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        left = []
        for p in psutil.process_iter():
            try:
                if p.pid != proc.pid and os.getsid(p.pid) == proc.pid and p.status() != psutil.STATUS_ZOMBIE:
                    left.append(p)
            except (OSError, psutil.Error):
                continue
        if not left:
            return True
        time.sleep(0.1)
    return False


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.name.startswith(".~") or p.name.endswith(".part"))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def consistent(folder: Path, unions: int) -> None:
    """One batch: a manifest row for each plaque in the folder, each plaque named in it, a proof."""
    with open(folder / "manifest.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    plaques = sorted(p.name for p in folder.glob("*.pdf") if p.name != "proof.pdf")
    assert len(rows) == unions and sorted(r["文件"] for r in rows) == plaques
    assert (folder / "proof.pdf").stat().st_size > 0


def staged(folder: Path, at_least: int, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while len(list(folder.glob(".~docgen-*/*.pdf"))) < at_least:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "nothing staged"
        time.sleep(0.05)


def family(proc: subprocess.Popen) -> list:
    return psutil.Process(proc.pid).children(recursive=True)


def quiet_error(result, code: int, *words: str) -> None:
    assert result.returncode == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "Error:" not in result.stderr, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


# --- concurrency and kill -9 ----------------------------------------------------------------------

def test_a_second_run_into_the_same_folder_waits_then_exits_naming_it(tmp_path):
    big = roster_csv(tmp_path / "big.csv", 120, officers=1)
    small = roster_csv(tmp_path / "small.csv", 6, officers=1)
    first = start(["plaques", str(big), "-o", "out", "--jobs", "2", "-q"], tmp_path)
    staged(tmp_path / "out", 4, first)
    os.kill(first.pid, signal.SIGSTOP)             # the first run holds the folder for certain
    try:
        second = run(["plaques", str(small), "-o", "out", "--jobs", "1", "-q"], tmp_path)
    finally:
        os.kill(first.pid, signal.SIGCONT)
    quiet_error(second, 1, "输出文件夹 out 正被另一个 docgen 运行使用", f"进程 {first.pid}")
    _, err = first.communicate(timeout=180)
    assert first.returncode == 0, err
    assert no_stray(first)
    consistent(tmp_path / "out", 120)               # the first run's batch, whole, nothing of the second
    assert leftovers(tmp_path / "out") == []


def test_a_second_run_waits_for_a_short_first_one(tmp_path):
    """The lock is waited for: a run that holds it for a moment delays the next, nothing more."""
    small = roster_csv(tmp_path / "small.csv", 6, officers=1)
    (tmp_path / "out").mkdir()
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time; from pathlib import Path; "
                               "from docgen.locking import folder_lock\n"
                               "with folder_lock(Path('out')):\n print('held', flush=True); time.sleep(1.5)"],
                              cwd=tmp_path, env=dict(os.environ, PYTHONPATH=str(ROOT)), stdout=subprocess.PIPE,
                              text=True)
    assert holder.stdout.readline().strip() == "held"
    second = run(["plaques", str(small), "-o", "out", "--jobs", "1", "-q"], tmp_path)
    holder.wait(timeout=30)
    assert second.returncode == 0, second.stderr
    consistent(tmp_path / "out", 6)
    assert leftovers(tmp_path / "out") == []


def test_kill_9_leaves_nothing_that_blocks_or_stays(tmp_path):
    big = roster_csv(tmp_path / "big.csv", 200, officers=1)
    small = roster_csv(tmp_path / "small.csv", 6, officers=1)
    proc = start(["plaques", str(big), "-o", "out", "--jobs", "2", "-q"], tmp_path)
    staged(tmp_path / "out", 8, proc)
    workers = family(proc)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    assert gone(workers)
    assert (tmp_path / "out" / ".~docgen.lock").exists() and list((tmp_path / "out").glob(".~docgen-*"))
    again = run(["plaques", str(small), "-o", "out", "--jobs", "1"], tmp_path)
    assert again.returncode == 0, again.stderr
    assert "已清理上次中断的运行" in again.stdout and f"进程 {proc.pid}" in again.stdout, again.stdout
    consistent(tmp_path / "out", 6)
    assert leftovers(tmp_path / "out") == []


def test_kill_9_of_a_sheet_batch_leaves_no_chunks_in_tmpdir(tmp_path):
    """Sheet products keep their chunks in TMPDIR under the run's pid: the next run removes what
    a run killed outright left there."""
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    big = roster_csv(tmp_path / "big.csv", 600, officers=3)
    small = roster_csv(tmp_path / "small.csv", 2, officers=1)
    proc = _start_env(["cards", str(big), "-o", "c.pdf", "--jobs", "2", "-q"], tmp_path, {"TMPDIR": str(scratch)})
    deadline = time.monotonic() + 90
    while not list(scratch.glob(".~docgen-*/chunk-*")) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    workers = family(proc)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    assert gone(workers)
    assert list(scratch.glob(".~docgen-*")), "the killed run should have left its chunk folder"
    again = run(["cards", str(small), "-o", "c.pdf", "--jobs", "1"], tmp_path, TMPDIR=str(scratch))
    assert again.returncode == 0, again.stderr
    assert list(scratch.iterdir()) == []
    assert "已清理上次中断的运行" in again.stdout, again.stdout


# --- one consistent batch -------------------------------------------------------------------------

def test_sigterm_over_an_earlier_batch_leaves_it_whole(tmp_path):
    small = roster_csv(tmp_path / "small.csv", 6, officers=1)
    big = roster_csv(tmp_path / "big.csv", 200, officers=1)
    assert run(["plaques", str(small), "-o", "out", "-q"], tmp_path).returncode == 0
    earlier = snapshot(tmp_path / "out")
    proc = start(["plaques", str(big), "-o", "out", "--jobs", "2", "-q"], tmp_path)
    staged(tmp_path / "out", 12, proc)
    workers = family(proc)
    os.kill(proc.pid, signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, err
    assert "已中断" in err and "均未写入" in err and "Traceback" not in err, err
    assert gone(workers) and no_stray(proc)
    assert snapshot(tmp_path / "out") == earlier
    consistent(tmp_path / "out", 6)
    assert leftovers(tmp_path / "out") == []


def test_a_plaque_that_cannot_be_replaced_rolls_the_batch_back(tmp_path):
    roster = roster_csv(tmp_path / "unions.csv", 8, officers=1)
    assert run(["plaques", str(roster), "-o", "out", "-q"], tmp_path).returncode == 0
    plaques = sorted(p for p in (tmp_path / "out").glob("0*.pdf"))
    plaques[5].chmod(0o444)                          # the sixth cannot be replaced
    earlier = snapshot(tmp_path / "out")
    result = run(["plaques", str(roster), "-o", "out", "--color", "red", "-q"], tmp_path)
    quiet_error(result, 1, plaques[5].name, "只读", "已撤回")
    assert snapshot(tmp_path / "out") == earlier
    assert leftovers(tmp_path / "out") == []


def test_a_failing_replace_mid_publish_rolls_back(tmp_path, monkeypatch):
    """Where a real fault cannot be arranged: the fourth rename fails (EIO, ENOSPC)."""
    from docgen import output, publish
    from docgen.errors import EnvironmentProblem

    jobs = [publish.Job(f"{i}.txt", i) for i in range(6)] + [publish.Job("manifest.csv", 99, whole=True)]
    publish.run(tmp_path, jobs, _old, quiet=True)
    earlier = snapshot(tmp_path)
    for code in (errno.EIO, errno.ENOSPC):
        real, calls = os.replace, []

        def failing(src, dst, code=code, real=real, calls=calls):
            if Path(dst) == tmp_path / "3.txt" and Path(src).name == "3.txt":     # publishing it
                raise OSError(code, os.strerror(code))
            calls.append(dst)
            return real(src, dst)

        monkeypatch.setattr(output.os, "replace", failing)
        with pytest.raises(EnvironmentProblem) as info:
            publish.run(tmp_path, jobs, _new, quiet=True)
        monkeypatch.undo()
        assert "3.txt" in info.value.message and "已撤回" in info.value.message
        assert calls                                 # something had been replaced, and was undone
        assert snapshot(tmp_path) == earlier
        assert leftovers(tmp_path) == []


def _old(n: int) -> bytes:
    return f"old {n}".encode()


def _new(n: int) -> bytes:
    return f"new {n}".encode()


def test_all_rolls_back_every_product_when_one_fails(sample_dir, monkeypatch):
    """`all` publishes every product or none: the plaques' publish fails after the boards and
    the documents were replaced; all of them come back."""
    first = run(["all", "county.toml", "-o", "out", "-q"], sample_dir)
    assert first.returncode == 0, first.stderr
    earlier = snapshot(sample_dir / "out")
    plaque = next((sample_dir / "out" / "牌匾").glob("01-*.pdf"))
    plaque.chmod(0o444)
    changed(sample_dir / "county.toml")
    result = run(["all", "county.toml", "-o", "out", "-q"], sample_dir)
    quiet_error(result, 1, "只读", "已撤回本次写出的")
    assert snapshot(sample_dir / "out") == earlier
    assert leftovers(sample_dir / "out") == []


def test_sigterm_during_all_takes_back_every_product(tmp_path):
    roster = roster_csv(tmp_path / "unions.csv", 60, officers=1)
    assert run(["all", str(roster), "-o", "out", "-q"], tmp_path).returncode == 0
    earlier = snapshot(tmp_path / "out")
    roster_csv(roster, 90, officers=1)                               # 30 more unions: more files
    proc = start(["all", str(roster), "-o", "out", "--jobs", "2", "-q"], tmp_path)
    staged(tmp_path / "out" / "牌匾", 8, proc)                        # the last product, the others published
    os.kill(proc.pid, signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, err
    assert "已中断" in err and "已撤回本次写出的" in err and "Traceback" not in err, err
    assert no_stray(proc)
    assert snapshot(tmp_path / "out") == earlier
    assert leftovers(tmp_path / "out") == []


def changed(toml: Path) -> None:
    """Another date and colour: every product of the next run differs from the earlier ones."""
    edited(toml, "date = 2012-05-03", "date = 2012-05-04")
    edited(toml, 'plaque_color = "black"', 'plaque_color = "red"')


# --- full disk: a small tmpfs ---------------------------------------------------------------------

@pytest.fixture
def small_disk(tmp_path):
    """A 1 MB tmpfs at tmp_path/disk (unmounted afterwards); skipped where it cannot be mounted."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root; the full-disk cases were not run")
    if not shutil.which("mount"):
        pytest.skip("no mount command here; the full-disk cases were not run")
    disk = tmp_path / "disk"
    disk.mkdir()

    def mount(size: str) -> Path:
        subprocess.run(["umount", str(disk)], capture_output=True)
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(disk)],
                              capture_output=True, text=True)
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip()}); the full-disk cases were not run")
        return disk

    mount("1m")
    yield mount
    subprocess.run(["umount", str(disk)], capture_output=True)


def fill(disk: Path, leave_kb: int) -> None:
    free = shutil.disk_usage(disk).free
    (disk / "filler").write_bytes(b"\0" * max(0, free - leave_kb * 1024))


def test_full_output_folder(tmp_path, small_disk):
    small = roster_csv(tmp_path / "small.csv", 6, officers=1)
    big = roster_csv(tmp_path / "big.csv", 120, officers=1)
    out = small_disk("1m") / "out"
    assert run(["plaques", str(small), "-o", str(out), "-q"], tmp_path).returncode == 0
    earlier = snapshot(out)
    result = run(["plaques", str(big), "-o", str(out), "--jobs", "2", "-q"], tmp_path)
    quiet_error(result, 1, str(out), "磁盘空间不足")
    assert snapshot(out) == earlier
    assert leftovers(out) == []


def test_full_output_folder_all_or_none(sample_dir, small_disk):
    disk = small_disk("2m")                          # one set fits, two (old kept until the end) do not
    first = run(["all", "county.toml", "-o", str(disk / "all"), "-q"], sample_dir)
    assert first.returncode == 0, first.stderr
    earlier = snapshot(disk / "all")
    changed(sample_dir / "county.toml")
    again = run(["all", "county.toml", "-o", str(disk / "all"), "-q"], sample_dir)
    quiet_error(again, 1, "磁盘空间不足", str(disk / "all"), "已撤回本次写出的")
    assert snapshot(disk / "all") == earlier
    assert leftovers(disk) == []


def test_full_tmpdir(tmp_path, small_disk):
    roster = roster_csv(tmp_path / "officers.csv", 300)
    disk = small_disk("1m")
    fill(disk, 48)                                   # room for Python's probe, none for the sheets
    (tmp_path / "胸卡.pdf").write_bytes(b"earlier")
    result = run(["badges", str(roster), "--layout", "badge-qr", "-o", "胸卡.pdf", "--jobs", "2", "-q"], tmp_path,
                 TMPDIR=str(disk))
    quiet_error(result, 1, str(disk), "磁盘空间不足", "TMPDIR")
    assert (tmp_path / "胸卡.pdf").read_bytes() == b"earlier"
    assert leftovers(tmp_path) == [] and sorted(p.name for p in disk.iterdir()) == ["filler"]


def test_full_cache_folder_is_no_failure(sample_dir, small_disk):
    disk = small_disk("1m")
    (disk / "cache").mkdir()
    fill(disk, 0)
    result = run(["plan", "county.toml", "-o", "plan.docx", "-q"], sample_dir, DOCGEN_CACHE=str(disk / "cache"))
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert (sample_dir / "plan.docx").stat().st_size > 0


# --- the template cache -----------------------------------------------------------------------------

def test_a_corrupt_cache_entry_is_compiled_afresh(sample_dir):
    import zipfile

    cache = sample_dir / "cache" / "templates"
    assert run(["plan", "county.toml", "-o", "a.docx", "-q"], sample_dir).returncode == 0
    entries = sorted(cache.glob("*.cache"))
    assert len(entries) > 3
    whole = entries[0].read_bytes()
    entries[0].write_bytes(whole[: len(whole) // 2])                 # truncated
    entries[1].write_bytes(whole[:30] + os.urandom(200))              # a valid header, garbage code
    entries[2].write_bytes(b"garbage")
    result = run(["plan", "county.toml", "-o", "b.docx", "-q"], sample_dir)
    assert result.returncode == 0 and result.stderr == "", result.stderr

    def body(name):
        with zipfile.ZipFile(sample_dir / name) as z:
            return z.read("word/document.xml")

    assert body("a.docx") == body("b.docx")
    assert run(["plan", "county.toml", "-o", "c.docx", "-q"], sample_dir).returncode == 0   # and again


def test_an_unusable_cache_folder_is_no_failure(sample_dir):
    (sample_dir / "not-a-folder").write_text("x")
    result = run(["plan", "county.toml", "-o", "a.docx", "-q"], sample_dir,
                 DOCGEN_CACHE=str(sample_dir / "not-a-folder"))
    assert result.returncode == 0 and result.stderr == "", result.stderr
