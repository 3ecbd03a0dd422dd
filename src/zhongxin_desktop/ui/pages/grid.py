"""网格: the grid registry, grid events (办小事、报大事), visits, weekly meetings and figures."""
from __future__ import annotations

from typing import Any, TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout

from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.services.gridwork import grid as registry
from zhongxin_desktop.ui.pages.grid_events_tab import EventsTab
from zhongxin_desktop.ui.pages.grid_figures_tab import FiguresTab
from zhongxin_desktop.ui.pages.grid_host import GridHost
from zhongxin_desktop.ui.pages.grid_registry_tab import RegistryTab
from zhongxin_desktop.ui.pages.grid_tenlink_tab import TenlinkTab
from zhongxin_desktop.ui.pages.grid_watch_tab import WatchTab
from zhongxin_desktop.ui.pages.grid_work_tab import MeetingsTab, VisitsTab
from zhongxin_desktop.ui.pages.page_parts import title_label

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget
    from zhongxin_desktop.ui.context import AppContext


class GridPage(GridHost):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.lookups: dict[str, Any] | None = None
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        head.addWidget(title_label(self.tr("网格")))
        head.addWidget(QLabel(self.tr("一张网、十联户：网格内办小事，大事报中心")))
        head.addStretch()
        self.import_button = QPushButton(self.tr("从Excel导入…"))
        self.import_button.setToolTip(self.tr("导入网格平台导出的网格名册、十联户名册或网格事件表"))
        self.import_button.clicked.connect(lambda: self.import_excel())
        self.import_button.setEnabled(ctx.actor.can(Perm.IMPORT))
        refresh = QPushButton(self.tr("刷新"))
        refresh.clicked.connect(self.refresh)
        head.addWidget(self.import_button)
        head.addWidget(refresh)
        layout.addLayout(head)
        self.tabs = QTabWidget()
        self.registry = RegistryTab(self)
        self.events = EventsTab(self)
        self.visits = VisitsTab(self)
        self.meetings = MeetingsTab(self)
        self.figures = FiguresTab(self)
        self.tenlink = TenlinkTab(self)
        self.watch = WatchTab(self)
        self.tab_pages = (self.registry, self.events, self.visits, self.meetings, self.figures, self.tenlink, self.watch)
        for tab, label in ((self.registry, "网格名册"), (self.events, "网格事件"), (self.visits, "走访记录"),
                           (self.watch, "重点人员/困难家庭"), (self.meetings, "周研判"), (self.figures, "统计图表"),
                           (self.tenlink, "联户长工作")):
            self.tabs.addTab(tab, self.tr(label))
        self.tabs.currentChanged.connect(lambda _i: self.refresh())
        layout.addWidget(self.tabs, 1)
        ctx.bus.changed.connect(self._changed)

    def _changed(self, what: str) -> None:
        if what in ("grid", "case") and self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        """Reload the lists the forms choose from, then the tab on show."""
        actor = self.ctx.actor
        self.ctx.worker.submit(lambda: registry.lookups(actor), self._got_lookups, self.failed)

    def _got_lookups(self, lookups: dict[str, Any]) -> None:
        self.lookups = lookups
        current = self.tabs.currentWidget()
        for tab in self.tab_pages:
            if tab is current:
                tab.refresh()

    def after_change(self, message: str) -> None:
        self.ctx.bus.status_message.emit(message)
        self.ctx.bus.changed.emit("grid")
        if not self.isVisible():  # the bus refreshes only what is on screen
            self.refresh()

    def failed(self, exc: BaseException, tb: str) -> None:
        self.ctx.bus.status_message.emit(self.tr("操作未完成：") + str(exc))
        self.last_error = str(exc)

    def import_excel(self, path: str | None = None) -> None:
        from zhongxin_desktop.ui.dialogs.grid_import_dialog import GridImportDialog

        self.import_dialog = GridImportDialog(self.ctx, self)
        self.import_dialog.imported.connect(lambda: self.after_change(self.tr("网格数据已导入")))
        self.import_dialog.open()
        self.import_dialog.choose(path)
