"""网格名册: villages → grids → members and household units → the units' households, with edit
dialogs. A grid whose units link more households than it has (or a unit listing more households
than it links) is shown in orange with the reason as its tooltip."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QMessageBox, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.services.gridwork import grid as registry, grid_households
from zhongxin_desktop.ui.pages.grid_host import GridHost
from zhongxin_desktop.ui.dialogs.grid_form import DialogHost, GridFormDialog
from zhongxin_desktop.ui.dialogs.grid_registry_dialogs import GridDialog, HouseholdDialog, UnitDialog, VillageDialog

KIND_ROLE = Qt.ItemDataRole.UserRole + 1


class RegistryTab(QWidget, DialogHost):
    def __init__(self, page: GridHost) -> None:
        super().__init__(page)
        self.page = page
        self.ctx = page.ctx
        self.tree_data: list[dict[str, Any]] = []
        layout = QVBoxLayout(self)
        buttons = QHBoxLayout()
        self.add_village = QPushButton(self.tr("新增村/社区"))
        self.add_grid = QPushButton(self.tr("新增网格"))
        self.add_unit = QPushButton(self.tr("新增十联户"))
        self.add_household = QPushButton(self.tr("新增住户"))
        self.add_household.setToolTip(self.tr("在所选联户的名册中登记一户"))
        self.edit_button = QPushButton(self.tr("编辑所选"))
        self.delete_unit = QPushButton(self.tr("删除所选联户"))
        for b in (self.add_village, self.add_grid, self.add_unit, self.add_household, self.edit_button,
                  self.delete_unit):
            buttons.addWidget(b)
        for b in (self.add_village, self.add_grid, self.add_unit):
            b.setEnabled(self.ctx.actor.can(Perm.REGISTER))
        buttons.addStretch()
        self.summary = QLabel()
        buttons.addWidget(self.summary)
        layout.addLayout(buttons)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("名称"), self.tr("类型/职务"), self.tr("户数"), self.tr("负责人"),
                                   self.tr("电话")])
        self.tree.setColumnWidth(0, 260)
        self.tree.itemDoubleClicked.connect(lambda item, _c: self.edit(item))
        layout.addWidget(self.tree)
        self.add_village.clicked.connect(lambda: self._open(VillageDialog(self.ctx, parent=self)))
        self.add_grid.clicked.connect(
            lambda: self._open(GridDialog(self.ctx, self.page.loaded_lookups()["villages"], parent=self)))
        self.add_unit.clicked.connect(self._new_unit)
        self.add_household.clicked.connect(self._new_household)
        self.edit_button.clicked.connect(lambda: self.edit(self.selected_item()))
        self.delete_unit.clicked.connect(self._delete_unit)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def selected_item(self) -> QTreeWidgetItem | None:
        items = self.tree.selectedItems()
        return items[0] if items else None

    def _update_buttons(self) -> None:
        """编辑所选 needs a village, grid, member or unit chosen; 删除所选联户 a unit."""
        item = self.selected_item()
        kind = item.data(0, KIND_ROLE) if item is not None else None
        editable = kind in ("grid", "member", "unit", "household") or (
            item is not None and kind == "village" and bool(item.data(0, Qt.ItemDataRole.UserRole).get("id")))
        may_edit = self.ctx.actor.can(Perm.EDIT)
        self.edit_button.setEnabled(editable and may_edit)
        self.add_household.setEnabled(kind in ("unit", "household") and self.ctx.actor.can(Perm.REGISTER))
        self.delete_unit.setEnabled(kind == "unit" and may_edit)

    def refresh(self) -> None:
        actor = self.ctx.actor
        self.ctx.worker.submit(lambda: registry.registry_tree(actor), self._show, self.page.failed)

    def _show(self, tree: list[dict[str, Any]]) -> None:
        self.tree_data = tree
        self.tree.clear()
        grids = households = units = 0
        for v in tree:
            vitem = self._item(None, [v["name"], v["kind"], "", "", ""], "village", v)
            for g in v["grids"]:
                grids += 1
                households += g["households"]
                gitem = self._item(vitem, [f"{g['name']}（{g['code']}）", g["kind_label"], str(g["households"]),
                                           g["leader_name"], g["leader_phone"]], "grid", g)
                if g["warnings"]:
                    for c in range(5):
                        gitem.setForeground(c, QBrush(QColor("#e65100")))
                        gitem.setToolTip(c, "\n".join(g["warnings"]))
                if g["party_branch"] or g["party_group"]:
                    self._item(gitem, ["、".join(x for x in (g["party_branch"], g["party_group"]) if x),
                                       self.tr("党组织"), "", "", ""], "party", g)
                for m in g["members"]:
                    self._item(gitem, [m["name"], m["duty"], "", "", m["phone"]], "member", {**m, "grid_id": g["id"]})
                for u in g["units"]:
                    units += 1
                    listed = f"{len(u['homes'])}/{u['households']}" if u["homes"] else str(u["households"])
                    uitem = self._item(gitem, [u["name"] or self.tr("十联户"), self.tr("联户长"), listed,
                                               u["head_name"], u["head_phone"]], "unit", u)
                    if u["selection"]:
                        uitem.setToolTip(0, u["selection"])
                    for h in u["homes"]:
                        self._item(uitem, [h["address"] or h["head_name"], h["tags"] or self.tr("住户"),
                                           self.tr(f"{h['members']}人"), h["head_name"], h["phone"]], "household",
                                   {**h, "unit": u})
            vitem.setExpanded(True)
        # Long community names with the 14-digit grid code must not be cut off.
        self.tree.resizeColumnToContents(0)
        self.tree.setColumnWidth(0, max(260, self.tree.columnWidth(0)))
        self.summary.setText(self.tr(f"共 {grids} 个网格、{households} 户、{units} 个十联户"))
        self._update_buttons()  # the rebuilt tree has nothing selected

    def _item(self, parent: QTreeWidgetItem | None, texts: list[str], kind: str, data: dict[str, Any]) -> QTreeWidgetItem:
        item = QTreeWidgetItem(texts)
        item.setData(0, Qt.ItemDataRole.UserRole, data)
        item.setData(0, KIND_ROLE, kind)
        if parent is None:
            self.tree.addTopLevelItem(item)
        else:
            parent.addChild(item)
        return item

    def _open(self, dialog: GridFormDialog) -> None:
        self.open_dialog(dialog, self._saved)

    def _saved(self, dialog: GridFormDialog) -> None:
        note = "；".join(dialog.warnings)
        self.page.after_change(self.tr("已保存") + (self.tr("。提示：") + note if note else ""))
        if note:  # a guideline, not an error: say it without blocking the clerk
            self.notice = QMessageBox(QMessageBox.Icon.Information, self.tr("已保存，请留意"), note, parent=self)
            self.notice.open()

    def _selected_grid_id(self) -> str | None:
        item = self.selected_item()
        while item is not None and item.data(0, KIND_ROLE) != "grid":
            item = item.parent()
        return item.data(0, Qt.ItemDataRole.UserRole)["id"] if item is not None else None

    def _new_unit(self) -> None:
        self._open(UnitDialog(self.ctx, self.page.loaded_lookups()["grids"], grid_id=self._selected_grid_id(), parent=self))

    def edit(self, item: QTreeWidgetItem | None) -> None:
        if item is None:
            return
        kind, data = item.data(0, KIND_ROLE), item.data(0, Qt.ItemDataRole.UserRole)
        actor = self.ctx.actor
        if kind == "village" and data.get("id"):
            self._open(VillageDialog(self.ctx, data, parent=self))
        elif kind in ("grid", "member"):
            grid_id = data["id"] if kind == "grid" else data["grid_id"]
            self.ctx.worker.submit(lambda: registry.grid_for_edit(actor, grid_id),
                                   lambda d: self._open(GridDialog(self.ctx, self.page.loaded_lookups()["villages"], d, self)),
                                   self.page.failed)
        elif kind == "unit":
            self.ctx.worker.submit(lambda: registry.unit_for_edit(actor, data["id"]),
                                   lambda d: self._open(UnitDialog(self.ctx, self.page.loaded_lookups()["grids"], d,
                                                                   parent=self)), self.page.failed)
        elif kind == "household":
            self.ctx.worker.submit(lambda: grid_households.household_for_edit(actor, data["id"]),
                                   lambda d: self._open(HouseholdDialog(self.ctx, data["unit"], d, parent=self)),
                                   self.page.failed)

    def _new_household(self) -> None:
        item = self.selected_item()
        if item is not None and item.data(0, KIND_ROLE) == "household":
            item = item.parent()
        if item is None or item.data(0, KIND_ROLE) != "unit":
            self.ctx.bus.status_message.emit(self.tr("请先在名册中选中一个十联户"))
            return
        self._open(HouseholdDialog(self.ctx, item.data(0, Qt.ItemDataRole.UserRole), parent=self))

    def _delete_unit(self) -> None:
        item = self.selected_item()
        if item is None or item.data(0, KIND_ROLE) != "unit":
            self.ctx.bus.status_message.emit(self.tr("请先在名册中选中一个十联户"))
            return
        unit = item.data(0, Qt.ItemDataRole.UserRole)
        answer = QMessageBox.question(self, self.tr("删除联户"),
                                      self.tr(f"确定删除联户长“{unit['head_name']}”的十联户？"))
        if answer == QMessageBox.StandardButton.Yes:
            actor = self.ctx.actor
            self.ctx.worker.submit(lambda: registry.delete_unit(actor, unit["id"]),
                                   lambda _r: self.page.after_change(self.tr("已删除联户")), self.page.failed)
