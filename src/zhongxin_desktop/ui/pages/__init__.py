"""The pages of the left navigation, in order. Each page is a QWidget taking an AppContext and
having ``refresh()``."""
from __future__ import annotations

from zhongxin_desktop.ui.pages.agreements import AgreementsPage
from zhongxin_desktop.ui.pages.base import Page
from zhongxin_desktop.ui.pages.cases import CasesPage
from zhongxin_desktop.ui.pages.dashboard import DashboardPage
from zhongxin_desktop.ui.pages.exchange import ExchangePage
from zhongxin_desktop.ui.pages.followups import FollowUpsPage
from zhongxin_desktop.ui.pages.grid import GridPage
from zhongxin_desktop.ui.pages.mediation import MediationPage
from zhongxin_desktop.ui.pages.reports import ReportsPage
from zhongxin_desktop.ui.pages.settings import SettingsPage

# key, title (translated at the call site), page class
PAGES: list[tuple[str, str, type[Page]]] = [
    ("dashboard", "工作台", DashboardPage),
    ("cases", "案件", CasesPage),
    ("mediation", "调解", MediationPage),
    ("agreements", "协议书", AgreementsPage),
    ("followups", "回访", FollowUpsPage),
    ("grid", "网格", GridPage),
    ("reports", "统计报表", ReportsPage),
    ("exchange", "数据交换", ExchangePage),
    ("settings", "设置", SettingsPage),
]
