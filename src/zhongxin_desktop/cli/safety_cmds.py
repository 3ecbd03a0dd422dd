"""zhongxin backup create|list|verify|restore, check, audit verify|list

Writing commands do not take the GUI's folder lock: SQLite's busy_timeout and IMMEDIATE
transactions keep a command and the open app safe from each other. Only ``backup restore``,
which swaps the database file, refuses while the app holds the data folder.
"""
from __future__ import annotations

import datetime as dt
import os
import sys
from typing import TYPE_CHECKING

from zhongxin_desktop.cli.context import CliContext, Subparsers, UsageError
from zhongxin_desktop.domain.dates import iso_stamp
from zhongxin_desktop.domain.errors import DomainError
from zhongxin_desktop.store.db import CorruptDatabase

if TYPE_CHECKING:
    from zhongxin_desktop.store.backup import Manifest


def register(sub: Subparsers) -> None:
    b = sub.add_parser("backup", help="备份与恢复 / backups and restore")
    bsub = b.add_subparsers(dest="backup_command", metavar="ACTION")
    p = bsub.add_parser("create", help="立即备份（需登录）/ back up now (signed in)")
    p.add_argument("--json", action="store_true", help="输出JSON / print JSON")
    p.set_defaults(handler=cmd_backup_create)
    p = bsub.add_parser("list", help="列出备份 / list backups")
    p.add_argument("--json", action="store_true", help="输出JSON / print JSON")
    p.set_defaults(handler=cmd_backup_list)
    p = bsub.add_parser("verify", help="校验备份（默认最新）/ verify a backup (default: newest)")
    p.add_argument("name", metavar="NAME", nargs="?", help="备份名 / backup name")
    p.set_defaults(handler=cmd_backup_verify)
    p = bsub.add_parser("restore", help="从备份恢复（需“恢复备份”权限；先自动备份当前数据）/ restore "
                                        "(needs the restore permission; the current data is backed up first)")
    p.add_argument("name", metavar="NAME", nargs="?", help="备份名，默认最新的完好备份 / backup name, "
                                                           "default: the newest good one")
    p.add_argument("--yes", action="store_true", help="不再确认 / do not ask for confirmation")
    p.set_defaults(handler=cmd_backup_restore)

    p = sub.add_parser("check", help="检查数据库完整性、外键和审计日志链 / check integrity, foreign keys "
                                     "and the audit chain")
    p.add_argument("--json", action="store_true", help="输出JSON / print JSON")
    p.set_defaults(handler=cmd_check)

    p = sub.add_parser("encrypt-pii", help="身份证号和电话的加密存储（需“修改设置”权限）/ encryption at rest of ID "
                                           "numbers and phones (needs the settings permission)")
    p.add_argument("state", choices=["on", "off", "status", "backups"],
                   help="on 开启 / off 关闭 / status 查看 / backups 处理仍含明文号码的旧备份 (old plain backups)")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--seal-backups", action="store_true",
                   help="用备份口令加密这些旧备份 / encrypt them with the backup passphrase")
    g.add_argument("--delete-backups", action="store_true", help="删除这些旧备份 / delete them")
    p.add_argument("--yes", action="store_true", help="不再确认 / do not ask for confirmation")
    p.set_defaults(handler=cmd_encrypt_pii)

    a = sub.add_parser("audit", help="审计日志 / the audit log")
    asub = a.add_subparsers(dest="audit_command", metavar="ACTION")
    p = asub.add_parser("verify", help="校验审计日志链，发现篡改时退出码为1 / verify the hash chain (exit 1 "
                                       "when tampered)")
    p.set_defaults(handler=cmd_audit_verify)
    p = asub.add_parser("list", help="查看审计日志（需“查看审计日志”权限）/ list entries (needs the audit "
                                     "permission)")
    p.add_argument("--json", action="store_true", help="输出JSON / print JSON")
    p.add_argument("--user", dest="filter_user", metavar="NAME", help="只看此用户 / only this user")
    p.add_argument("--action", help="操作名包含 / action contains, e.g. sign_in, reveal, case_")
    p.add_argument("--outcome", choices=["ok", "denied", "failed"], help="结果 / outcome")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="起始日期 / from date")
    p.add_argument("--until", metavar="YYYY-MM-DD", help="截止日期 / to date")
    p.add_argument("--limit", type=int, default=200, help="最多条数 / at most N (default 200)")
    p.set_defaults(handler=cmd_audit_list)


def _date(text: str | None, flag: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{flag} 应为 YYYY-MM-DD 格式的日期，例如 2026-05-01") from None


def _manifest_dict(m: Manifest) -> dict[str, object]:
    return {"name": m.name, "file": str(m.path()), "kind": m.kind, "created_at": m.created_at,
            "app_version": m.app_version, "schema_version": m.schema_version, "sha256": m.sha256,
            "size": m.size, "encrypted": m.encrypted}


def _passphrase(m: Manifest) -> str | None:
    if not m.encrypted:
        return None
    from zhongxin_desktop.services.safety.backups import ENV_PASSPHRASE

    value = os.environ.get(ENV_PASSPHRASE)
    if value:
        return value
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass("备份口令: ")
    return None


def _server_backup(ctx: CliContext) -> bool:
    """A county store on a PostgreSQL server is dumped with the server's own tools
    (services/safety/server_backups.py): True when this command runs that way."""
    url = ctx.server_url()
    if not url:
        return False
    from zhongxin_desktop.services.safety import server_backups

    command = ctx.args.backup_command
    if command == "list":
        ctx.open()
        found = server_backups.all_backups(ctx.data)
        if ctx.args.json:
            ctx.emit_json([{"name": m.name, "file": str(m.path()), "kind": m.kind, "created_at": m.created_at,
                            "sha256": m.sha256, "size": m.size, "database": m.database} for m in found])
        elif not found:
            ctx.say(f"还没有服务器备份（{ctx.data.backups}）")
        for m in found if not ctx.args.json else []:
            print(f"{m.name}\t{m.created_at}\t{m.kind}\t{m.size // 1024} KB\t{m.database}")
    elif command == "verify":
        m = server_backups.verify(ctx.data, ctx.args.name)
        print(f"备份“{m.name}”校验通过（SHA-256 与清单一致，pg_restore 可读）")
    elif command == "create":
        m = server_backups.create(ctx.actor(), ctx.data, url)
        if ctx.args.json:
            ctx.emit_json({"name": m.name, "file": str(m.path()), "kind": m.kind, "created_at": m.created_at,
                           "sha256": m.sha256, "size": m.size, "database": m.database})
        else:
            print(f"已备份（pg_dump）：{m.name}\n文件：{m.path()}\nSHA-256：{m.sha256}")
        ctx.say("注意：数据目录中的 keys 文件夹不在数据库中，请连同数据目录另行备份")
    else:
        actor = ctx.actor()
        m = server_backups.find(ctx.data, ctx.args.name)
        _confirm(ctx, f"将用备份“{m.name}”（{m.created_at}）替换服务器数据库 {m.database} 的全部内容，"
                      "当前数据会先自动备份。")
        safety = server_backups.restore(actor, ctx.data, url, m.name)
        print(f"已从备份“{m.name}”恢复（pg_restore）。恢复前的数据已保存为备份“{safety.name}”。")
    return True


def cmd_backup_create(ctx: CliContext) -> int:
    from zhongxin_desktop.services.safety import backups

    if _server_backup(ctx):
        return 0
    actor = ctx.actor()
    result = backups.create_backup(actor, ctx.data)
    for w in result.warnings:
        ctx.say(f"注意：{w}")
    if ctx.args.json:
        ctx.emit_json(_manifest_dict(result.manifest) | {"removed": result.removed, "warnings": result.warnings})
    else:
        m = result.manifest
        print(f"已备份：{m.name}\n文件：{m.path()}\nSHA-256：{m.sha256}")
        if result.removed:
            ctx.say(f"按保留规则删除了 {len(result.removed)} 个旧备份")
    return 0


def _open_tolerating_corruption(ctx: CliContext) -> bool:
    """Open the database if it can be; False when it is corrupt (backups still listable)."""
    try:
        ctx.open()
    except CorruptDatabase as exc:
        ctx.say(f"注意：{exc}")
        return False
    return True


def cmd_backup_list(ctx: CliContext) -> int:
    from zhongxin_desktop.services.safety import backups

    if _server_backup(ctx):
        return 0
    if _open_tolerating_corruption(ctx):
        found = backups.every_backup(ctx.data)
    else:
        found = backups.all_backups(ctx.data)
    if ctx.args.json:
        ctx.emit_json([_manifest_dict(m) for m in found])
        return 0
    if not found:
        ctx.say(f"还没有备份（{ctx.data.backups}）")
    for m in found:
        lock = "（加密）" if m.encrypted else ""
        print(f"{m.name}\t{m.created_at}\t{m.kind}\t{m.size // 1024} KB{lock}\t{m.folder}")
    return 0


def cmd_backup_verify(ctx: CliContext) -> int:
    from zhongxin_desktop.services.safety import backups
    from zhongxin_desktop.store import backup as store_backup

    if _server_backup(ctx):
        return 0
    if _open_tolerating_corruption(ctx):
        m = backups.find_backup(ctx.data, ctx.args.name)
        m, result = backups.verify_backup(ctx.actor(required=False), ctx.data, m.name, _passphrase(m))
    else:
        found = [m for m in backups.all_backups(ctx.data)
                 if not ctx.args.name or ctx.args.name in (m.name, m.file)]
        if not found:
            raise DomainError(f"没有名为“{ctx.args.name}”的备份")
        m = found[0]
        result = store_backup.verify(m, _passphrase(m))
    if result != "ok":
        raise DomainError(f"备份“{m.name}”校验未通过：{result}")
    print(f"备份“{m.name}”校验通过（SHA-256 与清单一致，完整性检查 ok）")
    return 0


def _confirm(ctx: CliContext, text: str) -> None:
    if ctx.args.yes or not sys.stdin.isatty():
        return
    answer = input(f"{text} 确认请输入 yes: ")
    if answer.strip().lower() not in ("yes", "y", "是"):
        raise DomainError("已取消，未做任何修改")


def cmd_backup_restore(ctx: CliContext) -> int:
    from zhongxin_desktop.services.safety import backups
    from zhongxin_desktop.folder_lock import FolderLock

    if _server_backup(ctx):
        return 0
    with FolderLock(ctx.data):
        if backups.database_is_corrupt(ctx.data):
            return _recover(ctx)
        actor = ctx.actor()
        m = backups.find_backup(ctx.data, ctx.args.name)
        _confirm(ctx, f"将用备份“{m.name}”（{m.created_at}）替换当前数据库，当前数据会先自动备份。")
        safety = backups.restore_backup(actor, ctx.data, m.name, _passphrase(m))
    print(f"已从备份“{m.name}”恢复。恢复前的数据已保存为备份“{safety.name}”。")
    return 0


def _recover(ctx: CliContext) -> int:
    from zhongxin_desktop.services.safety import backups

    problem = backups.database_is_corrupt(ctx.data)
    ctx.say(f"当前数据库已损坏（{problem}），将从备份恢复；损坏的文件会保留在 backups/corrupt-* 中。")
    username = getattr(ctx.args, "user", None) or os.environ.get("ZHONGXIN_USER")
    password = os.environ.get("ZHONGXIN_PASSWORD")
    if not username or password is None:
        raise DomainError("恢复需要有“恢复备份”权限的用户：请用 --user 和 ZHONGXIN_PASSWORD 给出（以备份中的账户为准）")
    target = backups.find_backup(ctx.data, ctx.args.name) if ctx.args.name else backups.newest_good(ctx.data)
    if target is None:
        raise DomainError("没有可用的完好备份，请联系县级技术人员")
    _confirm(ctx, f"将用备份“{target.name}”（{target.created_at}）替换损坏的数据库。")
    m, kept = backups.recover_corrupt(ctx.data, target.name, username, password, _passphrase(target))
    print(f"已从备份“{m.name}”恢复。损坏的数据库保留在 {kept}。")
    return 0


def cmd_check(ctx: CliContext) -> int:
    from zhongxin_desktop.services.safety.checks import check_database
    from zhongxin_desktop.store.connection import refuse_lost

    if ctx.server_url():
        raise DomainError("数据库在 PostgreSQL 服务器上：其完整性由服务器自身保证（数据校验、pg_dump 备份），"
                          "审计日志链请用“zhongxin audit verify”检查")
    refuse_lost(ctx.data)  # emptied or deleted in a folder in use: say so, and how to restore
    if not ctx.data.database.exists():
        raise DomainError(f"数据目录 {ctx.data.root} 中没有数据库")
    report = check_database(ctx.data)
    if ctx.args.json:
        ctx.emit_json({"ok": report.ok, "problems": report.problems, "notes": report.notes})
    else:
        for note in report.notes:
            print(note)
    if not report.ok:
        raise DomainError("检查未通过：" + "；".join(report.problems)
                          + "。可用“zhongxin backup restore”从最近的完好备份恢复。")
    return 0


def cmd_audit_verify(ctx: CliContext) -> int:
    from zhongxin_desktop.services.safety.checks import check_database

    if ctx.server_url():  # a server store: walk the chain there
        from zhongxin_desktop.services.safety import audit_log

        ctx.open()
        result = audit_log.verify_chain(ctx.data)
        if not result.ok:
            raise DomainError(f"审计日志链被破坏：{result.reason}")
        print(f"审计日志链：通过（{result.checked} 条）")
        return 0
    report = check_database(ctx.data)
    if not report.ok:
        raise DomainError("；".join(report.problems))
    print(next(n for n in report.notes if n.startswith("审计")))
    return 0


def cmd_audit_list(ctx: CliContext) -> int:
    from zhongxin_desktop.services.safety import audit_log

    a = ctx.args
    since, until = _date(a.since, "--since"), _date(a.until, "--until")
    rows = audit_log.entries(ctx.actor(), username=a.filter_user, action=a.action, since=since, until=until,
                             outcome=a.outcome, limit=a.limit)
    data = [audit_log.entry_dict(e) for e in rows]
    names = {} if a.json else audit_log.object_names(data)  # a person reads names, a script the ids
    ctx.emit_rows(data, lambda d: f"{d['seq']}\t{iso_stamp(d['at'])}\t{d['user']}\t{d['action_label']}\t"
                                  f"{d['object_label']} {names.get(d['object_id'], '')}".rstrip()
                                  + f"\t{d['outcome_label']}\t{d['detail_text']}".rstrip())
    return 0


def cmd_encrypt_pii(ctx: CliContext) -> int:
    from zhongxin_desktop.services.safety import pii_crypto
    from zhongxin_desktop.store.sealed import KEY_FILE

    state = ctx.args.state
    if state == "status":
        ctx.open()
        print("已开启" if pii_crypto.is_on() else "未开启")
        plain = pii_crypto.plain_backups(ctx.data) if pii_crypto.is_on() else []
        if plain:
            ctx.say(_plain_backups_warning(plain))
        return 0
    if state == "backups":
        return _handle_plain_backups(ctx)
    out = pii_crypto.change(ctx.actor(), ctx.data, state == "on")
    if state == "on":
        print(f"已开启加密存储，转换了 {out.parties} 位当事人的身份证号和电话（共 {out.rows} 处，含协议书和交办件中的副本），"
              "搜索索引已改为加密的尾号，数据库已清理（旧页面清零、VACUUM、清空 -wal）。")
        ctx.say(f"重要：请把密钥文件 {ctx.data.keys / KEY_FILE} 另行复制保存（如U盘），丢失后加密的号码无法读出。")
        for w in out.warnings:
            ctx.say(f"注意：{w}")
        if out.plain_backups:
            ctx.say(_plain_backups_warning(out.plain_backups))
    else:
        print(f"已关闭加密存储，{out.parties} 位当事人的号码恢复为明文存储。")
    return 0


def _plain_backups_warning(plain: list[Manifest]) -> str:
    names = "、".join(m.name for m in plain[:5]) + ("等" if len(plain) > 5 else "")
    return (f"注意：有 {len(plain)} 个较早的备份仍含明文身份证号和电话（{names}）。"
            "请运行“zhongxin encrypt-pii backups --seal-backups”用备份口令加密它们，"
            "或“zhongxin encrypt-pii backups --delete-backups”删除它们。")


def _handle_plain_backups(ctx: CliContext) -> int:
    from zhongxin_desktop.services.safety import pii_crypto

    actor = ctx.actor()
    plain = pii_crypto.plain_backups(ctx.data)
    if not plain:
        print("没有仍含明文号码的备份。")
        return 0
    if not (ctx.args.seal_backups or ctx.args.delete_backups):
        ctx.say(_plain_backups_warning(plain))
        return 0
    if ctx.args.delete_backups:
        if not ctx.args.yes:
            if not sys.stdin.isatty():
                raise DomainError(f"将删除 {len(plain)} 个备份，删除后无法用它们恢复。确认请加 --yes。")
            _confirm(ctx, f"将删除 {len(plain)} 个含明文号码的旧备份，删除后无法用它们恢复。")
        print(f"已删除 {pii_crypto.delete_plain_backups(actor, ctx.data)} 个含明文号码的旧备份。")
    else:
        print(f"已用备份口令加密 {pii_crypto.seal_backups(actor, ctx.data)} 个旧备份。")
    return 0
