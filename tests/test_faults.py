"""Fault tests with real processes: SIGKILL in the middle of saves and backups, and a full disk.

Afterwards `zhongxin check` passes and everything committed before the fault is there. The
full disk is simulated twice: by RLIMIT_FSIZE in the worker (works anywhere, no root) and by a
tiny tmpfs (only where mounting is permitted, e.g. as root in CI)."""
from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import run_cli
from zhongxin_desktop.paths import DataDir

WORKER = Path(__file__).with_name("fault_worker.py")
ADMIN = {"user": "admin", "password": "Demo2026!"}


def _copy_template(template: Path, root: Path) -> DataDir:
    data = DataDir(root).ensure()
    src, dst = sqlite3.connect(template), sqlite3.connect(data.database)
    src.backup(dst)
    src.close()
    dst.close()
    return data


@pytest.fixture
def folder(demo_template, tmp_path) -> DataDir:
    return _copy_template(demo_template, tmp_path / "data")


def _spawn(mode: str, data: DataDir, **env) -> subprocess.Popen:
    full_env = {**os.environ, **{k: str(v) for k, v in env.items()}}
    return subprocess.Popen([sys.executable, str(WORKER), mode, str(data.root)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=full_env)


def _lines_until(proc: subprocess.Popen, done, timeout: float = 120) -> list[str]:
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line.strip())
        if done(lines):
            return lines
    proc.kill()
    raise AssertionError(f"worker stopped early: {lines[-3:]} {proc.stderr.read()}")


def _kill(proc: subprocess.Popen) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(30)
    assert proc.returncode == -signal.SIGKILL
    proc.stdout.close()
    proc.stderr.close()


def _case_ids(data: DataDir) -> set[str]:
    con = sqlite3.connect(data.database)
    try:
        return {r[0] for r in con.execute('SELECT id FROM "case"')}
    finally:
        con.close()


def _assert_check_passes(data: DataDir) -> None:
    r = run_cli("check", "--json", data=data)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["ok"] is True


def test_sigkill_during_a_loop_of_saves(folder):
    before = _case_ids(folder)
    proc = _spawn("saves", folder)
    committed = _lines_until(proc, lambda lines: len(lines) >= 15)
    _kill(proc)
    _assert_check_passes(folder)
    after = _case_ids(folder)
    assert set(committed) <= after and before <= after


def test_sigkill_inside_a_large_transaction_leaves_none_of_it(folder):
    before = _case_ids(folder)
    proc = _spawn("bulk", folder)
    lines = _lines_until(proc, lambda lines: lines[-1] == "bulk-deep")  # hundreds written, none committed
    _kill(proc)
    _assert_check_passes(folder)
    assert lines[-2:] == ["bulk-started", "bulk-deep"]
    committed = set(lines[:-2])
    assert len(committed) == 5
    assert _case_ids(folder) == before | committed  # all single saves, nothing of the killed bulk


def test_sigkill_in_the_middle_of_a_backup(folder):
    proc = _spawn("backup", folder)
    _lines_until(proc, lambda lines: len(lines) >= 3 and lines[-1].startswith("backup-progress"))
    _kill(proc)
    assert list(folder.backups.glob(".partial-*"))  # its leftover, as large as the copy so far
    _assert_check_passes(folder)
    r = run_cli("backup", "list", "--json", data=folder, **ADMIN)
    assert r.returncode == 0 and json.loads(r.stdout) == []  # the half-made backup is never offered
    assert not list(folder.backups.iterdir())  # the next start swept it: its writer is gone
    r = run_cli("backup", "create", data=folder, **ADMIN)
    assert r.returncode == 0, r.stderr
    assert run_cli("backup", "verify", data=folder, **ADMIN).returncode == 0


def test_file_size_limit_during_saves_gives_a_message(folder):
    before = _case_ids(folder)
    proc = _spawn("saves", folder, FAULT_FSIZE="+300000")
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1
    assert "磁盘空间不足" in err, err
    committed = set(out.split())
    assert committed, f"some saves fit before the limit: {err}"
    _assert_check_passes(folder)
    assert _case_ids(folder) == before | committed


def test_file_size_limit_during_a_backup_gives_a_message(folder):
    size = folder.database.stat().st_size
    proc = _spawn("backup", folder, FAULT_FSIZE=size // 2)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1 and "磁盘空间不足" in err, err
    assert "backup-done" not in out
    _assert_check_passes(folder)
    assert json.loads(run_cli("backup", "list", "--json", data=folder, **ADMIN).stdout) == []
    assert not list(folder.backups.glob(".partial-*"))  # cleaned up after the failure


@contextlib.contextmanager
def _tiny_disk(path: Path, size_kb: int):
    path.mkdir(parents=True)
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(path)],
                       capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here ({r.stderr.strip()}); "
                    "the RLIMIT_FSIZE tests cover the full disk")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


@pytest.mark.skipif(sys.platform != "linux" or os.geteuid() != 0, reason="tmpfs needs root on Linux; "
                    "the RLIMIT_FSIZE tests cover the full disk")
def test_real_full_disk_during_saves_and_backup(demo_template, tmp_path):
    # Room for the first saves, whose write-ahead log can near 400 KB when one carries a full-text
    # index merge, but not for a copy of the database, which a backup needs.
    db_kb = demo_template.stat().st_size // 1024
    size_kb = db_kb + min(2048, db_kb // 2)
    with _tiny_disk(tmp_path / "disk", size_kb) as disk:
        data = _copy_template(demo_template, disk / "data")
        r = run_cli("backup", "create", data=data, **ADMIN)  # no room for a copy of the database
        assert r.returncode == 1 and "磁盘空间不足" in r.stderr, r.stderr
        before = _case_ids(data)
        proc = _spawn("saves", data)
        out, err = proc.communicate(timeout=180)
        assert proc.returncode == 1 and "磁盘空间不足" in err, err
        committed = set(out.split())
        assert committed
        _assert_check_passes(data)
        assert _case_ids(data) == before | committed


def test_disk_full_is_recognised_under_nested_transactions(tmp_path):
    """A save nests atomic() blocks (case, parties, search index: savepoints). When SQLite rolls the
    whole transaction back on a full disk, every savepoint's rollback fails in turn ("no such
    savepoint") and the outer one says "cannot rollback": the cause sits deep in the chain and
    must still be named (seen as a flaky '已拒绝：cannot rollback' in the RLIMIT_FSIZE test)."""
    import peewee

    from zhongxin_desktop.store.db import disk_full_message

    db = peewee.SqliteDatabase(str(tmp_path / "nested.sqlite"))
    for depth in (0, 1, 2, 4):
        with pytest.raises(peewee.OperationalError) as info:
            with contextlib.ExitStack() as stack:
                for _ in range(depth + 1):
                    stack.enter_context(db.atomic())
                db.execute_sql("CREATE TABLE IF NOT EXISTS t(x)")
                try:  # what SQLITE_FULL does: the error, and the transaction rolled back by SQLite
                    raise sqlite3.OperationalError("database or disk is full")
                finally:
                    db.connection().rollback()
        assert "rollback" in str(info.value)  # the cause is hidden behind the failed rollbacks
        assert "磁盘空间不足" in (disk_full_message(info.value) or ""), depth
    assert disk_full_message(sqlite3.OperationalError("cannot rollback - no transaction is active")) is None
    db.close()
