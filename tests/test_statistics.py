"""Monthly statistics against counts taken straight from the database, built by the real workflow,
in county mode, and for an empty month."""
import datetime as dt
import json
from decimal import Decimal

import pytest

from zhongxin_desktop.domain import vocab
from zhongxin_desktop.domain.case_input import CaseInput, PartyInput
from zhongxin_desktop.domain.errors import ValidationError
from zhongxin_desktop.domain.workflow import Action
from zhongxin_desktop.services.casework import cases
from zhongxin_desktop.services import settings
from zhongxin_desktop.services.figures import statistics
from zhongxin_desktop.services.figures.statistics import MonthlyStatistics, monthly_statistics
from zhongxin_desktop.store.db import database
from zhongxin_desktop.store.models import Case, Center, GridEvent, GridVisit, Village, Grid


def _sql(query: str, *params):
    return database.execute_sql(query, params).fetchone()[0]


def _months_back(n: int) -> dt.date:
    first = dt.date.today().replace(day=1)
    for _ in range(n):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return first


def test_demo_month_matches_direct_sql(demo_db):
    first = _months_back(2)
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    a, b = first.isoformat(), nxt.isoformat()
    s = monthly_statistics(f"{first:%Y-%m}")
    c = '"case"'
    assert s.registered == _sql(f"SELECT count(*) FROM {c} WHERE registered_on >= ? AND registered_on < ?", a, b)
    assert s.accepted == _sql(f"SELECT count(*) FROM {c} WHERE accepted_on >= ? AND accepted_on < ?", a, b)
    success_where = (f"FROM {c} k WHERE closed_on >= ? AND closed_on < ? AND (status IN "
                     "('succeeded','performing','performed') OR (status IN ('followed_up','archived') AND EXISTS "
                     "(SELECT 1 FROM case_event e WHERE e.case_id = k.id AND e.to_status = 'succeeded')))")
    assert s.succeeded == _sql(f"SELECT count(*) {success_where}", a, b)
    assert s.succeeded > 0
    assert s.terminated == _sql(f"SELECT count(*) FROM {c} WHERE status='terminated' AND closed_on >= ? "
                                "AND closed_on < ?", a, b)
    amount = _sql(f"SELECT coalesce(sum(g.amount), 0) FROM agreement g WHERE g.case_id IN (SELECT k.id "
                  f"{success_where})", a, b)
    assert s.agreement_amount == Decimal(str(amount)).quantize(Decimal("0.01"))
    for kind, got in (("oral", s.oral_agreements), ("written", s.written_agreements)):
        assert got == _sql(f"SELECT count(*) FROM agreement g WHERE kind = ? AND g.case_id IN (SELECT k.id "
                           f"{success_where})", kind, a, b)
    assert s.success_rate == pytest.approx(s.succeeded / (s.succeeded + s.terminated))
    rows = database.execute_sql(f"SELECT category, count(*) FROM {c} WHERE accepted_on >= ? AND accepted_on < ? "
                                "GROUP BY category", (a, b)).fetchall()
    assert {k: v for k, v in s.by_category.items() if v} == dict(rows)
    groups = {g: 0 for g in statistics.SOURCE_GROUPS}
    for source, n in database.execute_sql(f"SELECT source, count(*) FROM {c} WHERE accepted_on >= ? AND "
                                          "accepted_on < ? GROUP BY source", (a, b)).fetchall():
        groups[vocab.SOURCE_GROUP[source]] += n
    assert s.by_source_group == groups and sum(groups.values()) == s.accepted
    assert s.performed == _sql("SELECT count(DISTINCT case_id) FROM case_event WHERE action='complete_performance' "
                               "AND at >= ? AND at < ?", a, b)
    assert s.judicial_confirmations == _sql("SELECT count(*) FROM judicial_confirmation WHERE applied_on >= ? "
                                            "AND applied_on < ?", a, b)
    for flag in ("criminal", "petition", "suicide"):
        cases_n, persons = database.execute_sql(
            f"SELECT count(*), coalesce(sum(prevent_{flag}_persons), 0) FROM {c} WHERE prevent_{flag} AND "
            "closed_on >= ? AND closed_on < ? AND status != 'rejected'", (a, b)).fetchone()
        assert (getattr(s, f"prevent_{flag}_cases"), getattr(s, f"prevent_{flag}_persons")) == (cases_n, persons)
    assert s.grid_found == _sql(f"SELECT count(*) FROM {c} WHERE source IN ('网格员上报','联户长报告') AND "
                                "registered_on >= ? AND registered_on < ?", a, b)
    assert s.inspections == _sql("SELECT count(*) FROM grid_visit WHERE visited_on >= ? AND visited_on < ?", a, b)
    assert s.inspections > 0
    assert s.grid_handled == _sql("SELECT count(*) FROM grid_event WHERE status IN ('handled','closed') AND "
                                  "case_id IS NULL AND reported_on >= ? AND reported_on < ?", a, b)
    assert s.prevented_disputes == _sql("SELECT count(*) FROM grid_event WHERE status IN ('handled','closed') AND "
                                        "case_id IS NULL AND event_type='矛盾纠纷' AND reported_on >= ? AND "
                                        "reported_on < ?", a, b)
    assert s.overdue == _sql(f"SELECT count(*) FROM {c} WHERE accepted_on IS NOT NULL AND due_on < ? AND "
                             "status != 'rejected' AND (closed_on IS NULL OR closed_on >= ?)", b, b)
    # The snapshot the exchange sends survives JSON both ways.
    again = MonthlyStatistics.from_dict(json.loads(json.dumps(s.to_dict())))
    assert again == s


def test_empty_month_is_a_full_report_of_zeros(demo_db):
    s = monthly_statistics("2001-02")
    d = s.to_dict()
    for key in statistics.FIGURE_LABELS:
        assert key in d and float(d[key]) == 0, key
    assert d["by_source_group"] == {g: 0 for g in statistics.SOURCE_GROUPS}
    assert set(d["by_category"]) == set(vocab.CATEGORIES) and not any(d["by_category"].values())


def test_bad_month_names_the_field():
    with pytest.raises(ValidationError, match="月份"):
        statistics.parse_month("2026-13")


def _register(actor, day, source="来访", category="邻里", grid=None):
    data = CaseInput(category=category, source=source, facts="双方因排水沟发生纠纷。", registered_on=day,
                     grid_id=grid, reporter_name="网格员王五" if grid else "", amount=800, parties=[PartyInput("张三"), PartyInput("李四", role="被申请人")])
    return cases.register(actor, data, today=day)


def test_closing_outcome_follows_the_real_workflow(township):
    actor = township
    day = dt.date(2026, 3, 10)
    ok = _register(actor, day)
    for action in (Action.ACCEPT, Action.START_MEDIATION, Action.SUCCEED, Action.COMPLETE_PERFORMANCE,
                   Action.FOLLOW_UP, Action.ARCHIVE):
        cases.transition(actor, ok.id, action, on=day + dt.timedelta(days=2), remark="调解成功")
    rejected = _register(actor, day)
    cases.transition(actor, rejected.id, Action.REJECT, on=day, reason="不属于受理范围", guided_to="法院")
    cases.transition(actor, rejected.id, Action.ARCHIVE, on=day)
    failed = _register(actor, day, source="110转办", category="合同")
    for action in (Action.ACCEPT, Action.START_MEDIATION):
        cases.transition(actor, failed.id, action, on=day)
    cases.transition(actor, failed.id, Action.TERMINATE, on=day + dt.timedelta(days=1), reason="分歧较大")
    cases.transition(actor, failed.id, Action.FOLLOW_UP, on=day + dt.timedelta(days=5))
    Case.update(prevent_criminal=True, prevent_criminal_persons=3).where(Case.id == failed.id).execute()
    settings.put("sources", vocab.SOURCES + ["自定义来源"])
    later = _register(actor, day, source="自定义来源")  # a place's own source: counts as 申请调解
    cases.transition(actor, later.id, Action.ACCEPT, on=day)
    s = monthly_statistics("2026-03", today=dt.date(2026, 6, 1))
    assert (s.registered, s.accepted, s.succeeded, s.terminated) == (4, 3, 1, 1)
    assert s.success_rate == 0.5
    # Performance counts in the month its completion was recorded (today), not in March.
    assert s.performed == 0 and monthly_statistics(dt.date.today()).performed == 1
    assert s.agreement_amount == Decimal("800.00")  # no agreement row: the case's amount
    assert s.by_source_group == {"主动调解": 0, "申请调解": 2, "接受委托移送": 1}
    assert (s.prevent_criminal_cases, s.prevent_criminal_persons) == (1, 3)
    assert s.overdue == 0  # `later` is due in April
    assert monthly_statistics("2026-04", today=dt.date(2026, 6, 1)).overdue == 1
    assert monthly_statistics("2026-03", today=dt.date(2026, 3, 12)).overdue == 0


def test_grid_figures(township):
    owner = Center.get(Center.is_local == True).code  # noqa: E712
    village = Village.create(owner_code=owner, name="青山村")
    grid = Grid.create(owner_code=owner, code="g1", name="第1网格", village=village)
    day = dt.date(2026, 5, 6)
    case = _register(township, day, source="网格员上报", grid=grid.id)
    for status, case_id, kind in (("closed", None, "矛盾纠纷"), ("handled", None, "矛盾纠纷"),
                                  ("handled", None, "安全隐患"), ("escalated", None, "矛盾纠纷"),
                                  ("closed", case.id, "矛盾纠纷"), ("open", None, "矛盾纠纷")):
        GridEvent.create(owner_code=owner, grid=grid, reported_on=day, status=status, case=case_id, event_type=kind)
    for _ in range(7):
        GridVisit.create(owner_code=owner, grid=grid, worker_name="王五", visited_on=day)
    _register(township, day, source="主动排查")
    s = monthly_statistics("2026-05")
    assert s.inspections == 7
    assert (s.grid_handled, s.grid_escalated) == (3, 2)
    assert s.grid_handled_share == pytest.approx(0.6)
    assert s.inspection_disputes == 5 + 1  # five dispute events + one 主动排查 case no event points at
    assert s.prevented_disputes == 2
    assert s.grid_found == 1


def make_county(db, townships: int, cases_each: int, month: dt.date):
    """A county data folder holding `townships` townships' rows (as bundles would bring them)."""
    from zhongxin_desktop.services import center

    center.init_center(kind="county", code="520102", name="云岩区综治中心", admin_username="county",
                       admin_password="County2026x")
    rows = []
    for t in range(townships):
        code = f"520102{t + 1:03d}"
        Center.create(owner_code=code, code=code, name=f"第{t + 1}镇综治中心", kind="township",
                      parent_code="520102")
        for i in range(cases_each + t):
            rows.append(dict(owner_code=code, status="succeeded" if i % 3 else "terminated",
                             registered_on=month, accepted_on=month, closed_on=month + dt.timedelta(days=3),
                             source=vocab.SOURCES[i % len(vocab.SOURCES)], category=vocab.CATEGORIES[i % 15],
                             amount=100))
    with database.atomic():
        for i in range(0, len(rows), 500):
            Case.insert_many(rows[i:i + 500]).execute()
    return rows


def test_county_mode_one_row_per_township_and_total(db):
    from zhongxin_desktop.services import users

    month = dt.date(2026, 8, 1)
    rows = make_county(db, 3, 5, month)
    actor = users.sign_in("county", "County2026x")
    report = statistics.monthly_report(actor, "2026-08")
    assert report.county_mode and [r.code for r in report.rows] == ["520102001", "520102002", "520102003"]
    assert [r.stats.accepted for r in report.rows] == [5, 6, 7]
    assert report.total.name == "合计" and report.total.stats.accepted == len(rows) == 18
    succeeded = sum(1 for r in rows if r["status"] == "succeeded")
    assert report.total.stats.succeeded == succeeded
    assert report.total.stats.agreement_amount == Decimal(100 * succeeded)
    assert report.total.stats.success_rate == pytest.approx(succeeded / 18)
    assert sum(report.total.stats.by_category.values()) == 18


def test_the_roster_counts_those_serving_and_entered_before_the_month_ends(township):
    from zhongxin_desktop.services.settlement import rosters
    from zhongxin_desktop.store.models import MediationCommittee, Mediator

    rosters.add_committee(township, "甲镇人民调解委员会")
    rosters.add_committee(township, "甲镇青山村人民调解委员会", kind="村（居）")
    rosters.add_mediator(township, name="何调解", committee="甲镇人民调解委员会")
    rosters.add_mediator(township, name="刘调解")
    rosters.add_mediator(township, name="周调解", active=False)
    november = dt.datetime(2026, 10, 31, 16, 0)  # 2026-11-01 00:00 in China, as the store's UTC
    early = november - dt.timedelta(seconds=1)
    MediationCommittee.update(created_at=early).where(MediationCommittee.name == "甲镇人民调解委员会").execute()
    MediationCommittee.update(created_at=november).where(MediationCommittee.name == "甲镇青山村人民调解委员会").execute()
    Mediator.update(created_at=early).where(Mediator.name.in_(["何调解", "周调解"])).execute()
    Mediator.update(created_at=november).where(Mediator.name == "刘调解").execute()
    # October: what was entered before November's first instant; 周调解 no longer serves
    october = monthly_statistics("2026-10", today=dt.date(2026, 11, 5))
    assert (october.committees, october.mediators) == (1, 1)
    later = monthly_statistics("2026-11", today=dt.date(2026, 12, 5))
    assert (later.committees, later.mediators) == (2, 2)
