"""zhongxin print KIND CASE --out FILE.pdf | zhongxin verify-agreement TEXT"""
from __future__ import annotations

import sys

from zhongxin_desktop.cli.context import CliContext, Subparsers, UsageError
from zhongxin_desktop.documents.kinds import KINDS


def register(sub: Subparsers) -> None:
    kinds = "、".join(f"{k}（{v}）" for k, v in KINDS.items())
    p = sub.add_parser("print", help="打印文书为PDF / print a document of a case to PDF",
                       description=f"文书种类 / kinds: {kinds}")
    p.add_argument("kind", metavar="KIND", choices=list(KINDS), help="文书种类 / document kind: " + ", ".join(KINDS))
    p.add_argument("case", metavar="CASE", help="案件编号或ID / case number or id")
    p.add_argument("--out", required=True, metavar="FILE.pdf", help="输出PDF文件 / output PDF file")
    p.add_argument("--version", type=int, metavar="N",
                   help="协议版本（默认最新）/ agreement version (default: the current one)")
    p.add_argument("--signing", action="store_true",
                   help="打印交当事人签字的签署本（无“草稿”水印，带核验码；打印后可登记签署）；不加时未签署的版本印有"
                        "“草稿”水印、无核验码 / the signing copy for the parties (no 草稿 watermark, with the "
                        "verification code; signing can be recorded after it); without it an unsigned version "
                        "prints watermarked 草稿 with no code")
    p.set_defaults(handler=cmd_print)

    p = sub.add_parser("verify-agreement", help="核验协议书二维码 / verify the text of an agreement's QR code",
                       description="一致时退出码0；已被更正、内容不符或查无此协议时退出码1 / exit 0 when it matches "
                                   "the stored current agreement, 1 when superseded, altered or unknown")
    p.add_argument("text", metavar="TEXT", help="二维码解出的文字或协议编号（空格可有可无）/ the text decoded from "
                                               "the QR code, or the agreement's number (spaces optional)")
    p.add_argument("--key", metavar="CENTER.pub", help="只用该中心的公钥文件离线核验签名，不读数据库 / check the "
                                                       "signature against this public key file only, offline")
    p.add_argument("--json", action="store_true", help="输出JSON / print JSON")
    p.set_defaults(handler=cmd_verify)


def cmd_print(ctx: CliContext) -> int:
    from zhongxin_desktop.documents import printing

    if not ctx.args.out.lower().endswith(".pdf"):
        raise UsageError("--out 应为 .pdf 文件 / --out must be a .pdf file")
    if ctx.args.version is not None and ctx.args.kind not in ("agreement", "oral-agreement"):
        raise UsageError("--version 只用于 agreement / oral-agreement")
    if ctx.args.signing and ctx.args.kind not in ("agreement", "oral-agreement"):
        raise UsageError("--signing 只用于 agreement / oral-agreement")
    actor = ctx.actor()

    def progress(done: int, total: int, text: str = "") -> None:
        if sys.stderr.isatty():
            ctx.say(f"{text} {done}/{total}")

    printed = printing.print_document(actor, ctx.args.kind, ctx.args.case, ctx.args.out, version=ctx.args.version,
                                      progress=progress, signing=ctx.args.signing)
    which = "签署本" if printed.signing else "（草稿，未签署）" if printed.title.endswith("（草稿）") else ""
    ctx.say(f"已生成{KINDS[printed.kind]}{which}：{ctx.args.out}")
    return 0


def cmd_verify(ctx: CliContext) -> int:
    from zhongxin_desktop.services.settlement import verification

    if ctx.args.key:
        verdict = verification.verify_offline(ctx.args.text, ctx.args.key)
    else:
        verdict = verification.verify(ctx.actor(required=False), ctx.args.text)
    if ctx.args.json:
        ctx.emit_json({"outcome": verdict.outcome, "ok": verdict.ok, "message": verdict.message,
                       "number": verdict.number, "status": verdict.status,
                       "latest_version": verdict.latest_version})
    else:
        print(verdict.message)
    return 0 if verdict.ok else 1
