"""设置: tabs shown by permission (the services refuse anyway; hiding only spares a refusal).

用户 (manage users) · 调解组织 (the township's committees and mediators) · 修改密码 (everyone) · 备份 (restore) · 审计日志 (audit) · 基本设置 (settings)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QTabWidget, QVBoxLayout

from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.ui.context import AppContext
from zhongxin_desktop.ui.pages.base import Page
from zhongxin_desktop.ui.pages.page_parts import heading
from zhongxin_desktop.ui.pages.settings_audit import AuditTab
from zhongxin_desktop.ui.pages.settings_backups import BackupsTab
from zhongxin_desktop.ui.pages.settings_fonts import FontsTab
from zhongxin_desktop.ui.pages.settings_general import GeneralTab
from zhongxin_desktop.ui.pages.settings_roster import RosterTab
from zhongxin_desktop.ui.pages.settings_users import PasswordTab, UsersTab

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

SettingsTab = UsersTab | RosterTab | PasswordTab | BackupsTab | AuditTab | GeneralTab | FontsTab

# key, title, permission needed (None: every signed-in user), tab class
TABS: list[tuple[str, str, Perm | None, type[SettingsTab]]] = [
    ("users", "用户", Perm.MANAGE_USERS, UsersTab),
    ("roster", "调解组织", Perm.MANAGE_USERS, RosterTab),
    ("password", "修改密码", None, PasswordTab),
    ("backups", "备份", Perm.RESTORE, BackupsTab),
    ("audit", "审计日志", Perm.AUDIT, AuditTab),
    ("general", "基本设置", Perm.SETTINGS, GeneralTab),
    ("fonts", "打印字体", Perm.SETTINGS, FontsTab),
]


class SettingsPage(Page):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.addLayout(heading(self.tr("设置")))
        self.tabs = QTabWidget()
        self.tab_by_key: dict[str, SettingsTab] = {}
        for key, title, perm, cls in TABS:
            if perm is not None and not ctx.actor.can(perm):
                continue
            tab = cls(ctx)
            tab.setObjectName(f"settings_{key}")
            self.tab_by_key[key] = tab
            self.tabs.addTab(tab, self.tr(title))
        self.tabs.currentChanged.connect(lambda _i: self.refresh())
        layout.addWidget(self.tabs)

    def refresh(self) -> None:
        current = self.tabs.currentWidget()
        for tab in self.tab_by_key.values():
            if tab is current:
                tab.refresh()

    def show_tab(self, key: str) -> SettingsTab:
        tab = self.tab_by_key[key]
        self.tabs.setCurrentWidget(tab)
        return tab
