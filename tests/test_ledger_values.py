"""Values of old hand-kept ledgers, read against tables of real 台账 strings written out by hand:
every expected value here was worked out from the string, never by calling the code under test."""
import datetime as dt
from decimal import Decimal

import pytest

from zhongxin_desktop.domain import ledger_values as lv, vocab

AMOUNTS = [
    # (cell as typed, yuan)
    ("1.2万", "12000.00"), ("1.2万元", "12000.00"), ("3.5万元左右", "35000.00"), ("5千元", "5000.00"),
    ("5千", "5000.00"), ("3百元", "300.00"), ("800元", "800.00"), ("¥3,000.50", "3000.50"), ("￥1200", "1200.00"),
    ("3000.00元", "3000.00"), ("3000元", "3000.00"), ("人民币5000元", "5000.00"), ("RMB 200", "200.00"),
    ("约2000元", "2000.00"), ("共计1500元", "1500.00"), ("3,000", "3000.00"), ("３０００", "3000.00"),
    ("2000块", "2000.00"), ("600块钱", "600.00"), ("1000圆", "1000.00"),
    ("叁万陆仟元整", "36000.00"), ("壹仟伍佰元伍角", "1500.50"), ("贰佰元伍角叁分", "200.53"), ("伍拾元正", "50.00"),
    ("一万零五百元", "10500.00"), ("1万2千", "12000.00"), ("十五元", "15.00"), ("两千元", "2000.00"),
    ("拾元", "10.00"), ("一亿元", "100000000.00"), ("1.5亿", "150000000.00"), ("三万", "30000.00"),
    ("2万5千元", "25000.00"), ("100元8角", "100.80"), ("0", "0.00"), ("1,234.5", "1234.50"),
    (1200, "1200.00"), (1200.5, "1200.50"), (0.1, "0.10"),
]


@pytest.mark.parametrize("cell, yuan", AMOUNTS)
def test_amounts_as_clerks_write_them(cell, yuan):
    assert lv.parse_amount(cell) == (Decimal(yuan), "")


@pytest.mark.parametrize("cell", [None, "", "  ", "无", "/", "-", "—", "不涉及"])
def test_no_amount_is_zero_without_a_flag(cell):
    assert lv.parse_amount(cell) == (Decimal("0"), "")


@pytest.mark.parametrize("cell", ["三千多", "abc", "-500", "元", "万", "5角", "若干", "3000元500", "一二", "万元",
                                  "50元3", True])
def test_an_unreadable_amount_is_flagged_never_zero(cell):
    amount, why = lv.parse_amount(cell)
    assert amount is None and "涉及金额" in why


def test_an_amount_beyond_cents_is_rounded_half_up_and_said():
    assert lv.parse_amount("3000.505") == (Decimal("3000.51"), "涉及金额“3000.505”超过两位小数，按3000.51元计")
    assert lv.parse_amount(-3)[0] is None


OUTCOMES = [
    # every word of the table alone in a phrase a township would write
    ("不予受理", "rejected"), ("不受理", "rejected"), ("申请人未到场，未受理", "rejected"),
    ("不属于人民调解范围", "rejected"),
    ("撤回申请", "withdrawn"), ("申请人撤诉", "withdrawn"), ("撤销申请", "withdrawn"), ("双方放弃调解", "withdrawn"),
    ("当事人自愿放弃", "withdrawn"),
    ("未调成", "terminated"), ("调不成", "terminated"), ("没调成", "terminated"), ("没调好", "terminated"),
    ("未调解成功", "terminated"), ("调解没成", "terminated"), ("调解未成功", "terminated"), ("调解不成", "terminated"),
    ("调解失败", "terminated"), ("终止调解", "terminated"), ("双方达不成一致", "terminated"),
    ("无法达成一致", "terminated"), ("调解无效", "terminated"), ("调解未果", "terminated"), ("调解无果", "terminated"),
    ("问题未解决", "terminated"), ("没解决", "terminated"), ("矛盾未化解", "terminated"), ("引导诉讼", "terminated"),
    ("建议到法院起诉", "terminated"), ("不成功", "terminated"), ("未达成协议", "terminated"), ("双方没达成协议", "terminated"),
    ("协议已履行", "performed"), ("款项履行完毕", "performed"), ("承诺已兑现", "performed"),
    ("赔偿款已支付", "performed"), ("已给付", "performed"), ("医药费已赔付", "performed"), ("已转账3000元", "performed"),
    ("达成协议已履行", "performed"),
    ("移交派出所处理", "concluded"), ("移送司法所", "concluded"), ("转交村委会", "concluded"),
    ("交办国土所", "concluded"), ("转办", "concluded"), ("移至法庭", "concluded"), ("已转国土所", "concluded"),
    ("已转派出所", "concluded"), ("转派出所处理", "concluded"), ("转法院", "concluded"), ("已转法院", "concluded"),
    ("转信访部门", "concluded"), ("已转信访", "concluded"), ("转司法所", "concluded"),
    ("调解中", "mediating"), ("正在协调", "mediating"), ("在办", "mediating"), ("待调解", "mediating"),
    ("未结案", "mediating"), ("持续跟进", "mediating"), ("处理中", "mediating"), ("办理中", "mediating"),
    ("调解成功", "succeeded"), ("达成一致", "succeeded"), ("调结", "succeeded"), ("已调解", "succeeded"),
    ("矛盾已化解", "succeeded"), ("已解决", "succeeded"), ("双方和解", "succeeded"), ("调处完毕", "succeeded"),
    ("已办结", "succeeded"), ("息诉罢访", "succeeded"), ("签订协议", "succeeded"), ("成 功", "succeeded"),
]
# A phrase naming two outcomes gets the one that ends the matter: these pin the order of the table.
OUTCOME_ORDER = [
    ("不予受理（申请人已撤回）", "rejected"), ("不予受理，引导起诉", "rejected"), ("调解未果，申请人撤回申请", "withdrawn"),
    ("调解不成，已支付部分医药费", "terminated"), ("已履行，移交村委会存档", "performed"),
    ("已移交派出所，跟进中", "concluded"), ("正在调解，双方有和解意向", "mediating"),
    ("移交派出所后调解成功", "concluded"), ("不予受理，已转信访", "rejected"), ("撤回申请，已支付路费", "withdrawn"),
]


@pytest.mark.parametrize("text, kind", OUTCOMES + OUTCOME_ORDER)
def test_outcome_words(text, kind):
    assert lv.map_outcome(text) == (kind, "")


def test_an_outcome_that_cannot_be_read_is_unknown_and_said():
    assert lv.map_outcome("已处理") == ("unknown", "调解结果“已处理”无法判断")
    assert lv.map_outcome("  ") == ("unknown", "调解结果为空")
    assert lv.map_outcome(None) == ("unknown", "调解结果为空")


SOURCES = [
    ("网格员报告", "网格员上报"), ("联户长反映", "联户长报告"), ("十户长反映", "联户长报告"), ("12345工单", "12345热线"),
    ("市长热线", "12345热线"), ("110指令", "110转办"), ("派出所移交", "110转办"), ("公安分流", "110转办"),
    ("民警带来", "110转办"), ("法院委托", "法院委派/诉前调解"), ("诉前分流", "法院委派/诉前调解"),
    ("人民法庭", "法院委派/诉前调解"), ("委派调解", "法院委派/诉前调解"), ("信访局", "信访转办"),
    ("群众上访", "信访转办"), ("群众来信", "信访转办"), ("县司法局", "县级交办"), ("镇党委交办", "县级交办"),
    ("国土所移送", "部门移送"), ("相关部门", "部门移送"), ("村委会转来", "部门移送"), ("矛盾排查发现", "主动排查"),
    ("主动发现", "主动排查"), ("摸排发现", "主动排查"), ("当事人来访", "来访"), ("当事人申请", "来访"),
    ("上门求助", "来访"), ("来电反映", "来访"), ("自行前来", "来访"), ("群众反映", "来访"),
    ("110转办", "110转办"), ("来 访", "来访"),
    # the order of the table: the more specific way in first
    ("12345转来", "12345热线"), ("上访群众", "信访转办"), ("县信访局", "信访转办"), ("县国土局移送", "县级交办"),
    ("网格联户长", "网格员上报"), ("派出所委派", "110转办"), ("主动上门", "主动排查"), ("部门排查移送", "部门移送"),
    ("联户长拨打12345", "联户长报告"), ("法院转信访", "法院委派/诉前调解"), ("热线转派出所", "12345热线"),
]


@pytest.mark.parametrize("text, source", SOURCES)
def test_sources(text, source):
    assert lv.map_source(text, vocab.SOURCES) == (source, "")


def test_source_fallbacks():
    assert lv.map_source("", vocab.SOURCES) == ("来访", "")
    assert lv.map_source("其他渠道", vocab.SOURCES) == ("来访", "案件来源“其他渠道”对应不上来源列表，记为来访")
    # a source the township removed from its list is not chosen
    assert lv.map_source("网格员报告", ["来访", "主动排查"]) == ("来访", "案件来源“网格员报告”对应不上来源列表，记为来访")
    assert lv.map_source("", ["主动排查", "部门移送"]) == ("主动排查", "")


CATEGORIES = [
    ("婚姻家庭", "婚姻家庭"), ("邻里纠纷", "邻里"), ("邻里矛盾", "邻里"), ("婚姻问题", "婚姻家庭"), ("家庭矛盾", "婚姻家庭"),
    ("离婚", "婚姻家庭"), ("赡养老人", "婚姻家庭"), ("抚养费", "婚姻家庭"), ("遗产继承", "婚姻家庭"),
    ("兄弟分家", "婚姻家庭"), ("夫妻吵架", "婚姻家庭"), ("婆媳矛盾", "婚姻家庭"), ("邻居吵架", "邻里"),
    ("相邻关系", "邻里"), ("排水沟", "邻里"), ("通行权", "邻里"), ("宅基地", "房屋宅基地"), ("房屋漏水", "房屋宅基地"),
    ("建房越界", "房屋宅基地"), ("住房分配", "房屋宅基地"), ("交通", "道路交通事故"), ("车祸", "道路交通事故"),
    ("劳动报酬", "劳动争议"), ("劳务费", "劳动争议"), ("工资", "劳动争议"), ("欠薪", "劳动争议"), ("务工受伤", "劳动争议"),
    ("工伤", "劳动争议"), ("农民工讨薪", "劳动争议"), ("征地补偿", "征地拆迁"), ("拆迁", "征地拆迁"), ("征收", "征地拆迁"),
    ("山林权属", "山林土地"), ("林地界线", "山林土地"), ("林木砍伐", "山林土地"), ("土地承包", "山林土地"),
    ("承包地", "山林土地"), ("田土边界", "山林土地"), ("耕地", "山林土地"), ("水利设施", "山林土地"),
    ("用水", "山林土地"), ("污染", "环境污染"), ("噪音扰民", "环境污染"), ("噪声", "环境污染"), ("环境卫生", "环境污染"),
    ("医患", "医疗"), ("医院收费", "医疗"), ("医疗事故", "医疗"), ("物业费", "物业"), ("小区停车", "物业"),
    ("消费维权", "消费"), ("购物退货", "消费"), ("商品质量", "消费"), ("财产损害", "损害赔偿"), ("赔偿", "损害赔偿"),
    ("人身伤害", "损害赔偿"), ("打架斗殴", "损害赔偿"), ("牲畜", "损害赔偿"), ("财产损失", "损害赔偿"),
    ("合同履行", "合同"), ("民间借贷", "合同"), ("借款", "合同"), ("债务", "合同"), ("欠款", "合同"), ("买卖", "合同"),
    ("租赁", "合同"), ("生产经营", "生产经营"), ("个体经营", "生产经营"), ("生产安全", "生产经营"),
    ("合伙", "生产经营"), ("企业", "生产经营"), ("狗咬人", "其他"), ("交通事故", "道路交通事故"),
    ("人身损害", "损害赔偿"), ("医疗纠纷", "医疗"), ("物业纠纷", "物业"),
    # the order of the table: the more specific harm first
    ("离婚后与邻居纠纷", "婚姻家庭"), ("邻居建房", "邻里"), ("车祸撞坏房屋", "房屋宅基地"), ("务工途中车祸", "道路交通事故"),
    ("拆迁工地欠薪", "劳动争议"), ("征地林木补偿", "征地拆迁"), ("耕地污染", "山林土地"), ("医院噪音", "环境污染"),
    ("小区医院收费", "医疗"), ("小区购物", "物业"), ("购物受伤赔偿", "消费"), ("欠款引发打架", "损害赔偿"),
    ("合伙借款", "合同"),
]


@pytest.mark.parametrize("text, category", CATEGORIES)
def test_categories(text, category):
    got, why = lv.map_category(text, vocab.CATEGORIES)
    assert got == category
    assert (why == "") == (category != "其他")


def test_category_fallbacks():
    assert lv.map_category("", vocab.CATEGORIES) == ("其他", "纠纷类型为空，记为其他")
    assert lv.map_category("", ["邻里", "合同"]) == ("合同", "纠纷类型为空，记为合同")
    assert lv.map_category("狗咬人", ["邻里", "合同"]) == ("合同", "纠纷类型“狗咬人”对应不上类型列表，记为合同")
    assert lv.map_category("婚姻家庭类", ["婚姻家庭"]) == ("婚姻家庭", "")
    assert lv.map_category("邻里问题", ["邻里"]) == ("邻里", "")
    assert lv.map_category("离婚", ["邻里", "其他"]) == ("其他", "纠纷类型“离婚”对应不上类型列表，记为其他")


def test_free_text_keeps_its_own_punctuation():
    facts = "因宅基地边界，双方发生争执（已报警）：张三称“界石被移动”；李四否认。"
    assert lv.as_written(f"  {facts}\u3000") == facts
    assert lv.as_written(None) == ""
    assert lv.as_written(12.0) == "12"
    assert lv.as_written(dt.datetime(2025, 3, 5)) == "2025-03-05"
    assert lv.fold("（１２３）") == "(123)"  # numbers and IDs are folded, prose is not


def test_names_split_on_every_separator():
    assert lv.split_names("张三、李四，王五;赵六／钱七 孙八") == ["张三", "李四", "王五", "赵六", "钱七", "孙八"]
    assert lv.split_names("欧阳娜娜") == ["欧阳娜娜"]
    assert lv.split_names(None) == []


@pytest.mark.parametrize("cell, expected", [
    ("2025.3.5", dt.date(2025, 3, 5)), ("2025/3/5", dt.date(2025, 3, 5)), ("2025-03-05", dt.date(2025, 3, 5)),
    ("2025年3月5日", dt.date(2025, 3, 5)), ("20250305", dt.date(2025, 3, 5)), (45721, dt.date(2025, 3, 5)),
    ("45721", dt.date(2025, 3, 5)), (dt.datetime(2025, 3, 5, 9, 30), dt.date(2025, 3, 5)),
    (dt.date(2025, 3, 5), dt.date(2025, 3, 5)), ("2025年3月5日上午", dt.date(2025, 3, 5)),
    ("2025-3-5 10:30", dt.date(2025, 3, 5)), (20000, dt.date(1954, 10, 3)), (80000, dt.date(2119, 1, 11)),
])
def test_dates(cell, expected):
    assert lv.parse_date(cell) == (expected, "")


def test_dates_that_need_a_year_or_are_wrong():
    assert lv.parse_date("3月5日", 2024) == (dt.date(2024, 3, 5), "")
    assert lv.parse_date("3.5", 2024) == (dt.date(2024, 3, 5), "")
    assert lv.parse_date("3月5日") == (None, "“3月5日”缺少年份，标题和工作表名中也找不到年份")
    assert lv.parse_date("2025-13-40") == (None, "“2025-13-40”不是有效日期")
    assert lv.parse_date("上周") == (None, "“上周”无法识别为日期")
    assert lv.parse_date(None) == (None, "为空")
    assert lv.parse_date(19999)[0] is None and lv.parse_date(80001)[0] is None


def test_year_hints_and_counts():
    assert lv.year_hint(["青山镇2025年矛盾纠纷台账"]) == 2025
    assert lv.year_hint(["台账", "2024"]) == 2024
    assert lv.year_hint(["第3季度", "2023下半年"]) == 2023
    assert lv.year_hint(["台账"]) is None
    assert lv.parse_int("3人") == 3 and lv.parse_int("") is None
    assert lv.parse_phone("139-8765 4321") == "13987654321" and lv.parse_phone("无") == "无"


DIGITS = [("零", 0), ("〇", 0), ("一", 1), ("壹", 1), ("二", 2), ("贰", 2), ("两", 2), ("三", 3), ("叁", 3), ("四", 4),
          ("肆", 4), ("五", 5), ("伍", 5), ("六", 6), ("陆", 6), ("七", 7), ("柒", 7), ("八", 8), ("捌", 8), ("九", 9),
          ("玖", 9)]
UNITS = [("十", 10), ("拾", 10), ("百", 100), ("佰", 100), ("千", 1000), ("仟", 1000), ("万", 10_000), ("萬", 10_000),
         ("亿", 100_000_000), ("億", 100_000_000)]


@pytest.mark.parametrize("char, value", DIGITS)
def test_every_chinese_digit(char, value):
    assert lv.parse_amount(f"{char}元") == (Decimal(value), "")
    assert lv.parse_amount(f"三{char}元")[0] is None  # two digits in a row: unreadable
    assert lv.parse_amount(f"{char}角")[0] is None  # 角 needs 元 before it
    assert lv.parse_amount(f"一元{char}角{char}分") == (Decimal(1) + Decimal(value) * Decimal("0.11"), "")


@pytest.mark.parametrize("char, value", UNITS)
def test_every_chinese_unit(char, value):
    assert lv.parse_amount(f"三{char}元") == (Decimal(3 * value), "")
    assert lv.parse_amount(f"2{char}") == (Decimal(2 * value), "")


@pytest.mark.parametrize("cell", ["无", "没有", "不涉及", "未涉及", "/", "-", "—", "--", "——", "\\"])
def test_every_way_of_writing_no_amount(cell):
    assert lv.parse_amount(cell) == (Decimal(0), "")


def _numeric_id() -> str:
    """An ID number whose check character is a digit (ISO 7064 MOD 11-2, computed here)."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    for seq in range(100, 200):
        first17 = f"34052419800101{seq}"
        check = "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights)) % 11]
        if check != "X":
            return first17 + check
    raise AssertionError


def test_id_numbers_as_excel_keeps_them():
    number = _numeric_id()
    assert lv.parse_id(int(number)) == (number, "")  # a whole 18-digit integer survives
    assert lv.parse_id(int(number[:15])) == (number[:15], "身份证号在Excel中被存成了数字，末几位可能已变成0，按原样保留，请核对原件")
    assert lv.parse_id(float(number)) == (number[:15] + "000" if number[15:] != "000" else number,
                                          "身份证号在Excel中被存成了数字，末几位可能已变成0，按原样保留，请核对原件")
    assert lv.parse_id("5.20102E+17") == ("5.20102E+17", "身份证号被Excel显示成科学计数法，数字已丢失，按原样保留，请核对原件")
    assert lv.parse_id("5E17")[1].startswith("身份证号被Excel显示成科学计数法")
    assert lv.parse_id(" 34052419800101001x ") == ("34052419800101001X", "")
    assert lv.parse_id("１１０１０５１９４９１２３１００２Ｘ") == ("11010519491231002X", "")
    assert lv.parse_id("110105194912310021") == ("110105194912310021", "身份证号校验位不符，请逐位核对号码（按原样保留，未作更正）")
    assert lv.parse_id("12345") == ("12345", "身份证号应为18位（现为5位），请核对后重新输入（按原样保留，未作更正）")
    assert lv.parse_id(None) == ("", "") and lv.parse_id("  ") == ("", "")
    assert lv.parse_id(True)[1]  # not a number typed in a cell


def test_serials_that_arrive_as_text_and_their_bounds():
    assert lv.parse_date("20000") == (dt.date(1954, 10, 3), "")
    assert lv.parse_date("80000") == (dt.date(2119, 1, 11), "")
    assert lv.parse_date("19999") == (None, "“19999”无法识别为日期")
    assert lv.parse_date(45721.0) == (dt.date(2025, 3, 5), "")
    assert lv.parse_date("2025.3.5。") == (dt.date(2025, 3, 5), "")
    assert lv.parse_date("2025年3月5日晚上") == (dt.date(2025, 3, 5), "")
    assert lv.parse_date("2025-3-5 10:30:15") == (dt.date(2025, 3, 5), "")
    assert lv.parse_date("2月30日", 2025) == (None, "“2月30日”不是有效日期")
    # a serial with a time of day (noon is .5): the day counts, at both ends of the range
    assert lv.parse_date(20000.5) == (dt.date(1954, 10, 3), "")
    assert lv.parse_date(79999.5) == (dt.date(2119, 1, 10), "")
    # a month without its day is no date, with or without the year
    assert lv.parse_date("2025年3月") == (None, "“2025年3月”无法识别为日期")
    assert lv.parse_date("3月", 2025) == (None, "“3月”无法识别为日期")


def test_fold_and_squash():
    assert lv.fold(12.0) == "12" and lv.fold(12.5) == "12.5" and lv.fold(None) == ""
    assert lv.fold(" ＡＢ１ ") == "AB1"
    assert lv.squash("申 请\u3000人") == "申请人"


@pytest.mark.parametrize("cell", [
    "2025--5", "2025-123-5", "2025-3-123", "2025年月5日", "2025035", "202503055", "2025-3-5 :30", "2025-3-5 100:30",
    "2025-3-5 10:3", "2025-3-5 10:30:1", "2025-3-5 10:30:123", "80001", "19999", "225-3-5", "20251-3-5",
])
def test_what_is_not_a_date(cell):
    date, why = lv.parse_date(cell, 2025)
    assert date is None and why.endswith("”无法识别为日期")  # not read as some other date, nor as a wrong one


@pytest.mark.parametrize("cell, year, expected", [
    ("12.25", 2024, dt.date(2024, 12, 25)), ("12月25日", 2024, dt.date(2024, 12, 25)), ("1月2日", 2024, dt.date(2024, 1, 2)),
    ("2025-12-25", None, dt.date(2025, 12, 25)), ("2025年12月25日", None, dt.date(2025, 12, 25)),
    ("2025 年 3 月 5 日", None, dt.date(2025, 3, 5)), ("2025-3-5 9:30", None, dt.date(2025, 3, 5)),
    ("2025-3-5 9:30:05", None, dt.date(2025, 3, 5)), ("2025-3-5下午", None, dt.date(2025, 3, 5)),
    ("2025.3.5.", None, dt.date(2025, 3, 5)), ("1999/12/31", None, dt.date(1999, 12, 31)),
    ("19991231", None, dt.date(1999, 12, 31)), (" 45721 ", None, dt.date(2025, 3, 5)), (45721.5, None, dt.date(2025, 3, 5)),
])
def test_more_dates_as_written(cell, year, expected):
    assert lv.parse_date(cell, year) == (expected, "")


@pytest.mark.parametrize("cell", ["月5日", "123月5日", "3月123日", "3.", ".5"])
def test_a_day_without_a_year_must_still_be_a_day(cell):
    date, why = lv.parse_date(cell, 2024)
    assert date is None and why.endswith("”无法识别为日期")


@pytest.mark.parametrize("texts, year", [
    (["1999年矛盾纠纷台账"], 1999), (["2099年"], 2099), (["2025 年台账"], 2025), (["1899年"], None), (["2125年"], None),
    (["20255年"], None), (["202年"], None), (["2025"], 2025), (["1999"], 1999), (["12025"], None), (["台账2024上半年"], 2024),
    (["第2024号"], 2024), (["12024号"], None), (["20241号"], None), ([""], None), ([], None),
    (["台账", "", "2023年1月"], 2023),
])
def test_year_hints(texts, year):
    assert lv.year_hint(texts) == year


@pytest.mark.parametrize("cell, phone", [
    (None, ""), ("139-8765 4321", "13987654321"), ("123-567", "123567"), ("12-456", "12-456"),
    ("0851-" * 4, "0851" * 4), ("0851-" * 4 + "1", "0851-" * 4 + "1"), ("１３９ ８７６５ ４３２１", "13987654321"),
    (13987654321, "13987654321"), ("无", "无"), ("139８7654321（本人）", "13987654321(本人)"),
])
def test_phones_as_written_in_a_ledger(cell, phone):
    assert lv.parse_phone(cell) == phone


@pytest.mark.parametrize("cell, yuan", [
    ("三千万元", "30000000.00"), ("两百万", "2000000.00"), ("十万元", "100000.00"), ("壹拾万元整", "100000.00"),
    ("一亿二千万", "120000000.00"), ("3千万", "30000000.00"), ("零元", "0.00"), ("一百零五元", "105.00"),
])
def test_units_before_wan_and_yi(cell, yuan):
    assert lv.parse_amount(cell) == (Decimal(yuan), "")


@pytest.mark.parametrize("cell", ["一三元", "五五元", "3五元", "九零元"])
def test_digits_in_a_row_are_not_an_amount_in_words(cell):
    assert lv.parse_amount(cell)[0] is None


def test_what_each_outcome_kind_is_called_in_the_import_account():
    assert lv.OUTCOME_LABELS == {"succeeded": "调解成功", "performed": "调解成功并已履行", "terminated": "调解终止",
                                 "rejected": "不予受理", "withdrawn": "申请人撤回", "concluded": "移交办结",
                                 "mediating": "调解中", "unknown": "结果不详（已结）"}


def test_unknown_categories_go_to_other_wherever_it_stands_in_the_list():
    assert lv.map_category("狗咬人", ["其他", "邻里", "合同"]) == ("其他", "纠纷类型“狗咬人”对应不上类型列表，记为其他")
    assert lv.map_category("", ["邻里", "其他", "合同"]) == ("其他", "纠纷类型为空，记为其他")


def test_negative_amounts_are_refused_whatever_their_type():
    for value in (-3, -3.5, "-3", Decimal("-3")):
        amount, why = lv.parse_amount(value)
        assert amount is None and "涉及金额" in why
    assert lv.parse_amount(-3) == (None, "涉及金额“-3”为负数（原文已保留在备注中，请核实）")
    assert lv.parse_amount(-3.5) == (None, "涉及金额“-3.5”为负数（原文已保留在备注中，请核实）")


def test_an_empty_source_is_a_walk_in_wherever_it_stands_in_the_list():
    assert lv.map_source("", ["主动排查", "来访"]) == ("来访", "")
    assert lv.map_source("  ", ["主动排查", "部门移送"]) == ("主动排查", "")


def test_the_year_with_its_year_word_wins_over_another_number():
    assert lv.year_hint(["2019版台账 2024年"]) == 2024
    assert lv.year_hint(["台账2019 2024年"]) == 2024
