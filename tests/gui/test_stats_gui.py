"""The 统计报表 page, the dashboard charts and the ledger import wizard, driven with qtbot."""
import datetime as dt

import openpyxl
from ledger_fixtures import EXPECTED, build_messy_ledger
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from zhongxin_desktop.services.figures import statistics
from zhongxin_desktop.services import users
from zhongxin_desktop.store.models import Case
from zhongxin_desktop.ui.pages.dashboard import DashboardPage
from zhongxin_desktop.ui.pages.reports import ReportsPage

from .ledger_wizard_steps import open_ledger


def _cell(table, label: str, col: int = 1) -> str:
    for r in range(table.rowCount()):
        if table.item(r, 0).text() == label:
            return table.item(r, col).text()
    raise AssertionError(label)


def test_reports_page_preview_and_export(qtbot, demo_db, app_ctx, tmp_path, monkeypatch):
    ctx = app_ctx(demo_db)
    page = ReportsPage(ctx)
    qtbot.addWidget(page)
    page.refresh()
    qtbot.waitUntil(lambda: page.report is not None, timeout=10000)
    stats = statistics.monthly_statistics(page.month())
    assert _cell(page.table, "受理数") == str(stats.accepted)
    assert _cell(page.table, "调解成功数") == str(stats.succeeded)
    assert _cell(page.table, "来源：主动调解") == str(stats.by_source_group["主动调解"])
    out = tmp_path / "report"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    page.export_button.click()
    saved = tmp_path / "report.xlsx"
    qtbot.waitUntil(lambda: saved.exists() and "已保存" in page.status.text(), timeout=10000)
    ws = openpyxl.load_workbook(saved)["综合统计"]
    from zhongxin_desktop.services.center import local_center

    assert ws["A5"].value == local_center().name


def test_reports_page_ledger_export_needs_permission(qtbot, demo_db, app_ctx, tmp_path, monkeypatch):
    clerk = users.sign_in("dengji", "Demo2026!")
    page = ReportsPage(app_ctx(clerk))
    qtbot.addWidget(page)
    assert not page.ledger_button.isEnabled() and not page.reveal_box.isEnabled()
    director = ReportsPage(app_ctx(users.sign_in("zhuren", "Demo2026!")))
    qtbot.addWidget(director)
    out = tmp_path / "ledger.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    director.ledger_button.click()
    qtbot.waitUntil(lambda: "已保存" in director.status.text(), timeout=10000)
    ws = openpyxl.load_workbook(out)["案件台账"]
    period = next(c.value for c in ws[2] if c.value and "登记日期" in str(c.value))
    assert "脱敏" in period and "*" in ws.cell(5, 7).value


def test_dashboard_charts_click_opens_matching_cases(qtbot, demo_db, app_ctx):
    ctx = app_ctx(demo_db)
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    page.refresh()
    qtbot.waitUntil(lambda: page.data is not None, timeout=10000)
    this = page.data.stats_this
    filters = page.charts.bar_filters["category"]
    top = max(this.by_category, key=this.by_category.get)
    assert filters[-1]["category"] == top  # the biggest bar is drawn at the top
    _last_set, this_set = page.charts.bar_sets["category"]
    assert this_set.at(this_set.count() - 1) == this.by_category[top]
    with qtbot.waitSignal(ctx.bus.show_cases) as blocker:
        this_set.clicked.emit(this_set.count() - 1)
    today = dt.date.today()
    assert blocker.args[0]["category"] == top and blocker.args[0]["date_from"] == today.replace(day=1)
    _l, source_set = page.charts.bar_sets["source"]
    with qtbot.waitSignal(ctx.bus.show_cases) as blocker:
        source_set.clicked.emit(source_set.count() - 1)
    assert blocker.args[0]["source"] == max(this.by_source, key=this.by_source.get)
    assert page.cards["grid"].value.text() == f"{this.grid_handled_share:.1%}"  # as the monthly report shows it
    with qtbot.waitSignal(ctx.bus.show_cases) as blocker:
        qtbot.mouseClick(page.cards["overdue"], Qt.MouseButton.LeftButton)
    assert blocker.args[0] == {"overdue": True}


def test_ledger_import_wizard(qtbot, demo_db, app_ctx, tmp_path):
    ctx = app_ctx(demo_db)
    path = build_messy_ledger(tmp_path / "旧台账.xlsx")
    before = Case.select().count()
    wizard = open_ledger(qtbot, ctx, path)
    assert "2025年" in wizard.file_page.status.text()
    wizard.next()
    mapping = wizard.mapping_page
    assert mapping.sheet_combo.count() == 3
    assert (mapping.first_spin.value(), mapping.last_spin.value()) == (3, 4)
    fields = [c.currentData() for c in mapping.combos]
    assert "applicant_id" in fields and "respondent_name" in fields
    mediator_col = fields.index("mediator")
    mapping.combos[mediator_col].setCurrentIndex(0)  # the clerk decides not to import 调解员
    assert "mediator" not in wizard.analysis.sheets[0].header.mapping.values()
    wizard.next()
    preview = wizard.preview_page
    qtbot.waitUntil(preview.isComplete, timeout=10000)
    assert preview.table.rowCount() == len(EXPECTED)
    verdicts = {(preview.table.item(r, 0).text(), int(preview.table.item(r, 1).text())): preview.table.item(r, 2).text()
                for r in range(preview.table.rowCount())}
    assert verdicts[("2025年", 13)] == "未导入" and verdicts[("2025年", 5)] == "可导入"
    assert Case.select().count() == before  # the preview writes nothing
    with qtbot.waitSignal(ctx.bus.changed, timeout=10000):
        wizard.next()
    qtbot.waitUntil(wizard.result_page.isComplete, timeout=10000)
    assert Case.select().count() == before + 9
    assert "已导入 9 件" in wizard.result_page.summary.text()
    imported = Case.get_by_id(wizard.import_result.case_ids[("2025年", 5)])
    assert imported.mediator is None  # the column the clerk unmapped
    wizard.grab().save(str(tmp_path / "wizard.png"))
