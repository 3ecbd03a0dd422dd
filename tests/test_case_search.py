"""The one search box: 2- and 3-character names, pinyin, tails, facts, case numbers —
correct on the SQLite the app runs on (3.40: no trigram tricks)."""
import sqlite3

import pytest

from case_factory import ID_A, ID_B, accept, party, register
from zhongxin_desktop.domain.search_terms import build_query, name_text, tokens
from zhongxin_desktop.services.casework import case_list, search_index
from zhongxin_desktop.store.db import database
from zhongxin_desktop.store.models import Case


@pytest.fixture
def world(township):
    a = register(township, party("张三", phone="13812345678", id_number=ID_A),
                 party("欧阳娜娜", "被申请人", phone="0851-86812345"), facts="邻居家装修噪音扰民，夜间施工不止")
    b = register(township, party("张三丰", phone="13900001111", id_number=ID_B), party("李四", "被申请人"),
                 facts="双方因排水沟改道发生争执")
    c = register(township, party("王五"), party("赵六", "被申请人"), facts="土地承包边界不清")
    accept(township, a)
    return township, a, b, c


def ids(text):
    return set(search_index._search_case_ids(text))


def test_names_carry_their_surname_alone():
    assert name_text("张三丰", "李四", "") == "张 张三 三丰 | 李 李四"


def test_tokens_are_bigrams():
    assert tokens("张三丰") == ["张三", "三丰"]
    assert tokens("王") == ["王"]
    assert tokens("A12号") == ["a12", "号"]


def test_two_and_three_character_names(world):
    _, a, b, c = world
    assert ids("张三") == {a.id, b.id}  # 张三 is inside 张三丰 too
    assert ids("张三丰") == {b.id}
    assert ids("李四") == {b.id}
    assert ids("欧阳娜娜") == {a.id}
    assert ids("王五") == {c.id}
    assert ids("张四") == set()
    assert ids("张") == {a.id, b.id} and ids("欧") == {a.id}  # a surname alone
    assert ids("三") == set()  # one character matches the start of a name only


def test_pinyin_initials_and_full_pinyin(world):
    _, a, b, c = world
    assert a.id in ids("zs") and b.id in ids("zs")
    assert ids("zhangs") == {a.id, b.id}
    assert ids("zhangsanf") == {b.id}
    assert ids("wangwu") == {c.id}
    assert ids("oyn") == {a.id}
    assert ids("qq") == set()


def test_phone_and_id_tails(world):
    _, a, b, _ = world
    assert ids("5678") == {a.id}
    assert ids("1111") == {b.id}
    assert ids("13812345678") == {a.id}
    assert ids("002X") == {a.id} == ids("002x")
    assert ids("001X") == {b.id}
    assert ids("2345") == {a.id}  # landline 0851-86812345


def test_words_in_the_facts(world):
    _, a, b, c = world
    assert ids("噪音") == {a.id}  # two characters: trigram search could not find this
    assert ids("排水沟") == {b.id}
    assert ids("承包边界") == {c.id}
    assert ids("噪音 张三") == {a.id}
    assert ids("噪音 李四") == set()


def test_case_number(world):
    _, a, _, _ = world
    a = Case.get_by_id(a.id)
    assert a.case_no and a.case_seq == 1
    assert ids(a.case_no) == {a.id}
    assert ids(f"第{a.case_seq}号") == {a.id}
    assert a.id in ids(str(a.case_seq))


def test_cases_written_behind_the_services_are_found(world):
    """The triggers mark them; the next search indexes them first."""
    actor, *_ = world
    database.execute_sql("UPDATE party SET name = '钱七', name_pinyin = 'qianqi', name_initials = 'qq'"
                         " WHERE name = '王五'")
    assert search_index._pending_count() == 1
    assert len(ids("钱七")) == 1 and ids("王五") == set() and len(ids("qq")) == 1
    assert search_index._pending_count() == 0


def test_rebuild_gives_the_same_answers(world):
    actor, a, b, c = world
    before = {q: ids(q) for q in ("张三", "zs", "5678", "噪音", "排水沟")}
    assert search_index.rebuild(actor) == 3
    assert {q: ids(q) for q in before} == before


def test_no_trigram_like_in_use():
    """A guard on the reason for this design: CJK LIKE on a trigram table is wrong on this SQLite."""
    expr = build_query("张三 噪音").expression
    assert "LIKE" not in expr.upper() and "trigram" not in expr
    assert sqlite3.sqlite_version_info >= (3, 9, 0)  # FTS5 with unicode61


def test_list_page_search_and_filters(world):
    actor, a, b, c = world
    page = case_list.list_page(actor, {"search": "张三"})
    assert {r["id"] for r in page.rows} == {a.id, b.id}
    row = next(r for r in page.rows if r["id"] == a.id)
    assert row["phone"] == "138****5678" and "*" in row["id_number"] and row["parties"] == "张三、欧阳娜娜"
    assert {r["id"] for r in case_list.list_page(actor, {"search": "张三", "status": "accepted"}).rows} == {a.id}
    assert case_list.count(actor, {"open": True}) == 3
    assert case_list.count(actor, {"search": "zz"}) == 0


def test_cases_from_before_migration_10_are_found_after_the_upgrade(tmp_path):
    """An old database (schema 1) upgraded: its cases are searchable without a manual rebuild."""
    from test_store_migrations import _fill_with_first_schema
    from zhongxin_desktop.paths import DataDir
    from zhongxin_desktop.store import migrations
    from zhongxin_desktop.store.connection import close_database, open_database
    from zhongxin_desktop.store.db import make_database

    data = DataDir(tmp_path / "old").ensure()
    db = make_database(data.database)
    db.connect()
    migrations.migrate(db, upto=1)
    db.close()
    _fill_with_first_schema(data.database)
    open_database(data)
    try:
        assert search_index._pending_count() == 1
        for q in ("张三", "zs", "zhangsan", "5678", "001X", "排水沟"):
            assert search_index._search_case_ids(q) == ["k1"], q
    finally:
        close_database()


def test_query_building_is_safe_with_quotes_and_operators(world):
    for text in ('"', 'AND', 'OR NOT', '张"三', '*', 'zs*', '(', 'NEAR(a b)', '-1', "第号"):
        search_index._search_case_ids(text)  # never an FTS5 syntax error
    assert build_query("   ").empty


def test_many_matches_keep_the_newest_and_say_so(world, monkeypatch):
    actor, a, b, c = world
    monkeypatch.setattr(search_index, "SEARCH_CAP", 1)
    page = case_list.list_page(actor, {"search": "张三"})
    assert page.truncated and [r["id"] for r in page.rows] == [b.id]  # b was registered after a
    page = case_list.list_page(actor, {"search": "王五"})
    assert not page.truncated and [r["id"] for r in page.rows] == [c.id]


def test_a_legal_persons_representative_and_contact_find_the_case(world):
    """法定代表人 and 联系人 are searched like names (whole, surname-less bigrams, pinyin), also
    after someone else's write changes them, and on a database indexed before they were."""
    from zhongxin_desktop.store.migrations import m0013_search_representatives

    actor, a, b, c = world
    company = register(actor, party("青山建材有限公司", kind="legal", legal_rep="孙建国", contact="周会计"),
                       party("李四", "被申请人"), facts="货款纠纷")
    assert ids("孙建国") == {company.id}
    assert ids("周会计") == {company.id}
    assert ids("sunjianguo") == {company.id}
    # changed by another writer (an import, another version of the app): the trigger re-indexes it
    database.execute_sql("UPDATE party SET legal_rep = '吴德华' WHERE name = '青山建材有限公司'")
    assert ids("吴德华") == {company.id} and ids("孙建国") == set()
    # an index built before representatives were indexed: the migration marks the case again
    database.execute_sql("UPDATE case_search SET names = '青山 山建' WHERE case_id = ?", (company.id,))
    database.execute_sql("DELETE FROM case_search_dirty")
    assert ids("吴德华") == set()
    m0013_search_representatives.apply(database)
    assert ids("吴德华") == {company.id} and ids("张三") == {a.id, b.id}
