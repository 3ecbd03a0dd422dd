"""Importing a township's old Excel ledgers as historic cases (issue 7).

Three steps the wizard shows one by one and the CLI runs in one go:
``analyse(path)`` reads the workbook and guesses each sheet's header and column mapping;
``plan(actor, analysis)`` gives every row below a header its verdict (import, already imported,
skipped, refused — with the reason); ``apply(actor, result)`` writes the importable rows in ONE
transaction. Re-importing a file is harmless: each case keeps the fingerprint of its sheet and row
content in ``Case.external_ref`` and a row whose fingerprint is already stored is not imported again.

Imported cases enter at their historic end state, not through the workflow: 调解成功 → 已归档
(with a trail event "succeeded", so statistics count the success), 已履行 → 已归档 via "performed",
调解不成 → 调解终止, 不予受理, 移交 → 已办结; an empty or unknown outcome → 调解中 (flagged in the account).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from zhongxin_desktop.domain import idnumber, ledger_values as lv
from zhongxin_desktop.domain.ledger_layout import FIELDS, Header, ParsedRow, detect_header, parse_row
from zhongxin_desktop.domain.names import pinyin_keys
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.domain.workflow import Status
from zhongxin_desktop.reports.ledger_reader import SheetCells, read_workbook
from zhongxin_desktop.services import audit, settings
from zhongxin_desktop.services.actor import Actor
from zhongxin_desktop.services.center import local_center
from zhongxin_desktop.store.bulk import insert_rows
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
    "mediating": (Status.MEDIATING, [("import", "", "mediating")]),
}


@dataclass
class SheetPlan:
    name: str
    cells: SheetCells
    header: Header | None
    year: int | None

    def to_dict(self) -> dict:
        return {"name": self.name, "rows": len(self.cells.rows), "year": self.year,
                "header": self.header.to_dict() if self.header else None,
                "columns": {self.header.labels[c] if c < len(self.header.labels) else str(c): FIELDS[f]
                            for c, f in self.header.mapping.items()} if self.header else {}}


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

    def count(self, verdict: str) -> int:
        return sum(1 for r in self.rows if r.verdict == verdict)

    def importable(self) -> list[ParsedRow]:
        return [r for r in self.rows if r.verdict in ("ok", "imported")]

    def summary(self) -> str:
        done = "可导入" if self.dry_run else "已导入"
        warned = sum(1 for r in self.importable() if r.warnings)
        flagged = sum(1 for r in self.importable() for p in r.record.parties if p.id_flag)
        text = (f"{self.file}：共 {len(self.rows)} 行，{done} {len(self.importable())} 件（其中 {warned} 件有提示，"
                f"{flagged} 个身份证号存疑已标记），重复 {self.count('duplicate')} 行，跳过 {self.count('skipped')} 行，"
                f"未导入 {self.count('error')} 行")
        return text + ("（试运行，未写入）" if self.dry_run else "")

    def account_lines(self) -> list[str]:
        lines = []
        for r in self.rows:
            note = "；".join(([r.reason] if r.reason else []) + r.warnings)
            lines.append(f"{r.sheet}\t第{r.row}行\t{VERDICT_LABELS[r.verdict]}\t{note}")
        return lines

    def to_dict(self) -> dict:
        return {
            "file": self.file, "sha256": self.sha256, "dry_run": self.dry_run,
            "sheets": [s.to_dict() for s in self.sheets],
            "counts": {v: self.count(v) for v in VERDICT_LABELS},
            "rows": [{"sheet": r.sheet, "row": r.row, "verdict": r.verdict, "reason": r.reason,
                      "warnings": r.warnings, "case_id": self.case_ids.get((r.sheet, r.row)),
                      "id_flags": [p.id_flag for p in r.record.parties if p.id_flag] if r.record else []}
                     for r in self.rows],
        }


def analyse(path: Path | str) -> Analysis:
    """Read the workbook and guess each sheet's header, mapping and year."""
    path = Path(path)
    sheets = []
    for cells in read_workbook(path):
        header = detect_header(cells.rows)
        above = [v for row in cells.rows[:(header.first_row - 1 if header else 5)] for v in row if v]
        sheets.append(SheetPlan(cells.name, cells, header, lv.year_hint([*map(str, above), cells.name])))
    return Analysis(path, hashlib.sha256(path.read_bytes()).hexdigest(), sheets)


def plan(actor: Actor, analysis: Analysis, *, today: dt.date | None = None,
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
                                         today=today, categories=categories, sources=sources))
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
        for ref, case_no, registered in q.tuples():
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
    rows = {m: [] for m in ("case", "party", "link", "event")}
    todo = [r for r in result.rows if r.verdict == "ok"]
    now = utcnow()
    due_days = {c: settings.due_days_for(c) for c in {r.record.category for r in todo}}
    for n, r in enumerate(todo):
        case_id = new_id()
        _case_rows(rows, r, case_id, owner, actor, mediators, villages, result.file, now, due_days)
        result.case_ids[(r.sheet, r.row)] = case_id
        if progress and n % 500 == 0:
            progress(n, len(todo), "导入")
    with database.atomic():
        for model, key in ((Case, "case"), (Party, "party"), (CaseParty, "link"), (CaseEvent, "event")):
            insert_rows(model, rows[key])
        audit.record(actor.username, "ledger_import", "ledger", result.sha256[:16], detail={
            "file": result.file, "sha256": result.sha256, "imported": len(todo),
            "duplicate": result.count("duplicate"), "skipped": result.count("skipped"),
            "error": result.count("error")})
    for r in todo:
        r.verdict = "imported"
    result.dry_run = False
    return result


def _case_rows(rows, r: ParsedRow, case_id, owner, actor, mediators, villages, file, now, due_days) -> None:
    rec = r.record
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
    for pos, p in enumerate(rec.parties):
        pid = new_id()
        full, initials = pinyin_keys(p.name)
        info = None if p.id_flag or not p.id_number else idnumber.validate(p.id_number)[0]
        rows["party"].append(dict(
            base, id=pid, kind="natural", name=p.name, name_pinyin=full, name_initials=initials,
            sex=info.sex if info else "", ethnicity="汉族", birth_date=info.birth_date if info else None, occupation="", address=p.address, phone=p.phone,
            phone_tail=p.phone[-4:], id_number=p.id_number, id_tail=p.id_number[-4:], id_flag=p.id_flag,
            legal_rep="", contact=""))
        rows["link"].append(dict(base, id=new_id(), case=case_id, party=pid, role=p.role, position=pos,
                                 agent_name="", agent_phone="", agent_kind=""))
    on = closed or rec.registered_on
    for k, (action, frm, to) in enumerate(trail):
        at = dt.datetime.combine(rec.registered_on if action == "import" and to == "mediating" else on,
                                 dt.time(12, 0, k))
        rows["event"].append(dict(base, id=new_id(), case=case_id, at=at, username=actor.username, action=action,
                                  from_status=frm, to_status=to, remark=remark if k == 0 else "",
                                  details=json.dumps({"ledger_row": r.row, "sheet": r.sheet}, ensure_ascii=False)))


def import_file(actor: Actor, path: Path | str, *, dry_run: bool = False, today: dt.date | None = None,
                progress: Callable[[int, int, str], None] | None = None) -> ImportResult:
    """The CLI's one go: analyse, plan, and unless ``dry_run`` apply."""
    actor.require(Perm.IMPORT, "ledger")
    result = plan(actor, analyse(path), today=today, progress=progress)
    if dry_run:
        return result
    return apply(actor, result, progress)
