"""What grid-platform Excel exports look like: the column names each kind of sheet uses, and how
their free-text values map to ours (pure). Names are compared after sheet_parsing.norm_header
(no spaces, no bracketed notes), so "联系电话（手机）" matches "联系电话"."""
from __future__ import annotations

import hashlib
import re

EVENT_COLUMNS: dict[str, tuple[str, ...]] = {
    "ref": ("事件编号", "编号", "事件ID", "流水号", "事件单号", "工单号"),
    "grid_code": ("网格编码", "网格编号", "网格代码"),
    "grid_name": ("网格名称", "所属网格", "网格", "网格名"),
    "reported_on": ("上报日期", "上报时间", "发现日期", "发现时间", "报告日期", "登记日期", "日期", "时间"),
    "reporter_name": ("上报人", "上报人姓名", "报告人", "发现人", "报送人", "采集人", "网格员", "上报网格员"),
    "reporter_role": ("上报人身份", "身份", "上报人类型", "上报人角色"),
    "event_type": ("事件类型", "事项类型", "类型", "类别", "事件类别"),
    "description": ("事件描述", "事件内容", "情况描述", "事件概述", "简要情况", "基本情况", "内容", "描述",
                    "事件简述"),
    "risk_level": ("风险等级", "风险级别", "等级", "风险"),
    "status": ("处理状态", "办理状态", "状态", "办理情况", "处置状态"),
    "result": ("处理结果", "办理结果", "化解情况", "处置结果", "处置情况"),
    "handled_on": ("办结日期", "办结时间", "处理日期", "处置日期"),
}
EVENT_REQUIRED = ("reported_on", "description")

GRID_COLUMNS: dict[str, tuple[str, ...]] = {
    "village": ("所属村", "村社区", "所属村社区", "村/社区", "村", "社区", "村居"),
    "grid_code": ("网格编码", "网格编号", "网格代码"),
    "grid_name": ("网格名称", "网格名", "网格"),
    "kind": ("网格类型", "城乡类型", "类型", "城乡"),
    "households": ("户数", "住户数", "网格户数", "总户数", "户籍户数"),
    "leader_name": ("网格长", "网格长姓名"),
    "leader_phone": ("网格长电话", "网格长联系电话", "网格长手机"),
    "member_names": ("网格员", "网格员姓名", "专职网格员", "网格员名单"),
    "member_phones": ("网格员电话", "网格员联系电话", "网格员手机"),
}
GRID_REQUIRED = ("grid_code", "grid_name", "households")

UNIT_COLUMNS: dict[str, tuple[str, ...]] = {
    "grid_code": ("网格编码", "网格编号"),
    "grid_name": ("所属网格", "网格名称", "网格"),
    "unit_name": ("联户名称", "十联户名称", "联户", "联户编号", "名称"),
    "head_name": ("联户长", "联户长姓名"),
    "head_phone": ("联户长电话", "联户长联系电话", "联系电话", "电话", "手机"),
    "households": ("联系户数", "联户户数", "包联户数", "户数"),
    "notes": ("备注", "说明"),
}
UNIT_REQUIRED = ("head_name",)

SHEET_KINDS = {  # kind: (columns, required, label); tried in this order
    "units": (UNIT_COLUMNS, UNIT_REQUIRED, "十联户名册"),
    "grids": (GRID_COLUMNS, GRID_REQUIRED, "网格名册"),
    "events": (EVENT_COLUMNS, EVENT_REQUIRED, "网格事件"),
}

RISK_WORDS = [("红", ("红", "高", "重大", "一级", "Ⅰ")), ("橙", ("橙", "较大", "较高", "二级", "Ⅱ")),
              ("黄", ("黄", "一般", "中", "三级", "Ⅲ")), ("蓝", ("蓝", "低", "轻微", "四级", "Ⅳ"))]


def risk_level(text: str, levels: list[str]) -> str | None:
    """Map 红色/高/重大… to a configured level; None when it cannot be read."""
    text = text.strip()
    if text in levels:
        return text
    # The longest word found decides: 较高 is 橙 although it contains 高 (红).
    found = [(len(w), -rank, level) for rank, (level, words) in enumerate(RISK_WORDS) if level in levels
             for w in words if w in text]
    return max(found)[2] if found else None


def event_status(text: str) -> str:
    """'已办结'/'已化解' → closed; '已上报'/'已移交' → escalated; anything else → open."""
    if any(w in text for w in ("未办结", "未处理", "未化解", "待", "处理中", "办理中")):
        return "open"
    if any(w in text for w in ("办结", "已处理", "化解", "完成", "关闭", "已解决", "已处置")):
        return "closed"
    if any(w in text for w in ("上报", "移交", "转办", "流转", "交办")):
        return "escalated"
    return "open"


def reporter_role(text: str) -> str:
    if "联户" in text:
        return "联户长"
    if "网格长" in text:
        return "网格长"
    return "网格员"


def event_type(text: str, types: list[str]) -> str | None:
    """The configured type equal to, or contained in, the cell ("矛盾纠纷类" → 矛盾纠纷)."""
    text = text.strip()
    if text in types:
        return text
    for t in sorted(types, key=len, reverse=True):
        if t in text:
            return t
    return None


_SPLIT = re.compile(r"[、,，;；/\s]+")


def split_names(text: str) -> list[str]:
    return [part for part in _SPLIT.split(text.strip()) if part]


def event_key(ref: str, grid_code: str, reported_on: str, reporter: str, etype: str, description: str) -> str:
    """A stable key for an imported event: the platform's own number when the sheet has one,
    else a hash of what identifies the report. Re-importing the same file finds the same keys."""
    if ref:
        basis = f"ref|{grid_code}|{ref.strip()}"
    else:
        basis = "|".join(["row", grid_code, reported_on, reporter.strip(), etype.strip(),
                          re.sub(r"\s+", "", description)])
    return "gridx:" + hashlib.sha256(basis.encode("utf-8")).hexdigest()[:32]
