"""Default lists (the domain, §4, source list of §2). Each is a setting; these are the defaults."""
from __future__ import annotations

CATEGORIES = [
    "婚姻家庭", "邻里", "房屋宅基地", "合同", "生产经营", "损害赔偿", "山林土地", "征地拆迁",
    "环境污染", "劳动争议", "消费", "医疗", "道路交通事故", "物业", "其他",
]

SOURCES = [
    "来访", "网格员上报", "联户长报告", "12345热线", "110转办", "法院委派/诉前调解",
    "信访转办", "检察院移送", "仲裁委移送", "部门移送", "主动排查", "县级交办",
]
GRID_SOURCES = frozenset({"网格员上报", "联户长报告"})

# Statistics group sources as the MoJ forms do: 主动调解 / 申请调解 / 接受委托移送.
SOURCE_GROUP = {
    "主动排查": "主动调解",
    "网格员上报": "主动调解",
    "联户长报告": "主动调解",
    "来访": "申请调解",
    "12345热线": "申请调解",
    "110转办": "接受委托移送",
    "法院委派/诉前调解": "接受委托移送",
    "信访转办": "接受委托移送",
    "检察院移送": "接受委托移送",
    "仲裁委移送": "接受委托移送",
    "部门移送": "接受委托移送",
    "县级交办": "接受委托移送",
}

# The linkage (多元调解对接) a source stands for: 诉调 (court), 警调 (police), 访调 (petitions), 检调
# (procuratorate), 仲调 (arbitration), 专调 (a department's or trade's professional mediation).
# Counted separately in the monthly report; sources not listed here are no linkage.
LINKAGES = ["诉调", "警调", "访调", "检调", "仲调", "专调"]
SOURCE_LINKAGE = {
    "法院委派/诉前调解": "诉调",
    "110转办": "警调",
    "信访转办": "访调",
    "检察院移送": "检调",
    "仲裁委移送": "仲调",
    "部门移送": "专调",
}
# Sources that arrive as another office's order (a work order, a case file) with its own number and
# reply deadline.
ORDER_SOURCES = frozenset({"12345热线", "110转办", "法院委派/诉前调解", "信访转办", "检察院移送", "仲裁委移送",
                           "县级交办"})

RISK_LEVELS = ["红", "橙", "黄", "蓝"]
RISK_COLORS = {"红": "#d32f2f", "橙": "#f57c00", "黄": "#fbc02d", "蓝": "#1976d2"}
RISK_MEANING = {"红": "高风险，立即上报", "橙": "当日处置", "黄": "一般", "蓝": "低风险"}

PARTY_ROLES = ["申请人", "被申请人", "当事人"]
PARTY_KINDS = {"natural": "自然人", "legal": "法人或其他组织"}
SEXES = ["男", "女"]

GRID_EVENT_TYPES = ["矛盾纠纷", "安全隐患", "社情民意", "重点人员", "治安防控", "政策宣传", "其他"]
# 十联: what a 联户长's visit or report was about (the practice's ten; a setting, places add their own)
TENLINK_CATEGORIES = ["社情民意联排", "安全隐患联防", "矛盾纠纷联调", "重点人员联管", "政策法规联宣", "致富项目联建",
                      "困难家庭联帮", "邻里互助联动", "环境卫生联治", "文明新风联树"]
# the 十联 category an event of a type falls under when none was chosen
TENLINK_BY_EVENT_TYPE = {"矛盾纠纷": "矛盾纠纷联调", "安全隐患": "安全隐患联防", "社情民意": "社情民意联排",
                         "重点人员": "重点人员联管", "治安防控": "安全隐患联防", "政策宣传": "政策法规联宣"}

DEFAULT_DUE_DAYS = 30  # "normally closed within one month"
FOLLOWUP_AFTER_DAYS = 30
JUDICIAL_CONFIRMATION_DAYS = 30
