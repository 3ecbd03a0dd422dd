"""The county's monthly figures, every township in one pass (services/figures/county_months), on both
engines: equal, township by township, to ``statistics.monthly_statistics`` asked once per
township, and to the figures worked out by hand — those of tests/test_statistics_rules.py's store
(owner A, one case of owner B) and a second township C written here. Then the county's own views
(``county stats``' service, the monthly report) over the same store."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from conftest import PASSWORD
from test_statistics_rules import agreement, case, store  # noqa: F401  (store: the fixture, on this module's db)
from zhongxin_desktop.services import center, users
from zhongxin_desktop.services.countywork import county
from zhongxin_desktop.services.figures import county_months
from zhongxin_desktop.services.figures.statistics import MonthlyStatistics, monthly_statistics
from zhongxin_desktop.store.connection import close_database, open_database, open_server_database
from zhongxin_desktop.store.models import (
    Center, Grid, GridEvent, GridVisit, JudicialConfirmation, MediationCommittee, Mediator, TrustedKey,
)

pytestmark = pytest.mark.slow

D = dt.date
CODES = ["A", "B", "C", "Z"]  # Z: a township that sent nothing
AFTER = D(2026, 6, 1)


@pytest.fixture
def db(data_dir, county_url):
    """The store on each engine (overrides conftest's SQLite-only ``db`` for the imported ``store``)."""
    database = open_server_database(county_url, data_dir) if county_url else open_database(data_dir)
    yield database
    close_database()


@pytest.fixture
def county_store(store):  # noqa: F811  (the imported fixture)
    """Township C's month of March 2026, each row with the figure it makes."""
    case("C", status="accepted", registered=D(2026, 3, 4), accepted=D(2026, 3, 4))  # registered, accepted: 邻里
    case("C", status="accepted", registered=D(2026, 3, 9), accepted=D(2026, 3, 10), source="网格员上报",
         category="合同")  # registered, grid-found, accepted: 合同
    won = case("C", status="succeeded", closed=D(2026, 3, 20), amount=999)
    agreement(won, "120", "oral")  # success: 120 (its agreement, not the case's amount), oral
    case("C", status="terminated", closed=D(2026, 3, 25), prevent_suicide=True, prevent_suicide_persons=3)
    case("C", status="mediating", accepted=D(2026, 2, 1), due=D(2026, 3, 5))  # overdue since 6 March
    case("C", status="succeeded", accepted=D(2026, 2, 1), due=D(2026, 2, 20), closed=D(2026, 2, 27))  # closed in time
    JudicialConfirmation.create(owner_code="C", case=won, applied_on=D(2026, 3, 21), court="某法院")
    grid = Grid.create(owner_code="C", code="c1", name="丙村第1网格")
    GridVisit.create(owner_code="C", grid=grid, worker_name="赵六", visited_on=D(2026, 3, 8))
    GridEvent.create(owner_code="C", grid=grid, reported_on=D(2026, 3, 8), status="handled", event_type="矛盾纠纷")
    entered = dt.datetime(2026, 3, 2)  # on the roster before April
    committee = MediationCommittee.create(owner_code="C", name="丙村人民调解委员会", created_at=entered)
    Mediator.create(owner_code="C", committee=committee, name="钱七", created_at=entered)
    Mediator.create(owner_code="C", committee=committee, name="孙八", active=False, created_at=entered)  # left
    Mediator.create(owner_code="C", committee=committee, name="李九")  # entered today: not by the end of March


def _same(grouped: dict[str, MonthlyStatistics], month: str, today: dt.date | None) -> None:
    for code in CODES:
        assert grouped[code].to_dict() == monthly_statistics(month, code, today=today).to_dict(), (code, month, today)


@pytest.mark.parametrize("month,today", [("2026-03", AFTER), ("2026-03", D(2026, 3, 12)), ("2026-03", D(2026, 3, 11)),
                                         ("2026-02", AFTER), ("2026-04", AFTER), ("2025-12", AFTER)])
def test_every_township_at_once_is_each_township_alone(county_store, month, today):
    grouped = county_months.figures_by_township(CODES, month, today=today)
    assert list(grouped) == CODES
    _same(grouped, month, today)


def test_the_grouped_figures_are_the_hand_counted_ones(county_store):
    by = county_months.figures_by_township(CODES, "2026-03", today=AFTER)
    a, b, c, z = (by[code] for code in CODES)
    # A: tests/test_statistics_rules.py's store, worked out there (B's one case is B's)
    assert (a.succeeded, a.terminated, a.agreement_amount) == (7, 3, Decimal("1775.50"))
    assert (a.oral_agreements, a.written_agreements) == (2, 3)
    assert (a.prevent_criminal_cases, a.prevent_criminal_persons, a.prevent_petition_cases,
            a.prevent_petition_persons, a.prevent_suicide_cases, a.prevent_suicide_persons) == (1, 2, 2, 7, 2, 4)
    assert (a.registered, a.grid_found, a.accepted) == (6, 1, 4)
    assert a.by_source_group == {"主动调解": 2, "申请调解": 2, "接受委托移送": 0}
    assert a.by_source == {"来访": 1, "网格员上报": 1, "自定义来源": 1, "主动排查": 1}
    assert {k: v for k, v in a.by_category.items() if v} == {"邻里": 2, "合同": 1, "自定义类": 1}
    assert (a.performed, a.judicial_confirmations, a.inspections) == (2, 2, 2)
    assert (a.grid_handled, a.grid_escalated, a.inspection_disputes, a.prevented_disputes, a.overdue) == (2, 2, 5, 1, 3)
    assert (b.registered, b.accepted, b.succeeded, b.overdue) == (1, 0, 0, 0)
    # C: written above
    assert (c.registered, c.grid_found, c.accepted, c.by_source) == (2, 1, 2, {"来访": 1, "网格员上报": 1})
    assert {k: v for k, v in c.by_category.items() if v} == {"邻里": 1, "合同": 1}
    assert (c.succeeded, c.terminated, c.agreement_amount, c.oral_agreements, c.written_agreements) == (
        1, 1, Decimal("120.00"), 1, 0)
    assert (c.prevent_suicide_cases, c.prevent_suicide_persons, c.prevent_criminal_cases) == (1, 3, 0)
    assert (c.judicial_confirmations, c.inspections, c.grid_handled, c.prevented_disputes) == (1, 1, 1, 1)
    assert (c.overdue, c.committees, c.mediators, c.performed) == (1, 1, 1, 0)
    assert z.to_dict() == MonthlyStatistics("2026-03", "Z", by_category=dict.fromkeys(z.by_category, 0)).to_dict()
    assert "婚姻家庭" in z.by_category  # the configured categories are listed for every township
    assert list(county_months.figures_by_township(["C"], "2026-03", today=AFTER)) == ["C"]  # A's rows left out


def _as_county(codes: list[str]):
    center.init_center(kind="county", code="520102", name="某县综治中心", admin_username="admin",
                       admin_password=PASSWORD)
    for code in codes:
        Center.create(owner_code="520102", code=code, name=f"{code}镇综治中心", kind="township")
        TrustedKey.create(code=code, name=f"{code}镇综治中心", kind="township", sign_public="", enc_public="",
                          fingerprint="")
    return users.sign_in("admin", PASSWORD)


def test_the_countys_views_show_every_township_as_if_asked_alone(county_store):
    actor = _as_county(["A", "C", "Z"])
    # March is over (today is later): the cutoff is 1 April for every view
    alone = {code: monthly_statistics("2026-03", code).to_dict() for code in ("A", "C", "Z")}
    stats = county.monthly_stats(actor, "2026-03")
    assert {t["code"]: t["held"] for t in stats["townships"]} == alone
    total = MonthlyStatistics.combine("2026-03", [MonthlyStatistics.from_dict(d) for d in alone.values()], "520102")
    assert stats["county"] == total.to_dict()
    assert (stats["county"]["registered"], stats["county"]["succeeded"], stats["county"]["overdue"]) == (
        6 + 2, 7 + 1, 3 + 1)  # B is not one of this county's townships
    report = county_months.monthly_report(actor, "2026-03")
    assert report.county_mode and [r.code for r in report.rows] == ["A", "C", "Z"]
    assert {r.code: r.stats.to_dict() for r in report.rows} == alone
    assert report.total is not None and report.total.stats.to_dict() == total.to_dict()
