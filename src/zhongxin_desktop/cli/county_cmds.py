"""zhongxin county conflicts | resolve | publish | rules — the county settles conflicts and
publishes what its townships must use (added to the `county` group exchange_cmds creates)."""
from __future__ import annotations

import argparse

from zhongxin_desktop.cli.context import CliContext, Subparsers, UsageError, read_json_file, subcommands_of
from zhongxin_desktop.domain.dates import iso_stamp


def register(sub: Subparsers) -> None:
    actions = subcommands_of(sub, "county")  # the group exchange_cmds creates
    p = actions.add_parser("conflicts", help="数据冲突（同一记录同一版本内容不同），两个版本并列 / "
                                             "held conflicts, both versions side by side")
    p.add_argument("--open", action="store_true", help="只列待裁定的 / only those not yet decided")
    p.add_argument("--reveal", action="store_true", help="显示完整证件号和电话（需权限，记入审计）/ unmask")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_conflicts)
    p = actions.add_parser("resolve", help="裁定数据冲突，随下次回执下发 / settle a conflict; goes down in the next receipt")
    p.add_argument("id", metavar="ID", help="冲突编号（conflicts 列出的第一列，至少4位）/ conflict id (4+ characters)")
    p.add_argument("--keep", required=True, choices=["township", "county"],
                   help="保留乡镇版本或县级版本 / keep the township's or the county's version")
    p.add_argument("--reason", required=True, metavar="TEXT", help="裁定理由（记入审计）/ why (audited)")
    p.set_defaults(handler=cmd_resolve)
    p = actions.add_parser("publish", help="发布各乡镇须用的纠纷类型、来源、办结期限、月报截止日，随下次回执签名下发 / "
                                           "publish categories, sources, deadlines, report day for the townships")
    p.add_argument("--file", metavar="FILE", help="规则JSON（见 docs/county-conflicts-and-rules.md）/ the rules as JSON")
    p.add_argument("--categories", metavar="A,B", help="纠纷类型，逗号分隔 / categories")
    p.add_argument("--sources", metavar="A,B", help="案件来源，逗号分隔 / sources")
    p.add_argument("--tiers", metavar="简易=1,一般=7,复杂=20", help="期限档次及天数 / deadline tiers in days")
    p.add_argument("--deadlines", metavar="邻里=简易,合同=20", help="各类型的档次或天数 / per category: tier or days")
    p.add_argument("--default-days", type=int, metavar="N", help="默认办结期限（天）/ default deadline in days")
    p.add_argument("--report-day", type=int, metavar="N", help="月报截止日（1-28）/ monthly report due day")
    p.add_argument("--forbid-local", metavar="categories,sources",
                   help="乡镇不得自行增加的列表 / lists townships may not add to")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_publish)
    p = actions.add_parser("rules", help="县级发布的规则及各版本变化 / the county's published rules and their versions")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_rules)


def cmd_conflicts(ctx: CliContext) -> int:
    from zhongxin_desktop.services.countywork import county_conflicts

    rows = county_conflicts.list_conflicts(ctx.actor(required=ctx.args.reveal), reveal=ctx.args.reveal,
                                           only_open=ctx.args.open)
    if ctx.args.json:
        ctx.emit_json(rows)
        return 0
    for r in rows:
        print(f"{r['id']}\t{r['township']}\t{r['table_label']}\t{r['record']}\t第 {r['row_version']} 版\t"
              f"{iso_stamp(r['found_at'])}\t{r['status_label']}"
              + (f"\t{r['keep_label']}：{r['reason']}" if r["keep"] else ""))
        for f in r["fields"]:
            if f["differs"]:
                print(f"\t  {f['label']}\t县级：{f['county']}\t乡镇：{f['township']}")
    if not rows:
        ctx.say("没有数据冲突")
    return 0


def cmd_resolve(ctx: CliContext) -> int:
    from zhongxin_desktop.services.countywork import county_conflicts

    r = county_conflicts.resolve(ctx.actor(), ctx.args.id, ctx.args.keep, ctx.args.reason)
    ctx.say(f"已裁定：{r['township']} {r['table_label']} {r['record']} — {r['keep_label']}。"
            f"裁定将随下一次发往 {r['township_code']} 的回执下发（zhongxin bundle receipt --township "
            f"{r['township_code']} --out DIR），乡镇导入后双方一致。")
    return 0


def _names(text: str | None) -> list[str] | None:
    if text is None:
        return None
    return [t.strip() for t in text.replace("，", ",").replace("、", ",").split(",") if t.strip()]


def _pairs(text: str, option: str) -> dict[str, int | str]:
    out: dict[str, int | str] = {}
    for part in _names(text) or []:
        key, sep, value = part.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise UsageError(f"{option} 应写成 名称=值，逗号分隔，如 {option} 邻里=简易,合同=20")
        value = value.strip()
        out[key.strip()] = int(value) if value.isdigit() else value
    return out


def _given(args: argparse.Namespace) -> dict[str, object]:
    given: dict[str, object] = {}
    if args.file:
        loaded = read_json_file(args.file)
        if not isinstance(loaded, dict):
            from zhongxin_desktop.domain.errors import DomainError

            raise DomainError(f"{args.file}：规则文件应为一个JSON对象，如 {{\"categories\": [\"婚姻家庭\", \"邻里\"]}}")
        given.update(loaded)
    for key, value in (("categories", _names(args.categories)), ("sources", _names(args.sources)),
                       ("forbid_local", _names(args.forbid_local))):
        if value is not None:
            given[key] = value
    if args.tiers:
        given["deadline_tiers"] = _pairs(args.tiers, "--tiers")
    if args.deadlines:
        given["deadlines"] = _pairs(args.deadlines, "--deadlines")
    if args.default_days is not None:
        given["due_days_default"] = args.default_days
    if args.report_day is not None:
        given["report_due_day"] = args.report_day
    if not given:
        raise UsageError("请给出要发布的内容：--file FILE，或 --categories/--sources/--tiers/--deadlines/"
                         "--default-days/--report-day")
    return given


def cmd_publish(ctx: CliContext) -> int:
    from zhongxin_desktop.services.countywork import county_rules

    given = _given(ctx.args)
    result = county_rules.publish(ctx.actor(), ctx.data, given)
    if ctx.args.json:
        ctx.emit_json(result)
    ctx.say(f"已发布第 {result['version']} 版规则，将签名后随下一次发往各乡镇的回执下发：\n  "
            + "\n  ".join(result["changes"]))
    return 0


def cmd_rules(ctx: CliContext) -> int:
    from zhongxin_desktop.domain.county_rules import in_force_lines
    from zhongxin_desktop.services.countywork import county_rules

    view = county_rules.in_force(ctx.actor(required=False))
    if ctx.args.json:
        ctx.emit_json(view)
        return 0
    if not view["versions"]:
        ctx.say("尚无县级发布的规则")
        return 0
    print(f"县级规则第 {view['version']} 版（{view['versions'][0]['county_name']}）")
    print("\n".join(in_force_lines(view)))
    return 0
