"""zhongxin attachment add|list: the papers filed with a case (身份证明, 资格证明, 授权委托书, 证据材料)
that the 卷宗 files in the template's order and the 司法确认申请书 counts under 附."""
from __future__ import annotations

from zhongxin_desktop.cli.context import CliContext, Subparsers


def register(sub: Subparsers) -> None:
    from zhongxin_desktop.services.casework.attachments import CASE_KINDS, KIND_LABELS

    kinds = "、".join(f"{KIND_LABELS[k]}（{k}）" for k in CASE_KINDS)
    a = sub.add_parser("attachment", help="案件材料（身份证明、资格证明、授权委托书、证据材料）/ papers filed with a case")
    asub = a.add_subparsers(dest="attachment_command", metavar="ACTION")
    p = asub.add_parser("add", help="附加材料（PDF/JPG/PNG）/ file a paper with a case",
                        description=f"材料类别 / kinds: {kinds}")
    p.add_argument("case", metavar="CASE", help="案件编号或ID / case number or id")
    p.add_argument("file", metavar="FILE", help="PDF、JPG 或 PNG 文件 / a PDF, JPG or PNG file")
    p.add_argument("--kind", required=True, metavar="KIND",
                   help="材料类别（中文名称或英文代号）/ kind, by its Chinese name or code: " + kinds)
    p.add_argument("--title", default="", metavar="TEXT",
                   help="材料名称（默认为类别名称）/ title (default: the kind's name)")
    p.set_defaults(handler=cmd_add)
    p = asub.add_parser("list", help="列出案件的材料 / list a case's papers")
    p.add_argument("case", metavar="CASE", help="案件编号或ID / case number or id")
    p.add_argument("--json", action="store_true", help="输出JSON / print JSON")
    p.set_defaults(handler=cmd_list)


def cmd_add(ctx: CliContext) -> int:
    from zhongxin_desktop.services.casework import attachments

    actor = ctx.actor()
    kind = attachments.kind_of_label(ctx.args.kind)
    att = attachments.attach(actor, ctx.args.case, ctx.args.file, kind=kind, title=ctx.args.title.strip())
    ctx.say(f"已附加{attachments.KIND_LABELS[kind]}“{att.title}”：{att.filename}（SHA-256 {att.sha256[:16]}…）")
    return 0


def cmd_list(ctx: CliContext) -> int:
    from zhongxin_desktop.services.casework import attachments

    rows = [{k: r[k] for k in ("title", "kind", "kind_label", "filename", "size", "added_by", "added_at", "sha256")}
            for r in attachments.case_attachments(ctx.actor(required=False), ctx.args.case)]
    ctx.emit_rows(rows, lambda r: f"{r['kind_label']}\t{r['title']}\t{r['filename']}\t{r['size']}\t{r['added_by']}")
    return 0
