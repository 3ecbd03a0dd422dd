"""Measure the case list and the search box on a synthetic township (its speed targets).

    PYTHONPATH=src python bench/cases_search.py --cases 100000 [--dir /tmp/bench100k]

Cases, parties and links are bulk-inserted with sqlite3 (as an import would), then the search
index is built through the dirty queue, then queries of every kind are timed through the
services the GUI and the CLI use. Prints one JSON document.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sqlite3
import statistics
import sys
import time
import uuid
from pathlib import Path

from zhongxin_desktop.domain import idnumber
from zhongxin_desktop.domain.names import pinyin_keys
from zhongxin_desktop.paths import DataDir
from zhongxin_desktop.services.casework import case_list, search_index
from zhongxin_desktop.services import center, users
from zhongxin_desktop.store.connection import close_database, open_database

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志飞海燕鹏辉斌宇浩凯晨阳鑫雪梅琳晶婷丹倩"
WORDS = ["排水沟", "宅基地", "噪音", "漏水", "工资", "借款", "土地", "边界", "山林", "婚姻", "赡养", "抚养费", "装修",
         "停车", "物业费", "交通事故", "医疗费", "合同", "货款", "牲畜", "农作物", "围墙", "道路", "灌溉", "鱼塘"]
CATS = ["邻里", "婚姻家庭", "房屋宅基地", "山林土地", "损害赔偿", "劳动争议", "合同", "道路交通事故", "其他"]
STATUSES = ["registered", "accepted", "mediating", "transferred", "succeeded", "performed", "archived"]


def id_number(rng: random.Random, birth: dt.date, seq: int) -> str:
    first17 = f"520102{birth:%Y%m%d}{seq % 1000:03d}"
    return first17 + idnumber.check_char(first17)


def build(path: Path, n: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=wal")
    owner = con.execute("SELECT code FROM center WHERE is_local=1").fetchone()[0]
    now = "2026-01-01 09:00:00"
    today = dt.date.today()
    cases, parties, links = [], [], []
    per_year: dict[int, int] = {}
    for i in range(n):
        cid = str(uuid.uuid4())
        reg = today - dt.timedelta(days=int(n - i) * 1500 // n)
        status = rng.choice(STATUSES)
        case_no = year = seq = None
        if status != "registered":
            per_year[reg.year] = per_year.get(reg.year, 0) + 1
            year, seq = reg.year, per_year[reg.year]
            case_no = f"（{year}）青山调字第 {seq} 号"
        names = []
        for pos, role in enumerate(("申请人", "被申请人")):
            name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 1, 2))))
            names.append(name)
            full, initials = pinyin_keys(name)
            phone = f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"
            idn = id_number(rng, dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(20000)), rng.randrange(1000))
            pid = str(uuid.uuid4())
            parties.append((pid, owner, now, now, 1, "natural", name, full, initials, "", "汉族", "", "", phone,
                            phone[-4:], idn, idn[-4:], "", "", ""))
            links.append((str(uuid.uuid4()), owner, now, now, 1, cid, pid, role, pos, "", "", ""))
        facts = f"{names[0]}与{names[1]}因{rng.choice(WORDS)}问题发生纠纷，涉及{rng.choice(WORDS)}，多次协商未果。"
        due = reg + dt.timedelta(days=30) if case_no else None
        cases.append((cid, owner, now, now, 1, case_no, year, seq, status, reg.isoformat(), reg.isoformat(),
                      "来访", "", "", rng.choice(CATS), facts, "", 2, 0, rng.choice("红橙黄蓝"), 0, 0, 0, 0, 0, 0, 0,
                      due and due.isoformat(), "", "", "", "", ""))
        if len(cases) >= 50_000 or i == n - 1:
            _write(con, cases, parties, links)
            cases, parties, links = [], [], []
    con.close()


def _write(con, cases, parties, links) -> None:
    with con:
        con.executemany(
            'INSERT INTO "case" (id, owner_code, created_at, updated_at, row_version, case_no, case_year, case_seq,'
            ' status, registered_on, accepted_on, source, source_detail, reporter_name, category, facts, claims,'
            ' persons_involved, amount, risk_level, is_group, prevent_criminal, prevent_criminal_persons,'
            ' prevent_petition, prevent_petition_persons, prevent_suicide, prevent_suicide_persons, due_on,'
            ' overdue_reason, outcome, rejection_reason, guided_to, instructions)'
            " VALUES (" + ",".join("?" * 33) + ")", cases)
        con.executemany("INSERT INTO party (id, owner_code, created_at, updated_at, row_version, kind, name,"
                        " name_pinyin, name_initials, sex, ethnicity, occupation, address, phone, phone_tail,"
                        " id_number, id_tail, id_flag, legal_rep, contact) VALUES (" + ",".join("?" * 20) + ")",
                        parties)
        con.executemany("INSERT INTO case_party (id, owner_code, created_at, updated_at, row_version, case_id,"
                        " party_id, role, position, agent_name, agent_phone, agent_kind) VALUES ("
                        + ",".join("?" * 12) + ")", links)


def p95(samples: list[float]) -> float:
    return round(statistics.quantiles(samples, n=20)[-1] * 1000, 1)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=100_000)
    ap.add_argument("--dir", default=None)
    args = ap.parse_args()
    root = Path(args.dir or f"/tmp/zx-bench-{args.cases}")
    data = DataDir(root).ensure()
    fresh = not data.database.exists()
    open_database(data)
    result: dict = {"cases": args.cases}
    if fresh:
        center.init_center(kind="township", code="520102001", name="基准镇", committee_short="青山",
                           admin_username="admin", admin_display_name="管理员", admin_password="Bench2026pass")
        close_database()
        t = time.perf_counter()
        build(data.database, args.cases)
        result["bulk_insert_s"] = round(time.perf_counter() - t, 1)
        open_database(data)
        t = time.perf_counter()
        search_index._flush_dirty()
        result["index_build_s"] = round(time.perf_counter() - t, 1)
    actor = users.sign_in("admin", "Bench2026pass")
    rng = random.Random(7)
    from zhongxin_desktop.store.db import database

    sample = database.execute_sql("SELECT p.name, p.name_pinyin, p.name_initials, p.phone_tail, p.id_tail"
                                  " FROM party p ORDER BY random() LIMIT 60").fetchall()
    numbers = [r[0] for r in database.execute_sql("SELECT case_no FROM \"case\" WHERE case_no IS NOT NULL"
                                                   " ORDER BY random() LIMIT 20")]
    queries = {
        "name_2_or_3_chars": [s[0] for s in sample],
        "surname_only": [s[0][0] for s in sample[:20]],
        "initials": [s[2] for s in sample],
        "full_pinyin_prefix": [s[1][: max(3, len(s[1]) - 2)] for s in sample],
        "phone_tail": [s[3] for s in sample],
        "id_tail": [s[4] for s in sample],
        "fact_word": [rng.choice(WORDS) for _ in range(40)],
        "two_words": [f"{s[0]} {rng.choice(WORDS)}" for s in sample[:30]],
        "case_number": numbers,
    }
    timings: dict[str, float] = {}
    everything: list[float] = []
    for kind, qs in queries.items():
        samples = []
        for q in qs:
            t = time.perf_counter()
            case_list.list_page(actor, {"search": q}, limit=100)
            samples.append(time.perf_counter() - t)
        timings[kind] = p95(samples)
        everything += samples
    result["search_p95_ms_by_kind"] = timings
    result["search_p95_ms"] = p95(everything)
    result["search_median_ms"] = round(statistics.median(everything) * 1000, 1)
    opens = []
    for _ in range(10):
        t = time.perf_counter()
        case_list.list_page(actor, {}, limit=200)
        opens.append(time.perf_counter() - t)
    result["list_first_page_p95_ms"] = p95(opens)
    page, last = case_list.list_page(actor, {}, limit=200), 0.0
    while page.after is not None:  # pages continue after the last row (keyset): walk to the end
        t = time.perf_counter()
        page = case_list.list_page(actor, {}, after=page.after, limit=200)
        last = time.perf_counter() - t
    result["list_last_page_ms"] = round(last * 1000, 1)
    t = time.perf_counter()
    result["count_open"] = case_list.count(actor, {"open": True})
    result["count_open_ms"] = round((time.perf_counter() - t) * 1000, 1)
    for sort in ("case_no", "due_on", "risk_level", "category"):
        t = time.perf_counter()
        case_list.list_page(actor, {}, sort=sort, limit=200)
        result[f"list_sorted_by_{sort}_ms"] = round((time.perf_counter() - t) * 1000, 1)
    from zhongxin_desktop.domain.case_input import CaseInput, PartyInput
    from zhongxin_desktop.services.casework import cases

    saves = []
    for i in range(20):
        record = CaseInput(category="邻里", source="来访", facts=f"基准登记{i}：排水沟纠纷", parties=[
            PartyInput(name="张三", phone="13812345678", id_number="11010519491231002X"),
            PartyInput(name="李四", role="被申请人")])
        t = time.perf_counter()
        cases.register(actor, record)
        saves.append(time.perf_counter() - t)
    result["register_save_p95_ms"] = p95(saves)
    result["db_mb"] = round(data.database.stat().st_size / 1e6, 1)
    close_database()
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
