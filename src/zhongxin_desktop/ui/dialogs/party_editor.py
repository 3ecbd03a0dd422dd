"""One party in the registration form: natural or legal person, with an optional agent.

The ID number is checked as it is typed (GB 11643): when it is complete and valid, sex and birth
date are filled in from it; a wrong check character is named at the field at once."""
from __future__ import annotations

from typing import TYPE_CHECKING

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox, QComboBox, QDateEdit, QGridLayout, QGroupBox, QLabel, QLineEdit, QPlainTextEdit, QPushButton,
    QVBoxLayout, QWidget,
)

from zhongxin_desktop.domain import idnumber, phone
from zhongxin_desktop.domain.case_input import PartyInput
from zhongxin_desktop.domain.vocab import PARTY_KINDS, PARTY_ROLES, SEXES
from zhongxin_desktop.ui.qdates import day_of, to_qdate

if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent

EMPTY_DATE = QDate(1900, 1, 1)  # shown blank (specialValueText): "not given"
ERROR_STYLE = "color: #c62828;"
ETHNICITIES = ["汉族", "苗族", "布依族", "侗族", "土家族", "彝族", "仡佬族", "水族", "回族", "白族", "瑶族", "壮族",
               "满族", "蒙古族", "藏族", "维吾尔族", "其他"]


class FieldErrors:
    """Red text under each field, found by the field's Chinese label (as domain errors name it)."""

    def __init__(self) -> None:
        self.labels: dict[str, QLabel] = {}
        self.widgets: dict[str, QWidget] = {}
        # Called with the field's name when the clerk changes a field that showed an error.
        self.on_edit: Callable[[str], None] | None = None

    def register(self, name: str, widget: QWidget, label: QLabel) -> None:
        if name not in self.widgets:
            _on_change(widget, lambda *_: self._edited(name))
        self.widgets[name] = widget
        self.labels[name] = label

    def _edited(self, name: str) -> None:
        """A corrected field loses its stale red text at once, not only at the next save."""
        if self.labels[name].isVisible():
            self.show(name, "")
            if self.on_edit is not None:
                self.on_edit(name)

    def show(self, name: str, message: str) -> bool:
        label = self.labels.get(name)
        if label is None:
            return False
        label.setText(f"{name}：{message}" if message else "")
        label.setVisible(bool(message))
        self.widgets[name].setStyleSheet("border: 1px solid #c62828;" if message else "")
        return True

    def clear(self) -> None:
        for name in self.labels:
            self.show(name, "")


def _on_change(widget: QWidget, slot: Callable[..., None]) -> None:
    if isinstance(widget, QDateEdit):
        widget.dateChanged.connect(slot)
    elif isinstance(widget, QComboBox):
        widget.currentIndexChanged.connect(slot)
        if widget.isEditable():
            widget.editTextChanged.connect(slot)
    elif isinstance(widget, (QLineEdit, QPlainTextEdit)):
        widget.textChanged.connect(slot)
    elif isinstance(widget, QAbstractSpinBox) and hasattr(widget, "valueChanged"):
        widget.valueChanged.connect(slot)


def error_label() -> QLabel:
    """Hidden until there is something to say, but its line is kept: the form does not jump
    (fields moving under the pointer) when the red text appears after 保存."""
    label = QLabel("")
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setText("字")  # the height of one line of red text, as the label lays it out
    label.setMinimumHeight(label.sizeHint().height())
    label.setText("")
    policy = label.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    label.setSizePolicy(policy)
    label.setVisible(False)
    return label


def level_cell(widget: QWidget) -> QWidget:
    """``widget`` in a cell shaped like a field's (blank title line above, error line below), so
    it sits level with the fields beside it in a form's grid."""
    cell = QWidget()
    v = QVBoxLayout(cell)
    v.setContentsMargins(0, 0, 0, 0)
    v.setSpacing(1)
    v.addWidget(QLabel("　"))  # a blank line as tall as a title (an ideographic space)
    v.addWidget(widget)
    v.addWidget(error_label())
    return cell


class DateField(QDateEdit):
    """Tab leaves the field, as in every other field of the form; ← and → move between 年, 月
    and 日. (Qt's own date field walks its parts with Tab and, while blank, keeps the focus.)"""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier:
            event.accept()
            self.focusNextPrevChild(event.key() == Qt.Key.Key_Tab and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            return
        super().keyPressEvent(event)

    def focusNextPrevChild(self, forward: bool) -> bool:
        return QWidget.focusNextPrevChild(self, forward)


def date_edit(optional: bool) -> QDateEdit:
    w = DateField()
    w.setCalendarPopup(True)
    w.setDisplayFormat("yyyy年M月d日")
    # no maximum: Qt would silently turn a typed future date into today; saving refuses it instead,
    # with the reason at the field
    if optional:
        w.setMinimumDate(EMPTY_DATE)
        w.setSpecialValueText(" ")
        w.setDate(EMPTY_DATE)
    else:
        w.setDate(QDate.currentDate())
    return w


def date_value(w: QDateEdit) -> dt.date | None:
    return None if w.date() == EMPTY_DATE and w.specialValueText() else day_of(w.date())


class PartyEditor(QGroupBox):
    remove_requested = Signal(object)

    def __init__(self, number: int, role: str = "申请人", parent: QWidget | None = None):
        super().__init__(parent)
        self.errors = FieldErrors()
        self.grid = QGridLayout(self)
        self.grid.setHorizontalSpacing(8)
        self.grid.setVerticalSpacing(2)
        self.role = QComboBox()
        self.role.addItems(PARTY_ROLES)
        self.role.setCurrentText(role)
        self.kind = QComboBox()
        for key, label in PARTY_KINDS.items():
            self.kind.addItem(label, key)
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("必填"))
        self.id_number = QLineEdit()
        self.id_number.setPlaceholderText(self.tr("18位，末位可为X；填后自动带出性别、出生日期"))
        self.id_number.setMaxLength(20)
        self.sex = QComboBox()
        self.sex.addItems([""] + SEXES)
        self.birth = date_edit(optional=True)
        self.ethnicity = QComboBox()
        self.ethnicity.setEditable(True)
        self.ethnicity.addItems(ETHNICITIES)
        self.phone = QLineEdit()
        self.phone.setPlaceholderText(self.tr("手机11位，或 0851-86812345"))
        self.occupation = QLineEdit()
        self.address = QLineEdit()
        self.legal_rep = QLineEdit()
        self.contact = QLineEdit()
        self.agent_name = QLineEdit()
        self.agent_phone = QLineEdit()
        self.credit_code = QLineEdit()
        self.credit_code.setPlaceholderText(self.tr("18位，见营业执照或登记证书"))
        self.credit_code.setMaxLength(24)
        self.legal_rep_title = QLineEdit()
        self.legal_rep_title.setPlaceholderText(self.tr("如：总经理、主任"))
        self.remove = QPushButton(self.tr("删除此当事人"))
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))
        for attr in ("role", "kind", "name", "id_number", "sex", "birth", "ethnicity", "phone", "occupation",
                     "address", "legal_rep", "contact", "agent_name", "agent_phone", "credit_code", "legal_rep_title"):
            getattr(self, attr).setObjectName(attr)
        self.remove.setObjectName("removeParty")
        layout = [  # row, col, label, widget, span
            (0, 0, "身份", self.role, 1), (0, 1, "类别", self.kind, 1), (0, 2, "姓名/名称", self.name, 1),
            (2, 0, "身份证号", self.id_number, 1), (2, 1, "性别", self.sex, 1), (2, 2, "出生日期", self.birth, 1),
            (2, 3, "民族", self.ethnicity, 1),
            (4, 0, "联系电话", self.phone, 1), (4, 1, "职业或职务", self.occupation, 1),
            (4, 2, "单位或住址", self.address, 2),
            (6, 0, "法定代表人", self.legal_rep, 1), (6, 1, "联系人", self.contact, 1),
            (6, 2, "代理人", self.agent_name, 1), (6, 3, "代理人电话", self.agent_phone, 1),
            (8, 0, "统一社会信用代码", self.credit_code, 1), (8, 1, "法定代表人职务", self.legal_rep_title, 1),
        ]
        self._labels: dict[str, QLabel] = {}
        for row, col, label, widget, span in layout:
            cell = QWidget()
            v = QVBoxLayout(cell)
            v.setContentsMargins(0, 0, 0, 0)
            v.setSpacing(1)
            title = QLabel(self.tr(label))
            self._labels[label] = title
            v.addWidget(title)
            v.addWidget(widget)
            err = error_label()
            v.addWidget(err)
            self.errors.register(label, widget, err)
            self.grid.addWidget(cell, row, col, 1, span, Qt.AlignmentFlag.AlignTop)
        self.errors.register("代理人电话", self.agent_phone, self.errors.labels["代理人电话"])
        self.grid.addWidget(level_cell(self.remove), 0, 3, Qt.AlignmentFlag.AlignTop)
        self.number = number
        self.renumber(number)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.id_number.textChanged.connect(self._id_typed)
        self.id_number.editingFinished.connect(lambda: self._id_typed(self.id_number.text(), final=True))
        self.phone.editingFinished.connect(lambda: self._check_phone(self.phone, "联系电话"))
        self.agent_phone.editingFinished.connect(lambda: self._check_phone(self.agent_phone, "代理人电话"))
        self._kind_changed()

    def focus_order(self) -> list[QWidget]:
        """The fields row by row, as they are shown (disabled ones are skipped by Tab itself); the
        delete button last, so that typing on never lands on it in the middle of a party."""
        return [self.role, self.kind, self.name, self.id_number, self.sex, self.birth, self.ethnicity,
                self.phone, self.occupation, self.address, self.legal_rep, self.contact, self.agent_name,
                self.agent_phone, self.remove]

    def renumber(self, number: int) -> None:
        self.number = number
        self.setTitle(self.tr("第{n}个当事人").format(n=number))

    def _kind_changed(self) -> None:
        natural = self.kind.currentData() == "natural"
        for w, label in ((self.id_number, "身份证号"), (self.sex, "性别"), (self.birth, "出生日期"),
                         (self.ethnicity, "民族")):
            w.setEnabled(natural)
        for w in (self.legal_rep, self.contact, self.credit_code, self.legal_rep_title):
            w.setEnabled(not natural)
        self._labels["姓名/名称"].setText(self.tr("姓名") if natural else self.tr("单位名称"))

    def _id_typed(self, text: str, final: bool = False) -> None:
        number = idnumber.normalize(text)
        if not number:
            self.errors.show("身份证号", "")
            return
        if len(number) < 18 and not final:
            self.errors.show("身份证号", "")
            return
        info, reason = idnumber.validate(number)
        if info is None:
            self.errors.show("身份证号", reason or "")
            return
        self.errors.show("身份证号", "")
        self.sex.setCurrentText(info.sex)
        self.birth.setDate(to_qdate(info.birth_date))
        self.errors.show("性别", "")
        self.errors.show("出生日期", "")

    def _check_phone(self, edit: QLineEdit, label: str) -> None:
        text = edit.text().strip()
        self.errors.show(label, (phone.validate(text) or "") if text else "")

    def set_value(self, p: PartyInput) -> None:
        """Show a stored party (correcting a case)."""
        self.role.setCurrentText(p.role)
        self.kind.setCurrentIndex(max(self.kind.findData(p.kind), 0))
        for attr in ("name", "id_number", "phone", "occupation", "address", "legal_rep", "contact", "agent_name",
                     "agent_phone"):
            getattr(self, attr).setText(getattr(p, attr) or "")
        self.sex.setCurrentText(p.sex or "")
        self.ethnicity.setCurrentText(p.ethnicity or "")
        self.birth.setDate(to_qdate(p.birth_date) if p.birth_date else EMPTY_DATE)

    def value(self) -> PartyInput:
        natural = self.kind.currentData() == "natural"
        return PartyInput(
            name=self.name.text().strip(), role=self.role.currentText(), kind=self.kind.currentData(),
            sex=self.sex.currentText() if natural else "", ethnicity=self.ethnicity.currentText().strip() if natural else "",
            birth_date=date_value(self.birth) if natural else None, occupation=self.occupation.text().strip(),
            address=self.address.text().strip(), phone=self.phone.text().strip(),
            id_number=self.id_number.text().strip() if natural else "",
            legal_rep="" if natural else self.legal_rep.text().strip(),
            contact="" if natural else self.contact.text().strip(),
            agent_name=self.agent_name.text().strip(), agent_phone=self.agent_phone.text().strip(),
            agent_kind=self._agent_kind(natural),
            credit_code="" if natural else self.credit_code.text().strip(),
            legal_rep_title="" if natural else self.legal_rep_title.text().strip(),
        )

    def _agent_kind(self, natural: bool) -> str:
        """A minor's agent is the guardian (法定代理人); anyone else's is appointed (委托代理人)."""
        if not self.agent_name.text().strip():
            return ""
        birth = date_value(self.birth) if natural else None
        if birth and idnumber.age_on(birth, dt.date.today()) < 18:
            return "法定代理人"
        return "委托代理人"
