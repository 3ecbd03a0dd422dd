"""ui/app.py: what happens around sign-in (corrupt database, idle lock, daily backup, leftovers)."""
from zhongxin_desktop.services.safety import backups
from zhongxin_desktop.services import settings
from zhongxin_desktop.ui import app as app_module
from zhongxin_desktop.ui.main_window import MainWindow


def test_corrupt_database_at_start_is_offered_for_recovery_and_left_alone(qtbot, data_dir, monkeypatch):
    data_dir.database.write_bytes(b"SQLite format 3\x00" + b"\x13" * 8192)
    before = data_dir.database.read_bytes()
    offered = []
    import zhongxin_desktop.ui.dialogs.recover as recover

    monkeypatch.setattr(recover, "offer_recovery", lambda data, problem: offered.append(problem) or False)
    assert app_module.start(data_dir) is None  # the user declined: nothing opened
    assert offered and "损坏" in offered[0]
    assert data_dir.database.read_bytes() == before


def test_after_sign_in_installs_the_idle_lock_and_makes_the_daily_backup(qtbot, township, app_ctx):
    settings.change(township, "idle_lock_minutes", 7)
    ctx = app_ctx(township)
    killed = ctx.data.exports / "zxb-left-by-a-killed-import"  # a decrypted bundle: plain personal data
    killed.mkdir(mode=0o700)
    (killed / "bundle.zip").write_bytes(b"11010519491231002X")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    messages = []
    ctx.bus.status_message.connect(messages.append)
    app_module.after_sign_in(window, ctx)
    assert window.idle_lock.minutes == 7 and window.idle_lock.timer.isActive()
    ctx.worker.wait()
    qtbot.waitUntil(lambda: bool(messages), timeout=5000)
    assert "已自动备份" in messages[0]
    assert [m.kind for m in backups.all_backups(ctx.data)] == ["daily"]
    assert not killed.exists()
    window.idle_lock.uninstall()
