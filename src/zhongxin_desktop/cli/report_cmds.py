"""zhongxin report monthly | ledger, and zhongxin cases import-ledger (statistics and Excel)."""
from __future__ import annotations

import argparse
import datetime as dt
import re
import sys

from zhongxin_desktop.cli.context import CliContext, Subparsers, UsageError, stderr_progress


def register(sub: Subparsers) -> None:
    report = sub.add_parser("report", help="统计报表 / reports")
    rsub = report.add_subparsers(dest="report_command", metavar="KIND")
    p = rsub.add_parser("monthly", help="统计月报表（Excel）/ monthly statistics (xlsx)")
    p.add_argument("--month", required=True, metavar="YYYY-MM", help="月份，如 2026-11 / the month")
    p.add_argument("--out", required=True, metavar="FILE.xlsx", help="输出文件 / output file")
    p.add_argument("--json", action="store_true", help="在标准输出打印统计数字JSON / print the figures as JSON")
    p.set_defaults(handler=cmd_monthly)
    p = rsub.add_parser("ledger", help="案件台账（Excel）/ the case ledger (xlsx)")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="登记日期起，如 2026-01-01 / registered from")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="登记日期止 / registered up to (inclusive)")
    p.add_argument("--out", required=True, metavar="FILE.xlsx", help="输出文件 / output file")
    p.add_argument("--reveal", action="store_true",
                   help="导出完整证件号和电话（需权限，记入审计）/ unmasked ID numbers and phones (audited)")
    p.set_defaults(handler=cmd_ledger)
    _register_import(sub)


def _register_import(sub: Subparsers) -> None:
    """`cases import-ledger` lives under the cases group, which cases_cmds creates (it must be
    registered first: see COMMAND_MODULES)."""
    cases = sub.choices.get("cases")
    if cases is None:
        cases = sub.add_parser("cases", help="案件 / cases")
    actions = next((a for a in cases._actions if isinstance(a, argparse._SubParsersAction)), None)
    if actions is None:
        actions = cases.add_subparsers(dest="cases_command", metavar="ACTION")
    p = actions.add_parser("import-ledger", help="导入旧Excel台账 / import an old Excel ledger")
    p.add_argument("file", metavar="FILE.xlsx", help="台账文件 / the ledger file")
    p.add_argument("--dry-run", action="store_true", help="只检查，不写入 / check only, write nothing")
    p.add_argument("--json", action="store_true", help="输出逐行结果JSON / print the row-by-row account as JSON")
    p.add_argument("--map", action="append", default=[], metavar="HEADER=FIELD",
                   help="指定某列的含义，可多次使用，如 --map '简要内容=facts' 或 --map '简要内容=纠纷简要情况'；"
                        "未对应的列文字存入各案备注 / map a column (repeatable); unmapped columns go to the remarks")
    p.add_argument("--missing-applicant", choices=["ask", "placeholder", "skip"], default="ask",
                   help="缺少申请人姓名的行：ask 列出不导入（默认），placeholder 以“待核实”占位导入，skip 跳过 / "
                        "rows without an applicant: list them (default), import with a placeholder, or skip")
    p.set_defaults(handler=cmd_import_ledger)


def parse_date(value: str | None, flag: str) -> dt.date | None:
    if not value:
        return None
    m = re.fullmatch(r"(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?", value.strip())
    try:
        if not m:
            raise ValueError
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise UsageError(f"{flag} 的日期“{value}”无法识别，请写成 2026-01-31") from None


def cmd_monthly(ctx: CliContext) -> int:
    from zhongxin_desktop.reports.monthly_xlsx import export_monthly

    actor = ctx.actor()
    report = export_monthly(actor, ctx.args.month, ctx.args.out)
    if ctx.args.json:
        ctx.emit_json({"month": report.month, "unit": report.unit, "county_mode": report.county_mode,
                       "rows": [{"code": r.code, "name": r.name, **r.stats.to_dict()} for r in report.all_rows()]})
    ctx.say(f"已生成 {report.month} 月报表：{ctx.args.out}（{len(report.all_rows())} 行）")
    return 0


def cmd_ledger(ctx: CliContext) -> int:
    from zhongxin_desktop.reports.ledger_xlsx import export_ledger

    date_from = parse_date(ctx.args.date_from, "--from")
    date_to = parse_date(ctx.args.date_to, "--to")
    if date_from and date_to and date_from > date_to:
        raise UsageError("--from 晚于 --to，请对调")
    actor = ctx.actor()
    n = export_ledger(actor, ctx.args.out, date_from=date_from, date_to=date_to, reveal=ctx.args.reveal)
    ctx.say(f"已导出台账：{ctx.args.out}（{n} 件）" + ("" if ctx.args.reveal else "，个人信息已脱敏"))
    return 0


def cmd_import_ledger(ctx: CliContext) -> int:
    from pathlib import Path

    from zhongxin_desktop.services.safety import backups
    from zhongxin_desktop.services.figures import ledger_import

    actor = ctx.actor()
    progress = stderr_progress()

    def backup() -> None:  # only once the file has been read: an unreadable file changes nothing
        backups.backup_before(ctx.data, "pre-import", actor.username)  # an import can be undone by restore

    result = ledger_import.import_file(actor, Path(ctx.args.file), dry_run=ctx.args.dry_run, columns=ctx.args.map,
                                       missing_applicant=ctx.args.missing_applicant, before_write=backup,
                                       progress=progress)
    if progress:
        print(file=sys.stderr)
    if ctx.args.json:
        ctx.emit_json(result.to_dict())
    else:
        for line in result.account_lines():
            print(line)
    ctx.say(result.summary())
    if not result.importable() and result.count("error"):
        ctx.say("没有可导入的行：请按上面列出的原因修改台账后重试。")
        return 1
    return 0
