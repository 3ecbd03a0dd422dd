"""zhongxin county duplicates | rosters (county) and zhongxin roster … (township: its 调委会 and
调解员, which travel up in its bundles)."""
from __future__ import annotations

from typing import Any

from zhongxin_desktop.cli.context import CliContext, Subparsers, subcommands_of
from zhongxin_desktop.domain.dates import cn_date


def register(sub: Subparsers) -> None:
    cs = subcommands_of(sub, "county")  # the group exchange_cmds creates
    p = cs.add_parser("duplicates", help="在两个以上乡镇有案件的当事人 / parties in cases of two or more townships")
    p.add_argument("--json", action="store_true")
    p.add_argument("--reveal", action="store_true", help="显示完整证件号和电话（需权限，记入审计）/ unmask")
    p.set_defaults(handler=cmd_county_duplicates)
    p = cs.add_parser("rosters", help="各乡镇调委会和调解员名册 / committees and mediators of each township")
    p.add_argument("--json", action="store_true")
    p.add_argument("--reveal", action="store_true", help="显示完整电话（需权限，记入审计）/ unmask phones")
    p.set_defaults(handler=cmd_county_rosters)

    roster = sub.add_parser("roster", help="乡镇：人民调解委员会和调解员名册 / township: mediation committees and mediators")
    rs = roster.add_subparsers(dest="roster_command", metavar="ACTION")
    p = rs.add_parser("list", help="名册 / the roster")
    p.add_argument("--json", action="store_true")
    p.add_argument("--reveal", action="store_true", help="显示完整电话（需权限，记入审计）/ unmask phones")
    p.set_defaults(handler=cmd_roster_list)
    p = rs.add_parser("committee-add", help="添加调委会 / add a committee")
    p.add_argument("--name", required=True, help="名称，如 青山镇人民调解委员会 / name")
    p.add_argument("--kind", default="乡镇（街道）", help="乡镇（街道）/ 村（居）/ 企事业单位 / 行业性专业性")
    p.set_defaults(handler=cmd_committee_add)
    p = rs.add_parser("mediator-add", help="添加调解员 / add a mediator")
    p.add_argument("--name", required=True, help="姓名 / name")
    p.add_argument("--sex", default="", help="男 / 女")
    p.add_argument("--duty", default="调解员", help="主任 / 副主任 / 委员 / 专职调解员 / 兼职调解员 / 调解员")
    p.add_argument("--phone", default="", help="联系电话 / phone")
    p.add_argument("--committee", default="", help="所属调委会名称 / committee name")
    p.add_argument("--trained", action="store_true", help="已参加调解员培训 / has been trained")
    p.set_defaults(handler=cmd_mediator_add)
    p = rs.add_parser("mediator-set", help="调解员离任或已培训 / a mediator leaves, or has been trained")
    p.add_argument("mediator", metavar="NAME|ID", help="调解员姓名（重名时用 roster list --json 中的 id）/ name or id")
    p.add_argument("--inactive", action="store_true", help="已离任 / no longer serving")
    p.add_argument("--trained", action="store_true", help="已参加培训 / has been trained")
    p.set_defaults(handler=cmd_mediator_set)


def _yes(flag: bool) -> str:
    return "是" if flag else "否"


def cmd_county_duplicates(ctx: CliContext) -> int:
    from zhongxin_desktop.services.casework import repeat_parties

    people = repeat_parties.across_townships(ctx.actor(required=ctx.args.reveal), reveal=ctx.args.reveal)
    if ctx.args.json:
        ctx.emit_json(people)
        return 0
    for p in people:
        towns = "、".join(t["name"] for t in p["townships"])
        print(f"{p['name']}\t{p['id_number'] or p['phone']}\t{p['reason']}\t{len(p['townships'])}个乡镇：{towns}")
        for c in p["cases"]:
            print(f"\t{c['township']}\t{c['case_no'] or '（未受理）'}\t{c['status_label']}\t"
                  f"{cn_date(c['registered_on'])}\t{c['role']}")
    ctx.say(f"在两个以上乡镇有案件的当事人：{len(people)} 人")
    return 0


def cmd_county_rosters(ctx: CliContext) -> int:
    from zhongxin_desktop.services.settlement import rosters

    rows = rosters.county_rosters(ctx.actor(required=ctx.args.reveal), reveal=ctx.args.reveal)
    if ctx.args.json:
        ctx.emit_json(rows)
        return 0
    for t in rows:
        print(f"{t['name']}（{t['code']}）\t调委会 {t['committee_count']} 个\t调解员 {t['mediator_count']} 名")
        _print_roster(t)
    return 0


def _print_roster(r: dict[str, Any]) -> None:
    for c in r["committees"]:
        print(f"\t{c['name']}\t{c['kind']}\t{'在册' if c['active'] else '已撤销'}\t成员：{'、'.join(c['members'])}")
    for m in r["mediators"]:
        print(f"\t\t{m['name']}\t{m['sex']}\t{m['duty']}\t{m['committee']}\t{m['phone']}\t"
              f"{'在任' if m['active'] else '离任'}\t培训：{_yes(m['trained'])}")


def cmd_roster_list(ctx: CliContext) -> int:
    from zhongxin_desktop.services.settlement import rosters

    r = rosters.roster(ctx.actor(required=ctx.args.reveal), reveal=ctx.args.reveal)
    if ctx.args.json:
        ctx.emit_json(r)
    else:
        _print_roster(r)
    return 0


def cmd_committee_add(ctx: CliContext) -> int:
    from zhongxin_desktop.services.settlement import rosters

    c = rosters.add_committee(ctx.actor(), ctx.args.name, ctx.args.kind)
    print(c["id"])
    ctx.say(f"已添加调委会“{c['name']}”，随下一个数据包报送县级")
    return 0


def cmd_mediator_add(ctx: CliContext) -> int:
    from zhongxin_desktop.services.settlement import rosters

    a = ctx.args
    m = rosters.add_mediator(ctx.actor(), name=a.name, sex=a.sex, duty=a.duty, phone=a.phone,
                             committee=a.committee, trained=a.trained)
    print(m["id"])
    ctx.say(f"已添加调解员“{m['name']}”，随下一个数据包报送县级")
    return 0


def cmd_mediator_set(ctx: CliContext) -> int:
    from zhongxin_desktop.services.settlement import rosters

    a = ctx.args
    m = rosters.set_mediator(ctx.actor(), a.mediator, active=False if a.inactive else None,
                             trained=True if a.trained else None)
    ctx.say(f"已更新调解员“{m['name']}”：{'在任' if m['active'] else '离任'}，培训：{_yes(m['trained'])}")
    return 0
