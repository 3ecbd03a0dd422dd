"""Reading the values typed into old hand-kept Excel ledgers (pure: no Qt, no DB, no openpyxl).

Each function returns what it understood and, when something is doubtful, a Chinese reason the
import account shows next to the row. Nothing is "corrected": a damaged ID number is kept as
written and flagged.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from zhongxin_desktop.domain import idnumber

EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 = 1900-01-01 (with Excel's 1900 leap-year bug)


def fold(value) -> str:
    """Text of a cell with full-width digits/letters folded (NFKC) and outer spaces stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def squash(value) -> str:
    """Folded text without any whitespace (header labels: 申 请 人 → 申请人)."""
    return re.sub(r"\s+", "", fold(value))


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


def parse_date(value, year: int | None = None) -> tuple[dt.date | None, str]:
    """(date, "") or (None, why). Accepts date cells, Excel serial numbers, 2025.3.5, 2025/3/5,
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

def parse_id(value) -> tuple[str, str]:
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


def parse_phone(value) -> str:
    if value is None:
        return ""
    text = fold(value)
    return re.sub(r"[\s-]", "", text) if re.fullmatch(r"[\d\s-]{7,20}", text) else text


def parse_amount(value) -> tuple[Decimal, str]:
    if value is None or fold(value) == "":
        return Decimal("0"), ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Decimal(str(value)).quantize(Decimal("0.01")), ""
    text = fold(value).replace(",", "").replace("，", "")
    m = re.fullmatch(r"(?:人民币|¥|￥)?\s*(\d+(?:\.\d+)?)\s*(万)?\s*元?", text)
    if not m:
        return Decimal("0"), f"涉及金额“{text}”无法识别，记为0"
    try:
        amount = Decimal(m.group(1)) * (10000 if m.group(2) else 1)
    except InvalidOperation:
        return Decimal("0"), f"涉及金额“{text}”无法识别，记为0"
    return amount.quantize(Decimal("0.01")), ""


def parse_int(value) -> int | None:
    text = fold(value)
    m = re.search(r"\d+", text)
    return int(m.group()) if m else None


# --- free text onto the lists -----------------------------------------------------------------

CATEGORY_WORDS: list[tuple[str, tuple[str, ...]]] = [
    ("婚姻家庭", ("婚姻", "家庭", "离婚", "赡养", "抚养", "继承", "分家", "夫妻", "婆媳")),
    ("邻里", ("邻里", "邻居", "相邻", "排水", "通行")),
    ("房屋宅基地", ("宅基地", "房屋", "建房", "住房")),
    ("道路交通事故", ("交通", "车祸", "交通事故")),
    ("劳动争议", ("劳动", "劳务", "工资", "欠薪", "务工", "工伤", "农民工")),
    ("征地拆迁", ("征地", "拆迁", "征收")),
    ("山林土地", ("山林", "林地", "林木", "土地", "承包地", "田土", "耕地", "水利", "用水")),
    ("环境污染", ("污染", "噪音", "噪声", "环境")),
    ("医疗", ("医疗", "医患", "医院")),
    ("物业", ("物业", "小区")),
    ("消费", ("消费", "购物", "商品质量")),
    ("损害赔偿", ("损害", "赔偿", "伤害", "人身损害", "打架", "牲畜", "财产损失")),
    ("合同", ("合同", "借贷", "借款", "债务", "欠款", "买卖", "租赁")),
    ("生产经营", ("生产经营", "经营", "生产", "合伙", "企业")),
]


def map_category(text, categories: list[str]) -> tuple[str, str]:
    """(category from the list, warning). Unknown text becomes 其他 with a warning."""
    t = squash(text)
    if not t:
        return ("其他" if "其他" in categories else categories[-1]), "纠纷类型为空，记为其他"
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
    fallback = "其他" if "其他" in categories else categories[-1]
    return fallback, f"纠纷类型“{fold(text)}”对应不上类型列表，记为{fallback}"


# Outcome kinds: what the imported case's status becomes (services/ledger_import.py).
OUTCOME_WORDS: list[tuple[str, tuple[str, ...]]] = [
    ("rejected", ("不予受理", "不受理", "不属于")),
    ("terminated", ("不成", "未成", "失败", "终止", "未达成", "无法达成", "调解无效", "未果", "引导诉讼", "起诉")),
    ("performed", ("已履行", "履行完毕", "已兑现", "已支付", "已给付")),
    ("concluded", ("移交", "移送", "转交", "交办", "转办", "移至")),
    ("mediating", ("调解中", "正在", "在办", "待调", "未结", "跟进", "处理中", "办理中")),
    ("succeeded", ("成功", "达成", "调结", "已调", "化解", "已解决", "解决", "和解", "调处完毕", "办结", "息诉",
                   "协议")),
]
OUTCOME_LABELS = {"succeeded": "调解成功", "performed": "调解成功并已履行", "terminated": "调解终止",
                  "rejected": "不予受理", "concluded": "移交办结", "mediating": "调解中"}


def map_outcome(text) -> tuple[str, str]:
    """(outcome kind, warning). An empty or unknown outcome leaves the case open (调解中)."""
    t = squash(text)
    if not t:
        return "mediating", "调解结果为空，按“调解中”导入，请核实"
    for kind, words in OUTCOME_WORDS:
        if any(w in t for w in words):
            return kind, ""
    return "mediating", f"调解结果“{fold(text)}”无法判断，按“调解中”导入，请核实"


SOURCE_WORDS: list[tuple[str, tuple[str, ...]]] = [
    ("网格员上报", ("网格",)), ("联户长报告", ("联户",)), ("12345热线", ("12345", "热线")),
    ("110转办", ("110", "派出所", "公安", "警")), ("法院委派/诉前调解", ("法院", "诉前", "法庭", "委派")),
    ("信访转办", ("信访", "访")), ("部门移送", ("移送", "部门", "转来")), ("主动排查", ("排查", "主动")),
    ("县级交办", ("县", "交办")), ("来访", ("来访", "申请", "上门", "来电", "自行")),
]


def map_source(text, sources: list[str]) -> tuple[str, str]:
    t = squash(text)
    default = "来访" if "来访" in sources else sources[0]
    if not t:
        return default, ""
    if t in sources:
        return t, ""
    for source, words in SOURCE_WORDS:
        if source in sources and any(w in t for w in words):
            return source, ""
    return default, f"案件来源“{fold(text)}”对应不上来源列表，记为{default}"


def split_names(text) -> list[str]:
    t = fold(text)
    return [n for n in re.split(r"[、，,;；/\n\s]+", t) if n]
