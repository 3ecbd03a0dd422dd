"""The case list pages by keyset (each page continues after the last row's sort key): every order
and filter, read page by page, gives exactly the rows of one straightforward query — none
skipped or repeated where keys tie — and search rows are what they were before the list stopped
passing matched ids around (content, order, masking)."""
import datetime as dt
import itertools

import pytest

from zhongxin_desktop.services import _case_rows
from zhongxin_desktop.domain.masking import mask_id, mask_phone
from zhongxin_desktop.domain.workflow import OPEN_STATUSES, Status
from zhongxin_desktop.services.casework import case_list, search_index
from zhongxin_desktop.services.safety import pii_crypto
from zhongxin_desktop.store.models import Case, Grid, User

TODAY = dt.date(2026, 11, 27)
RISK_ORDER = ("红", "橙", "黄", "蓝")  # any other level ranks after these
STATUS_ORDER = list(Status)


@pytest.fixture
def world(demo_db):
    """The demo township (300 cases, real parties, numbers, mediators, grids) with ties made on
    purpose: 40 cases registered on one day at two instants, shared categories and risk levels,
    cases without a number or a due date, and a risk level the list does not rank."""
    ids = [c.id for c in Case.select(Case.id).order_by(Case.id)]
    tied = ids[::7][:40]
    for instant, group in ((dt.datetime(2026, 3, 1, 9, 0), tied[::2]), (dt.datetime(2026, 3, 1, 10, 0), tied[1::2])):
        Case.update(registered_on=instant.date(), created_at=instant).where(Case.id.in_(group)).execute()
    Case.update(risk_level="紫").where(Case.id.in_(ids[3::50])).execute()
    Case.update(due_on=None).where(Case.id.in_(ids[5::9])).execute()
    Case.update(category="邻里").where(Case.id.in_(ids[1::3])).execute()
    assert Case.select().where(Case.case_no.is_null()).count() > 0  # unaccepted cases: NULL numbers
    return demo_db


def _sort_key(case: Case, sort: str):
    """Python's view of the list's order: NULL before any value, as SQLite sorts."""
    def nullable(v):
        return (v is not None, v if v is not None else 0)

    if sort == "registered_on":
        return (case.registered_on, case.created_at)
    if sort == "case_no":
        return (nullable(case.case_year), nullable(case.case_seq))
    if sort == "status":
        return (STATUS_ORDER.index(Status(case.status)),)
    if sort == "risk_level":
        return (RISK_ORDER.index(case.risk_level) if case.risk_level in RISK_ORDER else len(RISK_ORDER),)
    if sort == "due_on":
        return (nullable(case.due_on),)
    return (getattr(case, sort),)


def _matches(case: Case, filters: dict, found: set[str] | None) -> bool:
    open_values = {s.value for s in OPEN_STATUSES}
    if found is not None and case.id not in found:
        return False
    if "status" in filters and case.status != filters["status"]:
        return False
    if (filters.get("open") or filters.get("overdue")) and case.status not in open_values:
        return False
    if filters.get("overdue") and not (case.due_on and case.due_on < TODAY):
        return False
    for key, attr in (("category", "category"), ("risk_level", "risk_level"), ("grid_id", "grid_id"),
                      ("mediator_id", "mediator_id"), ("source", "source")):
        if key in filters and getattr(case, attr) != filters[key]:
            return False
    if "date_from" in filters and case.registered_on < filters["date_from"]:
        return False
    return not ("date_to" in filters and case.registered_on > filters["date_to"])


def rowids() -> dict[str, int]:
    """case id → rowid: the order of cases that tie on the list's key (the order they were stored)."""
    from zhongxin_desktop.store.db import database

    return dict(database.execute_sql('SELECT id, rowid FROM "case"').fetchall())


def reference_ids(filters: dict, sort: str, descending: bool) -> list[str]:
    """The whole list in one go, the plain way: every case, filtered and sorted in Python; a
    search keeps the newest SEARCH_CAP matches (search_index._search_case_ids)."""
    found = set(search_index._search_case_ids(filters["search"])) if "search" in filters else None
    rows = [c for c in Case.select() if _matches(c, filters, found)]
    stored = rowids()
    rows.sort(key=lambda c: (*_sort_key(c, sort), stored[c.id]), reverse=descending)
    return [c.id for c in rows]


def read_all(actor, filters: dict, sort: str, descending: bool, limit: int) -> list[dict]:
    rows, after = [], None
    for _ in range(1000):
        page = case_list.list_page(actor, filters, sort=sort, descending=descending, after=after, limit=limit,
                                   today=TODAY)
        assert len(page.rows) <= limit
        rows += page.rows
        after = page.after
        if after is None:
            return rows
        assert len(page.rows) == limit  # a page with a continuation is full
    raise AssertionError("the list never ended")


def reference_row(case: Case, reveal: bool = False) -> dict:
    """A list row built from the models, field by field."""
    parties = _case_rows._parties_of(case)
    phone = next((p.phone for _, p in parties if p.phone), "")
    id_number = next((p.id_number for _, p in parties if p.id_number), "")
    status = Status(case.status)
    return {
        "id": case.id, "case_no": case.case_no, "status": case.status, "status_label": status.label,
        "category": case.category, "source": case.source, "parties": "、".join(p.name for _, p in parties),
        "phone": phone if reveal else mask_phone(phone), "id_number": id_number if reveal else mask_id(id_number),
        "registered_on": case.registered_on, "due_on": case.due_on, "risk_level": case.risk_level,
        "mediator": case.mediator.display_name if case.mediator_id else "",
        "grid": case.grid.name if case.grid_id else "",
        "overdue": bool(case.due_on and status in OPEN_STATUSES and case.due_on < TODAY),
        "overdue_reason": case.overdue_reason,
    }


@pytest.mark.parametrize("sort", case_list.SORTS)
def test_every_order_pages_through_ties_without_skipping_or_repeating(world, sort):
    for descending, limit in ((True, 7), (False, 7), (True, 1), (False, 40)):
        ids = [r["id"] for r in read_all(world, {}, sort, descending, limit)]
        assert ids == reference_ids({}, sort, descending), (sort, descending, limit)
    assert len(ids) == Case.select().count() == len(set(ids))


def test_forty_cases_on_one_day_come_by_instant_then_as_stored_across_pages(world):
    ids = [r["id"] for r in read_all(world, {"date_from": dt.date(2026, 3, 1), "date_to": dt.date(2026, 3, 1)},
                                     "registered_on", True, 6)]
    later, earlier = ([c.id for c in Case.select().where(Case.registered_on == dt.date(2026, 3, 1),
                                                          Case.created_at == dt.datetime(2026, 3, 1, hour))]
                      for hour in (10, 9))
    assert len(later) >= 20 and len(earlier) >= 20
    stored = rowids()
    assert ids == sorted(later, key=stored.get, reverse=True) + sorted(earlier, key=stored.get, reverse=True)


def _filters(world) -> list[dict]:
    grid = Grid.select().join(Case, on=(Case.grid == Grid.id)).first()
    mediator = User.select().join(Case, on=(Case.mediator == User.id)).first()
    name = _case_rows._parties_of(Case.select().order_by(Case.id).first())[0][1].name
    return [
        {"open": True}, {"overdue": True}, {"status": "registered"}, {"category": "邻里"}, {"risk_level": "紫"},
        {"grid_id": grid.id}, {"mediator_id": mediator.id},
        {"date_from": dt.date(2026, 1, 1), "date_to": dt.date(2026, 6, 30)},
        {"search": name[0]}, {"search": name}, {"search": "纠纷"}, {"search": "纠纷", "category": "邻里"},
        {"search": "纠纷", "open": True, "risk_level": "黄"}, {"search": "没有这样的词"},
    ]


def test_every_order_with_filters_and_search_matches_the_plain_query(world):
    filters = _filters(world)
    for f, sort, descending in itertools.product(filters, case_list.SORTS, (True, False)):
        ids = [r["id"] for r in read_all(world, f, sort, descending, 9)]
        assert ids == reference_ids(f, sort, descending), (f, sort, descending)
        assert case_list.count(world, f, today=TODAY) == len(ids), f
    assert any(reference_ids(f, "registered_on", True) for f in filters[-4:-1])  # the searches found cases


def test_a_capped_search_pages_through_its_newest_matches_only(world, monkeypatch):
    monkeypatch.setattr(search_index, "SEARCH_CAP", 25)
    everything = search_index._search_case_ids("纠纷", limit=10_000)
    assert len(everything) > 25
    for sort, descending in itertools.product(case_list.SORTS, (True, False)):
        page = case_list.list_page(world, {"search": "纠纷"}, sort=sort, descending=descending, limit=10, today=TODAY)
        assert page.truncated
        ids = [r["id"] for r in read_all(world, {"search": "纠纷"}, sort, descending, 10)]
        assert set(ids) == set(everything[:25]) and len(ids) == 25
        assert ids == reference_ids({"search": "纠纷"}, sort, descending)


def test_search_rows_are_the_model_rows_masked(world):
    """Content, order and masking of search rows: as built from the models field by field."""
    name = _case_rows._parties_of(Case.select().order_by(Case.id).first())[0][1].name
    for text in (name, name[0], "纠纷", "zs", "1"):
        page = case_list.list_page(world, {"search": text}, limit=200, today=TODAY)
        want = [reference_row(Case.get_by_id(i)) for i in reference_ids({"search": text}, "registered_on", True)]
        assert page.rows == want[:200], text
    assert any("*" in r["phone"] and "*" in r["id_number"] for r in page.rows)


def test_rows_stay_masked_and_the_same_with_encryption_on(world, data_dir):
    before = read_all(world, {}, "registered_on", True, 50)
    assert before == [reference_row(Case.get_by_id(r["id"])) for r in before]
    assert pii_crypto.set_encryption(world, data_dir, True) > 0
    assert read_all(world, {}, "registered_on", True, 50) == before
    revealed = case_list.list_page(world, {"search": "纠纷"}, reveal=True, limit=20, today=TODAY).rows
    assert revealed == [reference_row(Case.get_by_id(r["id"]), reveal=True) for r in revealed]
    assert any(r["phone"] and "*" not in r["phone"] for r in revealed)


def test_a_case_registered_between_pages_neither_shifts_nor_repeats_rows(world):
    first = case_list.list_page(world, {}, limit=20, today=TODAY)
    from case_factory import register

    register(world)  # the newest case: it belongs before the first page, not inside the next
    second = case_list.list_page(world, {}, after=first.after, limit=20, today=TODAY)
    assert [r["id"] for r in first.rows + second.rows] == reference_ids({}, "registered_on", True)[1:41]


def test_unknown_sorts_and_filters_are_refused(world):
    with pytest.raises(ValueError):
        case_list.list_page(world, {}, sort="parties")
    with pytest.raises(ValueError):
        case_list.list_page(world, {"colour": "red"})


SORT_INDEXES = {"case_no": "case_case_year_case_seq", "status": "case_status", "risk_level": "case_risk_level",
                "category": "case_category", "source": "case_source", "due_on": "case_due_on"}


@pytest.mark.parametrize("sort", SORT_INDEXES)
def test_each_page_of_an_order_seeks_in_its_key_index_without_sorting(world, sort):
    """Rows tying on the key come from the key's index in rowid order: no page sorts the rows it
    found, which at 100,000 cases meant re-sorting a whole status or category for every page.
    Only the ranked orders' slice of unranked values is sorted (it is usually empty)."""
    from zhongxin_desktop.store.db import database

    statements: list[str] = []
    con = database.connection()
    con.set_trace_callback(statements.append)  # SQLite reports them with their values bound
    try:
        for descending in (False, True):
            read_all(world, {}, sort, descending, 7)
    finally:
        con.set_trace_callback(None)
    # "+c.rowid": the slice of unranked values, sorted on purpose (a table this small is just scanned)
    reads = {s for s in statements if s.startswith("SELECT c.id") and " ORDER BY " in s and "+c.rowid" not in s}
    assert len(reads) > 2
    for sql in reads:
        plan = " | ".join(r[3] for r in con.execute("EXPLAIN QUERY PLAN " + sql))
        assert f"INDEX {SORT_INDEXES[sort]} " in plan and "TEMP B-TREE" not in plan, (sql[-300:], plan)
