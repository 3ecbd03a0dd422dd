"""Finding the header of an old ledger sheet and turning its rows into records (pure).

Real ledgers have title rows above the header, one- or two-row headers (merged cells already
filled in by the reader), column names that vary from township to township, blank rows, subtotal
rows and repeated headers on every printed page. Every row below the header gets a verdict:
a record, or a reason it is skipped or refused — nothing disappears silently.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal

from zhongxin_desktop.domain import ledger_values as lv
from zhongxin_desktop.domain.case_input import CASE_TEXT, PARTY_TEXT
from zhongxin_desktop.domain.errors import Collector
from zhongxin_desktop.domain.text_rules import check_text, has_bad_character, shown

# field → label shown in the wizard's mapping editor
FIELDS: dict[str, str] = {
    "seq": "序号", "case_no": "原编号", "registered_on": "登记日期", "closed_on": "结案日期",
    "applicant_name": "申请人（当事人）姓名", "applicant_id": "申请人身份证号", "applicant_phone": "申请人电话",
    "applicant_address": "申请人住址",
    "respondent_name": "被申请人姓名", "respondent_id": "被申请人身份证号", "respondent_phone": "被申请人电话",
    "respondent_address": "被申请人住址",
    "category": "纠纷类型", "facts": "纠纷简要情况", "claims": "申请事项", "source": "案件来源",
    "outcome": "调解结果", "agreement_kind": "协议形式", "amount": "涉及金额", "mediator": "调解员",
    "village": "村（社区）", "persons": "涉及人数", "remarks": "备注",
}
IGNORE = ""

_ROLE_WORDS = [("respondent", ("被申请人", "被申请方", "对方当事人", "被投诉人", "对方")),
               ("applicant", ("申请人", "当事人", "申请方", "投诉人", "来访人", "反映人"))]
_PARTY_ATTRS = [("id", ("身份证", "证件号", "身份号码", "公民身份")), ("phone", ("电话", "手机", "联系方式")),
                ("address", ("住址", "地址", "住所")), ("name", ("姓名", "名称", "名字"))]
# Checked in order: specific words before general ones (结案日期 before 日期).
_FIELD_WORDS: list[tuple[str, tuple[str, ...]]] = [
    ("seq", ("序号", "顺序号")),
    ("closed_on", ("结案日期", "办结日期", "调结日期", "结案时间", "办结时间", "调结时间", "调处日期", "调处时间")),
    ("registered_on", ("登记日期", "受理日期", "登记时间", "受理时间", "收案日期", "收案时间", "发生时间", "发生日期",
                       "日期", "时间")),
    ("case_no", ("案件编号", "编号", "案号", "卷号")),
    ("agreement_kind", ("协议形式", "协议类型", "协议方式")),
    ("amount", ("金额", "标的", "涉案款")),
    ("category", ("纠纷类型", "案件类别", "纠纷类别", "纠纷种类", "类型", "类别")),
    ("claims", ("申请事项", "诉求", "请求事项", "调解请求", "要求")),
    # 台账 of different townships: 纠纷情况, 主要情况, 基本情况, 简要案情, 事由, 案情摘要, 矛盾纠纷简要情况 …
    ("facts", ("简要情况", "案情", "主要事实", "事由", "纠纷情况", "基本情况", "主要情况", "具体情况", "情况简介",
               "情况摘要", "纠纷概况", "主要内容", "纠纷内容", "纠纷事实", "事实经过", "简要经过", "事件经过",
               "反映问题", "主要问题", "问题描述", "摘要")),
    ("source", ("来源", "受理方式", "来源渠道")),
    ("outcome", ("调解结果", "处理结果", "办理结果", "调处结果", "调解情况", "处理情况", "结果")),
    ("mediator", ("调解员", "承办人", "主持人", "调解人", "经办人")),
    ("village", ("村居", "所属村", "村（社区）", "村(社区)", "村社区", "村名", "所在村")),
    ("persons", ("涉及人数", "人数")),
    ("remarks", ("备注",)),
]
# 合计 / 小计： / 本月合计 / 3月小计 / 合计：15件 — the whole cell, so facts mentioning 合计 are kept.
SUBTOTAL = re.compile(r"^(本月|本季度?|本年度?|全年度?|\d{1,2}月(份)?|第.季度)?(合计|小计|总计|共计)[:：]?\S{0,8}$")


def match_field(label: str) -> str | None:
    """The field a header label names, or None."""
    t = lv.squash(label)
    if not t:
        return None
    for role, words in _ROLE_WORDS:
        for w in words:
            if t.startswith(w):
                rest = t[len(w):]
                for attr, attr_words in _PARTY_ATTRS:
                    if any(a in rest for a in attr_words):
                        return f"{role}_{attr}"
                if not rest or rest in ("姓名", "（姓名）", "(姓名)"):
                    return f"{role}_name"
                break  # 当事人诉求, 申请方要求: not a party column, maybe another field
    for attr, attr_words in _PARTY_ATTRS[:3]:  # 身份证号 / 联系电话 with no role: the first party's
        if any(a in t for a in attr_words):
            return f"applicant_{attr}"
    if t in ("姓名", "名称"):
        return "applicant_name"
    for name, words in _FIELD_WORDS:
        if any(w in t for w in words):
            return name
    if t in ("村", "社区", "村(居)"):
        return "village"
    return None


@dataclass
class Header:
    """Where a sheet's header is and what each column holds (the wizard lets the clerk edit it)."""

    first_row: int  # 1-based Excel row numbers
    last_row: int
    labels: list[str]
    mapping: dict[int, str]  # column index (0-based) → field

    words: list[set[str]] = field(default_factory=list)  # per column: the header cells' texts
    guessed: dict[int, str] = field(default_factory=dict)  # columns mapped by their content, not their label

    def label(self, col: int) -> str:
        return (self.labels[col] if col < len(self.labels) else "") or f"第{col + 1}列"

    def notes(self) -> list[str]:
        """What the account says about the mapping itself (a guessed column)."""
        return [f"“{self.label(c)}”列的表头未能识别，按内容判断为{FIELDS[f]}，请核对" for c, f in self.guessed.items()
                if self.mapping.get(c) == f]

    def repeats(self, texts: list[str]) -> bool:
        """A row that repeats the header (printed ledgers repeat it on every page)."""
        hits = sum(1 for col, t in enumerate(texts) if t and col < len(self.words) and t in self.words[col])
        return hits >= 2

    def to_dict(self) -> dict[str, Any]:
        return {"first_row": self.first_row, "last_row": self.last_row, "labels": self.labels,
                "mapping": {str(k): v for k, v in self.mapping.items()},
                "guessed": {self.label(c): FIELDS[f] for c, f in self.guessed.items() if self.mapping.get(c) == f}}

    def unmapped(self, rows: list[list[Any]]) -> list[int]:
        """Columns no field takes: labelled ones, and unlabelled ones with text below the header.
        Their text is kept in each case's remarks, and the account lists them."""
        width = max([len(self.labels), *(len(r) for r in rows[self.last_row:])], default=0)
        cols = []
        for col in range(width):
            if col in self.mapping:
                continue
            if (col < len(self.labels) and self.labels[col]) or any(
                    col < len(r) and lv.squash(r[col]) for r in rows[self.last_row:]):
                cols.append(col)
        return cols

    def map_label(self, label: str, field_name: str) -> bool:
        """The clerk's mapping of a header text (``--map '简要内容=facts'``): the first column with
        that label takes the field (IGNORE: none does, its text goes to the remarks). False when
        no column has the label."""
        key = lv.squash(label)
        cols = [c for c, lab in enumerate(self.labels) if lab == key]
        for col in cols:
            self.mapping.pop(col, None)
            self.guessed.pop(col, None)
        if cols and field_name:
            for other, f in list(self.mapping.items()):
                if f == field_name:
                    del self.mapping[other]
                    self.guessed.pop(other, None)
            self.mapping[cols[0]] = field_name
        return bool(cols)


def field_named(name: str) -> str | None:
    """A field from what the clerk typed: its key (facts), its name in the wizard (纠纷简要情况) or
    a header word (案情); IGNORE for 不导入 / 备注 / nothing; None when it names no field."""
    t = lv.squash(name)
    if t in ("", "不导入", "忽略", "ignore"):
        return IGNORE
    if t in FIELDS:
        return t
    by_label = {lv.squash(v): k for k, v in FIELDS.items()}
    return by_label.get(t) or match_field(t)


def _assign(labels: list[str]) -> dict[int, str]:
    mapping: dict[int, str] = {}
    taken: set[str] = set()
    for col, label in enumerate(labels):
        f = match_field(label)
        if f and f in taken and f.startswith("applicant_"):
            f = f.replace("applicant_", "respondent_")  # a second 姓名/身份证号 column: the other side
        if f and f not in taken:
            mapping[col] = f
            taken.add(f)
    return mapping


def _score(mapping: dict[int, str]) -> int:
    return len(mapping) + (2 if "registered_on" in mapping.values() else 0) + (
        2 if any(f.endswith("_name") for f in mapping.values()) else 0)


def detect_header(rows: list[list[Any]], scan: int = 20) -> Header | None:
    """The best one- or two-row header among the first ``scan`` rows; None when nothing looks
    like a ledger header (fewer than two recognised columns, none of them a name or a date)."""
    best: tuple[int, Header] | None = None
    for i in range(min(scan, len(rows))):
        upper = [lv.squash(v) for v in rows[i]]
        candidates = [(i, upper)]
        if i + 1 < len(rows):
            lower = [lv.squash(v) for v in rows[i + 1]]
            width = max(len(upper), len(lower))
            upper_p = upper + [""] * (width - len(upper))
            lower_p = lower + [""] * (width - len(lower))
            # Only a row that is itself a header (not a title) can be the upper half of a two-row header.
            if any(lower_p) and len(_assign(upper)) >= 2 and not any(
                    isinstance(v, (int, float, dt.date)) for v in rows[i + 1] if v is not None):
                candidates.append((i + 1, _combine(upper_p, lower_p)))
        for last, labels in candidates:
            mapping = _assign(labels)
            fields = set(mapping.values())
            if len(mapping) < 2 or not (fields & {"registered_on", "applicant_name", "respondent_name", "facts"}):
                continue
            score = _score(mapping)
            if best is None or score > best[0]:
                best = (score, _header(rows, i, last, labels, mapping))
    return best[1] if best else None


def _combine(upper: list[str], lower: list[str]) -> list[str]:
    return [u if (not lo or lo == u) else (lo if not u else u + lo) for u, lo in zip(upper, lower)]


def _header(rows: list[list[Any]], i: int, last: int, labels: list[str], mapping: dict[int, str]) -> Header:
    words = [{lv.squash(rows[r][c]) if c < len(rows[r]) else "" for r in range(i, last + 1)} | {lab}
             for c, lab in enumerate(labels)]
    header = Header(i + 1, last + 1, labels, mapping, words)
    if "facts" not in mapping.values():
        col = guess_facts_column(rows[last + 1:last + 1 + FACTS_SAMPLE], [
            c for c in range(len(labels)) if c not in mapping])
        if col is not None:
            header.mapping[col] = "facts"
            header.guessed[col] = "facts"
    return header


FACTS_SAMPLE = 200  # rows looked at to find the facts column by its content
FACTS_MIN_LENGTH = 6  # average characters of a column to count as free text rather than a code or a word


def guess_facts_column(rows: list[list[Any]], candidates: list[int]) -> int | None:
    """The column of the longest free text among ``candidates`` (numbers and dates do not count):
    where no header names the facts, the column clerks wrote sentences into holds them."""
    best, best_length = None, float(FACTS_MIN_LENGTH)
    for col in candidates:
        texts = [lv.as_written(r[col]) for r in rows if col < len(r) and isinstance(r[col], str)]
        texts = [t for t in texts if t and not SUBTOTAL.match(lv.squash(t))]
        filled = sum(1 for r in rows if col < len(r) and lv.squash(r[col]))
        if not texts or len(texts) * 2 < filled:  # mostly numbers or dates
            continue
        length = sum(len(t) for t in texts) / len(texts)
        if length > best_length:
            best, best_length = col, length
    return best


def header_at(rows: list[list[Any]], first_row: int, last_row: int) -> Header:
    """The header the clerk points at (1-based rows, one or two of them), mapped automatically."""
    if not 1 <= first_row <= last_row <= min(first_row + 1, len(rows)):
        raise ValueError("表头应为一行或相邻两行")
    width = max(len(rows[r]) for r in range(first_row - 1, last_row))
    labels = [lv.squash(v) for v in rows[first_row - 1]] + [""] * width
    labels = labels[:width]
    if last_row > first_row:
        lower = ([lv.squash(v) for v in rows[last_row - 1]] + [""] * width)[:width]
        labels = _combine(labels, lower)
    return _header(rows, first_row - 1, last_row - 1, labels, _assign(labels))


# One object per ledger row: slots keep 50,000 rows of them in tens, not hundreds, of megabytes.
@dataclass(slots=True)
class PartyRecord:
    name: str
    role: str  # 申请人 / 被申请人 / 当事人
    id_number: str = ""
    id_flag: str = ""
    phone: str = ""
    address: str = ""


@dataclass(slots=True)
class LedgerRecord:
    registered_on: dt.date
    category: str
    source: str
    facts: str
    outcome_kind: str
    parties: list[PartyRecord]
    closed_on: dt.date | None = None
    case_no: str = ""
    claims: str = ""
    outcome_text: str = ""
    agreement_kind: str = ""
    amount: Decimal = Decimal("0")
    mediator: str = ""
    village: str = ""
    persons: int | None = None
    remarks: str = ""


@dataclass(slots=True)
class ParsedRow:
    sheet: str
    row: int  # Excel row number
    verdict: str  # "ok" / "skipped" / "error"
    reason: str = ""
    warnings: list[str] = field(default_factory=list)
    record: LedgerRecord | None = None
    fingerprint: str = ""


def fingerprint(sheet: str, cells: list[Any], folded: list[str] | None = None) -> str:
    """Stable across re-imports of the same file, independent of the row's position (``folded``:
    the cells' ``lv.fold`` when the caller has them already)."""
    folded = folded if folded is not None else [lv.fold(v) for v in cells]
    content = [lv.fold(v.isoformat()) if isinstance(v, (dt.date, dt.datetime)) else f for v, f in zip(cells, folded)]
    while content and not content[-1]:
        content.pop()
    payload = json.dumps([lv.fold(sheet), content], ensure_ascii=False)
    return "ledger:" + hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()[:40]


PLACEHOLDER_NAME = "待核实"
MISSING_APPLICANT = {"ask": "列出，由登记员决定", "placeholder": "以“待核实”占位导入", "skip": "跳过"}
OPEN_WINDOW_DAYS = 30  # a row with no outcome registered this recently may still be open work
EARLIEST = dt.date(1949, 10, 1)
REMARKS_LIMIT = 20_000


def _parties(get: Callable[[str], Any], warnings: list[str], has_respondent: bool) -> list[PartyRecord]:
    names = lv.split_names(get("applicant_name"))
    others = lv.split_names(get("respondent_name"))
    if not has_respondent and len(names) == 1 and "与" in names[0]:
        names, others = [n for n in names[0].split("与") if n], []
        names, others = names[:1], names[1:]
        has_respondent = True
    role = "申请人" if has_respondent else "当事人"
    parties = [PartyRecord(n, role) for n in names] + [PartyRecord(n, "被申请人") for n in others]
    for side, group in (("applicant", [p for p in parties if p.role != "被申请人"]),
                        ("respondent", [p for p in parties if p.role == "被申请人"])):
        if not group:
            continue
        raw_id = get(f"{side}_id")
        ids = [raw_id] if not isinstance(raw_id, str) else (lv.split_names(raw_id) or [raw_id])
        for p, value in zip(group, ids):
            p.id_number, p.id_flag = lv.parse_id(value)
            if p.id_flag:
                warnings.append(f"{p.name}：{p.id_flag}")
        phones = lv.split_names(lv.parse_phone(get(f"{side}_phone")))
        for p, ph in zip(group, phones):
            p.phone = ph
        group[0].address = lv.as_written(get(f"{side}_address"))
    return parties


def _applicant_missing(parties: list[PartyRecord], missing_applicant: str, warnings: list[str]) -> str:
    """'' when the row may go on; otherwise the verdict ("error"/"skipped") and its reason after a
    colon. A case whose only party is the 被申请人 would name nobody who asked for mediation."""
    if any(p.role != "被申请人" for p in parties):
        return ""
    if missing_applicant == "placeholder":
        role = "申请人" if parties else "当事人"
        parties.insert(0, PartyRecord(PLACEHOLDER_NAME, role))
        warnings.append(f"缺少申请人（当事人）姓名，以“{PLACEHOLDER_NAME}”占位导入，请补录")
        return ""
    if missing_applicant == "skip":
        return "skipped:缺少申请人（当事人）姓名，按选择跳过"
    return ("error:缺少申请人（当事人）姓名：请选择以“待核实”占位导入或跳过"
            "（命令行：--missing-applicant placeholder 或 skip）")


def _outcome(text: str, registered: dt.date, closed: dt.date | None, today: dt.date,
             warnings: list[str]) -> str:
    kind, w = lv.map_outcome(text)
    if kind != "unknown":
        return kind
    if not text and closed is None and (today - registered).days <= OPEN_WINDOW_DAYS:
        warnings.append(f"{w}，登记不满{OPEN_WINDOW_DAYS}天，按“调解中”导入，请核实")
        return "mediating"
    warnings.append(f"{w}，按“{lv.OUTCOME_LABELS['unknown']}”导入（不计为在办案件），请核实")
    return "unknown"


def parse_row(sheet: str, row_no: int, cells: list[Any], header: Header, *, year: int | None, today: dt.date,
              categories: list[str], sources: list[str], missing_applicant: str = "ask") -> ParsedRow:
    by_field = {f: col for col, f in header.mapping.items()}

    def get(f: str) -> Any:
        col = by_field.get(f)
        return cells[col] if col is not None and col < len(cells) else None

    folded = [lv.fold(v) for v in cells]
    out = ParsedRow(sheet, row_no, "ok", fingerprint=fingerprint(sheet, cells, folded))
    texts = [lv.WHITESPACE.sub("", f) for f in folded]
    if not any(texts):
        return _skip(out, "空行")
    if any(SUBTOTAL.match(t) for t in texts):
        return _skip(out, "合计/小计行")
    if header.repeats(texts):
        return _skip(out, "重复的表头行")
    content = [f for c, f in header.mapping.items() if f != "seq" and c < len(texts) and texts[c]]
    if not content:
        return _skip(out, "空行（只有序号）")
    warnings: list[str] = []
    parties = _parties(get, warnings, "respondent_name" in by_field)
    facts = lv.as_written(get("facts"))
    if not parties and not facts:
        return _error(out, "缺少当事人姓名和纠纷情况，无法成案")
    registered, why = lv.parse_date(get("registered_on"), year)
    if registered is None:
        return _error(out, f"登记日期{why}")
    if registered > today:
        return _error(out, f"登记日期{registered.isoformat()}晚于今天，请核对")
    if registered < EARLIEST:
        return _error(out, f"登记日期{registered.isoformat()}早于1949年，请核对")
    missing = _applicant_missing(parties, missing_applicant, warnings)
    if missing:
        verdict, reason = missing.split(":", 1)
        return _skip(out, reason) if verdict == "skipped" else _error(out, reason)
    closed = None
    if lv.squash(get("closed_on")):
        closed, why = lv.parse_date(get("closed_on"), year or registered.year)
        if closed is None:
            warnings.append(f"结案日期{why}，按登记日期计")
        elif closed < registered:
            warnings.append("结案日期早于登记日期，按登记日期计")
            closed = None
    category, w = lv.map_category(get("category"), categories)
    warnings += [w] if w else []
    source, w = lv.map_source(get("source"), sources) if "source" in by_field else (lv.map_source("", sources)[0], "")
    warnings += [w] if w else []
    outcome_text = lv.as_written(get("outcome"))
    kind = _outcome(outcome_text, registered, closed, today, warnings)
    remarks = [lv.as_written(get("remarks"))]
    amount, w = lv.parse_amount(get("amount"))
    if w:
        warnings.append(w)
    if amount is None:
        remarks.append(f"涉及金额原文：{lv.as_written(get('amount'))}")
    if not facts:
        facts = "（旧台账未记载纠纷情况）"
        warnings.append("纠纷情况为空")
    # A column no field takes never vanishes: its text stays with the case.
    remarks += [f"{header.label(c)}：{lv.as_written(cells[c])}" for c in range(len(cells))
                if c not in header.mapping and lv.squash(cells[c])]
    agreement = lv.squash(get("agreement_kind"))
    out.record = LedgerRecord(
        registered_on=registered, closed_on=closed, case_no=lv.as_written(get("case_no")), category=category,
        source=source, facts=facts, claims=lv.as_written(get("claims")), outcome_kind=kind,
        outcome_text=outcome_text,
        agreement_kind="oral" if "口头" in agreement else "written" if "书面" in agreement else "",
        amount=amount if amount is not None else Decimal("0"), mediator=lv.as_written(get("mediator")),
        village=lv.as_written(get("village")), persons=lv.parse_int(get("persons")),
        remarks="；".join(r for r in remarks if r), parties=parties)
    problems = _carry_check(out.record)
    if problems:
        return _error(out, problems)
    out.warnings = warnings
    return out


def _carry_check(rec: LedgerRecord) -> str:
    """The checks every way in applies (domain/text_rules.py): a cell with a control character
    or beyond a field's length is refused with the field named, not imported to break later."""
    texts = [(getattr(rec, key, None), limit) for key, (_l, limit, _m) in CASE_TEXT.items()] + [
        (getattr(p, key), limit) for p in rec.parties for key, (_l, limit, _m) in PARTY_TEXT.items()
        if hasattr(p, key)]
    texts += [(rec.remarks, REMARKS_LIMIT), (rec.outcome_text, 500), (rec.case_no, 100), (rec.mediator, 100),
              (rec.village, 100)]
    if all(len(t) <= limit for t, limit in texts if isinstance(t, str)) and not has_bad_character(
            "".join(t for t, _ in texts if isinstance(t, str)), multiline=True):
        return ""  # the usual row: one scan of all its text instead of one per field
    errors = Collector()  # a cell may wrap: line breaks are allowed in every field of a ledger row
    for key, (label, limit, _lines) in CASE_TEXT.items():
        if isinstance(getattr(rec, key, None), str):
            check_text(errors, label, getattr(rec, key), limit=limit, multiline=True)
    for label, value, limit in (("备注", rec.remarks, REMARKS_LIMIT), ("调解结果", rec.outcome_text, 500),
                                ("原编号", rec.case_no, 100), ("调解员", rec.mediator, 100), ("村（社区）", rec.village, 100)):
        check_text(errors, label, value, limit=limit, multiline=True)
    for p in rec.parties:
        for key, (label, limit, _lines) in PARTY_TEXT.items():
            if isinstance(getattr(p, key, None), str):
                check_text(errors, label, getattr(p, key), shown(p.name) if key != "name" else None,
                           limit=limit, multiline=True)
    return "；".join(str(e) for e in errors.errors)


def _skip(out: ParsedRow, reason: str) -> ParsedRow:
    out.verdict, out.reason = "skipped", reason
    return out


def _error(out: ParsedRow, reason: str) -> ParsedRow:
    out.verdict, out.reason = "error", reason
    return out
