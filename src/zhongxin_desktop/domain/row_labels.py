"""Two versions of one exchanged row side by side, as a clerk reads them: what kind of record,
each field by its Chinese name, values in words (是/否, 状态 names), ID numbers and phones masked
unless the reader may see them, internal ids and bookkeeping columns never shown."""
from __future__ import annotations

import datetime as dt
import re

from zhongxin_desktop.domain.dates import cn_date
from zhongxin_desktop.domain.masking import mask_id, mask_phone

TABLE_LABELS = {
    "center": "中心", "village": "村（社区）", "grid": "网格", "grid_member": "网格员", "household_unit": "联户单元",
    "household": "户", "case": "案件", "party": "当事人", "case_party": "案件当事人", "case_event": "办理经过",
    "transfer": "交办记录", "mediation_session": "调解记录", "agreement": "协议书", "attachment": "附件",
    "follow_up": "回访记录", "judicial_confirmation": "司法确认", "grid_event": "网格事件", "grid_visit": "走访记录",
    "watch_person": "重点人员/困难家庭", "watch_visit": "重点人员走访", "grid_meeting": "研判会议",
    "grid_task": "研判事项", "referral": "交办件", "tombstone": "删除记录",
}

COLUMN_LABELS = {
    "case_no": "案件编号", "status": "状态", "registered_on": "登记日期", "accepted_on": "受理日期",
    "source": "案件来源", "source_detail": "来源说明", "reporter_name": "上报人", "category": "纠纷类型",
    "facts": "纠纷简要情况", "claims": "申请事项", "persons_involved": "涉及人数", "amount": "涉及金额（元）",
    "risk_level": "风险等级", "is_group": "是否群体性", "prevent_criminal": "防止民转刑",
    "prevent_criminal_persons": "防止民转刑人数", "prevent_petition": "防止群体性上访",
    "prevent_petition_persons": "防止群体性上访人数", "prevent_suicide": "防止自杀", "prevent_suicide_persons": "防止自杀人数",
    "due_on": "办结期限", "overdue_reason": "逾期原因", "closed_on": "办结日期", "outcome": "结果",
    "rejection_reason": "不予受理理由", "guided_to": "引导去向", "external_ref": "外部编号", "instructions": "交办要求",
    "kind": "类别", "name": "名称/姓名", "sex": "性别", "ethnicity": "民族", "birth_date": "出生日期",
    "occupation": "职业或职务", "address": "住址", "phone": "联系电话", "id_number": "身份证号",
    "legal_rep": "法定代表人", "legal_rep_title": "法定代表人职务", "credit_code": "统一社会信用代码",
    "contact": "联系方式", "role": "身份", "position": "顺序", "agent_name": "代理人", "agent_phone": "代理人电话",
    "agent_kind": "代理类别", "code": "代码", "active": "有效", "households": "户数", "leader_name": "网格长",
    "leader_phone": "网格长电话", "head_name": "户主/联户长", "head_phone": "联户长电话", "members": "人口",
    "notes": "备注", "duty": "职责", "department": "交办单位", "sent_on": "交办日期", "feedback_due": "反馈期限",
    "reply_on": "回复日期", "reply": "回复内容", "replied_by": "回复人", "reference": "文号", "held_at": "调解时间",
    "place": "地点", "matter": "事由", "other_mediators": "其他调解员", "participants": "参加人",
    "rights_notified": "已告知权利义务", "statements": "各方陈述", "facts_verified": "查明事实", "result": "结果",
    "result_reason": "结果原因", "number": "编号", "version": "版本", "correction_reason": "更正原因",
    "clauses": "协议内容", "performance": "履行方式", "perform_by": "履行期限", "perform_place": "履行地点",
    "copies": "份数", "signed_on": "签署日期", "mediator_name": "调解员", "recorder_name": "记录人",
    "parties": "当事人信息", "title": "标题", "visited_on": "走访/回访日期", "method": "方式", "reason": "事由",
    "performed": "是否履行", "satisfaction": "满意度", "lawsuit": "是否起诉", "escalation_signs": "激化迹象",
    "measures": "措施", "visitor": "回访人", "applied_on": "申请日期", "court": "法院", "result_on": "结果日期",
    "event_type": "事件类型", "description": "事件描述", "reported_on": "上报日期", "handled_on": "办结日期",
    "worker_name": "网格员", "help_given": "帮扶措施", "since": "列管日期", "held_on": "会议日期",
    "attendees": "参会人", "risks": "研判风险", "decisions": "决定事项", "content": "内容", "owner": "责任人",
    "done_on": "完成日期", "remark": "备注", "at": "时间", "village_id": "村（社区）", "grid_id": "网格",
    "case_id": "所属案件", "party_id": "当事人", "agreement_id": "所属协议书", "previous_id": "被更正的协议书",
    "unit_id": "联户单元", "meeting_id": "研判会议", "person_id": "重点人员", "username": "操作人",
    "action": "操作", "from_status": "原状态", "to_status": "新状态", "filename": "文件名", "size": "大小",
    "mime": "文件类型", "added_by": "添加人", "table_name": "记录类型", "deleted_at": "删除时间",
    "township_code": "乡镇代码", "created_by": "创建人", "committee_short": "调委会简称", "parent_code": "上级代码",
    "party_group": "党小组", "party_branch": "党支部", "tenlink": "十联类别", "reporter_role": "上报人身份",
    "case_outcome": "案件结果", "visitor_role": "走访人身份", "visit_every_days": "走访周期（天）",
    "elected_on": "推选日期", "police_reviewed_on": "派出所审核日期", "police_reviewer": "审核人",
    "branch_confirmed_on": "支部确认日期", "branch_confirmer": "确认人", "tags": "标签", "frozen_at": "锁定时间",
    "decided_on": "决定日期", "direction": "方向",
}
# Never shown: identity, bookkeeping, search keys derived from other fields.
HIDDEN = {"id", "owner_code", "row_version", "created_at", "updated_at", "name_pinyin", "name_initials", "phone_tail",
          "id_tail", "id_flag", "case_year", "case_seq", "content_hash", "sha256", "details"}
MASK = {"id_number": mask_id, "phone": mask_phone, "agent_phone": mask_phone, "leader_phone": mask_phone,
        "head_phone": mask_phone, "contact": mask_phone}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def table_label(table: str) -> str:
    return TABLE_LABELS.get(table, "其他记录")


def value_text(column: str, value, reveal: bool = False) -> str:
    from zhongxin_desktop.domain.workflow import STATUS_LABELS, Status

    if value is None or value == "":
        return "（空）"
    if isinstance(value, str) and _DATE.match(value):
        try:
            return cn_date(dt.date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, bool):
        return "是" if value else "否"
    text = str(value)
    if column == "parties" and not reveal:
        return "（含当事人证件号和电话，有权查看时显示）"
    if column in MASK and not reveal:
        return MASK[column](text)
    if column == "status" and text in {s.value for s in Status}:
        return STATUS_LABELS[Status(text)]
    if _UUID.match(text):
        return "（关联记录）"
    return text


def side_by_side(county: dict, township: dict, reveal: bool = False) -> list[dict]:
    """[{label, county, township, differs}] for every field either version has (bookkeeping
    hidden), differing fields first."""
    rows = []
    for column in [c for c in dict.fromkeys([*county, *township]) if c not in HIDDEN]:
        a, b = county.get(column), township.get(column)
        rows.append({"label": COLUMN_LABELS.get(column, "其他内容"), "county": value_text(column, a, reveal),
                     "township": value_text(column, b, reveal), "differs": a != b})
    return sorted(rows, key=lambda r: not r["differs"])


def row_title(table: str, row: dict, reveal: bool = False) -> str:
    """A few words that tell a person which record it is (a case number, a name)."""
    if table == "case" and not row.get("case_no"):
        return f"未受理案件（{row.get('category', '')}，登记于 {value_text('registered_on', row.get('registered_on'))}）"
    for column in ("case_no", "number", "name", "head_name", "title", "department", "category"):
        if row.get(column):
            return value_text(column, row[column], reveal)
    return table_label(table)
