"""What a county requires of its townships: checked, merged into a township's own settings, and
described for the clerk.

A rule set is a dict with any of::

    categories        list of 纠纷类型 every township uses
    sources           list of 案件来源
    forbid_local      ["categories", "sources"]: lists a township may not add to
    deadline_tiers    {"简易": 1, "一般": 7, "复杂": 20}: days per tier
    deadlines         {category: tier name or days}
    due_days_default  days for a category without its own rule
    report_due_day    day of the month the monthly report is due

Each published version is the whole set (a publish that names only categories keeps the rest of
the version before), so a township applies one document and never a sequence of patches.
"""
from __future__ import annotations

from zhongxin_desktop.domain.dates import cn_stamp
from zhongxin_desktop.domain.errors import Collector
from zhongxin_desktop.domain.text_rules import check_text

VOCABULARIES = {"categories": "纠纷类型", "sources": "案件来源"}
LABELS = {**VOCABULARIES, "forbid_local": "不得自行增加", "deadline_tiers": "期限档次",
          "deadlines": "各类型办结期限", "due_days_default": "默认办结期限", "report_due_day": "月报截止日"}
NAME_LIMIT = 16  # the case's category and source columns
MAX_DAYS = 365
MAX_ITEMS = 200
DEFAULT_TIERS = {"简易": 1, "一般": 7, "复杂": 20}


def _days(errors: Collector, label: str, value, high: int = MAX_DAYS) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= high:
        errors.add(label, f"应为 1～{high} 的整数，现为“{value}”")


def _names(errors: Collector, key: str, value) -> None:
    label = VOCABULARIES[key]
    if not isinstance(value, list) or not value:
        errors.add(label, "应为至少一项的列表，如 [\"婚姻家庭\", \"邻里\"]")
        return
    if len(value) > MAX_ITEMS:
        errors.add(label, f"最多 {MAX_ITEMS} 项")
    for i, name in enumerate(value, 1):
        if not isinstance(name, str) or not name.strip():
            errors.add(label, f"第 {i} 项应为非空文本")
            continue
        check_text(errors, label, name, limit=NAME_LIMIT)
    texts = [n.strip() for n in value if isinstance(n, str)]
    dupes = sorted({n for n in texts if texts.count(n) > 1})
    if dupes:
        errors.add(label, f"有重复的项：{'、'.join(dupes)}")


def check(rules) -> dict:
    """The rule set, normalised; raises ValidationError naming each wrong field (in Chinese)."""
    errors = Collector()
    if not isinstance(rules, dict):
        errors.add("规则", "应为一个JSON对象，如 {\"categories\": [\"婚姻家庭\", \"邻里\"]}")
        errors.raise_if_any()
    unknown = sorted(set(rules) - set(LABELS))
    if unknown:
        errors.add("规则", f"不认识的项 {'、'.join(map(str, unknown))}；可用的项：{'、'.join(LABELS)}")
    if not rules:
        errors.add("规则", "没有任何内容：至少发布纠纷类型、案件来源、办结期限或月报截止日中的一项")
    for key in VOCABULARIES:
        if key in rules:
            _names(errors, key, rules[key])
    forbid = rules.get("forbid_local", [])
    if not isinstance(forbid, list) or any(f not in VOCABULARIES for f in forbid):
        errors.add(LABELS["forbid_local"], "应为列表，只能含 categories、sources")
    tiers = rules.get("deadline_tiers", {})
    if not isinstance(tiers, dict):
        errors.add(LABELS["deadline_tiers"], "应为“档次: 天数”的对应表，如 {\"简易\": 1, \"一般\": 7, \"复杂\": 20}")
        tiers = {}
    for name, days in tiers.items():
        check_text(errors, LABELS["deadline_tiers"], name, limit=NAME_LIMIT)
        _days(errors, f"{LABELS['deadline_tiers']}·{name}", days)
    deadlines = rules.get("deadlines", {})
    if not isinstance(deadlines, dict):
        errors.add(LABELS["deadlines"], "应为“类型: 档次或天数”的对应表，如 {\"邻里\": \"简易\", \"合同\": 20}")
        deadlines = {}
    categories = rules.get("categories")
    published = [n.strip() for n in categories if isinstance(n, str)] if isinstance(categories, list) else None
    for category, rule in deadlines.items():
        where = f"{LABELS['deadlines']}·{category}"
        if published is not None and category not in published:
            errors.add(where, "不在本次发布的纠纷类型中")
        if isinstance(rule, str):
            if rule not in tiers:
                errors.add(where, f"档次“{rule}”未在期限档次中定义（已定义：{'、'.join(tiers) or '无'}）")
        else:
            _days(errors, where, rule)
    for key, high in (("due_days_default", MAX_DAYS), ("report_due_day", 28)):
        if key in rules:
            _days(errors, LABELS[key], rules[key], high)
    errors.raise_if_any()
    out = dict(rules)
    for key in VOCABULARIES:
        if key in out:
            out[key] = [n.strip() for n in out[key]]
    return out


def days_by_category(rules: dict) -> dict[str, int]:
    """Each category the rules give a deadline, in days (a tier resolved to its days)."""
    tiers = rules.get("deadline_tiers", {})
    return {c: (tiers[r] if isinstance(r, str) else r) for c, r in rules.get("deadlines", {}).items()}


def merged_list(key: str, current: list[str], before: dict, rules: dict) -> list[str]:
    """A township's list after ``rules``: the county's items first, then the township's own
    additions — items it has that no earlier version of the county published — unless the
    county forbids them. Items an earlier version published and this one drops go."""
    if key not in rules:
        return list(current)
    published = rules[key]
    if key in rules.get("forbid_local", []):
        return list(published)
    earlier = set(before.get(key, []))
    own = [c for c in current if c not in earlier and c not in published]
    return list(published) + own


# Kept whatever a county publishes: the county's own referrals become cases with this source.
ALWAYS_SOURCES = ("县级交办",)


def merged_settings(current: dict, before: dict, rules: dict) -> dict:
    """The township's settings after ``rules`` (only those the rules touch). ``current`` holds
    categories, sources, due_days_by_category, due_days_default, report_due_day."""
    out = {}
    for key in VOCABULARIES:
        if key in rules:
            out[key] = merged_list(key, current[key], before, rules)
    if "sources" in out:
        out["sources"] += [s for s in ALWAYS_SOURCES if s not in out["sources"]]
    if "deadlines" in rules or "deadline_tiers" in rules:
        own = {c: d for c, d in current["due_days_by_category"].items() if c not in days_by_category(before)}
        out["due_days_by_category"] = {**own, **days_by_category(rules)}
    for key in ("due_days_default", "report_due_day"):
        if key in rules:
            out[key] = rules[key]
    return out


def describe_changes(current: dict, after: dict, in_use: dict[str, int] | None = None) -> list[str]:
    """What changed, as lines for a person; ``in_use`` counts the cases using each category."""
    lines = []
    in_use = in_use or {}
    for key, label in VOCABULARIES.items():
        if key not in after:
            continue
        old, new = current[key], after[key]
        added = [c for c in new if c not in old]
        gone = [c for c in old if c not in new]
        if added:
            lines.append(f"新增{label}：{'、'.join(added)}")
        used = {c: in_use.get(c, 0) for c in gone if key == "categories" and in_use.get(c, 0)}
        unused = [c for c in gone if c not in used]
        if unused:
            lines.append(f"不再使用的{label}：{'、'.join(unused)}")
        lines += [f"不再使用的{label}：{c}（已有 {n} 件旧案件使用，照常显示）" for c, n in used.items()]
    if "due_days_by_category" in after:
        old, new = current["due_days_by_category"], after["due_days_by_category"]
        default = after.get("due_days_default", current["due_days_default"])
        for c in sorted(set(old) | set(new)):
            before_days, after_days = old.get(c, current["due_days_default"]), new.get(c, default)
            if before_days != after_days:
                lines.append(f"办结期限：{c} {before_days} 天 → {after_days} 天")
    if "due_days_default" in after and after["due_days_default"] != current["due_days_default"]:
        lines.append(f"默认办结期限：{current['due_days_default']} 天 → {after['due_days_default']} 天")
    if "report_due_day" in after and after["report_due_day"] != current["report_due_day"]:
        lines.append(f"月报截止日：每月 {current['report_due_day']} 日 → 每月 {after['report_due_day']} 日")
    return lines or ["内容与本中心现行设置相同，无变化"]


def in_force_lines(view: dict) -> list[str]:
    """The rules in force and every version, for a person (the 县级规则 tab and ``county rules``).
    ``view``: kind, rules, current settings, versions (newest first). At a township each item
    of a list the county published says whether the county requires it or the center added it."""
    rules, current = view["rules"], view["current"]
    lines = []
    for key, label in VOCABULARIES.items():
        required = set(rules.get(key, []))
        if key == "sources" and required:
            required.update(ALWAYS_SOURCES)
        if view["kind"] == "county" and key not in rules:
            lines.append(f"{label}：（未发布，各乡镇自定）")
            continue
        items = [f"{c}（县级规定）" if c in required else f"{c}（本中心增加）" for c in current[key]] \
            if view["kind"] == "township" and required else current[key]
        closed = "（乡镇不得自行增加）" if key in rules.get("forbid_local", []) else ""
        lines.append(f"{label}：{'、'.join(items)}{closed}")
    days = current["due_days_by_category"]
    if days:
        lines.append("各类型办结期限：" + "，".join(f"{c} {d} 天" for c, d in days.items()))
    lines.append(f"默认办结期限：{current['due_days_default']} 天；月报截止日：每月 {current['report_due_day']} 日")
    for v in view["versions"]:
        lines.append("")
        if view["kind"] == "county":
            lines.append(f"第 {v['version']} 版（{cn_stamp(v['recorded_at'])} 由 {v['recorded_by']} 发布）：")
        else:
            lines.append(f"第 {v['version']} 版（{v['county_name']}发布于 {cn_stamp(v['published_at'])}；"
                         f"{cn_stamp(v['recorded_at'])} 由 {v['recorded_by']} 导入后应用）：")
        lines += [f"  {c}" for c in v["changes"]]
    return lines
