"""The pages of the left navigation, in order. Each page is a QWidget taking an AppContext and
having ``refresh()``.

A page's module is imported when the page is first built, not when the window starts: the
agreements page alone pulls in reportlab, reports openpyxl, exchange the cryptography stack,
and the window should not pay for pages the clerk does not open.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zhongxin_desktop.ui.context import AppContext
    from zhongxin_desktop.ui.pages.base import Page

PageFactory = Callable[["AppContext"], "Page"]


def _lazy(module: str, class_name: str) -> PageFactory:
    def build(ctx: AppContext) -> Page:
        cls = getattr(importlib.import_module(f"{__name__}.{module}"), class_name)
        page: Page = cls(ctx)  # every class named in PAGES is a Page
        return page

    build.__name__ = build.__qualname__ = class_name
    return build


# key, title (translated at the call site), factory building the page for a context
PAGES: list[tuple[str, str, PageFactory]] = [
    ("dashboard", "工作台", _lazy("dashboard", "DashboardPage")),
    ("cases", "案件", _lazy("cases", "CasesPage")),
    ("mediation", "调解", _lazy("mediation", "MediationPage")),
    ("agreements", "协议书", _lazy("agreements", "AgreementsPage")),
    ("followups", "回访", _lazy("followups", "FollowUpsPage")),
    ("grid", "网格", _lazy("grid", "GridPage")),
    ("reports", "统计报表", _lazy("reports", "ReportsPage")),
    ("exchange", "数据交换", _lazy("exchange", "ExchangePage")),
    ("settings", "设置", _lazy("settings", "SettingsPage")),
]
