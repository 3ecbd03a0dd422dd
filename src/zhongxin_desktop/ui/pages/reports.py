"""统计报表: pick a month, preview the figures, export the monthly report (Excel); export the
case ledger for a date range; bring in old Excel ledgers (the import wizard)."""
from __future__ import annotations

from typing import TYPE_CHECKING

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDateEdit, QFileDialog, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QMessageBox,
    QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout,
)

from zhongxin_desktop.domain import vocab
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.reports import ledger_xlsx, monthly_xlsx
from zhongxin_desktop.services.figures import county_months
from zhongxin_desktop.services.figures import statistics
from zhongxin_desktop.services.figures.statistics import FIGURE_LABELS, MonthlyReport
from zhongxin_desktop.ui import long_job
from zhongxin_desktop.ui.pages.base import Page
from zhongxin_desktop.ui.pages.page_parts import heading
from zhongxin_desktop.ui.qdates import day_of

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget
    from zhongxin_desktop.ui.context import AppContext


def recent_months(today: dt.date, count: int = 24) -> list[dt.date]:
    first = today.replace(day=1)
    months = []
    for _ in range(count):
        months.append(first)
        first = statistics.previous_month(first)
    return months


def preview_rows(report: MonthlyReport) -> list[tuple[str, list[str]]]:
    """(figure label, one text per column) for the on-screen preview."""
    rows: list[tuple[str, list[str]]] = []
    cols = report.all_rows()
    for key, label in FIGURE_LABELS.items():
        values = []
        for r in cols:
            v = r.stats.figure(key)
            values.append(f"{v:.1%}" if key in monthly_xlsx.PERCENT_KEYS else
                          f"{v:,.2f}" if key in monthly_xlsx.MONEY_KEYS else str(v))
        rows.append((label, values))
    for group in statistics.SOURCE_GROUPS:
        rows.append((f"来源：{group}", [str(r.stats.by_source_group.get(group, 0)) for r in cols]))
    for linkage in vocab.LINKAGES:
        rows.append((f"其中{linkage}", [str(r.stats.by_linkage.get(linkage, 0)) for r in cols]))
    for cat in report.categories():
        rows.append((f"类型：{cat}", [str(r.stats.by_category.get(cat, 0)) for r in cols]))
    return rows


class ReportsPage(Page):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.addLayout(heading(self.tr("统计报表")))
        monthly = QGroupBox(self.tr("统计月报表"))
        m = QVBoxLayout(monthly)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("月份：")))
        self.month_combo = QComboBox()
        for first in recent_months(dt.date.today()):
            self.month_combo.addItem(f"{first.year}年{first.month}月", first)
        self.month_combo.setCurrentIndex(1)  # reports are due for the month just ended
        self.month_combo.currentIndexChanged.connect(self.refresh)
        bar.addWidget(self.month_combo)
        self.export_button = QPushButton(self.tr("导出Excel…"))
        self.export_button.clicked.connect(self.export_monthly)
        bar.addWidget(self.export_button)
        bar.addStretch()
        self.status = QLabel("")
        bar.addWidget(self.status)
        m.addLayout(bar)
        self.table = QTableWidget()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        m.addWidget(self.table)
        layout.addWidget(monthly, 1)
        layout.addWidget(self._ledger_box())
        self.report: MonthlyReport | None = None

    def _ledger_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("案件台账"))
        row = QHBoxLayout(box)
        today = QDate.currentDate()
        self.ledger_from = QDateEdit(QDate(today.year(), 1, 1))
        self.ledger_to = QDateEdit(today)
        for w in (self.ledger_from, self.ledger_to):
            w.setCalendarPopup(True)
            w.setDisplayFormat("yyyy年M月d日")
        row.addWidget(QLabel(self.tr("登记日期从")))
        row.addWidget(self.ledger_from)
        row.addWidget(QLabel(self.tr("至")))
        row.addWidget(self.ledger_to)
        self.reveal_box = QCheckBox(self.tr("含完整身份证号和电话（记入审计）"))
        self.reveal_box.setEnabled(self.ctx.actor.can(Perm.REVEAL))
        row.addWidget(self.reveal_box)
        self.ledger_button = QPushButton(self.tr("导出台账…"))
        self.ledger_button.setEnabled(self.ctx.actor.can(Perm.EXPORT))
        if not self.ctx.actor.can(Perm.EXPORT):
            self.ledger_button.setToolTip(self.tr("台账含个人信息，需要“导出数据”权限（中心负责人或管理员）"))
        self.ledger_button.clicked.connect(self.export_ledger)
        row.addWidget(self.ledger_button)
        row.addStretch()
        self.import_button = QPushButton(self.tr("导入旧台账…"))
        self.import_button.setEnabled(self.ctx.actor.can(Perm.IMPORT))
        self.import_button.clicked.connect(self.open_import_wizard)
        row.addWidget(self.import_button)
        return box

    def month(self) -> dt.date:
        first: dt.date = self.month_combo.currentData()  # each item carries its month's first day
        return first

    def refresh(self) -> None:
        actor, month = self.ctx.actor, self.month()
        self.status.setText(self.tr("正在统计…"))
        self.ctx.worker.submit(lambda: county_months.monthly_report(actor, month), self._show, self._failed)

    def _show(self, report: MonthlyReport) -> None:
        self.report = report
        rows = preview_rows(report)
        names = [r.name for r in report.all_rows()]
        self.table.clear()
        self.table.setColumnCount(1 + len(names))
        self.table.setHorizontalHeaderLabels([self.tr("项目"), *names])
        self.table.setRowCount(len(rows))
        for i, (label, values) in enumerate(rows):
            self.table.setItem(i, 0, QTableWidgetItem(label))
            for j, text in enumerate(values, start=1):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, j, item)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.status.setText(self.tr("填报单位：{0}").format(report.unit))

    def _failed(self, exc: BaseException, _tb: str = "") -> None:
        self.status.setText("")
        QMessageBox.warning(self, self.tr("统计报表"), str(exc))

    def _save_path(self, suggested: str) -> Path | None:
        start = str(self.ctx.data.exports / suggested)
        path, _ = QFileDialog.getSaveFileName(self, self.tr("保存为"), start, self.tr("Excel 文件 (*.xlsx)"))
        if not path:
            return None
        return Path(path if path.lower().endswith(".xlsx") else path + ".xlsx")

    def export_monthly(self) -> None:
        month = self.month()
        path = self._save_path(f"统计月报表-{month:%Y-%m}.xlsx")
        if path is None:
            return
        actor = self.ctx.actor
        self.export_button.setEnabled(False)
        long_job.start(self, self.ctx, self.tr("导出统计月报表"), self.tr("正在生成统计月报表…"),
                       lambda _p: monthly_xlsx.export_monthly(actor, month, path), lambda _r: self._exported(path),
                       cancellable=False, on_failed=self._export_failed)

    def export_ledger(self) -> None:
        date_from, date_to = day_of(self.ledger_from.date()), day_of(self.ledger_to.date())
        if date_from > date_to:
            QMessageBox.warning(self, self.tr("案件台账"), self.tr("开始日期晚于结束日期，请调整"))
            return
        path = self._save_path(f"案件台账-{date_from:%Y%m%d}-{date_to:%Y%m%d}.xlsx")
        if path is None:
            return
        actor, reveal = self.ctx.actor, self.reveal_box.isChecked()
        self.ledger_button.setEnabled(False)
        long_job.start(
            self, self.ctx, self.tr("导出案件台账"), self.tr("正在导出案件台账…"),
            lambda p: ledger_xlsx.export_ledger(actor, path, date_from=date_from, date_to=date_to, reveal=reveal,
                                                progress=p),
            lambda _n: self._exported(path), on_failed=self._export_failed,
            on_cancelled=self._export_cancelled)

    def _export_cancelled(self) -> None:
        self._exported_reset()
        self.status.setText(self.tr("已取消导出，未生成文件。"))

    def _exported(self, path: Path) -> None:
        self._exported_reset()
        self.last_export = path
        self.status.setText(self.tr("已保存：{0}").format(path.name))
        self.ctx.bus.status_message.emit(self.tr("已保存 {0}").format(path))

    def _export_failed(self, text: str) -> None:
        """The message box came from long_job; the line under the table says it too."""
        self._exported_reset()
        self.status.setText(text.splitlines()[0])

    def _exported_reset(self) -> None:
        self.export_button.setEnabled(True)
        self.ledger_button.setEnabled(self.ctx.actor.can(Perm.EXPORT))

    def open_import_wizard(self) -> None:
        from zhongxin_desktop.ui.dialogs.ledger_import import LedgerImportWizard

        wizard = LedgerImportWizard(self.ctx, self)
        wizard.open()
        self.wizard = wizard
