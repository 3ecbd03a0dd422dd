"""The words a clerk reads in the case timeline and the audit log, written out as a glossary:
a label cut short, swapped or dropped shows here (tests/test_labels.py checks that every code the
program records has a label at all). Pure: no database."""
import pytest

from zhongxin_desktop.domain import labels


def _glossary(text: str) -> dict[str, str]:
    return dict(line.split(None, 1) for line in text.strip().splitlines())


# what was done
ACTIONS = _glossary("""
agreement_correct        更正协议书
agreement_create         制作协议书
agreement_edit           修改协议书
agreement_freeze         协议书锁定
agreement_sign           协议书签署
agreement_verify         核验协议书二维码
assign_mediator          指派调解员
attachment_add           添加附件
attachment_read          查看附件
audit_prune              清理过期审计日志
backup_create            备份
backup_delete_plain      删除未加密的旧备份
backup_passphrase_clear  取消备份加密
backup_passphrase_set    设置备份口令
backup_restore           恢复备份
backup_restore_start     开始恢复备份
backup_seal              加密旧备份
backup_verify            校验备份
bundle_export            导出交换包
bundle_import            导入交换包
case_assign_mediator     指派调解员
case_edit                更正
case_extend_deadline     延长办理期限
case_overdue_reason      记录逾期原因
case_register            登记案件
case_view                查看案件
center_init              初始化中心
demo_create              创建演示数据
extend_deadline          延长期限
followup                 回访
followup_record          记录回访
grid_add                 添加网格
grid_briefing_print      打印周研判简报
grid_edit                修改网格
grid_event_add           登记网格事件
grid_event_edit          修改网格事件
grid_event_escalate      网格事件上报为案件
grid_event_handle        网格内办结
grid_event_import        导入网格事件
grid_event_outcome       网格事件反馈结果
grid_figures_export      导出网格统计
grid_import              导入网格数据
grid_meeting_add         记录研判会议
grid_member_add          添加网格员
grid_member_edit         修改网格员
grid_member_retire       网格员离任
grid_members             网格员名单
grid_retire              撤销网格
grid_task_add            添加研判事项
grid_task_done           研判事项办结
grid_visit_add           记录走访
household_add            添加户
household_delete         删除户
household_edit           修改户信息
household_open_for_edit  打开户信息（修改）
import                   从旧台账导入
judicial_apply           申请司法确认
judicial_result          司法确认结果
key_export               导出本中心公钥
key_forget               不再信任对方公钥
key_replace              更换对方公钥
key_rotate               更换本中心密钥
key_trust                信任对方公钥
ledger_import            导入旧台账
mediation_session        调解记录
order_add                登记来件工单
overdue_reason           记录逾期原因
password_change          修改密码
password_reset           重置密码
pii_encryption_off       关闭个人信息加密
pii_encryption_on        开启个人信息加密
print                    打印
referral_create          县级交办
referral_received        收到县级交办
referral_updated         县级交办内容更新
register                 登记
report_ledger_export     导出台账
report_monthly_export    导出月报
reveal                   查看完整证件号/电话
screen_lock              锁屏
search_rebuild           重建搜索索引
setting_change           修改设置
sign_in                  登录
transfer_reply           记录对方回复
unit_add                 添加联户单元
unit_delete              删除联户单元
unit_edit                修改联户单元
user_create              添加用户
user_disable             停用用户
user_enable              启用用户
user_role                更改角色
village_add              添加村（社区）
village_edit             修改村（社区）
watch_add                登记重点人员/困难家庭
watch_visit_add          记录重点人员/困难家庭走访
conflict_resolve         裁定数据冲突
conflict_apply           按县级裁定更新数据
rules_publish            发布县级规则
rules_apply              应用县级规则
order_reply              登记回复来件单位
roster_committee_add     添加调委会
roster_mediator_add      添加调解员
roster_mediator_edit     修改调解员
""")


# to what
OBJECTS = _glossary("""
agreement              协议书
attachment             附件
audit                  审计日志
backup                 备份
bundle                 交换包
case                   案件
case_search            案件搜索
center                 中心
file                   文件
followup               回访记录
grid                   网格
grid_briefing          周研判简报
grid_event             网格事件
grid_figures           网格统计
grid_meeting           研判会议
grid_member            网格员
grid_task              研判事项
grid_visit             走访记录
household              户
household_unit         联户单元
judicial_confirmation  司法确认
key                    密钥
ledger                 台账
mediation_session      调解记录
referral               交办件
report                 报表
setting                设置
user                   用户
village                村（社区）
watch_person           重点人员/困难家庭
conflict               数据冲突
rules                  县级规则
mediation_committee    调委会
mediator               调解员
roster                 调解组织名册
county_duplicates      跨乡镇当事人
repeat_parties         重复当事人
""")


# the details of an entry
DETAIL_KEYS = _glossary("""
agreement    协议书
case         案件
case_status  案件状态
cases        案件数
changed      修改
code         代码
counts       数量
deleted      删除
dry_run      试运行
events       事件数
fields       更正内容
file         文件
file_name    文件
county       县级中心
keep         保留
fingerprint  指纹
from         原为
grid         网格
hash         校验值
head         日志末条
imported     导入
keep_days    保留天数
kind         类别
members      成员
name         名称
on           日期
outcome      结果
parties      当事人
previous     原值
reason       原因
referral     交办件
restored     已恢复
result       结果
risk         风险
role         角色
row          行
rows         行数
safety       安全备份
seed         随机种子
sequence     序号
sha256       校验值
sheet        工作表
signed_on    签署日期
target       目标
to           改为
township     乡镇
type         类型
username     用户
version      版本
warnings     提示
""")


# a case as a person reads it (`zhongxin cases show`), in the order it is printed
CASE_FIELDS = _glossary("""
case_no                   案件编号
status_label              状态
registered_on             登记日期
accepted_on               受理日期
source                    案件来源
source_detail             来源说明
reporter_name             上报人
category                  纠纷类型
risk_level                风险等级
village_name              村（社区）
grid_name                 网格
mediator_name             调解员
registered_by             登记人
facts                     纠纷简要情况
claims                    申请事项
amount                    涉及金额（元）
persons_involved          涉及人数
is_group                  群体性纠纷
due_on                    应结日期
closed_on                 办结日期
overdue                   已逾期
overdue_reason            逾期原因
outcome                   办理结果
rejection_reason          不予受理原因
guided_to                 引导至
prevent_criminal          防止民转刑
prevent_criminal_persons  防止民转刑（人）
prevent_petition          防止群体性上访
prevent_petition_persons  防止群体性上访（人）
prevent_suicide           防止自杀
prevent_suicide_persons   防止自杀（人）
""")
# what only --json shows: ids, the status code, the possible actions; parties, events and
# transfers have lines of their own
CASE_FIELDS_FOR_MACHINES = {"id", "status", "grid", "village", "allowed_actions", "parties", "events", "transfers"}


def test_a_case_reads_as_the_glossary_in_its_order():
    assert list(labels.CASE_FIELDS.items()) == list(CASE_FIELDS.items())
    assert labels.CASE_FIELDS_FOR_MACHINES == CASE_FIELDS_FOR_MACHINES
    assert not set(labels.CASE_FIELDS) & CASE_FIELDS_FOR_MACHINES


def test_the_label_tables_say_exactly_the_glossary():
    assert labels.ACTION_LABELS == ACTIONS
    assert labels.OBJECT_LABELS == OBJECTS
    assert labels.DETAIL_KEYS == DETAIL_KEYS


@pytest.mark.parametrize("code", sorted(ACTIONS))
def test_each_recorded_action_reads_as_its_label(code):
    assert labels.action_label(code) == ACTIONS[code]


@pytest.mark.parametrize("code, label", [
    # workflow steps: on the case timeline by their own name, in the audit log under 案件：
    ("accept", "受理"), ("remediate", "重新调解"), ("case_accept", "案件：受理"), ("case_follow_up", "案件：回访"),
    ("case_transfer_conclude", "案件：交办反馈办结"),
    # refusals name the permission that was missing
    ("denied:reveal", "越权被拒：查看完整身份证号和电话"), ("denied:view", "越权被拒：查看案件"),
    ("denied:fly", "越权被拒"), ("denied:", "越权被拒"), ("denied:view:extra", "越权被拒"),
    # a code nobody named: never the code itself
    ("case_fly", "其他操作"), ("fly", "其他操作"), ("", "其他操作"), ("denied", "其他操作"), ("xcase_accept", "其他操作"),
])
def test_action_labels_beyond_the_table(code, label):
    assert labels.action_label(code) == label


@pytest.mark.parametrize("code", sorted(OBJECTS))
def test_each_object_reads_as_its_label(code):
    assert labels.object_label(code) == OBJECTS[code]


def test_an_unnamed_object_is_other():
    assert labels.object_label("spaceship") == "其他" and labels.object_label("") == "其他"


@pytest.mark.parametrize("detail, text", [
    ('{"from": "registered", "to": "accepted"}', "原为：登记；改为：受理"),
    ('{"from": "mediating", "to": "followed_up"}', "原为：调解中；改为：已回访"),
    ('{"dry_run": true, "restored": false}', "试运行：是；已恢复：否"),
    ('{"fields": ["纠纷类型", "风险等级"]}', "更正内容：纠纷类型、风险等级"),
    ('{"counts": {"rows": 3, "warnings": 1}}', "数量：行数：3，提示：1"),
    ('{"rows": 12, "sheet": "2025年台账"}', "行数：12；工作表：2025年台账"),
    # an internal id, an empty value and a key nobody named: the id and the empty value are left
    # out, an unnamed key's value is shown bare
    ('{"case": "41f8d6a9-e19b-438d-be19-fb5be7bb8fea", "reason": "", "extra": "补录"}', "补录"),
    ('{"reason": null, "name": "张三"}', "名称：张三"),
    ('["registered", "甲", 3]', "登记、甲、3"),
    ('"archived"', "已归档"), ("true", "是"), ("12", "12"), ("null", ""),
    ("账户已锁定", "账户已锁定"), ("", ""), ("{broken", "{broken"),
    # every digit may stand in every group of an id
    ('{"case": "00000000-0000-0000-0000-000000000000", "name": "甲"}', "名称：甲"),
    ('{"case": "99999999-9999-9999-9999-999999999999", "name": "甲"}', "名称：甲"),
    ('{"case": "41F8D6A9-E19B-438D-BE19-FB5BE7BB8FEA"}', "案件：41F8D6A9-E19B-438D-BE19-FB5BE7BB8FEA"),
    ('{"case": "x41f8d6a9-e19b-438d-be19-fb5be7bb8fea"}', "案件：x41f8d6a9-e19b-438d-be19-fb5be7bb8fea"),
    ('{"case": "41f8d6a9-e19b-438d-be19-fb5be7bb8fea0"}', "案件：41f8d6a9-e19b-438d-be19-fb5be7bb8fea0"),
])
def test_audit_details_read_as_text(detail, text):
    assert labels.detail_text(detail) == text


def test_details_that_are_not_text():
    assert labels.detail_text(None) == ""
