"""县级规则: at the county, the form that publishes what the townships must use (categories,
sources, deadline tiers per category, the report day) and the versions published; at a
township, the rules in force here (which items the county requires) and what each version changed."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPlainTextEdit,
    QPushButton, QScrollArea, QSpinBox, QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from zhongxin_desktop.domain import county_rules as rules_domain
from zhongxin_desktop.domain.dates import cn_stamp
from zhongxin_desktop.domain.errors import DomainError
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.services.countywork import county_rules
from zhongxin_desktop.ui import confirm
from zhongxin_desktop.ui.context import AppContext
from zhongxin_desktop.ui.cells import cell_text
from zhongxin_desktop.ui.pages.table_util import fit_columns

DEFAULT_TIER = "（默认期限）"


def _split(text: str) -> list[str]:
    for sep in ("，", "、", "\n", ";", "；"):
        text = text.replace(sep, ",")
    return [t.strip() for t in text.split(",") if t.strip()]


class CountyRulesPanel(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.view: dict[str, Any] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.state = QLabel()
        self.state.setWordWrap(True)
        layout.addWidget(self.state)

        self.form_box = QGroupBox(self.tr("发布新版本（签名后随下一次回执下发各乡镇）"))
        form = QFormLayout(self.form_box)
        self.categories = QLineEdit()
        self.categories.setPlaceholderText(self.tr("用顿号或逗号分隔，如：婚姻家庭、邻里、旅游、其他"))
        self.sources = QLineEdit()
        self.sources.setPlaceholderText(self.tr("不填则不变"))
        self.forbid_categories = QCheckBox(self.tr("乡镇不得自行增加纠纷类型"))
        self.forbid_sources = QCheckBox(self.tr("乡镇不得自行增加案件来源"))
        tiers = QHBoxLayout()
        self.tier_days: dict[str, QSpinBox] = {}
        for name, days in rules_domain.DEFAULT_TIERS.items():
            box = QSpinBox()
            box.setRange(1, rules_domain.MAX_DAYS)
            box.setValue(days)
            box.setSuffix(self.tr(" 天"))
            self.tier_days[name] = box
            tiers.addWidget(QLabel(name))
            tiers.addWidget(box)
        tiers.addStretch()
        self.deadlines = QTableWidget(0, 2)
        self.deadlines.setHorizontalHeaderLabels([self.tr("纠纷类型"), self.tr("期限档次")])
        self.deadlines.verticalHeader().setVisible(False)
        self.deadlines.horizontalHeader().setStretchLastSection(True)
        self.deadlines.setMinimumHeight(120)
        self.default_days = QSpinBox()
        self.default_days.setRange(1, rules_domain.MAX_DAYS)
        self.default_days.setSuffix(self.tr(" 天"))
        self.report_day = QSpinBox()
        self.report_day.setRange(1, 28)
        self.report_day.setPrefix(self.tr("每月 "))
        self.report_day.setSuffix(self.tr(" 日"))
        form.addRow(self.tr("纠纷类型："), self.categories)
        form.addRow("", self.forbid_categories)
        form.addRow(self.tr("案件来源："), self.sources)
        form.addRow("", self.forbid_sources)
        form.addRow(self.tr("期限档次："), tiers)
        form.addRow(self.tr("各类型期限："), self.deadlines)
        form.addRow(self.tr("默认办结期限："), self.default_days)
        form.addRow(self.tr("月报截止日："), self.report_day)
        self.publish_button = QPushButton(self.tr("发布…"))
        self.current = QPlainTextEdit()
        self.current.setReadOnly(True)
        # The form scrolls, so the rules in force below keep room on a 768-pixel-high screen;
        # the clerk drags the border for more of either.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.form_box)
        self.form_area = QWidget()  # the button stays in sight however far the form is scrolled
        upper = QVBoxLayout(self.form_area)
        upper.setContentsMargins(0, 0, 0, 0)
        upper.addWidget(scroll, 1)
        upper.addWidget(self.publish_button, 0, Qt.AlignmentFlag.AlignRight)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.form_area)
        split.addWidget(self.current)
        split.setChildrenCollapsible(False)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout.addWidget(split, 1)
        self.categories.editingFinished.connect(self._deadline_rows)
        self.publish_button.clicked.connect(self.ask_publish)

    # --- loading ------------------------------------------------------------------------------
    def load(self) -> None:
        actor = self.ctx.actor
        self.ctx.worker.submit(lambda: county_rules.in_force(actor), self.show_view, self._error)

    def show_view(self, view: dict[str, Any]) -> None:
        self.view = view
        county = view["kind"] == "county"
        rules, current = view["rules"], view["current"]
        self.form_area.setVisible(county and self.ctx.actor.can(Perm.SETTINGS))
        if view["version"]:
            head = self.tr("县级规则第 {v} 版，{who}发布于 {when}。").format(
                v=view["version"], who=view["versions"][0]["county_name"],
                when=cn_stamp(view["versions"][0]["published_at"]))
        else:
            head = self.tr("县级尚未发布规则。") if not county else self.tr("尚未发布规则：填写下表后点“发布…”。")
        self.state.setText(head)
        self.current.setPlainText("\n".join(rules_domain.in_force_lines(view)))
        if county:
            self.categories.setText("、".join(rules.get("categories", current["categories"])))
            self.sources.setText("、".join(rules.get("sources", [])))
            forbid = rules.get("forbid_local", [])
            self.forbid_categories.setChecked("categories" in forbid)
            self.forbid_sources.setChecked("sources" in forbid)
            for name, days in rules.get("deadline_tiers", {}).items():
                if name in self.tier_days:
                    self.tier_days[name].setValue(days)
            self.default_days.setValue(rules.get("due_days_default", current["due_days_default"]))
            self.report_day.setValue(rules.get("report_due_day", current["report_due_day"]))
            self._deadline_rows(rules.get("deadlines", {}))

    def _deadline_rows(self, chosen: dict[str, Any] | None = None) -> None:
        if not isinstance(chosen, dict):
            chosen = self.deadline_choices()
        names = _split(self.categories.text())
        self.deadlines.setRowCount(len(names))
        for i, name in enumerate(names):
            item = QTableWidgetItem(name)
            self.deadlines.setItem(i, 0, item)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            combo = QComboBox()
            combo.addItems([DEFAULT_TIER, *self.tier_days])
            rule = chosen.get(name)
            if isinstance(rule, str) and rule in self.tier_days:
                combo.setCurrentText(rule)
            self.deadlines.setCellWidget(i, 1, combo)
        fit_columns(self.deadlines)

    def deadline_choices(self) -> dict[str, Any]:
        out = {}
        for i in range(self.deadlines.rowCount()):
            combo = self.deadlines.cellWidget(i, 1)
            if isinstance(combo, QComboBox) and combo.currentText() != DEFAULT_TIER:
                out[cell_text(self.deadlines, i, 0)] = combo.currentText()
        return out

    # --- publishing ---------------------------------------------------------------------------
    def given(self) -> dict[str, Any]:
        out: dict[str, Any] = {"categories": _split(self.categories.text()),
                     "deadline_tiers": {n: b.value() for n, b in self.tier_days.items()},
                     "deadlines": self.deadline_choices(), "due_days_default": self.default_days.value(),
                     "report_due_day": self.report_day.value(),
                     "forbid_local": [k for k, box in (("categories", self.forbid_categories),
                                                        ("sources", self.forbid_sources)) if box.isChecked()]}
        if _split(self.sources.text()):
            out["sources"] = _split(self.sources.text())
        elif "sources" in out["forbid_local"]:
            out["forbid_local"].remove("sources")
        return out

    def ask_publish(self) -> None:
        given = self.given()
        confirm.ask(self, self.tr("发布县级规则"),
                    self.tr("将发布新版本规则：纠纷类型 {n} 个，月报截止日每月 {d} 日。各乡镇导入下一次回执后自动应用，"
                            "发布后不能撤回（可再发布新版本）。").format(n=len(given["categories"]),
                                                                     d=given["report_due_day"]),
                    self.tr("发布"), lambda: self.publish(given))

    def publish(self, given: dict[str, Any]) -> None:
        actor, data = self.ctx.actor, self.ctx.data
        self.ctx.worker.submit(lambda: county_rules.publish(actor, data, given), self._published, self._error)

    def _published(self, result: dict[str, Any]) -> None:
        self.ctx.bus.status_message.emit(self.tr("已发布第 {v} 版规则").format(v=result["version"]))
        self.load()

    def _error(self, exc: BaseException, tb: str = "") -> None:
        if isinstance(exc, DomainError):
            self.error_box = QMessageBox(QMessageBox.Icon.Warning, self.tr("未发布"), str(exc), QMessageBox.StandardButton.Ok, self)
            self.error_box.open()
        else:
            QMessageBox.critical(self, self.tr("出错"), f"{exc}\n\n{tb}")
