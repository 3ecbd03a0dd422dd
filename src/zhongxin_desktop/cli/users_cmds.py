"""zhongxin users add|list|reset-password|disable|enable|set-role|passwd

New passwords come from the environment variable ZHONGXIN_NEW_PASSWORD or a prompt (twice),
never from the command line, where other users of the PC could see them."""
from __future__ import annotations

import getpass
import os

from zhongxin_desktop.cli.context import CliContext, Subparsers, prompt_password
from zhongxin_desktop.domain.dates import iso_stamp
from zhongxin_desktop.domain.masking import mask_phone
from zhongxin_desktop.domain.roles import ROLE_BY_LABEL, Role

ENV_NEW_PASSWORD = "ZHONGXIN_NEW_PASSWORD"
ROLE_HELP = "clerk 登记员 / mediator 调解员 / director 中心负责人 / admin 管理员 / county_admin 县级管理员"


def register(sub: Subparsers) -> None:
    u = sub.add_parser("users", help="用户管理 / users")
    usub = u.add_subparsers(dest="users_command", metavar="ACTION")
    p = usub.add_parser("list", help="列出用户（需“管理用户”权限）/ list users (needs manage-users)")
    p.add_argument("--json", action="store_true", help="输出JSON / print JSON")
    p.set_defaults(handler=cmd_list)
    p = usub.add_parser("add", help="添加用户，密码取自 ZHONGXIN_NEW_PASSWORD 或提示 / add a user; password "
                                    "from ZHONGXIN_NEW_PASSWORD or a prompt")
    p.add_argument("username", metavar="USERNAME", help="登录名 / sign-in name")
    p.add_argument("--name", required=True, help="姓名 / display name")
    p.add_argument("--role", required=True, help=f"角色 / role: {ROLE_HELP}")
    p.add_argument("--phone", default="", help="电话 / phone")
    p.set_defaults(handler=cmd_add)
    p = usub.add_parser("reset-password", help="重置密码（下次登录须修改）/ reset a password")
    p.add_argument("username", metavar="USERNAME")
    p.set_defaults(handler=cmd_reset)
    p = usub.add_parser("disable", help="停用账户 / disable an account")
    p.add_argument("username", metavar="USERNAME")
    p.set_defaults(handler=cmd_disable)
    p = usub.add_parser("enable", help="重新启用账户 / enable an account again")
    p.add_argument("username", metavar="USERNAME")
    p.set_defaults(handler=cmd_enable)
    p = usub.add_parser("set-role", help="更改角色 / change a role")
    p.add_argument("username", metavar="USERNAME")
    p.add_argument("role", metavar="ROLE", help=ROLE_HELP)
    p.set_defaults(handler=cmd_set_role)
    p = usub.add_parser("passwd", help="修改自己的密码（原密码为 ZHONGXIN_PASSWORD）/ change your own password")
    p.set_defaults(handler=cmd_passwd)


def _role(text: str) -> str:
    return ROLE_BY_LABEL.get(text, text)


def new_password(label: str) -> str:
    return prompt_password(label, env=ENV_NEW_PASSWORD, missing=f"未提供新密码：请设置环境变量 {ENV_NEW_PASSWORD}")


def cmd_list(ctx: CliContext) -> int:
    from zhongxin_desktop.services import users

    rows = users.users_for(ctx.actor())
    data = [{"username": u.username, "name": u.display_name, "role": u.role, "role_label": Role(u.role).label,
             "active": u.active, "phone": mask_phone(u.phone), "last_login_at": u.last_login_at,
             "locked": bool(u.locked_until), "must_change_password": u.must_change_password} for u in rows]
    ctx.emit_rows(data, lambda d: f"{d['username']}\t{d['name']}\t{d['role_label']}{'' if d['active'] else '（已停用）'}"
                                  f"\t{iso_stamp(d['last_login_at']) or '从未登录'}")
    return 0


def cmd_add(ctx: CliContext) -> int:
    from zhongxin_desktop.services import users

    actor = ctx.actor()
    a = ctx.args
    user = users.create_user(actor, a.username, a.name, _role(a.role), new_password(f"{a.username} 的密码"),
                             phone=a.phone)
    print(f"已添加用户 {user.username}（{Role(user.role).label}）")
    return 0


def cmd_reset(ctx: CliContext) -> int:
    from zhongxin_desktop.services import users

    actor = ctx.actor()
    users.reset_password(actor, ctx.args.username, new_password(f"{ctx.args.username} 的新密码"))
    print(f"已重置 {ctx.args.username} 的密码；该用户下次登录后须修改密码")
    return 0


def cmd_disable(ctx: CliContext) -> int:
    from zhongxin_desktop.services import users

    users.set_active(ctx.actor(), ctx.args.username, False)
    print(f"已停用 {ctx.args.username}")
    return 0


def cmd_enable(ctx: CliContext) -> int:
    from zhongxin_desktop.services import users

    users.set_active(ctx.actor(), ctx.args.username, True)
    print(f"已启用 {ctx.args.username}")
    return 0


def cmd_set_role(ctx: CliContext) -> int:
    from zhongxin_desktop.services import users

    user = users.set_role(ctx.actor(), ctx.args.username, _role(ctx.args.role))
    print(f"{user.username} 的角色已改为 {Role(user.role).label}")
    return 0


def cmd_passwd(ctx: CliContext) -> int:
    from zhongxin_desktop.services import users

    actor = ctx.actor()
    old = os.environ.get("ZHONGXIN_PASSWORD")
    if old is None:
        old = getpass.getpass("原密码: ")
    users.change_password(actor, old, new_password("新密码"))
    print("密码已修改")
    return 0
