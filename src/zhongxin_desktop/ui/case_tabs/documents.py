"""The documents area's tabs in the case detail view: 调解记录, 协议书 (every version, printable),
回访, 附件 (signed scans, viewable). Lists come from the read-only defaults; these add the
actions a clerk needs right there in the case: record a session, draw up, print, sign, scan in
and lock the agreement, record a follow-up — the common path never leaves the case."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from zhongxin_desktop.domain.dates import cn_date, cn_stamp
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.services.settlement import agreements, followups, mediation, mediation_lists
from zhongxin_desktop.services.casework import attachments
from zhongxin_desktop.ui import agreement_steps, ops
from zhongxin_desktop.ui.case_tabs import basic
from zhongxin_desktop.ui.context import AppContext
from zhongxin_desktop.ui.dialogs.attachment_dialog import AttachmentDialog
from zhongxin_desktop.ui.dialogs.followup_dialog import FollowUpDialog
from zhongxin_desktop.ui.dialogs.print_preview import PrintPreviewDialog
from zhongxin_desktop.ui.dialogs.session_dialog import SessionDialog
from zhongxin_desktop.ui.pdf_pages import image_pdf
from zhongxin_desktop.ui.print_flow import open_preview

if TYPE_CHECKING:
    from zhongxin_desktop.services.actor import Actor
    from zhongxin_desktop.services.results import AttachmentRecord, MediationSessionRecord

    _Tab = basic.ListTab  # what the mixin is mixed into, for the type checker
else:
    _Tab = object


class _WithActions(_Tab):
    """Adds a row of buttons and a message line under a default list tab."""

    action_buttons: Sequence[tuple[str, str] | None] = []  # (label, method name); None starts a second row
    on_selected_row: tuple[str, ...] = ()  # methods that act on the selected row
    on_any_row: tuple[str, ...] = ()  # methods that print the list: nothing to print while it is empty
    editor: ops.Form | None = None  # the form open from this tab (ops.open_form keeps it here)
    case_label = ""  # the case's number, set by the case page: dialog titles say which case

    def _add_actions(self) -> None:
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        self.rows_of_buttons = [row]
        for entry in self.action_buttons:
            if entry is None:
                row.addStretch()
                row = QHBoxLayout()
                self.rows_of_buttons.append(row)
                continue
            label, method = entry
            b = QPushButton(self.tr(label))
            b.setObjectName(method)
            b.clicked.connect(getattr(self, method))
            row.addWidget(b)
            self.buttons[method] = b
        row.addStretch()
        self.message = QLabel("")
        self.message.setWordWrap(True)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)  # a list tab's own layout
        for row in self.rows_of_buttons:
            layout.addLayout(row)
        layout.addWidget(self.message)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def refresh(self) -> None:
        """After a form opened here saved (ops.open_form): the whole case page shows it."""
        self.changed.emit(self.kind)

    def _show(self, rows: list[list[str]]) -> None:
        super()._show(rows)
        self._update_buttons()

    def _selected_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def _update_buttons(self) -> None:
        chosen = self._selected_row() >= 0
        for method in self.on_selected_row:
            self.buttons[method].setEnabled(chosen)
        for method in self.on_any_row:
            self.buttons[method].setEnabled(self.table.rowCount() > 0)

    def _preview(self, kind: str, version: int | None = None, signing: bool = False) -> None:
        open_preview(self, self.ctx, kind, self.case_id, version=version, message=self.message,
                     on_recorded=lambda _: self.reload(), signing=signing)


class SessionsTab(_WithActions, basic.SessionsTab):
    action_buttons = [("记录调解…", "record_session"), ("打印调解记录", "print_record"),
               ("打印权利义务告知书", "print_notice"), ("打印受理登记表", "print_registration")]
    on_any_row = ("print_record",)

    def __init__(self, ctx: AppContext, case_id: str, parent: QWidget | None = None):
        super().__init__(ctx, case_id, parent)
        self._add_actions()
        self.buttons["record_session"].setEnabled(ctx.actor.can(Perm.MEDIATE))

    def record_session(self) -> None:
        actor, label = self.ctx.actor, self.case_label
        ops.run(self.ctx, lambda: mediation_lists.people(actor), lambda people: self._open_session(label, people),
                message=self.message)

    def _open_session(self, label: str, people: dict[str, Any]) -> None:
        actor, case_id = self.ctx.actor, self.case_id
        self.editor = ops.open_form(
            self, lambda submit: SessionDialog(label, people["ids"], submit, actor.user_id, self),
            lambda data: mediation.add_session(actor, case_id, data), self.tr("已记录调解"), self._session_saved)

    def _session_saved(self, session: MediationSessionRecord) -> None:
        if session.result == "agreed":  # the next step is the agreement: the case page offers it
            self.changed.emit("agreed")

    def print_record(self) -> None:
        self._preview("record")

    def print_notice(self) -> None:
        self._preview("notice")

    def print_registration(self) -> None:
        self._preview("registration")


class AgreementsTab(_WithActions, basic.AgreementsTab):
    """Every version of the case's agreement; the newest is chosen after each step, so the next
    step is one click away."""
    action_buttons = [("新建协议…", "new_agreement"), ("编辑", "edit_selected"), ("预览/打印所选版本", "print_selected"),
               ("打印签署本", "print_signing_copy"), ("登记签署", "sign_selected"), ("附加扫描件…", "choose_scan"),
               ("锁定", "freeze_selected"), None,
               ("更正（新版本）", "correct_selected"), ("打印司法确认申请书", "print_confirmation"),
               ("打印卷宗", "print_dossier")]
    on_selected_row = ("print_selected",)
    rows: list[dict[str, Any]] = []
    people: list[str] = []

    def __init__(self, ctx: AppContext, case_id: str, parent: QWidget | None = None):
        super().__init__(ctx, case_id, parent)
        self.table.setSelectionBehavior(self.table.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(self.table.SelectionMode.SingleSelection)
        self._add_actions()
        sign_row = self.rows_of_buttons[0]
        self.sign_date = QDateEdit(QDate.currentDate())
        self.sign_date.setCalendarPopup(True)
        self.sign_date.setDisplayFormat("yyyy年M月d日")
        self.sign_date.setToolTip(self.tr("生效日期：各方签字的日期"))
        sign_row.insertWidget(sign_row.indexOf(self.buttons["sign_selected"]), self.sign_date)

    def reload(self) -> None:
        actor, case_id = self.ctx.actor, self.case_id
        self.ctx.worker.submit(lambda: (mediation_lists.case_agreements(actor, case_id),
                                        mediation_lists.people(actor)["names"]), self._show_rows)

    def _show_rows(self, loaded: tuple[list[dict[str, Any]], list[str]]) -> None:
        self.rows, self.people = loaded
        self._show([[d["number"], d["kind_label"], f"第{d['version']}版", d["status_label"], cn_date(d["signed_on"]),
                     f"{Decimal(str(d['amount'] or 0)):,.2f}"] for d in self.rows])
        current = [r for r, d in enumerate(self.rows) if d["status"] != "superseded"]
        if current:
            self.table.selectRow(current[-1])

    def selected(self) -> dict[str, Any] | None:
        row = self._selected_row()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def _update_buttons(self) -> None:
        super()._update_buttons()
        d = self.selected() if hasattr(self, "buttons") else None
        status: str | None = d["status"] if d else None
        actor = self.ctx.actor
        for method, ok in (("new_agreement", not any(r["status"] != "superseded" for r in self.rows)),
                           ("edit_selected", status in agreements.EDITABLE),
                           ("print_signing_copy", status in agreements.EDITABLE), ("sign_selected", status == "printed"),
                           ("choose_scan", status in ("signed", "frozen")), ("freeze_selected", status == "signed"),
                           ("correct_selected", status in ("signed", "frozen"))):
            self.buttons[method].setEnabled(ok and actor.can(Perm.MEDIATE))
        self.buttons["print_confirmation"].setEnabled(status in ("signed", "frozen"))
        step = agreement_steps.NEXT_STEP.get(status, "") if status is not None else ""
        if step and not self.message.text():
            self.message.setStyleSheet("color: #1565c0;")
            self.message.setText(self.tr(step))

    def _after(self, _result: object = None) -> None:
        self.message.setText("")
        self.refresh()

    def new_agreement(self) -> None:
        actor, case_id = self.ctx.actor, self.case_id
        label = self.case_label
        ops.run(self.ctx, lambda: mediation_lists.agreement_start(actor, case_id), lambda start: (
            agreement_steps.open_editor(self, label, self.people, start, False,
                                        lambda data, _reason: agreements.create(actor, case_id, data))),
            message=self.message)

    def edit_selected(self) -> None:
        d = self.selected()
        if d:
            actor = self.ctx.actor
            agreement_steps.open_editor(self, d["number"], self.people, agreement_steps.input_from(d), False,
                                        lambda data, _reason: agreements.update(actor, d["id"], data))

    def correct_selected(self) -> None:
        d = self.selected()
        if d:
            actor = self.ctx.actor
            agreement_steps.open_editor(self, d["number"], self.people, agreement_steps.input_from(d), True,
                                        lambda data, reason: agreements.correct(actor, d["id"], reason, data))

    def print_selected(self) -> None:
        self._print_selected(signing=False)

    def print_signing_copy(self) -> None:
        """The paper the parties sign, for an unsigned version (a signed one is refused, saying so)."""
        self._print_selected(signing=True)

    def _print_selected(self, signing: bool) -> None:
        d = self.selected()
        if d is None:
            self.message.setText(self.tr("请先选择一个协议版本。"))
            return
        self._preview("oral-agreement" if d["kind"] == "oral" else "agreement", d["version"], signing=signing)

    def sign_selected(self) -> None:
        d = self.selected()
        if d:
            q = self.sign_date.date()
            agreement_steps.sign(self, d, dt.date(q.year(), q.month(), q.day()), self._after)

    def choose_scan(self) -> None:
        path = agreement_steps.choose_scan(self)
        if path:
            self.attach_scan(path)

    def attach_scan(self, path: str) -> None:
        """The scan of the signed paper is what locking waits for: once it is in, the lock is
        offered at once (the same question as the 锁定 button)."""
        d = self.selected()
        if d:
            agreement_steps.attach_scan(self, d, path, lambda _: self._scanned(d))

    def _scanned(self, d: dict[str, Any]) -> None:
        self._after()
        if d["status"] == "signed":
            agreement_steps.freeze(self, d, self._after)

    def freeze_selected(self) -> None:
        d = self.selected()
        if d:
            agreement_steps.freeze(self, d, self._after)

    def print_confirmation(self) -> None:
        self._preview("confirmation")

    def print_dossier(self) -> None:
        self._preview("dossier")


class FollowUpsTab(_WithActions, basic.FollowUpsTab):
    action_buttons = [("记录回访…", "record_followup"), ("打印回访记录", "print_followup")]
    on_any_row = ("print_followup",)

    def __init__(self, ctx: AppContext, case_id: str, parent: QWidget | None = None):
        super().__init__(ctx, case_id, parent)
        self._add_actions()
        self.buttons["record_followup"].setEnabled(ctx.actor.can(Perm.MEDIATE))

    def record_followup(self) -> None:
        """Recorded for this case and no other: after saving, the page stays on it."""
        actor, case_id = self.ctx.actor, self.case_id
        self.editor = ops.open_form(
            self, lambda submit: FollowUpDialog(self.case_label, actor.display_name, submit, self),
            lambda data: followups.record(actor, case_id, data), self.tr("已记录回访"))

    def print_followup(self) -> None:
        self._preview("followup")


def attachment_rows(actor: Actor, case_id: str) -> list[dict[str, Any]]:
    return [{"id": a["id"], "values": [a["title"], a["kind_label"], a["filename"], f"{a['size']:,}", a["added_by"],
                                       cn_stamp(a["added_at"]), a["sha256"][:16] + "…"],
             "mime": a["mime"], "name": a["filename"]}
            for a in attachments.case_attachments(actor, case_id)]


class AttachmentsTab(_WithActions, basic.AttachmentsTab):
    headers = ["名称", "类别", "文件", "大小（字节）", "添加人", "添加时间", "SHA-256"]
    action_buttons = [("查看/打印", "open_selected"), ("添加材料…", "add_paper")]
    on_selected_row = ("open_selected",)

    rows: list[dict[str, Any]] = []

    def __init__(self, ctx: AppContext, case_id: str, parent: QWidget | None = None):
        super().__init__(ctx, case_id, parent)
        self.table.setSelectionBehavior(self.table.SelectionBehavior.SelectRows)
        self.table.cellDoubleClicked.connect(lambda *_: self.open_selected())
        self._add_actions()

    def reload(self) -> None:
        actor, case_id = self.ctx.actor, self.case_id
        self.ctx.worker.submit(lambda: attachment_rows(actor, case_id), self._show_rows)

    def _show_rows(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows
        self._show([r["values"] for r in rows])

    def open_selected(self) -> None:
        row = self._selected_row()
        if not 0 <= row < len(self.rows):
            self.message.setText(self.tr("请先选择一个附件。"))
            return
        r, actor = self.rows[row], self.ctx.actor
        ops.run(self.ctx, lambda: attachments.open_bytes(actor, r["id"]), lambda data: self._show_file(data, r),
                message=self.message)

    def add_paper(self) -> None:
        """身份证明, 资格证明, 授权委托书, 证据材料 …: filed with the case for the 卷宗 and the 申请书's 附."""
        actor, case_id = self.ctx.actor, self.case_id

        def submit(kind: str, title: str, path: str) -> None:
            ops.run(self.ctx, lambda: attachments.attach(actor, case_id, path, kind=kind, title=title), saved,
                    on_refused=self.paper_dialog.refused)

        def saved(att: AttachmentRecord) -> None:
            self.paper_dialog.accept()
            self.message.setText(self.tr("已添加：{t}（{f}）").format(t=att.title, f=att.filename))
            self.ctx.bus.changed.emit("case")
            self.reload()

        self.paper_dialog = AttachmentDialog(submit, self)
        self.paper_dialog.open()

    def _show_file(self, data: bytes, r: dict[str, Any]) -> None:
        pdf = data if r["mime"] == "application/pdf" else image_pdf(data)
        self.preview_dialog = PrintPreviewDialog(pdf, r["name"], None, r["name"], self)
        self.preview_dialog.open()
