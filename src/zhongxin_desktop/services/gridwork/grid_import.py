"""Importing grid-platform Excel exports: the registry (grids, household units) and grid events.

Every row gets an account (imported / updated / skipped, with sheet, row and reason); nothing
is dropped silently. Registry sheets are applied before event sheets, so events can name grids
from the same file. All in one transaction; a dry run rolls it back. Events carry a stable
external_ref, so importing the same file again adds nothing.
"""
from __future__ import annotations

from typing import Any

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from zhongxin_desktop.domain import grid_sheets as gs, vocab
from zhongxin_desktop.domain.errors import DomainError, ValidationError
from zhongxin_desktop.domain.grid_input import (
    EventStatus,
    GRID_KIND_BY_LABEL, EventInput, GridInput, MemberInput, UnitInput, VillageInput,
)
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.domain.sheet_parsing import (
    HeaderMatch, cell_text, find_header, is_blank, is_subtotal, parse_date, parse_int,
)
from zhongxin_desktop.services import audit, settings
from zhongxin_desktop.services.gridwork import grid as registry
from zhongxin_desktop.services.actor import Actor
from zhongxin_desktop.services.gridwork.grid_events import validate as validate_event
from zhongxin_desktop.store.db import database
from zhongxin_desktop.store.models import Grid, GridEvent, GridMember, HouseholdUnit, Village


BLANK, TOTAL = "空行", "合计/小计行"


@dataclass
class RowResult:
    sheet: str
    row: int | None  # the Excel row number; None for a whole sheet
    outcome: str  # imported / updated / skipped
    reason: str = ""
    kind: str = ""
    problem: bool = False  # skipped because something in the row is wrong (not blank, total or duplicate)


@dataclass
class ImportReport:
    file: str
    dry_run: bool
    sheets: list[dict[str, Any]] = field(default_factory=list)
    rows: list[RowResult] = field(default_factory=list)

    def add(self, sheet: str, row: int | None, outcome: str, reason: str = "", kind: str = "",
            problem: bool = False) -> None:
        self.rows.append(RowResult(sheet, row, outcome, reason, kind, problem))

    @property
    def problems(self) -> int:
        return sum(r.problem for r in self.rows)

    @property
    def refused_all(self) -> bool:
        """Every row with content is wrong: the file as a whole is refused (CLI exit 1). Rows
        already imported or unchanged are fine, so re-importing a partly bad file is not refused."""
        content = [r for r in self.rows if r.row is not None and r.reason not in (BLANK, TOTAL)]
        return bool(content) and all(r.problem for r in content)

    @property
    def counts(self) -> dict[str, int]:
        out = {"imported": 0, "updated": 0, "skipped": 0}
        for r in self.rows:
            if r.row is not None:
                out[r.outcome] = out.get(r.outcome, 0) + 1
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "dry_run": self.dry_run, "counts": self.counts, "problems": self.problems,
                "sheets": self.sheets,
                "rows": [asdict(r) for r in self.rows]}


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


def _load_sheets(path: Path) -> list[tuple[str, list[list[object]]]]:
    """Each sheet's rows, with merged cells filled from their top-left cell (a village name merged
    down over its grids reads on every row)."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not xlsx
        raise DomainError(f"无法读取 {path.name}：{exc}。请确认是 Excel（.xlsx）文件。") from exc
    sheets = []
    for ws in wb.worksheets:
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        for rng in ws.merged_cells.ranges:
            value = rows[rng.min_row - 1][rng.min_col - 1]
            for r in range(rng.min_row - 1, min(rng.max_row, len(rows))):
                for c in range(rng.min_col - 1, rng.max_col):
                    rows[r][c] = value
        sheets.append((ws.title, rows))
    return sheets


def _classify(rows: list[list[Any]]) -> tuple[str, HeaderMatch] | None:
    best = None
    for kind, (columns, required, _) in gs.SHEET_KINDS.items():
        match = find_header(rows, columns, required)
        if match and (best is None or len(match.columns) > len(best[1].columns)):
            best = (kind, match)
    return best


class _Row:
    def __init__(self, cells: list[object], match: HeaderMatch):
        self.cells, self.match = cells, match

    def raw(self, name: str) -> object:
        col = self.match.columns.get(name)
        return self.cells[col] if col is not None and col < len(self.cells) else None

    def text(self, name: str) -> str:
        return cell_text(self.raw(name))


def import_file(actor: Actor, path: str | Path, *, dry_run: bool = False, today: dt.date | None = None,
                progress: Callable[[int, int], None] | None = None) -> ImportReport:
    actor.require(Perm.IMPORT, "grid_import")
    path = Path(path)
    if not path.exists():
        raise DomainError(f"文件不存在：{path}")
    report = ImportReport(str(path), dry_run)
    sheets = []
    for name, rows in _load_sheets(path):
        found = _classify(rows)
        if found is None:
            report.add(name, None, "skipped", "未识别的工作表：找不到网格名册、十联户名册或网格事件的表头")
            continue
        kind, match = found
        if kind == "events" and not ({"grid_code", "grid_name"} & match.columns.keys()):
            report.add(name, None, "skipped", "网格事件表缺少“网格”或“网格编码”列，无法确定事件所属网格", problem=True)
            continue
        report.sheets.append({"sheet": name, "kind": kind, "label": gs.SHEET_KINDS[kind][2],
                              "header_row": match.row_index + 1, "columns": match.labels})
        sheets.append((name, kind, match, rows))
    if not sheets:
        raise DomainError(f"{path.name} 中没有可识别的工作表（网格名册、十联户名册或网格事件）。"
                          "请确认表头含有如“网格编码、网格名称、户数”或“上报日期、事件描述”等列。")
    order = {"grids": 0, "units": 1, "events": 2}
    sheets.sort(key=lambda s: order[s[1]])
    total = sum(len(rows) - m.row_index - 1 for _, _, m, rows in sheets)
    done = 0
    importer = _Importer(actor, report, today or dt.date.today())
    try:
        with database.atomic():
            for name, kind, match, rows in sheets:
                last = max((i for i, r in enumerate(rows) if not is_blank(r)), default=match.row_index)
                for i in range(match.row_index + 1, last + 1):
                    excel_row, cells = i + 1, rows[i]
                    if is_blank(cells):
                        report.add(name, excel_row, "skipped", BLANK, kind)
                    elif is_subtotal(cells):
                        report.add(name, excel_row, "skipped", TOTAL, kind)
                    else:
                        getattr(importer, kind)(name, excel_row, _Row(cells, match))
                    done += 1
                    if progress and done % 50 == 0:
                        progress(done, total)  # may raise to cancel: the transaction rolls back
            if progress:
                progress(total, total)  # the last chance to cancel, before the commit
            audit.record(actor.username, "grid_import", "file", path.name,
                         detail={**report.counts, "dry_run": dry_run})
            if dry_run:
                raise _DryRun()
    except _DryRun:
        pass
    return report


class _Importer:
    def __init__(self, actor: Actor, report: ImportReport, today: dt.date):
        self.actor, self.report, self.today = actor, report, today
        self.types = settings.get("grid_event_types")
        self.levels = settings.get("risk_levels")
        self.seen: dict[str, tuple[str, int]] = {}  # event keys met in this file: (sheet, row)

    def _grid(self, row: _Row) -> tuple[Grid | None, str]:
        """The grid a row names. A column headed just "网格" may hold the code or the name."""
        code, name = row.text("grid_code"), row.text("grid_name")
        for value in (code, name):
            if value:
                grid = (Grid.select().where((Grid.code == value) | (Grid.name == value), Grid.active == True)  # noqa: E712
                        .order_by(Grid.code == value).first())
                if grid is not None:
                    return grid, value
        return None, code or name

    @staticmethod
    def _unit_of(grid: Grid, data: EventInput) -> str | None:
        """A 联户长's report counts for the unit of that name in the grid, when there is one."""
        if data.reporter_role != "联户长":
            return None
        unit = HouseholdUnit.get_or_none(HouseholdUnit.grid == grid, HouseholdUnit.head_name == data.reporter_name)
        return unit.id if unit else None

    def _village(self, name: str) -> str | None:
        if not name:
            return None
        village = Village.get_or_none(Village.name == name, Village.active == True)  # noqa: E712
        if village is not None:
            return str(village.id)
        return registry.save_village(self.actor, VillageInput(name, "社区" if name.endswith("社区") else "村")).id

    def grids(self, sheet: str, n: int, row: _Row) -> None:
        households, reason = parse_int(row.raw("households"))
        if reason:
            return self.report.add(sheet, n, "skipped", f"户数：{reason}", "grids", problem=True)
        names, phones = gs.split_names(row.text("member_names")), gs.split_names(row.text("member_phones"))
        members = [MemberInput(nm, phones[i] if i < len(phones) else "") for i, nm in enumerate(names)]
        kind = row.text("kind") or ("urban" if row.text("village").endswith("社区") else "rural")
        data = GridInput(code=row.text("grid_code"), name=row.text("grid_name"), kind=kind,
                         households=households or 0, leader_name=row.text("leader_name"),
                         leader_phone=row.text("leader_phone"), members=members if names else None)
        existing = Grid.get_or_none(Grid.code == data.code, Grid.active == True) if data.code else None  # noqa: E712
        try:
            with database.atomic():  # a savepoint: a refused grid takes its new village back with it
                data.village_id = self._village(row.text("village"))
                if existing is not None and _same_grid(existing, data):
                    return self.report.add(sheet, n, "skipped", f"网格“{data.code}”已存在，内容无变化", "grids")
                _, warnings = registry.save_grid(self.actor, data, existing.id if existing else None)
        except ValidationError as exc:
            return self.report.add(sheet, n, "skipped", str(exc), "grids", problem=True)
        self.report.add(sheet, n, "updated" if existing else "imported",
                        "；".join([f"网格 {data.code} {data.name}", *warnings]), "grids")

    def units(self, sheet: str, n: int, row: _Row) -> None:
        grid, ref = self._grid(row)
        if grid is None:
            return self.report.add(sheet, n, "skipped", _no_grid(ref), "units", problem=True)
        households, reason = parse_int(row.raw("households"))
        if reason:
            return self.report.add(sheet, n, "skipped", f"联系户数：{reason}", "units", problem=True)
        data = UnitInput(grid.id, row.text("head_name"), row.text("head_phone"), households or 10,
                         row.text("unit_name"), row.text("notes"))
        existing = HouseholdUnit.get_or_none(HouseholdUnit.grid == grid, HouseholdUnit.head_name == data.head_name,
                                             HouseholdUnit.name == data.name)
        if existing and (existing.head_phone, existing.households) == (data.head_phone, data.households):
            return self.report.add(sheet, n, "skipped", f"联户长“{data.head_name}”已在{grid.name}登记，内容无变化",
                                   "units")
        try:
            _, warnings = registry.save_unit(self.actor, data, existing.id if existing else None)
        except ValidationError as exc:
            return self.report.add(sheet, n, "skipped", str(exc), "units", problem=True)
        self.report.add(sheet, n, "updated" if existing else "imported",
                        "；".join([f"{grid.name} 联户长 {data.head_name}", *warnings]), "units")

    def events(self, sheet: str, n: int, row: _Row) -> None:
        notes = []
        grid, ref = self._grid(row)
        if grid is None:
            return self.report.add(sheet, n, "skipped", _no_grid(ref), "events", problem=True)
        reported_on, reason = parse_date(row.raw("reported_on"))
        if reason or reported_on is None:  # parse_date gives a reason whenever it gives no date
            return self.report.add(sheet, n, "skipped", f"上报日期：{reason}", "events", problem=True)
        raw_type = row.text("event_type")
        etype = gs.event_type(raw_type, self.types) if raw_type else None
        if etype is None:
            etype = "其他" if "其他" in self.types else self.types[-1]
            notes.append(f"类型“{raw_type or '（空）'}”不在列表中，记为“{etype}”")
        raw_risk = row.text("risk_level")
        level = gs.risk_level(raw_risk, self.levels) if raw_risk else None
        if level is None:
            level = "黄" if "黄" in self.levels else self.levels[len(self.levels) // 2]
            notes.append(f"风险等级“{raw_risk or '（空）'}”无法识别，记为“{level}”")
        data = EventInput(grid.id, reported_on, row.text("reporter_name"), etype, row.text("description"), level,
                          gs.reporter_role(row.text("reporter_role")))
        errors = validate_event(data, self.today, find_unit=False)
        if errors.errors:
            return self.report.add(sheet, n, "skipped", "；".join(str(e) for e in errors.errors), "events", problem=True)
        key = gs.event_key(row.text("ref"), grid.code, reported_on.isoformat(), data.reporter_name, raw_type,
                           data.description)
        if key in self.seen:
            first_sheet, first_row = self.seen[key]
            return self.report.add(sheet, n, "skipped", f"与{first_sheet}第{first_row}行重复，未再次导入", "events")
        if GridEvent.select().where(GridEvent.external_ref == key).exists():
            return self.report.add(sheet, n, "skipped", "已导入过（重复记录），未再次导入", "events")
        self.seen[key] = (sheet, n)
        status = gs.event_status(row.text("status"))
        handled_on = None
        if status == EventStatus.CLOSED:
            handled_on, reason = parse_date(row.raw("handled_on")) if row.text("handled_on") else (reported_on, None)
            if reason:
                return self.report.add(sheet, n, "skipped", f"办结日期：{reason}", "events", problem=True)
        if status == EventStatus.ESCALATED:
            notes.append("平台标记为已上报，尚未关联中心案件")
        event = GridEvent.create(owner_code=grid.owner_code, grid=grid, reported_on=reported_on,
                                 reporter_name=data.reporter_name, reporter_role=data.reporter_role,
                                 event_type=etype, description=data.description, risk_level=level, status=status,
                                 handled_on=handled_on, result=row.text("result"), external_ref=key,
                                 tenlink=vocab.TENLINK_BY_EVENT_TYPE.get(etype, ""), unit=self._unit_of(grid, data))
        audit.record(self.actor.username, "grid_event_import", "grid_event", event.id, detail={"sheet": sheet, "row": n})
        self.report.add(sheet, n, "imported", "；".join([f"{grid.name} {reported_on.isoformat()} {etype}", *notes]),
                        "events")


def _no_grid(ref: str) -> str:
    if not ref:
        return "未填写所属网格"
    return f"网格“{ref}”不存在：请先导入网格名册，或在网格页登记该网格"


def _same_grid(g: Grid, d: GridInput) -> bool:
    kind = GRID_KIND_BY_LABEL.get(d.kind, d.kind)
    same = (g.name, g.kind, g.households, g.leader_name, g.leader_phone, g.village_id) == (
        d.name, kind, d.households, d.leader_name, d.leader_phone, d.village_id)
    if same and d.members is not None:
        names = {m.name for m in GridMember.select().where(GridMember.grid == g, GridMember.active == True)}  # noqa: E712
        same = names == {m.name for m in d.members}
    return same
