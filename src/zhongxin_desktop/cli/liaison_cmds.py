"""zhongxin liaison list | order | reply: the other side's numbers and reply deadlines of transfers
out (交办) and orders in (12345, 110, court, 信访), and the replies recorded against them."""
from __future__ import annotations

from zhongxin_desktop.cli.context import CliContext, Subparsers
from zhongxin_desktop.cli.grid_cmds import _add, _date
from zhongxin_desktop.domain.dates import cn_date


def register(sub: Subparsers) -> None:
    top = _add(sub, "liaison", "交办与来件的回复期限 / reply deadlines of transfers and orders")
    lsub = top.add_subparsers(dest="liaison_command", metavar="ACTION")
    p = _add(lsub, "list", "列出交办与来件（逾期的在前）/ list transfers and orders, overdue first")
    p.add_argument("--overdue", action="store_true", help="只列逾期未回复的 / overdue only")
    p.add_argument("--direction", choices=["in", "out"], help="in 来件、out 交办 / direction")
    p.add_argument("--json", action="store_true", help="输出JSON / print JSON")
    p.set_defaults(handler=cmd_list)
    p = _add(lsub, "order", "登记来件（工单号/案号与回复期限）/ record an order a case came with")
    p.add_argument("case", metavar="CASE", help="案件编号或ID / case number or id")
    p.add_argument("--from", dest="sender", required=True, help="来件单位，如 12345热线 / the sender")
    p.add_argument("--ref", default="", help="对方编号（工单号、案号）/ their reference number")
    p.add_argument("--reply-due", required=True, type=_date, help="回复期限 / reply deadline")
    p.add_argument("--received", type=_date, default=None, help="收件日期，默认登记日期 / received on")
    p.set_defaults(handler=cmd_order)
    p = _add(lsub, "reply", "登记回复（对来件的回复，或承办单位对交办的反馈）/ record a reply")
    p.add_argument("transfer", metavar="ID", help="编号（前6位以上，见 liaison list）/ id")
    p.add_argument("--text", required=True, help="回复内容 / the reply")
    p.add_argument("--date", type=_date, default=None, help="回复日期，默认今天 / date (default today)")
    p.set_defaults(handler=cmd_reply)


def cmd_list(ctx: CliContext) -> int:
    from zhongxin_desktop.services.casework import liaison

    rows = liaison.list_transfers(ctx.actor(required=False), overdue_only=ctx.args.overdue,
                                  direction=ctx.args.direction)
    ctx.emit_rows(rows, lambda r: f"{r['id'][:8]}\t{r['case_no']}\t{r['direction_label']}\t{r['other_side']}\t"
                                  f"{r['reference']}\t回复期限 {cn_date(r['reply_due'])}\t"
                                  + (f"已于{cn_date(r['reply_on'])}回复" if r["reply_on"] else
                                     f"逾期{r['days_overdue']}天" if r["late"] else "待回复"))
    return 0


def cmd_order(ctx: CliContext) -> int:
    from zhongxin_desktop.services.casework import cases, liaison

    a = ctx.args
    actor = ctx.actor()
    row = liaison.record_order(actor, cases.get_case(actor, a.case).id, a.sender, a.ref, a.reply_due,
                               received_on=a.received)
    print(row.id)
    return 0


def cmd_reply(ctx: CliContext) -> int:
    from zhongxin_desktop.services.casework import liaison

    a = ctx.args
    row = liaison.record_reply(ctx.actor(), liaison.get_transfer(ctx.actor(required=False), a.transfer).id, a.text, on=a.date)
    ctx.say(f"已登记{row.department}的回复（{cn_date(row.reply_on)}）")
    return 0
