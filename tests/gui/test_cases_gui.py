"""The clerk's path through the real widgets: register a two-party case,
see the duplicate warning, accept it and get its number, transfer it and record the reply, find
it by `zs`, by a two-character name and by a phone tail, and see it turn red when overdue."""
import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from case_factory import ID_A, accept, party, register
from helpers import answer_confirmation
from zhongxin_desktop.services import _case_rows
from zhongxin_desktop.domain.workflow import Status
from zhongxin_desktop.store.models import Case, CaseEvent, Transfer
from zhongxin_desktop.ui.case_list_model import CASE_ID_ROLE, OVERDUE_FG, OVERDUE_ROLE, CaseListModel
from zhongxin_desktop.ui.pages.cases import CasesPage


@pytest.fixture
def page(qtbot, township, app_ctx):
    p = CasesPage(app_ctx(township))
    qtbot.addWidget(p)
    p.resize(1130, 760)
    p.show()
    p.refresh()
    qtbot.waitUntil(lambda: p.choices is not None and not p.model.loading, timeout=10000)
    return p


def type_text(qtbot, widget, text):
    """ASCII is typed key by key; Chinese arrives as an input method commits it (QTest cannot
    synthesise CJK key events)."""
    if text.isascii():
        qtbot.keyClicks(widget, text)
    elif hasattr(widget, "insert"):
        widget.insert(text)
    else:
        widget.insertPlainText(text)


def open_form(qtbot, page):
    page.register_case()
    form = page.form_dialog
    qtbot.waitUntil(lambda: form.save_button.isEnabled(), timeout=10000)
    return form


def fill_two_parties(qtbot, form, id_number=ID_A):
    a, b = form.party_editors
    type_text(qtbot, a.name, "张三")
    qtbot.keyClicks(a.id_number, id_number)
    qtbot.keyClicks(a.phone, "13812345678")
    type_text(qtbot, b.name, "李四")
    qtbot.keyClicks(b.phone, "0851-86812345")
    type_text(qtbot, form.facts, "双方因排水沟改道发生争执，要求恢复原状")
    form.category.setCurrentText("邻里")
    form.amount.setText("1200.50")


def search(qtbot, page, text):
    page.search.setText(text)
    page.reload()
    qtbot.waitUntil(lambda: not page.model.loading, timeout=10000)
    return {page.model.index(r, 0).data(CASE_ID_ROLE) for r in range(page.model.rowCount())}


def test_register_accept_transfer_reply_and_find(qtbot, page):
    form = open_form(qtbot, page)
    fill_two_parties(qtbot, form)
    a = form.party_editors[0]
    # Sex and birth date come from the ID number as it is typed.
    assert a.sex.currentText() == "女" and a.birth.date().toPython() == dt.date(1949, 12, 31)
    with qtbot.waitSignal(form.saved, timeout=10000):
        qtbot.mouseClick(form.save_button, Qt.LeftButton)
    case = Case.get()
    assert case.status == Status.REGISTERED and case.category == "邻里" and case.amount == Decimal("1200.50")
    assert [p.name for _, p in _case_rows._parties_of(case)] == ["张三", "李四"]
    detail = page.detail
    qtbot.waitUntil(lambda: detail.data is not None and detail.data["id"] == case.id, timeout=10000)
    assert page.stack.currentWidget() is detail
    # Only the allowed actions are offered and enabled.
    assert detail.action_buttons["accept"].isEnabled() and detail.action_buttons["reject"].isEnabled()
    assert not detail.action_buttons["transfer"].isVisible()
    qtbot.mouseClick(detail.action_buttons["accept"], Qt.LeftButton)
    answer_confirmation(qtbot, detail, "取消", must_mention="编号")  # changed its mind: nothing happens
    qtbot.wait(100)
    assert detail.action_buttons["accept"].isVisible() and Case.get_by_id(case.id).case_no is None
    qtbot.mouseClick(detail.action_buttons["accept"], Qt.LeftButton)
    answer_confirmation(qtbot, detail, "受理", must_mention="不能撤销")
    qtbot.waitUntil(lambda: "调字第 1 号" in detail.title.text(), timeout=10000)
    assert detail.title.text() == "（2026）测试调字第 1 号".replace("2026", str(dt.date.today().year))
    assert detail.action_buttons["transfer"].isEnabled() and not detail.action_buttons["accept"].isVisible()
    # 交办: department and feedback deadline in a dialog.
    qtbot.mouseClick(detail.action_buttons["transfer"], Qt.LeftButton)
    dialog = detail.action_dialog
    dialog.set_value("department", "自然资源所")
    dialog.set_value("instructions", "请核实排水沟走向")
    dialog._check()
    qtbot.waitUntil(lambda: detail.data["status"] == Status.TRANSFERRED, timeout=10000)
    assert detail.transfers.rowCount() == 1 and detail.transfers.item(0, 0).text() == "自然资源所"
    # The department's reply brings the case back to 调解中 (closed loop).
    qtbot.mouseClick(detail.action_buttons["transfer_return"], Qt.LeftButton)
    reply = detail.action_dialog
    reply._check()  # empty reply is refused at the dialog
    assert reply.isVisible() and "部门反馈" in reply.error.text()
    reply.set_value("reply", "已现场核实，排水沟占用属实")
    reply._check()
    qtbot.waitUntil(lambda: detail.data["status"] == Status.MEDIATING, timeout=10000)
    t = Transfer.get()
    assert t.reply == "已现场核实，排水沟占用属实" and t.reply_on == dt.date.today()
    assert detail.transfers.item(0, 5).text() == t.reply
    assert [e.action for e in CaseEvent.select().where(CaseEvent.case == case).order_by(CaseEvent.at)] == [
        "register", "accept", "transfer", "transfer_return"]
    # Back to the list: the one search box.
    qtbot.mouseClick(detail.findChild(type(detail.action_buttons["accept"]), "backToList"), Qt.LeftButton)
    register(page.ctx.actor, party("王五", phone="13900001111"), party("赵六", "被申请人"), facts="土地边界不清")
    assert search(qtbot, page, "zs") == {case.id}
    assert search(qtbot, page, "张三") == {case.id}
    assert search(qtbot, page, "5678") == {case.id}
    assert search(qtbot, page, "李四") == {case.id}
    assert search(qtbot, page, "排水沟") == {case.id}
    qtbot.waitUntil(lambda: "找到 1 件" in page.summary.text(), timeout=10000)


def test_duplicate_warning_then_continue_cancel_or_open(qtbot, page):
    first = register(page.ctx.actor, party("张三", id_number=ID_A, phone="13812345678"), party("李四", "被申请人"))
    form = open_form(qtbot, page)
    fill_two_parties(qtbot, form)
    qtbot.mouseClick(form.save_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: form.duplicate_dialog is not None, timeout=10000)
    dup = form.duplicate_dialog
    assert dup.table.rowCount() == 1 and dup.table.item(0, 5).text() == "身份证号相同"
    qtbot.mouseClick(dup.cancel_button, Qt.LeftButton)  # back to the form, nothing written
    assert Case.select().count() == 1 and form.party_editors[0].name.text() == "张三"
    qtbot.mouseClick(form.save_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: form.duplicate_dialog is not None, timeout=10000)
    with qtbot.waitSignal(form.saved, timeout=10000):
        qtbot.mouseClick(form.duplicate_dialog.continue_button, Qt.LeftButton)
    assert Case.select().count() == 2
    # A third try: open the existing case instead.
    form = open_form(qtbot, page)
    fill_two_parties(qtbot, form)
    qtbot.mouseClick(form.save_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: form.duplicate_dialog is not None, timeout=10000)
    assert form.duplicate_dialog.table.rowCount() == 2
    row = [d.case_id for d in form.duplicate_dialog.dups].index(first.id)
    form.duplicate_dialog.table.selectRow(row)
    qtbot.mouseClick(form.duplicate_dialog.open_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.detail.data is not None and page.detail.data["id"] == first.id, timeout=10000)
    assert Case.select().count() == 2


def test_errors_at_the_fields_and_the_form_keeps_what_was_typed(qtbot, page):
    form = open_form(qtbot, page)
    a, b = form.party_editors
    type_text(qtbot, a.name, "张三")
    qtbot.keyClicks(a.id_number, "110105194912310021")  # wrong check character
    assert "校验位" in a.errors.labels["身份证号"].text() and not a.errors.labels["身份证号"].isHidden()
    qtbot.keyClicks(a.phone, "138123")
    a.phone.editingFinished.emit()
    assert "11位" in a.errors.labels["联系电话"].text()
    form.amount.setText("-5")
    qtbot.mouseClick(form.save_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: "纠纷简要情况" in form.summary.text(), timeout=10000)
    assert "不能为负数" in form.errors.labels["涉及金额"].text()
    assert "不能为空" in form.errors.labels["纠纷简要情况"].text()
    assert "姓名/名称" in b.errors.labels["姓名/名称"].text()
    assert "请从列表选择" in form.errors.labels["纠纷类型"].text()  # no category chosen yet
    assert a.name.text() == "张三" and form.amount.text() == "-5" and Case.select().count() == 0
    # Remove the empty second party; add one back; numbering follows.
    qtbot.mouseClick(b.remove, Qt.LeftButton)
    assert len(form.party_editors) == 1 and not a.remove.isEnabled()
    form.add_party("被申请人")
    assert form.party_editors[1].title() == "第2个当事人"
    form.discard()


def test_overdue_case_turns_red_and_takes_a_reason(qtbot, page):
    actor = page.ctx.actor
    late = register(actor, party("孙七", phone="13700007777"), party("周八", "被申请人"))
    accept(actor, late, on=dt.date.today() - dt.timedelta(days=45))
    fresh = register(actor, party("吴九"), party("郑十", "被申请人"))
    accept(actor, fresh)
    page.apply_filters({"overdue": True})
    qtbot.waitUntil(lambda: not page.model.loading and page.model.rowCount() == 1, timeout=10000)
    index = page.model.index(0, 1)
    assert index.data(CASE_ID_ROLE) == late.id and index.data(OVERDUE_ROLE) is True
    assert index.data(Qt.ForegroundRole).color() == OVERDUE_FG and "逾期" in index.data()
    page.apply_filters({"open": True})
    qtbot.waitUntil(lambda: not page.model.loading and page.model.rowCount() == 2, timeout=10000)
    colours = {page.model.index(r, 0).data(CASE_ID_ROLE): page.model.index(r, 0).data(Qt.ForegroundRole)
               for r in range(2)}
    assert colours[fresh.id] is None and colours[late.id].color() == OVERDUE_FG
    page.open_case(late.id)
    detail = page.detail
    qtbot.waitUntil(lambda: detail.data is not None and detail.data["id"] == late.id, timeout=10000)
    assert "已逾期" in detail.deadline.text() and "c62828" in detail.deadline.styleSheet()
    qtbot.mouseClick(detail.action_buttons["overdue_reason"], Qt.LeftButton)
    detail.action_dialog.set_value("reason", "当事人外出务工，暂无法联系")
    detail.action_dialog._check()
    qtbot.waitUntil(lambda: "外出务工" in detail.deadline.text(), timeout=10000)
    qtbot.mouseClick(detail.action_buttons["extend_deadline"], Qt.LeftButton)
    new_due = dt.date.today() + dt.timedelta(days=10)
    detail.action_dialog.set_value("new_due", new_due)
    detail.action_dialog.set_value("reason", "经双方当事人同意延期")
    detail.action_dialog._check()
    qtbot.waitUntil(lambda: not detail.data["overdue"], timeout=10000)
    assert Case.get_by_id(late.id).due_on == new_due
    assert [e.action for e in CaseEvent.select().where(CaseEvent.case == late.id).order_by(CaseEvent.at)][-2:] == [
        "overdue_reason", "extend_deadline"]


def test_list_fetches_lazily_and_sorts(qtbot, page):
    actor = page.ctx.actor
    made = [register(actor, party(f"测试{i}号"), facts=f"第{i}件") for i in range(12)]
    model = CaseListModel(page.ctx)  # no view attached: only explicit fetches
    model.PAGE = 5  # small pages: the behaviour, not the size, is under test
    model.reload({})
    qtbot.waitUntil(lambda: not model.loading, timeout=10000)
    assert model.rowCount() == 5 and model.canFetchMore()
    model.fetchMore()
    qtbot.waitUntil(lambda: model.rowCount() == 10 and not model.loading, timeout=10000)
    model.fetchMore()
    qtbot.waitUntil(lambda: model.rowCount() == 12 and not model.loading, timeout=10000)
    assert not model.canFetchMore()
    assert {model.index(r, 0).data(CASE_ID_ROLE) for r in range(12)} == {c.id for c in made}
    accept(actor, made[3])
    page.view.sortByColumn(0, Qt.DescendingOrder)  # 案件编号: the accepted one first
    qtbot.waitUntil(lambda: not page.model.loading and page.model.rowCount() == 12, timeout=10000)
    assert page.model.index(0, 0).data(CASE_ID_ROLE) == made[3].id
    assert page.model.index(0, 0).data().endswith("第 1 号") and page.model.index(1, 0).data() == "（未受理）"
    page.view.sortByColumn(0, Qt.AscendingOrder)
    qtbot.waitUntil(lambda: not page.model.loading and page.model.rowCount() == 12
                    and page.model.index(11, 0).data(CASE_ID_ROLE) == made[3].id, timeout=10000)


def test_main_window_opens_cases_from_the_bus_and_the_dashboard(qtbot, demo_db, app_ctx):
    from zhongxin_desktop.ui.main_window import MainWindow

    window = MainWindow(app_ctx(demo_db))
    qtbot.addWidget(window)
    window.show()
    page = window.pages["cases"]
    target = Case.select().where(Case.case_no.is_null(False)).order_by(Case.case_seq).first()
    window.ctx.bus.open_case.emit(target.id)
    qtbot.waitUntil(lambda: page.detail.data is not None and page.detail.data["id"] == target.id, timeout=10000)
    assert window.current_page() is page and page.detail.title.text() == target.case_no
    assert page.detail.parties.rowCount() == 2 and page.detail.timeline.rowCount() >= 1
    titles = [page.detail.tabs.tabText(i) for i in range(page.detail.tabs.count())]
    assert titles[:4] == ["基本情况", "当事人", "办理经过", "交办"] and "协议书" in titles
    window.ctx.bus.show_cases.emit({"overdue": True})
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.list_panel and not page.model.loading
                    and page.model.rowCount() > 0, timeout=10000)
    today = dt.date.today()
    overdue = {c.id for c in Case.select().where(Case.due_on < today, Case.status.in_(
        ["registered", "accepted", "mediating", "transferred"]))}
    shown = {page.model.index(r, 0).data(CASE_ID_ROLE) for r in range(page.model.rowCount())}
    assert shown == overdue
    assert all(page.model.index(r, 3).data(OVERDUE_ROLE) for r in range(page.model.rowCount()))


def test_reveal_shows_full_numbers_and_is_audited(qtbot, page):
    from zhongxin_desktop.store.models import AuditEvent

    c = register(page.ctx.actor, party("张三", phone="13812345678", id_number=ID_A), party("李四", "被申请人"))
    page.open_case(c.id)
    detail = page.detail
    qtbot.waitUntil(lambda: detail.data is not None and detail.data["id"] == c.id, timeout=10000)
    assert detail.parties.item(0, 6).text() == "138****5678"
    assert detail.reveal_button.isVisible()  # admin may reveal
    detail.reveal_button.setChecked(True)
    qtbot.waitUntil(lambda: detail.parties.item(0, 6).text() == "13812345678", timeout=10000)
    assert detail.parties.item(0, 7).text() == ID_A
    assert AuditEvent.select().where(AuditEvent.action == "reveal", AuditEvent.object_id == c.id).count() == 1


def test_a_clerk_sees_mediation_steps_disabled_and_no_reveal(qtbot, make_user, app_ctx):
    clerk = make_user("clerk", "dj")
    c = register(clerk)
    accept(clerk, c)
    p = CasesPage(app_ctx(clerk))
    qtbot.addWidget(p)
    p.show()
    p.open_case(c.id)
    qtbot.waitUntil(lambda: p.detail.data is not None, timeout=10000)
    buttons = p.detail.action_buttons
    assert buttons["start_mediation"].isVisible() and not buttons["start_mediation"].isEnabled()
    assert buttons["transfer"].isEnabled()  # 交办 is an edit a clerk may make
    assert not p.detail.reveal_button.isVisible()


def test_filters_narrow_the_list(qtbot, page):
    actor = page.ctx.actor
    a = register(actor, party("甲一"), party("乙一", "被申请人"), category="合同", risk_level="红")
    b = register(actor, party("甲二"), party("乙二", "被申请人"), category="邻里",
                 registered_on=dt.date.today() - dt.timedelta(days=60))

    def shown():
        qtbot.waitUntil(lambda: not page.model.loading, timeout=10000)
        return {page.model.index(r, 0).data(CASE_ID_ROLE) for r in range(page.model.rowCount())}

    page.reload()
    assert shown() == {a.id, b.id}
    page.category_filter.setCurrentIndex(page.category_filter.findData("合同"))
    assert shown() == {a.id}
    page.clear_filters()
    page.risk_filter.setCurrentIndex(page.risk_filter.findData("红"))
    assert shown() == {a.id}
    page.clear_filters()
    page.date_from.setDate(dt.date.today() - dt.timedelta(days=90))
    page.date_to.setDate(dt.date.today() - dt.timedelta(days=30))
    page.date_check.setChecked(True)
    assert shown() == {b.id}
    assert page.filters()["date_from"] == dt.date.today() - dt.timedelta(days=90)
    page.clear_filters()
    page.status_filter.setCurrentIndex(page.status_filter.findData("registered"))
    assert shown() == {a.id, b.id}
    qtbot.waitUntil(lambda: page.summary.text() == "共 2 件", timeout=10000)


def test_a_minors_agent_is_the_guardian(qtbot, page):
    form = open_form(qtbot, page)
    child = form.party_editors[0]
    child.birth.setDate(dt.date.today() - dt.timedelta(days=365 * 10))
    type_text(qtbot, child.agent_name, "王监护")
    assert child.value().agent_kind == "法定代理人"
    child.birth.setDate(dt.date(1980, 1, 1))
    assert child.value().agent_kind == "委托代理人"
    form.discard()


def test_filters_show_as_chips_and_a_search_says_they_limit_it(qtbot, page):
    """A filter left by a dashboard tile (逾期) must not hide a just-registered case unseen."""
    cid = register(page.ctx.actor).id
    page.apply_filters({"overdue": True})
    qtbot.waitUntil(lambda: not page.model.loading, timeout=10000)
    qtbot.waitUntil(lambda: any(c.isVisible() for c in page.findChildren(type(page.new_button), "filterChip")),
                    timeout=5000)
    chips = [c for c in page.findChildren(type(page.new_button), "filterChip") if c.isVisible()]
    assert [c.text() for c in chips] == ["状态：逾期  ×"]
    assert search(qtbot, page, "张三") == set()
    qtbot.waitUntil(lambda: "找到 0 件" in page.summary.text(), timeout=10000)
    assert "只在符合 状态：逾期 的案件中查找" in page.summary.text()
    [chip] = [c for c in page.findChildren(type(page.new_button), "filterChip") if c.isVisible()]
    qtbot.mouseClick(chip, Qt.LeftButton)  # the chip's × takes the filter off
    qtbot.waitUntil(lambda: not page.model.loading, timeout=10000)
    assert search(qtbot, page, "张三") == {cid}
    assert not [c for c in page.findChildren(type(page.new_button), "filterChip") if c.isVisible()]
