"""Recovery without surprises, with real processes and files: an emptied or deleted database in a
folder that was in use, a killed demo, a restore killed around its file swap, the leftovers of
killed work, and an old file's audit head."""
from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import run_cli
from test_faults import _assert_check_passes, _case_ids, _copy_template, _kill, _lines_until, _spawn
from zhongxin_desktop.paths import DataDir

ADMIN = {"user": "admin", "password": "Demo2026!"}


@pytest.fixture
def folder(demo_template, tmp_path) -> DataDir:
    return _copy_template(demo_template, tmp_path / "data")


def _backed_up(folder: DataDir) -> set[str]:
    r = run_cli("backup", "create", data=folder, **ADMIN)
    assert r.returncode == 0, r.stderr
    return _case_ids(folder)


def _audit_actions(data: DataDir) -> list[tuple[str, str]]:
    con = sqlite3.connect(f"file:{data.database}?mode=ro", uri=True)
    try:
        return [(a, o) for a, o in con.execute("SELECT action, outcome FROM audit_event ORDER BY seq")]
    finally:
        con.close()


# --- an emptied or deleted database ------------------------------------------------------------

@pytest.mark.parametrize("damage", ["truncate", "delete"])
def test_an_emptied_or_deleted_database_is_damage_and_the_backup_brings_it_back(folder, damage):
    cases = _backed_up(folder)
    if damage == "truncate":
        os.truncate(folder.database, 0)
    else:
        folder.database.unlink()
    for args in (("cases", "list"), ("init", "--township-code", "520102001", "--name", "新镇", "--committee", "新",
                                     "--admin", "boss"), ("demo", "--cases", "3")):
        r = run_cli(*args, data=folder, **ADMIN)
        assert r.returncode == 1, (args, r.stderr)
        assert ("空文件（0 字节）" if damage == "truncate" else "不存在") in r.stderr
        assert "backup restore" in r.stderr and "不是新的中心" in r.stderr
        # never an empty database built over the file
        assert (folder.database.stat().st_size == 0) if damage == "truncate" else not folder.database.exists()
    r = run_cli("check", data=folder)
    assert r.returncode == 1 and "backup restore" in r.stderr
    # the backup's own users sign in: a wrong password or a role without the permission changes nothing
    r = run_cli("backup", "restore", data=folder, user="admin", password="wrong-one-2026")
    assert r.returncode == 1 and "以备份中的账户为准" in r.stderr, r.stderr
    r = run_cli("backup", "restore", data=folder, user="dengji", password="Demo2026!")
    assert r.returncode == 1 and "无权恢复" in r.stderr, r.stderr
    assert (folder.database.stat().st_size == 0) if damage == "truncate" else not folder.database.exists()
    r = run_cli("backup", "restore", data=folder, **ADMIN)
    assert r.returncode == 0, r.stderr
    assert _case_ids(folder) == cases
    _assert_check_passes(folder)
    if damage == "truncate":  # the emptied file is kept for the technicians
        [kept] = folder.backups.glob("corrupt-*/zhongxin.sqlite")
        assert kept.stat().st_size == 0
    r = run_cli("cases", "list", "--json", "--limit", "5", data=folder, **ADMIN)
    assert r.returncode == 0 and len(json.loads(r.stdout)) == 5


@pytest.mark.parametrize("sign", ["keys", "attachments", "wal"])
def test_keys_attachments_or_a_write_ahead_log_also_mark_a_folder_in_use(tmp_path, sign):
    data = DataDir(tmp_path / "data").ensure()
    if sign == "keys":
        (data.keys / "sign.key").write_bytes(b"k" * 32)
    elif sign == "attachments":
        (data.attachments / "ab").mkdir()
        (data.attachments / "ab" / ("ab" + "0" * 62)).write_bytes(b"%PDF-1.4")
    else:
        Path(f"{data.database}-wal").write_bytes(b"\x37\x7f\x06\x82" + b"\0" * 60)
    r = run_cli("init", "--township-code", "520102001", "--name", "新镇", "--committee", "新", "--admin", "boss",
                data=data, password="Boss2026pass")
    assert r.returncode == 1 and "不是新的中心" in r.stderr
    assert not data.database.exists()


def test_a_truly_new_folder_is_still_a_new_center(tmp_path):
    data = DataDir(tmp_path / "data")
    data.ensure()
    data.database.touch()  # an empty file and nothing else: nothing was ever here
    r = run_cli("init", "--township-code", "520102001", "--name", "新镇", "--committee", "新", "--admin", "boss",
                data=data, password="Boss2026pass")
    assert r.returncode == 0, r.stderr
    _assert_check_passes(data)


# --- a killed demo -------------------------------------------------------------------------------

def test_a_killed_demo_leaves_no_half_made_township_and_demo_runs_again(tmp_path):
    data = DataDir(tmp_path / "data")
    env = {**os.environ, "ZHONGXIN_DATA_DIR": str(data.root)}
    proc = subprocess.Popen([sys.executable, "-m", "zhongxin_desktop", "demo", "--cases", "20000"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    building: list[Path] = []
    while time.monotonic() < deadline and not building:  # its file is being filled: users and villages are in
        assert proc.poll() is None, proc.stderr.read()
        building = [p for p in data.root.glob(".partial-*demo.sqlite*") if p.stat().st_size > 200_000]
        time.sleep(0.02)
    assert building, "the demo never started building"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(30)
    proc.stderr.close()
    assert not data.database.exists()  # nothing half made where the database belongs
    r = run_cli("demo", "--cases", "8", "--seed", "3", data=data)
    assert r.returncode == 0, r.stderr
    assert not list(data.root.glob(".partial-*"))  # the killed build's file was swept
    assert len(_case_ids(data)) == 8
    con = sqlite3.connect(data.database)
    assert con.execute("SELECT count(*) FROM user").fetchone()[0] == 5
    con.close()
    _assert_check_passes(data)
    r = run_cli("demo", data=data)
    assert r.returncode == 1 and "已有数据" in r.stderr


# --- a restore killed around its swap ------------------------------------------------------------

def _add_a_case(folder: DataDir) -> None:
    path = folder.root.parent / "one.json"
    path.write_text(json.dumps({"category": "邻里", "source": "来访", "facts": "备份之后登记的纠纷",
                                "parties": [{"name": "张三"}, {"name": "李四", "role": "被申请人"}]},
                               ensure_ascii=False), encoding="utf-8")
    r = run_cli("cases", "add", "--json", str(path), data=folder, **ADMIN)
    assert r.returncode == 0, r.stderr


def test_a_restore_killed_just_after_the_swap_is_complete_at_the_next_start(folder):
    at_backup = _backed_up(folder)
    _add_a_case(folder)
    assert _case_ids(folder) > at_backup
    proc = _spawn("restore-after-swap", folder)
    _lines_until(proc, lambda lines: lines[-1] == "swapped")
    _kill(proc)
    assert (folder.root / "zhongxin.sqlite-restore").exists()  # the journal of the interrupted restore
    # the very first command after the kill is `check`: clean, and nothing to undo
    r = run_cli("check", "--json", data=folder)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["ok"] is True
    assert "恢复已完成" in r.stderr
    assert not (folder.root / "zhongxin.sqlite-restore").exists()
    assert _case_ids(folder) == at_backup  # the backup's data, as the restore meant
    assert ("backup_restore", "ok") in _audit_actions(folder)
    assert not list(folder.root.glob(".partial-*"))
    _assert_check_passes(folder)


def test_a_restore_killed_just_before_the_swap_leaves_the_database_as_it_was(folder):
    _backed_up(folder)
    _add_a_case(folder)
    before = _case_ids(folder)
    proc = _spawn("restore-before-swap", folder)
    _lines_until(proc, lambda lines: lines[-1] == "swap-next")
    _kill(proc)
    assert list(folder.root.glob(".partial-*restore.sqlite"))  # the prepared copy, never moved in
    r = run_cli("check", "--json", data=folder)
    assert r.returncode == 0 and json.loads(r.stdout)["ok"] is True, r.stderr
    assert "替换数据库之前被中断" in r.stderr
    assert _case_ids(folder) == before
    assert _audit_actions(folder)[-1] == ("backup_restore", "failed")
    assert not list(folder.root.glob(".partial-*")) and not (folder.root / "zhongxin.sqlite-restore").exists()


# --- leftovers of killed work ---------------------------------------------------------------------

def test_leftovers_of_killed_work_are_swept_but_never_a_live_writers_or_the_users_files(folder):
    users_files = [folder.backups / "我的说明.txt", folder.exports / "台账.xlsx", folder.root / ".hidden-note",
                   folder.exports / "partial-report.xlsx"]
    for f in users_files:
        f.write_text("用户自己的文件", encoding="utf-8")
    proc = _spawn("leftovers", folder)
    _lines_until(proc, lambda lines: lines[-1] == "leftovers-ready")
    leftovers = sorted(p for p in folder.root.rglob(".partial-*"))
    assert len(leftovers) == 4
    # another instance still writes them: a command started meanwhile leaves them alone
    assert run_cli("cases", "list", "--limit", "1", data=folder).returncode == 0
    assert sorted(folder.root.rglob(".partial-*")) == leftovers
    _kill(proc)
    assert run_cli("cases", "list", "--limit", "1", data=folder).returncode == 0
    assert not list(folder.root.rglob(".partial-*"))
    assert all(f.read_text(encoding="utf-8") == "用户自己的文件" for f in users_files)


def test_a_killed_bundle_export_and_backup_leave_nothing_after_the_next_start(folder):
    from zhongxin_desktop.store import tempfiles

    old = [folder.backups / ".partial-a1b2c3d4.sqlite", folder.backups / ".zhongxin-20250101-000000-manual.json.tmp",
           folder.exports / "zhongxin-520102001-2026-01.zxb.part", folder.root / ".restore-20250101000000.sqlite"]
    for f in old:  # names written by earlier versions, an hour old
        f.write_bytes(b"x" * 1000)
        os.utime(f, (time.time() - 2 * tempfiles.LEGACY_AGE_S,) * 2)
    fresh = folder.exports / "other.zxb.part"  # not an hour old: an older version may still write it
    fresh.write_bytes(b"x")
    assert run_cli("backup", "list", data=folder).returncode == 0
    assert not any(f.exists() for f in old) and fresh.exists()


# --- an old file's audit head ---------------------------------------------------------------------

def test_the_0_1_0_file_passes_check_before_and_after_its_first_opening(tmp_path):
    fixture = Path(__file__).parent / "fixtures" / "db-v0.1.0-schema1.sqlite"
    data = DataDir(tmp_path / "data").ensure()
    shutil.copyfile(fixture, data.database)
    _assert_check_passes(data)  # not yet upgraded: it cannot have a head
    r = run_cli("cases", "list", data=data)  # opened (and upgraded) without anyone signing in
    assert r.returncode == 0, r.stderr
    r = run_cli("check", "--json", data=data)
    assert r.returncode == 0 and json.loads(r.stdout)["ok"] is True, r.stderr + r.stdout
    con = sqlite3.connect(data.database)
    head = json.loads(con.execute("SELECT value FROM setting WHERE key = 'audit_head'").fetchone()[0])
    last = con.execute("SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1").fetchone()
    assert (head["seq"], head["hash"]) == tuple(last)
    con.execute("DELETE FROM audit_event WHERE seq = ?", (last[0],))  # the tail cut after the upgrade
    con.commit()
    con.close()
    r = run_cli("check", data=data)
    assert r.returncode == 1 and "末尾被删除" in r.stderr
