"""Dialogs asking for what a workflow step needs (不予受理 reason and guidance, 交办 department and
feedback deadline, the department's reply, 重新调解 reason), a deadline extension and an overdue
reason. They only collect; the case detail view calls the services."""
from __future__ import annotations

from typing import Any

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout,
    QWidget,
)

from zhongxin_desktop.domain.workflow import REFERENCE_MAX, Action
from zhongxin_desktop.ui.searchable import make_searchable
from zhongxin_desktop.ui.qdates import day_of, to_qdate

DEPARTMENTS = ["派出所", "司法所", "自然资源所", "人社所（劳动保障）", "住建部门", "市场监管所", "村（居）委会",
               "人民法庭", "信访办", "检察院", "劳动人事争议仲裁委", "法律援助中心", "劳动保障监察大队"]
GUIDED_TO = ["已引导至人民法院起诉", "已引导申请劳动人事争议仲裁", "已引导至信访部门", "已引导至相关行政机关",
             "已引导报警处理"]

# action → list of (detail key, label, kind); kind: text / line / date / choice:<list name>
FIELDS: dict[str, list[tuple[str, str, str]]] = {
    Action.REJECT: [("reason", "不予受理原因", "text"), ("guided_to", "引导去向", "choice:guided")],
    Action.TRANSFER: [("department", "交办部门", "choice:departments"), ("feedback_due", "反馈期限", "date"),
                      ("reference", "对方编号（受理号、案号，可选）", "line"), ("instructions", "交办要求", "text")],
    Action.TRANSFER_RETURN: [("reply", "部门反馈", "text")],
    Action.TRANSFER_CONCLUDE: [("reply", "部门反馈（办结情况）", "text")],
    Action.TERMINATE: [("reason", "终止原因（已告知仲裁、行政、诉讼途径）", "text")],
    Action.REMEDIATE: [("reason", "重新调解原因", "text")],
    Action.SUCCEED: [("remark", "调解结果（如：达成书面协议）", "line")],
    "extend_deadline": [("new_due", "新的应结日期", "date"), ("reason", "延期原因（如：经双方当事人同意）", "text")],
    "overdue_reason": [("reason", "逾期原因", "text")],
}
REQUIRED = {"reason", "guided_to", "department", "feedback_due", "reply", "new_due"}
CHOICES = {"guided": GUIDED_TO, "departments": DEPARTMENTS}


class ActionDialog(QDialog):
    def __init__(self, action: str, title: str, parent: QWidget | None = None, *, due_on: dt.date | None = None,
                 current: str = ""):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.widgets: dict[str, QWidget] = {}
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        for key, label, kind in FIELDS.get(action, [("remark", "备注", "line")]):
            w: QWidget
            if kind == "date":
                w = date = QDateEdit()
                date.setCalendarPopup(True)
                date.setDisplayFormat("yyyy年M月d日")
                base = due_on if (key == "new_due" and due_on) else dt.date.today()
                date.setMinimumDate(to_qdate(dt.date.today()))
                date.setDate(to_qdate(base + dt.timedelta(days=7 if key == "feedback_due" else 15)))
            elif kind.startswith("choice:"):
                w = choice = QComboBox()
                choice.setEditable(True)
                choice.addItems(CHOICES[kind.split(":", 1)[1]])
                choice.setCurrentIndex(-1)
                make_searchable(choice, free_text=True)  # a department not listed may be typed
            elif kind == "text":
                w = text = QPlainTextEdit()
                text.setPlainText(current if key == "reason" and action == "overdue_reason" else "")
                text.setFixedHeight(80)
            else:
                w = line = QLineEdit()
                if key == "reference":
                    line.setMaxLength(REFERENCE_MAX)
            w.setObjectName(key)
            self.widgets[key] = w
            form.addRow(self.tr(label) + ("＊" if key in REQUIRED else ""), w)
        self.error = QLabel("")
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确定"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.labels = {key: label for key, label, _ in FIELDS.get(action, [("remark", "备注", "line")])}

    def set_value(self, key: str, value: dt.date | str) -> None:
        w = self.widgets[key]
        if isinstance(value, dt.date):
            assert isinstance(w, QDateEdit), key  # only a date field takes a date
            w.setDate(to_qdate(value))
        elif isinstance(w, QComboBox):
            w.setCurrentText(value)
        elif isinstance(w, QPlainTextEdit):
            w.setPlainText(value)
        elif isinstance(w, QLineEdit):
            w.setText(value)

    def values(self) -> dict[str, Any]:
        out: dict[str, dt.date | str] = {}
        for key, w in self.widgets.items():
            if isinstance(w, QDateEdit):
                out[key] = day_of(w.date())
            elif isinstance(w, QComboBox):
                out[key] = w.currentText().strip()
            elif isinstance(w, QPlainTextEdit):
                out[key] = w.toPlainText().strip()
            elif isinstance(w, QLineEdit):
                out[key] = w.text().strip()
        return out

    def _check(self) -> None:
        missing = [self.labels[k] for k, v in self.values().items() if k in REQUIRED and not str(v).strip()]
        if missing:
            self.error.setText(self.tr("请填写：") + "、".join(missing))
            self.widgets[next(k for k, v in self.values().items() if k in REQUIRED and not str(v).strip())].setFocus()
            return
        self.accept()
