"""After `zhongxin encrypt-pii on`, no party's ID number or phone — forwards, or digits reversed
as the old search index kept them — is left in any byte of the database file, its WAL, or the
backups (older ones sealed or deleted as offered); and search by phone or ID tail still works.

The numbers looked for are read from the database with plain sqlite3 before encryption: every
party, every agent, and the party snapshots of agreements and of county referrals."""
from __future__ import annotations

import contextlib
import json
import sqlite3
from pathlib import Path

import pytest

from helpers import run_cli
from zhongxin_desktop.services.safety import backups
from zhongxin_desktop.services import demo
from zhongxin_desktop.store.connection import close_database
from zhongxin_desktop.store.models import CaseParty, Referral

ADMIN = {"user": "admin", "password": demo.DEMO_PASSWORD}
REFERRAL_ID = "440101199003071234"  # a number only the referral's snapshot holds (checksum not needed here)
REFERRAL_PHONE = "13698765432"
AGENT_PHONE = "13577775555"


def _numbers(db: Path) -> set[str]:
    found = set()
    with contextlib.closing(sqlite3.connect(db)) as con:
        for idn, phone in con.execute("SELECT id_number, phone FROM party"):
            found |= {idn, phone}
        found |= {r[0] for r in con.execute("SELECT agent_phone FROM case_party")}
        for table in ("agreement", "referral"):
            for (text,) in con.execute(f"SELECT parties FROM {table}"):
                for p in json.loads(text):
                    found |= {p.get("id_number") or "", p.get("phone") or "", p.get("agent_phone") or ""}
    return {n for n in found if n and len(n) >= 7}


def _leaks(root: Path, numbers: set[str]) -> list[str]:
    """Every (file, number) where the number's bytes, forwards or reversed, are in the file."""
    out = []
    needles = {n: (n.encode(), n[::-1].lower().encode(), n[::-1].encode()) for n in numbers}
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.parent.name in ("keys", "attachments") or path.parent.parent.name == "attachments":
            continue  # the key itself; scans are not covered (docs say so)
        raw = path.read_bytes()
        out += [f"{path.relative_to(root)}: {n}" for n, forms in needles.items() if any(f in raw for f in forms)]
    return out


def _search(data, text: str) -> list[str]:
    r = run_cli("cases", "list", "--search", text, "--json", "--limit", "50", data=data, **ADMIN)
    assert r.returncode == 0, r.stderr
    return [c["id"] for c in json.loads(r.stdout)]


@pytest.fixture
def prepared(demo_db, data_dir):
    """The demo township with an agent's phone, a county referral carrying parties, and two
    plain backups made before encryption."""
    link = CaseParty.select().first()
    CaseParty.update(agent_name="赵律师", agent_phone=AGENT_PHONE).where(CaseParty.id == link.id).execute()
    Referral.create(owner_code="520102", township_code=demo.DEMO_CODE, category="邻里", facts="交办：排水纠纷",
                    instructions="请于期限内办结", parties=json.dumps([
                        {"name": "钱七", "role": "申请人", "id_number": REFERRAL_ID, "phone": REFERRAL_PHONE}],
                        ensure_ascii=False))
    backups.create_backup(demo_db, data_dir)
    backups.create_backup(demo_db, data_dir, "daily")
    case_id, phone, idn = next(iter(sqlite3.connect(data_dir.database).execute(
        "SELECT cp.case_id, p.phone, p.id_number FROM party p JOIN case_party cp ON cp.party_id = p.id "
        "WHERE p.phone != '' AND p.id_number != '' LIMIT 1")))
    close_database()
    return data_dir, case_id, phone, idn, _numbers(data_dir.database)


def test_no_number_is_left_in_the_database_wal_or_backups_and_tail_search_keeps_working(prepared, monkeypatch):
    data, case_id, phone, idn, numbers = prepared
    assert {REFERRAL_ID, REFERRAL_PHONE, AGENT_PHONE} <= numbers and len(numbers) > 300
    assert _leaks(data.root, numbers)  # the oracle sees them before
    for tail in (phone[-4:], idn[-4:], phone[-7:], idn):
        assert case_id in _search(data, tail), tail

    r = run_cli("encrypt-pii", "on", data=data, **ADMIN)
    assert r.returncode == 0, r.stderr
    assert "2 个较早的备份仍含明文" in r.stderr and "--seal-backups" in r.stderr
    leaks = _leaks(data.root, numbers)
    assert leaks and all(leak.startswith("backups/") for leak in leaks), leaks[:5]  # only the old backups

    monkeypatch.setenv("ZHONGXIN_BACKUP_PASSPHRASE", "口令2026-backup")
    r = run_cli("encrypt-pii", "backups", "--seal-backups", data=data, **ADMIN)
    assert r.returncode == 0 and "已用备份口令加密 2 个" in r.stdout, r.stderr
    monkeypatch.delenv("ZHONGXIN_BACKUP_PASSPHRASE")
    r = run_cli("backup", "create", data=data, **ADMIN)  # a new, unencrypted backup of the sealed file
    assert r.returncode == 0, r.stderr
    r = run_cli("cases", "add", "--json", str(_new_case(data.root)), data=data, **ADMIN)  # a write after: WAL
    assert r.returncode == 0, r.stderr
    assert _leaks(data.root, numbers | {"11010519491231002X", "13912340000"}) == []

    for tail in (phone[-4:], idn[-4:], phone[-7:], idn):
        assert case_id in _search(data, tail), tail
    r = run_cli("check", data=data, **ADMIN)
    assert r.returncode == 0, r.stdout + r.stderr
    r = run_cli("backup", "verify", data=data, **ADMIN)
    assert r.returncode == 0, r.stderr


def _new_case(root: Path) -> Path:
    path = root.parent / "new-case.json"
    path.write_text(json.dumps({"category": "邻里", "source": "来访", "facts": "新登记",
                                "parties": [{"name": "孙八", "id_number": "11010519491231002X",
                                             "phone": "13912340000"}]}, ensure_ascii=False), encoding="utf-8")
    return path


def test_old_plain_backups_can_be_deleted_instead_and_need_a_confirmation(prepared):
    data, *_, numbers = prepared
    r = run_cli("encrypt-pii", "on", data=data, **ADMIN)
    assert r.returncode == 0, r.stderr
    r = run_cli("encrypt-pii", "backups", "--delete-backups", data=data, **ADMIN)
    assert r.returncode == 1 and "--yes" in r.stderr
    r = run_cli("encrypt-pii", "backups", "--delete-backups", "--yes", data=data, **ADMIN)
    assert r.returncode == 0 and "已删除 2 个" in r.stdout, r.stderr
    assert _leaks(data.root, numbers) == []
    r = run_cli("encrypt-pii", "status", data=data, **ADMIN)
    assert "已开启" in r.stdout and "明文" not in r.stderr
    r = run_cli("audit", "verify", data=data, **ADMIN)
    assert r.returncode == 0, r.stderr
