"""网格周研判简报: the weekly briefing as an A4 document laid out like the other printed forms
(Song type, ruled tables whose cells wrap, header rows repeated when a table runs over a page,
“第 n 页 共 m 页” on every page). The content is services.gridwork.grid_briefing's."""
from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from zhongxin_desktop.documents.layout import BODY_W, Doc, build_pdf, gap, keep
from zhongxin_desktop.documents.printing import write_atomic
from zhongxin_desktop.documents.textblock import TextBlock
from zhongxin_desktop.domain.dates import cn_date
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.services import audit
from zhongxin_desktop.services.gridwork import grid_briefing
from zhongxin_desktop.services.actor import Actor
from zhongxin_desktop.services.gridwork.grid_briefing import STALE_DAYS, Briefing

TITLE = "网格周研判简报"
MAX_DESCRIPTION = 60  # a risk's description is cut here: the briefing is read at a table, not archived


def _footer(page: int, total: int) -> str:
    return f"第 {page} 页　共 {total} 页"


def _table(doc: Doc, header: list[str], rows: list[list[object]], widths: Sequence[float]) -> Table:
    """A ruled table of wrapping cells; the header repeats on each page it runs onto."""
    scale = BODY_W / sum(widths)
    cell = ParagraphStyle("briefing", parent=doc.cell, fontSize=9.5, leading=13)
    head = ParagraphStyle("briefing_head", parent=cell, alignment=TA_CENTER)
    data = [[Paragraph(doc.fonts.markup(h, "文书固定文字"), head) for h in header]]
    for row in rows:
        data.append([Paragraph(doc.m(v, h), cell) for v, h in zip(row, header)])
    t = Table(data, colWidths=[w * scale for w in widths], repeatRows=1)
    t.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), doc.fonts.name),
                           ("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                           ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.93, 0.93, 0.93)),
                           ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
    return t


def _section(doc: Doc, n: int, title: str, note: str = "") -> list[Flowable]:
    out: list[Flowable] = [doc.raw(f"{'一二三四五六七八九十'[n - 1]}、{title}", doc.heading)]
    if note:
        out.append(doc.p(note, title, doc.small))
    return out


def _none(doc: Doc, text: str) -> TextBlock:
    return doc.p(text, "说明", doc.cell)


def story(b: Briefing, doc: Doc) -> list[Flowable]:
    last = min(b.today, b.sunday)
    out: list[Flowable] = [doc.title(TITLE),
                 doc.p(f"{b.unit}　{b.week[:4]}年第{int(b.week[6:])}周（{cn_date(b.monday)}至{cn_date(b.sunday)}）",
                       "单位", doc.center),
                 doc.p(f"统计截至{cn_date(last)}　编印日期：{cn_date(b.today)}", "日期", doc.center), gap(2)]

    out += _section(doc, 1, "本周新增事件", f"共{b.events_total}件")
    if b.events_by_grid:
        types = b.event_types
        rows = [[r["grid"], *[r["by_type"].get(t, 0) or "" for t in types], r["total"]] for r in b.events_by_grid]
        rows.append(["合计", *[sum(r["by_type"].get(t, 0) for r in b.events_by_grid) for t in types], b.events_total])
        out.append(_table(doc, ["网格", *types, "合计"], rows, [30] + [10] * len(types) + [9]))
    else:
        out.append(_none(doc, "本周无新增网格事件。"))

    out += _section(doc, 2, "未化解的红橙风险",
                    f"共{len(b.open_risks)}件，其中已超过{STALE_DAYS}天的{b.stale_risks}件（标“★”），请逐件研判。")
    if b.open_risks:
        rows = [[("★" if r["stale"] else "") + r["risk_level"], r["grid"], cn_date(r["reported_on"]), f"{r['age_days']}天",
                 r["event_type"], _cut(r["description"]), r["status"]] for r in b.open_risks]
        out.append(_table(doc, ["风险", "网格", "上报日期", "已过", "类型", "事件", "状态"], rows,
                          [9, 20, 21, 10, 12, 40, 13]))
    else:
        out.append(_none(doc, "目前没有未化解的红色、橙色风险。"))

    out += _section(doc, 3, "逾期未回复的交办和来件")
    if b.overdue_replies:
        rows = [[r["case_no"], r["direction_label"], r["other_side"], r["reference"], cn_date(r["reply_due"]),
                 f"{r['days_overdue']}天"] for r in b.overdue_replies]
        out.append(_table(doc, ["案件编号", "类别", "对方单位", "对方编号", "回复期限", "已逾期"], rows,
                          [26, 14, 18, 18, 21, 10]))
    else:
        out.append(_none(doc, "没有逾期未回复的交办和来件。"))

    out += _section(doc, 4, "网格员走访（对照节奏，截至统计日）")
    if b.workers:
        behind = sum(w.behind for w in b.workers)
        out.append(doc.p(f"在岗网格员{len(b.workers)}人，走访少于节奏的{behind}人（“实/应”为实际走访/应走访次数）。",
                         "走访", doc.small))
        rows = [[w.grid_name, w.name, f"{w.routine_visits}/{w.expected_routine:.0f}",
                 f"{w.focused_visits}/{w.expected_focused:.0f}", "落后" if w.behind else ""] for w in b.workers]
        out.append(_table(doc, ["网格", "网格员", "日常走访（实/应）", "重点走访（实/应）", "情况"], rows,
                          [34, 16, 20, 20, 10]))
    else:
        out.append(_none(doc, "名册中没有在岗网格员。"))

    out += _section(doc, 5, "热点村（社区）")
    if b.hot_spots:
        rows = [[s["village"], s["events"], s["cases"], s["total"]] for s in b.hot_spots]
        out.append(_table(doc, ["村（社区）", "网格事件", "登记案件", "合计"], rows, [40, 20, 20, 20]))
    else:
        out.append(_none(doc, "本周各村（社区）无新增事件和案件。"))

    out += _section(doc, 6, "重复涉事当事人", "近一年内在两件以上案件中出现的当事人（证件号、电话已隐去部分）。")
    if b.repeat_parties:
        rows = [[p["name"], p["id_number"] or p["phone"], p["case_count"],
                 "；".join(f"{no}（{status}）" for no, status in p["cases"])] for p in b.repeat_parties]
        out.append(_table(doc, ["当事人", "证件号/电话", "案件数", "案件"], rows, [16, 26, 10, 48]))
    else:
        out.append(_none(doc, "近一年没有在多件案件中出现的当事人。"))

    out += _section(doc, 7, "上周研判决定落实情况", "未办结的决定逐周带入，直至办结。")
    if b.carried_tasks:
        rows = [[cn_date(t["decided_on"]), t["content"], t["owner"], cn_date(t["due_on"]),
                 (t["status_label"] + ("（逾期）" if t["overdue"] else "")
                  + (f"：{t['result']}" if t["result"] else ""))] for t in b.carried_tasks]
        out.append(_table(doc, ["决定日期", "落实事项", "责任人", "完成期限", "落实情况"], rows, [20, 34, 12, 20, 26]))
    else:
        out.append(_none(doc, "没有带入本周的未办结决定。"))
    if b.new_tasks:
        out.append(doc.raw("本周研判新作出的决定：", doc.cell))
        rows = [[cn_date(t["decided_on"]), t["content"], t["owner"], cn_date(t["due_on"]), t["status_label"]]
                for t in b.new_tasks]
        out.append(_table(doc, ["决定日期", "落实事项", "责任人", "完成期限", "状态"], rows, [20, 40, 12, 20, 12]))

    if b.watch_overdue:
        out += _section(doc, 8, "重点人员、困难家庭走访")
        out.append(doc.p("；".join(f"{k}逾期未走访{n}人（户）" for k, n in b.watch_overdue.items()) + "。",
                         "名册", doc.cell))
    out += [gap(6), keep(doc.raw("参会人员：", doc.body), gap(10), doc.raw("研判意见：", doc.body), gap(30))]
    return out


def _cut(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= MAX_DESCRIPTION else text[:MAX_DESCRIPTION - 1] + "…"


def render(b: Briefing) -> bytes:
    doc = Doc()
    return build_pdf(story(b, doc), doc, title=f"{TITLE}（{b.week}）", footer=_footer, header=f"{TITLE} {b.week}")


def export_briefing(actor: Actor, week: str, out: str | os.PathLike[str]) -> Briefing:
    """Build the week's briefing and write it to ``out`` (PDF); printing it is audited."""
    actor.require(Perm.PRINT, "grid_briefing")
    b = grid_briefing.build(actor, week)
    write_atomic(Path(out), render(b))
    audit.record(actor.username, "grid_briefing_print", "grid_briefing", b.week, detail={"file": Path(out).name})
    return b
