"""zhongxin cases list | show | add"""
from __future__ import annotations

import datetime as dt

from zhongxin_desktop.cli import case_steps_cmds
from zhongxin_desktop.cli.context import CliContext, Subparsers, UsageError, read_json_file
from zhongxin_desktop.domain.dates import cn_date, iso_stamp
from zhongxin_desktop.domain.labels import CASE_FIELDS
from zhongxin_desktop.domain.workflow import STATUS_BY_LABEL, Status

# (flag, JSON key, metavar, help): what a 12345/110/court/信访 order states about itself
SENDER_FLAGS = (
    ("--external-ref", "external_ref", "TEXT", "来件编号（工单号、案号），文件中未写时使用 / the sender's reference "
                                               "(work-order or case number) where the file gives none"),
    ("--due-on", "due_on", "YYYY-MM-DD", "来件规定的办结期限，文件中未写时使用 / the handling deadline the sender set"),
    ("--reply-due", "reply_due", "YYYY-MM-DD", "来件要求的回复期限，文件中未写时使用 / the day the sender wants the "
                                                "reply by"),
)


def register(sub: Subparsers) -> None:
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
    p = csub.add_parser("add", help="从JSON文件登记案件 / register cases from a JSON file")
    p.add_argument("--json", dest="json_file", metavar="FILE", required=True,
                   help="一个案件对象或案件列表（字段见README“cases add JSON”）/ one case object or a list; "
                        "all or nothing")
    p.add_argument("--allow-duplicate", action="store_true",
                   help="确是另一件纠纷时照样登记可能重复的案件 / register possible duplicates anyway")
    p.add_argument("--confirm", action="store_true",
                   help="核对无误：早于1949年的登记日期、省份代码不存在的身份证号照样登记 / accept doubtful values")
    for flag, key, meta, text in SENDER_FLAGS:
        p.add_argument(flag, dest=key, metavar=meta, help=text)
    p.set_defaults(handler=cmd_add)
    p = csub.add_parser("reindex", help="重建案件搜索索引（管理员）/ rebuild the case search index (admin)")
    p.set_defaults(handler=cmd_reindex)
    case_steps_cmds.register(csub)


def _status(value: str | None) -> str | None:
    if not value:
        return None
    if value in STATUS_BY_LABEL:
        return STATUS_BY_LABEL[value].value
    try:
        return Status(value).value
    except ValueError:
        raise UsageError(f"未知状态“{value}”，可用：{'、'.join(STATUS_BY_LABEL)}") from None


def cmd_list(ctx: CliContext) -> int:
    from zhongxin_desktop.services.casework import case_list, case_query

    if ctx.args.limit < 1:
        raise UsageError("--limit 应为正整数 / --limit must be positive")
    actor = ctx.actor(required=ctx.args.reveal)
    reveal = case_query.may_reveal(actor, ctx.args.reveal)
    filters = {"status": _status(ctx.args.status), "search": ctx.args.search}
    page = case_list.list_page(actor, filters, limit=ctx.args.limit, reveal=reveal)
    if page.truncated:
        ctx.say("匹配的案件较多，只列出最近的部分；请加更多字词缩小范围")
    if ctx.args.json:  # full case objects, parties as a list (masked unless revealed)
        ctx.emit_json(case_query.case_dicts(actor, [r["id"] for r in page.rows], reveal))
    else:
        for d in page.rows:
            mark = "【逾期】" if d["overdue"] else ""
            print(f"{d['case_no'] or '（未受理）'}\t{d['status_label']}{mark}\t{d['category']}\t{d['parties']}"
                  f"\t{d['phone']}\t{d['registered_on']}")
        ctx.say(f"共 {len(page.rows)} 件")
    return 0


def cmd_show(ctx: CliContext) -> int:
    from zhongxin_desktop.services.casework import case_query

    actor = ctx.actor(required=ctx.args.reveal)
    d = case_query.detail(actor, ctx.args.case, reveal=ctx.args.reveal)
    if ctx.args.json:
        ctx.emit_json(d)
    else:
        for key, label in CASE_FIELDS.items():
            if d.get(key) not in (None, ""):
                print(f"{label}：{_plain(d[key])}")
        for p in d["parties"]:
            print(f"当事人：{p['role']} {p['name']} {p['phone']} {p['id_number']}")
        for e in d["events"]:
            print(f"经过：{iso_stamp(e['at'])} {e['user_name']} {e['action_label']} {e['remark']}".rstrip())
        for t in d["transfers"]:
            print(f"交办：{t['department']} {t['sent_on']} 反馈期限 {t['feedback_due']} 反馈：{t['reply'] or '（未反馈）'}")
    return 0


def _plain(value: object) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return cn_date(value)
    return str(value)


def cmd_add(ctx: CliContext) -> int:
    from zhongxin_desktop.services.casework import case_json

    document = read_json_file(ctx.args.json_file)
    for _, key, _, _ in SENDER_FLAGS:  # the sender's references on the command line fill what the file leaves out
        value = getattr(ctx.args, key)
        for obj in (document if isinstance(document, list) else [document]):
            if value is not None and isinstance(obj, dict) and obj.get(key) is None:
                obj[key] = value
    actor = ctx.actor()
    created = case_json.add_from_json(actor, document, allow_duplicate=ctx.args.allow_duplicate,
                                      confirm=ctx.args.confirm)
    ctx.emit_json([{"id": c.id, "status": c.status} for c in created])
    ctx.say(f"已登记 {len(created)} 件案件")
    return 0


def cmd_reindex(ctx: CliContext) -> int:
    from zhongxin_desktop.services.casework import search_index

    n = search_index.rebuild(ctx.actor())
    ctx.say(f"已重建搜索索引：{n} 件案件")
    return 0
