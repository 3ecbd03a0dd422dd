"""Chinese for every code the program records: what happened to a case (办理经过), what the audit
log says was done, and to what kind of thing. One table, so a clerk never reads ``agreement_sign``
or ``key_export``; a test checks it covers every code the program emits."""
from __future__ import annotations

import json
import re

from zhongxin_desktop.domain.workflow import Action

ACTION_LABELS: dict[str, str] = {
    # the case's own steps (CaseEvent.action); workflow steps come from domain.workflow
    "register": "登记", "case_edit": "更正", "assign_mediator": "指派调解员", "extend_deadline": "延长期限",
    "overdue_reason": "记录逾期原因", "mediation_session": "调解记录", "agreement_create": "制作协议书",
    "agreement_edit": "修改协议书", "agreement_sign": "协议书签署", "agreement_freeze": "协议书锁定",
    "agreement_correct": "更正协议书", "attachment_add": "添加附件", "followup": "回访", "print": "打印",
    "judicial_apply": "申请司法确认", "judicial_result": "司法确认结果", "ledger_import": "导入旧台账",
    "import": "从旧台账导入", "referral_received": "收到县级交办", "referral_updated": "县级交办内容更新",
    # the audit log (AuditEvent.action)
    "sign_in": "登录", "screen_lock": "锁屏", "reveal": "查看完整证件号/电话", "center_init": "初始化中心",
    "demo_create": "创建演示数据", "user_create": "添加用户", "user_enable": "启用用户", "user_disable": "停用用户",
    "user_role": "更改角色", "password_change": "修改密码", "password_reset": "重置密码",
    "setting_change": "修改设置", "backup_create": "备份", "backup_verify": "校验备份",
    "backup_restore_start": "开始恢复备份", "backup_restore": "恢复备份", "backup_passphrase_set": "设置备份口令",
    "backup_passphrase_clear": "取消备份加密", "backup_seal": "加密旧备份",
    "backup_delete_plain": "删除未加密的旧备份", "audit_prune": "清理过期审计日志", "case_register": "登记案件",
    "case_view": "查看案件", "case_assign_mediator": "指派调解员", "case_extend_deadline": "延长办理期限",
    "case_overdue_reason": "记录逾期原因", "search_rebuild": "重建搜索索引",
    "pii_encryption_on": "开启个人信息加密", "pii_encryption_off": "关闭个人信息加密",
    "agreement_verify": "核验协议书二维码", "attachment_read": "查看附件", "followup_record": "记录回访",
    "bundle_export": "导出交换包", "bundle_import": "导入交换包", "key_export": "导出本中心公钥",
    "key_trust": "信任对方公钥", "key_replace": "更换对方公钥", "key_forget": "不再信任对方公钥",
    "key_rotate": "更换本中心密钥", "referral_create": "县级交办",
    "report_ledger_export": "导出台账", "report_monthly_export": "导出月报",
    "grid_add": "添加网格", "grid_edit": "修改网格", "grid_retire": "撤销网格", "grid_event_add": "登记网格事件",
    "grid_event_edit": "修改网格事件", "grid_event_escalate": "网格事件上报为案件", "grid_event_handle": "网格内办结",
    "grid_event_import": "导入网格事件", "grid_event_outcome": "网格事件反馈结果", "grid_import": "导入网格数据",
    "grid_meeting_add": "记录研判会议", "grid_member_add": "添加网格员", "grid_member_edit": "修改网格员",
    "grid_member_retire": "网格员离任", "grid_members": "网格员名单", "grid_visit_add": "记录走访",
    "unit_add": "添加联户单元", "unit_edit": "修改联户单元", "unit_delete": "删除联户单元",
    "village_add": "添加村（社区）", "village_edit": "修改村（社区）",
    "grid_briefing_print": "打印周研判简报", "grid_figures_export": "导出网格统计", "grid_task_add": "添加研判事项",
    "grid_task_done": "研判事项办结", "household_add": "添加户", "household_edit": "修改户信息",
    "household_delete": "删除户", "household_open_for_edit": "打开户信息（修改）", "order_add": "登记来件工单",
    "transfer_reply": "记录对方回复", "watch_add": "登记重点人员/困难家庭", "watch_visit_add": "记录重点人员/困难家庭走访",
    "conflict_resolve": "裁定数据冲突", "conflict_apply": "按县级裁定更新数据", "rules_publish": "发布县级规则",
    "rules_apply": "应用县级规则",
}

OBJECT_LABELS: dict[str, str] = {
    "agreement": "协议书", "attachment": "附件", "audit": "审计日志", "backup": "备份", "bundle": "交换包",
    "case": "案件", "case_search": "案件搜索", "center": "中心", "file": "文件", "followup": "回访记录",
    "grid": "网格", "grid_event": "网格事件", "grid_meeting": "研判会议", "grid_member": "网格员",
    "grid_visit": "走访记录", "household_unit": "联户单元", "judicial_confirmation": "司法确认", "key": "密钥",
    "ledger": "台账", "mediation_session": "调解记录", "referral": "交办件", "report": "报表", "setting": "设置",
    "user": "用户", "village": "村（社区）", "grid_briefing": "周研判简报", "grid_figures": "网格统计",
    "grid_task": "研判事项", "household": "户", "watch_person": "重点人员/困难家庭",
    "conflict": "数据冲突", "rules": "县级规则",
}


def action_label(code: str) -> str:
    """The Chinese name of a recorded action; a code nobody has named yet is shown as 其他操作,
    never as the code itself."""
    if code in ACTION_LABELS:
        return ACTION_LABELS[code]
    if code.startswith("denied:"):
        from zhongxin_desktop.domain.roles import Perm

        try:
            return "越权被拒：" + Perm(code.split(":", 1)[1]).label
        except ValueError:
            return "越权被拒"
    for prefix, lead in (("case_", "案件："), ("", "")):
        if code.startswith(prefix):
            try:
                return lead + Action(code[len(prefix):]).label
            except ValueError:
                continue
    return "其他操作"


def object_label(code: str) -> str:
    return OBJECT_LABELS.get(code, "其他")


# a case as a person reads it (``zhongxin cases show`` without --json); the keys left out are the
# machine's own (ids, status code, possible actions), kept for --json
CASE_FIELDS: dict[str, str] = {
    "case_no": "案件编号", "status_label": "状态", "registered_on": "登记日期", "accepted_on": "受理日期",
    "source": "案件来源", "source_detail": "来源说明", "reporter_name": "上报人", "category": "纠纷类型",
    "risk_level": "风险等级", "village_name": "村（社区）", "grid_name": "网格", "mediator_name": "调解员",
    "registered_by": "登记人", "facts": "纠纷简要情况", "claims": "申请事项", "amount": "涉及金额（元）",
    "persons_involved": "涉及人数", "is_group": "群体性纠纷", "due_on": "应结日期", "closed_on": "办结日期",
    "overdue": "已逾期", "overdue_reason": "逾期原因", "outcome": "办理结果", "rejection_reason": "不予受理原因",
    "guided_to": "引导至", "prevent_criminal": "防止民转刑", "prevent_criminal_persons": "防止民转刑（人）",
    "prevent_petition": "防止群体性上访", "prevent_petition_persons": "防止群体性上访（人）",
    "prevent_suicide": "防止自杀", "prevent_suicide_persons": "防止自杀（人）",
}
CASE_FIELDS_FOR_MACHINES = frozenset({"id", "status", "grid", "village", "allowed_actions",
                                      "parties", "events", "transfers"})  # the last three: own lines


DETAIL_KEYS: dict[str, str] = {
    "agreement": "协议书", "case": "案件", "case_status": "案件状态", "cases": "案件数", "changed": "修改",
    "code": "代码", "counts": "数量", "deleted": "删除", "dry_run": "试运行", "events": "事件数", "fields": "更正内容",
    "file": "文件", "fingerprint": "指纹", "from": "原为", "grid": "网格", "hash": "校验值", "head": "日志末条",
    "keep_days": "保留天数", "kind": "类别", "members": "成员", "name": "名称", "on": "日期", "outcome": "结果",
    "parties": "当事人", "previous": "原值", "reason": "原因", "referral": "交办件", "restored": "已恢复",
    "result": "结果", "risk": "风险", "role": "角色", "row": "行", "rows": "行数", "safety": "安全备份",
    "seed": "随机种子", "sequence": "序号", "sheet": "工作表", "signed_on": "签署日期", "target": "目标",
    "to": "改为", "township": "乡镇", "type": "类型", "username": "用户", "version": "版本", "warnings": "提示",
    "imported": "导入", "sha256": "校验值", "file_name": "文件", "county": "县级中心", "keep": "保留",
}
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def _value_text(value) -> str:
    from zhongxin_desktop.domain.workflow import STATUS_LABELS, Status

    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(_value_text(v) for v in value)
    if isinstance(value, dict):
        return "，".join(filter(None, (_pair(k, v) for k, v in value.items())))
    text = "" if value is None else str(value)
    if text in {s.value for s in Status}:
        return STATUS_LABELS[Status(text)]
    return "" if _UUID.match(text) else text


def _pair(key: str, value) -> str:
    text = _value_text(value)
    if not text:
        return ""
    label = DETAIL_KEYS.get(key)
    return f"{label}：{text}" if label else text


def detail_text(detail: str) -> str:
    """An audit entry's details as a clerk reads them: labelled, no JSON, no internal ids."""
    try:
        value = json.loads(detail) if detail else ""
    except (TypeError, ValueError):
        return detail or ""
    if isinstance(value, dict):
        return "；".join(filter(None, (_pair(k, v) for k, v in value.items())))
    return _value_text(value)
