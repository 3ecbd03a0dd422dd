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
