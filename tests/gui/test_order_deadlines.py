"""An order's own deadlines (the sender's handling deadline and the day it wants our reply) taken
at registration — in the form, the JSON and the command line — and the reply recorded from the
case page, on the timeline and in the audit log."""
import datetime as dt
import json

import pytest
from PySide6.QtCore import QDate, Qt

from case_factory import register
from conftest import PASSWORD
from helpers import open_case_form, run_cli
from zhongxin_desktop.domain.dates import cn_date
from zhongxin_desktop.domain.errors import ValidationError
from zhongxin_desktop.services.casework import cases
from zhongxin_desktop.store.models import AuditEvent, Case, Transfer

TODAY = dt.date.today()


def _qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


def test_the_form_takes_the_senders_number_and_deadlines(qtbot, township, app_ctx):
    form = open_case_form(qtbot, app_ctx(township))
    # a walk-in has no sender: no number, no sender's deadlines (and nothing more to tab through)
    assert not any(w.isEnabled() for w in (form.external_ref, form.due_on, form.reply_due))
    form.source.setCurrentText("部门移送")  # a department sets a deadline but sends no order to answer
    assert form.due_on.isEnabled() and not form.reply_due.isEnabled() and not form.external_ref.isEnabled()
    form.source.setCurrentText("12345热线")
    assert all(w.isEnabled() for w in (form.external_ref, form.due_on, form.reply_due))
    form.category.setCurrentIndex(0)
    form.party_editors[0].name.insert("张三")
    form.party_editors[1].name.insert("李四")
    form.facts.setPlainText("楼上漏水，12345转来。")
    qtbot.keyClicks(form.external_ref, "GD20261201-0042")
    form.due_on.setDate(_qdate(TODAY + dt.timedelta(days=15)))
    form.reply_due.setDate(_qdate(TODAY - dt.timedelta(days=1)))  # before registration: refused at the field
    qtbot.mouseClick(form.save_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: "回复期限" in form.summary.text(), timeout=10000)
    assert any(p.field == "回复期限" for p in form.problems)
    assert not Transfer.select().exists()
    form.reply_due.setDate(_qdate(TODAY + dt.timedelta(days=3)))
    with qtbot.waitSignal(form.saved, timeout=10000) as saved:
        qtbot.mouseClick(form.save_button, Qt.LeftButton)
    case = cases._get_case(saved.args[0])
    assert (case.external_ref, case.due_on) == ("GD20261201-0042", TODAY + dt.timedelta(days=15))
    [order] = Transfer.select().where(Transfer.case == case.id)
    assert (order.direction, order.reference, order.feedback_due) == ("in", "GD20261201-0042",
                                                                     TODAY + dt.timedelta(days=3))
    cases.transition(township, case.id, "accept")
    assert cases._get_case(case.id).due_on == TODAY + dt.timedelta(days=15)  # the sender's deadline governs


def test_a_reply_deadline_belongs_to_an_order(township):
    with pytest.raises(ValidationError, match="回复期限"):
        register(township, source="来访", reply_due=TODAY + dt.timedelta(days=3))
    with pytest.raises(ValidationError, match="回复期限"):
        register(township, source="110转办", registered_on=TODAY - dt.timedelta(days=2), reply_due=TODAY - dt.timedelta(days=3))
    assert not Transfer.select().exists()
    # without a reply deadline the handling deadline is the reply deadline
    case = register(township, source="110转办", external_ref="JJ-7", due_on=TODAY + dt.timedelta(days=7))
    assert Transfer.get(Transfer.case == case.id).feedback_due == TODAY + dt.timedelta(days=7)


def test_cases_add_takes_the_senders_references_as_flags(township, data_dir, tmp_path):
    spec = tmp_path / "order.json"
    spec.write_text(json.dumps({"category": "邻里", "source": "法院委派/诉前调解", "facts": "相邻通行纠纷",
                                "parties": [{"name": "王五"}, {"name": "赵六", "role": "被申请人"}]},
                               ensure_ascii=False), encoding="utf-8")
    login = dict(data=data_dir, user="admin", password=PASSWORD)
    r = run_cli("cases", "add", "--json", str(spec), "--external-ref", "（2026）黔0102民诉前调88号",
                "--due-on", (TODAY + dt.timedelta(days=30)).isoformat(), "--reply-due", "2026-13-01", **login)
    assert r.returncode == 1 and "回复期限" in r.stderr and "Traceback" not in r.stderr
    assert not Transfer.select().exists()
    r = run_cli("cases", "add", "--json", str(spec), "--external-ref", "（2026）黔0102民诉前调88号",
                "--due-on", (TODAY + dt.timedelta(days=30)).isoformat(),
                "--reply-due", (TODAY + dt.timedelta(days=10)).isoformat(), **login)
    assert r.returncode == 0, r.stderr
    [order] = Transfer.select()
    assert (order.reference, order.feedback_due) == ("（2026）黔0102民诉前调88号", TODAY + dt.timedelta(days=10))
    assert order.case.due_on == TODAY + dt.timedelta(days=30)


def test_the_case_page_shows_the_order_and_records_the_reply(qtbot, township, app_ctx):
    from zhongxin_desktop.ui.case_tabs.liaison import LiaisonTab

    case = register(township, source="12345热线", external_ref="GD-0099", registered_on=TODAY - dt.timedelta(days=6),
                    due_on=TODAY + dt.timedelta(days=9), reply_due=TODAY - dt.timedelta(days=1))
    tab = LiaisonTab(app_ctx(township), case.id)
    qtbot.addWidget(tab)
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1, timeout=10000)
    values = [tab.table.item(0, c).text() for c in range(tab.table.columnCount())]
    assert values[:3] == ["来件待回复", "12345热线", "GD-0099"] and values[5] == "已逾期1天未回复"
    assert not tab.reply_button.isEnabled()
    tab.table.selectRow(0)
    qtbot.mouseClick(tab.reply_button, Qt.LeftButton)
    dialog = tab.reply_dialog
    save = dialog.buttons.button(dialog.buttons.StandardButton.Save)
    qtbot.mouseClick(save, Qt.LeftButton)  # nothing written yet: refused, naming the field
    qtbot.waitUntil(lambda: "回复内容" in dialog.message.text(), timeout=10000)
    dialog.text.insertPlainText("已电话回复诉求人，纠纷已调解成功")
    qtbot.mouseClick(save, Qt.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1 and "已回复" in tab.table.item(0, 5).text(), timeout=10000)
    order = Transfer.get(Transfer.case == case.id)
    assert (order.reply, order.reply_on, order.replied_by) == ("已电话回复诉求人，纠纷已调解成功", TODAY, "admin")
    event = [e for e in cases._get_case(case.id).events if e.action == "order_reply"]
    assert len(event) == 1 and "GD-0099" in event[0].remark
    audit = AuditEvent.select().where(AuditEvent.action == "transfer_reply").get()
    assert audit.object_id == case.id and audit.username == "admin"
    tab.table.selectRow(0)
    assert not tab.reply_button.isEnabled()  # answered once


def _case_page(qtbot, ctx, case_id: str):
    from zhongxin_desktop.ui.case_detail import CaseDetailView

    view = CaseDetailView(ctx)
    qtbot.addWidget(view)
    view.show()
    view.load(case_id)
    qtbot.waitUntil(lambda: view.data is not None, timeout=10000)
    return view


def test_a_correction_from_the_form_keeps_the_orders_number(qtbot, township, app_ctx):
    case = register(township, source="12345热线", external_ref="GD-0100", instructions="三日内回电",
                    due_on=TODAY + dt.timedelta(days=9))
    ctx = app_ctx(township)
    view = _case_page(qtbot, ctx, case.id)
    qtbot.mouseClick(view.action_buttons["edit_case"], Qt.LeftButton)
    form = view.correction_dialog
    qtbot.waitUntil(lambda: form.save_button.isEnabled(), timeout=10000)
    assert form.external_ref.text() == "GD-0100" and not form.external_ref.isEnabled()
    form.facts.setPlainText("楼上漏水，已约双方现场查看。")
    form.reason.setText("补充情况")
    with qtbot.waitSignal(form.saved, timeout=10000):
        qtbot.mouseClick(form.save_button, Qt.LeftButton)
    ctx.worker.wait()
    row = cases._get_case(case.id)
    assert (row.facts, row.external_ref, row.instructions, row.due_on) == (
        "楼上漏水，已约双方现场查看。", "GD-0100", "三日内回电", TODAY + dt.timedelta(days=9))


def test_the_county_page_shows_a_referrals_deadline_unchanged_after_the_townships_acceptance(qtbot, tmp_path):
    from exchange_support import open_exchange_page, township_and_county
    from zhongxin_desktop.services.countywork import referrals
    from zhongxin_desktop.services import settings

    due = TODAY + dt.timedelta(days=5)
    world = township_and_county(tmp_path, "520102003")
    with world.at("county") as actor:
        referrals.create_referral(actor, "520102003", {"category": "山林土地", "facts": "两村林界争议", "instructions": "请调处并回报",
                                                       "due_on": due.isoformat(),
                                                       "parties": [{"name": "王五", "role": "申请人"}]})
    world.import_("town", world.export("county", township="520102003"))
    with world.at("town") as actor:
        assert settings.due_days_for("山林土地") != 5  # else the two rules could not be told apart
        case = Case.get(Case.source == "县级交办")
        cases.transition(actor, case.id, "accept")
        case_no = cases._get_case(case.id).case_no
    world.import_("county", world.export("town"))
    with world.at("county") as actor:
        page = open_exchange_page(qtbot, world, "county", actor)
        qtbot.waitUntil(lambda: page.referrals.rowCount() == 1, timeout=10000)
        assert [page.referrals.item(0, c).text() for c in (2, 4)] == [cn_date(due), case_no]
        table = page.county_cases.table
        qtbot.waitUntil(lambda: table.rowCount() == 1, timeout=10000)
        assert (table.item(0, 1).text(), table.item(0, 6).text()) == (case_no, cn_date(due))
        page.ctx.worker.wait(30000)


def test_a_transfer_out_carries_the_departments_number_from_the_form_and_the_command_line(qtbot, township, app_ctx,
                                                                                           data_dir):
    from zhongxin_desktop.ui.case_tabs.liaison import LiaisonTab

    case = register(township, source="来访")
    cases.transition(township, case.id, "accept")
    ctx = app_ctx(township)
    view = _case_page(qtbot, ctx, case.id)
    qtbot.mouseClick(view.action_buttons["transfer"], Qt.LeftButton)
    dialog = view.action_dialog
    dialog.set_value("department", "派出所")
    dialog.widgets["reference"].insert("受案" + "9" * 200)  # the line takes at most 100 characters
    dialog._check()
    qtbot.waitUntil(lambda: Transfer.select().exists(), timeout=10000)
    ctx.worker.wait()
    out = Transfer.get()
    assert (out.direction, out.department, out.reference) == ("out", "派出所", ("受案" + "9" * 200)[:100])
    tab = LiaisonTab(ctx, case.id)
    qtbot.addWidget(tab)
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1, timeout=10000)
    assert [tab.table.item(0, c).text() for c in range(4)] == ["交办待反馈", "派出所", out.reference, cn_date(TODAY)]
    tab.table.selectRow(0)
    assert not tab.reply_button.isEnabled()  # a department's reply comes through the case's 交办反馈 step

    other = register(township, source="来访", facts="另一件")
    cases.transition(township, other.id, "accept")
    login = dict(data=data_dir, user="admin", password=PASSWORD)
    due = (TODAY + dt.timedelta(days=7)).isoformat()
    r = run_cli("cases", "transfer", other.id, "--department", "人民法庭", "--feedback-due", due, "--ref", "案" * 101,
                **login)
    assert r.returncode == 1 and "对方编号" in r.stderr and "Traceback" not in r.stderr
    assert Transfer.select().where(Transfer.case == other.id).count() == 0
    r = run_cli("cases", "transfer", other.id, "--department", "人民法庭", "--feedback-due", due,
                "--ref", "（2026）黔0102民初17号", **login)
    assert r.returncode == 0, r.stderr
    listed = json.loads(run_cli("liaison", "list", "--direction", "out", "--json", **login).stdout)
    assert {(t["case_id"], t["reference"]) for t in listed} == {(case.id, out.reference),
                                                                (other.id, "（2026）黔0102民初17号")}
