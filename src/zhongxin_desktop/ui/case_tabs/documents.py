"""The documents area's tabs in the case detail view: 调解记录, 协议书 (every version, printable),
回访, 附件 (signed scans, viewable). Lists come from the read-only defaults; these add the
actions a clerk needs right there in the case."""
from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from zhongxin_desktop.domain.dates import cn_stamp
from zhongxin_desktop.services import attachments
from zhongxin_desktop.ui import ops
from zhongxin_desktop.ui.case_tabs import basic
from zhongxin_desktop.ui.context import AppContext
from zhongxin_desktop.ui.dialogs.attachment_dialog import AttachmentDialog
from zhongxin_desktop.ui.dialogs.print_preview import PrintPreviewDialog
from zhongxin_desktop.ui.pdf_pages import image_pdf
from zhongxin_desktop.ui.print_flow import open_preview


class _WithActions:
    """Adds a row of buttons and a message line under a default list tab."""

    actions: list[tuple[str, str]] = []  # (label, method name)
    on_selected_row: tuple[str, ...] = ()  # methods that act on the selected row
    on_any_row: tuple[str, ...] = ()  # methods that print the list: nothing to print while it is empty

    def _add_actions(self) -> None:
        row = QHBoxLayout()
        self.buttons = {}
        for label, method in self.actions:
            b = QPushButton(self.tr(label))
            b.clicked.connect(getattr(self, method))
            row.addWidget(b)
            self.buttons[method] = b
        row.addStretch()
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.layout().addLayout(row)
        self.layout().addWidget(self.message)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self._update_buttons()

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
    actions = [("打印调解记录", "print_record"), ("打印权利义务告知书", "print_notice"),
               ("打印受理登记表", "print_registration")]
    on_any_row = ("print_record",)

    def __init__(self, ctx: AppContext, case_id: str, parent: QWidget | None = None):
        super().__init__(ctx, case_id, parent)
        self._add_actions()

    def print_record(self) -> None:
        self._preview("record")

    def print_notice(self) -> None:
        self._preview("notice")

    def print_registration(self) -> None:
        self._preview("registration")


class AgreementsTab(_WithActions, basic.AgreementsTab):
    actions = [("预览/打印所选版本", "print_selected"), ("打印签署本", "print_signing_copy"),
               ("打印司法确认申请书", "print_confirmation"), ("打印卷宗", "print_dossier")]
    on_selected_row = ("print_selected", "print_signing_copy")

    def __init__(self, ctx: AppContext, case_id: str, parent: QWidget | None = None):
        super().__init__(ctx, case_id, parent)
        self.table.setSelectionBehavior(self.table.SelectionBehavior.SelectRows)
        self._add_actions()

    def print_selected(self) -> None:
        self._print_row(signing=False)

    def print_signing_copy(self) -> None:
        """The paper the parties sign, for an unsigned version (a signed one is refused, saying so)."""
        self._print_row(signing=True)

    def _print_row(self, signing: bool) -> None:
        row = self._selected_row()
        if row < 0:
            self.message.setText(self.tr("请先选择一个协议版本。"))
            return
        oral = self.table.item(row, 1).text() == "口头"
        self._preview("oral-agreement" if oral else "agreement", int(self.table.item(row, 2).text()), signing=signing)

    def print_confirmation(self) -> None:
        self._preview("confirmation")

    def print_dossier(self) -> None:
        self._preview("dossier")


class FollowUpsTab(_WithActions, basic.FollowUpsTab):
    actions = [("打印回访记录", "print_followup")]
    on_any_row = ("print_followup",)

    def __init__(self, ctx: AppContext, case_id: str, parent: QWidget | None = None):
        super().__init__(ctx, case_id, parent)
        self._add_actions()

    def print_followup(self) -> None:
        self._preview("followup")


def attachment_rows(actor, case_id: str) -> list[dict]:
    return [{"id": a["id"], "values": [a["title"], a["kind_label"], a["filename"], f"{a['size']:,}", a["added_by"],
                                       cn_stamp(a["added_at"]), a["sha256"][:16] + "…"],
             "mime": a["mime"], "name": a["filename"]}
            for a in attachments.case_attachments(actor, case_id)]


class AttachmentsTab(_WithActions, basic.AttachmentsTab):
    headers = ["名称", "类别", "文件", "大小（字节）", "添加人", "添加时间", "SHA-256"]
    actions = [("查看/打印", "open_selected"), ("添加材料…", "add_paper")]
    on_selected_row = ("open_selected",)

    rows: list[dict] = []

    def __init__(self, ctx: AppContext, case_id: str, parent: QWidget | None = None):
        super().__init__(ctx, case_id, parent)
        self.table.setSelectionBehavior(self.table.SelectionBehavior.SelectRows)
        self.table.cellDoubleClicked.connect(lambda *_: self.open_selected())
        self._add_actions()

    def reload(self) -> None:
        actor, case_id = self.ctx.actor, self.case_id
        self.ctx.worker.submit(lambda: attachment_rows(actor, case_id), self._show_rows)

    def _show_rows(self, rows: list[dict]) -> None:
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

        def saved(att) -> None:
            self.paper_dialog.accept()
            self.message.setText(self.tr("已添加：{t}（{f}）").format(t=att.title, f=att.filename))
            self.ctx.bus.changed.emit("case")
            self.reload()

        self.paper_dialog = AttachmentDialog(submit, self)
        self.paper_dialog.open()

    def _show_file(self, data: bytes, r: dict) -> None:
        pdf = data if r["mime"] == "application/pdf" else image_pdf(data)
        self.preview_dialog = PrintPreviewDialog(pdf, r["name"], None, r["name"], self)
        self.preview_dialog.open()
