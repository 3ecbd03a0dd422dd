"""Edit dialogs of the grid registry: village/community, grid (with its members), household unit."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QSpinBox, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from zhongxin_desktop.domain.grid_input import (
    GRID_KINDS, MEMBER_DUTIES, VILLAGE_KINDS, GridInput, HouseholdInput, MemberInput, UnitInput, VillageInput,
)
from zhongxin_desktop.services.gridwork import grid as registry, grid_households
from zhongxin_desktop.ui.cells import cell_text
from zhongxin_desktop.ui.dialogs.grid_form import GridFormDialog, combo, optional_date_edit, optional_date_of
from zhongxin_desktop.ui.screen_fit import fit_to_screen

if TYPE_CHECKING:
    from zhongxin_desktop.ui.context import AppContext


class VillageDialog(GridFormDialog):
    def __init__(self, ctx: AppContext, village: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("编辑村/社区") if village else self.tr("新增村/社区"), parent)
        village = village or {}
        self.village_id = village.get("id")
        self.name = QLineEdit(village.get("name", ""))
        self.kind = combo([(k, k) for k in VILLAGE_KINDS], village.get("kind"))
        self.code = QLineEdit(village.get("code", ""))
        self.code.setPlaceholderText(self.tr("12位统计用区划代码，可留空"))
        self.form.addRow(self.tr("名称"), self.name)
        self.form.addRow(self.tr("类别"), self.kind)
        self.form.addRow(self.tr("区划代码"), self.code)
        self.finish_layout(self.job)

    def job(self) -> Callable[[], Any]:
        data = VillageInput(self.name.text(), self.kind.currentData(), self.code.text().strip())
        actor, vid = self.ctx.actor, self.village_id
        return lambda: registry.save_village(actor, data, vid)


class GridDialog(GridFormDialog):
    """A grid and its members: 网格长 and 网格员 with phones, edited in one table."""

    def __init__(self, ctx: AppContext, villages: list[dict[str, Any]], grid: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("编辑网格") if grid else self.tr("新增网格"), parent)
        grid = grid or {}
        self.grid_id = grid.get("id")
        self.code = QLineEdit(grid.get("code", ""))
        self.name = QLineEdit(grid.get("name", ""))
        self.village = combo([(v["name"], v["id"]) for v in villages if v["id"]] + [(self.tr("（不归属村/社区）"), None)],
                             grid.get("village_id"))
        self.kind = combo([(label, key) for key, label in GRID_KINDS.items()], grid.get("kind"))
        self.households = QSpinBox()
        self.households.setRange(0, 100000)
        self.households.setSuffix(self.tr(" 户"))
        self.households.setValue(grid.get("households", 0))
        self.leader = QLineEdit(grid.get("leader_name", ""))
        self.leader_phone = QLineEdit(grid.get("leader_phone", ""))
        self.party_branch = QLineEdit(grid.get("party_branch", ""))
        self.party_branch.setPlaceholderText(self.tr("如：青山村党支部"))
        self.party_group = QLineEdit(grid.get("party_group", ""))
        self.party_group.setPlaceholderText(self.tr("如：第一党小组（与网格员、联户长组成铁三角）"))
        for label, w in ((self.tr("网格编码"), self.code), (self.tr("网格名称"), self.name),
                         (self.tr("所属村/社区"), self.village), (self.tr("类型"), self.kind),
                         (self.tr("户数"), self.households), (self.tr("网格长"), self.leader),
                         (self.tr("网格长电话"), self.leader_phone), (self.tr("党支部"), self.party_branch),
                         (self.tr("党小组"), self.party_group)):
            self.form.addRow(label, w)
        self.members = QTableWidget(0, 3)
        self.members.setHorizontalHeaderLabels([self.tr("姓名"), self.tr("电话"), self.tr("职务")])
        self.members.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.members.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for m in grid.get("members", []):
            self.add_member(m["name"], m["phone"], m["duty"])
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.members)
        row = QHBoxLayout()
        add = QPushButton(self.tr("添加网格员"))
        add.clicked.connect(lambda: self.add_member("", "", "网格员"))
        remove = QPushButton(self.tr("移除所选"))
        remove.clicked.connect(lambda: self.members.removeRow(self.members.currentRow()))
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch()
        lay.addLayout(row)
        self.form.addRow(self.tr("网格成员"), box)
        self.finish_layout(self.job)
        fit_to_screen(self, 560, 520)

    def add_member(self, name: str, phone: str, duty: str) -> None:
        r = self.members.rowCount()
        self.members.insertRow(r)
        self.members.setItem(r, 0, QTableWidgetItem(name))
        self.members.setItem(r, 1, QTableWidgetItem(phone))
        self.members.setCellWidget(r, 2, combo([(d, d) for d in MEMBER_DUTIES], duty))

    def member_inputs(self) -> list[MemberInput]:
        out = []
        for r in range(self.members.rowCount()):
            name = cell_text(self.members, r, 0).strip()
            phone = cell_text(self.members, r, 1)
            duty = self.members.cellWidget(r, 2)
            assert isinstance(duty, QComboBox)  # every row's third cell is the duty's combo box
            if name or phone.strip():
                out.append(MemberInput(name, phone, duty.currentData()))
        return out

    def job(self) -> Callable[[], Any]:
        data = GridInput(code=self.code.text(), name=self.name.text(), village_id=self.village.currentData(),
                         kind=self.kind.currentData(), households=self.households.value(),
                         leader_name=self.leader.text(), leader_phone=self.leader_phone.text(),
                         members=self.member_inputs(), party_group=self.party_group.text(),
                         party_branch=self.party_branch.text())
        actor, gid = self.ctx.actor, self.grid_id
        return lambda: registry.save_grid(actor, data, gid)


class UnitDialog(GridFormDialog):
    def __init__(self, ctx: AppContext, grids: list[dict[str, Any]], unit: dict[str, Any] | None = None, grid_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("编辑联户") if unit else self.tr("新增十联户"), parent)
        unit = unit or {}
        self.unit_id = unit.get("id")
        self.grid = combo([(f"{g['name']}（{g['code']}）", g["id"]) for g in grids], unit.get("grid_id") or grid_id)
        self.name = QLineEdit(unit.get("name", ""))
        self.name.setPlaceholderText(self.tr("如：第3联户"))
        self.head = QLineEdit(unit.get("head_name", ""))
        self.phone = QLineEdit(unit.get("head_phone", ""))
        self.households = QSpinBox()
        self.households.setRange(1, 1000)
        self.households.setSuffix(self.tr(" 户"))
        self.households.setValue(unit.get("households", 10))
        self.notes = QLineEdit(unit.get("notes", ""))
        blank = self.tr("未记录")
        self.elected_on = optional_date_edit(unit.get("elected_on"), blank)
        self.police_reviewed_on = optional_date_edit(unit.get("police_reviewed_on"), blank)
        self.police_reviewer = QLineEdit(unit.get("police_reviewer", ""))
        self.police_reviewer.setPlaceholderText(self.tr("片区民警姓名"))
        self.branch_confirmed_on = optional_date_edit(unit.get("branch_confirmed_on"), blank)
        self.branch_confirmer = QLineEdit(unit.get("branch_confirmer", ""))
        self.branch_confirmer.setPlaceholderText(self.tr("党支部审定人姓名"))
        for label, w in ((self.tr("所属网格"), self.grid), (self.tr("联户名称"), self.name),
                         (self.tr("联户长"), self.head), (self.tr("联户长电话"), self.phone),
                         (self.tr("联系户数"), self.households), (self.tr("备注"), self.notes),
                         (self.tr("联户推选日期（联户选）"), self.elected_on),
                         (self.tr("片警审核日期（片警审）"), self.police_reviewed_on),
                         (self.tr("审核民警"), self.police_reviewer),
                         (self.tr("支部审定日期（支部核）"), self.branch_confirmed_on),
                         (self.tr("审定人"), self.branch_confirmer)):
            self.form.addRow(label, w)
        self.finish_layout(self.job)
        fit_to_screen(self, 480, 460)

    def job(self) -> Callable[[], Any]:
        data = UnitInput(self.grid.currentData() or "", self.head.text(), self.phone.text(), self.households.value(),
                         self.name.text(), self.notes.text(), optional_date_of(self.elected_on),
                         optional_date_of(self.police_reviewed_on), self.police_reviewer.text(),
                         optional_date_of(self.branch_confirmed_on), self.branch_confirmer.text())
        actor, uid = self.ctx.actor, self.unit_id
        return lambda: registry.save_unit(actor, data, uid)


class HouseholdDialog(GridFormDialog):
    """One household of a unit: 户主, address, people, phone, tags."""

    def __init__(self, ctx: AppContext, unit: dict[str, Any], household: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("编辑住户") if household else self.tr("新增住户"), parent)
        household = household or {}
        self.unit_id = unit["id"]
        self.household_id = household.get("id")
        self.head = QLineEdit(household.get("head_name", ""))
        self.address = QLineEdit(household.get("address", ""))
        self.members = QSpinBox()
        self.members.setRange(1, 50)
        self.members.setSuffix(self.tr(" 人"))
        self.members.setValue(household.get("members", 1))
        self.phone = QLineEdit(household.get("phone", ""))
        self.tags = QLineEdit(household.get("tags", ""))
        self.tags.setPlaceholderText(self.tr("如：低保户、独居老人、留守儿童（用顿号分隔）"))
        for label, w in ((self.tr("所属联户"), QLabel(f"{unit['name'] or ''} 联户长 {unit['head_name']}")),
                         (self.tr("户主"), self.head), (self.tr("住址"), self.address),
                         (self.tr("家庭人口"), self.members), (self.tr("联系电话"), self.phone),
                         (self.tr("标签"), self.tags)):
            self.form.addRow(label, w)
        self.finish_layout(self.job)

    def job(self) -> Callable[[], Any]:
        data = HouseholdInput(self.unit_id, self.head.text(), self.address.text(), self.members.value(),
                              self.phone.text(), self.tags.text())
        actor, hid = self.ctx.actor, self.household_id
        return lambda: grid_households.save_household(actor, data, hid)
