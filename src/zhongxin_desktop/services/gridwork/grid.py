"""The grid registry (一张网、十联户): villages/communities, grids with their 网格长 and 网格员,
household units with their 联户长. Events live in grid_events, visits in grid_visits.

Guideline sizes produce warnings (returned to the caller to show), never refusals.
"""
from __future__ import annotations

from typing import Any

from dataclasses import asdict

from peewee import JOIN

from zhongxin_desktop.domain.errors import NotFound
from zhongxin_desktop.domain.grid_input import (
    GRID_KINDS, GridInput, MemberInput, UnitInput, VillageInput, validate_grid, validate_unit, validate_village,
)
from zhongxin_desktop.domain.masking import mask_phone
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.services import audit
from zhongxin_desktop.services.actor import Actor
from zhongxin_desktop.services.gridwork.grid_records import GridMemberRecord, GridRecord, HouseholdUnitRecord, VillageRecord
from zhongxin_desktop.services.center import local_center
from zhongxin_desktop.services.gridwork.grid_households import (
    _grid_household_warnings, _households_by_unit, household_sum_warnings, _selection_text,
)
from zhongxin_desktop.store.db import database
from zhongxin_desktop.store.tombstones import delete_with_tombstones
from zhongxin_desktop.store.models import Grid, GridMember, HouseholdUnit, Village


def _update(row: Any, **values: Any) -> dict[str, Any]:
    """Set changed fields on an existing synced row; returns what changed (for the audit)."""
    changed = {k: v for k, v in values.items() if getattr(row, k) != v}
    for k, v in changed.items():
        setattr(row, k, v)
    if changed:
        row.touch()
        row.save()
    return changed


# --- reading ----------------------------------------------------------------------------------

def _get_grid(ref: str) -> Grid:
    """A grid by id, code or exact name."""
    grid = Grid.get_or_none((Grid.id == ref) | (Grid.code == ref) | (Grid.name == ref))
    if grid is None:
        raise NotFound(f"找不到网格“{ref}”，请核对网格编码或名称（zhongxin grid list 可列出全部网格）")
    return grid


def _grid_dict(g: Grid, reveal: bool = False) -> dict[str, Any]:
    return {"id": g.id, "code": g.code, "name": g.name, "village_id": g.village_id,
            "village": g.village.name if g.village is not None else "", "kind": g.kind, "kind_label": GRID_KINDS[g.kind],
            "households": g.households, "leader_name": g.leader_name,
            "leader_phone": g.leader_phone if reveal else mask_phone(g.leader_phone), "active": g.active,
            "party_group": g.party_group, "party_branch": g.party_branch}


def list_grids(actor: Actor, *, include_inactive: bool = False, reveal: bool = False) -> list[dict[str, Any]]:
    actor.require(Perm.VIEW, "grid")
    q = Grid.select(Grid, Village).join(Village, on=(Grid.village == Village.id), join_type=JOIN.LEFT_OUTER)
    if not include_inactive:
        q = q.where(Grid.active == True)  # noqa: E712
    return [_grid_dict(g, reveal) for g in q.order_by(Grid.code)]


def registry_tree(actor: Actor, reveal: bool = False) -> list[dict[str, Any]]:
    """Villages → grids → members and units, for the page's tree and `grid list`."""
    actor.require(Perm.VIEW, "grid")
    members: dict[str, list[dict[str, Any]]] = {}
    for m in GridMember.select().where(GridMember.active == True).order_by(GridMember.name):  # noqa: E712
        members.setdefault(m.grid_id, []).append(
            {"id": m.id, "name": m.name, "duty": m.duty, "phone": m.phone if reveal else mask_phone(m.phone)})
    units: dict[str, list[dict[str, Any]]] = {}
    homes = _households_by_unit(reveal)
    for u in HouseholdUnit.select().order_by(HouseholdUnit.name, HouseholdUnit.head_name):
        units.setdefault(u.grid_id, []).append(
            {"id": u.id, "name": u.name, "head_name": u.head_name, "households": u.households, "notes": u.notes,
             "head_phone": u.head_phone if reveal else mask_phone(u.head_phone), "selection": _selection_text(u),
             "homes": homes.get(u.id, [])})
    grids_by_village: dict[str | None, list[dict[str, Any]]] = {}
    for g in Grid.select().where(Grid.active == True).order_by(Grid.code):  # noqa: E712
        d = _grid_dict(g, reveal)
        d["members"] = members.get(g.id, [])
        d["units"] = units.get(g.id, [])
        d["warnings"] = household_sum_warnings(g.households, d["units"])
        grids_by_village.setdefault(g.village_id, []).append(d)
    tree: list[dict[str, Any]] = [{"id": v.id, "name": v.name, "kind": v.kind, "code": v.code, "grids": grids_by_village.get(v.id, [])}
            for v in Village.select().where(Village.active == True).order_by(Village.code, Village.name)]  # noqa: E712
    if grids_by_village.get(None):
        tree.append({"id": None, "name": "（未归属村/社区）", "kind": "", "code": "", "grids": grids_by_village[None]})
    return tree


def _open_for_edit(actor: Actor, model: Any, entity: str, row_id: str, action: str, missing: str) -> Any:
    """A row whose phones are about to be shown in full: only for someone who may edit it, and
    the opening is audited."""
    actor.require(Perm.EDIT, entity, row_id)
    row = model.get_or_none(model.id == row_id)
    if row is None:
        raise NotFound(f"找不到该{missing}，可能已被删除，请刷新")
    audit.record(actor.username, action, entity, row_id)
    return row


def grid_for_edit(actor: Actor, grid_id: str) -> dict[str, Any]:
    """A grid with its members, phones in full."""
    grid = _open_for_edit(actor, Grid, "grid", grid_id, "grid_open_for_edit", "网格")
    d = _grid_dict(grid, reveal=True)
    d["members"] = [{"id": m.id, "name": m.name, "phone": m.phone, "duty": m.duty}
                    for m in grid.members.where(GridMember.active == True)]  # noqa: E712
    return d


def unit_for_edit(actor: Actor, unit_id: str) -> dict[str, Any]:
    u = _open_for_edit(actor, HouseholdUnit, "household_unit", unit_id, "unit_open_for_edit", "联户")
    return {"id": u.id, "grid_id": u.grid_id, "name": u.name, "head_name": u.head_name, "head_phone": u.head_phone,
            "households": u.households, "notes": u.notes, "elected_on": u.elected_on,
            "police_reviewed_on": u.police_reviewed_on, "police_reviewer": u.police_reviewer,
            "branch_confirmed_on": u.branch_confirmed_on, "branch_confirmer": u.branch_confirmer}


# --- villages ---------------------------------------------------------------------------------

def save_village(actor: Actor, data: VillageInput, village_id: str | None = None) -> VillageRecord:
    actor.require(Perm.EDIT if village_id else Perm.REGISTER, "village", village_id or "")
    errors = validate_village(data)
    clash = Village.select().where(Village.name == data.name, Village.active == True)  # noqa: E712
    if village_id:
        clash = clash.where(Village.id != village_id)
    if data.name and clash.exists():
        errors.add("村/社区名称", f"“{data.name}”已存在，请勿重复登记")
    errors.raise_if_any()
    with database.atomic():
        if village_id:
            village = Village.get_by_id(village_id)
            changed = _update(village, name=data.name, kind=data.kind, code=data.code)
            audit.record(actor.username, "village_edit", "village", village.id, detail=changed)
        else:
            village = Village.create(owner_code=local_center().code, name=data.name, kind=data.kind, code=data.code)
            audit.record(actor.username, "village_add", "village", village.id, detail=asdict(data))
    return VillageRecord.of(village)


# --- grids and their members ------------------------------------------------------------------

def save_grid(actor: Actor, data: GridInput, grid_id: str | None = None) -> tuple[GridRecord, list[str]]:
    """Add or edit a grid (and, when ``data.members`` is given, its member list). Returns the grid
    and the guideline warnings to show."""
    actor.require(Perm.EDIT if grid_id else Perm.REGISTER, "grid", grid_id or "")
    errors, warnings = validate_grid(data)
    clash = Grid.select().where(Grid.code == data.code, Grid.active == True)  # noqa: E712
    if grid_id:
        clash = clash.where(Grid.id != grid_id)
    if data.code and clash.exists():
        errors.add("网格编码", f"“{data.code}”已被其他网格使用，编码须唯一")
    if data.village_id and Village.get_or_none(Village.id == data.village_id) is None:
        errors.add("所属村/社区", "不存在，请重新选择")
    errors.raise_if_any()
    values = dict(code=data.code, name=data.name, village=data.village_id, kind=data.kind,
                  households=int(data.households or 0), leader_name=data.leader_name.strip(),
                  leader_phone=data.leader_phone, party_group=(data.party_group or "").strip(),
                  party_branch=(data.party_branch or "").strip())
    with database.atomic():
        if grid_id:
            grid = Grid.get_by_id(grid_id)
            values["village"] = data.village_id  # compare ids, not rows
            changed = _update(grid, **{k: v for k, v in values.items() if k != "village"})
            if grid.village_id != data.village_id:
                grid.village_id = data.village_id
                grid.touch()
                grid.save()
                changed["village"] = data.village_id
            audit.record(actor.username, "grid_edit", "grid", grid.id, detail={**changed, "warnings": warnings})
        else:
            grid = Grid.create(owner_code=local_center().code, **values)
            audit.record(actor.username, "grid_add", "grid", grid.id,
                         detail={"code": data.code, "name": data.name, "warnings": warnings})
        if data.members is not None:
            _replace_members(actor, grid, data.members)
    return GridRecord.of(grid), warnings


def _replace_members(actor: Actor, grid: Grid, members: list[MemberInput]) -> None:
    """Keep members by name (update phone/duty), add new ones, retire the others (rows stay for
    the exchange and the history, marked inactive)."""
    existing = {m.name: m for m in GridMember.select().where(GridMember.grid == grid)}
    wanted = set()
    for m in members:
        wanted.add(m.name)
        row = existing.get(m.name)
        if row is None:
            GridMember.create(owner_code=grid.owner_code, grid=grid, name=m.name, phone=m.phone, duty=m.duty)
        else:
            _update(row, phone=m.phone, duty=m.duty, active=True)
    for name, row in existing.items():
        if name not in wanted and row.active:
            _update(row, active=False)
    audit.record(actor.username, "grid_members", "grid", grid.id, detail={"members": sorted(wanted)})


def save_member(actor: Actor, grid_id: str, data: MemberInput, member_id: str | None = None) -> GridMemberRecord:
    """Add or edit one member of a grid."""
    actor.require(Perm.EDIT, "grid", grid_id)
    probe = GridInput(code="-", name="-", members=[data])
    errors, _ = validate_grid(probe)
    errors.raise_if_any()
    grid = Grid.get_or_none(Grid.id == grid_id)
    if grid is None:
        raise NotFound("找不到该网格")
    with database.atomic():
        if member_id:
            row = GridMember.get_by_id(member_id)
            changed = _update(row, name=data.name, phone=data.phone, duty=data.duty, active=True)
            audit.record(actor.username, "grid_member_edit", "grid_member", row.id, detail=changed)
        else:
            row = GridMember.create(owner_code=grid.owner_code, grid=grid, name=data.name, phone=data.phone,
                                    duty=data.duty)
            audit.record(actor.username, "grid_member_add", "grid_member", row.id, detail={"grid": grid.code})
    return GridMemberRecord.of(row)


def retire_member(actor: Actor, member_id: str) -> None:
    actor.require(Perm.EDIT, "grid_member", member_id)
    with database.atomic():
        row = GridMember.get_by_id(member_id)
        _update(row, active=False)
        audit.record(actor.username, "grid_member_retire", "grid_member", member_id)


def retire_grid(actor: Actor, grid_id: str) -> None:
    """Grids are merged and split over the years: a retired grid keeps its history."""
    actor.require(Perm.EDIT, "grid", grid_id)
    with database.atomic():
        _update(Grid.get_by_id(grid_id), active=False)
        audit.record(actor.username, "grid_retire", "grid", grid_id)


# --- household units (十联户) ---------------------------------------------------------------

def save_unit(actor: Actor, data: UnitInput, unit_id: str | None = None) -> tuple[HouseholdUnitRecord, list[str]]:
    actor.require(Perm.EDIT if unit_id else Perm.REGISTER, "household_unit", unit_id or "")
    errors, warnings = validate_unit(data)
    grid = Grid.get_or_none(Grid.id == data.grid_id) if data.grid_id else None
    if data.grid_id and grid is None:
        errors.add("所属网格", "不存在，请重新选择")
    errors.raise_if_any()
    assert grid is not None  # validate_unit requires a grid: no error means one was found
    values = dict(grid=grid, name=data.name.strip(), head_name=data.head_name, head_phone=data.head_phone,
                  households=int(data.households), notes=data.notes, elected_on=data.elected_on,
                  police_reviewed_on=data.police_reviewed_on, police_reviewer=data.police_reviewer,
                  branch_confirmed_on=data.branch_confirmed_on, branch_confirmer=data.branch_confirmer)
    with database.atomic():
        if unit_id:
            unit = HouseholdUnit.get_by_id(unit_id)
            changed = _update(unit, **{k: v for k, v in values.items() if k != "grid"})
            if unit.grid_id != grid.id:
                unit.grid = grid
                unit.touch()
                unit.save()
            audit.record(actor.username, "unit_edit", "household_unit", unit.id, detail=changed)
        else:
            unit = HouseholdUnit.create(owner_code=grid.owner_code, **values)
            audit.record(actor.username, "unit_add", "household_unit", unit.id,
                         detail={"grid": grid.code, "head": data.head_name, "warnings": warnings})
        warnings += _grid_household_warnings(grid)
    return HouseholdUnitRecord.of(unit), warnings


def delete_unit(actor: Actor, unit_id: str) -> None:
    actor.require(Perm.EDIT, "household_unit", unit_id)
    unit = HouseholdUnit.get_or_none(HouseholdUnit.id == unit_id)
    if unit is None:
        raise NotFound("找不到该联户")
    with database.atomic():
        audit.record(actor.username, "unit_delete", "household_unit", unit_id,
                     detail={"head": unit.head_name, "grid": unit.grid_id})
        delete_with_tombstones(unit)  # the deletion travels to the county


def lookups(actor: Actor) -> dict[str, Any]:
    """What the grid page's forms choose from: grids, villages, the configured lists, and the
    people of each grid (members and household heads) to pick a reporter or visitor."""
    from zhongxin_desktop.domain import vocab
    from zhongxin_desktop.services import settings

    actor.require(Perm.VIEW, "grid")
    workers: dict[str, list[str]] = {}
    for m in GridMember.select().where(GridMember.active == True).order_by(GridMember.name):  # noqa: E712
        workers.setdefault(m.grid_id, []).append(m.name)
    people = {gid: list(names) for gid, names in workers.items()}
    heads: dict[str, list[str]] = {}
    for u in HouseholdUnit.select(HouseholdUnit.grid, HouseholdUnit.head_name).order_by(HouseholdUnit.head_name):
        people.setdefault(u.grid_id, []).append(u.head_name)
        heads.setdefault(u.grid_id, []).append(u.head_name)
    return {"grids": list_grids(actor), "villages": [{"id": v.id, "name": v.name} for v in
                                                     Village.select().where(Village.active == True)],  # noqa: E712
            "event_types": settings.get("grid_event_types"), "risk_levels": settings.get("risk_levels"),
            "risk_meaning": vocab.RISK_MEANING, "categories": settings.get("categories"),
            "tenlinks": settings.get("tenlink_categories"),
            "workers": workers, "people": people, "heads": heads}


def get_grid(actor: Actor, ref: str) -> GridRecord:
    """The row ``_get_grid`` finds, as a record (read permission)."""
    actor.require(Perm.VIEW, "grid", ref)
    return GridRecord.of(_get_grid(ref))
