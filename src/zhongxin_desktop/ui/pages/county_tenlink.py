"""十联户统计 (county): the household heads' visits and reports for a month, per township (from the
rows each township's bundles brought) and the county's total, by 十联 category; one township can
be opened down to its grids, units and 联户长."""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel

from zhongxin_desktop.ui.pages.base import Page
from zhongxin_desktop.ui.pages.grid_tenlink_tab import TenlinkTab


class CountyTenlinkPanel(TenlinkTab):
    def __init__(self, page: Page) -> None:
        super().__init__(page, level="township")
        self.township = QComboBox()
        self.township.addItem(self.tr("全县各乡镇"), None)
        self.bar.insertWidget(self.bar.count() - 1, QLabel(self.tr("范围")))
        self.bar.insertWidget(self.bar.count() - 1, self.township)
        self.township.currentIndexChanged.connect(self._scope_changed)

    def set_townships(self, townships: list[dict[str, Any]]) -> None:
        """[{code, name}] of the townships that report here."""
        keep = self.township.currentData()
        self.township.blockSignals(True)
        self.township.clear()
        self.township.addItem(self.tr("全县各乡镇"), None)
        for t in townships:
            self.township.addItem(t["name"], t["code"])
        self.township.setCurrentIndex(max(self.township.findData(keep), 0))
        self.township.blockSignals(False)
        self.owner_code = self.township.currentData()

    def _scope_changed(self) -> None:
        self.owner_code = self.township.currentData()
        if self.owner_code and self.level.currentData() == "township":  # one township: down to its grids
            self.level.setCurrentIndex(self.level.findData("grid"))  # refreshes
            return
        self.refresh()
