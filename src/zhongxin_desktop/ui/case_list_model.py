"""The case list's table model: fetches pages lazily from services.casework.case_list on the database
worker, so it opens at once with 100,000 cases and loads more as the clerk scrolls. Each page
continues after the last one's final row (``CasePage.after``), so a page deep in the list costs
what the first one does."""
from __future__ import annotations

from typing import Any, TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from zhongxin_desktop.domain.dates import cn_date
from zhongxin_desktop.domain.vocab import RISK_COLORS
from zhongxin_desktop.services.casework import case_list
from zhongxin_desktop.ui.context import AppContext

if TYPE_CHECKING:
    from PySide6.QtCore import QPersistentModelIndex
    from PySide6.QtWidgets import QWidget

OVERDUE_FG = QColor("#b71c1c")
OVERDUE_BG = QColor("#fdecea")
CASE_ID_ROLE = Qt.ItemDataRole.UserRole
OVERDUE_ROLE = Qt.ItemDataRole.UserRole + 1
# Looked up once: PySide6 resolves the short names (Qt.DisplayRole) in microseconds each, and a
# view asks data() for a dozen roles per visible cell every time it repaints.
_ROLE = Qt.ItemDataRole
DISPLAY, FOREGROUND, BACKGROUND = _ROLE.DisplayRole, _ROLE.ForegroundRole, _ROLE.BackgroundRole
DECORATION, TOOLTIP = _ROLE.DecorationRole, _ROLE.ToolTipRole
HORIZONTAL = Qt.Orientation.Horizontal
OVERDUE_FG_BRUSH, OVERDUE_BG_BRUSH = QBrush(OVERDUE_FG), QBrush(OVERDUE_BG)
RISK_QCOLORS = {level: QColor(color) for level, color in RISK_COLORS.items()}
OTHER_RISK = QColor("#999")

# header, row key, sort key (None: not sortable)
COLUMNS: list[tuple[str, str, str | None]] = [
    ("案件编号", "case_no", "case_no"),
    ("状态", "status_label", "status"),
    ("风险", "risk_level", "risk_level"),
    ("纠纷类型", "category", "category"),
    ("来源", "source", "source"),
    ("当事人", "parties", None),
    ("联系电话", "phone", None),
    ("身份证号", "id_number", None),
    ("登记日期", "registered_on", "registered_on"),
    ("应结日期", "due_on", "due_on"),
    ("调解员", "mediator", None),
    ("网格", "grid", None),
]


class CaseListModel(QAbstractTableModel):
    PAGE = 200
    page_loaded = Signal(bool)  # truncated search
    failed = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[dict[str, Any]] = []
        self.filters: dict[str, Any] = {}
        self.sort_key = "registered_on"
        self.descending = True
        self._more = False
        self._fetching = False
        self._generation = 0
        self._after: tuple[Any, ...] | None = None

    # --- loading -------------------------------------------------------------------------------
    def reload(self, filters: dict[str, Any] | None = None) -> None:
        if filters is not None:
            self.filters = dict(filters)
        self._generation += 1
        self.beginResetModel()
        self.rows = []
        self._more = True
        self._fetching = False
        self._after = None
        self.endResetModel()
        self._fetch()

    @property
    def loading(self) -> bool:
        return self._fetching

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:
        return not parent.isValid() and self._more and not self._fetching

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:
        if self.canFetchMore(parent):
            self._fetch()

    def _fetch(self) -> None:
        self._fetching = True
        generation, after = self._generation, self._after
        actor, filters, sort, desc = self.ctx.actor, dict(self.filters), self.sort_key, self.descending
        self.ctx.worker.submit(
            lambda: case_list.list_page(actor, filters, sort=sort, descending=desc, after=after, limit=self.PAGE),
            lambda page: self._arrived(generation, page),
            lambda exc, tb: self._failed(generation, exc))

    def _arrived(self, generation: int, page: case_list.CasePage) -> None:
        if generation != self._generation:  # the filters changed meanwhile
            return
        self._fetching = False
        self._after = page.after
        self._more = page.after is not None
        if page.rows:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(page.rows) - 1)
            self.rows.extend(page.rows)
            self.endInsertRows()
        self.page_loaded.emit(page.truncated)

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self._fetching = False
            self._more = False
            self.failed.emit(str(exc))

    # --- the table -------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> object:
        if role == DISPLAY and orientation == HORIZONTAL:
            return self.tr(COLUMNS[section][0])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY) -> object:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        key = COLUMNS[index.column()][1]
        if role == DISPLAY:
            value = row[key]
            if key in ("registered_on", "due_on"):
                return cn_date(value)
            if key == "case_no":
                return value or self.tr("（未受理）")
            if key == "status_label" and row["overdue"]:
                return value + self.tr("（逾期）")
            return value
        if role == CASE_ID_ROLE:
            return row["id"]
        if role == OVERDUE_ROLE:
            return row["overdue"]
        if role == FOREGROUND and row["overdue"]:
            return OVERDUE_FG_BRUSH
        if role == BACKGROUND and row["overdue"]:
            return OVERDUE_BG_BRUSH
        if role == DECORATION and key == "risk_level":
            return RISK_QCOLORS.get(row["risk_level"], OTHER_RISK)
        if role == TOOLTIP and row["overdue"]:
            reason = row["overdue_reason"] or self.tr("未填写逾期原因")
            return self.tr("已超过应结日期。逾期原因：") + reason
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column][2]
        if key is None:
            return
        self.sort_key = key
        self.descending = order == Qt.SortOrder.DescendingOrder
        if self._generation:  # the view sorts once as it is set up: the first reload reads the order
            self.reload()

    def case_id(self, row: int) -> str:
        case_id: str = self.rows[row]["id"]
        return case_id
