"""The import summary, shaped like DHIS2's import report: a status, counts, and problems
grouped by kind with the ids of the records concerned."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # only a type: the summary stays importable without the store
    from zhongxin_desktop.exchange.audit_heads import Judgement

PROBLEM_TEXT = {
    "conflict": "同一记录同一版本号内容不同：两个版本都已保留，未合并，请在“数据交换 › 数据冲突”中裁定",
    "conflict_kept_local": "同一记录同一版本号内容不同：已保留本地版本，未合并，请与发送方核对",
    "not_owner": "记录不属于发送方，发送方无权修改，已忽略",
    "not_allowed": "这类记录不能由对方发来（县级只下发交办件，乡镇不上报交办件），已忽略",
    "owner_mismatch": "本地已有同一编号但属于其他中心的记录，已忽略",
    "missing_parent": "所引用的上级记录不存在（可能尚未收到），已跳过，待对方重发",
    "unique": "与本地另一记录的唯一字段（如案件编号）重复，已跳过",
    "missing_blob": "附件文件不在数据包中，记录已导入但缺少文件",
    "receipt_conflict": "对方持有的版本与本地同版本内容不同，未确认，将继续发送",
    "foreign_parent": "记录挂在其他中心的记录（如他乡镇的案件）之下，发送方无权添加，已拒绝",
    "center_change": "乡镇不能更改本中心的类型、代码或所属县级，已拒绝",
    "tombstone_refused": "删除记录所指的数据不能由对方删除（如中心本身），已拒绝",
    "tombstone_foreign": "删除记录指向其他中心的记录，发送方无权删除，已拒绝",
    "bad_text": "记录含有控制字符（如 NUL、ESC）或残缺字符，后续报表无法处理，已拒绝，请发送方检查录入",
    "referral_not_yours": "案件关联的交办件不是交给发送方的，已拒绝",
    "referral_elsewhere": "交办件不是交给本乡镇的，未保存",
    "decision_bad": "县级对数据冲突的裁定内容不对，未应用，请与县级核对",
}


AUDIT_BROKEN = "审计日志被改写或回退"


@dataclass
class TableCount:
    imported: int = 0
    updated: int = 0
    ignored: int = 0
    deleted: int = 0
    conflicts: int = 0

    def add(self, other: "TableCount") -> None:
        for k in vars(self):
            setattr(self, k, getattr(self, k) + getattr(other, k))


@dataclass
class ImportSummary:
    file: str = ""
    status: str = "SUCCESS"  # SUCCESS / WARNING / ERROR
    sender: str = ""
    sender_name: str = ""
    sequence: int = 0
    period: str = ""
    dry_run: bool = False
    refused_reason: str = ""
    tables: dict[str, TableCount] = field(default_factory=dict)
    problems: dict[str, list[str]] = field(default_factory=dict)
    referrals_received: list[str] = field(default_factory=list)
    acknowledged: int = 0
    attachments_written: int = 0
    audit: Judgement | None = None  # county: the township's audit head judged (exchange/audit_heads)
    missing_bundles: list[int] = field(default_factory=list)  # county: the sender's numbers never received
    rules: dict[str, Any] | None = None  # township: the county's published rules (services/countywork/county_rules)
    decisions_applied: list[str] = field(default_factory=list)  # township: conflicts the county settled

    def count(self, table: str) -> TableCount:
        return self.tables.setdefault(table, TableCount())

    def problem(self, kind: str, table: str, row_id: str) -> None:
        self.problems.setdefault(kind, []).append(f"{table}:{row_id}")

    @property
    def totals(self) -> TableCount:
        t = TableCount()
        for c in self.tables.values():
            t.add(c)
        return t

    def finish(self) -> "ImportSummary":
        audit_status = self.audit["status"] if self.audit is not None else ""
        if self.refused_reason or audit_status == "broken":
            self.status = "ERROR"
        elif self.problems or audit_status == "unverifiable":
            self.status = "WARNING"
        return self

    def to_dict(self) -> dict[str, Any]:
        totals = self.totals
        return {
            "file": self.file, "status": self.status, "dry_run": self.dry_run, "sender": self.sender,
            "sender_name": self.sender_name, "sequence": self.sequence, "period": self.period,
            "refused_reason": self.refused_reason,
            "import_count": {"imported": totals.imported, "updated": totals.updated, "ignored": totals.ignored,
                             "deleted": totals.deleted, "conflicts": totals.conflicts},
            "by_table": {t: vars(c) for t, c in sorted(self.tables.items())},
            "problems": [{"kind": k, "message": PROBLEM_TEXT.get(k, k), "count": len(ids), "records": ids}
                         for k, ids in sorted(self.problems.items())],
            "referrals_received": self.referrals_received, "acknowledged": self.acknowledged,
            "attachments_written": self.attachments_written, "audit": self.audit,
            "missing_bundles": self.missing_bundles,
            "rules": self.rules, "decisions_applied": self.decisions_applied,
        }

    def text(self) -> str:
        return summary_text(self.to_dict())


_STATUS_LABEL: dict[object, str] = {"SUCCESS": "成功", "WARNING": "有问题", "ERROR": "已拒绝"}


def summary_text(d: dict[str, Any]) -> str:
    """A summary (live or stored in the exchange log) as a few lines for a person."""
    status = d.get("status")
    label = _STATUS_LABEL.get(status, status)
    audit = d.get("audit") or {}
    if d.get("status") == "ERROR" and not d.get("refused_reason"):
        label = "已导入，但" + AUDIT_BROKEN
    lines = [f"{d.get('file', '')}：{label}" + ("（试运行，未写入）" if d.get("dry_run") else "")]
    if d.get("refused_reason"):
        lines.append(f"  原因：{d['refused_reason']}")
        return "\n".join(lines)
    c = d.get("import_count", {})
    lines.append(f"  发送方 {d.get('sender_name', '')}（{d.get('sender', '')}）第 {d.get('sequence', '')} 号数据包"
                 + (f"，统计月份 {d['period']}" if d.get("period") else ""))
    lines.append(f"  新增 {c.get('imported', 0)}，更新 {c.get('updated', 0)}，忽略 {c.get('ignored', 0)}，"
                 f"删除 {c.get('deleted', 0)}，冲突 {c.get('conflicts', 0)}；确认回执 {d.get('acknowledged', 0)} 条")
    if audit.get("status") == "broken":
        lines.append(f"  {AUDIT_BROKEN}：{audit.get('reason', '')}")
    elif audit.get("status") == "unverifiable":
        lines.append(f"  审计日志无法核对：{audit.get('reason', '')}")
    if d.get("missing_bundles"):
        lines.append(f"  注意：{missing_text(d['missing_bundles'])}，请乡镇补报（U盘或立即报送）")
    lines += county_lines(d)
    if d.get("referrals_received"):
        lines.append(f"  收到交办件 {len(d['referrals_received'])} 件")
    for p in d.get("problems", []):
        shown = "、".join(p["records"][:5]) + ("……" if p["count"] > 5 else "")
        lines.append(f"  问题（{p['count']}）：{p['message']}：{shown}")
    return "\n".join(lines)


def missing_text(numbers: list[int], shown: int = 5) -> str:
    """第 3、5 号数据包未收到 (the first few, and how many more)."""
    if not numbers:
        return ""
    listed = "、".join(str(n) for n in numbers[:shown])
    more = f" 等 {len(numbers)} 个" if len(numbers) > shown else ""
    return f"第 {listed} 号数据包{more}未收到"


def county_lines(d: dict[str, Any]) -> list[str]:
    """The county's published rules and conflict decisions a reply brought, for a person."""
    lines = []
    rules = d.get("rules") or {}
    if rules.get("status") == "applied":
        lines.append(f"  已应用县级发布的规则（第 {rules['version']} 版）：")
        lines += [f"    {c}" for c in rules.get("changes", [])]
    elif rules.get("status") == "older":
        lines.append(f"  数据包中的县级规则是第 {rules['version']} 版，本中心已应用更新的第 {rules['in_force']} 版，"
                     "未回退")
    if d.get("decisions_applied"):
        lines.append(f"  已按县级裁定更新数据冲突 {len(d['decisions_applied'])} 条（生成新版本，随下次报送上传）")
    return lines
