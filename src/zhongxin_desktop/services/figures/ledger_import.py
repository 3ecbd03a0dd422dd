"""Importing a township's old Excel ledgers as historic cases.

Three steps the wizard shows one by one and the CLI runs in one go:
``analyse(path)`` reads the workbook and guesses each sheet's header and column mapping;
``plan(actor, analysis)`` gives every row below a header its verdict (import, already imported,
skipped, refused — with the reason); ``apply(actor, result)`` writes the importable rows in ONE
transaction. Re-importing a file is harmless: each case keeps the fingerprint of its sheet and row
content in ``Case.external_ref`` and a row whose fingerprint is already stored is not imported again.

Imported cases enter at their historic end state, not through the workflow: 调解成功 → 已归档
(with a trail event "succeeded", so statistics count the success), 已履行 → 已归档 via "performed",
调解不成 → 调解终止, 不予受理, 移交 and 撤回 → 已办结. An outcome that is empty or cannot be read is
history too: 已办结 with 结果不详, flagged (only an empty outcome of a row registered in the last
30 days is taken as open work, 调解中). Nothing of a row vanishes: a column no field takes is listed
in the account and its text kept in the case's remarks (the import entry on its timeline).
"""
from __future__ import annotations

from typing import Any

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from zhongxin_desktop.domain import idnumber, ledger_values as lv
from zhongxin_desktop.domain.errors import DomainError
from zhongxin_desktop.domain.ledger_layout import (
    FIELDS, Header, ParsedRow, PartyRecord, detect_header, field_named, parse_row,
)
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.domain.workflow import Status
from zhongxin_desktop.services.figures._ledger_reader import SheetCells, read_workbook
from zhongxin_desktop.services import audit, settings
from zhongxin_desktop.services.actor import Actor, unattended
from zhongxin_desktop.services.center import local_center
from zhongxin_desktop.store.bulk import insert_rows
from zhongxin_desktop.store.case_parties import case_party_rows
from zhongxin_desktop.store.db import database
from zhongxin_desktop.store.models import Case, CaseEvent, CaseParty, Party, User, Village, new_id, utcnow

VERDICT_LABELS = {"ok": "可导入", "imported": "已导入", "duplicate": "重复，未导入", "skipped": "跳过",
                  "error": "未导入"}
# outcome kind → final status and the trail of (action, from, to) steps written for it
TRAILS: dict[str, tuple[Status, list[tuple[str, str, str]]]] = {
    "succeeded": (Status.ARCHIVED, [("import", "", "succeeded"), ("archive", "succeeded", "archived")]),
    "performed": (Status.ARCHIVED, [("import", "", "succeeded"), ("complete_performance", "succeeded", "performed"),
                                    ("archive", "performed", "archived")]),
    "terminated": (Status.TERMINATED, [("import", "", "terminated")]),
    "rejected": (Status.REJECTED, [("import", "", "rejected")]),
    "concluded": (Status.CONCLUDED, [("import", "", "concluded")]),
    "withdrawn": (Status.CONCLUDED, [("import", "", "concluded")]),
    "unknown": (Status.CONCLUDED, [("import", "", "concluded")]),
    "mediating": (Status.MEDIATING, [("import", "", "mediating")]),
}
WRITE_BATCH = 1000  # ledger rows turned into insert rows at a time: memory stays flat for any file size


@dataclass
class SheetPlan:
    name: str
    cells: SheetCells
    header: Header | None
    year: int | None

    def unmapped_labels(self) -> list[str]:
        return [self.header.label(c) for c in self.header.unmapped(self.cells.rows)] if self.header else []

    def notes(self) -> list[str]:
        """What the account says about the sheet before its rows: guessed and unmapped columns."""
        if self.header is None:
            return []
        unmapped = self.unmapped_labels()
        return self.header.notes() + ([f"未对应的列（文字存入各案备注）：{'、'.join(unmapped)}"] if unmapped else [])

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "rows": len(self.cells.rows), "year": self.year,
                "header": self.header.to_dict() if self.header else None,
                "columns": {self.header.label(c): FIELDS[f] for c, f in self.header.mapping.items()}
                if self.header else {},
                "unmapped": self.unmapped_labels(), "notes": self.notes()}


@dataclass
class Analysis:
    path: Path
    sha256: str
    sheets: list[SheetPlan]


@dataclass
class ImportResult:
    file: str
    sha256: str
    sheets: list[SheetPlan]
    rows: list[ParsedRow] = field(default_factory=list)
    case_ids: dict[tuple[str, int], str] = field(default_factory=dict)
    dry_run: bool = True
    mapped: list[str] = field(default_factory=list)  # the clerk's column mappings, as the account says them

    def count(self, verdict: str) -> int:
        return sum(1 for r in self.rows if r.verdict == verdict)

    def importable(self) -> list[ParsedRow]:
        return [r for r in self.rows if r.verdict in ("ok", "imported")]

    def summary(self) -> str:
        done = "可导入" if self.dry_run else "已导入"
        warned = sum(1 for r in self.importable() if r.warnings)
        flagged = sum(1 for r in self.importable() if r.record for p in r.record.parties if p.id_flag)
        text = (f"{self.file}：共 {len(self.rows)} 行，{done} {len(self.importable())} 件（其中 {warned} 件有提示，"
                f"{flagged} 个身份证号存疑已标记），重复 {self.count('duplicate')} 行，跳过 {self.count('skipped')} 行，"
                f"未导入 {self.count('error')} 行")
        unknown = sum(1 for r in self.importable() if r.record and r.record.outcome_kind == "unknown")
        undecided = sum(1 for r in self.rows if r.verdict == "error" and r.reason.startswith("缺少申请人"))
        unmapped = sum(len(s.unmapped_labels()) for s in self.sheets)
        text += f"；{unknown} 件调解结果不详，按已办结导入" if unknown else ""
        text += f"；{undecided} 行缺少申请人，待决定（占位导入或跳过）" if undecided else ""
        text += f"；{unmapped} 列未对应项目，文字存入备注" if unmapped else ""
        return text + ("（试运行，未写入）" if self.dry_run else "")

    def account_lines(self) -> list[str]:
        lines = [f"全部\t列对应\t说明\t{m}" for m in self.mapped]
        lines += [f"{s.name}\t表头\t说明\t{note}" for s in self.sheets for note in s.notes()]
        for r in self.rows:
            note = "；".join(([r.reason] if r.reason else []) + r.warnings)
            lines.append(f"{r.sheet}\t第{r.row}行\t{VERDICT_LABELS[r.verdict]}\t{note}")
        return lines

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file, "sha256": self.sha256, "dry_run": self.dry_run, "mapped": self.mapped,
            "sheets": [s.to_dict() for s in self.sheets],
            "counts": {v: self.count(v) for v in VERDICT_LABELS},
            "rows": [{"sheet": r.sheet, "row": r.row, "verdict": r.verdict, "reason": r.reason,
                      "warnings": r.warnings, "case_id": self.case_ids.get((r.sheet, r.row)),
                      "id_flags": [p.id_flag for p in r.record.parties if p.id_flag] if r.record else []}
                     for r in self.rows],
        }


@unattended("reads the chosen workbook, not the database; the import that follows takes the actor")
def analyse(path: Path | str) -> Analysis:
    """Read the workbook and guess each sheet's header, mapping and year. A file with no case
    rows at all (empty, or headers only) is refused here, not reported as "imported 0"."""
    path = Path(path)
    sheets = []
    for cells in read_workbook(path):
        header = detect_header(cells.rows)
        above = [v for row in cells.rows[:(header.first_row - 1 if header else 5)] for v in row if v]
        sheets.append(SheetPlan(cells.name, cells, header, lv.year_hint([*map(str, above), cells.name])))
    if not any(lv.squash(v) for s in sheets for row in s.cells.rows for v in row):
        raise DomainError(f"{path.name} 是空的：没有任何工作表有内容，没有可导入的案件")
    if all(s.header is not None and not any(lv.squash(v) for row in s.cells.rows[s.header.last_row:] for v in row)
           for s in sheets if any(lv.squash(v) for row in s.cells.rows for v in row)):
        raise DomainError(f"{path.name} 只有表头，表头下面没有案件行：请确认选的是填好的台账")
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return Analysis(path, digest.hexdigest(), sheets)


@unattended("reads the chosen workbook, not the database; the import that follows takes the actor")
def map_columns(analysis: Analysis, pairs: list[str]) -> list[str]:
    """The clerk's column mappings, ``表头文字=项目`` (项目: a field key such as facts, or its Chinese
    name such as 纠纷简要情况; empty or 不导入: keep the column's text in the remarks). Returns
    one line per mapping for the account; refuses (DomainError) a pair it cannot apply."""
    done = []
    for pair in pairs:
        label, sep, name = pair.partition("=")
        if not sep or not label.strip():
            raise DomainError(f"列对应“{pair}”应写成 表头文字=项目，如 简要内容=facts 或 简要内容=纠纷简要情况")
        field_name = field_named(name)
        if field_name is None:
            raise DomainError(f"列对应“{pair}”：不认识的项目“{name.strip()}”。可用："
                              + "、".join(f"{k}（{v}）" for k, v in FIELDS.items()))
        hit = [s.name for s in analysis.sheets if s.header and s.header.map_label(label, field_name)]
        if not hit:
            known = sorted({lab for s in analysis.sheets if s.header for lab in s.header.labels if lab})
            raise DomainError(f"列对应“{pair}”：没有哪个工作表的表头是“{label.strip()}”。表头有：{'、'.join(known)}")
        done.append(f"“{label.strip()}”列按{FIELDS[field_name] if field_name else '备注'}导入（{'、'.join(hit)}）")
    return done


def plan(actor: Actor, analysis: Analysis, *, today: dt.date | None = None, missing_applicant: str = "ask",
         progress: Callable[[int, int, str], None] | None = None) -> ImportResult:
    """Every row's verdict, without writing anything."""
    actor.require(Perm.IMPORT, "ledger")
    today = today or dt.date.today()
    categories, sources = settings.get("categories"), settings.get("sources")
    result = ImportResult(analysis.path.name, analysis.sha256, analysis.sheets)
    total = sum(len(s.cells.rows) for s in analysis.sheets)
    for sheet in analysis.sheets:
        if sheet.header is None:
            for i, row in enumerate(sheet.cells.rows, start=1):
                if any(lv.squash(v) for v in row):
                    result.rows.append(ParsedRow(sheet.name, i, "error", "工作表中找不到表头（如“当事人”“登记日期”），"
                                                                     "请在导入向导中指定表头行和各列含义"))
            continue
        for i in range(sheet.header.last_row, len(sheet.cells.rows)):
            result.rows.append(parse_row(sheet.name, i + 1, sheet.cells.rows[i], sheet.header, year=sheet.year,
                                         today=today, categories=categories, sources=sources,
                                         missing_applicant=missing_applicant))
            if progress and i % 500 == 0:
                progress(len(result.rows), total, "检查")
    _mark_duplicates(result)
    return result


def _mark_duplicates(result: ImportResult) -> None:
    seen: dict[str, ParsedRow] = {}
    candidates = [r for r in result.rows if r.verdict == "ok"]
    stored: dict[str, str] = {}
    prints = [r.fingerprint for r in candidates]
    for i in range(0, len(prints), 500):
        q = Case.select(Case.external_ref, Case.case_no, Case.registered_on).where(
            Case.external_ref.in_(prints[i:i + 500]))
        found: Any = q.tuples()  # (ref, number, day): peewee's stubs type tuples() as rows of models
        for ref, case_no, registered in found:
            stored[ref] = case_no or f"登记于{registered}"
    for r in candidates:
        if r.fingerprint in stored:
            r.verdict, r.reason = "duplicate", f"此前已导入过（{stored[r.fingerprint]}）"
        elif r.fingerprint in seen:
            first = seen[r.fingerprint]
            r.verdict, r.reason = "duplicate", f"与本表第{first.row}行内容完全相同"
        else:
            seen[r.fingerprint] = r


def apply(actor: Actor, result: ImportResult, progress: Callable[[int, int, str], None] | None = None
          ) -> ImportResult:
    """Write every importable row in one transaction; the audit entry commits with them."""
    actor.require(Perm.IMPORT, "ledger")
    owner = local_center().code
    mediators = {u.display_name: u.id for u in User.select(User.id, User.display_name)}
    villages = [(v.name, v.id) for v in Village.select(Village.id, Village.name)]
    todo = [r for r in result.rows if r.verdict == "ok"]
    now = utcnow()
    due_days = {c: settings.due_days_for(c) for c in {r.record.category for r in todo if r.record}}
    with database.atomic():
        for start in range(0, len(todo), WRITE_BATCH):
            rows: dict[str, list[dict[str, Any]]] = {m: [] for m in ("case", "party", "link", "event")}
            for r in todo[start:start + WRITE_BATCH]:
                case_id = new_id()
                _case_rows(rows, r, case_id, owner, actor, mediators, villages, result.file, now, due_days)
                result.case_ids[(r.sheet, r.row)] = case_id
            for model, key in ((Case, "case"), (Party, "party"), (CaseParty, "link"), (CaseEvent, "event")):
                insert_rows(model, rows[key])
            if progress:
                progress(min(start + WRITE_BATCH, len(todo)), len(todo), "导入")
        audit.record(actor.username, "ledger_import", "ledger", result.sha256[:16], detail={
            "file": result.file, "sha256": result.sha256, "imported": len(todo),
            "duplicate": result.count("duplicate"), "skipped": result.count("skipped"),
            "error": result.count("error")})
    for r in todo:
        r.verdict = "imported"
    result.dry_run = False
    return result


def _party_values(p: PartyRecord) -> dict[str, Any]:
    info = None if p.id_flag or not p.id_number else idnumber.validate(p.id_number)[0]
    return dict(kind="natural", name=p.name, sex=info.sex if info else "", ethnicity="汉族",
                birth_date=info.birth_date if info else None, occupation="", address=p.address, phone=p.phone,
                id_number=p.id_number, id_flag=p.id_flag, legal_rep="", contact="",
                role=p.role, agent_name="", agent_phone="", agent_kind="")


def _case_rows(rows: dict[str, list[dict[str, Any]]], r: ParsedRow, case_id: str, owner: str, actor: Actor,
               mediators: dict[str, str], villages: list[tuple[str, str]], file: str, now: dt.datetime,
               due_days: dict[str, int]) -> None:
    rec = r.record
    assert rec is not None  # only rows read into a record are written
    status, trail = TRAILS[rec.outcome_kind]
    closed = None if status == Status.MEDIATING else (rec.closed_on or rec.registered_on)
    origin = f"旧台账 {file}·{r.sheet}·第{r.row}行" + (f"，原编号 {rec.case_no}" if rec.case_no else "")
    village = next((vid for name, vid in villages if rec.village and (name in rec.village or rec.village in name)),
                   None)
    base = dict(owner_code=owner, created_at=now, updated_at=now, row_version=1)
    rows["case"].append(dict(
        base, id=case_id, case_no=None, case_year=None, case_seq=None, status=status.value,
        registered_on=rec.registered_on, registered_by=actor.user_id,
        accepted_on=None if status == Status.REJECTED else rec.registered_on, source=rec.source,
        source_detail=origin, reporter_name="", village=village, grid=None, category=rec.category,
        facts=rec.facts, claims=rec.claims, persons_involved=rec.persons or max(len(rec.parties), 1),
        amount=rec.amount, risk_level="黄", is_group=(rec.persons or 0) >= 5,
        prevent_criminal=False, prevent_criminal_persons=0, prevent_petition=False, prevent_petition_persons=0,
        prevent_suicide=False, prevent_suicide_persons=0, mediator=mediators.get(rec.mediator),
        # no deadline of this center's: an old case is not "overdue" by a clock it was never on
        due_on=None, overdue_reason="",
        closed_on=closed, outcome=rec.outcome_text or lv.OUTCOME_LABELS[rec.outcome_kind],
        rejection_reason=rec.outcome_text if status == Status.REJECTED else "", guided_to="",
        external_ref=r.fingerprint, instructions=""))
    # What the ledger said that has no field of its own stays readable on the case's timeline.
    extra = [f"调解员：{rec.mediator}" if rec.mediator and rec.mediator not in mediators else "",
             f"协议形式：{'口头' if rec.agreement_kind == 'oral' else '书面'}" if rec.agreement_kind else "",
             f"备注：{rec.remarks}" if rec.remarks else "", *r.warnings]
    remark = "；".join([f"从{origin}导入", *[e for e in extra if e]])
    people, links = case_party_rows(case_id, owner, map(_party_values, rec.parties), base=base)
    rows["party"] += people
    rows["link"] += links
    on = closed or rec.registered_on
    for k, (action, frm, to) in enumerate(trail):
        at = dt.datetime.combine(rec.registered_on if action == "import" and to == "mediating" else on,
                                 dt.time(12, 0, k))
        rows["event"].append(dict(base, id=new_id(), case=case_id, at=at, username=actor.username, action=action,
                                  from_status=frm, to_status=to, remark=remark if k == 0 else "",
                                  details=json.dumps({"ledger_row": r.row, "sheet": r.sheet}, ensure_ascii=False)))


def import_file(actor: Actor, path: Path | str, *, dry_run: bool = False, today: dt.date | None = None,
                columns: Sequence[str] = (), missing_applicant: str = "ask",
                before_write: Callable[[], None] | None = None,
                progress: Callable[[int, int, str], None] | None = None) -> ImportResult:
    """The CLI's one go: analyse (the file is refused here if unreadable), map the clerk's
    columns, plan, and unless ``dry_run`` call ``before_write`` (the pre-import backup) and apply."""
    actor.require(Perm.IMPORT, "ledger")
    analysis = analyse(path)
    mapped = map_columns(analysis, list(columns))
    result = plan(actor, analysis, today=today, missing_applicant=missing_applicant, progress=progress)
    result.mapped = mapped
    if dry_run or not result.importable():
        return result
    if before_write:
        before_write()
    return apply(actor, result, progress)
