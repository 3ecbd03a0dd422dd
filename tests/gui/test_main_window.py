import datetime as dt

from zhongxin_desktop.domain.workflow import OPEN_STATUSES
from zhongxin_desktop.store.models import Case
from zhongxin_desktop.ui.main_window import MainWindow
from zhongxin_desktop.ui.pages import PAGES


def test_window_opens_on_demo_and_dashboard_shows_database_numbers(qtbot, demo_db, app_ctx):
    ctx = app_ctx(demo_db)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    page = window.pages["dashboard"]
    qtbot.waitUntil(lambda: page.data is not None, timeout=10000)
    today = dt.date.today()
    first = today.replace(day=1)
    registered = Case.select().where(Case.registered_on >= first, Case.registered_on <= today).count()
    open_count = Case.select().where(Case.status.in_([s.value for s in OPEN_STATUSES])).count()
    assert page.cards["registered"].value.text() == str(registered)
    assert page.cards["open"].value.text() == str(open_count)
    assert open_count > 0
    assert "测试" not in window.windowTitle() and "青山镇" in window.windowTitle()
    assert window.nav.count() == len(PAGES)
    assert ctx.data.root.as_posix() in window.data_label.text()


def test_every_page_opens(qtbot, demo_db, app_ctx):
    window = MainWindow(app_ctx(demo_db))
    qtbot.addWidget(window)
    for key, _, _ in PAGES:
        assert window.show_page(key) is window.current_page()
    window.ctx.worker.wait()


def test_every_page_fits_a_1024_by_768_screen(qtbot, demo_db, app_ctx):
    """Township PCs are often 1024×768: no page may force the window wider or taller than that."""
    window = MainWindow(app_ctx(demo_db))
    qtbot.addWidget(window)
    window.show()
    window.resize(1024, 768)
    for key, _, _ in PAGES:
        window.show_page(key)
        window.ctx.worker.wait()
        qtbot.wait(20)
        hint = window.minimumSizeHint()
        assert hint.width() <= 1024 and hint.height() <= 768, (key, hint)
    assert window.width() == 1024


def test_menus_hold_the_shortcuts_and_real_tools(qtbot, township, app_ctx):
    """Ctrl+N and Ctrl+F work from any page, pressed as a keyboard does (at the window); the title
    names the center once (Qt adds the application's name); 工具 holds working entries."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from helpers import window_key

    window = MainWindow(app_ctx(township))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    assert window.windowTitle() == "测试镇综治中心"
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    case_menu = [a.text() + " " + a.shortcut().toString() for a in menus["案件(&C)"].actions()]
    assert case_menu == ["登记案件… Ctrl+N", "查找案件 Ctrl+F"]
    tools = [a for a in menus["工具(&T)"].actions() if not a.isSeparator()]
    assert len(tools) >= 3
    window.show_page("reports")
    window_key(window, Qt.Key_F, Qt.ControlModifier)
    page = window.current_page()
    assert window.stack.currentWidget() is window.pages["cases"]
    qtbot.waitUntil(page.search.hasFocus, timeout=5000)
    window.show_page("dashboard")
    window_key(window, Qt.Key_N, Qt.ControlModifier)
    qtbot.waitUntil(lambda: page.form_dialog is not None and page.form_dialog.isVisible(), timeout=5000)
    page.form_dialog.reject()
    for action in tools:  # every entry brings its page forward
        window.show_page("dashboard")
        action.trigger()
        assert window.stack.currentWidget() is not window.pages["dashboard"], action.text()
    window.ctx.worker.wait()
