"""SIGKILL in the middle of the real bulk commands of the other areas: a large `cases add`, a
ledger import and a ledger export. Afterwards `zhongxin check` passes, everything committed
before is there and nothing of the killed transaction is.

These commands belong to the cases and statistics areas, all merged: the tests run them plainly."""
from __future__ import annotations

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
from test_faults import _assert_check_passes, _case_ids, _copy_template
from zhongxin_desktop.paths import DataDir

ADMIN = {"user": "admin", "password": "Demo2026!"}
pytestmark = pytest.mark.slow


def _start(data: DataDir, *args: str) -> subprocess.Popen:
    env = {**os.environ, "ZHONGXIN_DATA_DIR": str(data.root), "ZHONGXIN_USER": "admin",
           "ZHONGXIN_PASSWORD": "Demo2026!"}
    return subprocess.Popen([sys.executable, "-m", "zhongxin_desktop", *args], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _kill_inside_write_transaction(proc: subprocess.Popen, data: DataDir, what: str, limit: float = 120) -> None:
    """SIGKILL the moment the command holds SQLite's write lock (its one big transaction is open):
    a probe connection that cannot BEGIN IMMEDIATE without waiting proves the lock is held."""
    probe = sqlite3.connect(data.database, timeout=0, isolation_level=None)
    deadline = time.monotonic() + limit
    try:
        while time.monotonic() < deadline:
            assert proc.poll() is None, f"{what} finished before its transaction was seen: make the workload bigger"
            try:
                probe.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError:  # locked: the writer is mid-transaction
                os.kill(proc.pid, signal.SIGKILL)
                break
            probe.execute("ROLLBACK")
            time.sleep(0.005)
        else:
            raise AssertionError(f"{what} never opened its write transaction within {limit} s")
    finally:
        probe.close()
    proc.wait(30)
    proc.stderr.close()


def _cases_json(path: Path, n: int, tag: str) -> Path:
    rows = [{"category": "邻里", "source": "来访", "facts": f"{tag}第{i}件：因排水沟改道发生争执，" * 4,
             "parties": [{"name": "张三", "phone": "13812345678"}, {"name": "李四", "role": "被申请人"}]}
            for i in range(n)]
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def folder(demo_template, tmp_path) -> DataDir:
    return _copy_template(demo_template, tmp_path / "data")


def _wait_until_it_reads(proc: subprocess.Popen, data: DataDir, limit: float = 120) -> None:
    """Wait (by polling, not a fixed sleep) until the process has the database file open."""
    fds = Path(f"/proc/{proc.pid}/fd")
    target = data.database.resolve()
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the export finished before it was seen reading: make the workload bigger"
        try:
            if any(Path(os.readlink(fd)) == target for fd in fds.iterdir()):
                return
        except OSError:  # an fd closed while we listed them: look again
            pass
        time.sleep(0.005)
    raise AssertionError(f"the export never opened the database within {limit} s")


def test_sigkill_during_a_large_cases_add(folder, tmp_path):
    r = run_cli("cases", "add", "--json", str(_cases_json(tmp_path / "few.json", 3, "先")), data=folder, **ADMIN)
    assert r.returncode == 0, r.stderr
    committed = {row["id"] for row in json.loads(r.stdout)}
    before = _case_ids(folder)
    assert committed <= before
    # the same parties as the three above: a duplicate the command refuses unless told otherwise
    proc = _start(folder, "cases", "add", "--allow-duplicate", "--json",
                  str(_cases_json(tmp_path / "many.json", 2500, "后")))
    _kill_inside_write_transaction(proc, folder, "cases add")
    _assert_check_passes(folder)
    assert _case_ids(folder) == before  # every earlier record, nothing of the killed list


def test_sigkill_during_a_ledger_import_and_a_ledger_export(folder, tmp_path):
    sys.path.insert(0, str(Path(__file__).parent))
    from ledger_fixtures import build_big_ledger

    ledger = build_big_ledger(tmp_path / "big.xlsx", 6000)
    before = _case_ids(folder)
    proc = _start(folder, "cases", "import-ledger", str(ledger))
    _kill_inside_write_transaction(proc, folder, "import-ledger")
    _assert_check_passes(folder)
    assert _case_ids(folder) == before  # the import is one transaction: none of it

    out = tmp_path / "ledger.xlsx"
    r = run_cli("cases", "add", "--json", str(_cases_json(tmp_path / "more.json", 1500, "导")), data=folder, **ADMIN)
    assert r.returncode == 0, r.stderr
    before = _case_ids(folder)
    proc = _start(folder, "report", "ledger", "--out", str(out))
    _wait_until_it_reads(proc, folder)
    os.kill(proc.pid, signal.SIGKILL)  # an export only reads: the database must not care when
    proc.wait(30)
    proc.stderr.close()
    _assert_check_passes(folder)
    assert _case_ids(folder) == before
    r = run_cli("report", "ledger", "--out", str(out), data=folder, **ADMIN)
    assert r.returncode == 0, r.stderr
    import openpyxl

    assert openpyxl.load_workbook(out, read_only=True).worksheets  # the re-run's file opens


def test_check_reads_without_writing(folder):
    """`zhongxin check` never writes: the file's bytes are unchanged."""
    con = sqlite3.connect(folder.database)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    before = folder.database.read_bytes()
    _assert_check_passes(folder)
    assert folder.database.read_bytes() == before
