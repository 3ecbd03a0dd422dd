from decimal import Decimal
import sqlite3

import pytest

from zhongxin_desktop.paths import DataDir
from zhongxin_desktop.store import migrations
from zhongxin_desktop.store.connection import close_database, open_database
from zhongxin_desktop.store.db import StoreError, make_database
from zhongxin_desktop.store.models import ALL_MODELS


def test_schema_made_by_migrations_matches_the_models(db):
    for model in ALL_MODELS:
        table = model._meta.table_name
        columns = {c.name for c in db.get_columns(table)}
        expected = {f.column_name for f in model._meta.sorted_fields}
        assert expected <= columns, f"{table}: missing {expected - columns}"


def test_indexes_made_by_migrations_match_the_models(db):
    for model in ALL_MODELS:
        table = model._meta.table_name
        made = {i.name: (i.columns, i.unique) for i in db.get_indexes(table)
                if not i.name.startswith("sqlite_autoindex_")}  # SQLite's own, for the primary key
        declared = {i._name: ([getattr(e, "column_name", e) for e in i._expressions], i._unique)
                    for i in model._meta.fields_to_index()}
        assert made == declared, table


def test_pragmas(db):
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] == 10000


def _fill_with_first_schema(path):
    """Rows written with plain SQL, as the first released version would have."""
    con = sqlite3.connect(path)
    now = "2026-01-05 08:00:00"
    con.execute("INSERT INTO center VALUES ('c1','520102001',?,?,1,'520102001','旧镇','township','旧',"
                "'520102',1,'','')", (now, now))
    con.execute("INSERT INTO \"case\" (id, owner_code, created_at, updated_at, row_version, status, registered_on,"
                " source, category, facts, claims, persons_involved, amount, risk_level, is_group, prevent_criminal,"
                " prevent_criminal_persons, prevent_petition, prevent_petition_persons, prevent_suicide,"
                " prevent_suicide_persons, overdue_reason, outcome, rejection_reason, guided_to, instructions,"
                " source_detail, reporter_name) VALUES ('k1','520102001',?,?,1,'registered','2026-01-05','来访','邻里',"
                "'因排水沟发生争执','恢复原状',2,1200.5,'黄',0,0,0,0,0,0,0,'','','','','','','')", (now, now))
    con.execute("INSERT INTO party (id, owner_code, created_at, updated_at, row_version, kind, name, name_pinyin,"
                " name_initials, sex, ethnicity, occupation, address, phone, phone_tail, id_number, id_tail, id_flag,"
                " legal_rep, contact) VALUES ('p1','520102001',?,?,1,'natural','张三','zhangsan','zs','男','汉族','',"
                "'','13812345678','5678','34052419800101001X','001X','','','')", (now, now))
    con.execute("INSERT INTO case_party (id, owner_code, created_at, updated_at, row_version, \"case_id\","
                " party_id, role, position, agent_name, agent_phone, agent_kind) VALUES"
                " ('l1','520102001',?,?,1,'k1','p1','申请人',0,'','','')", (now, now))
    con.commit()
    con.close()


def test_upgrade_from_the_first_schema_keeps_every_row(tmp_path):
    data = DataDir(tmp_path / "old").ensure()
    db = make_database(data.database)
    db.connect()
    assert migrations.migrate(db, upto=1) == [1]
    db.close()
    _fill_with_first_schema(data.database)

    open_database(data)  # upgrades to the latest
    try:
        from zhongxin_desktop.store.models import Case, CaseParty, Party

        assert migrations.applied_numbers(Case._meta.database) == {m.NUMBER for m in migrations.known_migrations()}
        case = Case.get_by_id("k1")
        assert case.facts == "因排水沟发生争执" and case.amount == Decimal("1200.50")
        assert Party.get_by_id("p1").id_number == "34052419800101001X"
        assert CaseParty.select().count() == 1
    finally:
        close_database()
    if len(migrations.known_migrations()) > 1:
        assert list(data.backups.glob("*pre-migration-v1*.sqlite")), "a copy is made before an upgrade"


def test_migrations_are_idempotent(tmp_path):
    data = DataDir(tmp_path / "d").ensure()
    db = make_database(data.database)
    db.connect()
    migrations.migrate(db)
    for mod in migrations.known_migrations():
        with db.atomic():
            mod.apply(db)  # an interrupted upgrade is re-run: must not fail
    db.close()


def test_newer_database_is_refused_and_left_untouched(tmp_path):
    data = DataDir(tmp_path / "newer").ensure()
    open_database(data)
    close_database()
    con = sqlite3.connect(data.database)
    con.execute("INSERT INTO schema_migration VALUES (9999, 'from the future', '9.0', '2030-01-01')")
    con.commit()
    con.close()
    before = data.database.read_bytes()
    with pytest.raises(StoreError, match="更新版本"):
        open_database(data)
    assert data.database.read_bytes() == before


def test_corrupt_database_is_refused_and_left_untouched(tmp_path):
    data = DataDir(tmp_path / "bad").ensure()
    data.database.write_bytes(b"SQLite format 3\x00" + b"\x13" * 8192)
    before = data.database.read_bytes()
    with pytest.raises(StoreError):
        open_database(data)
    assert data.database.read_bytes() == before


def test_case_numbers_are_unique_per_center_not_across_the_store(db):
    import datetime as dt

    import peewee

    from zhongxin_desktop.store.models import Case

    def make(owner):
        return Case.create(owner_code=owner, status="accepted", registered_on=dt.date(2026, 1, 5), source="来访",
                           category="邻里", case_no="（2026）青山调字第 1 号")

    make("520102001")
    make("520102002")  # another township of the county store: same shape of number, its own
    with pytest.raises(peewee.IntegrityError):
        make("520102001")
