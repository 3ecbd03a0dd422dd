"""zhongxin cases list | show | add"""
from __future__ import annotations

from zhongxin_desktop.cli.context import CliContext
from zhongxin_desktop.domain.workflow import STATUS_BY_LABEL, Status


def register(sub) -> None:
    cases = sub.add_parser("cases", help="案件 / cases")
    csub = cases.add_subparsers(dest="cases_command", metavar="ACTION")
    p = csub.add_parser("list", help="列出案件 / list cases")
    p.add_argument("--status", help="状态（如 调解中 或 mediating）/ status")
    p.add_argument("--search", help="搜索：编号、姓名、拼音首字母、电话或身份证尾号、案情 / search text")
    p.add_argument("--limit", type=int, default=50, help="最多条数 / at most N rows (default 50)")
    p.add_argument("--json", action="store_true", help="输出JSON / print JSON")
    p.add_argument("--reveal", action="store_true", help="显示完整证件号和电话（需权限，记入审计）/ unmask")
    p.set_defaults(handler=cmd_list)
    p = csub.add_parser("show", help="查看案件 / show a case")
    p.add_argument("case", metavar="CASE", help="案件编号或ID / case number or id")
    p.add_argument("--json", action="store_true")
    p.add_argument("--reveal", action="store_true")
    p.set_defaults(handler=cmd_show)


def _status(value: str | None) -> str | None:
    if not value:
        return None
    if value in STATUS_BY_LABEL:
        return STATUS_BY_LABEL[value].value
    from zhongxin_desktop.cli.context import UsageError

    try:
        return Status(value).value
    except ValueError:
        raise UsageError(f"未知状态“{value}”，可用：{'、'.join(STATUS_BY_LABEL)}") from None


def cmd_list(ctx: CliContext) -> int:
    from zhongxin_desktop.services import case_query

    actor = ctx.actor(required=ctx.args.reveal)
    reveal = case_query.may_reveal(actor, ctx.args.reveal)
    rows = case_query.list_cases(actor, status=_status(ctx.args.status), limit=ctx.args.limit)
    data = [case_query.case_dict(c, reveal) for c in rows]
    if ctx.args.json:
        ctx.emit_json(data)
    else:
        for d in data:
            names = "、".join(p["name"] for p in d["parties"])
            print(f"{d['case_no'] or '（未受理）'}\t{d['status_label']}\t{d['category']}\t{names}\t{d['registered_on']}")
    return 0


def cmd_show(ctx: CliContext) -> int:
    from zhongxin_desktop.services import case_query, cases

    actor = ctx.actor(required=ctx.args.reveal)
    case = cases.get_case(ctx.args.case)
    reveal = case_query.may_reveal(actor, ctx.args.reveal, case.id)
    d = case_query.case_dict(case, reveal)
    d["events"] = [{"at": e.at, "user": e.username, "action": e.action, "from": e.from_status, "to": e.to_status,
                    "remark": e.remark} for e in case_query.timeline(case)]
    if ctx.args.json:
        ctx.emit_json(d)
    else:
        for k, v in d.items():
            print(f"{k}: {v}")
    return 0
