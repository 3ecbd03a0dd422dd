"""The linkage loop keeps its deadlines: transfers and orders carry the other side's number and a
reply deadline, replies are recorded, overdue ones reach the dashboard; 诉调、警调、访调、检调、仲调、
专调 are counted apart in the monthly figures, the Excel and the 统计报表 page."""
import datetime as dt
import json

import pytest
from openpyxl import load_workbook

from case_factory import accept, register
from conftest import PASSWORD
from helpers import run_cli
from zhongxin_desktop.domain.errors import DomainError, ValidationError
from zhongxin_desktop.reports import monthly_xlsx
from zhongxin_desktop.services.casework import cases, liaison
from zhongxin_desktop.services.figures import dashboard
from zhongxin_desktop.services.figures.statistics import monthly_statistics
from zhongxin_desktop.store.models import Transfer

TODAY = dt.date.today()


def test_an_order_with_a_deadline_owes_a_reply_and_shows_on_the_dashboard_when_late(township):
    order = register(township, source="12345热线", external_ref="GD20261120-0031",
                     registered_on=TODAY - dt.timedelta(days=10), due_on=TODAY - dt.timedelta(days=2))
    walk_in = register(township, registered_on=TODAY - dt.timedelta(days=10))
    accept(township, walk_in, on=TODAY - dt.timedelta(days=9))
    cases.transition(township, walk_in.id, "transfer", on=TODAY - dt.timedelta(days=8), department="派出所",
                     feedback_due=TODAY - dt.timedelta(days=1), reference="派警调〔2026〕17号")
    [incoming] = Transfer.select().where(Transfer.case == order.id)
    assert (incoming.direction, incoming.reference, incoming.feedback_due) == (
        "in", "GD20261120-0031", TODAY - dt.timedelta(days=2))
    board = dashboard.build(township, today=TODAY)
    late = {(r["direction_label"], r["reference"], r["days_overdue"]) for r in board.overdue_replies}
    assert late == {("来件待回复", "GD20261120-0031", 2), ("交办待反馈", "派警调〔2026〕17号", 1)}
    liaison.record_reply(township, incoming.id, "已电话回复诉求人，正在调解", on=TODAY)
    assert [r["other_side"] for r in dashboard.build(township, today=TODAY).overdue_replies] == ["派出所"]
    with pytest.raises(DomainError, match="已于"):
        liaison.record_reply(township, incoming.id, "再次回复")
    with pytest.raises(ValidationError, match="回复内容"):
        liaison.record_reply(township, Transfer.get(Transfer.direction == "out").id, " ")


def test_the_dashboard_lists_overdue_replies(qtbot, township, app_ctx):
    from zhongxin_desktop.ui.pages.dashboard import DashboardPage

    register(township, source="110转办", external_ref="JJ-0099", registered_on=TODAY - dt.timedelta(days=5),
             due_on=TODAY - dt.timedelta(days=1))
    page = DashboardPage(app_ctx(township))
    qtbot.addWidget(page)
    page.refresh()
    qtbot.waitUntil(lambda: page.data is not None, timeout=10000)
    texts = [page.reply_list.item(i).text() for i in range(page.reply_list.count())]
    assert any("JJ-0099" in t and "已逾期1天" in t for t in texts)


def test_orders_and_replies_on_the_command_line(township, data_dir):
    case = register(township, source="法院委派/诉前调解", registered_on=TODAY - dt.timedelta(days=3))
    login = dict(data=data_dir, user="admin", password=PASSWORD)
    r = run_cli("liaison", "order", case.id, "--from", "人民法庭", "--ref", "（2026）黔0102民诉前调1234号",
                "--reply-due", (TODAY - dt.timedelta(days=1)).isoformat(), **login)
    assert r.returncode == 0, r.stderr
    r = run_cli("liaison", "list", "--overdue", "--json", data=data_dir)
    [row] = json.loads(r.stdout)
    assert (row["other_side"], row["reference"], row["days_overdue"]) == ("人民法庭", "（2026）黔0102民诉前调1234号", 1)
    r = run_cli("liaison", "reply", row["id"][:8], "--text", "调解成功，已函复法庭", **login)
    assert r.returncode == 0, r.stderr
    assert json.loads(run_cli("liaison", "list", "--overdue", "--json", data=data_dir).stdout) == []
    r = run_cli("liaison", "order", case.id, "--from", "", "--reply-due", "2000-01-01", **login)
    assert r.returncode == 1 and "来件单位" in r.stderr and "回复期限" in r.stderr


def test_each_linkage_is_counted_apart_in_the_month(township, tmp_path):
    first = TODAY.replace(day=1)
    sources = {"法院委派/诉前调解": 2, "110转办": 1, "信访转办": 1, "检察院移送": 1, "仲裁委移送": 1, "部门移送": 3,
               "来访": 2}
    for source, n in sources.items():
        for _ in range(n):
            accept(township, register(township, source=source, registered_on=first), on=first)
    stats = monthly_statistics(first)
    assert stats.by_linkage == {"诉调": 2, "警调": 1, "访调": 1, "检调": 1, "仲调": 1, "专调": 3}
    assert stats.by_source_group["接受委托移送"] == 9  # the six together; 来访 is none of them
    monthly_xlsx.export_monthly(township, first, tmp_path / "月报.xlsx")
    ws = load_workbook(tmp_path / "月报.xlsx")["对接调解"]
    header = {ws.cell(4, c).value: c for c in range(1, ws.max_column + 1)}
    assert {k: ws.cell(5, header[k]).value for k in ("诉调", "警调", "访调", "检调", "仲调", "专调")} == {
        "诉调": 2, "警调": 1, "访调": 1, "检调": 1, "仲调": 1, "专调": 3}

    from zhongxin_desktop.services.figures.statistics import monthly_report
    from zhongxin_desktop.ui.pages.reports import preview_rows

    rows = dict(preview_rows(monthly_report(township, first)))
    assert rows["其中检调"] == ["1"] and rows["其中专调"] == ["3"]
