"""Upgrading a real 0.1.0 database (tests/fixtures/db-v0.1.0-schema1.sqlite, schema 1 with data,
made by tests/fixtures/make_db_v0_1_0.py) with today's code: a backup first, nothing lost."""
from __future__ import annotations

import shutil
import sqlite3
import sys
import types
from pathlib import Path

import pytest

from helpers import run_cli
from zhongxin_desktop import __version__
from zhongxin_desktop.paths import DataDir
from zhongxin_desktop.store import migrations
from zhongxin_desktop.store.connection import close_database, open_database

FIXTURE = Path(__file__).parent / "fixtures" / "db-v0.1.0-schema1.sqlite"
PASSWORD = "Upgrade2025!"  # make_db_v0_1_0.PASSWORD

# What must survive every future migration unchanged, table by table (schema-1 columns).
KEY_FIELDS = {
    "center": ["id", "code", "name", "committee_short", "is_local"],
    "user": ["id", "username", "display_name", "role", "password_hash"],
    "village": ["id", "name", "code"],
    "grid": ["id", "code", "name", "village_id", "leader_name", "leader_phone"],
    "grid_member": ["id", "grid_id", "name", "phone"],
    "household_unit": ["id", "grid_id", "head_name"],
    "case": ["id", "case_no", "case_year", "case_seq", "status", "registered_on", "accepted_on", "source",
             "category", "facts", "amount", "mediator_id", "closed_on", "village_id", "grid_id"],
    "party": ["id", "name", "name_pinyin", "id_number", "phone", "birth_date"],
    "case_party": ["id", "case_id", "party_id", "role"],
    "case_number_sequence": ["year", "last_seq"],
    "case_event": ["id", "case_id", "at", "username", "action", "from_status", "to_status"],
    "transfer": ["id", "case_id", "department", "reply"],
    "mediation_session": ["id", "case_id", "held_at", "result", "statements"],
    "agreement": ["id", "case_id", "kind", "number", "status", "clauses", "amount", "signed_on", "frozen_at"],
    "follow_up": ["id", "case_id", "agreement_id", "visited_on", "satisfaction", "notes"],
    "grid_event": ["id", "grid_id", "case_id", "description", "status"],
    "grid_visit": ["id", "grid_id", "visited_on"],
    "audit_event": ["seq", "at", "username", "action", "object_id", "prev_hash", "hash"],
}


def snapshot(path: Path) -> dict[str, list[tuple]]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        out = {}
        for table, cols in KEY_FIELDS.items():
            col_sql = ", ".join(f'"{c}"' for c in cols)
            out[table] = con.execute(f'SELECT {col_sql} FROM "{table}" ORDER BY 1').fetchall()
        return out
    finally:
        con.close()


def applied(path: Path) -> set[int]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {r[0] for r in con.execute("SELECT number FROM schema_migration")}
    finally:
        con.close()


@pytest.fixture
def old_copy(tmp_path) -> DataDir:
    """A data folder holding a COPY of the fixture (the committed file is never opened for writing)."""
    data = DataDir(tmp_path / "data").ensure()
    shutil.copyfile(FIXTURE, data.database)
    return data


def test_the_fixture_is_a_schema_1_database_with_data():
    assert FIXTURE.stat().st_size < 200_000
    assert applied(FIXTURE) == {1}
    rows = snapshot(FIXTURE)
    assert len(rows["case"]) == 3 and len(rows["party"]) == 6 and len(rows["agreement"]) == 1
    assert all(rows[table] for table in KEY_FIELDS), "every table of the fixture has rows"


def test_current_code_upgrades_the_fixture_and_keeps_every_row(old_copy):
    before = snapshot(old_copy.database)
    pending = [m.NUMBER for m in migrations.known_migrations() if m.NUMBER != 1]
    open_database(old_copy)
    close_database()

    assert applied(old_copy.database) == {m.NUMBER for m in migrations.known_migrations()}
    after = snapshot(old_copy.database)
    for table in KEY_FIELDS:
        assert after[table] == before[table], f"{table}: rows changed or lost by the upgrade"
    backups = list(old_copy.backups.glob("pre-migration-v1-*.sqlite"))
    if pending:  # migrations after the first release exist: the original is kept first
        assert len(backups) == 1
        assert applied(backups[0]) == {1} and snapshot(backups[0]) == before
    else:
        assert backups == [], "nothing to migrate, nothing to back up"


def test_a_backup_is_taken_before_a_new_migration_changes_the_fixture(old_copy, monkeypatch):
    """Whatever the real migrations are today: a migration that alters the file is preceded by
    a consistent copy of the 0.1.0 database in backups/."""
    real = migrations.known_migrations()
    number = max(m.NUMBER for m in real) + 1
    probe = types.ModuleType(f"{migrations.__name__}.m{number:04d}_upgrade_probe")
    probe.NUMBER, probe.NAME = number, "test: add a column"
    probe.apply = lambda db: db.execute_sql('ALTER TABLE "case" ADD COLUMN "upgrade_probe" TEXT')
    monkeypatch.setitem(sys.modules, probe.__name__, probe)  # found by name, as the real ones
    monkeypatch.setattr(migrations, "MIGRATION_MODULES", [*migrations.MIGRATION_MODULES, f"m{number:04d}_upgrade_probe"])
    before = snapshot(old_copy.database)

    open_database(old_copy)
    close_database()

    backups = list(old_copy.backups.glob("pre-migration-v1-*.sqlite"))
    assert len(backups) == 1
    assert applied(backups[0]) == {1}
    assert snapshot(backups[0]) == before
    assert snapshot(old_copy.database) == before
    assert probe.NUMBER in applied(old_copy.database)


def test_after_the_upgrade_the_center_works_as_before(old_copy):
    from zhongxin_desktop.services import audit, settings, users
    from zhongxin_desktop.services.casework import case_query
    from zhongxin_desktop.store.models import SchemaMigration

    open_database(old_copy)
    try:
        director = users.sign_in("zhuren", PASSWORD)  # the 0.1.0 password hash still signs in
        numbers = {c.case_no for c in case_query.list_cases(director)}
        assert numbers == {"（2025）石门调字第 1 号", "（2025）石门调字第 2 号", None}
        assert audit.verify().ok, "the 0.1.0 audit chain still verifies"
        assert settings.get("app_version") == __version__  # the version that last opened the file
        assert SchemaMigration.get_by_id(1).app_version == "0.1.0"  # which version made schema 1
    finally:
        close_database()


def test_the_command_line_opens_and_upgrades_an_old_folder(old_copy):
    result = run_cli("cases", "list", "--json", data=old_copy, user="admin", password=PASSWORD)
    assert result.returncode == 0, result.stderr
    assert "（2025）石门调字第 2 号" in result.stdout
    assert applied(old_copy.database) == {m.NUMBER for m in migrations.known_migrations()}
