"""案件: the lazily loaded case list with one search box and filters, and the case detail view.

The main window calls ``open_case(case_id)`` (bus.open_case) and ``apply_filters(filters)``
(a click on a dashboard figure: {"open": True} or {"overdue": True})."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QStackedWidget,
    QTableView, QVBoxLayout, QWidget,
)

from zhongxin_desktop.services.casework import case_list, lookups
from zhongxin_desktop.ui.case_detail import CaseDetailView
from zhongxin_desktop.ui.case_list_model import CASE_ID_ROLE, CaseListModel
from zhongxin_desktop.ui.pages.base import Page
from zhongxin_desktop.ui.pages.page_parts import title_label
from zhongxin_desktop.ui.qdates import day_of

if TYPE_CHECKING:
    from zhongxin_desktop.ui.context import AppContext
    from zhongxin_desktop.ui.dialogs.case_form import CaseFormDialog

SPECIAL_STATUS = {"__open": {"open": True}, "__overdue": {"overdue": True}}


class CasesPage(Page):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.choices: lookups.CaseChoices | None = None
        self.stack = QStackedWidget()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        self.list_panel = QWidget()
        self.stack.addWidget(self.list_panel)
        self.detail = CaseDetailView(ctx)
        self.detail.back_requested.connect(self.show_list)
        self.stack.addWidget(self.detail)
        layout = QVBoxLayout(self.list_panel)
        head = QHBoxLayout()
        head.addWidget(title_label(self.tr("案件")))
        self.search = QLineEdit()
        self.search.setObjectName("caseSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("搜索：案件编号、姓名、拼音首字母（如 zs）、电话或身份证尾号、案情关键词"))
        self.search.setMinimumWidth(300)
        head.addWidget(self.search, 1)
        self.new_button = QPushButton(self.tr("登记新案件"))
        self.new_button.setObjectName("newCase")
        # Ctrl+N is the 案件 menu's (a second owner would make the shortcut ambiguous: neither fires)
        self.new_button.setToolTip(self.tr("登记新案件（Ctrl+N）"))
        self.new_button.clicked.connect(self.register_case)
        head.addWidget(self.new_button)
        filters = self._build_filters()
        head.insertWidget(2, self.date_check)
        head.insertWidget(3, self.date_from)
        head.insertWidget(4, QLabel("—"))
        head.insertWidget(5, self.date_to)
        layout.addLayout(head)
        layout.addLayout(filters)
        self.chips = QHBoxLayout()  # the filters in force, each with its × (a tile may have set them)
        self.chips.setSpacing(6)
        layout.addLayout(self.chips)
        self.summary = QLabel("")
        self.summary.setObjectName("caseSummary")
        layout.addWidget(self.summary)
        self.model = CaseListModel(ctx, self)
        self.view = QTableView()
        self.view.setObjectName("caseTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        # The indicator first: enabling sorting sorts by it at once (the model reads on refresh()).
        self.view.horizontalHeader().setSortIndicator(8, Qt.SortOrder.DescendingOrder)  # 登记日期, newest first
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.verticalHeader().setDefaultSectionSize(26)
        self.view.verticalHeader().hide()
        self.view.setAlternatingRowColors(False)
        for col, width in enumerate((165, 100, 50, 85, 85, 115, 95, 140, 105, 105, 60)):
            self.view.setColumnWidth(col, width)
        self.view.doubleClicked.connect(lambda index: self.open_case(index.data(CASE_ID_ROLE)))
        self.view.activated.connect(lambda index: self.open_case(index.data(CASE_ID_ROLE)))
        layout.addWidget(self.view, 1)
        self.model.page_loaded.connect(self._page_loaded)
        self.model.failed.connect(lambda text: self.summary.setText(self.tr("读取失败：") + text))
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _: self._debounce.start())
        self.search.returnPressed.connect(self.reload)
        # Ctrl+F belongs to the 案件 menu (查找案件), which brings this page forward and focuses the box
        self._count_generation = 0
        self.form_dialog: CaseFormDialog | None = None
        self._loaded_once = False

    # --- filters ---------------------------------------------------------------------------------
    def _combo(self, name: str, width: int = 110) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setMinimumWidth(width)
        # Long grid names must not widen the row past a 1280-pixel screen.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(4)
        combo.currentIndexChanged.connect(lambda _: self.reload() if not self._filling else None)
        return combo

    def _build_filters(self) -> QHBoxLayout:
        self._filling = True
        row = QHBoxLayout()
        self.status_filter = self._combo("statusFilter", 90)
        self.category_filter = self._combo("categoryFilter", 100)
        self.source_filter = self._combo("sourceFilter", 100)
        self.grid_filter = self._combo("gridFilter", 100)
        self.risk_filter = self._combo("riskFilter", 60)
        self.mediator_filter = self._combo("mediatorFilter", 80)
        for label, combo in ((self.tr("状态"), self.status_filter), (self.tr("类型"), self.category_filter),
                             (self.tr("来源"), self.source_filter), (self.tr("网格"), self.grid_filter),
                             (self.tr("风险"), self.risk_filter), (self.tr("调解员"), self.mediator_filter)):
            row.addWidget(QLabel(label))
            row.addWidget(combo)
        self.date_check = QCheckBox(self.tr("登记日期"))
        self.date_check.setObjectName("dateFilter")
        self.date_from = QDateEdit(QDate.currentDate().addMonths(-1))
        self.date_to = QDateEdit(QDate.currentDate())
        for w in (self.date_from, self.date_to):
            w.setCalendarPopup(True)
            w.setDisplayFormat("yyyy年M月d日")
            w.setEnabled(False)
            w.dateChanged.connect(lambda _: self.reload() if self.date_check.isChecked() else None)
        self.date_check.toggled.connect(self._date_toggled)
        row.addStretch()
        clear = QPushButton(self.tr("清除筛选"))
        clear.clicked.connect(self.clear_filters)
        row.addWidget(clear)
        self._filling = False
        return row

    def _date_toggled(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        self.reload()

    def _fill_choices(self, choices: lookups.CaseChoices) -> None:
        self.choices = choices
        self._filling = True
        everything = self.tr("全部")
        self.status_filter.clear()
        self.status_filter.addItem(everything, None)
        self.status_filter.addItem(self.tr("在办"), "__open")
        self.status_filter.addItem(self.tr("逾期"), "__overdue")
        for value, label in choices.statuses:
            self.status_filter.addItem(label, value)
        for combo, items in ((self.category_filter, [(c, c) for c in [*choices.categories,
                                                                      *choices.retired_categories]]),
                             (self.source_filter, [(s, s) for s in choices.sources]),
                             (self.grid_filter, [(g.id, g.label) for g in choices.grids]),
                             (self.risk_filter, [(r, r) for r in choices.risk_levels]),
                             (self.mediator_filter, [(m.id, m.label) for m in choices.mediators])):
            combo.clear()
            combo.addItem(everything, None)
            for value, label in items:
                combo.addItem(label, value)
        self._filling = False

    def filters(self) -> dict[str, Any]:
        f: dict[str, Any] = {}
        status = self.status_filter.currentData()
        if status in SPECIAL_STATUS:
            f.update(SPECIAL_STATUS[status])
        elif status:
            f["status"] = status
        for key, combo in (("category", self.category_filter), ("source", self.source_filter),
                           ("grid_id", self.grid_filter), ("risk_level", self.risk_filter),
                           ("mediator_id", self.mediator_filter)):
            if combo.currentData():
                f[key] = combo.currentData()
        if self.date_check.isChecked():
            f["date_from"] = day_of(self.date_from.date())
            f["date_to"] = day_of(self.date_to.date())
        if self.search.text().strip():
            f["search"] = self.search.text().strip()
        return f

    def active_filters(self) -> list[tuple[str, Callable[..., None]]]:
        """(what the chip says, how to take it off) for every filter other than the search text."""
        out: list[tuple[str, Callable[..., None]]] = []
        for label, combo in ((self.tr("状态"), self.status_filter), (self.tr("类型"), self.category_filter),
                             (self.tr("来源"), self.source_filter), (self.tr("网格"), self.grid_filter),
                             (self.tr("风险"), self.risk_filter), (self.tr("调解员"), self.mediator_filter)):
            if combo.currentIndex() > 0 and combo.currentData():
                out.append((f"{label}：{combo.currentText()}", lambda c=combo: c.setCurrentIndex(0)))
        if self.date_check.isChecked():
            span = f"{self.date_from.date().toString('yyyy年M月d日')}—{self.date_to.date().toString('yyyy年M月d日')}"
            out.append((self.tr("登记日期：") + span, lambda: self.date_check.setChecked(False)))
        return out

    def _show_chips(self) -> None:
        while self.chips.count():
            item = self.chips.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # gone at once; deleted when control is back in the event loop
                widget.deleteLater()
        active = self.active_filters()
        for text, take_off in active:
            chip = QPushButton(text + "  ×")
            chip.setObjectName("filterChip")
            chip.setToolTip(self.tr("去掉这个筛选条件"))
            chip.setStyleSheet("QPushButton#filterChip { border: 1px solid #90a4ae; border-radius: 10px;"
                               " padding: 2px 10px; background: #eceff1; }")
            chip.clicked.connect(lambda _=False, off=take_off: off())
            self.chips.addWidget(chip)
        if active:
            self.chips.addStretch(1)

    def clear_filters(self) -> None:
        self._filling = True
        for combo in (self.status_filter, self.category_filter, self.source_filter, self.grid_filter,
                      self.risk_filter, self.mediator_filter):
            combo.setCurrentIndex(0)
        self.date_check.setChecked(False)
        self.search.clear()
        self._filling = False
        self.reload()

    def apply_filters(self, filters: dict[str, Any]) -> None:
        """From the dashboard: {"open": True} or {"overdue": True}; also any case_list filter."""
        self.show_list()
        self._filling = True
        special = "__overdue" if filters.get("overdue") else "__open" if filters.get("open") else filters.get("status")
        index = self.status_filter.findData(special) if special else 0
        if index < 0 and special:  # choices not loaded yet: _choices_loaded keeps this choice
            labels = {"__open": self.tr("在办"), "__overdue": self.tr("逾期")}
            self.status_filter.addItem(labels.get(special, special), special)
            index = self.status_filter.count() - 1
        self.status_filter.setCurrentIndex(max(index, 0))
        if "search" in filters:
            self.search.setText(filters["search"])
        self._filling = False
        self.reload()

    # --- loading -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.choices is None:
            actor = self.ctx.actor
            self.ctx.worker.submit(lambda: lookups.case_choices(actor), self._choices_loaded)
        elif self.stack.currentWidget() is self.detail:
            self.detail.reload()
        else:
            self.reload()

    def _choices_loaded(self, choices: lookups.CaseChoices) -> None:
        keep = self.status_filter.currentData()
        self._fill_choices(choices)
        if keep:
            self.status_filter.setCurrentIndex(max(self.status_filter.findData(keep), 0))
        self.reload()

    def reload(self) -> None:
        if getattr(self, "_filling", False):
            return
        self._debounce.stop()
        filters = self.filters()
        self._show_chips()
        self.summary.setText(self.tr("正在读取……"))
        self.model.reload(filters)
        self._count_generation += 1
        generation, actor = self._count_generation, self.ctx.actor
        self.ctx.worker.submit(lambda: case_list.count(actor, filters),
                               lambda n: self._counted(generation, n, filters))

    def _counted(self, generation: int, n: int, filters: dict[str, Any]) -> None:
        if generation != self._count_generation:
            return
        self._count = n
        text = self.tr("共 {n} 件").format(n=n)
        if filters.get("search"):
            text = self.tr("“{q}”找到 {n} 件").format(q=filters["search"], n=n)
            limits = [label for label, _ in self.active_filters()]
            if limits:  # a tile's filter left in force must not make a case look missing
                text += self.tr("（只在符合 {f} 的案件中查找；点筛选条件旁的 × 可去掉）").format(f="、".join(limits))
        if getattr(self, "_truncated", False):
            text += self.tr("（匹配较多，只显示最近的部分；请输入更多字词缩小范围）")
        self.summary.setText(text)

    def _page_loaded(self, truncated: bool) -> None:
        self._truncated = truncated
        self._loaded_once = True

    # --- navigation --------------------------------------------------------------------------------
    def show_list(self) -> None:
        if self.stack.currentWidget() is not self.list_panel:
            self.stack.setCurrentWidget(self.list_panel)
            self.reload()

    def open_case(self, case_id: str | None) -> None:
        if not case_id:
            return
        self.stack.setCurrentWidget(self.detail)
        self.detail.load(case_id)

    def register_case(self) -> None:
        from zhongxin_desktop.ui.dialogs.case_form import CaseFormDialog

        dialog = self.form_dialog = CaseFormDialog(self.ctx, self)
        dialog.open_existing.connect(self.open_case)
        dialog.saved.connect(self._registered)
        dialog.open()

    def _registered(self, case_id: str) -> None:
        self.ctx.bus.changed.emit("case")
        self.open_case(case_id)
