"""协议书: every agreement with its status; draw up, edit, preview and print, record signing,
attach the signed scan, freeze, correct into a new version, verify a QR code."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QBoxLayout, QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton,
    QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from zhongxin_desktop.domain.dates import cn_date
from zhongxin_desktop.services.settlement import agreements, followups, mediation_lists
from zhongxin_desktop.services.casework import attachments
from zhongxin_desktop.ui import agreement_steps, ops
from zhongxin_desktop.ui.empty_hint import set_empty_hint
from zhongxin_desktop.ui.dialogs.confirmation_dialog import ConfirmationDialog
from zhongxin_desktop.ui.dialogs.print_preview import PrintPreviewDialog
from zhongxin_desktop.ui.dialogs.verify_dialog import VerifyDialog
from zhongxin_desktop.ui.pages.base import Page
from zhongxin_desktop.ui.pages.page_parts import heading, message_label
from zhongxin_desktop.ui.pages.table_util import fit_columns
from zhongxin_desktop.ui.pdf_pages import image_pdf
from zhongxin_desktop.ui.print_flow import open_preview
from zhongxin_desktop.ui.searchable import make_searchable

if TYPE_CHECKING:
    from zhongxin_desktop.services.actor import Actor
    from zhongxin_desktop.ui.context import AppContext

COLUMNS = ["协议编号", "案件编号", "形式", "版本", "状态", "生效日期", "当事人", "金额（元）"]
STATUS_COLORS = {"draft": "#757575", "printed": "#1565c0", "signed": "#2e7d32", "frozen": "#000000",
                 "superseded": "#9e9e9e"}


def load_rows(actor: Actor, include_superseded: bool) -> dict[str, Any]:
    return mediation_lists.agreement_board(actor, include_superseded)



class AgreementsPage(Page):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.rows: list[dict[str, Any]] = []
        self.people: list[str] = []
        self.editor: ops.Form | None = None
        self.preview_dialog: PrintPreviewDialog | None = None
        self.verify_dialog: VerifyDialog | None = None
        self.confirm_dialog: ConfirmationDialog | None = None
        layout = QVBoxLayout(self)
        head = heading(self.tr("协议书"))
        self.case_box = QComboBox()
        self.case_box.setMinimumWidth(260)
        make_searchable(self.case_box)  # by number or a party's name
        head.addWidget(QLabel(self.tr("调解中的案件")))
        head.addWidget(self.case_box)
        self.new_button = self._button(head, self.tr("新建协议"), self.new_agreement)
        self.verify_button = self._button(head, self.tr("核验二维码"), self.open_verify)
        # In the heading row, not the action row: the action row must fit a 1024-pixel screen.
        self.show_old = QCheckBox(self.tr("显示已取代的版本"))
        self.show_old.toggled.connect(self.refresh)
        head.addWidget(self.show_old)
        layout.addLayout(head)
        actions = QHBoxLayout()
        self.edit_button = self._button(actions, self.tr("编辑"), self.edit_selected)
        self.print_button = self._button(actions, self.tr("预览/打印"), self.preview_selected)
        self.signing_button = self._button(actions, self.tr("打印签署本"), self.print_signing_copy)
        actions.addWidget(QLabel(self.tr("生效日期")))
        self.sign_date = QDateEdit(QDate.currentDate())
        self.sign_date.setCalendarPopup(True)
        self.sign_date.setDisplayFormat("yyyy年M月d日")
        actions.addWidget(self.sign_date)
        self.sign_button = self._button(actions, self.tr("登记签署"), self.sign_selected)
        actions.addStretch()
        layout.addLayout(actions)
        # after signing, on a row of its own: one row of every step would not fit a 1024-pixel screen
        signed = QHBoxLayout()
        self.attach_button = self._button(signed, self.tr("附加扫描件…"), self.choose_scan)
        self.freeze_button = self._button(signed, self.tr("锁定"), self.freeze_selected)
        self.correct_button = self._button(signed, self.tr("更正（新版本）"), self.correct_selected)
        self.confirm_button = self._button(signed, self.tr("司法确认…"), self.record_confirmation)
        signed.addStretch()
        layout.addLayout(signed)
        split = QSplitter(Qt.Orientation.Vertical)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.itemSelectionChanged.connect(self._show_detail)
        split.addWidget(self.table)
        detail = QWidget()
        dl = QHBoxLayout(detail)
        self.detail = QLabel("")
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        dl.addWidget(self.detail, 2)
        scans = QVBoxLayout()
        scans.addWidget(QLabel(self.tr("签字扫描件")))
        self.scans = QListWidget()
        set_empty_hint(self.scans, self.tr("尚无扫描件。签署后点“附加扫描件…”。"))
        self.scans.itemActivated.connect(self.open_scan)
        scans.addWidget(self.scans)
        dl.addLayout(scans, 1)
        split.addWidget(detail)
        layout.addWidget(split, 1)
        self.message = message_label()
        layout.addWidget(self.message)

    @staticmethod
    def _button(layout: QBoxLayout, text: str, slot: Callable[[], None]) -> QPushButton:
        b = QPushButton(text)
        b.clicked.connect(slot)
        layout.addWidget(b)
        return b

    # data ------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        actor, old = self.ctx.actor, self.show_old.isChecked()
        ops.run(self.ctx, lambda: load_rows(actor, old), self._fill, message=None)

    def _fill(self, data: dict[str, Any]) -> None:
        selected = self.selected()
        self.rows, self.people = data["rows"], data["people"]
        current_case = self.case_box.currentData()
        self.case_box.clear()
        for case_id, label in data["cases"]:
            self.case_box.addItem(label, case_id)
        if current_case:
            self.case_box.setCurrentIndex(max(0, self.case_box.findData(current_case)))
        self.table.setRowCount(len(self.rows))
        for r, d in enumerate(self.rows):
            values = [d["number"], d["case_no"], d["kind_label"], f"第{d['version']}版", d["status_label"],
                      cn_date(d["signed_on"]), d["parties"], f"{Decimal(str(d['amount'] or 0)):,.2f}"]
            for c, v in enumerate(values):
                item = QTableWidgetItem(str(v))
                item.setData(Qt.ItemDataRole.UserRole, d["id"])
                if c == 4:
                    item.setForeground(QBrush(QColor(STATUS_COLORS.get(d["status"], "#000"))))
                if c == len(values) - 1:  # money reads right-aligned, with thousands separators
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        fit_columns(self.table)
        if selected:
            self.select(selected["id"])
        self._show_detail()

    def selected(self) -> dict[str, Any] | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.rows[rows[0].row()] if rows and rows[0].row() < len(self.rows) else None

    def select(self, agreement_id: str) -> None:
        for r, d in enumerate(self.rows):
            if d["id"] == agreement_id:
                self.table.selectRow(r)
                return

    def _show_detail(self) -> None:
        d = self.selected()
        self.scans.clear()
        status = d["status"] if d else None
        for b, ok in ((self.edit_button, status in agreements.EDITABLE), (self.print_button, d is not None),
                      (self.signing_button, status in agreements.EDITABLE),
                      (self.sign_button, status == "printed"), (self.attach_button, status in ("signed", "frozen")),
                      (self.freeze_button, status == "signed"), (self.correct_button, status in ("signed", "frozen")),
                      (self.confirm_button, d is not None and status in ("signed", "frozen") and d["kind"] == "written")):
            b.setEnabled(bool(ok))
        if d is None:
            self.detail.setText(self.tr("选择一份协议查看详情。"))
            return
        clauses = "<br/>".join(f"{i}. {c}" for i, c in enumerate(d["clauses"], 1))
        extra = f"<br/><b>更正理由：</b>{d['correction_reason']}" if d["correction_reason"] else ""
        step = self.tr(agreement_steps.NEXT_STEP.get(d["status"], ""))
        step = f"<br/><span style='color:#1565c0'>{step}</span>" if step else ""
        self.detail.setText(f"<b>{d['number']}</b>（{d['status_label']}）{step}<br/><b>纠纷事实：</b>{d['facts']}"
                            f"<br/><b>协议内容：</b><br/>{clauses}<br/><b>履行：</b>{d['performance']}{extra}")
        for att_id, name, mime in d["scans"]:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, (att_id, mime))
            self.scans.addItem(item)

    # actions ---------------------------------------------------------------------------------------
    def new_agreement(self) -> None:
        case_id = self.case_box.currentData()
        if not case_id:
            self.message.setText(self.tr("没有调解中的案件。请先在“调解”页面记录调解。"))
            return
        actor, label = self.ctx.actor, self.case_box.currentText()
        ops.run(self.ctx, lambda: mediation_lists.agreement_start(actor, case_id), lambda start: self._open_editor(
            label, start, False, lambda data, _reason: agreements.create(actor, case_id, data)),
            message=self.message)

    def edit_selected(self) -> None:
        d = self.selected()
        if d:
            actor = self.ctx.actor
            self._open_editor(d["case_no"], agreement_steps.input_from(d), False,
                              lambda data, _reason: agreements.update(actor, d["id"], data))

    def correct_selected(self) -> None:
        d = self.selected()
        if d:
            actor = self.ctx.actor
            self._open_editor(d["case_no"], agreement_steps.input_from(d), True,
                              lambda data, reason: agreements.correct(actor, d["id"], reason, data))

    def _open_editor(self, case_label: str, initial: agreements.AgreementInput | None, correction: bool,
                     call: Callable[[agreements.AgreementInput, str], Any]) -> None:
        agreement_steps.open_editor(self, case_label, self.people, initial, correction, call)

    def preview_selected(self) -> None:
        d = self.selected()
        if d:
            open_preview(self, self.ctx, "oral-agreement" if d["kind"] == "oral" else "agreement", d["case_id"],
                         version=d["version"], message=self.message, on_recorded=lambda _: self.refresh())

    def print_signing_copy(self) -> None:
        d = self.selected()
        if d:
            open_preview(self, self.ctx, "oral-agreement" if d["kind"] == "oral" else "agreement", d["case_id"],
                         version=d["version"], message=self.message, on_recorded=lambda _: self.refresh(),
                         signing=True)

    def sign_selected(self) -> None:
        d = self.selected()
        if d:
            q = self.sign_date.date()
            agreement_steps.sign(self, d, dt.date(q.year(), q.month(), q.day()), lambda _: self.refresh())

    def choose_scan(self) -> None:
        path = agreement_steps.choose_scan(self)
        if path:
            self.attach_scan(path)

    def attach_scan(self, path: str) -> None:
        d = self.selected()
        if d:
            agreement_steps.attach_scan(self, d, path, lambda _: self.refresh())

    def freeze_selected(self) -> None:
        d = self.selected()
        if d:
            agreement_steps.freeze(self, d, lambda _: self.refresh())

    def record_confirmation(self) -> None:
        d = self.selected()
        if d:
            actor = self.ctx.actor
            self.confirm_dialog = ops.open_form(
                self, lambda submit: ConfirmationDialog(d["number"], submit, self),
                lambda on, court: followups.record_confirmation(actor, d["id"], on, court),
                self.tr("已登记司法确认申请"))

    def open_scan(self, item: QListWidgetItem) -> None:
        att_id, mime = item.data(Qt.ItemDataRole.UserRole)
        actor = self.ctx.actor
        ops.run(self.ctx, lambda: attachments.open_bytes(actor, att_id), lambda data: self._show_scan(data, mime,
                                                                                                      item.text()),
                message=self.message)

    def _show_scan(self, data: bytes, mime: str, name: str) -> None:
        pdf = data if mime == "application/pdf" else image_pdf(data)
        self.preview_dialog = PrintPreviewDialog(pdf, name, None, name if name.endswith(".pdf") else f"{name}.pdf", self)
        self.preview_dialog.open()

    def open_verify(self) -> None:
        self.verify_dialog = VerifyDialog(self.ctx, self)
        self.verify_dialog.open()

