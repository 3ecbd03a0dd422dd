"""zhongxin grid list | event add/list/handle/escalate | visit add | meeting add | unit add/select |
household add/list | people add/list/visit | task list/add/done | briefing | figures | tenlink | import"""
from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING, Any, TypedDict

from zhongxin_desktop.cli.context import CliContext, Subparsers, UsageError
from zhongxin_desktop.domain.dates import cn_date
from zhongxin_desktop.domain.sheet_parsing import parse_date

if TYPE_CHECKING:
    from zhongxin_desktop.domain.case_input import PartyInput
    from zhongxin_desktop.domain.grid_input import TaskInput


def _date(text: str) -> dt.date:
    day, reason = parse_date(text)
    if day is None:
        raise argparse.ArgumentTypeError(reason or f"“{text}”不是日期")
    return day


def _task(text: str) -> TaskInput:
    from zhongxin_desktop.domain.grid_input import TaskInput

    parts = [t.strip() for t in text.split("|")]
    if len(parts) != 3:
        raise argparse.ArgumentTypeError(f"“{text}”应写成 事项|责任人|YYYY-MM-DD，如 走访张家|王网格|2026-12-11")
    return TaskInput(parts[0], parts[1], _date(parts[2]))


def _party(text: str) -> PartyInput:
    from zhongxin_desktop.domain.case_input import PartyInput

    name, _, phone = text.partition(":")
    role = "当事人"
    if "=" in name:
        role, _, name = name.partition("=")
    return PartyInput(name=name.strip(), role=role.strip(), phone=phone.strip())


def _add(sub: Subparsers, name: str, text: str) -> argparse.ArgumentParser:
    """A subcommand whose bilingual text shows both in its parent's list and in its own --help."""
    return sub.add_parser(name, help=text, description=text)


def register(sub: Subparsers) -> None:
    grid = _add(sub, "grid", "网格与十联户 / grids and household units")
    gsub = grid.add_subparsers(dest="grid_command", metavar="ACTION")

    p = _add(gsub, "list", "列出村/社区、网格、网格员和联户长 / list the grid registry")
    p.add_argument("--json", action="store_true", help="输出JSON / print JSON")
    p.add_argument("--reveal", action="store_true", help="显示完整电话（需权限，记入审计）/ unmask phones")
    p.set_defaults(handler=cmd_list)

    event = _add(gsub, "event", "网格事件 / grid events")
    esub = event.add_subparsers(dest="event_command", metavar="ACTION")
    p = _add(esub, "list", "列出网格事件 / list grid events")
    p.add_argument("--grid", help="网格编码或名称 / grid code or name")
    p.add_argument("--status", choices=["open", "escalated", "closed", "unresolved"],
                   help="状态：open 待处理、escalated 已上报、closed 已办结、unresolved 未了结 / status")
    p.add_argument("--type", dest="event_type", help="事件类型 / event type")
    p.add_argument("--risk", help="风险等级（红/橙/黄/蓝）/ risk level")
    p.add_argument("--since", type=_date, help="上报日期不早于 / reported on or after")
    p.add_argument("--until", type=_date, help="上报日期不晚于 / reported on or before")
    p.add_argument("--limit", type=int, default=100, help="最多条数 / at most N rows")
    p.add_argument("--offset", type=int, default=0, help="跳过前N条（翻页）/ skip N rows (paging)")
    p.add_argument("--json", action="store_true", help="输出JSON / print JSON")
    p.set_defaults(handler=cmd_event_list)
    p = _add(esub, "add", "记录网格事件 / record a grid event")
    p.add_argument("--grid", required=True, help="网格编码或名称 / grid code or name")
    p.add_argument("--date", type=_date, default=None, help="上报日期，默认今天 / report date (default today)")
    p.add_argument("--reporter", required=True, help="上报人姓名 / reporter's name")
    p.add_argument("--role", default=None, choices=["网格员", "联户长", "网格长"],
                   help="上报人身份；默认按网格名册判断（联户长报告即为联户长）/ reporter's role (default: from the "
                        "registry)")
    p.add_argument("--type", dest="event_type", required=True, help="事件类型，如 矛盾纠纷 / event type")
    p.add_argument("--description", required=True, help="事件描述 / what was found")
    p.add_argument("--risk", default="黄", help="风险等级，默认黄 / risk level (default 黄)")
    p.add_argument("--tenlink", default="", help="十联类别，如 矛盾纠纷联调；默认按事件类型 / 十联 category")
    p.add_argument("--unit", help="联户长所在联户（默认按姓名在网格名册中查找）/ the reporting head's unit")
    p.add_argument("--handled", metavar="RESULT", help="当场办结（办小事）的处理结果：记录并办结一步完成 / "
                                                       "settle it on the spot with this result")
    p.add_argument("--json", action="store_true", help="输出JSON / print JSON")
    p.set_defaults(handler=cmd_event_add)
    p = _add(esub, "handle", "网格内办结（办小事）/ settle in the grid")
    p.add_argument("event", metavar="ID", help="事件编号（可用前6位以上）/ event id (or its first 6+ chars)")
    p.add_argument("--result", required=True, help="处理结果 / how it was settled")
    p.add_argument("--date", type=_date, default=None, help="办结日期，默认今天 / date (default today)")
    p.set_defaults(handler=cmd_event_handle)
    p = _add(esub, "escalate", "上报中心，登记为案件（报大事）/ escalate to the center as a case")
    p.add_argument("event", metavar="ID", help="事件编号 / event id")
    p.add_argument("--category", help="纠纷类型，默认“其他” / dispute category (default 其他)")
    p.add_argument("--party", action="append", type=_party, default=[], metavar="[身份=]姓名[:电话]",
                   help="当事人，可重复，如 申请人=张三:13800000000；不填则登记为“待核实当事人” / "
                        "a party, repeatable; without it a placeholder party is registered")
    p.add_argument("--json", action="store_true", help="输出JSON / print JSON")
    p.set_defaults(handler=cmd_event_escalate)

    visit = _add(gsub, "visit", "走访记录 / visits")
    vsub = visit.add_subparsers(dest="visit_command", metavar="ACTION")
    p = _add(vsub, "add", "记录走访 / record a visit")
    p.add_argument("--grid", required=True, help="网格编码或名称 / grid code or name")
    p.add_argument("--worker", required=True, help="走访网格员 / grid worker")
    p.add_argument("--date", type=_date, default=None, help="走访日期，默认今天 / date (default today)")
    p.add_argument("--kind", choices=["routine", "focused"], default="routine",
                   help="routine 日常走访、focused 重点走访 / kind of visit")
    p.add_argument("--households", type=int, default=1, help="走访户数 / households visited")
    p.add_argument("--notes", default="", help="走访情况 / notes")
    p.add_argument("--role", default="网格员", choices=["网格员", "联户长", "网格长"],
                   help="走访人身份；联户长的入户走访计入其联户 / visitor's role")
    p.add_argument("--unit", help="联户长所在联户（默认按姓名查找）/ the visiting head's unit")
    p.add_argument("--tenlink", default="", help="十联类别 / 十联 category")
    p.set_defaults(handler=cmd_visit_add)

    unit = _add(gsub, "unit", "十联户（联户）/ household units")
    usub = unit.add_subparsers(dest="unit_command", metavar="ACTION")
    p = _add(usub, "add", "登记联户及联户长（联户选、片警审、支部核）/ add a unit and its head")
    p.add_argument("--grid", required=True, help="网格编码或名称 / grid code or name")
    p.add_argument("--head", required=True, help="联户长姓名 / the household head")
    p.add_argument("--phone", default="", help="联户长电话 / phone")
    p.add_argument("--households", type=int, default=10, help="联系户数 / households linked")
    p.add_argument("--name", default="", help="联户名称 / unit name")
    _selection_args(p)
    p.add_argument("--json", action="store_true", help="输出JSON / print JSON")
    p.set_defaults(handler=cmd_unit_add)
    p = _add(usub, "select", "记录联户长推选：联户选、片警审、支部核 / record how the head was chosen")
    p.add_argument("unit", metavar="UNIT", help="联户长姓名或联户名称 / head's name or unit name")
    p.add_argument("--grid", help="网格（重名时指明）/ grid, when names repeat")
    _selection_args(p)
    p.set_defaults(handler=cmd_unit_select)

    home = _add(gsub, "household", "联户的住户名册 / the households of a unit")
    hsub = home.add_subparsers(dest="household_command", metavar="ACTION")
    p = _add(hsub, "add", "登记一户 / add a household")
    p.add_argument("--unit", required=True, help="联户长姓名或联户名称 / the unit")
    p.add_argument("--grid", help="网格（重名时指明）/ grid, when names repeat")
    p.add_argument("--head", required=True, help="户主 / head of the household")
    p.add_argument("--address", default="", help="住址 / address")
    p.add_argument("--members", type=int, default=1, help="家庭人口 / people")
    p.add_argument("--phone", default="", help="联系电话 / phone")
    p.add_argument("--tags", default="", help="标签，如 低保户、独居老人 / tags")
    p.set_defaults(handler=cmd_household_add)
    p = _add(hsub, "list", "列出住户（电话隐去中间四位）/ list households (phones masked)")
    p.add_argument("--unit", help="联户长姓名或联户名称 / the unit")
    p.add_argument("--grid", help="网格编码或名称 / grid")
    p.add_argument("--reveal", action="store_true", help="显示完整电话（需权限，记入审计）/ unmask phones")
    p.add_argument("--json", action="store_true", help="输出JSON / print JSON")
    p.set_defaults(handler=cmd_household_list)

    people = _add(gsub, "people", "重点人员、困难家庭名册 / watch registers")
    psub = people.add_subparsers(dest="people_command", metavar="ACTION")
    kinds = ["重点人员", "困难家庭"]
    p = _add(psub, "add", "列入名册 / add to a register")
    p.add_argument("--kind", required=True, choices=kinds, help="名册 / register")
    p.add_argument("--grid", required=True, help="网格编码或名称 / grid")
    p.add_argument("--name", required=True, help="姓名（困难家庭为户主）/ name (head of the family)")
    p.add_argument("--reason", required=True, help="关注原因或困难情况 / why watched, or the difficulty")
    p.add_argument("--worker", default="", help="责任网格员 / responsible grid worker")
    p.add_argument("--every", type=int, default=7, help="每隔几天走访一次，默认7 / visit every N days")
    p.add_argument("--since", type=_date, default=None, help="列入日期，默认今天 / listed since")
    p.add_argument("--id-number", default="", help="身份证号 / ID number")
    p.add_argument("--phone", default="", help="联系电话 / phone")
    p.add_argument("--address", default="", help="住址 / address")
    p.add_argument("--help-given", default="", help="已给予的帮扶（困难家庭）/ help given")
    p.set_defaults(handler=cmd_people_add)
    p = _add(psub, "list", "列出名册（逾期未走访的在前）/ list a register, overdue first")
    p.add_argument("--kind", required=True, choices=kinds, help="名册 / register")
    p.add_argument("--grid", help="网格编码或名称 / grid")
    p.add_argument("--overdue", action="store_true", help="只列逾期未走访的 / overdue only")
    p.add_argument("--month", help="统计该月走访次数与应走访次数 YYYY-MM / count a month's visits")
    p.add_argument("--reveal", action="store_true", help="显示完整证件号和电话（需权限，记入审计）/ unmask")
    p.add_argument("--json", action="store_true", help="输出JSON / print JSON")
    p.set_defaults(handler=cmd_people_list)
    p = _add(psub, "visit", "记录走访 / record a visit")
    p.add_argument("person", metavar="NAME|ID", help="姓名或编号 / name or id")
    p.add_argument("--kind", required=True, choices=kinds, help="名册 / register")
    p.add_argument("--visitor", required=True, help="走访人 / visitor")
    p.add_argument("--date", type=_date, default=None, help="走访日期，默认今天 / date (default today)")
    p.add_argument("--notes", default="", help="走访情况 / notes")
    p.add_argument("--help-given", default="", help="本次帮扶 / help given on this visit")
    p.set_defaults(handler=cmd_people_visit)

    p = _add(gsub, "tenlink", "联户长工作统计（走访、上报，按十联类别）/ household heads' work by 十联 category")
    p.add_argument("--month", required=True, help="月份 YYYY-MM / month")
    p.add_argument("--level", choices=["head", "unit", "grid", "township"], default="grid",
                   help="按联户长 head、联户 unit、网格 grid、乡镇 township（县级：各乡镇）/ level")
    p.add_argument("--json", action="store_true", help="输出JSON / print JSON")
    p.set_defaults(handler=cmd_tenlink)

    meeting = _add(gsub, "meeting", "周研判调度 / weekly analysis meeting")
    msub = meeting.add_subparsers(dest="meeting_command", metavar="ACTION")
    p = _add(msub, "add", "记录研判会 / record a meeting")
    p.add_argument("--grid", help="网格（不填为全镇）/ grid (default: the whole township)")
    p.add_argument("--date", type=_date, default=None, help="日期，默认今天 / date (default today)")
    p.add_argument("--attendees", required=True, help="参会人员 / attendees")
    p.add_argument("--risks", default="", help="研判的风险（文字）/ risks discussed")
    p.add_argument("--event", action="append", default=[], help="研判的事件编号，可重复 / event ids discussed")
    p.add_argument("--decisions", required=True, help="研判结论与调度 / decisions")
    p.add_argument("--task", action="append", default=[], type=_task, metavar="事项|责任人|YYYY-MM-DD",
                   help="要落实的决定，可重复；逐周带入简报直至办结 / a decision to carry out, repeatable")
    p.set_defaults(handler=cmd_meeting_add)

    task = _add(gsub, "task", "研判决定的落实 / meeting decisions as tasks")
    tsub = task.add_subparsers(dest="task_command", metavar="ACTION")
    p = _add(tsub, "list", "列出研判任务 / list tasks")
    p.add_argument("--open", action="store_true", help="只列未办结的 / open only")
    p.add_argument("--json", action="store_true", help="输出JSON / print JSON")
    p.set_defaults(handler=cmd_task_list)
    p = _add(tsub, "add", "新增研判任务 / add a task")
    p.add_argument("--content", required=True, help="落实事项 / what to do")
    p.add_argument("--owner", required=True, help="责任人 / who")
    p.add_argument("--due", required=True, type=_date, help="完成期限 / due date")
    p.add_argument("--grid", help="网格（不填为全镇）/ grid")
    p.add_argument("--date", type=_date, default=None, help="决定日期，默认今天 / decided on")
    p.set_defaults(handler=cmd_task_add)
    p = _add(tsub, "done", "办结研判任务 / close a task")
    p.add_argument("task", metavar="ID", help="任务编号（前6位以上）/ task id")
    p.add_argument("--result", required=True, help="落实情况 / what came of it")
    p.add_argument("--date", type=_date, default=None, help="完成日期，默认今天 / date")
    p.set_defaults(handler=cmd_task_done)

    p = _add(gsub, "briefing", "打印网格周研判简报（A4 PDF）/ print the weekly briefing")
    p.add_argument("--week", default=None, help="周次 YYYY-Www，如 2026-W49；默认本周 / ISO week (default this week)")
    p.add_argument("--out", required=True, metavar="FILE.pdf", help="输出PDF文件 / the PDF to write")
    p.set_defaults(handler=cmd_briefing)

    p = _add(gsub, "figures", "网格工作统计（本月只算到今天）/ grid figures for a month (a running month: to date)")
    p.add_argument("--month", required=True, help="月份 YYYY-MM / month")
    p.add_argument("--json", action="store_true", help="输出JSON / print JSON")
    p.add_argument("--out", metavar="FILE.xlsx", help="同时导出为Excel / also write an Excel file")
    p.set_defaults(handler=cmd_figures)

    p = _add(gsub, "import", "导入网格平台导出的Excel（网格名册、十联户、事件）/ import an Excel export")
    p.add_argument("file", metavar="FILE.xlsx", help="Excel文件 / the workbook")
    p.add_argument("--dry-run", action="store_true", help="只检查不写入 / check only, write nothing")
    p.add_argument("--json", action="store_true", help="输出JSON / print JSON")
    p.set_defaults(handler=cmd_import)


def _selection_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--elected", type=_date, help="联户推选日期（联户选）/ date the households chose the head")
    p.add_argument("--police-reviewed", type=_date, help="片警审核日期 / date the local police reviewed")
    p.add_argument("--police-reviewer", default="", help="审核民警 / the reviewing officer")
    p.add_argument("--branch-confirmed", type=_date, help="党支部审定日期 / date the party branch confirmed")
    p.add_argument("--branch-confirmer", default="", help="审定人 / who confirmed for the branch")


class _Selection(TypedDict):
    """How a unit's head was chosen, as UnitInput takes it."""
    elected_on: dt.date | None
    police_reviewed_on: dt.date | None
    police_reviewer: str
    branch_confirmed_on: dt.date | None
    branch_confirmer: str


def _selection(a: argparse.Namespace) -> _Selection:
    return _Selection(elected_on=a.elected, police_reviewed_on=a.police_reviewed, police_reviewer=a.police_reviewer,
                      branch_confirmed_on=a.branch_confirmed, branch_confirmer=a.branch_confirmer)


def _unit_id(ctx: CliContext, ref: str | None, grid_ref: str | None = None) -> str | None:
    return _the_unit_id(ctx, ref, grid_ref) if ref else None


def _the_unit_id(ctx: CliContext, ref: str, grid_ref: str | None = None) -> str:
    """The unit a command requires (its option is ``required``: argparse saw one named)."""
    from zhongxin_desktop.services.gridwork import grid_households

    return grid_households.get_unit(ctx.actor(required=False), ref, _grid_id(ctx, grid_ref)).id


def _grid_id(ctx: CliContext, ref: str | None) -> str | None:
    return _the_grid_id(ctx, ref) if ref else None


def _the_grid_id(ctx: CliContext, ref: str) -> str:
    """The grid a command requires (its option is ``required``: argparse saw one named)."""
    from zhongxin_desktop.services.gridwork import grid

    return grid.get_grid(ctx.actor(required=False), ref).id


def cmd_list(ctx: CliContext) -> int:
    from zhongxin_desktop.services.casework import case_query
    from zhongxin_desktop.services.gridwork import grid

    actor = ctx.actor(required=ctx.args.reveal)
    reveal = case_query.may_reveal(actor, ctx.args.reveal)
    tree = grid.registry_tree(actor, reveal)
    if ctx.args.json:
        ctx.emit_json(tree)
        return 0
    for v in tree:
        print(f"{v['name']}（{v['kind'] or '—'}）")
        for g in v["grids"]:
            party = "、".join(x for x in (g["party_branch"], g["party_group"]) if x)
            print(f"  {g['code']}\t{g['name']}\t{g['kind_label']}\t{g['households']}户\t"
                  f"网格长 {g['leader_name']} {g['leader_phone']}" + (f"\t{party}" if party else ""))
            for m in g["members"]:
                print(f"    {m['duty']}\t{m['name']}\t{m['phone']}")
            for u in g["units"]:
                print(f"    联户长\t{u['head_name']}\t{u['head_phone']}\t{u['name']}\t{u['households']}户"
                      + (f"\t{u['selection']}" if u["selection"] else ""))
                for h in u["homes"]:
                    print(f"      户主\t{h['head_name']}\t{h['address']}\t{h['members']}人\t{h['phone']}\t{h['tags']}")
            for w in g["warnings"]:
                print(f"    提示：{w}")
    return 0


def cmd_event_list(ctx: CliContext) -> int:
    from zhongxin_desktop.services.gridwork import grid_events

    actor = ctx.actor(required=False)
    rows = grid_events.list_events(actor, grid_id=_grid_id(ctx, ctx.args.grid), event_type=ctx.args.event_type,
                                   status=ctx.args.status, risk_level=ctx.args.risk, since=ctx.args.since,
                                   until=ctx.args.until, limit=ctx.args.limit, offset=ctx.args.offset)
    ctx.emit_rows(rows, lambda d: f"{d['id'][:8]}\t{cn_date(d['reported_on'])}\t{d['grid_name']}\t"
                                  f"{d['event_type']}\t{d['risk_level']}\t{d['status_label']}\t{d['reporter_name']}\t"
                                  f"{d['description'][:30]}")
    return 0


def cmd_event_add(ctx: CliContext) -> int:
    from zhongxin_desktop.domain.grid_input import EventInput
    from zhongxin_desktop.services.gridwork import grid_events

    actor = ctx.actor()
    a = ctx.args
    grid_id = _the_grid_id(ctx, a.grid)
    data = EventInput(
        grid_id=grid_id, reported_on=a.date or dt.date.today(), reporter_name=a.reporter,
        event_type=a.event_type, description=a.description, risk_level=a.risk,
        reporter_role=a.role or grid_events.reporter_role_for(actor, grid_id, a.reporter),
        tenlink=a.tenlink, unit_id=_unit_id(ctx, a.unit, a.grid))
    if a.handled is not None:
        event = grid_events.settle_on_the_spot(actor, data, a.handled)
    else:
        event = grid_events.record_event(actor, data)
    if a.json:
        ctx.emit_json(grid_events.event_row(actor, event.id))
    else:
        print(event.id)
        ctx.say(f"已记录网格事件（{event.event_type}，{event.risk_level}，{event.reporter_role}上报）"
                + ("，已当场办结" if a.handled is not None else ""))
    return 0


def cmd_event_handle(ctx: CliContext) -> int:
    from zhongxin_desktop.services.gridwork import grid_events

    actor = ctx.actor()
    event = grid_events.handle_event(actor, grid_events.get_event(ctx.actor(required=False), ctx.args.event).id, ctx.args.result,
                                     on=ctx.args.date)
    ctx.say(f"已在网格内办结：{event.id}")
    return 0


def cmd_event_escalate(ctx: CliContext) -> int:
    from zhongxin_desktop.services.gridwork import grid_events

    actor = ctx.actor()
    event = grid_events.get_event(ctx.actor(required=False), ctx.args.event)
    case = grid_events.escalate_event(actor, event.id, category=ctx.args.category, parties=ctx.args.party or None)
    if ctx.args.json:
        ctx.emit_json({"event_id": event.id, "case_id": case.id, "source": case.source, "status": case.status})
    else:
        print(case.id)
        ctx.say(f"已上报中心并登记为案件（来源：{case.source}），受理后获得案件编号")
    return 0


def cmd_visit_add(ctx: CliContext) -> int:
    from zhongxin_desktop.domain.grid_input import VisitInput
    from zhongxin_desktop.services.gridwork import grid_visits

    actor = ctx.actor()
    a = ctx.args
    visit = grid_visits.record_visit(actor, VisitInput(_the_grid_id(ctx, a.grid), a.worker, a.date or dt.date.today(),
                                                       a.kind, a.households, a.notes, a.role,
                                                       _unit_id(ctx, a.unit, a.grid), a.tenlink))
    print(visit.id)
    return 0


def _say_warnings(ctx: CliContext, warnings: list[str]) -> None:
    for w in warnings:
        ctx.say(f"提示：{w}")


def cmd_unit_add(ctx: CliContext) -> int:
    from zhongxin_desktop.domain.grid_input import UnitInput
    from zhongxin_desktop.services.gridwork import grid

    actor = ctx.actor()
    a = ctx.args
    unit, warnings = grid.save_unit(actor, UnitInput(_the_grid_id(ctx, a.grid), a.head, a.phone, a.households, a.name,
                                                     **_selection(a)))
    _say_warnings(ctx, warnings)
    if a.json:
        ctx.emit_json({"id": unit.id, "warnings": warnings})
    else:
        print(unit.id)
    return 0


def cmd_unit_select(ctx: CliContext) -> int:
    from zhongxin_desktop.domain.grid_input import UnitInput
    from zhongxin_desktop.services.gridwork import grid

    actor = ctx.actor()
    a = ctx.args
    current = grid.unit_for_edit(actor, _the_unit_id(ctx, a.unit, a.grid))
    values = {k: current[k] for k in ("grid_id", "head_name", "head_phone", "households", "name", "notes")}
    _, warnings = grid.save_unit(actor, UnitInput(**values, **_selection(a)), current["id"])
    _say_warnings(ctx, warnings)
    ctx.say(f"已记录联户长{current['head_name']}的推选情况")
    return 0


def cmd_household_add(ctx: CliContext) -> int:
    from zhongxin_desktop.domain.grid_input import HouseholdInput
    from zhongxin_desktop.services.gridwork import grid_households

    actor = ctx.actor()
    a = ctx.args
    row, warnings = grid_households.save_household(actor, HouseholdInput(
        _the_unit_id(ctx, a.unit, a.grid), a.head, a.address, a.members, a.phone, a.tags))
    _say_warnings(ctx, warnings)
    print(row.id)
    return 0


def cmd_household_list(ctx: CliContext) -> int:
    from zhongxin_desktop.services.casework import case_query
    from zhongxin_desktop.services.gridwork import grid_households

    a = ctx.args
    actor = ctx.actor(required=a.reveal)
    reveal = case_query.may_reveal(actor, a.reveal)
    rows = grid_households.list_households(actor, unit_id=_unit_id(ctx, a.unit, a.grid), grid_id=_grid_id(ctx, a.grid),
                                           reveal=reveal)
    ctx.emit_rows(rows, lambda d: f"{d['unit_head']}\t{d['head_name']}\t{d['address']}\t{d['members']}人\t"
                                  f"{d['phone']}\t{d['tags']}")
    return 0


def cmd_tenlink(ctx: CliContext) -> int:
    from zhongxin_desktop.services.gridwork.grid_figures import month_bounds
    from zhongxin_desktop.services.gridwork.tenlink_figures import LEVELS, tenlink_figures

    try:
        first, nxt = month_bounds(ctx.args.month)
    except ValueError:
        raise UsageError(f"月份“{ctx.args.month}”格式不对，应为 YYYY-MM，如 2026-11") from None
    figures = tenlink_figures(ctx.actor(required=False), first, nxt, level=ctx.args.level)
    if ctx.args.json:
        ctx.emit_json(figures.to_dict())
        return 0
    print(f"{LEVELS[figures.level]}\t网格\t入户走访\t走访户数\t上报问题\t发现纠纷\t发现隐患\t网格内化解\t上报中心")
    for r in [*figures.rows, figures.total]:
        print(f"{r.name}\t{r.grid}\t{r.visits}\t{r.households_visited}\t{r.reports}\t{r.disputes}\t{r.hazards}\t"
              f"{r.handled_in_grid}\t{r.escalated}")
    print("\n十联类别\t入户走访\t上报问题")
    for c in figures.categories:
        print(f"{c}\t{figures.total.visits_by_category.get(c, 0)}\t{figures.total.reports_by_category.get(c, 0)}")
    return 0


def cmd_meeting_add(ctx: CliContext) -> int:
    from zhongxin_desktop.domain.grid_input import MeetingInput
    from zhongxin_desktop.services.gridwork import grid_events, grid_visits

    actor = ctx.actor()
    a = ctx.args
    ids = [grid_events.get_event(ctx.actor(required=False), e).id for e in a.event]
    meeting = grid_visits.record_meeting(actor, MeetingInput(a.date or dt.date.today(), _grid_id(ctx, a.grid),
                                                             a.attendees, a.risks, a.decisions, ids, a.task))
    print(meeting.id)
    return 0


def cmd_task_list(ctx: CliContext) -> int:
    from zhongxin_desktop.services.gridwork import grid_tasks

    rows = grid_tasks.list_tasks(ctx.actor(required=False), open_only=ctx.args.open)
    ctx.emit_rows(rows, lambda t: f"{t['id'][:8]}\t{cn_date(t['decided_on'])}\t{t['grid_name']}\t{t['content']}\t"
                                  f"{t['owner']}\t{cn_date(t['due_on'])}\t{t['status_label']}"
                                  f"{'（逾期）' if t['overdue'] else ''}\t{t['result']}")
    return 0


def cmd_task_add(ctx: CliContext) -> int:
    from zhongxin_desktop.domain.grid_input import TaskInput
    from zhongxin_desktop.services.gridwork import grid_tasks

    a = ctx.args
    task = grid_tasks.add_task(ctx.actor(), TaskInput(a.content, a.owner, a.due, _grid_id(ctx, a.grid)), decided_on=a.date)
    print(task.id)
    return 0


def cmd_task_done(ctx: CliContext) -> int:
    from zhongxin_desktop.services.gridwork import grid_tasks

    a = ctx.args
    task = grid_tasks.close_task(ctx.actor(), grid_tasks.get_task(ctx.actor(required=False), a.task).id, a.result, on=a.date)
    ctx.say(f"已办结：{task.content}")
    return 0


def cmd_briefing(ctx: CliContext) -> int:
    from zhongxin_desktop.documents.grid_briefing import export_briefing
    from zhongxin_desktop.services.gridwork.grid_briefing import week_of

    b = export_briefing(ctx.actor(), ctx.args.week or week_of(dt.date.today()), ctx.args.out)
    ctx.say(f"已生成{b.week}周研判简报：{ctx.args.out}（红橙风险{len(b.open_risks)}件，带入决定{len(b.carried_tasks)}项）")
    return 0


def cmd_figures(ctx: CliContext) -> int:
    from zhongxin_desktop.services.gridwork.grid_figures import grid_figures, month_bounds
    from zhongxin_desktop.services.figures.statistics import share_text

    try:
        first, nxt = month_bounds(ctx.args.month)
    except ValueError:
        raise UsageError(f"月份“{ctx.args.month}”格式不对，应为 YYYY-MM，如 2026-11") from None
    actor = ctx.actor(required=bool(ctx.args.out))
    if ctx.args.out:
        from zhongxin_desktop.reports.grid_xlsx import export_grid_figures

        figures = export_grid_figures(actor, first, nxt, ctx.args.out)
        ctx.say(f"已导出：{ctx.args.out}")
    else:
        figures = grid_figures(actor, first, nxt)
    if ctx.args.json:
        ctx.emit_json(figures.to_dict())
        return 0
    print("网格\t发现事件\t网格内化解\t网格内化解率\t上报中心\t未了结风险\t日常走访(应)\t重点走访(应)\t研判会(应)")
    for row in [*figures.grids, figures.township]:
        print(f"{row.name}\t{row.events_found}\t{row.handled_in_grid}\t{share_text(row.handled_share)}\t"
              f"{row.escalated}\t{row.open_risk_total}\t{row.routine_visits}({row.expected_routine:.0f})\t"
              f"{row.focused_visits}({row.expected_focused:.0f})\t{row.meetings}({row.expected_meetings:.0f})")
    print("\n网格\t网格员\t日常走访(应)\t重点走访(应)\t落后于节奏")
    for w in figures.workers:
        print(f"{w.grid_name}\t{w.name}\t{w.routine_visits}({w.expected_routine:.0f})\t"
              f"{w.focused_visits}({w.expected_focused:.0f})\t{'是' if w.behind else ''}")
    return 0


def cmd_import(ctx: CliContext) -> int:
    from zhongxin_desktop.services.gridwork import grid_import

    actor = ctx.actor()
    report = grid_import.import_file(actor, ctx.args.file, dry_run=ctx.args.dry_run)
    if ctx.args.json:
        ctx.emit_json(report.to_dict())
    else:
        for r in report.rows:
            where = f"{r.sheet} 第{r.row}行" if r.row else f"{r.sheet}（整表）"
            print(f"{where}\t{ {'imported': '导入', 'updated': '更新', 'skipped': '跳过'}[r.outcome] }\t{r.reason}")
    c = report.counts
    ctx.say(f"{'【试运行，未写入】' if report.dry_run else ''}导入 {c['imported']} 行，更新 {c['updated']} 行，"
            f"跳过 {c['skipped']} 行（其中有问题 {report.problems} 行）")
    if report.refused_all:
        ctx.say("已拒绝：没有一行可以导入，请按上面的说明改正表格后再导入。")
        return 1  # the whole input was refused; nothing was written
    return 0


def cmd_people_add(ctx: CliContext) -> int:
    from zhongxin_desktop.domain.grid_input import WatchInput
    from zhongxin_desktop.services.gridwork import grid_watch

    actor = ctx.actor()
    a = ctx.args
    person = grid_watch.save_person(actor, WatchInput(a.kind, _the_grid_id(ctx, a.grid), a.name, a.reason, a.worker, a.every,
                                                      a.since, a.id_number, a.phone, a.address, a.help_given))
    print(person.id)
    ctx.say(f"已列入{a.kind}名册：{person.name}（每{person.visit_every_days}天走访一次）")
    return 0


def cmd_people_list(ctx: CliContext) -> int:
    from zhongxin_desktop.services.casework import case_query
    from zhongxin_desktop.services.gridwork import grid_watch
    from zhongxin_desktop.services.gridwork.grid_figures import month_bounds

    a = ctx.args
    actor = ctx.actor()
    reveal = case_query.may_reveal(actor, a.reveal)
    first: dt.date | None = None
    nxt: dt.date | None = None
    if a.month:
        try:
            first, nxt = month_bounds(a.month)
        except ValueError:
            raise UsageError(f"月份“{a.month}”格式不对，应为 YYYY-MM，如 2026-11") from None
    rows = grid_watch.list_people(actor, a.kind, grid_id=_grid_id(ctx, a.grid), overdue_only=a.overdue, reveal=reveal,
                                  first=first, nxt=nxt)

    def line(d: dict[str, Any]) -> str:
        last = cn_date(d["last_visit"]) if d["last_visit"] else "未走访"
        state = f"逾期{d['days_overdue']}天" if d["overdue"] else f"应于{cn_date(d['next_due'])}前走访"
        counted = f"\t本月走访{d['visits']}/{d['expected_visits']}" if "visits" in d else ""
        return (f"{d['id'][:8]}\t{d['grid_name']}\t{d['name']}\t{d['reason'][:20]}\t{d['worker_name']}\t"
                f"每{d['visit_every_days']}天\t上次 {last}\t{state}{counted}")
    ctx.emit_rows(rows, line)
    return 0


def cmd_people_visit(ctx: CliContext) -> int:
    from zhongxin_desktop.domain.grid_input import WatchVisitInput
    from zhongxin_desktop.services.gridwork import grid_watch

    actor = ctx.actor()
    a = ctx.args
    person = grid_watch.get_person(ctx.actor(required=False), a.person, a.kind)
    grid_watch.record_visit(actor, person.id, WatchVisitInput(a.date or dt.date.today(), a.visitor, a.notes,
                                                              a.help_given))
    ctx.say(f"已记录对{person.name}的走访")
    return 0
