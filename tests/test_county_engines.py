"""The county's store on both engines: the SQLite file and a PostgreSQL server (conftest
``county_url``). The same imports, views and searches must give the same answers on each."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from exchange_support import new_case, synced_state, township_and_county
from helpers import free_port, run_cli
from zhongxin_desktop.domain.case_input import CaseInput, PartyInput
from zhongxin_desktop.paths import DataDir
from zhongxin_desktop.services.casework import cases
from zhongxin_desktop.services.countywork import county

pytestmark = pytest.mark.slow

NAMES = {"张三": "双方因排水沟发生争执", "欧阳娜娜": "楼上装修噪音扰民", "王小明": "借款三万元到期未还"}


@pytest.fixture
def world(tmp_path, county_url):
    w = township_and_county(tmp_path, county_url=county_url)
    with w.at("town") as actor:
        ids = {name: new_case(actor, facts=facts, name=name) for name, facts in NAMES.items()}
    w.case_ids = ids
    w.import_("county", w.export("town"))
    return w


def test_the_county_finds_two_and_three_character_names_and_words_of_the_facts(world):
    ids = world.case_ids
    expected = {"张三": {ids["张三"]}, "欧阳娜娜": {ids["欧阳娜娜"]}, "娜娜": {ids["欧阳娜娜"]},
                "王小明": {ids["王小明"]}, "噪音": {ids["欧阳娜娜"]}, "排水沟": {ids["张三"]},
                "李四": set(ids.values()),  # the respondent of every case
                "张": {ids["张三"]}, "zhangsan": {ids["张三"]}, "5678": set(ids.values()),
                "赵六": set(), "张三 噪音": set()}
    with world.at("county") as actor:
        for text, wanted in expected.items():
            found = {r["id"] for r in county.case_rows(actor, search=text)}
            assert found == wanted, text
        rows = county.case_rows(actor)
        assert {r["id"] for r in rows} == set(ids.values())
        assert {r["township_code"] for r in rows} == {"520102003"}
        assert all("*" in r["phone"] for r in rows if r["phone"])  # masked for the county's lists
        assert county.case_rows(actor, township="999999999") == []


def test_the_county_finds_an_agents_name_of_two_or_three_characters(tmp_path, county_url):
    """Agents' names are searched like parties' names; a word of two characters (no whole trigram)
    goes through the server's own bigram index, a longer one through the trigram index."""
    w = township_and_county(tmp_path, county_url=county_url)
    with w.at("town") as actor:
        data = CaseInput(source="来访", category="邻里", facts="院墙倒塌压坏菜地", claims="赔偿损失",
                         registered_on=dt.date(2026, 11, 3),
                         parties=[PartyInput(name="陈红", role="申请人", agent_name="刘洋"),
                                  PartyInput(name="周八", role="被申请人", agent_name="司马光明")])
        with_agents = cases.register(actor, data).id
        other = new_case(actor)
    w.import_("county", w.export("town"))
    expected = {"刘洋": {with_agents}, "司马": {with_agents}, "光明": {with_agents}, "马光明": {with_agents},
                "陈红": {with_agents}, "刘光": set(), "洋司": set(), "张三": {other}}
    with w.at("county") as actor:
        for text, wanted in expected.items():
            assert {r["id"] for r in county.case_rows(actor, search=text)} == wanted, text


@pytest.mark.parametrize("cap", [None, 0], ids=["ids-first", "walk"])
def test_the_county_lists_the_newest_matches_first_however_the_server_finds_them(tmp_path, county_url, cap,
                                                                                monkeypatch):
    """A server first gathers a word's cases through its indexes and sorts those; with more than
    ``CANDIDATE_CAP`` it walks every case newest first instead. Both give the newest matches in
    the same order, cut at the limit, with the other words and filters applied."""
    from zhongxin_desktop.services.casework import server_search

    if cap is not None:
        monkeypatch.setattr(server_search, "CANDIDATE_CAP", cap)
    w = township_and_county(tmp_path, county_url=county_url)
    days = {"欧阳娜娜": 3, "欧阳明": 9, "王伟": 5, "张伟": 7}
    with w.at("town") as actor:
        ids = {name: cases.register(actor, CaseInput(
            source="来访", category="邻里", facts=f"{name}家门前排水沟堵塞", claims="疏通",
            registered_on=dt.date(2026, 10, day), parties=[
                PartyInput(name=name, role="申请人", phone=f"1381234{day:04d}"),
                PartyInput(name="李四", role="被申请人")])).id for name, day in days.items()}
    w.import_("county", w.export("town"))
    newest_first = [ids[n] for n in sorted(days, key=days.get, reverse=True)]
    expected = {"欧阳": [ids["欧阳明"], ids["欧阳娜娜"]], "排水沟": newest_first, "伟": [],
                "王伟": [ids["王伟"]], "伟 排水沟": [], "欧阳 0009": [ids["欧阳明"]], "0009": [ids["欧阳明"]],
                "李四 欧阳娜娜": [ids["欧阳娜娜"]], "司马": [], "zhangwei": [ids["张伟"]],
                "ouyang": [ids["欧阳明"], ids["欧阳娜娜"]],
                "堵塞 疏通": newest_first}
    with w.at("county") as actor:
        for text, wanted in expected.items():
            assert [r["id"] for r in county.case_rows(actor, search=text)] == wanted, text
        assert [r["id"] for r in county.case_rows(actor, search="排水沟", limit=2)] == newest_first[:2]
        assert county.case_rows(actor, search="排水沟", township="999999999") == []


def test_sending_the_same_bundle_again_changes_nothing(world):
    with world.at("county"):
        before = synced_state()
    again = world.export("town")
    [summary] = world.import_("county", again)
    assert summary.status in ("SUCCESS", "WARNING")
    assert sum(t.imported + t.updated for t in summary.tables.values()) == 0
    with world.at("county") as actor:
        assert synced_state() == before
        [status] = county.reporting_status(actor)
        assert status["code"] == "520102003" and status["last_import"] is not None
        stats = county.monthly_stats(actor, "2026-11")
        assert stats["county"]["registered"] == len(NAMES)


def test_a_database_server_that_cannot_be_reached_is_a_clear_refusal(tmp_path):
    port = free_port()  # a port nobody listens on
    res = run_cli("--database", f"postgresql://county:secret@127.0.0.1:{port}/zhongxin", "county", "status",
                  data=DataDir(tmp_path / "county"))
    assert res.returncode == 1
    assert "无法连接数据库服务器" in res.stderr and "Traceback" not in res.stderr
    assert "secret" not in res.stderr  # the password never reaches a screen or a log
    odd = run_cli("--database", "mysql://county@127.0.0.1/zhongxin", "county", "status", data=DataDir(tmp_path / "c"))
    assert odd.returncode == 1 and "postgresql://" in odd.stderr


def test_users_audit_and_backups_of_a_county_on_each_engine(tmp_path, county_url, monkeypatch):
    data = DataDir(tmp_path / "county")
    engine = ["--database", county_url] if county_url else []

    def cli(*args, **kw):
        return run_cli(*engine, *args, data=data, **kw)

    assert cli("init", "--county", "520102", "--name", "某县综治中心", "--admin", "admin",
               password="Test2026pass").returncode == 0
    monkeypatch.setenv("ZHONGXIN_NEW_PASSWORD", "Clerk2026pass")
    added = cli("users", "add", "clerk1", "--name", "张科员", "--role", "clerk", user="admin", password="Test2026pass")
    assert added.returncode == 0, added.stderr
    listed = cli("users", "list", user="admin", password="Test2026pass")
    assert "clerk1\t张科员" in listed.stdout
    assert cli("users", "list", user="clerk1", password="Clerk2026pass").returncode == 1  # a clerk may not
    verified = cli("audit", "verify", user="admin", password="Test2026pass")
    assert verified.returncode == 0, verified.stderr
    assert "审计日志链：通过" in verified.stdout
    trail = cli("audit", "list", "--json", user="admin", password="Test2026pass")
    assert {"center_init", "user_create"} <= {e["action"] for e in json.loads(trail.stdout)}
    backup = cli("backup", "create", "--json", user="admin", password="Test2026pass")
    assert backup.returncode == 0, backup.stderr
    made = json.loads(backup.stdout)
    if county_url:  # pg_dump made it: its own format, and no database file in the folder
        assert Path(made["file"]).read_bytes()[:5] == b"PGDMP" and not data.database.exists()
        assert "secret" not in made["database"]
    listed = cli("backup", "list", "--json", user="admin", password="Test2026pass")
    assert made["name"] in {m["name"] for m in json.loads(listed.stdout)}


def test_a_county_on_postgresql_is_backed_up_and_restored_with_the_servers_tools(tmp_path, pg_cluster,
                                                                                monkeypatch):
    """``backup create`` drives pg_dump, ``verify`` checks the dump against its manifest and reads
    it back with pg_restore, ``restore`` puts the database back as it was (a user added since is
    gone) after dumping what was there, and the audit trail stays a valid chain."""
    import psycopg

    url = pg_cluster.create_database()
    data = DataDir(tmp_path / "county")

    def cli(*args, **kw):
        return run_cli("--database", url, *args, data=data, user="admin", password="Test2026pass", **kw)

    assert run_cli("--database", url, "init", "--county", "520102", "--name", "某县综治中心", "--admin", "admin",
                   data=data, password="Test2026pass").returncode == 0
    first = cli("backup", "create", "--json")
    assert first.returncode == 0, first.stderr
    dump = json.loads(first.stdout)
    monkeypatch.setenv("ZHONGXIN_NEW_PASSWORD", "Clerk2026pass")
    assert cli("users", "add", "clerk1", "--name", "张科员", "--role", "clerk").returncode == 0  # after the backup
    verified = cli("backup", "verify", dump["name"])
    assert verified.returncode == 0, verified.stderr
    restored = cli("backup", "restore", dump["name"], "--yes")
    assert restored.returncode == 0, restored.stderr
    with psycopg.connect(url) as con:  # read by the server itself, not through the app
        assert [u for (u,) in con.execute("SELECT username FROM \"user\" ORDER BY username")] == ["admin"]
    listed = json.loads(cli("backup", "list", "--json").stdout)
    assert [m["kind"] for m in listed] == ["pre-restore", "manual"]
    chain = cli("audit", "verify")
    assert chain.returncode == 0, chain.stderr
    trail = json.loads(cli("audit", "list", "--json").stdout)
    assert "backup_restore" in {e["action"] for e in trail}
    # a dump changed on disk is refused, and restoring from it changes nothing
    path = Path(dump["file"])
    path.write_bytes(path.read_bytes()[:-100])
    bad = cli("backup", "verify", dump["name"])
    assert bad.returncode == 1 and "SHA-256" in bad.stderr and "Traceback" not in bad.stderr
    assert cli("users", "add", "clerk2", "--name", "李科员", "--role", "clerk").returncode == 0
    refused = cli("backup", "restore", dump["name"], "--yes")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    with psycopg.connect(url) as con:
        assert [u for (u,) in con.execute("SELECT username FROM \"user\" ORDER BY username")] == ["admin", "clerk2"]


def test_townships_imported_at_the_same_time_lose_nothing(tmp_path, county_url):
    """Several county processes write at once (the GUI, ``serve``, the command line): bundles of
    four townships imported by four processes together all land, and the audit chain holds."""
    import subprocess
    import sys

    codes = [f"52010200{i}" for i in range(1, 5)]
    w = township_and_county(tmp_path, town=codes[0], county_url=county_url)
    w.dirs["town1"] = w.dirs.pop("town")
    for i, code in enumerate(codes[1:], start=2):
        w.add_center(f"town{i}", "township", code)
        w.trust_each_other(f"town{i}")
    bundles, cases_by_town = [], {}
    for i in range(1, 5):
        with w.at(f"town{i}") as actor:
            cases_by_town[codes[i - 1]] = {new_case(actor, name=name) for name in ("张三", "李娜", "王小明")}
        bundles += w.export(f"town{i}")
    engine = ["--database", county_url] if county_url else []
    env = {**__import__("os").environ, "ZHONGXIN_USER": "admin", "ZHONGXIN_PASSWORD": "Test2026pass"}
    procs = [subprocess.Popen([sys.executable, "-m", "zhongxin_desktop", "--data-dir", str(w.data("county").root),
                               *engine, "bundle", "import", str(b)], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for b in bundles]
    results = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, [err for _, err in results]
    with w.at("county") as actor:
        for code, ids in cases_by_town.items():
            assert {r["id"] for r in county.case_rows(actor, township=code)} == ids
        from zhongxin_desktop.services import audit

        chain = audit.verify()
        assert chain.ok, chain.reason
        # 张三 with the same phone in all four: counted across imports that ran together (as kept
        # at import, before any listing rebuilds the keys), and listed as one person
        from zhongxin_desktop.exchange import person_index
        from zhongxin_desktop.services.casework import repeat_parties
        from zhongxin_desktop.store.models import PersonSpread

        [key] = person_index.party_keys("张三", "13812345678", "")
        assert PersonSpread.get(PersonSpread.key == key).townships == 4
        people = {p["name"]: p for p in repeat_parties.across_townships(actor)}
        assert [t["code"] for t in people["张三"]["townships"]] == codes


def test_a_county_database_made_before_the_later_migrations_upgrades_on_postgresql(pg_cluster):
    """Migration 1 makes a fresh server database from today's models; a county database made by an
    older version lacks what migrations 12-62 add. Those are taken away here after migration 11,
    then the upgrade must bring them back, and running every server form again changes nothing."""
    from zhongxin_desktop.store import engine, migrations

    db = engine.make_server_database(pg_cluster.create_database())
    db.connect()
    try:
        migrations.migrate(db, upto=11)
        for sql in ['ALTER TABLE "transfer" DROP COLUMN "reference", DROP COLUMN "direction"',
                    'ALTER TABLE "grid" DROP COLUMN "party_group"',
                    'ALTER TABLE "grid_visit" DROP COLUMN "unit_id", DROP COLUMN "visitor_role"',
                    'DROP TABLE "household"', 'DROP TABLE "watch_visit"', 'DROP TABLE "watch_person"',
                    'DROP TABLE "grid_task"']:
            db.execute_sql(sql)
        db.execute_sql('INSERT INTO "audit_event" ("seq", "at", "username", "action", "object_type", "object_id", '
                       '"outcome", "detail", "prev_hash", "hash") '
                       "VALUES (7, now(), 'admin', 'login', '', '', 'ok', '', 'p', 'h7')")
        applied = migrations.migrate(db)
        assert {12, 40, 60, 61, 62} <= set(applied)
        for mod in migrations.known_migrations():
            with db.atomic():
                getattr(mod, "apply_postgres", mod.apply)(db)

        def columns(table):
            rows = db.execute_sql("SELECT column_name FROM information_schema.columns WHERE table_name = %s",
                                  (table,)).fetchall()
            return {r[0] for r in rows}

        assert {"reference", "direction"} <= columns("transfer")
        assert "party_group" in columns("grid")
        assert {"unit_id", "visitor_role"} <= columns("grid_visit")
        for table in ("household", "watch_person", "watch_visit", "grid_task"):
            assert "owner_code" in columns(table), table
        head = db.execute_sql("SELECT value FROM setting WHERE key = 'audit_head'").fetchall()
        assert [json.loads(v) for (v,) in head] == [{"seq": 7, "hash": "h7"}]
    finally:
        db.close()


def test_the_county_finds_a_legal_persons_representative_and_contact(tmp_path, county_url):
    from zhongxin_desktop.domain.case_input import CaseInput, PartyInput
    from zhongxin_desktop.services.casework import cases

    w = township_and_county(tmp_path, county_url=county_url)
    with w.at("town") as actor:
        company = cases.register(actor, CaseInput(source="来访", category="合同", facts="货款纠纷", parties=[
            PartyInput(name="张三", role="申请人"),
            PartyInput(name="青山建材有限公司", role="被申请人", kind="legal", legal_rep="孙建国", contact="周会计")])).id
        other = new_case(actor)
    w.import_("county", w.export("town"))
    with w.at("county") as actor:
        for text, wanted in (("孙建国", {company}), ("周会计", {company}), ("张三", {company, other})):
            assert {r["id"] for r in county.case_rows(actor, search=text)} == wanted, text
