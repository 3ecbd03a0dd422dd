"""The county store at the sizes a county, prefecture and province reach (bench/RESULTS.md).

    python -m bench.county_scale [--townships 200] [--cases 50] [--parallel 20] [--big 4000000]

Needs PostgreSQL 15 (a throwaway cluster, tests/pg_cluster.py). In one run, each beside its baseline:
1. ``--townships`` township bundles (``--cases`` cases each) imported into a SQLite county and a
   PostgreSQL county; baseline: the same case/party/case_party rows by ``COPY``.
2. The same bundles uploaded to ``zhongxin serve`` ``--parallel`` at a time: total, p95, peak RSS.
3. ``--big`` cases made inside PostgreSQL (``generate_series``, no Python per row) spread over
   the townships, then ``county cases`` (list, search) and ``county stats`` through the services:
   p95 over repeated calls.

Townships are cloned, not typed in: one township is made through the app, then each clone gets
its own code, its own keys and every id renamed (uuid5 of the code and the old id) with SQL on its
file, and exports its bundle through the app. Prints one JSON document; ``python -m
bench.county_results`` puts such documents into bench/RESULTS.md.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from bench import county_server as base
from bench.common import REPO, ensure_src_path, git_commit

ensure_src_path()
sys.path.insert(0, str(REPO / "tests"))

NOT_RENAMED = ("audit_event", "schema_migration", "setting", "sqlite_sequence")


def _clone_township(template: Path, target: Path, code: str, index: int) -> None:
    """A copy of the template township's folder as township ``code``: new keys, new ids, new owner."""
    shutil.copytree(template, target, ignore=shutil.ignore_patterns("keys", "backups", "logs", "exports"))
    con = sqlite3.connect(target / "zhongxin.sqlite")
    try:
        old_code = con.execute("SELECT code FROM center WHERE is_local = 1").fetchone()[0]
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                  if r[0] not in NOT_RENAMED and not r[0].startswith(("case_fts", "sqlite_"))]
        ns = uuid.uuid5(uuid.NAMESPACE_OID, code)
        ids = []
        for t in tables:
            cols = [c[1] for c in con.execute(f'PRAGMA table_info("{t}")')]
            if "id" in cols:
                ids += [(old, str(uuid.uuid5(ns, old))) for (old,) in con.execute(f'SELECT id FROM "{t}"')
                        if isinstance(old, str) and len(old) == 36]
        con.execute("CREATE TEMP TABLE idmap (old TEXT PRIMARY KEY, new TEXT)")
        con.executemany("INSERT OR IGNORE INTO idmap VALUES (?, ?)", ids)
        con.execute("PRAGMA foreign_keys = OFF")
        with con:
            for t in tables:
                for _, col, ctype, *_ in con.execute(f'PRAGMA table_info("{t}")').fetchall():
                    if "CHAR" in ctype.upper() or "TEXT" in ctype.upper():
                        con.execute(f'UPDATE "{t}" SET "{col}" = (SELECT new FROM idmap WHERE old = "{t}"."{col}") '
                                    f'WHERE "{col}" IN (SELECT old FROM idmap)')
                        if col == "owner_code":
                            con.execute(f'UPDATE "{t}" SET owner_code = ? WHERE owner_code = ?', (code, old_code))
            con.execute("UPDATE center SET code = ?, name = ?, committee_short = ? WHERE code = ?",
                        (code, f"基准{index}镇综治中心", f"基{index}", old_code))
    finally:
        con.close()


def make_townships(root: Path, townships: int, cases: int, county_urls: dict[str, str | None]):
    """The counties (sharing one key pair) and one bundle per township."""
    from zhongxin_desktop.paths import DataDir
    from zhongxin_desktop.services.countywork import exchange
    from zhongxin_desktop.store.connection import close_database

    counties, bundles = base.make_world(root, 1, cases, county_urls)  # town0 through the app
    pubs = []
    for t in range(1, townships):
        code = f"520102{t + 1:03d}"
        data = DataDir(root / f"town{t}")
        _clone_township(root / "town0", data.root, code, t)
        data.ensure()
        base._open(data, None)
        actor = base._admin()
        exchange.export_public_key(actor, data, root / f"town{t}.pub.json")
        [result] = exchange.export_bundles(actor, data, root / "bundles" / code)
        bundles.append(result.path)
        pubs.append(root / f"town{t}.pub.json")
        close_database()
    for cdata, curl in counties.values():  # each county trusts every township once
        base._open(cdata, curl)
        actor = base._admin()
        for pub in pubs:
            exchange.trust_key(actor, pub, cdata)
        close_database()
    return counties, bundles


FACTS = ["相邻排水沟堵塞引发争执", "楼上装修噪音扰民", "借款三万元到期未还", "宅基地界址不清", "土地承包合同纠纷",
         "拖欠农民工工资", "婚后财产分割争议", "交通事故赔偿未谈妥", "物业费收取争议", "山林权属不清"]
STATUSES = ["registered", "accepted", "mediating", "succeeded", "performed", "archived", "terminated"]
CLOSED = ["succeeded", "performed", "archived", "terminated"]
# Cases registered before this day are closed (1-40 days after registration), later ones in any
# status: a county's open cases are its last months' intake. (Runs before 2026-12 left every case
# open and without closed_on, even archived ones, so the overdue count read all of them.)
OPEN_FROM = "2026-09-01"
CATEGORIES = ["邻里", "婚姻家庭", "合同", "损害赔偿", "房屋宅基地", "劳动争议", "物业", "其他"]


def _sql_array(values: list[str]) -> str:
    return "ARRAY[" + ",".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def generate_big(url: str, total: int, townships: int) -> float:
    """``total`` cases (one applicant each) for ``townships`` townships, made by the server itself:
    INSERT … SELECT over generate_series, the secondary indexes dropped first and built after."""
    import psycopg

    surnames, given = list(base.SURNAMES), list(base.GIVEN)
    t0 = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as con:
        indexes = con.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('case', 'party', "
                              "'case_party') AND indexname NOT LIKE '%_pkey'").fetchall()
        for name, _ in indexes:
            con.execute(f'DROP INDEX "{name}"')
        con.execute("INSERT INTO center (id, owner_code, created_at, updated_at, row_version, code, name, kind, "
                    "committee_short, parent_code, is_local, address, phone) "
                    "SELECT md5('t' || t)::uuid::text, '520102' || lpad(t::text, 3, '0'), now(), now(), 1, "
                    "'520102' || lpad(t::text, 3, '0'), '基准' || t || '镇综治中心', 'township', '基' || t, '520102', "
                    "false, '', '' FROM generate_series(1, %s) t "
                    "WHERE NOT EXISTS (SELECT 1 FROM center c WHERE c.code = '520102' || lpad(t::text, 3, '0'))",
                    (townships,))
        # the county lists a township it trusts: with --skip-imports only the first was trusted
        con.execute("INSERT INTO trusted_key (code, name, kind, sign_public, enc_public, fingerprint, trusted_at, "
                    "trusted_by) SELECT '520102' || lpad(t::text, 3, '0'), "
                    "'基准' || t || '镇综治中心', 'township', '', '', '', now(), 'bench' FROM generate_series(1, %s) t "
                    "WHERE NOT EXISTS (SELECT 1 FROM trusted_key k WHERE k.code = '520102' || lpad(t::text, 3, '0'))",
                    (townships,))
        step = 500_000
        for lo in range(0, total, step):
            hi = min(total, lo + step)
            con.execute(f"""
                INSERT INTO "case" (id, owner_code, created_at, updated_at, row_version, case_no, case_year, case_seq,
                    status, registered_on, accepted_on, source, source_detail, reporter_name, category, facts, claims,
                    persons_involved, amount, risk_level, is_group, prevent_criminal, prevent_criminal_persons,
                    prevent_petition, prevent_petition_persons, prevent_suicide, prevent_suicide_persons, due_on,
                    overdue_reason, outcome, rejection_reason, guided_to, instructions, closed_on)
                SELECT md5('c' || g)::uuid::text, '520102' || lpad((1 + g % {townships})::text, 3, '0'),
                    d::timestamp, d::timestamp, 1,
                    '(' || extract(year FROM d)::int || ')基' || (1 + g % {townships}) || '调字第' || g || '号',
                    extract(year FROM d)::int, g, st, d, d, '来访', '', '',
                    ({_sql_array(CATEGORIES)})[1 + (g / 7) % {len(CATEGORIES)}],
                    ({_sql_array(FACTS)})[1 + (g / 3) % {len(FACTS)}] || '，第' || (g % 997) || '组', '调解',
                    2, 0, '低', false, false, 0, false, 0, false, 0, d + 30, '', '', '', '', '',
                    CASE WHEN st = ANY({_sql_array(CLOSED)}) THEN d + 1 + g % 40 END
                FROM (SELECT g, d, CASE WHEN d < date '{OPEN_FROM}' THEN ({_sql_array(CLOSED)})[1 + g % {len(CLOSED)}]
                             ELSE ({_sql_array(STATUSES)})[1 + g % {len(STATUSES)}] END AS st
                      FROM (SELECT g, date '2017-01-01' + (g % 3650) AS d FROM generate_series({lo}, {hi - 1}) g) s0) s""")
            con.execute(f"""
                INSERT INTO party (id, owner_code, created_at, updated_at, row_version, kind, name, name_pinyin,
                    name_initials, sex, ethnicity, occupation, address, phone, phone_tail, id_number, id_tail,
                    id_flag, legal_rep, legal_rep_title, credit_code, contact)
                SELECT md5('p' || g)::uuid::text, '520102' || lpad((1 + g % {townships})::text, 3, '0'), now(), now(),
                    1, 'person', ({_sql_array(surnames)})[1 + g % {len(surnames)}]
                        || ({_sql_array(given)})[1 + (g / 31) % {len(given)}]
                        || CASE WHEN g % 2 = 0 THEN ({_sql_array(given)})[1 + (g / 7) % {len(given)}] ELSE '' END,
                    '', '', '', '汉族', '', '', '138' || lpad((g % 100000000)::text, 8, '0'),
                    lpad((g % 10000)::text, 4, '0'), '', '', '', '', '', '', ''
                FROM generate_series({lo}, {hi - 1}) g""")
            con.execute(f"""
                INSERT INTO case_party (id, owner_code, created_at, updated_at, row_version, case_id, party_id, role,
                    position, agent_name, agent_phone, agent_kind)
                SELECT md5('cp' || g)::uuid::text, '520102' || lpad((1 + g % {townships})::text, 3, '0'), now(),
                    now(), 1, md5('c' || g)::uuid::text, md5('p' || g)::uuid::text, '申请人', 0, '', '', ''
                FROM generate_series({lo}, {hi - 1}) g""")
        for _, definition in indexes:
            con.execute(definition)
        con.execute("ANALYZE")
    return time.perf_counter() - t0


def _p95(times: list[float]) -> float:
    times = sorted(times)
    return round(times[max(0, int(len(times) * 0.95) - 1)] * 1000, 1)


PERIODS = ("2026-10", "2025-03")


def time_per_township(actor) -> dict:
    """The baseline for ``county stats``: each township's month asked on its own (``monthly_statistics``
    township after township, as the county did before ``county_months``), once per period, and
    whether both ways give the same figures."""
    from zhongxin_desktop.services.countywork import county
    from zhongxin_desktop.services.figures import county_months
    from zhongxin_desktop.services.figures import statistics as month_stats

    codes = [t["code"] for t in county.townships(actor)]
    out: dict[str, object] = {"townships": len(codes)}
    for period in PERIODS:
        t0 = time.perf_counter()
        alone = {c: month_stats.monthly_statistics(period, c).to_dict() for c in codes}
        out[f"{period}_ms"] = round((time.perf_counter() - t0) * 1000, 1)
        together = county_months.figures_by_township(codes, period)
        out[f"{period}_same"] = alone == {c: s.to_dict() for c, s in together.items()}
        out[f"{period}_overdue"] = sum(d["overdue"] for d in alone.values())
        out[f"{period}_registered"] = sum(d["registered"] for d in alone.values())
    return out


def time_reads(data, url, per_township: bool = True) -> dict:
    """p95 (ms) of what the county's screens and ``county cases|stats`` ask, through the services."""
    from zhongxin_desktop.services.countywork import county
    from zhongxin_desktop.store.connection import close_database
    from zhongxin_desktop.store.models import Case

    base._open(data, url)
    actor = base._admin()
    searches = ["王伟", "欧阳娜", "李娜", "噪音", "排水沟", "张", "宅基地界址", "wangwei", "0042"]
    out: dict[str, object] = {"cases": Case.select().count()}
    lists, finds, one_town, stats = [], [], [], []
    by_word: dict[str, list[float]] = {w: [] for w in searches}
    for _ in range(3):
        t0 = time.perf_counter()
        county.case_rows(actor)
        lists.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        county.case_rows(actor, township="520102007")
        one_town.append(time.perf_counter() - t0)
        for word in searches:
            t0 = time.perf_counter()
            county.case_rows(actor, search=word)
            finds.append(time.perf_counter() - t0)
            by_word[word].append(time.perf_counter() - t0)
        for period in PERIODS:
            t0 = time.perf_counter()
            county.monthly_stats(actor, period)
            stats.append(time.perf_counter() - t0)
    if per_township:
        out["stats_per_township"] = time_per_township(actor)
    close_database()
    out.update(list_p95_ms=_p95(lists), township_list_p95_ms=_p95(one_town), search_p95_ms=_p95(finds),
               search_median_ms=round(statistics.median(finds) * 1000, 1), stats_p95_ms=_p95(stats),
               stats_median_ms=round(statistics.median(stats) * 1000, 1),
               search_median_by_word_ms={w: round(statistics.median(t) * 1000, 1) for w, t in by_word.items()})
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.county_scale", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--townships", type=int, default=200)
    parser.add_argument("--cases", type=int, default=50, help="cases in each township's bundle")
    parser.add_argument("--parallel", type=int, default=20)
    parser.add_argument("--big", type=int, default=4_000_000, help="cases made in PostgreSQL for the reads")
    parser.add_argument("--skip-imports", action="store_true")
    parser.add_argument("--no-per-township", action="store_true",
                        help="skip the baseline of county stats asked township after township")
    a = parser.parse_args(argv)
    from pg_cluster import Cluster

    result: dict[str, object] = {"commit": git_commit(), "load_before": os.getloadavg(), "townships": a.townships,
                                 "cases_per_bundle": a.cases, "parallel": a.parallel}
    cluster = Cluster().start()
    root = Path(tempfile.mkdtemp(prefix="bench-county-scale-"))
    try:
        urls = {"county_sqlite": None}
        if not a.skip_imports:
            urls |= {"county_pg": cluster.create_database(), "county_serve": cluster.create_database(),
                     "county_copy": cluster.create_database()}
        else:
            urls |= {"county_pg": cluster.create_database()}
        t0 = time.perf_counter()
        counties, bundles = make_townships(root, a.townships if not a.skip_imports else 1, a.cases, urls)
        result["made_townships_s"] = round(time.perf_counter() - t0, 1)
        if not a.skip_imports:
            result["bundles"] = len(bundles)
            result["bundle_mb"] = round(sum(p.stat().st_size for p in bundles) / 1e6, 1)
            result["import_sqlite_s"] = round(base.time_imports(*counties["county_sqlite"], bundles), 1)
            result["import_pg_s"] = round(base.time_imports(*counties["county_pg"], bundles), 1)
            result["copy_baseline_s"] = round(base.copy_baseline(urls["county_pg"], urls["county_copy"]), 2)
            result["serve"] = base.serve_uploads(*counties["county_serve"], bundles, a.parallel)
            result["load_after_imports"] = os.getloadavg()
        if a.big:
            result["big_generate_s"] = round(generate_big(urls["county_pg"], a.big, a.townships), 1)
            result["reads"] = time_reads(*counties["county_pg"], per_township=not a.no_per_township)
        result["load_after"] = os.getloadavg()
        print(json.dumps(result, ensure_ascii=False, indent=1, default=str))
    finally:
        cluster.stop()
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
