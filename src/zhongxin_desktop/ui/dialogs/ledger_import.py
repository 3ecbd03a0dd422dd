"""导入旧台账: a wizard — choose the file → check the detected header and column mapping (editable)
→ preview every row's verdict → import, with the row-by-row account. File reading, checking and
writing run on the database worker (services/figures/ledger_import.py)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMessageBox, QProgressBar, QPushButton,
    QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWizard, QWizardPage,
)

from zhongxin_desktop.domain import ledger_values as lv
from zhongxin_desktop.domain.dates import cn_date
from zhongxin_desktop.domain.ledger_layout import FIELDS, MISSING_APPLICANT, ParsedRow, header_at
from zhongxin_desktop.services.figures import ledger_import
from zhongxin_desktop.services.figures.ledger_import import VERDICT_LABELS, Analysis, ImportResult, SheetPlan
from zhongxin_desktop.ui.screen_fit import fit_to_screen
from zhongxin_desktop.ui.worker import Progress

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget
    from zhongxin_desktop.ui.context import AppContext

VERDICT_COLORS = {"error": "#c62828", "duplicate": "#8d6e63", "skipped": "#757575"}
ACCOUNT_COLUMNS = ["工作表", "行号", "结果", "说明", "登记日期", "当事人", "纠纷类型", "调解结果"]


def fill_account(table: QTableWidget, rows: list[ParsedRow]) -> None:
    """The row-by-row account: every row with its verdict and reason or warnings."""
    table.setSortingEnabled(False)
    table.clear()
    table.setColumnCount(len(ACCOUNT_COLUMNS))
    table.setHorizontalHeaderLabels(ACCOUNT_COLUMNS)
    table.setRowCount(len(rows))
    for i, r in enumerate(rows):
        rec = r.record
        note = "；".join(([r.reason] if r.reason else []) + r.warnings)
        values = [r.sheet, str(r.row), VERDICT_LABELS[r.verdict], note,
                  cn_date(rec.registered_on) if rec else "", "、".join(p.name for p in rec.parties) if rec else "",
                  rec.category if rec else "", lv.OUTCOME_LABELS.get(rec.outcome_kind, "") if rec else ""]
        color = VERDICT_COLORS.get(r.verdict) or ("#e65100" if r.warnings else None)
        for j, text in enumerate(values):
            item = QTableWidgetItem(text)
            if color:
                item.setForeground(QBrush(QColor(color)))
            table.setItem(i, j, item)
    table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)


class _Page(QWizardPage):
    def __init__(self, wizard: LedgerImportWizard, title: str, subtitle: str = ""):
        super().__init__()
        self.wiz = wizard
        self.setTitle(self.tr(title))
        if subtitle:
            self.setSubTitle(self.tr(subtitle))


class FilePage(_Page):
    def __init__(self, wizard: LedgerImportWizard):
        super().__init__(wizard, "选择旧台账文件",
                         "Excel（.xlsx）台账，可含多个工作表。旧版 .xls 请先另存为 .xlsx。")
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.path_edit = QLineEdit()
        self.path_edit.editingFinished.connect(lambda: self.load(self.path_edit.text()))
        browse = QPushButton(self.tr("浏览…"))
        browse.clicked.connect(self.browse)
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        layout.addLayout(row)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        layout.addStretch()

    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择台账"), "", self.tr("Excel 文件 (*.xlsx)"))
        if path:
            self.path_edit.setText(path)
            self.load(path)

    def load(self, path: str) -> None:
        if not path or (self.wiz.analysis and str(self.wiz.analysis.path) == path):
            return
        self.wiz.analysis = None
        self.completeChanged.emit()
        self.status.setText(self.tr("正在读取…"))
        self.wiz.ctx.worker.submit(lambda: ledger_import.analyse(Path(path)), self._loaded, self._failed)

    def _loaded(self, analysis: Analysis) -> None:
        self.wiz.analysis = analysis
        found = [s for s in analysis.sheets if s.header]
        self.status.setText(self.tr("共 {0} 个工作表，其中 {1} 个找到表头：{2}").format(
            len(analysis.sheets), len(found), "、".join(s.name for s in found) or "无"))
        self.completeChanged.emit()

    def _failed(self, exc: BaseException, _tb: str = "") -> None:
        self.status.setText(str(exc))

    def isComplete(self) -> bool:
        return self.wiz.analysis is not None


class MappingPage(_Page):
    def __init__(self, wizard: LedgerImportWizard):
        super().__init__(wizard, "核对表头和各列含义",
                         "程序已自动识别；如有不对，可改表头所在行或每列对应的项目。")
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("工作表：")))
        self.sheet_combo = QComboBox()
        self.sheet_combo.currentIndexChanged.connect(self.show_sheet)
        row.addWidget(self.sheet_combo)
        row.addWidget(QLabel(self.tr("表头行：第")))
        self.first_spin, self.last_spin = QSpinBox(), QSpinBox()
        row.addWidget(self.first_spin)
        row.addWidget(QLabel(self.tr("至")))
        row.addWidget(self.last_spin)
        row.addWidget(QLabel(self.tr("行")))
        redetect = QPushButton(self.tr("按此表头重新识别"))
        redetect.clicked.connect(self.apply_header_rows)
        row.addWidget(redetect)
        row.addStretch()
        layout.addLayout(row)
        self.note = QLabel("")
        layout.addWidget(self.note)
        self.table = QTableWidget()
        self.table.setColumnCount(3)
        self.table.setHorizontalHeaderLabels([self.tr("表头文字"), self.tr("对应项目"), self.tr("第一行数据")])
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        self.combos: list[QComboBox] = []

    def initializePage(self) -> None:
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        for s in self._analysis().sheets:
            self.sheet_combo.addItem(s.name)
        self.sheet_combo.blockSignals(False)
        self.show_sheet(0)

    def _analysis(self) -> Analysis:
        assert self.wiz.analysis is not None  # the file page lets the wizard on only once a file is analysed
        return self.wiz.analysis

    def sheet(self) -> SheetPlan:
        return self._analysis().sheets[self.sheet_combo.currentIndex()]

    def show_sheet(self, _index: int = 0) -> None:
        sheet = self.sheet()
        n = max(len(sheet.cells.rows), 1)
        for spin in (self.first_spin, self.last_spin):
            spin.setRange(1, n)
        header = sheet.header
        self.first_spin.setValue(header.first_row if header else 1)
        self.last_spin.setValue(header.last_row if header else 1)
        self.note.setText(self.tr("未找到表头：请指定表头所在行，再点“按此表头重新识别”。") if header is None else
                          "\n".join([self.tr("表头在第 {0}–{1} 行；年份：{2}").format(
                              header.first_row, header.last_row, sheet.year or self.tr("未找到")), *sheet.notes()]))
        self.combos = []
        if header is None:
            self.table.setRowCount(0)
            return
        width = max([len(header.labels), *(c + 1 for c in header.unmapped(sheet.cells.rows))])
        labels = [header.label(c) for c in range(width)]
        self.table.setRowCount(len(labels))
        sample = sheet.cells.rows[header.last_row] if header.last_row < len(sheet.cells.rows) else []
        for col, label in enumerate(labels):
            self.table.setItem(col, 0, QTableWidgetItem(label))
            combo = QComboBox()
            combo.addItem(self.tr("（未对应：文字存入备注）"), "")
            for key, text in FIELDS.items():
                combo.addItem(text, key)
            combo.setCurrentIndex(max(combo.findData(header.mapping.get(col, "")), 0))
            combo.currentIndexChanged.connect(lambda _i, c=col, box=combo: self.set_field(c, box.currentData()))
            self.table.setCellWidget(col, 1, combo)
            self.combos.append(combo)
            self.table.setItem(col, 2, QTableWidgetItem(lv.fold(sample[col]) if col < len(sample) else ""))

    def set_field(self, col: int, field: str) -> None:
        header = self.sheet().header
        assert header is not None  # the combo boxes that call this exist only under a header
        mapping = header.mapping
        for other, f in list(mapping.items()):
            if field and f == field and other != col:  # one column per item
                del mapping[other]
                self.combos[other].blockSignals(True)
                self.combos[other].setCurrentIndex(0)
                self.combos[other].blockSignals(False)
        if field:
            mapping[col] = field
        else:
            mapping.pop(col, None)
        header.guessed.pop(col, None)
        self.note.setText("\n".join(self.note.text().split("\n")[:1] + self.sheet().notes()))

    def apply_header_rows(self) -> None:
        sheet = self.sheet()
        try:
            sheet.header = header_at(sheet.cells.rows, self.first_spin.value(), self.last_spin.value())
        except ValueError as exc:
            QMessageBox.warning(self, self.tr("表头"), str(exc))
            return
        self.show_sheet()


class PreviewPage(_Page):
    def __init__(self, wizard: LedgerImportWizard):
        super().__init__(wizard, "预览：每一行的结果",
                         "红色为不能导入的行及原因，橙色为可导入但需核实的行（如身份证号存疑）。"
                         "点“导入”后一次性写入，不会重复导入同一行。")
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("导入"))
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("缺少申请人姓名的行：")))
        self.missing_combo = QComboBox()
        for key, text in MISSING_APPLICANT.items():
            self.missing_combo.addItem(self.tr(text), key)
        self.missing_combo.currentIndexChanged.connect(lambda _i: self.initializePage())
        row.addWidget(self.missing_combo)
        row.addStretch()
        layout.addLayout(row)
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.table)

    def initializePage(self) -> None:
        self.wiz.import_result = None
        self.completeChanged.emit()
        self.summary.setText(self.tr("正在检查…"))
        actor, analysis, missing = self.wiz.ctx.actor, self.wiz.analysis, self.missing_combo.currentData()
        assert analysis is not None  # the file page lets the wizard on only once a file is analysed
        self.wiz.ctx.worker.submit(lambda: ledger_import.plan(actor, analysis, missing_applicant=missing),
                                   self._planned, self._failed)

    def _planned(self, result: ImportResult) -> None:
        self.wiz.import_result = result
        self.summary.setText("\n".join([result.summary(), *(f"{s.name}：{n}" for s in result.sheets
                                                            for n in s.notes())]))
        fill_account(self.table, result.rows)
        self.completeChanged.emit()

    def _failed(self, exc: BaseException, _tb: str = "") -> None:
        self.summary.setText(str(exc))

    def isComplete(self) -> bool:
        return self.wiz.import_result is not None and bool(self.wiz.import_result.importable())


class ResultPage(_Page):
    def __init__(self, wizard: LedgerImportWizard):
        super().__init__(wizard, "导入结果")
        layout = QVBoxLayout(self)
        self.progress = QProgressBar()
        layout.addWidget(self.progress)
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.table)
        self.done = False

    def initializePage(self) -> None:
        self.done = False
        actor, result, data = self.wiz.ctx.actor, self.wiz.import_result, self.wiz.ctx.data
        assert result is not None  # the preview page lets the wizard on only with an importable plan
        self.summary.setText(self.tr("正在导入…"))

        def backup_then_apply(progress: Progress) -> ImportResult:
            from zhongxin_desktop.services.safety import backups

            backups.backup_before(data, "pre-import", actor.username)  # an import can be undone by restore
            return ledger_import.apply(actor, result, progress)

        self.wiz.ctx.worker.submit(backup_then_apply, self._applied, self._failed, self._progress)

    def _progress(self, done: int, total: int, _text: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _applied(self, result: ImportResult) -> None:
        self.done = True
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.summary.setText(result.summary())
        fill_account(self.table, result.rows)
        self.wiz.ctx.bus.changed.emit("case")
        self.completeChanged.emit()

    def _failed(self, exc: BaseException, _tb: str = "") -> None:
        self.summary.setText(self.tr("导入失败，未写入任何数据：{0}").format(exc))
        self.done = True
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.done


class LedgerImportWizard(QWizard):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.analysis: Analysis | None = None
        self.import_result: ImportResult | None = None
        self.setWindowTitle(self.tr("导入旧台账"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        for button, text in ((QWizard.WizardButton.BackButton, "< 上一步"), (QWizard.WizardButton.NextButton, "下一步 >"),
                             (QWizard.WizardButton.CancelButton, "取消"), (QWizard.WizardButton.FinishButton, "完成")):
            self.setButtonText(button, self.tr(text))
        self.file_page, self.mapping_page = FilePage(self), MappingPage(self)
        self.preview_page, self.result_page = PreviewPage(self), ResultPage(self)
        for page in (self.file_page, self.mapping_page, self.preview_page, self.result_page):
            self.addPage(page)
        fit_to_screen(self, 980, 640)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
