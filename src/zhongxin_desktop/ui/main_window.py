"""The main window: left navigation, pages, menus with shortcuts, status bar."""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMainWindow, QMessageBox, QStackedWidget, QWidget,
)

from zhongxin_desktop import APP_TITLE, __version__
from zhongxin_desktop.services import center as center_service
from zhongxin_desktop.ui.context import AppContext
from zhongxin_desktop.ui.icons import app_icon
from zhongxin_desktop.ui.pages import PAGES
from zhongxin_desktop.ui.pages.base import Page
from zhongxin_desktop.ui.screen_fit import fit_to_screen

if TYPE_CHECKING:  # the pages' own modules load with the page (ui/pages: PAGES)
    from PySide6.QtGui import QCloseEvent

    from zhongxin_desktop.services.results import CenterRecord
    from zhongxin_desktop.ui.idle_lock import IdleLock
    from zhongxin_desktop.ui.integrity_watch import IntegrityWatch
    from zhongxin_desktop.ui.pages.cases import CasesPage
    from zhongxin_desktop.ui.pages.reports import ReportsPage
    from zhongxin_desktop.ui.pages.settings import SettingsPage


class LazyPages(Mapping[str, Page]):
    """The pages by key, each built (its module imported) the first time it is asked for: the
    stack holds an empty placeholder at its index until then, so rows and indices still match."""

    def __init__(self, ctx: AppContext, stack: QStackedWidget):
        self._ctx = ctx
        self._stack = stack
        self._factories = {key: factory for key, _, factory in PAGES}
        self._built: dict[str, Page] = {}
        for _ in PAGES:
            stack.addWidget(QWidget())

    def __getitem__(self, key: str) -> Page:
        page = self._built.get(key)
        if page is None:
            page = self._factories[key](self._ctx)  # KeyError for an unknown key, as a dict
            page.setObjectName(f"page_{key}")
            index = list(self._factories).index(key)
            placeholder = self._stack.widget(index)
            self._stack.insertWidget(index, page)
            if placeholder is not None:
                self._stack.removeWidget(placeholder)
                placeholder.deleteLater()
            self._built[key] = page
        return page

    def __iter__(self) -> Iterator[str]:
        return iter(self._factories)

    def __len__(self) -> int:
        return len(self._factories)

    def is_built(self, key: str) -> bool:
        return key in self._built


class MainWindow(QMainWindow):
    # set once signed in (ui/app.after_sign_in)
    idle_lock: IdleLock | None = None
    integrity_watch: IntegrityWatch | None = None

    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        center = center_service.local_center()
        # Qt adds the application's name (综治中心桌面端) to every window title itself
        self.setWindowTitle(center.name)
        self.setWindowIcon(app_icon())
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        # Narrow enough that every page still fits a 1024×768 screen.
        self.nav.setFixedWidth(128)
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setStyleSheet("QListWidget#navigation { font-size: 12pt; } "
                               "QListWidget#navigation::item { padding: 8px; }")
        self.stack = QStackedWidget()
        self.pages = LazyPages(ctx, self.stack)
        for key, title, _ in PAGES:
            item = QListWidgetItem(self.tr(title))
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self._show_row)
        body = QWidget()
        layout = QHBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(body)
        # the first page first: its data is read on the worker while the rest of the window is built
        self.nav.setCurrentRow(0)
        self._build_menus()
        self._build_status_bar(center)
        ctx.bus.changed.connect(lambda _what: self.current_page().refresh())
        ctx.bus.status_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        ctx.bus.open_case.connect(self._open_case)
        ctx.bus.show_cases.connect(self._show_cases)
        fit_to_screen(self, 1280, 800)

    def current_page(self) -> Page:
        return self.pages[PAGES[self.stack.currentIndex()][0]]

    def show_page(self, key: str) -> Page:
        keys = [k for k, _, _ in PAGES]
        self.nav.setCurrentRow(keys.index(key))
        return self.pages[key]

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        page = self.pages[PAGES[row][0]]
        self.stack.setCurrentWidget(page)
        page.refresh()

    def _open_case(self, case_id: str) -> None:
        page = self.pages["cases"]
        if hasattr(page, "open_case"):
            self.show_page("cases")
            page.open_case(case_id)

    def _show_cases(self, filters: dict[str, object]) -> None:
        page = self.pages["cases"]
        if hasattr(page, "apply_filters"):
            self.show_page("cases")
            page.apply_filters(filters)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("文件(&F)"))
        quit_action = QAction(self.tr("退出(&X)"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        view_menu = self.menuBar().addMenu(self.tr("视图(&V)"))
        for i, (key, title, _) in enumerate(PAGES, start=1):
            action = QAction(self.tr(title), self)
            action.setShortcut(QKeySequence(f"Ctrl+{i}"))
            action.triggered.connect(lambda _=False, k=key: self.show_page(k))
            view_menu.addAction(action)
        refresh = QAction(self.tr("刷新"), self)
        refresh.setShortcut(QKeySequence.StandardKey.Refresh)
        refresh.triggered.connect(lambda: self.current_page().refresh())
        view_menu.addSeparator()
        view_menu.addAction(refresh)
        case_menu = self.menuBar().addMenu(self.tr("案件(&C)"))
        self.new_case_action = QAction(self.tr("登记案件…"), self)
        self.new_case_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_case_action.triggered.connect(lambda: self._cases_page().register_case())
        self.find_case_action = QAction(self.tr("查找案件"), self)
        self.find_case_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_case_action.triggered.connect(self._find_case)
        case_menu.addAction(self.new_case_action)
        case_menu.addAction(self.find_case_action)
        self.tools_menu = self.menuBar().addMenu(self.tr("工具(&T)"))
        for title, slot in ((self.tr("导入旧台账…"), lambda: cast("ReportsPage", self.show_page("reports")).open_import_wizard()),
                            (self.tr("数据交换"), lambda: self.show_page("exchange")),
                            (self.tr("备份与恢复"), lambda: self._settings_tab("backups")),
                            (self.tr("审计日志"), lambda: self._settings_tab("audit"))):
            action = QAction(title, self)
            action.triggered.connect(slot)
            self.tools_menu.addAction(action)
        help_menu = self.menuBar().addMenu(self.tr("帮助(&H)"))
        about = QAction(self.tr("关于(&A)"), self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def _cases_page(self) -> CasesPage:
        return cast("CasesPage", self.show_page("cases"))

    def _find_case(self) -> None:
        page = self._cases_page()
        page.show_list()
        page.search.setFocus()
        page.search.selectAll()

    def _settings_tab(self, key: str) -> None:
        page = cast("SettingsPage", self.show_page("settings"))
        if key in page.tab_by_key:
            page.show_tab(key)
        else:
            self.statusBar().showMessage(self.tr("当前用户无权使用此功能，请找管理员"), 8000)

    def _build_status_bar(self, center: CenterRecord) -> None:
        bar = self.statusBar()
        actor = self.ctx.actor
        self.center_label = QLabel(f"{center.name}（{center.code}）")
        self.user_label = QLabel(f"{actor.display_name}（{actor.role.label}）")
        self.data_label = QLabel(self.tr("数据目录：") + str(self.ctx.data.root))
        for w in (self.center_label, self.user_label, self.data_label):
            bar.addPermanentWidget(w)

    def show_about(self) -> None:
        QMessageBox.about(self, self.tr("关于"), self.tr(
            f"<h3>{APP_TITLE}</h3><p>版本 {__version__}</p><p>乡镇综治中心矛盾纠纷一站式受理、一揽子调处、全链条解决。</p>"
            f"<p>数据目录：{self.ctx.data.root}</p>"))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.ctx.worker.wait(30000)  # let a running save finish before the database closes
        super().closeEvent(event)
