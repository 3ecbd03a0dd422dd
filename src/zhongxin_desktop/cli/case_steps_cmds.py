"""zhongxin cases accept | reject | assign | edit | mediate | transfer | reply | close | perform |
follow-up | archive | reopen | extend: every step of a case, with the checks, permissions and
audit of the GUI (the services do them)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from zhongxin_desktop.cli.context import CliContext, Subparsers, read_json_file
from zhongxin_desktop.cli.mediation_cmds import _date as iso_date
from zhongxin_desktop.domain.workflow import Action, Status

if TYPE_CHECKING:
    from zhongxin_desktop.services.results import CaseRecord

# one option of a step: argparse's flags and keyword arguments
Option = tuple[tuple[str, ...], dict[str, Any]]

CASE_HELP = "案件编号或ID / case number or id"


def _date(text: str | None) -> dt.date | None:
    return iso_date(text) if text else None


def register(csub: Subparsers) -> None:
    def step(name: str, help_text: str, handler: Callable[[CliContext], int], *args: Option) -> None:
        p = csub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("case", metavar="CASE", help=CASE_HELP)
        for flags, options in args:
            p.add_argument(*flags, **options)
        if name != "edit":  # there --json names the file of corrections (the contract's spelling)
            p.add_argument("--json", dest="json_out", action="store_true", help="输出JSON / print JSON")
        p.set_defaults(handler=handler)

    on = (("--on",), dict(metavar="DATE", help="日期 YYYY-MM-DD（默认今天）/ date (default today)"))
    remark = (("--remark",), dict(default="", help="备注 / remark"))
    step("accept", "受理（给出案件编号，开始计算办理期限）/ accept: gives the case number", cmd_accept,
         (("--mediator",), dict(metavar="USER", help="同时指派调解员（用户名或姓名）/ assign a mediator too")), on)
    step("reject", "不予受理 / reject", cmd_reject,
         (("--reason",), dict(required=True, help="不予受理原因 / reason")),
         (("--guided-to",), dict(required=True, help="引导去向（如：已引导至人民法院起诉）/ where the person was guided")),
         on)
    step("assign", "指派或更换调解员（办理中的任何阶段）/ assign or change the mediator", cmd_assign,
         (("--mediator",), dict(metavar="USER", required=True,
                                help="调解员用户名或姓名；none 表示取消指派 / mediator's user or display name; none")))
    step("edit", "更正案件和当事人（须写明原因；归档后不可更正）/ correct a case and its parties", cmd_edit,
         (("--json",), dict(dest="json_file", metavar="FILE", required=True,
                            help="要更正的字段（同 cases add 的字段）；写了 parties 则替换全部当事人，按顺序对应 / "
                                 "fields to change, as in cases add; parties replace the list, matched by position")),
         (("--reason",), dict(required=True, help="更正原因 / reason for the correction")))
    step("mediate", "开始调解 / start mediation", cmd_mediate, remark, on)
    step("transfer", "交办部门 / transfer to a department", cmd_transfer,
         (("--department",), dict(required=True, help="交办部门 / department")),
         (("--feedback-due",), dict(required=True, metavar="DATE", help="反馈期限 YYYY-MM-DD / feedback deadline")),
         (("--instructions",), dict(default="", help="交办要求 / instructions")),
         (("--ref",), dict(default="", metavar="NO", help="对方编号（受理号、案号）/ the department's reference")), on)
    step("reply", "记录交办部门的反馈 / record the department's reply", cmd_reply,
         (("--reply",), dict(required=True, help="部门反馈 / the reply")),
         (("--conclude",), dict(action="store_true", help="部门已办结（否则回到调解中）/ the department closed it")),
         on)
    step("close", "结束调解：成功或终止 / close mediation: success or failure", cmd_close,
         (("--result",), dict(required=True, choices=["success", "failure"],
                              help="success 调解成功 / failure 调解终止")),
         (("--reason",), dict(default="", help="终止原因（failure 时必填）/ reason (required for failure)")), remark, on)
    step("perform", "履行：开始履行或履行完毕 / performance started or completed", cmd_perform,
         (("--done",), dict(action="store_true", help="履行完毕（否则为开始履行）/ completed")), remark, on)
    step("follow-up", "标记已回访（回访内容请用 followup add 记录）/ mark as followed up", cmd_follow_up, remark, on)
    step("archive", "归档 / archive", cmd_archive, remark, on)
    step("reopen", "重新调解 / reopen for mediation", cmd_reopen,
         (("--reason",), dict(required=True, help="重新调解原因 / reason")), on)
    step("extend", "延长办理期限（经当事人同意）/ extend the deadline", cmd_extend,
         (("--to",), dict(required=True, metavar="DATE", help="新的应结日期 YYYY-MM-DD / new due date")),
         (("--reason",), dict(required=True, help="延期原因 / reason")))


def _report(ctx: CliContext, case: CaseRecord, message: str) -> int:
    if getattr(ctx.args, "json_out", False):
        ctx.emit_json({"id": case.id, "case_no": case.case_no, "status": case.status,
                       "status_label": Status(case.status).label})
    ctx.say(f"{case.case_no or '（未受理）'}：{message}，当前状态“{Status(case.status).label}”")
    return 0


def _step(ctx: CliContext, action: Action, remark: str = "", **details: Any) -> int:
    from zhongxin_desktop.services.casework import cases

    actor = ctx.actor()
    case = cases.get_case(actor, ctx.args.case)
    case = cases.transition(actor, case.id, action, remark=remark, on=_date(getattr(ctx.args, "on", None)),
                            **details)
    return _report(ctx, case, f"已{action.label}")


def cmd_accept(ctx: CliContext) -> int:
    from zhongxin_desktop.services.casework import case_edit

    case = case_edit.accept(ctx.actor(), ctx.args.case, ctx.args.mediator, on=_date(ctx.args.on))
    return _report(ctx, case, "已受理")


def cmd_reject(ctx: CliContext) -> int:
    return _step(ctx, Action.REJECT, ctx.args.reason, reason=ctx.args.reason, guided_to=ctx.args.guided_to)


def cmd_assign(ctx: CliContext) -> int:
    from zhongxin_desktop.services.casework import case_edit
    from zhongxin_desktop.services import users

    mediator = None if ctx.args.mediator.lower() in ("none", "无") else ctx.args.mediator
    actor = ctx.actor()
    case = case_edit.assign_mediator(actor, ctx.args.case, mediator)
    mediator_user = users.find_user(actor, case.mediator_id) if case.mediator_id else None
    name = mediator_user.display_name if mediator_user else "未指定"
    return _report(ctx, case, f"调解员：{name}")


def cmd_edit(ctx: CliContext) -> int:
    from zhongxin_desktop.services.casework import case_edit, case_json

    patch = read_json_file(ctx.args.json_file)
    actor = ctx.actor()
    data = case_json.corrected(case_edit.case_input(actor, ctx.args.case), patch)
    changed = case_edit.edit(actor, ctx.args.case, data, ctx.args.reason)
    from zhongxin_desktop.services.casework import cases

    case = cases.get_case(actor, ctx.args.case)
    return _report(ctx, case, "已更正：" + "、".join(changed) if changed else "没有需要更正的内容")


def cmd_mediate(ctx: CliContext) -> int:
    return _step(ctx, Action.START_MEDIATION, ctx.args.remark)


def cmd_transfer(ctx: CliContext) -> int:
    a = ctx.args
    return _step(ctx, Action.TRANSFER, a.instructions, department=a.department,
                 feedback_due=_date(a.feedback_due), instructions=a.instructions, reference=a.ref)


def cmd_reply(ctx: CliContext) -> int:
    action = Action.TRANSFER_CONCLUDE if ctx.args.conclude else Action.TRANSFER_RETURN
    return _step(ctx, action, ctx.args.reply, reply=ctx.args.reply)


def cmd_close(ctx: CliContext) -> int:
    a = ctx.args
    if a.result == "success":
        return _step(ctx, Action.SUCCEED, a.remark)
    return _step(ctx, Action.TERMINATE, a.remark or a.reason, reason=a.reason)


def cmd_perform(ctx: CliContext) -> int:
    return _step(ctx, Action.COMPLETE_PERFORMANCE if ctx.args.done else Action.START_PERFORMANCE, ctx.args.remark)


def cmd_follow_up(ctx: CliContext) -> int:
    return _step(ctx, Action.FOLLOW_UP, ctx.args.remark)


def cmd_archive(ctx: CliContext) -> int:
    return _step(ctx, Action.ARCHIVE, ctx.args.remark)


def cmd_reopen(ctx: CliContext) -> int:
    return _step(ctx, Action.REMEDIATE, ctx.args.reason, reason=ctx.args.reason)


def cmd_extend(ctx: CliContext) -> int:
    from zhongxin_desktop.services.casework import cases

    actor = ctx.actor()
    new_due = iso_date(ctx.args.to)  # --to is required
    case = cases.extend_deadline(actor, cases.get_case(actor, ctx.args.case).id, new_due, ctx.args.reason)
    return _report(ctx, case, f"办理期限延至 {new_due.isoformat()}")
