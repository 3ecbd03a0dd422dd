"""跨乡镇当事人 (county): people who appear in the cases of two or more townships — a repeat
disputant is a risk signal — each with every case (township, number, status, date). Numbers are
masked; a user who may see them can ask (the reveal is audited)."""
from __future__ import annotations

from typing import Any

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from zhongxin_desktop.domain.dates import cn_date
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.services.casework import repeat_parties
from zhongxin_desktop.ui.context import AppContext

HEADERS = ["当事人", "证件号／电话", "认定依据", "涉及乡镇", "案件编号", "状态", "登记日期", "身份"]


class CountyPeoplePanel(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.people: list[dict[str, Any]] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.count_label = QLabel("")
        bar.addWidget(self.count_label)
        bar.addStretch()
        self.reveal_button = QPushButton(self.tr("显示完整号码"))
        self.reveal_button.setCheckable(True)
        self.reveal_button.setToolTip(self.tr("显示完整身份证号和电话（将记入审计日志）"))
        self.reveal_button.setVisible(ctx.actor.can(Perm.REVEAL))
        self.reveal_button.toggled.connect(lambda _: self.load())
        bar.addWidget(self.reveal_button)
        layout.addLayout(bar)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr(h) for h in HEADERS])
        self.tree.setAlternatingRowColors(True)
        self.tree.itemDoubleClicked.connect(self._open)
        layout.addWidget(self.tree)

    def load(self) -> None:
        actor, reveal = self.ctx.actor, self.reveal_button.isChecked()
        self.ctx.worker.submit(lambda: repeat_parties.across_townships(actor, reveal=reveal), self.show_people)

    def show_people(self, people: list[dict[str, Any]]) -> None:
        self.people = people
        self.tree.clear()
        self.count_label.setText(self.tr("在两个以上乡镇有案件的当事人：{n} 人").format(n=len(people)) if people
                                 else self.tr("没有在两个以上乡镇都有案件的当事人。"))
        red = QBrush(QColor("#c62828"))
        for p in people:
            towns = "、".join(t["name"] for t in p["townships"])
            top = QTreeWidgetItem([p["name"], p["id_number"] or p["phone"], p["reason"],
                                   self.tr("{n}个乡镇：{names}").format(n=len(p["townships"]), names=towns),
                                   self.tr("{n} 件").format(n=len(p["cases"])), "", cn_date(p["last_registered"]), ""])
            top.setForeground(0, red)
            for c in p["cases"]:
                child = QTreeWidgetItem([c["name"], "", "", c["township"], c["case_no"] or self.tr("（未受理）"),
                                         c["status_label"], cn_date(c["registered_on"]), c["role"]])
                child.setData(0, 0x0100, c["case_id"])  # Qt.UserRole
                top.addChild(child)
            self.tree.addTopLevelItem(top)
            top.setExpanded(True)
        for col in range(len(HEADERS)):
            self.tree.resizeColumnToContents(col)

    def _open(self, item: QTreeWidgetItem, _col: int) -> None:
        case_id = item.data(0, 0x0100)
        if case_id:
            self.ctx.bus.open_case.emit(case_id)
