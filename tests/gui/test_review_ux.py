"""What a clerk sees in corners the feature tests do not look at: empty lists explain themselves."""
from __future__ import annotations

from PySide6.QtGui import QColor

from docs_flow import two_party_case
from zhongxin_desktop.services.casework import cases
from zhongxin_desktop.ui.case_detail import CaseDetailView
from zhongxin_desktop.ui.empty_hint import empty_hint


def ink_in_the_middle(view) -> int:
    """Dark pixels in a band across the middle of the viewport, where the hint sentence is drawn
    (rows of a short list stay at the top)."""
    image = view.viewport().grab().toImage()
    mid = image.height() // 2
    return sum(1 for x in range(image.width()) for y in range(mid - 20, mid + 20)
               if QColor(image.pixel(x, y)).lightness() < 200)


def test_empty_case_tabs_say_what_is_missing_and_where_it_comes_from(qtbot, township, app_ctx):
    case_id = cases._get_case(two_party_case(township)).id
    view = CaseDetailView(app_ctx(township))
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    view.load(case_id)
    qtbot.waitUntil(lambda: view.data is not None, timeout=10000)
    view.ctx.worker.wait()
    tabs = {view.tabs.tabText(i): view.tabs.widget(i) for i in range(view.tabs.count())}
    view.tabs.setCurrentWidget(view.transfers)
    assert view.transfers.rowCount() == 0 and "交办" in empty_hint(view.transfers)
    assert ink_in_the_middle(view.transfers) > 20  # the sentence is really drawn
    for title, where in (("调解记录", "记录调解"), ("协议书", "新建协议"), ("附件", "附加扫描件")):
        tab = tabs[title]
        view.tabs.setCurrentWidget(tab)
        qtbot.waitUntil(lambda: tab.table.rowCount() == 0, timeout=10000)
        assert where in empty_hint(tab.table), title
        assert ink_in_the_middle(tab.table) > 20, title
    # A list with rows shows the rows, not the sentence.
    view.tabs.setCurrentWidget(view.timeline)
    assert view.timeline.rowCount() == 2 and ink_in_the_middle(view.timeline) == 0


def test_grid_names_with_their_codes_are_not_cut_off(qtbot, demo_db, app_ctx):
    from zhongxin_desktop.ui.pages.grid import GridPage

    page = GridPage(app_ctx(demo_db))
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    page.refresh()
    tree = page.registry.tree
    qtbot.waitUntil(lambda: tree.topLevelItemCount() > 0, timeout=10000)
    longest = max((tree.topLevelItem(i).child(j) for i in range(tree.topLevelItemCount())
                   for j in range(tree.topLevelItem(i).childCount())), key=lambda item: len(item.text(0)))
    needed = tree.fontMetrics().horizontalAdvance(longest.text(0)) + tree.indentation() * 2
    assert tree.columnWidth(0) >= needed, longest.text(0)


def test_times_shown_to_people_are_in_chinese_date_form():
    import datetime as dt

    from zhongxin_desktop.domain.dates import cn_stamp

    shown = cn_stamp(dt.datetime(2026, 11, 27, 4, 0, 5), seconds=True)
    assert shown.startswith("2026年11月") and shown.endswith(":00:05") and "-" not in shown


def test_agreement_page_says_the_next_step_while_buttons_are_disabled(qtbot, township, app_ctx):
    from docs_flow import add_session, agreement_input
    from zhongxin_desktop.services.settlement import agreements
    from zhongxin_desktop.ui.pages.agreements import AgreementsPage

    no = two_party_case(township)
    add_session(township, no)
    agreement = agreements.create(township, no, agreement_input())
    page = AgreementsPage(app_ctx(township))
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: len(page.rows) == 1, timeout=10000)
    page.table.selectRow(0)
    # a draft cannot be signed yet; the page says why and what to do
    assert not page.sign_button.isEnabled()
    assert "预览/打印" in page.detail.text() and "登记签署" in page.detail.text()
    assert "附加扫描件" in empty_hint(page.scans) and page.scans.count() == 0
    agreements.mark_printed(township, agreement.id)
    agreements.sign(township, agreement.id)
    page.refresh()
    qtbot.waitUntil(lambda: page.rows[0]["status"] == "signed", timeout=10000)
    page.table.selectRow(0)
    assert page.attach_button.isEnabled() and "附加扫描件" in page.detail.text()


def test_filled_tables_leave_no_blank_strip_on_the_right(qtbot):
    from zhongxin_desktop.ui.pages.table_util import fill, make_table

    table = make_table(["编号", "状态", "金额（元）"])
    qtbot.addWidget(table)
    table.resize(800, 300)
    table.show()
    fill(table, [("a", ["（2026）青山调协字第 8 号", "草稿", "800"], None)])
    fill(table, [("a", ["（2026）青山调协字第 8 号", "草稿", "800"], None)])  # a refresh
    header = table.horizontalHeader()
    used = sum(header.sectionSize(c) for c in range(table.columnCount()))
    assert used >= table.viewport().width() - 1


def test_export_without_the_county_key_tells_the_clerk_which_button_to_use(qtbot, township, app_ctx, tmp_path,
                                                                             monkeypatch):
    from zhongxin_desktop.ui.pages.exchange import ExchangePage

    page = ExchangePage(app_ctx(township))
    qtbot.addWidget(page)
    page.show()
    usb = tmp_path / "usb"
    usb.mkdir()
    page.start_export(usb)
    qtbot.waitUntil(lambda: getattr(page, "failure_box", None) is not None, timeout=10000)
    shown = page.failure_box.text()
    assert "信任对方公钥" in shown and "数据交换" in shown
    assert page.summary.toPlainText() == shown  # said where the clerk looks, too
    assert not list(usb.iterdir())
    page.failure_box.accept()


def test_a_corrected_field_drops_its_error_at_once(qtbot, township, app_ctx):
    from PySide6.QtCore import Qt

    from zhongxin_desktop.ui.pages.cases import CasesPage

    page = CasesPage(app_ctx(township))
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: page.choices is not None, timeout=10000)
    page.register_case()
    form = page.form_dialog
    qtbot.waitUntil(lambda: form.save_button.isEnabled(), timeout=10000)
    a, b = form.party_editors
    a.name.insert("张三")
    b.name.insert("李四")
    form.facts.insertPlainText("排水沟改道")
    form.category.setCurrentText("邻里")
    form.amount.setText("-5")
    qtbot.keyClicks(a.phone, "138123")
    qtbot.mouseClick(form.save_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: "涉及金额" in form.summary.text(), timeout=10000)
    assert "第1个当事人·联系电话" in form.summary.text()
    phone_error = a.errors.labels["联系电话"]
    assert phone_error.isVisibleTo(form)
    qtbot.keyClicks(a.phone, "45678")  # now 11 digits
    assert not phone_error.isVisibleTo(form) and "联系电话" not in form.summary.text()
    assert "涉及金额" in form.summary.text()  # the one not yet corrected stays
    form.amount.setText("1200")
    assert form.summary.text() == ""


def test_the_timeline_names_people_not_logins(qtbot, township, app_ctx):
    case_id = cases._get_case(two_party_case(township)).id
    view = CaseDetailView(app_ctx(township))
    qtbot.addWidget(view)
    view.load(case_id)
    qtbot.waitUntil(lambda: view.data is not None and view.timeline.rowCount() == 2, timeout=10000)
    assert {view.timeline.item(r, 1).text() for r in range(2)} == {"管理员"}
