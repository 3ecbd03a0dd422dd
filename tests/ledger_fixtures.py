"""Messy old ledgers built with openpyxl at test time, as townships really kept them: title rows,
two-row merged headers, varying column names, every kind of date, ID numbers typed as numbers,
full-width digits, blank and subtotal rows, repeated headers, several sheets.

``EXPECTED`` is the account every row must get: (sheet, row) → (verdict, words the reason or
warnings must contain).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

VALID_ID = "11010519491231002X"
VALID_ID_2 = "34052419800101001X"

SHEET1 = "2025年"
SHEET2 = "2024年下半年"
SHEET3 = "说明"

# sheet 1 rows from Excel row 5; columns: 序号, 登记日期, 申请人 姓名/身份证号/联系电话, 被申请人 姓名/身份证号,
# 纠纷类型, 纠纷简要情况, 调解结果, 涉及金额, 调解员
ROWS1 = [
    [1, dt.datetime(2025, 3, 5), "张三", VALID_ID, "13812345678", "李四", VALID_ID_2.lower(), "邻里纠纷",
     "李四修排水沟将污水引向张三家", "调解成功", 1200, "李秀英"],
    [2, 45731, "王五", 5.20102199001011e17, 13987654321, "赵大", "", "宅基地纠纷", "建房越界0.5米",
     "达成协议已履行", "3000元", ""],
    [3, "2025.4.1", "赵六", "5.20102E+17", "", "钱七", "", "家庭矛盾", "夫妻因抚养问题争吵", "调解不成，引导诉讼",
     None, ""],
    [4, "2025/4/8", "孙八", "１１０１０５１９４９１２３１００２Ｘ", "", "周九", "", "土地承包", "承包地边界不清", "",
     "", ""],
    [None] * 12,
    [5, "2025年5月6日", "吴十、郑一", "110105194912310021", "", "王二", "", "狗咬人", "狗咬伤路人", "已调解", "",
     ""],
    [6, "5月20日", "冯三", "", "", "陈四", "", "劳务费", "拖欠劳务费", "移交派出所处理", "２０００", ""],
    ["小计", None, None, None, None, None, None, None, None, None, 6200, None],
    [7, "2025-13-40", "褚五", "", "", "卫六", "", "合同", "货款未付", "调解成功", "", ""],
    [8, None, "蒋七", "", "", "沈八", "", "合同", "借款未还", "调解成功", "", ""],
    [9, "2025-06-01", "", "", "", "", "", "邻里", "", "", "", ""],
    [10, None, None, None, None, None, None, None, None, None, None, None],
    [1, dt.datetime(2025, 3, 5), "张三", VALID_ID, "13812345678", "李四", VALID_ID_2.lower(), "邻里纠纷",
     "李四修排水沟将污水引向张三家", "调解成功", 1200, "李秀英"],
    [11, "2099-01-01", "韩九", "", "", "杨十", "", "邻里", "未来的日期", "调解成功", "", ""],
]
# sheet 2 from row 3: 编号, 受理时间, 当事人, 身份证号码, 类别, 案情, 处理结果, 备注
ROWS2 = [
    ["（2024）青山调字第1号", "7月3日", "朱一与秦二", "", "山林纠纷", "林木权属争议", "调解成功", ""],
    ["（2024）青山调字第2号", "7月9日", "尤三", "", "医患纠纷", "诊疗费用争议", "不予受理", "已引导至卫健部门"],
    ["编号", "受理时间", "当事人", "身份证号码", "类别", "案情", "处理结果", "备注"],
    ["（2024）青山调字第3号", 45500, "许四", VALID_ID_2, "噪音扰民", "夜间施工噪音", "和解", ""],
    ["总计", None, None, None, None, None, None, "3件"],
]

EXPECTED: dict[tuple[str, int], tuple[str, list[str]]] = {
    (SHEET1, 5): ("ok", []),
    (SHEET1, 6): ("ok", ["存成了数字"]),
    (SHEET1, 7): ("ok", ["科学计数法"]),
    (SHEET1, 8): ("ok", ["调解结果为空"]),
    (SHEET1, 9): ("skipped", ["空行"]),
    (SHEET1, 10): ("ok", ["校验位", "狗咬人"]),
    (SHEET1, 11): ("ok", []),
    (SHEET1, 12): ("skipped", ["合计"]),
    (SHEET1, 13): ("error", ["2025-13-40"]),
    (SHEET1, 14): ("error", ["登记日期为空"]),
    (SHEET1, 15): ("error", ["缺少当事人"]),
    (SHEET1, 16): ("skipped", ["只有序号"]),
    (SHEET1, 17): ("duplicate", ["第5行"]),
    (SHEET1, 18): ("error", ["晚于今天"]),
    (SHEET2, 3): ("ok", []),
    (SHEET2, 4): ("ok", []),
    (SHEET2, 5): ("skipped", ["表头"]),
    (SHEET2, 6): ("ok", []),
    (SHEET2, 7): ("skipped", ["合计"]),
    (SHEET3, 1): ("error", ["找不到表头"]),
    (SHEET3, 2): ("error", ["找不到表头"]),
}


def build_messy_ledger(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET1
    ws.merge_cells("A1:L1")
    ws["A1"] = "青山镇2025年矛盾纠纷排查调处工作台账"
    ws["A2"] = "填报单位：青山镇司法所（盖章）"
    for col, label in ((1, "序 号"), (2, "登记日期"), (8, "纠纷类型"), (9, "纠纷简要情况"), (10, "调解结果"),
                       (11, "涉及金额（元）"), (12, "调解员")):
        ws.cell(3, col, label)
        ws.merge_cells(start_row=3, start_column=col, end_row=4, end_column=col)
    ws.merge_cells("C3:E3")
    ws["C3"] = "申请人"
    ws.merge_cells("F3:G3")
    ws["F3"] = "被申请人"
    for col, label in ((3, "姓名"), (4, "身份证号"), (5, "联系电话"), (6, "姓名"), (7, "身份证号")):
        ws.cell(4, col, label)
    for i, row in enumerate(ROWS1, start=5):
        for c, value in enumerate(row, start=1):
            ws.cell(i, c, value)
    ws.merge_cells("A12:J12")  # the 小计 label spans the row, as typed by hand
    ws2 = wb.create_sheet(SHEET2)
    ws2["A1"] = "2024年下半年矛盾纠纷登记台账"
    for c, label in enumerate(["编号", "受理时间", "当事人", "身份证号码", "类别", "案情", "处理结果", "备注"], 1):
        ws2.cell(2, c, label)
    for i, row in enumerate(ROWS2, start=3):
        for c, value in enumerate(row, start=1):
            ws2.cell(i, c, value)
    ws3 = wb.create_sheet(SHEET3)
    ws3["A1"] = "本台账由司法所每月填写"
    ws3["A2"] = "如有疑问请联系综治中心"
    wb.save(path)
    return path


def build_big_ledger(path: Path, rows: int) -> Path:
    """A plain but realistic ledger of ``rows`` cases (for measuring import speed)."""
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("台账")
    ws.append(["某镇2025年矛盾纠纷台账"])
    ws.append(["序号", "登记日期", "申请人", "身份证号", "联系电话", "被申请人", "纠纷类型", "纠纷简要情况", "调解结果",
               "涉及金额"])
    cats = ["邻里纠纷", "婚姻家庭", "宅基地", "劳务费", "交通事故", "合同纠纷"]
    outcomes = ["调解成功", "调解不成", "已履行", "调解成功", ""]
    start = dt.date(2025, 1, 1)
    for i in range(rows):
        ws.append([i + 1, start + dt.timedelta(days=i % 300), f"张{i}", VALID_ID, f"138{i:08d}", f"李{i}",
                   cats[i % len(cats)], f"第{i}号纠纷情况", outcomes[i % len(outcomes)], (i % 50) * 100])
    wb.save(path)
    return path


TOWNSHIP_A = "2024年台账"
TOWNSHIP_B = "2025年上半年"
FACTS_B = ["因修路占地，双方发生争执（已报警）。", "邻居在界址上建围墙，张家认为越界；双方多次口角。",
           "务工工资被拖欠三个月，共计1.2万元。", "家中老人赡养费分摊不均：兄弟三人互相推诿。",
           "货车倒车撞坏院墙，车主拒绝赔偿，要求“先修后赔”。", "承包地边界被对方翻耕，青苗受损。",
           "楼上漏水致楼下天花板发霉，多次协商无果。", "借款5千元逾期未还，借条在申请人处。"]
# sheet B: 序号 | 日期 | 申请人 | 被申请人 | 纠纷原委 (unknown header: the facts) | 结果 | 金额 | 回访情况 (unknown)
ROWS_B = [
    [1, "2025.1.6", "张大山", "李小河", FACTS_B[0], "未调成", "1.2万", "电话回访，满意"],
    [2, "2025.1.9", "王春", "赵秋", FACTS_B[1], "调不成", "5千元", ""],
    [3, "2025.2.3", "", "钱多多", FACTS_B[2], "没调成", "800元", "已回访"],
    [4, "2025.2.8", "孙小", "周大", FACTS_B[3], "未成功", "¥3,000.50", ""],
    [5, "2025.3.1", "吴一", "郑二", FACTS_B[4], "撤回申请", "3000.00元", ""],
    [6, "2025.3.7", "冯三", "陈四", FACTS_B[5], "已转派出所", "叁万陆仟元整", ""],
    [7, "2025.3.9", None, None, FACTS_B[6], "已处理", "三千多", "未回访"],
    [8, "2025.4.2", "褚五", "卫六", FACTS_B[7], "", "", ""],
]
# sheet A: 序号 | 登记日期 | 申请人 | 被申请人 | 矛盾纠纷简要情况 | 调处结果 | 经办村干部 (unknown, short)
ROWS_A = [
    [1, "2024年7月3日", "蒋七", "沈八", "宅基地边界争议，双方各执一词。", "已转法院", "村主任老杨"],
    [2, "2024年8月5日", "韩九", "杨十", "噪音扰民：夜间施工至凌晨。", "已转信访", ""],
    [3, "2024年9月9日", "朱一", "秦二", "山林权属争议（有林权证）。", "不予受理", "村支书"],
    [4, "2024年10月1日", "", "许四", "拖欠货款，对方避而不见。", "调解成功", ""],
]


def build_township_ledger(path) -> Path:
    """A ledger the importer has never seen: the facts of sheet B stand under 纠纷原委 (no header
    word for it), outcomes are spoken words, some rows have no applicant, amounts are typed as
    clerks type them, and each sheet has a column no field takes."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = TOWNSHIP_A
    ws.append(["石桥镇矛盾纠纷排查调处登记台账（2024年）"])
    ws.merge_cells("A1:G1")
    ws.append(["序号", "登记日期", "申请人", "被申请人", "矛盾纠纷简要情况", "调处结果", "经办村干部"])
    for row in ROWS_A:
        ws.append(row)
    ws = wb.create_sheet(TOWNSHIP_B)
    ws.append(["序号", "日期", "申请人", "被申请人", "纠纷原委", "结果", "金额", "回访情况"])
    for row in ROWS_B:
        ws.append(row)
    ws.append(["合计", None, None, None, None, None, "（略）", None])
    wb.save(path)
    return path
