"""The small pure rule modules against what they are for: the default lists of the domain
reference, the permission matrix as the roles are meant, dates as documents print them, the
agreement code's exact text and hash (worked out here with hashlib on a hand-written canonical
text), case numbers in the dossier shape, error texts."""
import datetime as dt
import hashlib

import pytest

from zhongxin_desktop.domain import agreement_code, dates, names, numbering, roles, vocab
from zhongxin_desktop.domain.errors import Collector, FieldError, ValidationError
from zhongxin_desktop.domain.roles import Perm, Role

# --- roles: who may do what (✓ = allowed), the matrix as the roles are meant
MATRIX = """
            view register edit mediate freeze print export import reveal manage_users restore settings audit
clerk         ✓     ✓      ✓     .       .      ✓     .      ✓      .       .          .       .       .
mediator      ✓     ✓      ✓     ✓       ✓      ✓     .      .      ✓       .          .       .       .
director      ✓     ✓      ✓     ✓       ✓      ✓     ✓      ✓      ✓       .          .       .       ✓
admin         ✓     ✓      ✓     ✓       ✓      ✓     ✓      ✓      ✓       ✓          ✓       ✓       ✓
county_admin  ✓     ✓      ✓     ✓       ✓      ✓     ✓      ✓      ✓       ✓          ✓       ✓       ✓
viewer        ✓     .      .     .       .      .     .      .      .       .          .       .       .
"""


def _matrix():
    header, *rows = MATRIX.strip().splitlines()
    perms = header.split()
    return {row.split()[0]: {p for p, mark in zip(perms, row.split()[1:]) if mark == "✓"} for row in rows}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("perm", list(Perm))
def test_permission_matrix(role, perm):
    assert roles.allows(role, perm) == (perm.value in _matrix()[role.value])
    assert roles.allows(role.value, perm) == roles.allows(role, perm)


@pytest.mark.parametrize("role,label", [(Role.CLERK, "登记员"), (Role.MEDIATOR, "调解员"),
                                        (Role.DIRECTOR, "中心负责人"), (Role.ADMIN, "管理员"),
                                        (Role.COUNTY_ADMIN, "县级管理员"), (Role.VIEWER, "只读（未登录）")])
def test_role_labels(role, label):
    assert role.label == label and roles.ROLE_BY_LABEL[label] is role


@pytest.mark.parametrize("perm,label", [
    (Perm.VIEW, "查看案件"), (Perm.REGISTER, "登记案件"), (Perm.EDIT, "修改案件"), (Perm.MEDIATE, "调解"),
    (Perm.FREEZE, "确认签署并锁定协议"), (Perm.PRINT, "打印文书"), (Perm.EXPORT, "导出数据"),
    (Perm.IMPORT, "导入数据"), (Perm.REVEAL, "查看完整身份证号和电话"), (Perm.MANAGE_USERS, "管理用户"),
    (Perm.RESTORE, "恢复备份"), (Perm.SETTINGS, "修改设置"), (Perm.AUDIT, "查看审计日志")])
def test_permission_labels(perm, label):
    assert perm.label == label


# --- vocab: the default lists of the domain reference (§2, §3, §4)
def test_default_categories():
    assert vocab.CATEGORIES == ["婚姻家庭", "邻里", "房屋宅基地", "合同", "生产经营", "损害赔偿", "山林土地",
                                "征地拆迁", "环境污染", "劳动争议", "消费", "医疗", "道路交通事故", "物业", "其他"]


SOURCE_GROUPS = {  # the MoJ statistics' three source groups
    "主动调解": ["主动排查", "网格员上报", "联户长报告"],
    "申请调解": ["来访", "12345热线"],
    "接受委托移送": ["110转办", "法院委派/诉前调解", "信访转办", "检察院移送", "仲裁委移送", "部门移送", "县级交办"],
}


def test_every_source_is_in_its_statistics_group():
    assert sorted(vocab.SOURCES) == sorted(s for group in SOURCE_GROUPS.values() for s in group)
    assert vocab.SOURCE_GROUP == {s: g for g, sources in SOURCE_GROUPS.items() for s in sources}


def test_grid_sources():
    assert vocab.GRID_SOURCES == {"网格员上报", "联户长报告"}


# 多元调解对接: the office a case is handed over by names the linkage the monthly report counts it
# under (诉调 court, 警调 police, 访调 petitions, 检调 procuratorate, 仲调 arbitration, 专调 a
# department's professional mediation). A case that walks in or is found by the township is none.
LINKAGE_OF = {"法院委派/诉前调解": "诉调", "110转办": "警调", "信访转办": "访调", "检察院移送": "检调",
              "仲裁委移送": "仲调", "部门移送": "专调"}


def test_linkages_in_the_order_the_report_prints_them():
    assert vocab.LINKAGES == ["诉调", "警调", "访调", "检调", "仲调", "专调"]


@pytest.mark.parametrize("source", ["来访", "网格员上报", "联户长报告", "12345热线", "110转办", "法院委派/诉前调解",
                                    "信访转办", "检察院移送", "仲裁委移送", "部门移送", "主动排查", "县级交办"])
def test_each_source_names_its_linkage_or_none(source):
    assert vocab.SOURCE_LINKAGE.get(source) == LINKAGE_OF.get(source)


def test_sources_that_arrive_as_another_offices_order():
    # each comes with the other office's own number and reply deadline; 部门移送 and the township's
    # own ways in do not
    assert vocab.ORDER_SOURCES == {"12345热线", "110转办", "法院委派/诉前调解", "信访转办", "检察院移送", "仲裁委移送",
                                   "县级交办"}


def test_tenlink_categories_and_the_default_of_each_event_type():
    assert vocab.TENLINK_CATEGORIES == ["社情民意联排", "安全隐患联防", "矛盾纠纷联调", "重点人员联管", "政策法规联宣",
                                        "致富项目联建", "困难家庭联帮", "邻里互助联动", "环境卫生联治", "文明新风联树"]
    assert vocab.TENLINK_BY_EVENT_TYPE == {"矛盾纠纷": "矛盾纠纷联调", "安全隐患": "安全隐患联防",
                                           "社情民意": "社情民意联排", "重点人员": "重点人员联管",
                                           "治安防控": "安全隐患联防", "政策宣传": "政策法规联宣"}


def _rgb(colour: str) -> tuple[int, int, int]:
    assert len(colour) == 7 and colour[0] == "#"
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def test_risk_levels_their_colours_and_meanings():
    assert vocab.RISK_LEVELS == ["红", "橙", "黄", "蓝"]
    assert list(vocab.RISK_COLORS) == list(vocab.RISK_MEANING) == vocab.RISK_LEVELS
    r, g, b = _rgb(vocab.RISK_COLORS["红"])
    assert r > 180 and g < 80 and b < 80
    r, g, b = _rgb(vocab.RISK_COLORS["橙"])
    assert r > 200 and 80 < g < 180 and b < 60
    r, g, b = _rgb(vocab.RISK_COLORS["黄"])
    assert r > 200 and g > 160 and b < 100
    r, g, b = _rgb(vocab.RISK_COLORS["蓝"])
    assert b > 160 and r < 80
    assert vocab.RISK_MEANING == {"红": "高风险，立即上报", "橙": "当日处置", "黄": "一般", "蓝": "低风险"}


def test_party_lists():
    assert vocab.PARTY_ROLES == ["申请人", "被申请人", "当事人"]
    assert vocab.PARTY_KINDS == {"natural": "自然人", "legal": "法人或其他组织"}
    assert vocab.SEXES == ["男", "女"]


def test_grid_event_types_offered_to_grid_workers():
    assert vocab.GRID_EVENT_TYPES == ["矛盾纠纷", "安全隐患", "社情民意", "重点人员", "治安防控", "政策宣传", "其他"]


def test_day_counts_of_the_domain_reference():
    # "normally closed within one month"; follow-up a month on; judicial confirmation within 30 days
    assert vocab.DEFAULT_DUE_DAYS == vocab.FOLLOWUP_AFTER_DAYS == vocab.JUDICIAL_CONFIRMATION_DAYS == 30


# --- numbering
def test_case_numbers():
    assert numbering.format_case_number(2026, 15, "某人") == "（2026）某人调字第 15 号"
    assert numbering.format_case_number(2026, 7, "某", "{committee}-{year}-{seq}") == "某-2026-7"
    assert numbering.format_agreement_number(2026, 3, "某人") == "（2026）某人调协字第 3 号"
    assert numbering.format_agreement_number(2026, 3, "某人", 2) == "（2026）某人调协字第 3 号（第2版）"


@pytest.mark.parametrize("text,parsed", [
    ("（2026）某人调字第 15 号", (2026, 15)), ("（2025）某调字第15号", (2025, 15)),
    ("（2026）某人调协字第 3 号（第2版）", (2026, 3)), ("第 15 号", None), ("2026-15", None), ("", None)])
def test_parse_case_number(text, parsed):
    assert numbering.parse_case_number(text) == parsed


# --- names
def test_pinyin_keys():
    assert names.pinyin_keys("张三") == ("zhangsan", "zs")
    assert names.pinyin_keys("欧阳娜娜") == ("ouyangnana", "oynn")
    assert names.pinyin_keys("") == ("", "")


# --- errors
def test_field_error_text():
    assert str(FieldError("身份证号", "校验位不符")) == "身份证号：校验位不符"
    assert str(FieldError("姓名", "不能为空", "第2个当事人")) == "第2个当事人·姓名：不能为空"


def test_validation_error_forms():
    assert ValidationError("出错了").errors == [FieldError("", "出错了")]
    one = FieldError("电话", "应为11位")
    assert ValidationError(one).errors == [one]
    both = ValidationError([one, FieldError("姓名", "不能为空")])
    assert str(both) == "电话：应为11位；姓名：不能为空"


def test_collector_raises_only_with_errors():
    c = Collector()
    c.raise_if_any()
    c.add("姓名", "不能为空", "第1行")
    with pytest.raises(ValidationError) as err:
        c.raise_if_any()
    assert err.value.errors == [FieldError("姓名", "不能为空", "第1行")]


# --- dates
def test_cn_date_and_datetime():
    assert dates.cn_date(dt.date(2026, 1, 5)) == "2026年1月5日"
    assert dates.cn_date(None) == "" and dates.cn_datetime(None) == ""
    assert dates.cn_datetime(dt.datetime(2026, 11, 27, 9, 5, 30)) == "2026年11月27日 09:05"


def test_utc_instants_in_beijing_time(beijing_time):
    assert dates.local_time(dt.datetime(2026, 11, 26, 18, 30)) == dt.datetime(2026, 11, 27, 2, 30)
    assert dates.local_time("2026-11-27 02:00:00") == dt.datetime(2026, 11, 27, 10, 0)
    aware = dt.datetime(2026, 11, 27, 2, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert dates.local_time(aware) == dt.datetime(2026, 11, 27, 9, 0)
    assert dates.local_time(None) is None and dates.local_time("") is None and dates.local_time("昨天") is None
    assert dates.local_date(dt.datetime(2026, 11, 26, 18, 30)) == dt.date(2026, 11, 27)
    assert dates.local_date(None) is None
    assert dates.cn_stamp(dt.datetime(2026, 11, 27, 2, 0, 5)) == "2026年11月27日 10:00"
    assert dates.cn_stamp(dt.datetime(2026, 11, 27, 2, 0, 5), seconds=True) == "2026年11月27日 10:00:05"
    assert dates.cn_stamp(None) == "" and dates.cn_stamp("昨天") == "昨天"
    assert dates.utc_start_of(dt.date(2026, 11, 27)) == dt.datetime(2026, 11, 26, 16, 0)
    assert dates.iso_stamp(dt.datetime(2026, 11, 27, 2, 0, 5)) == "2026-11-27 10:00:05"
    assert dates.iso_stamp(None) == ""


# --- agreement code
CONTENT = {"case_no": "（2026）某人调字第 15 号", "number": "（2026）某人调协字第 3 号", "kind": "written", "version": 2,
           "parties": ["张三", "李四"], "facts": "排水沟", "clauses": ["赔偿"], "performance": "现金",
           "perform_by": dt.date(2026, 12, 1), "amount": "3000.00", "copies": 3, "mediator_name": "王调解",
           "recorder_name": "赵记录", "status": "signed", "signed_on": "2026-11-27"}
CANONICAL = ('{"amount":"3000.00","case_no":"（2026）某人调字第 15 号","clauses":["赔偿"],"copies":3,'
             '"facts":"排水沟","kind":"written","mediator_name":"王调解","number":"（2026）某人调协字第 3 号",'
             '"parties":["张三","李四"],"perform_by":"2026-12-01","performance":"现金","recorder_name":"赵记录",'
             '"version":2}')


def test_canonical_content_and_hash():
    assert agreement_code.canonical_content(CONTENT) == CANONICAL
    assert agreement_code.content_hash(CONTENT) == hashlib.sha256(CANONICAL.encode("utf-8")).hexdigest()


@pytest.mark.parametrize("field", ["case_no", "number", "kind", "version", "parties", "facts", "clauses",
                                   "performance", "perform_by", "amount", "copies", "mediator_name",
                                   "recorder_name"])
def test_every_content_field_changes_the_hash(field):
    changed = dict(CONTENT, **{field: "改"})
    assert agreement_code.content_hash(changed) != agreement_code.content_hash(CONTENT)


def test_signing_does_not_change_the_hash():
    changed = dict(CONTENT, status="draft", signed_on=None)
    assert agreement_code.content_hash(changed) == agreement_code.content_hash(CONTENT)


DIGEST = "0123456789abcdef" * 4  # every hex digit


def test_qr_text_and_parse():
    text = agreement_code.qr_text("（2026）某人调字第 15 号", 2, DIGEST)
    assert text == f"ZXAGR1|（2026）某人调字第 15 号|v2|{DIGEST}"
    assert agreement_code.parse(f"  {text}\n") == agreement_code.ParsedCode("（2026）某人调字第 15 号", 2, DIGEST)
    assert agreement_code.parse(text.replace(DIGEST, DIGEST.upper())).digest == DIGEST


@pytest.mark.parametrize("text", [
    None, "", "ZXAGR1|c|v2", f"ZXAGR1|c|v2|{DIGEST}|x", f"ZXAGR2|c|v2|{DIGEST}", f"ZXAGR1|c|2|{DIGEST}",
    f"ZXAGR1|c|vx|{DIGEST}", f"ZXAGR1|c|v2|{DIGEST[:-1]}", f"ZXAGR1|c|v2|{DIGEST}a", f"ZXAGR1|c|v2|{DIGEST[:-1]}g"])
def test_parse_refuses_what_is_not_our_code(text):
    assert agreement_code.parse(text) is None
