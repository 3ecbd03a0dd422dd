"""What a grid form or an imported row carries, and its validation (pure; the domain).

Sizes are guidelines, not law: a rural grid over 150 households or an urban grid outside
~200-300 is allowed with a warning; household units of 10-20 households likewise.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import StrEnum

from zhongxin_desktop.domain import phone
from zhongxin_desktop.domain.errors import Collector
from zhongxin_desktop.domain.text_rules import check_text

GRID_KINDS = {"rural": "农村", "urban": "城镇"}
GRID_KIND_BY_LABEL = {"农村": "rural", "城镇": "urban", "城市": "urban", "社区": "urban", "乡村": "rural"}
VILLAGE_KINDS = ("村", "社区")
MEMBER_DUTIES = ("网格长", "网格员", "专职网格员", "兼职网格员", "网格指导员")
REPORTER_ROLES = ("网格员", "联户长", "网格长")


class EventStatus(StrEnum):
    """A grid event's status (stored as its value): open → closed in the grid, or open → escalated
    (a case exists) → closed when the case closes. HANDLED: older data's word for closed."""
    OPEN = "open"
    HANDLED = "handled"
    ESCALATED = "escalated"
    CLOSED = "closed"


class TaskStatus(StrEnum):
    """A grid task decided at a meeting: being carried out, or done."""
    OPEN = "open"
    DONE = "done"


EVENT_STATUSES = {EventStatus.OPEN: "待处理", EventStatus.HANDLED: "已办结", EventStatus.ESCALATED: "已上报中心",
                  EventStatus.CLOSED: "已办结"}
UNRESOLVED = (EventStatus.OPEN, EventStatus.ESCALATED)
VISIT_KINDS = {"routine": "日常走访", "focused": "重点走访"}
RURAL_MAX = 150
URBAN_RANGE = (200, 300)
UNIT_RANGE = (10, 20)


@dataclass
class VillageInput:
    name: str
    kind: str = "村"
    code: str = ""


@dataclass
class MemberInput:
    name: str
    phone: str = ""
    duty: str = "网格员"


@dataclass
class GridInput:
    code: str
    name: str
    village_id: str | None = None
    kind: str = "rural"
    households: int = 0
    leader_name: str = ""
    leader_phone: str = ""
    members: list[MemberInput] | None = None  # None: leave the members as they are
    party_group: str = ""  # 党小组
    party_branch: str = ""  # 党支部


@dataclass
class UnitInput:
    grid_id: str
    head_name: str
    head_phone: str = ""
    households: int = 10
    name: str = ""
    notes: str = ""
    # 联户选、片警审、支部核
    elected_on: dt.date | None = None
    police_reviewed_on: dt.date | None = None
    police_reviewer: str = ""
    branch_confirmed_on: dt.date | None = None
    branch_confirmer: str = ""


@dataclass
class HouseholdInput:
    unit_id: str
    head_name: str  # 户主
    address: str = ""
    members: int = 1
    phone: str = ""
    tags: str = ""  # 低保户、独居老人… (、，, or spaces between)


@dataclass
class EventInput:
    grid_id: str
    reported_on: dt.date
    reporter_name: str
    event_type: str
    description: str
    risk_level: str = "黄"
    reporter_role: str = "网格员"
    tenlink: str = ""  # 十联 category; empty: taken from the event type where one fits
    unit_id: str | None = None  # the reporting 联户长's unit


@dataclass
class VisitInput:
    grid_id: str
    worker_name: str
    visited_on: dt.date
    kind: str = "routine"
    households: int = 1
    notes: str = ""
    visitor_role: str = "网格员"
    unit_id: str | None = None  # a 联户长's 入户走访 counts for their unit
    tenlink: str = ""


@dataclass
class MeetingInput:
    held_on: dt.date
    grid_id: str | None = None
    attendees: str = ""
    risks: str = ""
    decisions: str = ""
    event_ids: list[str] = field(default_factory=list)  # open risks discussed
    tasks: list[TaskInput] = field(default_factory=list)  # decisions to be carried out


@dataclass
class TaskInput:
    """A meeting decision to carry out: what, who (责任人), by when."""
    content: str
    owner: str
    due_on: dt.date | None
    grid_id: str | None = None


def validate_task(t: TaskInput, decided_on: dt.date | None, errors: Collector, where: str | None = None) -> None:
    t.content, t.owner = (t.content or "").strip(), (t.owner or "").strip()
    if not t.content:
        errors.add("落实事项", "不能为空，请写明要做什么", where)
    if not t.owner:
        errors.add("责任人", "不能为空，请写明由谁落实", where)
    if t.due_on is None:
        errors.add("完成期限", "不能为空", where)
    elif decided_on and t.due_on < decided_on:
        errors.add("完成期限", f"不能早于研判日期{decided_on.isoformat()}", where)


def _texts(errors: Collector, obj, spec: dict[str, tuple[str, int, bool]], where: str | None = None) -> bool:
    """Text the program can carry (see domain/text_rules.py), checked before any rule strips it."""
    return all([check_text(errors, label, getattr(obj, key), where, limit=limit, multiline=lines)
                for key, (label, limit, lines) in spec.items()])


def check_phone(errors: Collector, label: str, value: str, where: str | None = None) -> str:
    """Validate an optional phone; return it normalised (or as given when wrong)."""
    if not (value or "").strip():
        return ""
    reason = phone.validate(value)
    if reason:
        errors.add(label, reason, where)
        return value
    return phone.normalize(value)


def validate_village(v: VillageInput) -> Collector:
    errors = Collector()
    if not _texts(errors, v, {"name": ("村/社区名称", 100, False), "kind": ("类别", 10, False),
                              "code": ("区划代码", 12, False)}):
        return errors
    v.name = (v.name or "").strip()
    if not v.name:
        errors.add("村/社区名称", "不能为空")
    if v.kind not in VILLAGE_KINDS:
        errors.add("类别", "应为“村”或“社区”")
    if v.code and not (v.code.isdigit() and len(v.code) in (9, 12)):
        errors.add("区划代码", "应为12位统计用区划代码（或9位乡镇代码），纯数字；不知道可留空")
    return errors


def grid_size_warnings(kind: str, households: int) -> list[str]:
    """Guideline checks that warn but never refuse."""
    if kind == "rural" and households > RURAL_MAX:
        return [f"农村网格一般不超过{RURAL_MAX}户（现为{households}户），可考虑拆分网格"]
    low, high = URBAN_RANGE
    if kind == "urban" and households and not low <= households <= high:
        return [f"城镇网格一般为{low}-{high}户（现为{households}户），请确认"]
    return []


def validate_grid(g: GridInput) -> tuple[Collector, list[str]]:
    errors = Collector()
    if not all([_texts(errors, g, {"code": ("网格编码", 50, False), "name": ("网格名称", 100, False),
                                   "leader_name": ("网格长", 100, False), "leader_phone": ("网格长电话", 30, False)}),
                *(_texts(errors, m, {"name": ("姓名", 100, False), "phone": ("电话", 30, False)}, f"第{i}名网格成员")
                  for i, m in enumerate(g.members or [], start=1))]):
        return errors, []
    g.code, g.name = (g.code or "").strip(), (g.name or "").strip()
    if not g.code:
        errors.add("网格编码", "不能为空，请填写网格平台上的网格编码")
    if not g.name:
        errors.add("网格名称", "不能为空")
    g.kind = GRID_KIND_BY_LABEL.get(g.kind, g.kind)
    if g.kind not in GRID_KINDS:
        errors.add("网格类型", "应为“农村”或“城镇”")
    if g.households is None or int(g.households) < 0:
        errors.add("户数", "不能为负数")
    g.leader_phone = check_phone(errors, "网格长电话", g.leader_phone)
    for i, m in enumerate(g.members or [], start=1):
        where = f"第{i}名网格成员"
        m.name = (m.name or "").strip()
        if not m.name:
            errors.add("姓名", "不能为空", where)
        if m.duty not in MEMBER_DUTIES:
            errors.add("职务", f"应为{'、'.join(MEMBER_DUTIES)}之一", where)
        m.phone = check_phone(errors, "电话", m.phone, where)
    warnings = grid_size_warnings(g.kind, int(g.households or 0)) if not errors.errors else []
    return errors, warnings


def validate_unit(u: UnitInput, today: dt.date | None = None) -> tuple[Collector, list[str]]:
    errors = Collector()
    if not _texts(errors, u, {"head_name": ("联户长", 100, False), "head_phone": ("联户长电话", 30, False),
                              "name": ("联户名称", 100, False), "notes": ("备注", 2000, True)}):
        return errors, []
    u.head_name = (u.head_name or "").strip()
    if not u.grid_id:
        errors.add("所属网格", "请选择网格")
    if not u.head_name:
        errors.add("联户长", "不能为空")
    u.head_phone = check_phone(errors, "联户长电话", u.head_phone)
    warnings = []
    if u.households is None or int(u.households) <= 0:
        errors.add("联系户数", "应为正整数")
    elif not UNIT_RANGE[0] <= int(u.households) <= UNIT_RANGE[1]:
        warnings.append(f"十联户一般联系{UNIT_RANGE[0]}-{UNIT_RANGE[1]}户（现为{u.households}户），请确认")
    _validate_selection(u, errors, today or dt.date.today())
    return errors, warnings


SELECTION_STEPS = (("elected_on", None, "联户选"), ("police_reviewed_on", "police_reviewer", "片警审"),
                   ("branch_confirmed_on", "branch_confirmer", "支部核"))


def _validate_selection(u: UnitInput, errors: Collector, today: dt.date) -> None:
    """联户选 → 片警审 → 支部核, in that order, none in the future; a review names who reviewed."""
    before: tuple[str, dt.date] | None = None
    for day_field, who_field, label in SELECTION_STEPS:
        day = getattr(u, day_field)
        who = (getattr(u, who_field) or "").strip() if who_field else ""
        if who_field:
            setattr(u, who_field, who)
        if day is None:
            if who:
                errors.add(f"{label}日期", f"填写了{label}人，请同时填写日期")
            continue
        if day > today:
            errors.add(f"{label}日期", "不能晚于今天")
        if before and day < before[1]:
            errors.add(f"{label}日期", f"不能早于{before[0]}日期{before[1].isoformat()}")
        if who_field and not who:
            errors.add(f"{label}人", f"填写了{label}日期，请写明审核人（如：{'片区民警' if label == '片警审' else '党支部书记'}姓名）")
        before = (label, day)


def split_tags(text: str) -> list[str]:
    """“低保户、独居老人,  留守儿童” → ["低保户", "独居老人", "留守儿童"]."""
    return [t for t in re.split(r"[、，,;；\s]+", text or "") if t]


def validate_household(h: HouseholdInput) -> Collector:
    errors = Collector()
    h.head_name = (h.head_name or "").strip()
    h.address = (h.address or "").strip()
    if not h.unit_id:
        errors.add("所属联户", "请选择联户")
    if not h.head_name:
        errors.add("户主", "不能为空")
    if h.members is None or int(h.members) < 1:
        errors.add("家庭人口", "至少1人")
    h.phone = check_phone(errors, "联系电话", h.phone)
    h.tags = "、".join(dict.fromkeys(split_tags(h.tags)))
    return errors


def validate_event(e: EventInput, *, event_types: list[str], risk_levels: list[str],
                   today: dt.date | None = None, where: str | None = None,
                   tenlink_categories: list[str] | None = None) -> Collector:
    today = today or dt.date.today()
    errors = Collector()
    if not _texts(errors, e, {"reporter_name": ("上报人", 100, False), "event_type": ("事件类型", 50, False),
                              "description": ("事件描述", 20_000, True)}, where):
        return errors
    if not e.grid_id:
        errors.add("网格", "请选择事件所属网格", where)
    if e.reported_on is None:
        errors.add("上报日期", "不能为空", where)
    elif e.reported_on > today:
        errors.add("上报日期", "不能晚于今天", where)
    e.reporter_name = (e.reporter_name or "").strip()
    if not e.reporter_name:
        errors.add("上报人", "不能为空，请填写网格员或联户长姓名", where)
    if e.reporter_role not in REPORTER_ROLES:
        errors.add("上报人身份", f"应为{'、'.join(REPORTER_ROLES)}之一", where)
    if e.event_type not in event_types:
        errors.add("事件类型", f"“{e.event_type}”不在类型列表中，可选：{'、'.join(event_types)}", where)
    if e.tenlink and tenlink_categories is not None and e.tenlink not in tenlink_categories:
        errors.add("十联类别", f"“{e.tenlink}”不在十联类别中，可选：{'、'.join(tenlink_categories)}", where)
    if e.risk_level not in risk_levels:
        errors.add("风险等级", f"应为{'、'.join(risk_levels)}之一", where)
    e.description = (e.description or "").strip()
    if not e.description:
        errors.add("事件描述", "不能为空，请简述发现的情况", where)
    return errors


def validate_visit(v: VisitInput, today: dt.date | None = None,
                   tenlink_categories: list[str] | None = None) -> Collector:
    today = today or dt.date.today()
    errors = Collector()
    if not _texts(errors, v, {"worker_name": ("走访人", 100, False), "notes": ("走访情况", 5000, True)}):
        return errors
    if not v.grid_id:
        errors.add("网格", "请选择网格")
    v.worker_name = (v.worker_name or "").strip()
    if not v.worker_name:
        errors.add("走访人", "不能为空")
    if v.visited_on is None or v.visited_on > today:
        errors.add("走访日期", "不能为空，也不能晚于今天")
    if v.kind not in VISIT_KINDS:
        errors.add("走访类型", "应为日常走访（routine）或重点走访（focused）")
    if v.households is None or int(v.households) < 1:
        errors.add("走访户数", "至少1户")
    if v.visitor_role not in REPORTER_ROLES:
        errors.add("走访人身份", f"应为{'、'.join(REPORTER_ROLES)}之一")
    if v.tenlink and tenlink_categories is not None and v.tenlink not in tenlink_categories:
        errors.add("十联类别", f"“{v.tenlink}”不在十联类别中，可选：{'、'.join(tenlink_categories)}")
    return errors


def validate_meeting(m: MeetingInput, today: dt.date | None = None) -> Collector:
    today = today or dt.date.today()
    errors = Collector()
    if not _texts(errors, m, {"attendees": ("参会人员", 2000, True), "risks": ("研判的风险", 20_000, True),
                              "decisions": ("研判结论", 20_000, True)}):
        return errors
    if m.held_on is None or m.held_on > today:
        errors.add("研判日期", "不能为空，也不能晚于今天")
    if not (m.attendees or "").strip():
        errors.add("参会人员", "不能为空")
    if not (m.decisions or "").strip():
        errors.add("研判结论", "不能为空，请写明调度安排或处置决定")
    for i, t in enumerate(m.tasks, start=1):
        validate_task(t, m.held_on, errors, f"第{i}项落实任务")
    return errors


WATCH_KINDS = ("重点人员", "困难家庭")


@dataclass
class WatchInput:
    kind: str
    grid_id: str
    name: str
    reason: str  # 重点人员: why watched; 困难家庭: the difficulty
    worker_name: str = ""
    visit_every_days: int = 7
    since: dt.date | None = None
    id_number: str = ""
    phone: str = ""
    address: str = ""
    help_given: str = ""


@dataclass
class WatchVisitInput:
    visited_on: dt.date
    visitor: str
    notes: str = ""
    help_given: str = ""


def validate_watch(w: WatchInput, today: dt.date | None = None) -> Collector:
    from zhongxin_desktop.domain import idnumber

    today = today or dt.date.today()
    errors = Collector()
    w.name, w.reason, w.worker_name = (w.name or "").strip(), (w.reason or "").strip(), (w.worker_name or "").strip()
    if w.kind not in WATCH_KINDS:
        errors.add("名册", f"应为{'或'.join(WATCH_KINDS)}")
    if not w.grid_id:
        errors.add("网格", "请选择网格")
    if not w.name:
        errors.add("姓名" if w.kind == "重点人员" else "户主", "不能为空")
    if not w.reason:
        errors.add("关注原因" if w.kind == "重点人员" else "困难情况",
                   "不能为空，请写明" + ("列为重点人员的原因" if w.kind == "重点人员" else "家庭的困难（如：因病致贫）"))
    if w.visit_every_days is None or not 1 <= int(w.visit_every_days) <= 366:
        errors.add("走访周期", "应为1到366天（如每周走访一次填7）")
    if w.since and w.since > today:
        errors.add("列入日期", "不能晚于今天")
    if w.id_number:
        info, reason = idnumber.validate(w.id_number, today)
        if reason:
            errors.add("身份证号", reason)
        else:
            w.id_number = info.number
    w.phone = check_phone(errors, "联系电话", w.phone)
    return errors


def validate_watch_visit(v: WatchVisitInput, since: dt.date, today: dt.date | None = None) -> Collector:
    today = today or dt.date.today()
    errors = Collector()
    v.visitor = (v.visitor or "").strip()
    if not v.visitor:
        errors.add("走访人", "不能为空")
    if v.visited_on is None or v.visited_on > today:
        errors.add("走访日期", "不能为空，也不能晚于今天")
    elif v.visited_on < since:
        errors.add("走访日期", f"不能早于列入名册的日期{since.isoformat()}")
    return errors
