"""Typed settings with defaults, stored as JSON in the database (one registry, like Picard's)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from zhongxin_desktop.domain import vocab
from zhongxin_desktop.domain.numbering import DEFAULT_PATTERN
from zhongxin_desktop.store.models import Setting, utcnow


@dataclass(frozen=True)
class Option:
    key: str
    default: Any
    label: str


OPTIONS: dict[str, Option] = {o.key: o for o in [
    Option("categories", vocab.CATEGORIES, "纠纷类型"),
    Option("sources", vocab.SOURCES, "案件来源"),
    Option("risk_levels", vocab.RISK_LEVELS, "风险等级"),
    Option("due_days_default", vocab.DEFAULT_DUE_DAYS, "默认办理期限（天）"),
    Option("due_days_by_category", {}, "各类型办理期限（天）"),
    Option("case_number_pattern", DEFAULT_PATTERN, "案件编号格式"),
    Option("followup_after_days", vocab.FOLLOWUP_AFTER_DAYS, "协议后回访期限（天）"),
    Option("grid_event_types", vocab.GRID_EVENT_TYPES, "网格事件类型"),
    Option("grid_routine_visits_per_week", 5, "每名网格员每周日常走访次数（日基本走访）"),
    Option("grid_focused_visits_per_week", 1, "每名网格员每周重点走访次数"),
    Option("grid_meetings_per_week", 1, "每个网格每周研判调度次数"),
    Option("retention_years", 30, "卷宗保管期限（年）"),
    Option("audit_keep_days", 183, "审计日志保留天数"),
    Option("report_due_day", 20, "月报截止日"),
    Option("idle_lock_minutes", 15, "无操作锁屏（分钟）"),
    Option("pdf_font_file", "", "打印字体文件"),
    Option("backup_second_dir", "", "第二备份目录（如U盘）"),
    Option("backup_keep_daily", 7, "保留每日备份数"),
    Option("backup_keep_weekly", 4, "保留每周备份数"),
    Option("backup_keep_monthly", 12, "保留每月备份数"),
]}


def get(key: str) -> Any:
    row = Setting.get_or_none(Setting.key == key)
    if row is None:
        return OPTIONS[key].default if key in OPTIONS else None
    return json.loads(row.value)


def put(key: str, value: Any) -> None:
    text = json.dumps(value, ensure_ascii=False)
    Setting.insert(key=key, value=text, updated_at=utcnow()).on_conflict(
        conflict_target=[Setting.key], update={Setting.value: text, Setting.updated_at: utcnow()}
    ).execute()


def due_days_for(category: str) -> int:
    per_category = get("due_days_by_category") or {}
    return int(per_category.get(category, get("due_days_default")))
