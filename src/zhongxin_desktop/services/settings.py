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
    Option("tenlink_categories", vocab.TENLINK_CATEGORIES, "十联类别（联户长走访、上报的分类）"),
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
    Option("county_url", "", "县级报送地址（网络报送，如 http://192.168.1.10:8080）"),
]}


def get(key: str) -> Any:
    row = Setting.get_or_none(Setting.key == key)
    if row is None:
        return OPTIONS[key].default if key in OPTIONS else None
    return json.loads(row.value)


def get_many(*keys: str) -> list[Any]:
    """Several options in one read (a save that checks against three vocabularies asks once)."""
    from zhongxin_desktop.store.db import database

    marks = ",".join("?" * len(keys))
    stored = dict(database.execute_sql(f'SELECT "key", "value" FROM "setting" WHERE "key" IN ({marks})', keys))
    return [json.loads(stored[k]) if k in stored else (OPTIONS[k].default if k in OPTIONS else None) for k in keys]


def put(key: str, value: Any) -> None:
    text = json.dumps(value, ensure_ascii=False)
    Setting.insert(key=key, value=text, updated_at=utcnow()).on_conflict(
        conflict_target=[Setting.key], update={Setting.value: text, Setting.updated_at: utcnow()}
    ).execute()


def due_days_for(category: str) -> int:
    per_category = get("due_days_by_category") or {}
    return int(per_category.get(category, get("due_days_default")))


# --- changing settings (Perm.SETTINGS, validated, audited) -----------------------------------

MINIMUMS = {"audit_keep_days": 183, "backup_keep_daily": 1, "backup_keep_weekly": 0, "backup_keep_monthly": 0,
            "idle_lock_minutes": 0, "due_days_default": 1, "followup_after_days": 1, "retention_years": 1,
            "report_due_day": 1}
MAXIMUMS = {"idle_lock_minutes": 240, "report_due_day": 28}


def _check(key: str, value: Any) -> Any:
    from zhongxin_desktop.domain.errors import FieldError, ValidationError

    option = OPTIONS.get(key)
    if option is None:
        raise ValidationError(FieldError("设置项", f"没有设置项“{key}”"))
    default = option.default
    label = option.label
    if isinstance(default, bool):
        return bool(value)
    if isinstance(default, int):
        try:
            value = int(value)
        except (TypeError, ValueError):
            raise ValidationError(FieldError(label, "应为整数")) from None
        low, high = MINIMUMS.get(key, 0), MAXIMUMS.get(key)
        if value < low or (high is not None and value > high):
            bound = f"{low}～{high}" if high is not None else f"不小于 {low}"
            raise ValidationError(FieldError(label, f"应为{bound}的整数（法规要求审计日志至少保留6个月）"
                                             if key == "audit_keep_days" else f"应为{bound}的整数"))
        return value
    if isinstance(default, list):
        if isinstance(value, str):
            value = [v.strip() for v in value.replace("，", ",").replace("、", ",").split(",")]
        value = [str(v).strip() for v in value if str(v).strip()]
        if not value:
            raise ValidationError(FieldError(label, "至少要有一项"))
        if len(set(value)) != len(value):
            raise ValidationError(FieldError(label, "有重复的项"))
        return value
    if isinstance(default, dict):
        if not isinstance(value, dict) or not all(isinstance(v, int) and v > 0 for v in value.values()):
            raise ValidationError(FieldError(label, "应为“类型: 天数”的对应表，天数为正整数"))
        return value
    value = str(value).strip()
    if key == "county_url" and value and not value.lower().startswith(("http://", "https://")):
        raise ValidationError(FieldError(label, "应以 http:// 或 https:// 开头，例如 http://192.168.1.10:8080"))
    if key == "case_number_pattern":
        from zhongxin_desktop.domain.numbering import format_case_number

        if "{seq}" not in value or "{year}" not in value:
            raise ValidationError(FieldError(label, "必须包含 {year}（年份）和 {seq}（序号），可含 {committee}"))
        try:
            format_case_number(2026, 1, "某", value)
        except (KeyError, IndexError, ValueError):
            raise ValidationError(FieldError(label, "只能使用 {year}、{seq}、{committee} 三个占位符")) from None
    return value


def change(actor, key: str, value: Any) -> Any:
    """Set one option for the whole center. Returns the stored (normalised) value."""
    from zhongxin_desktop.domain.roles import Perm
    from zhongxin_desktop.services import audit
    from zhongxin_desktop.store.db import database

    actor.require(Perm.SETTINGS, "setting", key)
    value = _check(key, value)
    if isinstance(value, list):
        _check_county_list(key, value)
    with database.atomic():
        old = get(key)
        put(key, value)
        audit.record(actor.username, "setting_change", "setting", key, detail={"from": old, "to": value})
    return value


def change_many(actor, changes: dict[str, Any]) -> dict[str, Any]:
    """Several options at once, all or nothing: one refused value leaves every setting as it was."""
    from zhongxin_desktop.domain.roles import Perm
    from zhongxin_desktop.store.db import database

    # checked before the transaction: a refusal's audit entry must not roll back with it
    actor.require(Perm.SETTINGS, "setting", ",".join(changes))
    with database.atomic():
        return {key: change(actor, key, value) for key, value in changes.items()}


def _check_county_list(key: str, value: list[str]) -> None:
    """A township changing its own categories or sources keeps what its county requires, and
    adds none where the county forbids it."""
    from zhongxin_desktop.domain.county_rules import VOCABULARIES
    from zhongxin_desktop.domain.errors import FieldError, ValidationError
    from zhongxin_desktop.exchange.rules_doc import latest, rules_of
    from zhongxin_desktop.store.models import Center

    if key not in VOCABULARIES or Center.get(Center.is_local == True).kind != "township":  # noqa: E712
        return
    rules = rules_of(latest())
    if key not in rules:
        return
    label = VOCABULARIES[key]
    missing = [c for c in rules[key] if c not in value]
    if missing:
        raise ValidationError(FieldError(label, f"县级规定的{label}不能删除：{'、'.join(missing)}"))
    extra = [c for c in value if c not in rules[key]]
    if key in rules.get("forbid_local", []) and extra:
        raise ValidationError(FieldError(label, f"县级规定不得自行增加{label}：{'、'.join(extra)}"))
