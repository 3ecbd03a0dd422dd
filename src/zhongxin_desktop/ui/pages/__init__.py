"""The pages of the left navigation, in order. Each page is a QWidget taking an AppContext and
having ``refresh()``."""
from __future__ import annotations

from zhongxin_desktop.ui.pages.base import Page
from zhongxin_desktop.ui.pages.dashboard import DashboardPage
from zhongxin_desktop.ui.pages.cases import CasesPage
from zhongxin_desktop.ui.pages.grid import GridPage

# key, title (translated at the call site), page class
PAGES: list[tuple[str, str, type[Page]]] = [
    ("dashboard", "工作台", DashboardPage),
    ("cases", "案件", CasesPage),
    # 调解, 协议书, 回访 come here (other areas); 网格 sits after 回访 and before 统计报表.
    ("grid", "网格", GridPage),
]
