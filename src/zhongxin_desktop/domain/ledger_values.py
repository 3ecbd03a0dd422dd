"""Reading the values typed into old hand-kept Excel ledgers (pure: no Qt, no DB, no openpyxl).

Each function returns what it understood and, when something is doubtful, a Chinese reason the
import account shows next to the row. Nothing is "corrected": a damaged ID number is kept as
written and flagged.
"""
from __future__ import annotations

from typing import Any

import datetime as dt
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from zhongxin_desktop.domain import idnumber
from zhongxin_desktop.domain.text_rules import shown

EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 = 1900-01-01 (with Excel's 1900 leap-year bug)


def fold(value: Any) -> str:
    """Text of a cell with full-width digits/letters folded (NFKC) and outer spaces stripped."""
    if value is None:
        return ""
    if type(value) is str and value.isascii():  # the common cell: NFKC leaves ASCII as it is
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def as_written(value: Any) -> str:
    """Free text (facts, names, remarks) as the clerk wrote it: outer spaces (also full-width)
    stripped, nothing folded — NFKC would turn the full-width ，：（） of Chinese prose into ASCII."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        value = value.date()
    return str(value).strip()


WHITESPACE = re.compile(r"\s+")


def squash(value: Any) -> str:
    """Folded text without any whitespace (header labels: 申 请 人 → 申请人)."""
    return WHITESPACE.sub("", fold(value))


# --- dates ------------------------------------------------------------------------------------

_YMD = re.compile(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_MD = re.compile(r"(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


def year_hint(texts: list[str]) -> int | None:
    """The year a ledger's title or sheet name gives (“2025年矛盾纠纷台账”, sheet “2025”)."""
    for text in texts:
        t = fold(text)
        m = _YEAR.search(t) or re.fullmatch(r"((?:19|20)\d{2})", t) or re.search(r"(?<!\d)((?:19|20)\d{2})(?!\d)", t)
        if m:
            return int(m.group(1))
    return None


def parse_date(value: Any, year: int | None = None) -> tuple[dt.date | None, str]:
    """(date, "") or (None, why): the one date reader of every spreadsheet import (ledgers, grid
    reports). Accepts date cells, Excel serial numbers (also as text), 2025.3.5, 2025/3/5,
    2025-03-05, 2025年3月5日, 20250305, and 3月5日 / 3.5 under a year taken from the title."""
    if value is None or fold(value) == "":
        return None, "为空"
    if isinstance(value, dt.datetime):
        return value.date(), ""
    if isinstance(value, dt.date):
        return value, ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 20000 <= value <= 80000:  # 1954 … 2119 as an Excel serial
            return EXCEL_EPOCH + dt.timedelta(days=int(value)), ""
        text = fold(value)
    else:
        text = fold(value)
    # "2025.3.5." / "2025-3-5 10:30" / "2025年3月5日上午": the day is what counts
    text = re.sub(r"(\s*\d{1,2}:\d{2}(:\d{2})?|上午|下午|晚上)$", "", text).rstrip(".。 ")
    if text.isdigit() and 20000 <= int(text) <= 80000:  # a serial that arrived as text
        return EXCEL_EPOCH + dt.timedelta(days=int(text)), ""
    try:
        m = _YMD.fullmatch(text) or _COMPACT.fullmatch(text)
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))), ""
        m = _MD.fullmatch(text)
        if m:
            if year is None:
                return None, f"“{text}”缺少年份，标题和工作表名中也找不到年份"
            return dt.date(year, int(m.group(1)), int(m.group(2))), ""
    except ValueError:
        return None, f"“{text}”不是有效日期"
    return None, f"“{text}”无法识别为日期"


# --- ID numbers and phones --------------------------------------------------------------------

def parse_id(value: Any) -> tuple[str, str]:
    """(number to store, flag). A valid number is stored normalised (full-width folded, x → X)
    with no flag; anything else is kept exactly as written, with the reason in the flag."""
    if value is None or fold(value) == "":
        return "", ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # Typed as a number: Excel keeps 15 significant digits, the rest became zeros.
        digits = format(Decimal(repr(float(value))).quantize(Decimal(1)), "f") if isinstance(value, float) \
            else str(value)
        info, reason = idnumber.validate(digits)
        if info is not None and isinstance(value, int) and len(str(value)) == 18:
            return info.number, ""
        return digits, "身份证号在Excel中被存成了数字，末几位可能已变成0，按原样保留，请核对原件"
    raw = str(value).strip()
    text = fold(raw)
    if re.fullmatch(r"\d(\.\d+)?[eE]\+?\d+", text):
        return raw, "身份证号被Excel显示成科学计数法，数字已丢失，按原样保留，请核对原件"
    info, reason = idnumber.validate(text)
    if info is not None:
        return info.number, ""
    return raw, f"身份证号{reason}（按原样保留，未作更正）"


def parse_phone(value: Any) -> str:
    if value is None:
        return ""
    text = fold(value)
    return re.sub(r"[\s-]", "", text) if re.fullmatch(r"[\d\s-]{7,20}", text) else text


# Amounts as clerks write them: 1200, "3000元", "1.2万", "5千元", "¥3,000.50", "人民币叁万陆仟元整".
_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
             "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9}
_CN_UNIT = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_SECTION = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
_NO_AMOUNT = {"无", "没有", "不涉及", "未涉及", "/", "-", "—", "--", "——", "\\"}
_AMOUNT_TOKEN = re.compile(r"\d+(?:\.\d+)?|.")
_CENT = Decimal("0.01")


def _number_words(body: str) -> Decimal | None:
    """A number written with digits and/or Chinese numerals and their units (叁万陆仟, 1.2万,
    1万2千, 一万零五百); None when it is not one."""
    total, section, number = Decimal(0), Decimal(0), None
    for token in _AMOUNT_TOKEN.findall(body):
        if token[0].isdigit():
            if number is not None:
                return None  # two numbers in a row: "3000 500"
            number = Decimal(token)
        elif token in _CN_DIGIT:
            if number is not None and number != 0:
                return None  # 三五 / 三零: digits in a row are not how amounts are written in words
            number = Decimal(_CN_DIGIT[token])
        elif token in _CN_UNIT:
            section += (Decimal(1) if number is None else number) * _CN_UNIT[token]
            number = None
        elif token in _CN_SECTION:
            if number is None and section == 0:
                return None
            total += (section + (number or 0)) * _CN_SECTION[token]
            section, number = Decimal(0), None
        else:
            return None
    return total + section + (number or 0)


def _small_change(rest: str) -> Decimal | None:
    """What follows 元: 伍角叁分, 5角, 整 / 正, or nothing."""
    m = re.fullmatch(r"(?:(\d|[零〇一壹二贰两三叁四肆五伍六陆七柒八捌九玖])角)?"
                     r"(?:(\d|[零〇一壹二贰两三叁四肆五伍六陆七柒八捌九玖])分)?(?:整|正)?", rest)
    if not m:
        return None
    jiao, fen = (Decimal(_CN_DIGIT.get(g, g)) if g else Decimal(0) for g in m.groups())
    return jiao / 10 + fen / 100


def parse_amount(value: Any) -> tuple[Decimal | None, str]:
    """(amount in yuan, warning). An empty cell or 无 is 0 with no warning; a value that cannot be
    read is (None, why): the caller keeps the text and flags the row, never counting it as 0."""
    if value is None or isinstance(value, bool):
        return (Decimal(0), "") if value is None else (None, f"涉及金额“{value}”不是金额")
    if isinstance(value, (int, float)):
        amount = Decimal(str(value))
        text = format(amount, "f")
    else:
        text = re.sub(r"[\s,，]", "", fold(value))
        if text in _NO_AMOUNT or text == "":
            return Decimal(0), ""
        body = re.sub(r"^(?:人民币|RMB|¥|￥|约|共计|共|合计|计)+[:：]?", "", text, flags=re.I)
        body = re.sub(r"(?:左右|余)$", "", body)
        m = re.fullmatch(r"(.*?)(?:(?:元|圆|块钱|块)(.*))?", body)
        assert m is not None  # the pattern matches any text
        number = _number_words(m.group(1)) if m.group(1) else None
        change = _small_change(m.group(2) or "")
        if number is None or change is None:
            return None, f"涉及金额“{shown(fold(value))}”无法识别（原文已保留在备注中，请核实后补录）"
        amount = number + change
    if amount < 0:
        return None, f"涉及金额“{text}”为负数（原文已保留在备注中，请核实）"
    rounded = amount.quantize(_CENT, ROUND_HALF_UP)
    if rounded != amount:
        return rounded, f"涉及金额“{text}”超过两位小数，按{rounded}元计"
    return rounded, ""


def parse_int(value: Any) -> int | None:
    text = fold(value)
    m = re.search(r"\d+", text)
    return int(m.group()) if m else None


# --- free text onto the lists -----------------------------------------------------------------

# Words of each category (the category's own name is matched before these). Checked in order:
# the more specific harm first (交通事故赔偿 is a traffic case, 劳务合同 a labour one).
CATEGORY_WORDS: list[tuple[str, tuple[str, ...]]] = [
    ("婚姻家庭", ("婚姻", "家庭", "离婚", "赡养", "抚养", "继承", "分家", "夫妻", "婆媳")),
    ("邻里", ("邻居", "相邻", "排水", "通行")),
    ("房屋宅基地", ("宅基地", "房屋", "建房", "住房")),
    ("道路交通事故", ("交通", "车祸")),
    ("劳动争议", ("劳动", "劳务", "工资", "欠薪", "务工", "工伤", "农民工")),
    ("征地拆迁", ("征地", "拆迁", "征收")),
    ("山林土地", ("山林", "林地", "林木", "土地", "承包地", "田土", "耕地", "水利", "用水")),
    ("环境污染", ("污染", "噪音", "噪声", "环境")),
    ("医疗", ("医患", "医院")),
    ("物业", ("小区",)),
    ("消费", ("购物", "商品质量")),
    ("损害赔偿", ("损害", "赔偿", "伤害", "打架", "牲畜", "财产损失")),
    ("合同", ("借贷", "借款", "债务", "欠款", "买卖", "租赁")),
    ("生产经营", ("经营", "生产", "合伙", "企业")),
]


def map_category(text: Any, categories: list[str]) -> tuple[str, str]:
    """(category from the list, warning). Unknown text becomes 其他 with a warning."""
    t = squash(text)
    fallback = "其他" if "其他" in categories else categories[-1]
    if not t:
        return fallback, f"纠纷类型为空，记为{fallback}"
    if t in categories:
        return t, ""
    bare = re.sub(r"(纠纷|矛盾|问题|类)$", "", t)
    if bare in categories:
        return bare, ""
    for cat in categories:
        if cat in t:
            return cat, ""
    for cat, words in CATEGORY_WORDS:
        if cat in categories and any(w in t for w in words):
            return cat, ""
    return fallback, f"纠纷类型“{shown(fold(text))}”对应不上类型列表，记为{fallback}"


# Outcome kinds: what the imported case's status becomes (services/figures/ledger_import.py). Checked in
# order, so a phrase that names two outcomes gets the first: negations (调不成, 未达成协议) before
# the success words they contain, withdrawal before failure, performance before plain success.
OUTCOME_WORDS: list[tuple[str, tuple[str, ...]]] = [
    ("rejected", ("不予受理", "不受理", "未受理", "不属于")),
    ("withdrawn", ("撤回", "撤诉", "撤销申请", "放弃调解", "自愿放弃")),
    ("terminated", ("未调成", "没调成", "没调好", "未调解成功", "不成", "未成", "没成", "失败", "终止",
                    "未达成", "没达成", "无法达成", "调解无效", "未果", "无果", "未解决", "没解决", "未化解", "引导诉讼",
                    "起诉")),
    ("performed", ("已履行", "履行完毕", "已兑现", "已支付", "已给付", "已赔付", "已转账")),
    ("concluded", ("移交", "移送", "转交", "交办", "转办", "移至", "已转", "转派出所", "转法院", "转信访", "转司法所")),
    ("mediating", ("调解中", "正在", "在办", "待调", "未结", "跟进", "处理中", "办理中")),
    ("succeeded", ("成功", "达成", "调结", "已调", "化解", "解决", "和解", "调处完毕", "办结", "息诉", "协议")),
]
OUTCOME_LABELS = {"succeeded": "调解成功", "performed": "调解成功并已履行", "terminated": "调解终止",
                  "rejected": "不予受理", "withdrawn": "申请人撤回", "concluded": "移交办结",
                  "mediating": "调解中", "unknown": "结果不详（已结）"}


def map_outcome(text: Any) -> tuple[str, str]:
    """(outcome kind, warning). An empty or unreadable outcome is "unknown" with a warning: an old
    ledger's row is history, so the importer closes it as 结果不详 rather than opening work."""
    t = squash(text)
    if not t:
        return "unknown", "调解结果为空"
    for kind, words in OUTCOME_WORDS:
        if any(w in t for w in words):
            return kind, ""
    return "unknown", f"调解结果“{shown(fold(text))}”无法判断"


# Checked in order: 上访/信访 before 来访 (a bare 访 would take 来访 for a petition), the county
# before the departments it hands cases through.
SOURCE_WORDS: list[tuple[str, tuple[str, ...]]] = [
    ("网格员上报", ("网格",)), ("联户长报告", ("联户", "十户长")), ("12345热线", ("12345", "热线")),
    ("110转办", ("110", "派出所", "公安", "警")), ("法院委派/诉前调解", ("法院", "诉前", "法庭", "委派")),
    ("信访转办", ("信访", "上访", "来信")), ("县级交办", ("县", "交办")), ("部门移送", ("移送", "部门", "转来")),
    ("主动排查", ("排查", "主动", "摸排")), ("来访", ("来访", "申请", "上门", "来电", "自行", "群众")),
]


def map_source(text: Any, sources: list[str]) -> tuple[str, str]:
    """(source from the list, warning). Empty: 来访 (the usual way in) without a warning."""
    t = squash(text)
    default = "来访" if "来访" in sources else sources[0]
    if not t:
        return default, ""
    if t in sources:
        return t, ""
    for source, words in SOURCE_WORDS:
        if source in sources and any(w in t for w in words):
            return source, ""
    return default, f"案件来源“{shown(fold(text))}”对应不上来源列表，记为{default}"


def split_names(text: Any) -> list[str]:
    t = as_written(text)
    return [n for n in re.split(r"[、，,;；/／\n\s]+", t) if n]
