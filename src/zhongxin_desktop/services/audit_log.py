"""The audit log as a use case: reading it (Perm.AUDIT), checking it, pruning by retention."""
from __future__ import annotations

import datetime as dt

from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.paths import DataDir
from zhongxin_desktop.services import audit, settings
from zhongxin_desktop.services.actor import SYSTEM, Actor
from zhongxin_desktop.store.models import AuditEvent

OUTCOME_LABELS = {"ok": "成功", "denied": "拒绝", "failed": "失败"}
ACTION_LABELS = {
    "sign_in": "登录", "screen_lock": "锁屏", "reveal": "查看完整证件号/电话", "center_init": "初始化中心",
    "demo_create": "创建演示数据", "user_create": "添加用户", "user_enable": "启用用户", "user_disable": "停用用户",
    "user_role": "更改角色", "password_change": "修改密码", "password_reset": "重置密码",
    "setting_change": "修改设置", "backup_create": "备份", "backup_verify": "校验备份",
    "backup_restore_start": "开始恢复备份", "backup_restore": "恢复备份", "backup_passphrase_set": "设置备份口令",
    "backup_passphrase_clear": "取消备份加密", "audit_prune": "清理过期审计日志", "case_register": "登记案件",
    "pii_encryption_on": "开启个人信息加密", "pii_encryption_off": "关闭个人信息加密",
    "grid_event_edit": "修改网格事件",
}


def action_label(action: str) -> str:
    """Chinese for the viewer; unknown actions (other areas') keep their code."""
    if action.startswith("denied:"):
        from zhongxin_desktop.domain.roles import Perm

        try:
            return "越权被拒：" + Perm(action.split(":", 1)[1]).label
        except ValueError:
            return action
    if action.startswith("case_") and action not in ACTION_LABELS:
        from zhongxin_desktop.domain.workflow import Action

        try:
            return "案件：" + Action(action[5:]).label
        except ValueError:
            return action
    return ACTION_LABELS.get(action, action)


def entries(actor: Actor, *, username: str | None = None, action: str | None = None,
            since: dt.date | None = None, until: dt.date | None = None, outcome: str | None = None,
            limit: int = 500, offset: int = 0) -> list[AuditEvent]:
    actor.require(Perm.AUDIT, "audit")
    return audit.query(username=username, action=action, since=since, until=until, outcome=outcome,
                       limit=limit, offset=offset)


def entry_dict(e: AuditEvent) -> dict:
    return {"seq": e.seq, "at": str(e.at), "user": e.username, "action": e.action,
            "action_label": action_label(e.action),
            "object_type": e.object_type, "object_id": e.object_id, "outcome": e.outcome,
            "outcome_label": OUTCOME_LABELS.get(e.outcome, e.outcome), "detail": e.detail}


def verify_chain(data: DataDir) -> audit.VerifyResult:
    """The chain of the bound database, also against the heads recorded in backups."""
    from zhongxin_desktop.services.backups import known_heads

    return audit.verify(known_heads=known_heads(data))


def usernames() -> list[str]:
    return [r.username for r in AuditEvent.select(AuditEvent.username).distinct().order_by(AuditEvent.username)]


def prune_expired(data: DataDir | None = None, today: dt.date | None = None) -> int:
    """Drop entries older than the retention setting (never under six months), and never past
    the oldest head a kept backup recorded (so the dropped entries are still in the backups,
    and an anchor after that head can only be forged). Run after the daily backup."""
    below = None
    if data is not None:
        from zhongxin_desktop.services.backups import known_heads

        below = min((h["seq"] for h in known_heads(data) if h.get("seq")), default=None)
    return audit.prune(SYSTEM, int(settings.get("audit_keep_days")), today=today, below_seq=below)
