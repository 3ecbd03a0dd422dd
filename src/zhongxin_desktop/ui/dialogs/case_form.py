"""登记案件: the registration dialog with every field the domain asks for.

Saving runs on the database worker in two steps: validate (exactly as ``cases add --json``) and
look for duplicates and doubtful values; the clerk sees the problems at the fields, confirms a
doubtful value (a date before 1949), or sees the possible duplicates and decides (continue / cancel /
open the existing case); then the case is written. Whatever was typed stays in the form when saving
fails.

Made to be filled with the keyboard alone: Tab walks the fields in the order they are shown
(case, then each party, then the facts), Enter in a one-line field moves on as Tab does,
Ctrl+S saves, and after a refused save the focus is on the first field shown in red."""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any


from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
    QMessageBox, QPlainTextEdit, QPushButton, QScrollArea, QSpinBox, QVBoxLayout, QWidget,
)

from zhongxin_desktop.domain import vocab
from zhongxin_desktop.domain.case_input import CaseInput, doubts
from zhongxin_desktop.domain.errors import DomainError, FieldError, ValidationError
from zhongxin_desktop.services.casework import case_edit, cases, duplicates, lookups
from zhongxin_desktop.services.casework.duplicates import Duplicate
from zhongxin_desktop.ui import confirm
from zhongxin_desktop.ui.context import AppContext
from zhongxin_desktop.ui.dialogs.duplicate_warning import DuplicateDialog
from zhongxin_desktop.ui.dialogs.party_editor import (
    FieldErrors, PartyEditor, date_edit, date_value, error_label, level_cell,
)
from zhongxin_desktop.ui.screen_fit import fit_to_screen
from zhongxin_desktop.ui.searchable import make_searchable
from zhongxin_desktop.ui.qdates import day_of, to_qdate

if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent



class CaseFormDialog(QDialog):
    open_existing = Signal(str)
    saved = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, case_id: str | None = None,
                 case_title: str = ""):
        """With ``case_id``: 更正 — the stored case in the form, saved with a reason."""
        super().__init__(parent)
        self.ctx = ctx
        self.case_id = case_id
        self.pristine: CaseInput | None = None  # what the form held when it was ready: typed = differs
        self.discard_box: QMessageBox | None = None
        self.created_case_id: str | None = None
        self.choices: lookups.CaseChoices | None = None
        self.pending_duplicates: list[Duplicate] = []
        self.duplicate_dialog: DuplicateDialog | None = None
        self.doubt_box: QMessageBox | None = None
        self.errors = FieldErrors()
        self.errors.on_edit = lambda name: self._drop_problem(None, name)
        self.problems: list[FieldError] = []
        self.setWindowTitle(self.tr("更正案件 — {c}").format(c=case_title) if case_id else self.tr("登记案件"))
        fit_to_screen(self, 980, 700)
        outer = QVBoxLayout(self)
        scroll = self.scroll_area = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        self.body_layout = QVBoxLayout(body)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        self._build_case_box()
        self._build_parties_box()
        self._build_facts_box()
        self.body_layout.addStretch()
        self.summary = QLabel("")
        self.summary.setObjectName("formSummary")
        self.summary.setStyleSheet("color: #c62828;")
        self.summary.setWordWrap(True)
        outer.addWidget(self.summary)
        self.reason = QLineEdit()
        self.reason.setObjectName("edit_reason")
        self.reason.setPlaceholderText(self.tr("如：当事人姓名录入错误（将记入办理经过和审计日志）"))
        if case_id:
            reason_row = QHBoxLayout()
            reason_row.addWidget(QLabel(self.tr("更正原因＊")))
            reason_row.addWidget(self.reason, 1)
            reason_error = error_label()
            outer.addLayout(reason_row)
            outer.addWidget(reason_error)
            self.errors.register("更正原因", self.reason, reason_error)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(self.tr("保存更正") if case_id else self.tr("保存登记"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("saveCase")
        self.save_button.setShortcut("Ctrl+S")
        cancel = buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)
        outer.addWidget(buttons)
        self.cancel_button = cancel
        if not case_id:
            self.add_party("申请人")
            self.add_party("被申请人")
        self.registered_on.setFocus()
        actor = ctx.actor
        self.save_button.setEnabled(False)
        ctx.worker.submit(lambda: lookups.case_choices(actor), self._fill_choices, self._failed)

    # --- building ------------------------------------------------------------------------------
    def _field(self, grid: QGridLayout, row: int, col: int, label: str, widget: QWidget, span: int = 1,
               name: str | None = None) -> QWidget:
        cell = QWidget()
        v = QVBoxLayout(cell)
        v.setContentsMargins(0, 0, 0, 0)
        v.setSpacing(1)
        v.addWidget(QLabel(self.tr(label) or "　"))  # an untitled field keeps the title line (ideographic space)
        v.addWidget(widget)
        err = error_label()
        v.addWidget(err)
        key = name or label.rstrip("＊")
        widget.setObjectName(widget.objectName() or key)
        self.errors.register(key, widget, err)
        grid.addWidget(cell, row, col, 1, span, Qt.AlignmentFlag.AlignTop)  # a field keeps its place when another's error shows
        return widget

    def _build_case_box(self) -> None:
        box = QGroupBox(self.tr("案件信息"))
        g = QGridLayout(box)
        self.registered_on = date_edit(optional=False)
        self.registered_on.setObjectName("registered_on")
        self.source = QComboBox()
        self.source.setObjectName("source")
        self.source_detail = QLineEdit()
        self.source_detail.setObjectName("source_detail")
        self.source_detail.setPlaceholderText(self.tr("如 12345 工单号、委派法院"))
        self.village = QComboBox()
        self.village.setObjectName("village")
        self.grid = QComboBox()
        self.grid.setObjectName("grid")
        self.reporter = QLineEdit()
        self.reporter.setObjectName("reporter")
        self.reporter.setPlaceholderText(self.tr("网格员或联户长姓名"))
        self.category = QComboBox()
        self.category.setObjectName("category")
        self.risk = QComboBox()
        self.risk.setObjectName("risk")
        self.mediator = QComboBox()
        self.mediator.setObjectName("mediator")
        self._field(g, 0, 0, "登记日期＊", self.registered_on)
        self._field(g, 0, 1, "案件来源＊", self.source)
        self._field(g, 0, 2, "来源说明", self.source_detail)
        self._field(g, 0, 3, "纠纷类型＊", self.category)
        self._field(g, 1, 0, "村（社区）", self.village)
        self._field(g, 1, 1, "网格", self.grid)
        self._field(g, 1, 2, "上报人", self.reporter)
        self._field(g, 1, 3, "风险等级＊", self.risk)
        self._field(g, 2, 0, "调解员", self.mediator)
        self._build_order_fields(g)
        for combo in (self.source, self.village, self.grid, self.category, self.risk, self.mediator):
            combo.setMinimumWidth(150)
        for combo in (self.village, self.grid, self.category, self.mediator):  # long lists: type to find
            make_searchable(combo)
        for col in range(4):
            g.setColumnStretch(col, 1)
        self.source.currentTextChanged.connect(self._source_changed)
        self.village.currentIndexChanged.connect(self._village_changed)
        self.body_layout.addWidget(box)

    def _build_order_fields(self, g: QGridLayout) -> None:
        """What a sender (县级交办, 12345, 110, court, 信访) states with its case: its number, the
        handling deadline it set (which governs over the category's days) and when it wants our reply."""
        self.external_ref = QLineEdit()
        self.external_ref.setObjectName("external_ref")
        self.external_ref.setMaxLength(100)
        self.due_on = date_edit(optional=True)
        self.due_on.setObjectName("due_on")
        self.due_on.setToolTip(self.tr("来件规定的办结期限；留空则受理时按纠纷类型计算"))
        self.reply_due = date_edit(optional=True)
        self.reply_due.setObjectName("reply_due")
        self.reply_due.setToolTip(self.tr("来件要求回复的日期；留空则以办结期限为回复期限"))
        self._field(g, 2, 1, "来件编号（工单号/案号）", self.external_ref, name="外部编号")
        self._field(g, 2, 2, "办结期限（来件规定）", self.due_on, name="办结期限")
        self._field(g, 2, 3, "回复期限（来件要求）", self.reply_due, name="回复期限")
        self.kept: CaseInput | None = None  # a correction keeps what only registration and 延期 set

    def _build_parties_box(self) -> None:
        box = QGroupBox(self.tr("当事人（可多名；申请人、被申请人，或无申请人时为当事人）"))
        v = QVBoxLayout(box)
        self.parties_layout = QVBoxLayout()
        v.addLayout(self.parties_layout)
        self.party_editors: list[PartyEditor] = []
        row = QHBoxLayout()
        self.add_buttons: list[QPushButton] = []
        for role in ("申请人", "被申请人"):
            b = QPushButton(self.tr("添加{r}").format(r=role))
            b.setObjectName(f"add_{role}")
            b.clicked.connect(lambda _=False, r=role: self._add_party_and_focus(r))
            row.addWidget(b)
            self.add_buttons.append(b)
        row.addStretch()
        v.addLayout(row)
        err = error_label()
        v.addWidget(err)
        self.errors.register("当事人", box, err)
        self.body_layout.addWidget(box)

    def _build_facts_box(self) -> None:
        box = QGroupBox(self.tr("纠纷情况"))
        g = QGridLayout(box)
        self.facts = QPlainTextEdit()
        self.facts.setObjectName("facts")
        self.facts.setFixedHeight(90)
        self.facts.setPlaceholderText(self.tr("纠纷简要情况：时间、地点、起因、经过、争议焦点"))
        self.claims = QPlainTextEdit()
        self.claims.setObjectName("claims")
        self.claims.setFixedHeight(60)
        self.persons = QSpinBox()
        self.persons.setObjectName("persons")
        self.persons.setRange(0, 100000)
        self.persons.setValue(2)
        self.amount = QLineEdit("0")
        self.amount.setObjectName("amount")
        self.is_group = QCheckBox(self.tr("群体性纠纷"))
        self.is_group.setObjectName("is_group")
        self._field(g, 0, 0, "纠纷简要情况＊", self.facts, 4)
        self._field(g, 1, 0, "申请事项", self.claims, 4)
        self._field(g, 2, 0, "涉及人数", self.persons)
        self._field(g, 2, 1, "涉及金额（元）", self.amount, name="涉及金额")
        g.addWidget(level_cell(self.is_group), 2, 2, Qt.AlignmentFlag.AlignTop)
        for col in range(4):
            g.setColumnStretch(col, 1)
        self.prevent: dict[str, tuple[QCheckBox, QSpinBox]] = {}
        for col, (key, label) in enumerate((("criminal", "防止民转刑"), ("petition", "防止群体性上访"),
                                            ("suicide", "防止自杀"))):
            check = QCheckBox(self.tr(label))
            check.setObjectName(f"prevent_{key}")
            count = QSpinBox()
            count.setObjectName(f"prevent_{key}_persons")
            count.setRange(0, 100000)
            count.setSuffix(self.tr(" 人"))
            count.setEnabled(False)
            check.toggled.connect(lambda on, c=count: (c.setEnabled(on), c.setValue(max(c.value(), 1) if on else 0)))
            count.setFixedWidth(90)  # the three rows of box + count line up under each other's columns
            cell = QWidget()
            h = QHBoxLayout(cell)
            h.setContentsMargins(0, 0, 0, 0)
            h.addWidget(check)
            h.addWidget(count)
            h.addStretch()
            self._field(g, 3, col, "防止激化（人数）" if col == 0 else "", cell, name=f"{label}人数")
            self.prevent[key] = (check, count)
        self.body_layout.addWidget(box)

    def add_party(self, role: str = "申请人") -> PartyEditor:
        editor = PartyEditor(len(self.party_editors) + 1, role)
        editor.remove_requested.connect(self.remove_party)
        editor.errors.on_edit = lambda name, e=editor: self._drop_problem(e, name)
        self.party_editors.append(editor)
        self.parties_layout.addWidget(editor)
        self._update_remove_buttons()
        self._chain_tab_order()
        return editor

    def _add_party_and_focus(self, role: str) -> None:
        editor = self.add_party(role)
        editor.name.setFocus()

    def remove_party(self, editor: PartyEditor) -> None:
        if len(self.party_editors) <= 1:
            return
        self.party_editors.remove(editor)
        self.parties_layout.removeWidget(editor)
        editor.deleteLater()
        for i, e in enumerate(self.party_editors, start=1):
            e.renumber(i)
        self._update_remove_buttons()
        self._chain_tab_order()

    def focus_order(self) -> list[QWidget]:
        """Every field in the order it is shown: the case, each party, the facts, the buttons."""
        order: list[QWidget] = [self.registered_on, self.source, self.source_detail, self.category, self.village,
                                self.grid, self.reporter, self.risk, self.mediator, self.external_ref, self.due_on,
                                self.reply_due]
        for editor in self.party_editors:
            order += editor.focus_order()
        order += self.add_buttons
        order += [self.facts, self.claims, self.persons, self.amount, self.is_group]
        for check, count in self.prevent.values():
            order += [check, count]
        if self.case_id:
            order.append(self.reason)
        return order + [self.save_button, self.cancel_button]

    def _chain_tab_order(self) -> None:
        order = self.focus_order()
        for first, second in zip(order, order[1:]):
            QWidget.setTabOrder(first, second)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter in a one-line field moves on (as Tab does) instead of saving a half-filled form;
        on a button it presses the button; in a text box it starts a new line."""
        focus = self.focusWidget()
        if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
                and focus is not None and not isinstance(focus, QPlainTextEdit)):
            if isinstance(focus, QPushButton):
                focus.animateClick()
            else:
                self.focusNextChild()
            return
        super().keyPressEvent(event)

    def _update_remove_buttons(self) -> None:
        for e in self.party_editors:
            e.remove.setEnabled(len(self.party_editors) > 1)

    def _fill_choices(self, choices: lookups.CaseChoices) -> None:
        self.choices = choices
        self.source.addItems(choices.sources)
        self.category.addItems(choices.categories)
        category_edit = self.category.lineEdit()
        assert category_edit is not None  # the category box is editable (searchable)
        category_edit.setPlaceholderText(self.tr("请选择，或输入文字筛选"))
        self.category.setCurrentIndex(-1)  # a clerk chooses; no silent default category
        self.risk.addItems(choices.risk_levels)
        self.risk.setCurrentText("黄" if "黄" in choices.risk_levels else choices.risk_levels[0])
        self.village.addItem(self.tr("（未选择）"), None)
        for v in choices.villages:
            self.village.addItem(v.label, v.id)
        self.mediator.addItem(self.tr("（暂不指定）"), None)
        for m in choices.mediators:
            self.mediator.addItem(m.label, m.id)
        self._village_changed()
        self._source_changed(self.source.currentText())
        if self.case_id:
            actor, case_id = self.ctx.actor, self.case_id
            self.ctx.worker.submit(lambda: case_edit.case_input(actor, case_id), self._fill_case, self._failed)
            return
        self.pristine = self.value()
        self.save_button.setEnabled(True)

    def _fill_case(self, data: CaseInput) -> None:
        if data.registered_on is not None:  # a stored case has it
            self.registered_on.setDate(to_qdate(data.registered_on))
        self.kept = data
        if data.source in vocab.ORDER_SOURCES and data.external_ref and not data.external_ref.startswith("ledger:"):
            self.external_ref.setText(data.external_ref)
        for w in (self.external_ref, self.due_on, self.reply_due):  # set at registration; 延期 moves a deadline
            w.setEnabled(False)
            w.setToolTip(self.tr("登记时填写，更正时不能修改；期限需要变更请办理延期"))
        for combo, value in ((self.source, data.source), (self.category, data.category)):
            if combo.findText(value) < 0:  # no longer in the lists (a newer county rule): still the case's own
                combo.addItem(value)
            combo.setCurrentText(value)
        self.source_detail.setText(data.source_detail)
        self.village.setCurrentIndex(max(self.village.findData(data.village_id), 0))
        self._village_changed()
        self.grid.setCurrentIndex(max(self.grid.findData(data.grid_id), 0))
        self.reporter.setText(data.reporter_name)
        self.risk.setCurrentText(data.risk_level)
        if data.mediator_id and self.mediator.findData(data.mediator_id) < 0:
            self.mediator.addItem(self.tr("（原调解员）"), data.mediator_id)  # no longer a mediator: kept
        self.mediator.setCurrentIndex(max(self.mediator.findData(data.mediator_id), 0))
        for p in data.parties:
            self.add_party(p.role).set_value(p)
        self.facts.setPlainText(data.facts)
        self.claims.setPlainText(data.claims)
        if data.persons_involved is not None:  # a stored case has it
            self.persons.setValue(data.persons_involved)
        self.amount.setText(str(data.amount))
        self.is_group.setChecked(data.is_group)
        for key, (check, count) in self.prevent.items():
            check.setChecked(getattr(data, f"prevent_{key}"))
            count.setValue(getattr(data, f"prevent_{key}_persons"))
        self.pristine = self.value()
        self.save_button.setEnabled(True)

    def _village_changed(self) -> None:
        if self.choices is None:
            return
        village = self.village.currentData()
        keep = self.grid.currentData()
        self.grid.clear()
        self.grid.addItem(self.tr("（未选择）"), None)
        for g in self.choices.grids:
            if village is None or g.parent_id == village:
                self.grid.addItem(g.label, g.id)
        self.grid.setCurrentIndex(max(self.grid.findData(keep), 0))

    def _source_changed(self, source: str) -> None:
        grid_source = self.choices is not None and source in self.choices.grid_sources
        self.reporter.setEnabled(grid_source)
        self.reporter.setPlaceholderText(self.tr("网格员或联户长姓名（必填）") if grid_source else self.tr("网格上报时填写"))
        order = source in vocab.ORDER_SOURCES and not self.case_id
        for w in (self.external_ref, self.reply_due):
            w.setEnabled(order)
        # a deadline comes with a sender (an order, a department's transfer); a walk-in has none
        self.due_on.setEnabled((order or source in vocab.SOURCE_LINKAGE) and not self.case_id)
        self.external_ref.setPlaceholderText(self.tr("如 12345 工单号、法院案号") if order else self.tr("来件时填写"))

    # --- saving --------------------------------------------------------------------------------------
    def value(self) -> CaseInput:
        return CaseInput(
            category=self.category.currentText(), source=self.source.currentText(),
            facts=self.facts.toPlainText().strip(), parties=[e.value() for e in self.party_editors],
            registered_on=day_of(self.registered_on.date()), claims=self.claims.toPlainText().strip(),
            source_detail=self.source_detail.text().strip(),
            reporter_name=self.reporter.text().strip() if self.reporter.isEnabled() else "",
            village_id=self.village.currentData(), grid_id=self.grid.currentData(),
            persons_involved=self.persons.value(), amount=self.amount.text().strip() or "0",
            risk_level=self.risk.currentText(), is_group=self.is_group.isChecked(),
            prevent_criminal=self.prevent["criminal"][0].isChecked(),
            prevent_criminal_persons=self.prevent["criminal"][1].value(),
            prevent_petition=self.prevent["petition"][0].isChecked(),
            prevent_petition_persons=self.prevent["petition"][1].value(),
            prevent_suicide=self.prevent["suicide"][0].isChecked(),
            prevent_suicide_persons=self.prevent["suicide"][1].value(),
            mediator_id=self.mediator.currentData(),
            **self._order_values(),
        )

    def _order_values(self) -> dict[str, Any]:
        if self.kept is not None:  # a correction: unchanged
            return {"external_ref": self.kept.external_ref, "instructions": self.kept.instructions,
                    "due_on": self.kept.due_on}
        order = self.external_ref.isEnabled()
        return {"external_ref": (self.external_ref.text().strip() or None) if order else None,
                "due_on": date_value(self.due_on) if self.due_on.isEnabled() else None,
                "reply_due": date_value(self.reply_due) if order else None}

    def save(self) -> None:
        """Step 1: validate and look for duplicates (nothing written yet)."""
        data = self.value()
        actor = self.ctx.actor
        self._busy(True)
        if self.case_id:  # a correction: the service validates, needs the reason, writes
            case_id, reason = self.case_id, self.reason.text().strip()
            self.ctx.worker.submit(lambda: case_edit.edit(actor, case_id, data, reason), self._corrected,
                                   self._failed)
            return

        def check() -> tuple[list[FieldError], list[Duplicate], list[FieldError]]:
            problems = cases.validate(data).errors
            if problems:
                return problems, [], []
            return [], duplicates.find_duplicates(actor, data.parties), doubts(data)

        self.ctx.worker.submit(check, lambda result: self._checked(data, *result), self._failed)

    def _checked(self, data: CaseInput, problems: list[FieldError], dups: list[Duplicate],
                 doubtful: Sequence[FieldError] = ()) -> None:
        self._busy(False)
        if problems:
            self.show_errors(problems)
            return
        self.show_errors([])
        if doubtful:
            # A value that is allowed but looks like a slip (a date before 1949): the clerk confirms it.
            box = QMessageBox(QMessageBox.Icon.Question, self.tr("请核对"),
                              "\n".join(str(d) for d in doubtful) + "\n\n" + self.tr("核对无误，仍要保存吗？"),
                              QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
            box.setObjectName("doubts")
            box.setDefaultButton(QMessageBox.StandardButton.No)
            box.finished.connect(lambda _r: self._doubts_decided(box, data, dups))
            self.doubt_box = box
            box.open()
            return
        self._after_doubts(data, dups)

    def _doubts_decided(self, box: QMessageBox, data: CaseInput, dups: list[Duplicate]) -> None:
        self.doubt_box = None
        if box.clickedButton() is box.button(QMessageBox.StandardButton.Yes):
            self._after_doubts(data, dups)
        else:
            self.summary.setText(self.tr("未保存：请核对后再保存。"))

    def _after_doubts(self, data: CaseInput, dups: list[Duplicate]) -> None:
        if dups:
            # Non-modal (open, not exec): the clerk decides; the form stays as typed meanwhile.
            self.pending_duplicates = dups
            self.duplicate_dialog = DuplicateDialog(dups, self)
            self.duplicate_dialog.finished.connect(lambda _: self._duplicates_decided(data))
            self.duplicate_dialog.open()
            return
        self.write(data)

    def _duplicates_decided(self, data: CaseInput) -> None:
        dialog, self.duplicate_dialog = self.duplicate_dialog, None
        assert dialog is not None  # its own finished signal brought us here
        if dialog.choice == DuplicateDialog.OPEN and dialog.chosen_case_id:
            self.open_existing.emit(dialog.chosen_case_id)
            self.discard()
        elif dialog.choice == DuplicateDialog.CONTINUE:
            self.write(data)
        else:
            self.summary.setText(self.tr("未保存：可修改后再保存。"))

    def write(self, data: CaseInput) -> None:
        """Step 2: write the case."""
        actor = self.ctx.actor
        self._busy(True)
        self.ctx.worker.submit(lambda: cases.register(actor, data).id, self._written, self._failed)

    def _corrected(self, changed: list[str]) -> None:
        self._busy(False)
        self.saved.emit(self.case_id)
        self.ctx.bus.status_message.emit(
            self.tr("已更正：") + "、".join(changed) if changed else self.tr("内容没有变化，未作更正"))
        self._close_without_asking(accepted=True)

    def _written(self, case_id: str) -> None:
        self._busy(False)
        self.created_case_id = case_id
        self.saved.emit(case_id)
        self.ctx.bus.status_message.emit(self.tr("案件已登记"))
        self._close_without_asking(accepted=True)

    def _failed(self, exc: BaseException, tb: str) -> None:
        self._busy(False)
        if isinstance(exc, ValidationError):
            self.show_errors(exc.errors)
        elif isinstance(exc, DomainError):
            self.summary.setText(str(exc))
        else:
            self.summary.setText(self.tr("保存失败，填写的内容仍保留：") + str(exc))
            QMessageBox.warning(self, self.tr("保存失败"), str(exc))

    # --- closing ------------------------------------------------------------------------------------
    def has_typed(self) -> bool:
        return self.pristine is not None and self.value() != self.pristine

    def reject(self) -> None:
        """Esc, 取消 and the title bar's × all come here: typed work is never thrown away unasked."""
        if not self.has_typed():
            super().reject()
            return
        if self.discard_box is None:
            self.discard_box = confirm.ask_before_discarding(self, self.discard)
            self.discard_box.finished.connect(lambda _result: setattr(self, "discard_box", None))

    def discard(self) -> None:
        """Close and let what was typed go (the clerk said so)."""
        self._close_without_asking()

    def _close_without_asking(self, accepted: bool = False) -> None:
        self.pristine = None
        if accepted:
            self.accept()
        else:
            super().reject()

    def _busy(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy and self.choices is not None)
        self.setCursor(Qt.CursorShape.WaitCursor if busy else Qt.CursorShape.ArrowCursor)

    def _drop_problem(self, editor: PartyEditor | None, name: str) -> None:
        """The clerk changed a field named in the summary: take it out of the summary too."""
        number = self.party_editors.index(editor) + 1 if editor in self.party_editors else None

        def same(p: FieldError) -> bool:
            return p.field == name and (None if p.party is None else p.party + 1) == number

        self.problems = [p for p in self.problems if not same(p)]
        self.summary.setText("；".join(str(p) for p in self.problems))

    def show_errors(self, problems: Sequence[FieldError]) -> None:
        """Each problem at its field; all of them listed at the bottom too."""
        self.errors.clear()
        for e in self.party_editors:
            e.errors.clear()
        marked: list[QWidget] = []
        for p in problems:
            target = (self.party_editors[p.party].errors if p.party is not None and p.party < len(self.party_editors)
                      else self.errors)
            if target.show(p.field, p.message):
                marked.append(target.widgets[p.field])
        self.problems = list(problems)
        self.summary.setText("；".join(str(p) for p in problems))
        order = self.focus_order()
        focusable = [w for w in marked if w in order]
        if focusable:  # the first red field as the clerk reads the form, not as the rules list them
            first = min(focusable, key=order.index)
            self.scroll_area.ensureWidgetVisible(first)
            first.setFocus(Qt.FocusReason.OtherFocusReason)
        elif marked:
            self.scroll_area.ensureWidgetVisible(marked[0])
