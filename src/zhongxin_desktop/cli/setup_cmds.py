"""zhongxin init | demo"""
from __future__ import annotations

from zhongxin_desktop.cli.context import CliContext, Subparsers, UsageError, prompt_password


def register(sub: Subparsers) -> None:
    p = sub.add_parser("init", help="初始化乡镇或县级中心 / set up a township or county center")
    p.add_argument("--township-code", metavar="CODE", help="9位乡镇代码或12位统计代码 / 9- or 12-digit code")
    p.add_argument("--county", metavar="CODE", help="6位县级代码（县级模式）/ 6-digit county code (county mode)")
    p.add_argument("--name", required=True, help="中心名称 / center name")
    p.add_argument("--committee", default="", help="调委会简称，用于案件编号 / committee short name")
    p.add_argument("--admin", required=True, help="首个管理员用户名 / first administrator")
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("demo", help="创建演示乡镇 / create a demo township")
    p.add_argument("--cases", type=int, default=300, help="案件数量 / number of cases (default 300)")
    p.add_argument("--seed", type=int, default=2026, help="随机种子 / random seed")
    p.set_defaults(handler=cmd_demo)


def cmd_init(ctx: CliContext) -> int:
    from zhongxin_desktop.services import center

    a = ctx.args
    if bool(a.township_code) == bool(a.county):
        raise UsageError("请给出 --township-code 或 --county 之一")
    ctx.open(must_exist=False)
    password = prompt_password(f"管理员 {a.admin} 的密码")
    if a.county:
        c = center.init_center(kind="county", code=a.county, name=a.name, admin_username=a.admin,
                               admin_password=password)
    else:
        c = center.init_center(kind="township", code=a.township_code, name=a.name, committee_short=a.committee,
                               admin_username=a.admin, admin_password=password)
    ctx.say(f"已初始化：{c.name}（{c.code}），数据目录 {ctx.data.root}")
    return 0


def cmd_demo(ctx: CliContext) -> int:
    from zhongxin_desktop.services import demo
    from zhongxin_desktop.folder_lock import FolderLock

    if ctx.args.cases < 0:
        raise UsageError("--cases 不能为负数")
    with FolderLock(ctx.data):  # built aside and moved in: see demo.install_demo
        summary = demo.install_demo(ctx.data, cases=ctx.args.cases, seed=ctx.args.seed,
                                    progress=lambda n, total: None)
    print(f"已创建演示乡镇“{demo.DEMO_NAME}”：{summary['cases']} 件案件，数据目录 {ctx.data.root}")
    print(demo.demo_credentials())
    return 0
