"""调解组织 (county): each township's 人民调解委员会 (with its members) and 调解员 roster as its
bundles brought them — phones masked — with the counts the monthly statistics use."""
from __future__ import annotations

from typing import Any

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from zhongxin_desktop.services.settlement import rosters
from zhongxin_desktop.ui.context import AppContext

HEADERS = ["乡镇／调委会／调解员", "类别／职务", "性别", "所属调委会", "联系电话", "状态", "已培训", "成员"]


class CountyRostersPanel(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[dict[str, Any]] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.total = QLabel("")
        layout.addWidget(self.total)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr(h) for h in HEADERS])
        layout.addWidget(self.tree)

    def load(self) -> None:
        actor = self.ctx.actor
        self.ctx.worker.submit(lambda: rosters.county_rosters(actor), self.show_rosters)

    def show_rosters(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows
        self.tree.clear()
        self.total.setText(self.tr("全县：调委会 {c} 个，调解员 {m} 名（在册、在任）").format(
            c=sum(t["committee_count"] for t in rows), m=sum(t["mediator_count"] for t in rows)))
        grey = QBrush(QColor("#888888"))
        for t in rows:
            town = QTreeWidgetItem([self.tr("{name}（调委会 {c} 个，调解员 {m} 名）").format(
                name=t["name"], c=t["committee_count"], m=t["mediator_count"])] + [""] * (len(HEADERS) - 1))
            if not t["committees"] and not t["mediators"]:
                town.addChild(QTreeWidgetItem([self.tr("（尚未报送名册）")] + [""] * (len(HEADERS) - 1)))
            for c in t["committees"]:
                item = QTreeWidgetItem([c["name"], c["kind"], "", "", "",
                                        self.tr("在册") if c["active"] else self.tr("已撤销"), "",
                                        "、".join(c["members"]) or self.tr("（无在任调解员）")])
                town.addChild(item)
            for m in t["mediators"]:
                item = QTreeWidgetItem([m["name"], m["duty"], m["sex"], m["committee"], m["phone"],
                                        self.tr("在任") if m["active"] else self.tr("离任"),
                                        self.tr("是") if m["trained"] else self.tr("否"), ""])
                if not m["active"]:
                    for col in range(len(HEADERS)):
                        item.setForeground(col, grey)
                town.addChild(item)
            self.tree.addTopLevelItem(town)
            town.setExpanded(True)
        for col in range(len(HEADERS)):
            self.tree.resizeColumnToContents(col)
