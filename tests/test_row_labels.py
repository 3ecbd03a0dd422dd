"""The words a clerk reads when the county's and the township's versions of one exchanged record
are shown side by side: what kind of record, each field's Chinese name, values in words, ID numbers
and phones masked, bookkeeping never shown. The names are written out as a glossary (a label cut
short, swapped or dropped shows here); masks and dates are worked out by hand. Pure: no database."""
import pytest

from zhongxin_desktop.domain import row_labels as rl


def _glossary(text: str) -> dict[str, str]:
    return dict(line.split(None, 1) for line in text.strip().splitlines())


TABLES = _glossary("""
center         中心
village        村（社区）
grid           网格
grid_member    网格员
household_unit 联户单元
household      户
case           案件
party          当事人
case_party     案件当事人
case_event     办理经过
transfer       交办记录
mediation_session 调解记录
agreement      协议书
attachment     附件
follow_up      回访记录
judicial_confirmation 司法确认
grid_event     网格事件
grid_visit     走访记录
watch_person   重点人员/困难家庭
watch_visit    重点人员走访
grid_meeting   研判会议
grid_task      研判事项
mediation_committee 人民调解委员会
mediator       调解员
referral       交办件
tombstone      删除记录
""")

COLUMNS = _glossary("""
case_no                    案件编号
status                     状态
registered_on              登记日期
accepted_on                受理日期
source                     案件来源
source_detail              来源说明
reporter_name              上报人
category                   纠纷类型
facts                      纠纷简要情况
claims                     申请事项
persons_involved           涉及人数
amount                     涉及金额（元）
risk_level                 风险等级
is_group                   是否群体性
prevent_criminal           防止民转刑
prevent_criminal_persons   防止民转刑人数
prevent_petition           防止群体性上访
prevent_petition_persons   防止群体性上访人数
prevent_suicide            防止自杀
prevent_suicide_persons    防止自杀人数
due_on                     办结期限
overdue_reason             逾期原因
closed_on                  办结日期
outcome                    结果
rejection_reason           不予受理理由
guided_to                  引导去向
external_ref               外部编号
instructions               交办要求
committee_id               所属调委会
trained                    已培训
kind                       类别
name                       名称/姓名
sex                        性别
ethnicity                  民族
birth_date                 出生日期
occupation                 职业或职务
address                    住址
phone                      联系电话
id_number                  身份证号
legal_rep                  法定代表人
legal_rep_title            法定代表人职务
credit_code                统一社会信用代码
contact                    联系方式
role                       身份
position                   顺序
agent_name                 代理人
agent_phone                代理人电话
agent_kind                 代理类别
code                       代码
active                     有效
households                 户数
leader_name                网格长
leader_phone               网格长电话
head_name                  户主/联户长
head_phone                 联户长电话
members                    人口
notes                      备注
duty                       职责
department                 交办单位
sent_on                    交办日期
feedback_due               反馈期限
reply_on                   回复日期
reply                      回复内容
replied_by                 回复人
reference                  文号
held_at                    调解时间
place                      地点
matter                     事由
other_mediators            其他调解员
participants               参加人
rights_notified            已告知权利义务
statements                 各方陈述
facts_verified             查明事实
result                     结果
result_reason              结果原因
number                     编号
version                    版本
correction_reason          更正原因
clauses                    协议内容
performance                履行方式
perform_by                 履行期限
perform_place              履行地点
copies                     份数
signed_on                  签署日期
mediator_name              调解员
recorder_name              记录人
parties                    当事人信息
title                      标题
visited_on                 走访/回访日期
method                     方式
reason                     事由
performed                  是否履行
satisfaction               满意度
lawsuit                    是否起诉
escalation_signs           激化迹象
measures                   措施
visitor                    回访人
applied_on                 申请日期
court                      法院
result_on                  结果日期
event_type                 事件类型
description                事件描述
reported_on                上报日期
handled_on                 办结日期
worker_name                网格员
help_given                 帮扶措施
since                      列管日期
held_on                    会议日期
attendees                  参会人
risks                      研判风险
decisions                  决定事项
content                    内容
owner                      责任人
done_on                    完成日期
remark                     备注
at                         时间
village_id                 村（社区）
grid_id                    网格
case_id                    所属案件
party_id                   当事人
agreement_id               所属协议书
previous_id                被更正的协议书
unit_id                    联户单元
meeting_id                 研判会议
person_id                  重点人员
username                   操作人
action                     操作
from_status                原状态
to_status                  新状态
filename                   文件名
size                       大小
mime                       文件类型
added_by                   添加人
table_name                 记录类型
deleted_at                 删除时间
township_code              乡镇代码
created_by                 创建人
committee_short            调委会简称
parent_code                上级代码
party_group                党小组
party_branch               党支部
tenlink                    十联类别
reporter_role              上报人身份
case_outcome               案件结果
visitor_role               走访人身份
visit_every_days           走访周期（天）
elected_on                 推选日期
police_reviewed_on         派出所审核日期
police_reviewer            审核人
branch_confirmed_on        支部确认日期
branch_confirmer           确认人
tags                       标签
frozen_at                  锁定时间
decided_on                 决定日期
direction                  方向
""")

# identity, bookkeeping and search keys derived from other fields
HIDDEN = ["id", "owner_code", "row_version", "created_at", "updated_at", "name_pinyin", "name_initials",
          "phone_tail", "id_tail", "id_flag", "case_year", "case_seq", "content_hash", "sha256", "details"]

# a UUID with a 0 and a 9 in every group: a character range of the pattern cut short misses it
UUID = "0b7c0d98-9a04-4209-8390-90e4f5a6b7c8"


def test_every_kind_of_record_has_its_name():
    assert rl.TABLE_LABELS == TABLES
    for table, label in TABLES.items():
        assert rl.table_label(table) == label
    assert rl.table_label("no_such_table") == "其他记录"


def test_every_exchanged_field_has_its_name():
    assert rl.COLUMN_LABELS == COLUMNS
    for column, label in COLUMNS.items():
        assert rl.side_by_side({column: "甲"}, {column: "乙"}, reveal=True)[0]["label"] == label
    assert rl.side_by_side({"no_such_column": "甲"}, {})[0]["label"] == "其他内容"


@pytest.mark.parametrize("column", HIDDEN)
def test_bookkeeping_is_never_shown(column):
    assert rl.side_by_side({column: "甲"}, {column: "乙"}) == []
    assert [r["label"] for r in rl.side_by_side({column: 1, "remark": "甲"}, {"remark": "甲"})] == ["备注"]


# (column, stored text, what a clerk without the right to see it reads)
MASKED = [
    ("id_number", "11010519491231002X", "1101**********002X"),
    ("id_number", "1234567", "1******"),
    ("phone", "13812345678", "138****5678"),
    ("phone", "0571-88886666", "*********6666"),
    ("agent_phone", "13900001111", "139****1111"),
    ("leader_phone", "15011112222", "150****2222"),
    ("head_phone", "18633334444", "186****4444"),
    ("contact", "0571-88886666", "*********6666"),
]


@pytest.mark.parametrize(("column", "stored", "shown"), MASKED)
def test_numbers_are_masked_unless_the_reader_may_see_them(column, stored, shown):
    assert rl.value_text(column, stored) == shown
    assert rl.value_text(column, stored, reveal=True) == stored
    row = rl.side_by_side({column: stored}, {column: stored})[0]
    assert (row["county"], row["township"], row["differs"]) == (shown, shown, False)
    assert rl.side_by_side({column: stored}, {}, reveal=True)[0]["county"] == stored


def test_a_number_in_a_field_that_is_not_masked_is_shown_as_typed():
    assert rl.value_text("name", "13812345678") == "13812345678"
    assert rl.value_text("remark", "11010519491231002X") == "11010519491231002X"


def test_the_parties_list_is_held_back_unless_the_reader_may_see_it():
    assert rl.value_text("parties", "[{}]") == "（含当事人证件号和电话，有权查看时显示）"
    assert rl.value_text("parties", "[{}]", reveal=True) == "[{}]"
    assert rl.value_text("claims", "[{}]") == "[{}]"


@pytest.mark.parametrize(("stored", "shown"), [
    ("2026-01-05", "2026年1月5日"), ("1999-12-31", "1999年12月31日"), ("2026-11-02", "2026年11月2日"),
    ("2026-02-30", "2026-02-30"),  # looks like a date, is none: shown as stored
    ("2026-1-5", "2026-1-5"), ("20260-01-05", "20260-01-05"), ("2026-011-05", "2026-011-05"),
    ("2026-01-050", "2026-01-050"), ("2026年1月5日", "2026年1月5日"),
])
def test_dates_read_in_chinese(stored, shown):
    assert rl.value_text("registered_on", stored) == shown


def test_empty_values_yes_no_and_numbers():
    assert rl.value_text("closed_on", None) == "（空）"
    assert rl.value_text("remark", "") == "（空）"
    assert rl.value_text("persons_involved", 0) == "0"
    assert rl.value_text("persons_involved", 5) == "5"
    assert rl.value_text("is_group", True) == "是" and rl.value_text("is_group", False) == "否"
    assert rl.value_text("active", 1) == "1"
    assert rl.value_text("amount", "0.00") == "0.00"


@pytest.mark.parametrize(("code", "word"), [
    ("registered", "登记"), ("accepted", "受理"), ("rejected", "不予受理"), ("mediating", "调解中"),
    ("transferred", "已交办"), ("succeeded", "调解成功"), ("terminated", "调解终止"), ("performing", "履行中"),
    ("performed", "已履行"), ("concluded", "已办结"), ("followed_up", "已回访"), ("archived", "已归档"),
])
def test_a_case_status_reads_as_its_word(code, word):
    assert rl.value_text("status", code) == word


def test_a_status_the_program_does_not_know_is_shown_as_stored():
    assert rl.value_text("status", "（旧状态）") == "（旧状态）"
    assert rl.value_text("remark", "accepted") == "accepted"


@pytest.mark.parametrize("text", [
    UUID[1:], UUID + "0", "0b7c0d9-9a04-4209-8390-90e4f5a6b7c8", "0b7c0d98-9a0-4209-8390-90e4f5a6b7c8",
    "0b7c0d98-9a04-420-8390-90e4f5a6b7c8", "0b7c0d98-9a04-4209-839-90e4f5a6b7c8",
    "0b7c0d98-9a04-4209-8390-90e4f5a6b7c", "0b7c0d98-9a04-4209-8390-90e4f5a6b7c80",
    "0b7c0d981-9a04-4209-8390-90e4f5a6b7c8", "0b7c0d98-9a041-4209-8390-90e4f5a6b7c8",
    "0b7c0d98-9a04-42091-8390-90e4f5a6b7c8", "0b7c0d98-9a04-4209-83901-90e4f5a6b7c8",
    "0b7c0d98-9a04-4209-8390-90e4f5a6b7g8",
])
def test_only_a_whole_record_id_is_hidden(text):
    assert rl.value_text("remark", text) == text


def test_a_record_id_reads_as_a_linked_record():
    assert rl.value_text("village_id", UUID) == "（关联记录）"
    assert rl.value_text("case_id", "00000000-0000-0000-0000-000000000000") == "（关联记录）"
    assert rl.value_text("case_id", "99999999-9999-9999-9999-999999999999") == "（关联记录）"
    assert rl.value_text("case_id", "ffffffff-ffff-ffff-ffff-ffffffffffff") == "（关联记录）"


def test_side_by_side_puts_the_differences_first_in_the_order_the_fields_came():
    county = {"id": UUID, "facts": "甲", "remark": "同", "amount": "1.00", "place": "村委会"}
    township = {"id": "other", "remark": "同", "amount": "2.00", "place": "村委会", "claims": "赔偿"}
    assert rl.side_by_side(county, township) == [
        {"label": "纠纷简要情况", "county": "甲", "township": "（空）", "differs": True},
        {"label": "涉及金额（元）", "county": "1.00", "township": "2.00", "differs": True},
        {"label": "申请事项", "county": "（空）", "township": "赔偿", "differs": True},
        {"label": "备注", "county": "同", "township": "同", "differs": False},
        {"label": "地点", "county": "村委会", "township": "村委会", "differs": False},
    ]
    assert rl.side_by_side({}, {}) == []


# which field names a record, most telling first
TITLE_COLUMNS = ["case_no", "number", "name", "head_name", "title", "department", "category"]


@pytest.mark.parametrize("position", range(len(TITLE_COLUMNS)))
def test_a_row_is_named_by_its_most_telling_field(position):
    row = {column: f"值{i}" for i, column in enumerate(TITLE_COLUMNS) if i >= position}
    row |= {column: "" for column in TITLE_COLUMNS[:position]}
    assert rl.row_title("mediation_session", row) == f"值{position}"


def test_a_row_title_is_written_in_words():
    assert rl.row_title("party", {"name": "张三", "phone": "13812345678"}) == "张三"
    assert rl.row_title("grid_meeting", {"title": "2026-11-02"}) == "2026年11月2日"
    assert rl.row_title("grid_visit", {"notes": "甲"}) == "走访记录"
    assert rl.row_title("tombstone", {}) == "删除记录"
    assert rl.row_title("case", {"case_no": "（2026）某调字第 3 号"}) == "（2026）某调字第 3 号"
    assert rl.row_title("case", {"case_no": "", "category": "邻里", "registered_on": "2026-11-02"}) == \
        "未受理案件（邻里，登记于 2026年11月2日）"
    assert rl.row_title("case", {}) == "未受理案件（，登记于 （空））"
    assert rl.row_title("agreement", {"case_no": "", "number": "第 7 号"}) == "第 7 号"
