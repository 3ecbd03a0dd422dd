"""The households of a 十联户 unit (户主, address, people, phone, tags) and the checks that keep
the registry honest: a unit lists no more households than it says it links, and a grid's units
link no more households than the grid has. Checks warn, never refuse (a registry is filled in
over weeks, and the grid's household count may be the stale one)."""
from __future__ import annotations

from typing import Any

from zhongxin_desktop.domain.dates import cn_date
from zhongxin_desktop.domain.errors import Collector, NotFound
from zhongxin_desktop.domain.grid_input import HouseholdInput, validate_household
from zhongxin_desktop.domain.masking import mask_phone
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.services import audit
from zhongxin_desktop.services.actor import Actor, unattended
from zhongxin_desktop.services.gridwork.grid_records import HouseholdRecord, HouseholdUnitRecord
from zhongxin_desktop.store.db import database
from zhongxin_desktop.store.models import Grid, Household, HouseholdUnit
from zhongxin_desktop.store.tombstones import delete_with_tombstones


def _household_dict(h: Household, reveal: bool = False) -> dict[str, Any]:
    return {"id": h.id, "unit_id": h.unit_id, "head_name": h.head_name, "address": h.address,
            "members": h.members, "phone": h.phone if reveal else mask_phone(h.phone), "tags": h.tags}


def _households_by_unit(reveal: bool = False, unit_ids: list[str] | None = None) -> dict[str, list[dict[str, Any]]]:
    q = Household.select().order_by(Household.address, Household.head_name)
    if unit_ids is not None:
        q = q.where(Household.unit.in_(unit_ids))
    out: dict[str, list[dict[str, Any]]] = {}
    for h in q:
        out.setdefault(h.unit_id, []).append(_household_dict(h, reveal))
    return out


def list_households(actor: Actor, *, unit_id: str | None = None, grid_id: str | None = None,
                    reveal: bool = False) -> list[dict[str, Any]]:
    """Phones masked unless ``reveal`` (the caller checked the user may see them)."""
    actor.require(Perm.VIEW, "grid")
    q = (Household.select(Household, HouseholdUnit).join(HouseholdUnit)
         .order_by(HouseholdUnit.head_name, Household.address, Household.head_name))
    if unit_id:
        q = q.where(Household.unit == unit_id)
    if grid_id:
        q = q.where(HouseholdUnit.grid == grid_id)
    return [{**_household_dict(h, reveal), "unit_head": h.unit.head_name, "unit_name": h.unit.name} for h in q]


def _unit_warnings(unit: HouseholdUnit) -> list[str]:
    listed = Household.select().where(Household.unit == unit).count()
    if listed > unit.households:
        return [f"联户长{unit.head_name}的名册已列{listed}户，多于登记的联系户数{unit.households}户，请核对"]
    return []


@unattended("formats a row the calling service has already read for its actor")
def household_sum_warnings(grid_households: int, units: list[dict[str, Any]]) -> list[str]:
    """For a grid's units as dicts (``households`` and, when known, ``homes`` listed)."""
    out = []
    linked = sum(u["households"] for u in units)
    if grid_households and linked > grid_households:
        out.append(f"各联户联系户数合计{linked}户，多于网格户数{grid_households}户，请核对网格户数或联户名册")
    for u in units:
        listed = len(u.get("homes") or [])
        if listed > u["households"]:
            out.append(f"联户长{u['head_name']}的名册已列{listed}户，多于登记的联系户数{u['households']}户")
    return out


def _grid_household_warnings(grid: Grid) -> list[str]:
    units = [{"households": u.households, "head_name": u.head_name} for u in
             HouseholdUnit.select(HouseholdUnit.households, HouseholdUnit.head_name).where(HouseholdUnit.grid == grid)]
    return household_sum_warnings(grid.households, units)


def _selection_text(u: HouseholdUnit) -> str:
    """联户选、片警审、支部核 as one line for lists and printouts; empty when nothing is recorded."""
    parts = []
    if u.elected_on:
        parts.append(f"{cn_date(u.elected_on)}联户选")
    if u.police_reviewed_on:
        parts.append(f"{cn_date(u.police_reviewed_on)}片警审（{u.police_reviewer}）")
    if u.branch_confirmed_on:
        parts.append(f"{cn_date(u.branch_confirmed_on)}支部核（{u.branch_confirmer}）")
    return "，".join(parts)


def save_household(actor: Actor, data: HouseholdInput, household_id: str | None = None
                   ) -> tuple[HouseholdRecord, list[str]]:
    """Add or edit a household of a unit. Returns it and the registry checks' warnings."""
    actor.require(Perm.EDIT if household_id else Perm.REGISTER, "household", household_id or "")
    errors = validate_household(data)
    unit = HouseholdUnit.get_or_none(HouseholdUnit.id == data.unit_id) if data.unit_id else None
    if data.unit_id and unit is None:
        errors.add("所属联户", "不存在，请重新选择")
    row = Household.get_or_none(Household.id == household_id) if household_id else None
    if household_id and row is None:
        raise NotFound("找不到该户，可能已被删除，请刷新")
    errors.raise_if_any()
    assert unit is not None  # validate_household requires a unit: no error means one was found
    values = dict(unit=unit, head_name=data.head_name, address=data.address, members=int(data.members),
                  phone=data.phone, tags=data.tags)
    with database.atomic():
        if row is None:
            row = Household.create(owner_code=unit.owner_code, **values)
            audit.record(actor.username, "household_add", "household", row.id, detail={"unit": unit.id})
        else:
            changed = [k for k, v in values.items() if k != "unit" and getattr(row, k) != v]
            if row.unit_id != unit.id:
                changed.append("unit")
            for k, v in values.items():
                setattr(row, k, v)
            row.touch()
            row.save()
            audit.record(actor.username, "household_edit", "household", row.id, detail={"changed": changed})
    return HouseholdRecord.of(row), _unit_warnings(unit) + _grid_household_warnings(unit.grid)


def delete_household(actor: Actor, household_id: str) -> None:
    actor.require(Perm.EDIT, "household", household_id)
    row = Household.get_or_none(Household.id == household_id)
    if row is None:
        raise NotFound("找不到该户，可能已被删除，请刷新")
    with database.atomic():
        audit.record(actor.username, "household_delete", "household", household_id, detail={"unit": row.unit_id})
        delete_with_tombstones(row)


def _reporters_unit(grid_id: str | None, role: str, name: str, unit_id: str | None, errors: Collector, label: str,
                   where: str | None = None) -> str | None:
    """The unit a 联户长's report or visit counts for: the one picked (it must be of the grid), else
    the grid's one unit whose head has that name. Others (网格员, 网格长) count for no unit."""
    if role != "联户长" or not grid_id:
        return None
    if unit_id:
        unit = HouseholdUnit.get_or_none(HouseholdUnit.id == unit_id)
        if unit is None or unit.grid_id != grid_id:
            errors.add(label, "所选联户不在该网格，请重新选择", where)
            return None
        return unit.id
    found = list(HouseholdUnit.select(HouseholdUnit.id).where(HouseholdUnit.grid == grid_id,
                                                              HouseholdUnit.head_name == (name or "").strip()))
    # a head not (yet) in the registry, or two of one name, still reports; counted by name only
    return found[0].id if len(found) == 1 else None


def _get_unit(ref: str, grid_id: str | None = None) -> HouseholdUnit:
    """A unit by id, or by its name or its 联户长's name (within ``grid_id`` when given)."""
    q = HouseholdUnit.select().where((HouseholdUnit.id == ref) | (HouseholdUnit.name == ref)
                                     | (HouseholdUnit.head_name == ref))
    if grid_id:
        q = q.where(HouseholdUnit.grid == grid_id)
    found = list(q.limit(2))
    if len(found) == 1:
        return found[0]
    if not found:
        raise NotFound(f"找不到联户“{ref}”，请核对联户长姓名或联户名称（zhongxin grid list 可列出全部联户）")
    raise NotFound(f"“{ref}”对应多个联户，请加 --grid 指明网格")


def household_for_edit(actor: Actor, household_id: str) -> dict[str, Any]:
    """A household with its phone in full: only for someone who may edit it; the opening is audited."""
    actor.require(Perm.EDIT, "household", household_id)
    row = Household.get_or_none(Household.id == household_id)
    if row is None:
        raise NotFound("找不到该户，可能已被删除，请刷新")
    audit.record(actor.username, "household_open_for_edit", "household", household_id)
    return _household_dict(row, reveal=True)


def get_unit(actor: Actor, ref: str, grid_id: str | None = None) -> HouseholdUnitRecord:
    """The row ``_get_unit`` finds, as a record (read permission)."""
    actor.require(Perm.VIEW, "household_unit", ref)
    return HouseholdUnitRecord.of(_get_unit(ref, grid_id))
