"""Extra tabs of the case detail view, so other areas plug in without editing the view.

Each entry: (title, widget class). The class is called as ``cls(ctx, case_id)`` and may define
``reload()`` (called after the case changed). The defaults are read-only lists; the documents
area replaces or extends them with its mediation / agreement / follow-up / attachment tabs.
"""
from __future__ import annotations

from zhongxin_desktop.ui.case_tabs.documents import AgreementsTab, AttachmentsTab, FollowUpsTab, SessionsTab
from zhongxin_desktop.ui.case_tabs.liaison import LiaisonTab

CaseTab = SessionsTab | AgreementsTab | FollowUpsTab | AttachmentsTab | LiaisonTab

CASE_TABS: list[tuple[str, type[CaseTab]]] = [
    ("调解记录", SessionsTab),
    ("协议书", AgreementsTab),
    ("回访", FollowUpsTab),
    ("附件", AttachmentsTab),
    ("来件与回复", LiaisonTab),
]
