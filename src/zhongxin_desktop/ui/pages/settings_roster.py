"""设置 › 调解组织 (township, Perm.MANAGE_USERS): the 人民调解委员会 and the 调解员 roster, which go
up to the county with the next bundle (no account or password goes with them)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton,
    QVBoxLayout, QWidget,
)

from zhongxin_desktop.services.settlement import rosters
from zhongxin_desktop.ui.context import AppContext
from zhongxin_desktop.ui.pages.settings_parts import (
    Submit,
    MessageLine, enable_on_selection, error_text, fill_table, make_table, selected_key,
)


class _FormDialog(QDialog):
    """A small form that saves through ``submit(values, done, failed)`` and stays open with the
    reason when the service refuses."""

    def __init__(self, parent: QWidget | None = None, submit: Submit | None = None) -> None:
        super().__init__(parent)
        self.submit = submit
        self.form = QFormLayout(self)

    def finish_form(self) -> None:
        self.error = QLabel("")
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        self.form.addRow(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        self.form.addRow(self.buttons)

    def _save(self) -> None:
        self.buttons.setEnabled(False)
        self.error.setText("")
        assert self.submit is not None  # the settings page makes its forms with their save
        self.submit(self.values(), self._saved, self._refused)

    def values(self) -> dict[str, Any]:  # each form says what it saves (CommitteeDialog, MediatorDialog)
        raise NotImplementedError

    def _saved(self, _result: object = None) -> None:
        self.buttons.setEnabled(True)
        self.accept()

    def _refused(self, exc: BaseException, _tb: str = "") -> None:
        self.buttons.setEnabled(True)
        self.error.setText(error_text(exc))


class CommitteeDialog(_FormDialog):
    def __init__(self, parent: QWidget | None = None, submit: Submit | None = None) -> None:
        super().__init__(parent, submit)
        self.setWindowTitle(self.tr("添加调委会"))
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("如：青山镇人民调解委员会"))
        self.kind = QComboBox()
        self.kind.addItems(rosters.COMMITTEE_KINDS)
        self.form.addRow(self.tr("名称"), self.name)
        self.form.addRow(self.tr("类别"), self.kind)
        self.finish_form()

    def values(self) -> dict[str, Any]:
        return {"name": self.name.text(), "kind": self.kind.currentText()}


class MediatorDialog(_FormDialog):
    def __init__(self, committees: list[str], parent: QWidget | None = None, submit: Submit | None = None) -> None:
        super().__init__(parent, submit)
        self.setWindowTitle(self.tr("添加调解员"))
        self.name = QLineEdit()
        self.sex = QComboBox()
        self.sex.addItems(["", *rosters.SEXES])
        self.duty = QComboBox()
        self.duty.addItems(rosters.DUTIES)
        self.duty.setCurrentText("调解员")
        self.phone = QLineEdit()
        self.committee = QComboBox()
        self.committee.addItems(["", *committees])
        if committees:
            self.committee.setCurrentIndex(1)
        self.trained = QCheckBox(self.tr("已参加人民调解员培训"))
        for label, widget in ((self.tr("姓名"), self.name), (self.tr("性别"), self.sex), (self.tr("职务"), self.duty),
                              (self.tr("联系电话"), self.phone), (self.tr("所属调委会"), self.committee),
                              ("", self.trained)):
            self.form.addRow(label, widget)
        self.finish_form()

    def values(self) -> dict[str, Any]:
        return {"name": self.name.text(), "sex": self.sex.currentText(), "duty": self.duty.currentText(),
                "phone": self.phone.text(), "committee": self.committee.currentText(),
                "trained": self.trained.isChecked()}


class RosterTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.data: dict[str, Any] = {"committees": [], "mediators": []}
        layout = QVBoxLayout(self)
        note = QLabel(self.tr("本乡镇的人民调解委员会和调解员名册随数据包报送县级，用于月报的调委会数、调解员数；"
                              "电话在县级显示为部分隐藏，登录账号和密码不会报送。"))
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(QLabel(self.tr("人民调解委员会")))
        self.committees = make_table([self.tr("名称"), self.tr("类别"), self.tr("状态"), self.tr("成员")])
        layout.addWidget(self.committees, 1)
        layout.addWidget(QLabel(self.tr("调解员")))
        self.mediators = make_table([self.tr("姓名"), self.tr("性别"), self.tr("职务"), self.tr("所属调委会"),
                                     self.tr("联系电话"), self.tr("状态"), self.tr("已培训")])
        layout.addWidget(self.mediators, 2)
        row = QHBoxLayout()
        self.add_committee_button = QPushButton(self.tr("添加调委会…"))
        self.add_mediator_button = QPushButton(self.tr("添加调解员…"))
        self.trained_button = QPushButton(self.tr("记为已培训"))
        self.leave_button = QPushButton(self.tr("记为离任"))
        self.add_committee_button.clicked.connect(self.add_committee)
        self.add_mediator_button.clicked.connect(self.add_mediator)
        self.trained_button.clicked.connect(lambda: self._set(trained=True))
        self.leave_button.clicked.connect(lambda: self._set(active=False))
        for b in (self.add_committee_button, self.add_mediator_button, self.trained_button, self.leave_button):
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)
        self.message = MessageLine()
        layout.addWidget(self.message)
        self._update_buttons = enable_on_selection(self.mediators, (self.trained_button, self.leave_button))

    def refresh(self) -> None:
        actor = self.ctx.actor
        self.ctx.worker.submit(lambda: rosters.roster(actor), self._show, self._failed)

    def _show(self, data: dict[str, Any]) -> None:
        self.data = data
        fill_table(self.committees, [(c["name"], c["kind"], self.tr("在册") if c["active"] else self.tr("已撤销"),
                                      "、".join(c["members"])) for c in data["committees"]],
                   keys=[c["id"] for c in data["committees"]])
        fill_table(self.mediators, [(m["name"], m["sex"], m["duty"], m["committee"], m["phone"],
                                     self.tr("在任") if m["active"] else self.tr("离任"),
                                     self.tr("是") if m["trained"] else self.tr("否")) for m in data["mediators"]],
                   keys=[m["id"] for m in data["mediators"]])
        self._update_buttons()

    def _failed(self, exc: BaseException, _tb: str = "") -> None:
        self.message.error(error_text(exc))

    def _submit(self, call: Callable[[dict[str, Any]], object], done_text: str) -> Submit:
        def submit(values: dict[str, Any], done: Callable[[], None],
                   failed: Callable[[BaseException, str], None]) -> None:
            def saved(_row: object) -> None:
                done()
                self.message.ok(done_text.format(name=values["name"].strip()))
                self.refresh()

            self.ctx.worker.submit(lambda: call(values), saved, failed)

        return submit

    def add_committee(self) -> None:
        actor = self.ctx.actor
        self.dialog: _FormDialog = CommitteeDialog(self, self._submit(lambda v: rosters.add_committee(actor, v["name"], v["kind"]),
                                                         self.tr("已添加调委会“{name}”，随下一个数据包报送县级")))
        self.dialog.open()

    def add_mediator(self) -> None:
        actor = self.ctx.actor
        names = [c["name"] for c in self.data["committees"] if c["active"]]
        self.dialog = MediatorDialog(names, self, self._submit(lambda v: rosters.add_mediator(actor, **v),
                                                               self.tr("已添加调解员“{name}”，随下一个数据包报送县级")))
        self.dialog.open()

    def _set(self, **change: bool) -> None:
        mediator_id = selected_key(self.mediators)
        if mediator_id is None:
            self.message.error(self.tr("请先在调解员列表中选择一人"))
            return
        actor = self.ctx.actor
        self.ctx.worker.submit(lambda: rosters.set_mediator(actor, mediator_id, **change), self._mediator_set,
                               self._failed)

    def _mediator_set(self, m: dict[str, Any]) -> None:
        self.message.ok(self.tr("已更新：") + m["name"])
        self.refresh()
