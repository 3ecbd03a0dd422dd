"""A realistic old case ledger (台账) as townships keep it by hand, for the import scenario:
a title row, a two-row merged header, dates typed every which way, ID numbers typed as numbers
or with a lower-case x, monthly subtotal rows, blank rows, one sheet per year."""
from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from bench.people import NamePool, id_number, mobile

HEAD_TOP = ["序号", "登记日期", "申请人", "", "", "被申请人", "", "纠纷类型", "纠纷简要情况", "调解结果", "调解员",
            "村（社区）", "涉及金额", "备注"]
HEAD_SUB = ["", "", "姓名", "身份证号", "联系电话", "姓名", "身份证号", "", "", "", "", "", "", ""]
KINDS = ["邻里纠纷", "婚姻家庭", "宅基地纠纷", "山林土地", "劳务纠纷", "交通事故", "损害赔偿", "合同纠纷", "其他"]
OUTCOMES = ["调解成功", "调解成功", "调解成功", "调解不成", "已调解，达成口头协议", "终止调解"]
VILLAGES = ["青山村", "石桥村", "新寨村", "龙井社区", "田坝村", "河口村"]
FACTS = ["因排水沟修建发生纠纷", "因宅基地界址不清发生争议", "拖欠务工工资", "家庭琐事引发矛盾", "电动车与摩托车相撞",
         "牲畜毁坏农作物", "楼上漏水致天花板受损"]


def _date_cell(rng: random.Random, day: dt.date):
    style = rng.random()
    if style < 0.4:
        return day  # a real date cell: openpyxl writes an Excel serial number
    if style < 0.6:
        return f"{day.year}.{day.month}.{day.day}"
    if style < 0.8:
        return f"{day.year}/{day.month}/{day.day}"
    return f"{day.year}年{day.month}月{day.day}日"


def _id_cell(rng: random.Random, today: dt.date):
    number = id_number(rng, today)[0]
    r = rng.random()
    if r < 0.1 and number[-1].isdigit():
        return int(number)  # typed as a number: Excel kept 15 significant digits
    if r < 0.15 and number.endswith("X"):
        return number.lower()
    return number


def make(path: Path, rows: int = 10_000, seed: int = 7, today: dt.date = dt.date(2026, 1, 15)) -> Path:
    from openpyxl import Workbook

    rng = random.Random(seed)
    names = NamePool(rng, 2_000)
    wb = Workbook()
    wb.remove(wb.active)
    per_year = rows // 2
    seq = 0
    for year in (2024, 2025):
        ws = wb.create_sheet(f"{year}年")
        ws.append([f"青山镇人民调解委员会矛盾纠纷排查调处台账（{year}年）"])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEAD_TOP))
        ws.append(HEAD_TOP)
        ws.append(HEAD_SUB)
        for col in (1, 2, 8, 9, 10, 11, 12, 13, 14):
            ws.merge_cells(start_row=2, start_column=col, end_row=3, end_column=col)
        ws.merge_cells(start_row=2, start_column=3, end_row=2, end_column=5)
        ws.merge_cells(start_row=2, start_column=6, end_row=2, end_column=7)
        days = sorted(dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 364)) for _ in range(per_year))
        month = 1
        for n, day in enumerate(days, start=1):
            if day.month != month:
                ws.append([f"{month}月小计", "", "", "", "", "", "", "", "", "", "", "", "", ""])
                month = day.month
            if rng.random() < 0.01:
                ws.append([])
            seq += 1
            a, b = names.draw(rng), names.draw(rng)
            ws.append([n, _date_cell(rng, day), a, _id_cell(rng, today), mobile(rng), b, _id_cell(rng, today),
                       rng.choice(KINDS), f"{a}与{b}{rng.choice(FACTS)}", rng.choice(OUTCOMES),
                       rng.choice(["李秀英", "杨德明"]), rng.choice(VILLAGES), rng.choice([0, 500, 1200, 3000]), ""])
        ws.append([f"{month}月小计"])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
