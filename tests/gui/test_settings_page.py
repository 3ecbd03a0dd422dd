import os
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from conftest import PASSWORD
from zhongxin_desktop.domain.roles import Role
from zhongxin_desktop.services.safety import backups
from zhongxin_desktop.services import settings, users
from zhongxin_desktop.store.models import User
from zhongxin_desktop.ui.pages import settings_backups
from zhongxin_desktop.ui.pages.settings import SettingsPage


def _page(qtbot, actor, app_ctx, tab: str | None = None):
    ctx = app_ctx(actor)
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    if tab:
        page.show_tab(tab)
        page.refresh()
        _settle(qtbot, ctx)
    return page, ctx


def _settle(qtbot, ctx):
    """Until every job's result (and any job its handler submitted) has reached the page."""
    qtbot.waitUntil(lambda: not ctx.worker.pending(), timeout=30000)


@pytest.mark.parametrize("role, tabs", [
    (Role.ADMIN, ["users", "roster", "password", "backups", "audit", "general", "fonts"]),
    (Role.DIRECTOR, ["password", "audit"]),
    (Role.MEDIATOR, ["password"]),
    (Role.CLERK, ["password"]),
])
def test_tabs_follow_the_permissions(qtbot, make_user, app_ctx, role, tabs):
    actor = make_user(role, f"user_{role.value}")
    page, _ = _page(qtbot, actor, app_ctx)
    assert list(page.tab_by_key) == tabs


def test_users_tab_adds_disables_and_reports_refusals(qtbot, township, app_ctx):
    page, ctx = _page(qtbot, township, app_ctx, "users")
    tab = page.tab_by_key["users"]
    assert tab.table.rowCount() == 1
    tab.submit_add({"username": "xiaowang", "display_name": "小王", "role": "mediator", "password": "short",
                    "phone": ""})
    _settle(qtbot, ctx)
    assert "至少8位" in tab.message.text()
    tab.submit_add({"username": "xiaowang", "display_name": "小王", "role": "mediator",
                    "password": "Xiaowang2026", "phone": "13900001111"})
    _settle(qtbot, ctx)
    _settle(qtbot, ctx)
    assert tab.table.rowCount() == 2 and "已添加" in tab.message.text()
    row = next(r for r in range(2) if tab.table.item(r, 0).text() == "xiaowang")
    assert tab.table.item(row, 2).text() == "调解员"
    tab.table.selectRow(row)
    tab.toggle_active()
    _settle(qtbot, ctx)
    _settle(qtbot, ctx)
    assert not User.get(User.username == "xiaowang").active
    row = next(r for r in range(2) if tab.table.item(r, 0).text() == "xiaowang")
    assert tab.table.item(row, 3).text() == "已停用"


def test_password_tab_changes_own_password(qtbot, township, app_ctx):
    page, ctx = _page(qtbot, township, app_ctx, "password")
    tab = page.tab_by_key["password"]
    tab.old.setText(PASSWORD)
    tab.new.setText("Brandnew2026")
    tab.repeat.setText("Brandnew2027")
    tab.save()
    assert "不一致" in tab.message.text()
    tab.repeat.setText("Brandnew2026")
    tab.save()
    _settle(qtbot, ctx)
    assert "已修改" in tab.message.text() and tab.old.text() == ""
    assert users.sign_in("admin", "Brandnew2026")


def test_backups_tab_create_verify_restore(qtbot, township, app_ctx, monkeypatch, make_user):
    page, ctx = _page(qtbot, township, app_ctx, "backups")
    tab = page.tab_by_key["backups"]
    tab.create_now()
    _settle(qtbot, ctx)
    _settle(qtbot, ctx)
    assert tab.table.rowCount() == 1 and "已备份" in tab.message.text()
    tab.table.selectRow(0)
    tab.verify_selected()
    _settle(qtbot, ctx)
    assert "校验通过" in tab.message.text()
    make_user(Role.CLERK, "after_backup")
    exits = []
    monkeypatch.setattr(tab, "confirm_restore", lambda name: True)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.Ok)
    monkeypatch.setattr(settings_backups, "request_restart", lambda: exits.append("restart"))
    tab.table.selectRow(0)
    tab.restore_selected()
    _settle(qtbot, ctx)
    assert exits == ["restart"], tab.message.text()
    ctx.worker.submit(lambda: User.select().where(User.username == "after_backup").exists(), exits.append)
    _settle(qtbot, ctx)
    assert exits[-1] is False  # the restored data does not have the later user


def test_backups_restore_declined_changes_nothing(qtbot, township, app_ctx, monkeypatch, make_user):
    backups.create_backup(township, app_ctx(township).data)
    page, ctx = _page(qtbot, township, app_ctx, "backups")
    tab = page.tab_by_key["backups"]
    make_user(Role.CLERK, "stays")
    monkeypatch.setattr(tab, "confirm_restore", lambda name: False)
    tab.table.selectRow(0)
    tab.restore_selected()
    _settle(qtbot, ctx)
    assert User.select().where(User.username == "stays").exists()


def test_audit_tab_filters_and_verifies(qtbot, township, make_user, app_ctx):
    make_user(Role.CLERK, "dj")
    with pytest.raises(users.SignInError):
        users.sign_in("dj", "bad-password-1")
    page, ctx = _page(qtbot, township, app_ctx, "audit")
    tab = page.tab_by_key["audit"]
    assert tab.table.rowCount() >= 4
    tab.user.setCurrentIndex(tab.user.findData("dj"))
    tab.outcome.setCurrentIndex(tab.outcome.findData("failed"))
    tab.refresh()
    _settle(qtbot, ctx)
    assert tab.table.rowCount() == 1 and tab.table.item(0, 5).text() == "失败"
    tab.verify()
    _settle(qtbot, ctx)
    assert "完好" in tab.message.text()
    ctx.worker.submit(lambda: __import__("zhongxin_desktop.store.db", fromlist=["database"]).database.execute_sql(
        "UPDATE audit_event SET action='x' WHERE seq=1"))
    tab.verify()
    _settle(qtbot, ctx)
    assert "被破坏" in tab.message.text() and "第 1 条" in tab.message.text()


def test_general_tab_saves_all_or_nothing(qtbot, township, app_ctx):
    page, ctx = _page(qtbot, township, app_ctx, "general")
    tab = page.tab_by_key["general"]
    assert tab.fields["idle_lock_minutes"].value() == 15
    assert tab.fields["audit_keep_days"].minimum() == 183
    tab.fields["idle_lock_minutes"].setValue(5)
    tab.fields["categories"].setText("邻里、婚姻家庭、其他")
    tab.fields["case_number_pattern"].setText("第{seq}号")  # no year: refused
    tab.save()
    _settle(qtbot, ctx)
    assert "案件编号格式" in tab.message.text()
    assert settings.get("idle_lock_minutes") == 15  # nothing saved
    tab.fields["case_number_pattern"].setText("（{year}）{committee}调字第{seq}号")
    tab.save()
    _settle(qtbot, ctx)
    assert "已保存" in tab.message.text()
    assert settings.get("idle_lock_minutes") == 5
    assert settings.get("categories") == ["邻里", "婚姻家庭", "其他"]


def test_recover_dialog_restores_the_newest_good_backup(qtbot, township, data_dir):
    from zhongxin_desktop.store.connection import close_database
    from zhongxin_desktop.ui.dialogs.recover import RecoverDialog

    backups.create_backup(township, data_dir)
    close_database()
    data_dir.database.write_bytes(b"SQLite format 3\x00" + b"\x13" * 8192)
    dialog = RecoverDialog(data_dir, "数据库文件已损坏")
    qtbot.addWidget(dialog)
    assert dialog.backup is not None and dialog.restore_button is not None
    dialog.username.setText("admin")
    dialog.password.setText("wrong")
    dialog.restore()
    assert "不正确" in dialog.error.text() and dialog.result() == 0
    dialog.password.setText(PASSWORD)
    dialog.restore()
    assert dialog.result() == 1
    assert users.sign_in("admin", PASSWORD)


def test_second_start_brings_the_first_window_forward(qtbot, data_dir):
    from zhongxin_desktop.ui.single_instance import SingleInstance

    first = SingleInstance(data_dir)
    assert first.claim()
    try:
        assert not SingleInstance(data_dir).claim()  # the folder is taken
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ZHONGXIN_DATA_DIR": str(data_dir.root)}
        with qtbot.waitSignal(first.raise_requested, timeout=20000):
            proc = subprocess.Popen([sys.executable, "-m", "zhongxin_desktop"], env=env,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert proc.wait(30) == 0  # the second start only asked the first to come forward
    finally:
        first.release()
    again = SingleInstance(data_dir)
    assert again.claim()  # released: a new start may open the folder
    again.release()


def test_after_a_reset_the_user_must_choose_a_new_password(qtbot, township, make_user):
    from zhongxin_desktop.ui.dialogs.change_password import ChangePasswordDialog

    make_user(Role.CLERK, "dj")
    users.reset_password(township, "dj", "Temp2026pass")
    actor = users.sign_in("dj", "Temp2026pass")
    assert users.must_change_password(actor)
    dialog = ChangePasswordDialog(actor, "Temp2026pass")
    qtbot.addWidget(dialog)
    dialog.new.setText("Temp2026pass")
    dialog.repeat.setText("Temp2026pass")
    dialog.save()
    assert "不能与当前密码相同" in dialog.error.text()
    dialog.new.setText("Mine2026only")
    dialog.repeat.setText("Mine2026only")
    dialog.save()
    assert dialog.result() == 1 and not users.must_change_password(actor)
    assert users.sign_in("dj", "Mine2026only")


def test_add_user_dialog_stays_open_with_the_reason_when_refused(qtbot, township, app_ctx):
    page, ctx = _page(qtbot, township, app_ctx, "users")
    tab = page.tab_by_key["users"]
    qtbot.mouseClick(tab.add_button, Qt.LeftButton)
    dialog = tab.user_dialog
    qtbot.waitExposed(dialog)
    dialog.username.setText("xiaowang")
    dialog.display_name.setText("小王")
    for edit in (dialog.password, dialog.repeat):
        edit.setText("short")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)
    qtbot.waitUntil(lambda: "至少8位" in dialog.error.text(), timeout=10000)
    assert dialog.isVisible() and dialog.username.text() == "xiaowang"  # nothing typed is lost
    for edit in (dialog.password, dialog.repeat):
        edit.setText("Xiaowang2026")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    _settle(qtbot, ctx)
    assert User.get(User.username == "xiaowang").display_name == "小王"


@pytest.mark.parametrize("fix", ["seal", "delete"])
def test_backups_made_before_pii_encryption_are_flagged_and_can_be_sealed_or_deleted(
        qtbot, township, app_ctx, monkeypatch, fix):
    from PySide6.QtCore import Qt

    from zhongxin_desktop.services.safety import pii_crypto

    data = app_ctx(township).data
    backups.create_backup(township, data)  # plain: made before encryption
    pii_crypto.set_encryption(township, data, True)
    backups.create_backup(township, data)  # made after: its numbers are sealed
    page, ctx = _page(qtbot, township, app_ctx, "backups")
    tab = page.tab_by_key["backups"]
    assert tab.plain_warning.isVisible() and "1 个备份" in tab.plain_warning.text()
    if fix == "seal":
        monkeypatch.setenv("ZHONGXIN_BACKUP_PASSPHRASE", "口令2026-backup")
        qtbot.mouseClick(tab.seal_plain_button, Qt.LeftButton)
    else:
        monkeypatch.setattr(tab, "confirm_delete_plain", lambda n: n == 1)
        qtbot.mouseClick(tab.delete_plain_button, Qt.LeftButton)
    _settle(qtbot, ctx)
    assert not tab.plain_warning.isVisible(), tab.message.text()
    found = backups.all_backups(data)
    assert len(found) == (2 if fix == "seal" else 1)
    assert sum(m.encrypted for m in found) == (1 if fix == "seal" else 0)
