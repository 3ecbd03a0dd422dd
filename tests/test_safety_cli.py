"""backup / check / audit through the real command."""
import json
import sqlite3

import pytest

from helpers import run_cli
from zhongxin_desktop.paths import DataDir

ADMIN = {"user": "admin", "password": "Demo2026!"}


@pytest.fixture
def demo_folder(tmp_path):
    data = DataDir(tmp_path / "data")
    r = run_cli("demo", "--cases", "12", "--seed", "9", data=data)
    assert r.returncode == 0, r.stderr
    return data


def _count(data: DataDir, table: str) -> int:
    con = sqlite3.connect(data.database)
    try:
        return con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
    finally:
        con.close()


def test_backup_create_list_verify_restore_end_to_end(demo_folder):
    r = run_cli("backup", "create", "--json", data=demo_folder, **ADMIN)
    assert r.returncode == 0, r.stderr
    made = json.loads(r.stdout)
    cases_before = _count(demo_folder, "case")
    # a change after the backup
    con = sqlite3.connect(demo_folder.database)
    con.execute('DELETE FROM case_party')
    con.commit()
    con.close()
    r = run_cli("backup", "list", "--json", data=demo_folder, **ADMIN)
    assert [b["name"] for b in json.loads(r.stdout)] == [made["name"]]
    r = run_cli("backup", "verify", made["name"], data=demo_folder, **ADMIN)
    assert r.returncode == 0 and "校验通过" in r.stdout
    r = run_cli("backup", "restore", made["name"], data=demo_folder, **ADMIN)
    assert r.returncode == 0, r.stderr
    assert _count(demo_folder, "case") == cases_before and _count(demo_folder, "case_party") > 0
    listed = json.loads(run_cli("backup", "list", "--json", data=demo_folder, **ADMIN).stdout)
    assert {b["kind"] for b in listed} == {"manual", "pre-restore"}
    assert run_cli("check", data=demo_folder).returncode == 0


def test_restore_refused_while_the_app_holds_the_folder(demo_folder):
    from zhongxin_desktop.folder_lock import FolderLock

    run_cli("backup", "create", data=demo_folder, **ADMIN)
    lock = FolderLock(demo_folder)
    assert lock.acquire()
    try:
        r = run_cli("backup", "restore", "--yes", data=demo_folder, **ADMIN)
        assert r.returncode == 1 and "正被" in r.stderr
    finally:
        lock.release()


def test_check_passes_then_names_a_tampered_audit_entry(demo_folder):
    r = run_cli("check", "--json", data=demo_folder)
    assert r.returncode == 0 and json.loads(r.stdout)["ok"] is True
    con = sqlite3.connect(demo_folder.database)
    con.execute("UPDATE audit_event SET username = 'mallory' WHERE seq = 2")
    con.commit()
    con.close()
    r = run_cli("audit", "verify", data=demo_folder)
    assert r.returncode == 1 and "第 2 条" in r.stderr
    r = run_cli("check", data=demo_folder)
    assert r.returncode == 1 and "审计日志链" in r.stderr and "第 2 条" in r.stderr


def test_check_on_a_corrupt_file_exits_1_and_leaves_it_alone(demo_folder):
    raw = bytearray(demo_folder.database.read_bytes())
    for page in range(3, len(raw) // 4096, 2):
        raw[page * 4096 + 8:page * 4096 + 64] = b"\xff" * 56
    demo_folder.database.write_bytes(bytes(raw))
    before = demo_folder.database.read_bytes()
    r = run_cli("check", data=demo_folder)
    assert r.returncode == 1 and ("损坏" in r.stderr or "完整性" in r.stderr), r.stderr
    r = run_cli("cases", "list", data=demo_folder)
    assert r.returncode == 1 and "损坏" in r.stderr
    assert demo_folder.database.read_bytes() == before


def test_corrupt_database_recovered_from_the_cli(demo_folder):
    run_cli("backup", "create", data=demo_folder, **ADMIN)
    demo_folder.database.write_bytes(b"SQLite format 3\x00" + b"\x13" * 8192)
    r = run_cli("backup", "restore", data=demo_folder, user="dengji", password="Demo2026!")
    assert r.returncode == 1 and "无权恢复" in r.stderr
    r = run_cli("backup", "restore", data=demo_folder, **ADMIN)
    assert r.returncode == 0, r.stderr
    assert run_cli("check", data=demo_folder).returncode == 0
    assert list(demo_folder.backups.glob("corrupt-*/zhongxin.sqlite"))


def test_audit_list_filters_and_json(demo_folder):
    run_cli("cases", "list", data=demo_folder, user="dengji", password="wrong")
    r = run_cli("audit", "list", "--json", "--user", "dengji", "--action", "sign_in", data=demo_folder, **ADMIN)
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert rows and all(row["user"] == "dengji" and row["action"] == "sign_in" for row in rows)
    assert rows[0]["outcome"] == "failed"
    r = run_cli("audit", "list", "--since", "2026-13-01", data=demo_folder, **ADMIN)
    assert r.returncode == 2
    r = run_cli("audit", "list", "--json", "--since", "2999-01-01", data=demo_folder, **ADMIN)
    assert json.loads(r.stdout) == []
