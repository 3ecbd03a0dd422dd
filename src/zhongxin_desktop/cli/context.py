"""What every command needs: the data folder, the database, the acting user, output helpers."""
from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeAlias

import peewee

from zhongxin_desktop.domain.errors import DomainError
from zhongxin_desktop.domain.roles import Role
from zhongxin_desktop.logging_setup import setup_logging
from zhongxin_desktop.paths import DataDir, resolve_data_dir
from zhongxin_desktop.services.actor import Actor
from zhongxin_desktop.store.db import StoreError

log = logging.getLogger(__name__)


# What a command module's ``register`` is handed: the group to add its subcommands to.
Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def subcommands_of(sub: Subparsers, group: str) -> Subparsers:
    """The subcommands of a group another module registered (``county``, ``bundle``), to add to them."""
    return next(a for a in sub.choices[group]._actions
                if isinstance(a, argparse._SubParsersAction) and a.dest == f"{group}_command")


class UsageError(Exception):
    """Wrong usage: exit 2."""


def read_json_file(path: str | os.PathLike[str]) -> object:
    """A JSON document from a UTF-8 file (with or without BOM); a refusal names the file."""
    path = Path(path)
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise DomainError(f"找不到文件 {path}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DomainError(f"{path} 不是有效的 JSON（UTF-8）：{exc}") from None


class CliContext:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.data = DataDir(resolve_data_dir(getattr(args, "data_dir", None)))
        self._actor: Actor | None = None
        self._opened = False

    def open(self, *, must_exist: bool = True) -> None:
        """Open the database. ``must_exist``: refuse a folder that was never initialised."""
        from zhongxin_desktop.store.connection import open_database, refuse_lost

        if self._opened:
            return
        url = self.server_url()
        if url:
            from zhongxin_desktop.store.connection import open_server_database

            setup_logging(self.data.logs)
            open_server_database(url, self.data)
            self._opened = True
            return
        refuse_lost(self.data)  # an emptied or deleted file is damage, never a new center
        if must_exist and not self.data.database.exists():
            raise DomainError(f"数据目录 {self.data.root} 中没有数据库。请先运行“zhongxin init”或“zhongxin demo”。")
        setup_logging(self.data.logs)
        open_database(self.data)
        self._opened = True
        self._finish_interrupted_restore()

    def server_url(self) -> str | None:
        """The county's server database (``--database``, the environment, or the address kept in
        the data folder), or None for the data folder's own file."""
        from zhongxin_desktop.store import engine

        return engine.database_url(getattr(self.args, "database", None), self.data)

    def settle(self) -> None:
        """Before any command: a restore killed around its swap is settled first, so that even
        `check` sees the folder as the restore left it (store/restore_journal.py)."""
        from zhongxin_desktop.store import restore_journal

        if restore_journal.pending(self.data.database):
            try:
                self.open()
            except (DomainError, StoreError) as exc:  # told again by the command itself
                log.warning("interrupted restore not settled: %s", exc)

    def _finish_interrupted_restore(self) -> None:
        from zhongxin_desktop.services.safety import backups
        from zhongxin_desktop.store import restore_journal
        from zhongxin_desktop.folder_lock import FolderLock

        if not restore_journal.pending(self.data.database):
            return
        lock = FolderLock(self.data)
        if not lock.acquire():  # a restore is running now in the app or another command: its own
            return
        try:
            message = backups.finish_interrupted_restore(self.data)
        finally:
            lock.release()
        if message:
            self.say(f"注意：{message}")

    def actor(self, *, required: bool = True) -> Actor:
        """The signed-in user. Without --user, reads run as a masked, read-only console."""
        # a name looked up read-only first (the console) does not stand in for a required sign-in
        if self._actor and not (required and self._actor.username == "console"):
            return self._actor
        from zhongxin_desktop.services import center, users

        self.open()
        username = getattr(self.args, "user", None) or os.environ.get("ZHONGXIN_USER")
        if not username:
            if required:
                self._audit_refusal()
                raise DomainError("此操作需要登录：请用 --user 指定用户（或设置 ZHONGXIN_USER），"
                                  "密码取自环境变量 ZHONGXIN_PASSWORD 或提示输入。")
            self._actor = Actor("console", "本机只读", Role.VIEWER, center.local_center().code)
            return self._actor
        password = os.environ.get("ZHONGXIN_PASSWORD")
        if password is None:
            if not sys.stdin.isatty():
                raise DomainError("未提供密码：请设置环境变量 ZHONGXIN_PASSWORD。")
            password = getpass.getpass(f"{username} 的密码: ")
        self._actor = users.sign_in(username, password)
        return self._actor

    def _audit_refusal(self) -> None:
        """A command refused for want of a user is a refusal like any other: it goes into the
        audit log (as the unsigned console), naming the command that was tried."""
        from zhongxin_desktop.services import audit

        words = [v for k, v in vars(self.args).items() if (k == "command" or k.endswith("_command")) and v]
        audit.record("console", "denied:signin", "command", " ".join(map(str, words)), outcome="denied",
                     detail="未指定 --user")

    def emit_json(self, obj: Any) -> None:
        json.dump(obj, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")

    def emit_rows(self, rows: Sequence[Any], line: Callable[[Any], str]) -> None:
        """A list under --json as one JSON document, otherwise one tab-separated line per row."""
        if self.args.json:
            self.emit_json(rows)
        else:
            for row in rows:
                print(line(row))

    @staticmethod
    def say(text: str) -> None:
        """A message for the person: standard error, so --json output stays clean."""
        print(text, file=sys.stderr)


def run_command(handler: Callable[[CliContext], int | None], ctx: CliContext) -> int:
    from zhongxin_desktop.store.connection import close_database

    try:
        ctx.settle()
        return int(handler(ctx) or 0)
    except UsageError as exc:
        print(f"用法错误：{exc}", file=sys.stderr)
        return 2
    except (DomainError, StoreError) as exc:
        print(f"已拒绝：{exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("已取消", file=sys.stderr)
        return 1
    except (OSError, sqlite3.Error, peewee.DatabaseError) as exc:
        from zhongxin_desktop.store.db import disk_full_message

        message = disk_full_message(exc)
        if message is None:
            raise
        print(f"已拒绝：{message}", file=sys.stderr)
        return 1
    finally:
        close_database()


def prompt_password(label: str, *, env: str = "ZHONGXIN_PASSWORD",
                    missing: str = "未提供密码：请设置环境变量 ZHONGXIN_PASSWORD。") -> str:
    """A new password from ``env``, else typed twice; ``missing`` when there is no terminal to ask on."""
    password = os.environ.get(env)
    if password:
        return password
    if not sys.stdin.isatty():
        raise DomainError(missing)
    first = getpass.getpass(f"{label}: ")
    if getpass.getpass("再输入一次: ") != first:
        raise DomainError("两次输入的密码不一致")
    return first


def stderr_progress() -> Callable[[int, int, str], None] | None:
    """A progress callback for long commands, only when standard error is a terminal (--json output stays clean)."""
    if not sys.stderr.isatty():
        return None
    return _print_progress


def _print_progress(done: int, total: int, text: str = "") -> None:
    print(f"\r{text} {done}/{total}", end="", file=sys.stderr, flush=True)
