"""Import a grid-platform Excel export: choose the file, see the row-by-row account of a dry run,
then confirm to import for real. Both runs go through the database worker with progress."""
from __future__ import annotations

from typing import TYPE_CHECKING

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFileDialog, QHeaderView, QLabel, QProgressBar, QTableView, QVBoxLayout,
)

from zhongxin_desktop.domain.errors import DomainError
from zhongxin_desktop.services.gridwork import grid_import
from zhongxin_desktop.ui.row_table_model import CellsModel
from zhongxin_desktop.ui.worker import CancelledError, Progress
from zhongxin_desktop.ui.screen_fit import fit_to_screen

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget
    from zhongxin_desktop.ui.context import AppContext

OUTCOME_LABELS = {"imported": "导入", "updated": "更新", "skipped": "跳过"}


class GridImportDialog(QDialog):
    imported = Signal()  # the real import committed; the dialog stays open with its account

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.path: Path | None = None
        self.report: grid_import.ImportReport | None = None
        self._job: Progress | None = None  # the running import's Progress, to cancel it
        self.setWindowTitle(self.tr("从Excel导入网格数据"))
        layout = QVBoxLayout(self)
        self.info = QLabel(self.tr("请选择网格平台导出的 Excel 文件（网格名册、十联户名册或网格事件表）。"))
        self.info.setWordWrap(True)
        layout.addWidget(self.info)
        self.progress = QProgressBar()
        self.progress.hide()
        layout.addWidget(self.progress)
        self.model = CellsModel([self.tr("工作表"), self.tr("行"), self.tr("结果"), self.tr("说明")], self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        layout.addWidget(self.table, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.confirm = self.buttons.addButton(self.tr("确认导入"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.confirm.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.run_import)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 820, 560)

    def choose(self, path: str | None = None) -> None:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("选择Excel文件"), "", self.tr("Excel 文件 (*.xlsx)"))
        if not path:
            self.reject()
            return
        self.path = Path(path)
        self._run(dry_run=True)

    def _run(self, dry_run: bool) -> None:
        actor, path = self.ctx.actor, self.path
        assert path is not None  # chosen before the first run
        self.confirm.setEnabled(False)
        self.progress.show()
        self.info.setText(self.tr(f"正在检查 {path.name}…") if dry_run else self.tr(f"正在导入 {path.name}…"))
        self._job = self.ctx.worker.submit(
            lambda progress: grid_import.import_file(actor, path, dry_run=dry_run,
                                                     progress=lambda d, t: progress(d, t)),
            lambda report: self._show(report), self._failed, self._progressed)

    def _progressed(self, done: int, total: int, _text: str) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)

    def reject(self) -> None:
        """Cancel closes the dialog; a running import stops at its next progress report and its
        transaction rolls back, so nothing is half-written."""
        if self._job is not None:
            self._job.cancelled = True
        super().reject()

    def _show(self, report: grid_import.ImportReport) -> None:
        self._job = None
        self.report = report
        self.progress.hide()
        self.model.set_cells(
            [[r.sheet, str(r.row) if r.row else self.tr("整表"), OUTCOME_LABELS[r.outcome], r.reason] for r in report.rows],
            ["#c62828" if r.problem else None for r in report.rows])
        c = report.counts
        summary = self.tr(f"可导入 {c['imported']} 行，更新 {c['updated']} 行，跳过 {c['skipped']} 行"
                          f"（其中有问题 {report.problems} 行，红色标出，原因见下表）。")
        if report.dry_run:
            self.info.setText(self.tr("检查完成（尚未写入）：") + summary)
            self.confirm.setEnabled(c["imported"] + c["updated"] > 0)
        else:
            self.info.setText(self.tr("已导入：") + summary)
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("关闭"))
            self.imported.emit()

    def run_import(self) -> None:
        if self.report is not None and self.report.dry_run:
            self._run(dry_run=False)

    def _failed(self, exc: BaseException, tb: str) -> None:
        self._job = None
        self.progress.hide()
        if isinstance(exc, CancelledError):
            return
        self.info.setText((self.tr("无法导入：") + str(exc)) if isinstance(exc, DomainError)
                          else self.tr("导入失败（程序错误，已写入日志）：") + str(exc))
