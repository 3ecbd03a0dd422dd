"""Monthly statistics, figure by figure, on a small store whose every row is written here with the
figure it should make (worked out by hand in the comments): month edges on both sides, the
closing outcome of each kind of case, the current agreement, flags of rejected cases, UTC event
times against the clerk's calendar, the overdue cutoff, grid events, an owner's own rows."""
import datetime as dt
from decimal import Decimal

import peewee as pw
import pytest

from zhongxin_desktop.domain.errors import ValidationError
from zhongxin_desktop.services.figures import statistics
from zhongxin_desktop.services.figures.statistics import MonthlyReport, MonthlyStatistics, ReportRow, monthly_statistics
from zhongxin_desktop.store.db import database
from zhongxin_desktop.store.models import (
    Agreement, Case, CaseEvent, Grid, GridEvent, GridVisit, JudicialConfirmation,
)

D = dt.date
BEFORE = D(2026, 2, 10)  # registered and accepted before March: these cases count only as closed


# --- the parts without a store
@pytest.mark.parametrize("text,first", [("2026-03", D(2026, 3, 1)), (" 2026-3 ", D(2026, 3, 1)),
                                        ("2026-01", D(2026, 1, 1)), ("2026-1", D(2026, 1, 1)),
                                        ("2026-12", D(2026, 12, 1)), (D(2026, 3, 17), D(2026, 3, 1))])
def test_parse_month(text, first):
    assert statistics.parse_month(text) == first


@pytest.mark.parametrize("text", ["2026-13", "2026-0", "2026-00", "2026-", "26-03", "2026/03", "三月", "2026-003"])
def test_parse_month_refuses_naming_the_field(text):
    with pytest.raises(ValidationError) as err:
        statistics.parse_month(text)
    assert str(err.value) == f"月份：“{text}”不是有效月份，请写成 YYYY-MM，如 2026-11"


def test_month_steps():
    assert statistics.next_month(D(2026, 12, 1)) == D(2027, 1, 1)
    assert statistics.next_month(D(2026, 1, 1)) == D(2026, 2, 1)
    assert statistics.previous_month(D(2026, 1, 1)) == D(2025, 12, 1)
    assert statistics.previous_month(D(2026, 3, 1)) == D(2026, 2, 1)


def test_rates_and_the_exchange_snapshot():
    empty = MonthlyStatistics("2026-03")
    assert empty.success_rate == 0.0 and empty.grid_handled_share == 0.0
    assert empty.by_source_group == {"主动调解": 0, "申请调解": 0, "接受委托移送": 0}
    s = MonthlyStatistics("2026-03", "520102003", succeeded=2, terminated=1, grid_handled=1, grid_escalated=2,
                          agreement_amount=Decimal("1750.5"), by_category={"邻里": 2})
    assert s.success_rate == pytest.approx(2 / 3) and s.grid_handled_share == pytest.approx(1 / 3)
    assert s.figure("succeeded") == 2
    d = s.to_dict()
    assert (d["agreement_amount"], d["success_rate"], d["grid_handled_share"], d["schema"]) == (
        "1750.50", 0.6667, 0.3333, 1)
    assert MonthlyStatistics.from_dict(d | {"unknown": 1}) == s
    assert MonthlyStatistics.from_dict({"month": "2026-03"}).agreement_amount == Decimal("0")


def test_county_total_sums_every_figure():
    a = MonthlyStatistics("2026-03", "A", accepted=2, succeeded=1, agreement_amount=Decimal("10.50"),
                          by_category={"邻里": 1, "合同": 1}, by_source_group={"主动调解": 2})
    b = MonthlyStatistics("2026-03", "B", accepted=3, terminated=1, agreement_amount=Decimal("1.25"),
                          by_category={"邻里": 2})
    total = MonthlyStatistics.combine("2026-03", [a, b], "C")
    assert (total.month, total.owner_code, total.accepted, total.succeeded, total.terminated) == (
        "2026-03", "C", 5, 1, 1)
    assert total.agreement_amount == Decimal("11.75") and total.success_rate == 0.5
    assert total.by_category == {"邻里": 3, "合同": 1}
    assert total.by_source_group == {"主动调解": 2, "申请调解": 0, "接受委托移送": 0}


def test_report_days_and_rows():
    row = ReportRow("A", "甲镇", MonthlyStatistics("2026-02"))
    report = MonthlyReport("2026-02", "甲镇", False, [row])
    assert (report.first_day, report.last_day) == (D(2026, 2, 1), D(2026, 2, 28))
    assert report.all_rows() == [row]
    total = ReportRow("C", "合计", MonthlyStatistics("2026-02"))
    assert MonthlyReport("2026-02", "县", True, [row], total).all_rows() == [row, total]


def test_figure_labels_are_the_county_forms_rows_in_order():
    assert list(statistics.FIGURE_LABELS.items()) == [
        ("inspections", "排查次数"), ("inspection_disputes", "排查发现纠纷数"), ("prevented_disputes", "预防纠纷数"),
        ("registered", "登记数"), ("accepted", "受理数"), ("succeeded", "调解成功数"), ("terminated", "调解终止数"),
        ("success_rate", "调解成功率"), ("agreement_amount", "协议涉及金额（元）"), ("oral_agreements", "口头协议数"),
        ("written_agreements", "书面协议数"), ("performed", "履行数"), ("judicial_confirmations", "司法确认数"),
        ("prevent_criminal_cases", "防止民转刑（件）"), ("prevent_criminal_persons", "防止民转刑（人）"),
        ("prevent_petition_cases", "防止群体性上访（件）"), ("prevent_petition_persons", "防止群体性上访（人）"),
        ("prevent_suicide_cases", "防止自杀（件）"), ("prevent_suicide_persons", "防止自杀（人）"),
        ("grid_found", "网格发现案件数"), ("grid_handled", "网格内化解数"), ("grid_escalated", "网格上报数"),
        ("grid_handled_share", "网格内化解率"), ("overdue", "超期案件数"), ("committees", "调委会数"),
        ("mediators", "调解员数")]
    empty = MonthlyStatistics("2026-03")
    for key in statistics.FIGURE_LABELS:
        assert empty.figure(key) == 0


# --- the store
def case(owner="A", *, status, registered=BEFORE, accepted=BEFORE, closed=None, source="来访", category="邻里",
         due=None, amount=0, **flags):
    return Case.create(owner_code=owner, status=status, registered_on=registered, accepted_on=accepted,
                       closed_on=closed, source=source, category=category, due_on=due, amount=amount, **flags).id


def event(case_id, to_status, at, action="x"):
    CaseEvent.create(owner_code="A", case=case_id, at=at, username="u", action=action, to_status=to_status)


def agreement(case_id, amount, kind="written", version=1, status="signed"):
    Agreement.create(owner_code="A", case=case_id, amount=amount, kind=kind, version=version, status=status)


@pytest.fixture
def store(db, beijing_time):
    # Closed in March: the closing outcome of each kind of case.
    c1 = case(status="succeeded", closed=D(2026, 3, 5), amount=100)
    agreement(c1, "500", "written")  # success: 500, written
    case(status="performing", closed=D(2026, 3, 31), amount="200.50")  # success: 200.50 (no agreement)
    c3 = case(status="performed", closed=D(2026, 3, 1))
    agreement(c3, "1000", "oral", 1, "superseded")
    agreement(c3, "700", "written", 2)  # success: 700 (the current version), written
    c4 = case(status="followed_up", closed=D(2026, 3, 10))
    event(c4, "succeeded", dt.datetime(2026, 3, 8))
    event(c4, "followed_up", dt.datetime(2026, 3, 9))
    agreement(c4, "300", "oral")  # success by its trail: 300, oral
    c5 = case(status="archived", closed=D(2026, 3, 11), prevent_criminal=True, prevent_criminal_persons=2)
    event(c5, "terminated", dt.datetime(2026, 3, 3))  # terminated; prevents a criminal case (2 persons)
    c6 = case(status="followed_up", closed=D(2026, 3, 12))
    agreement(c6, "50", "written")  # no trail, an agreement: success, 50, written
    case(status="followed_up", closed=D(2026, 3, 13))  # no trail, no agreement: neither
    case(status="terminated", closed=D(2026, 3, 14), prevent_petition=True, prevent_petition_persons=1,
         prevent_suicide=True, prevent_suicide_persons=4)  # terminated
    case(status="rejected", closed=D(2026, 3, 15), prevent_criminal=True, prevent_criminal_persons=9)  # no flags
    c10 = case(status="archived", closed=D(2026, 3, 16), prevent_criminal=True, prevent_criminal_persons=5)
    event(c10, "rejected", dt.datetime(2026, 3, 16))  # rejected by its trail: no flags
    case(status="concluded", closed=D(2026, 3, 17), prevent_petition=True, prevent_petition_persons=6)
    c13 = case(status="followed_up", closed=D(2026, 3, 18))
    event(c13, "succeeded", dt.datetime(2026, 3, 2))
    event(c13, "terminated", dt.datetime(2026, 3, 9))  # the last decisive step: terminated
    c14 = case(status="followed_up", closed=D(2026, 3, 19))
    event(c14, "succeeded", dt.datetime(2026, 3, 1))
    event(c14, "concluded", dt.datetime(2026, 3, 5))  # reopened, transferred, concluded: neither
    agreement(c14, "4000", "written")  # the agreement of the success that did not last
    case(status="concluded", closed=D(2026, 3, 20), prevent_suicide=True, prevent_suicide_persons=0)  # 1 case, 0 persons
    case(status="succeeded", closed=D(2026, 3, 21))  # success without an agreement or an amount: 0
    agreement(case(status="archived", closed=D(2026, 3, 22)), "25", "oral")  # no trail, an agreement: 25, oral
    agreement(case(status="succeeded", closed=D(2026, 4, 1)), "9000")  # April
    agreement(case(status="succeeded", closed=D(2026, 2, 28)), "9000")  # February
    # Registered / accepted in March.
    case(status="accepted", registered=D(2026, 3, 1), accepted=D(2026, 3, 2), due=D(2026, 4, 2))
    case(status="mediating", registered=D(2026, 3, 31), accepted=D(2026, 3, 31), source="网格员上报",
         category="合同", due=D(2026, 3, 20))  # overdue at the end of March
    case(status="registered", registered=D(2026, 3, 15), accepted=None, source="110转办")
    case(status="accepted", registered=D(2026, 3, 20), accepted=D(2026, 3, 21), source="自定义来源",
         category="自定义类")  # a place's own source: 申请调解
    case(status="registered", registered=D(2026, 4, 1), accepted=None, source="联户长报告")  # April
    case(status="accepted", registered=D(2026, 2, 28), accepted=D(2026, 3, 1), source="主动排查")
    case(status="registered", registered=D(2026, 3, 5), accepted=None, source="主动排查")  # found by inspection
    linked = case(status="registered", registered=D(2026, 3, 6), accepted=None, source="主动排查")
    case("B", status="registered", registered=D(2026, 3, 3), accepted=None)  # another owner's case
    # Overdue at a cutoff.
    case(status="succeeded", accepted=D(2026, 1, 5), due=D(2026, 3, 31), closed=D(2026, 4, 1))  # closed late
    case(status="mediating", accepted=D(2026, 1, 5), due=D(2026, 4, 1))  # due on the cutoff: not yet overdue
    case(status="rejected", accepted=D(2026, 1, 5), due=D(2026, 1, 10))
    case(status="registered", accepted=None, due=D(2026, 3, 1))  # never accepted
    case(status="mediating", accepted=D(2026, 2, 1), due=D(2026, 3, 12))  # overdue from 13 March
    # Performance recorded: UTC instants, the month read on Beijing's calendar.
    p1, p2, p3, p4 = (case(status="performed", accepted=None) for _ in range(4))
    event(p1, "performed", dt.datetime(2026, 2, 28, 16, 30), "complete_performance")  # 1 March 00:30
    event(p1, "performed", dt.datetime(2026, 3, 20, 2, 0), "complete_performance")  # same case again
    event(p2, "performed", dt.datetime(2026, 3, 31, 15, 59), "complete_performance")  # 31 March 23:59
    event(p3, "performed", dt.datetime(2026, 3, 31, 16, 0), "complete_performance")  # 1 April 00:00
    event(p4, "performed", dt.datetime(2026, 2, 28, 15, 59), "complete_performance")  # 28 February
    event(p4, "performed", dt.datetime(2026, 3, 5), "start_performance")
    for day in (D(2026, 3, 1), D(2026, 3, 31), D(2026, 2, 28), D(2026, 4, 1)):
        JudicialConfirmation.create(owner_code="A", case=c1, applied_on=day, court="某法院")
    grid = Grid.create(owner_code="A", code="g1", name="第1网格")
    for day in (D(2026, 3, 1), D(2026, 3, 31), D(2026, 2, 28), D(2026, 4, 1)):
        GridVisit.create(owner_code="A", grid=grid, worker_name="王五", visited_on=day)
    for status, case_id, kind, day in (
            ("closed", None, "矛盾纠纷", D(2026, 3, 1)),  # handled in the grid, a dispute prevented
            ("handled", None, "安全隐患", D(2026, 3, 31)),  # handled in the grid
            ("escalated", None, "矛盾纠纷", D(2026, 3, 2)),  # escalated
            ("closed", linked, "矛盾纠纷", D(2026, 3, 3)),  # became a case: escalated
            ("open", None, "矛盾纠纷", D(2026, 3, 4)),  # still open: neither
            ("closed", None, "矛盾纠纷", D(2026, 4, 1))):  # April
        GridEvent.create(owner_code="A", grid=grid, reported_on=day, status=status, case=case_id, event_type=kind)


def test_every_figure_of_a_month(store):
    s = monthly_statistics("2026-03", today=D(2026, 6, 1))
    assert (s.succeeded, s.terminated) == (7, 3)
    assert s.success_rate == 7 / 10
    assert s.agreement_amount == Decimal("1775.50")  # 500 + 200.50 + 700 + 300 + 50 + 0 + 25
    assert (s.oral_agreements, s.written_agreements) == (2, 3)
    assert (s.prevent_criminal_cases, s.prevent_criminal_persons) == (1, 2)
    assert (s.prevent_petition_cases, s.prevent_petition_persons) == (2, 7)
    assert (s.prevent_suicide_cases, s.prevent_suicide_persons) == (2, 4)
    assert s.registered == 7 and s.grid_found == 1
    assert s.accepted == 4
    assert s.by_source_group == {"主动调解": 2, "申请调解": 2, "接受委托移送": 0}
    assert s.by_source == {"来访": 1, "网格员上报": 1, "自定义来源": 1, "主动排查": 1}
    assert {k: v for k, v in s.by_category.items() if v} == {"邻里": 2, "合同": 1, "自定义类": 1}
    assert "婚姻家庭" in s.by_category  # the configured categories are all listed, zeros too
    assert s.performed == 2
    assert s.judicial_confirmations == 2
    assert s.inspections == 2
    assert (s.grid_handled, s.grid_escalated) == (2, 2)
    assert s.inspection_disputes == 4 + 1  # four dispute events + the inspection case no event points at
    assert s.prevented_disputes == 1
    assert s.overdue == 3  # the late grid case, the case closed after the cutoff, the one due 12 March
    assert s.month == "2026-03" and s.owner_code is None


def test_overdue_is_counted_at_today_while_the_month_runs(store):
    assert monthly_statistics("2026-03", today=D(2026, 3, 12)).overdue == 1  # due 12 March, still open on the 12th
    assert monthly_statistics("2026-03", today=D(2026, 3, 11)).overdue == 0


def test_an_owner_sees_its_own_rows(store):
    assert monthly_statistics("2026-03", "B", today=D(2026, 6, 1)).registered == 1
    a = monthly_statistics("2026-03", "A", today=D(2026, 6, 1))
    assert (a.registered, a.owner_code, a.succeeded, a.inspections) == (6, "A", 7, 2)
    c = monthly_statistics("2026-03", "C", today=D(2026, 6, 1))
    assert (c.registered, c.accepted, c.succeeded, c.terminated, c.performed, c.judicial_confirmations,
            c.inspections, c.grid_handled, c.inspection_disputes, c.overdue) == (0,) * 10



def test_each_linkage_counts_the_cases_accepted_in_the_month(db, beijing_time):
    # 多元调解对接: 诉调 court, 警调 police, 访调 petitions, 检调 procuratorate, 仲调 arbitration,
    # 专调 a department; walk-ins, 12345 and the county's orders are none of them
    accepted_in_march = {"法院委派/诉前调解": 2, "110转办": 1, "信访转办": 3, "检察院移送": 1, "仲裁委移送": 4,
                         "部门移送": 5, "来访": 2, "12345热线": 1, "县级交办": 1}
    for source, n in accepted_in_march.items():
        for _ in range(n):
            case(status="accepted", registered=D(2026, 3, 2), accepted=D(2026, 3, 3), source=source)
    case(status="accepted", registered=D(2026, 2, 2), accepted=D(2026, 2, 27), source="110转办")  # February
    case(status="registered", registered=D(2026, 3, 2), accepted=None, source="110转办")  # not accepted
    case("B", status="accepted", registered=D(2026, 3, 2), accepted=D(2026, 3, 3), source="信访转办")
    s = monthly_statistics("2026-03", "A", today=D(2026, 6, 1))
    assert list(s.by_linkage.items()) == [("诉调", 2), ("警调", 1), ("访调", 3), ("检调", 1), ("仲调", 4), ("专调", 5)]
    assert s.by_source_group["接受委托移送"] == 2 + 1 + 3 + 1 + 4 + 5 + 1
    none = monthly_statistics("2026-01", today=D(2026, 6, 1))
    assert list(none.by_linkage.items()) == [("诉调", 0), ("警调", 0), ("访调", 0), ("检调", 0), ("仲调", 0), ("专调", 0)]

def test_outcome_and_agreement_of_a_single_case(store):
    """The trail and the current agreement are read for the first case handed over too."""
    c13 = Case.get(Case.closed_on == D(2026, 3, 18)).id
    assert statistics._closing_outcomes([c13]) == {c13: "terminated"}
    c3 = Case.get(Case.closed_on == D(2026, 3, 1)).id
    (found,) = statistics._current_agreements([c3]).values()
    assert (found.amount, found.kind) == (Decimal("700"), "written")


def test_trails_and_agreements_of_more_cases_than_one_query_takes(db):
    """Ids go to SQLite in chunks: none may fall between two chunks."""
    n = 1001
    ids = [f"case-{i:04d}" for i in range(n)]
    Case.insert_many([dict(id=i, owner_code="A", status="followed_up", registered_on=BEFORE, source="来访",
                           category="邻里") for i in ids]).execute()
    CaseEvent.insert_many([dict(id=f"ev-{i}", owner_code="A", case=i, username="u", action="terminate",
                                to_status="terminated") for i in ids]).execute()
    Agreement.insert_many([dict(id=f"ag-{i}", owner_code="A", case=i, amount=1) for i in ids]).execute()
    assert statistics._closing_outcomes(ids) == {i: "terminated" for i in ids}
    assert set(statistics._current_agreements(ids)) == set(ids)


def test_a_township_report_is_its_own_row(store, township):
    from zhongxin_desktop.domain import vocab
    from zhongxin_desktop.services.center import local_center

    report = statistics.monthly_report(township, "2026-03", today=D(2026, 6, 1))
    center = local_center()
    assert (report.month, report.unit, report.county_mode, report.total) == ("2026-03", center.name, False, None)
    (row,) = report.rows
    assert (row.code, row.name, row.stats.owner_code, row.stats.succeeded, row.stats.registered) == (
        center.code, center.name, center.code, 7, 7)
    assert report.categories() == vocab.CATEGORIES + ["自定义类"]


def test_the_report_asks_for_the_view_permission(db):
    from zhongxin_desktop.domain.errors import PermissionDenied
    from zhongxin_desktop.domain.roles import Perm

    class Refusing:
        def require(self, perm, object_type=""):
            assert (perm, object_type) == (Perm.VIEW, "report")
            raise PermissionDenied("无权查看")

    with pytest.raises(PermissionDenied):
        statistics.monthly_report(Refusing(), "2026-03")


def test_a_share_reads_as_a_percentage_with_one_decimal():
    assert statistics.share_text(36 / 41) == "87.8%"  # 0.87804…
    assert statistics.share_text(1 / 3) == "33.3%"
    assert (statistics.share_text(0.0), statistics.share_text(1.0)) == ("0.0%", "100.0%")


def test_the_month_is_found_by_the_date_index_on_sqlite_only(db):
    # SQLite: a unary plus keeps the planner off the other columns' indexes; PostgreSQL has no
    # unary plus on text and plans from its own statistics, so there the column stays as it is
    sql, _ = Case.select(Case.id).where(statistics.not_by_index(Case.status) == "accepted").sql()
    assert '+"t1"."status" = ?' in sql
    bound = database.obj
    database.initialize(pw.PostgresqlDatabase("county"))  # never connected: only asked what it is
    try:
        assert statistics.not_by_index(Case.status) is Case.status
    finally:
        database.initialize(bound)
