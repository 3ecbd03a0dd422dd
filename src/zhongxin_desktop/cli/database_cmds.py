"""zhongxin database use|show|forget: the county's server database remembered in its data folder,
so the desktop and every command open it without ``--database`` (store/server_address.py)."""
from __future__ import annotations

import os

from zhongxin_desktop.cli.context import CliContext, Subparsers, UsageError


def register(sub: Subparsers) -> None:
    d = sub.add_parser("database", help="县级：记住数据库服务器地址 / county: remember the server database")
    dsub = d.add_subparsers(dest="database_command", metavar="ACTION")
    p = dsub.add_parser("use", help="连接一次以确认，然后记在数据目录中；密码可取自 PGPASSWORD，另存于仅本账户可读的"
                                    "密码文件 / connect once, then remember it; the password (or PGPASSWORD) "
                                    "goes to a private password file")
    p.add_argument("url", metavar="URL", help="postgresql://用户@主机:端口/库名")
    p.set_defaults(handler=cmd_use)
    p = dsub.add_parser("show", help="显示正在使用的数据库（不显示密码）/ which database is used (no password)")
    p.set_defaults(handler=cmd_show)
    p = dsub.add_parser("forget", help="不再使用记住的服务器，回到数据目录中的文件 / back to the data folder's file")
    p.set_defaults(handler=cmd_forget)


def cmd_use(ctx: CliContext) -> int:
    from zhongxin_desktop.store import engine, server_address
    from zhongxin_desktop.store.connection import close_database, open_server_database

    url = engine.database_url(ctx.args.url)
    if url is None:  # an empty URL, and none in the environment either
        raise UsageError("请给出数据库服务器地址，如 zhongxin database use postgresql://用户@主机:端口/库名")
    bare, password = server_address.without_password(url)
    if password is None and os.environ.get("PGPASSWORD"):
        password = os.environ["PGPASSWORD"]
    full = url if password is None or bare != url else _with_password(url, password)
    open_server_database(full, ctx.data, migrate=False)  # reachable, and not from a newer version
    close_database()
    server_address.save(ctx.data, full)
    print(f"已记住数据库服务器 {engine.describe(url)}：此数据目录此后（图形界面和命令）都使用它")
    return 0


def _with_password(url: str, password: str) -> str:
    from urllib.parse import quote, urlsplit, urlunsplit

    parts = urlsplit(url)
    user = parts.username or ""
    netloc = f"{user}:{quote(password, safe='')}@{parts.netloc.rpartition('@')[2]}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def cmd_show(ctx: CliContext) -> int:
    from zhongxin_desktop.store import engine, server_address

    url = ctx.server_url()
    if url is None:
        print(f"数据目录中的数据库文件：{ctx.data.database}")
    else:
        where = "数据目录中记住的地址" if url == server_address.load(ctx.data) else "命令行或环境变量"
        print(f"数据库服务器：{engine.describe(url)}（{where}）")
    return 0


def cmd_forget(ctx: CliContext) -> int:
    from zhongxin_desktop.store import server_address

    if server_address.forget(ctx.data):
        print(f"已不再使用记住的数据库服务器；此数据目录回到其中的数据库文件 {ctx.data.database}")
    else:
        print("此数据目录没有记住数据库服务器")
    return 0
