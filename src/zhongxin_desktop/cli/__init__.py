"""The ``zhongxin`` command line (its names, flags and exit codes are a contract other tools rely on; see the README).

Each area registers its subcommands from its own module; ``main`` dispatches. Exit codes:
0 success, 1 input refused (validation, tampered file, permission), 2 wrong usage.
"""
from __future__ import annotations

import argparse
import sys
from typing import NoReturn, Protocol

from zhongxin_desktop import APP_TITLE, __version__
from zhongxin_desktop.cli import (
    attachment_cmds,
    cases_cmds,
    county_work_cmds,
    county_cmds,
    database_cmds,
    exchange_cmds,
    grid_cmds,
    liaison_cmds,
    mediation_cmds,
    net_cmds,
    print_cmds,
    report_cmds,
    safety_cmds,
    setup_cmds,
    users_cmds,
)
from zhongxin_desktop.cli.context import CliContext, run_command

# One module per line: several areas add theirs here. report_cmds must follow cases_cmds
# (it adds `cases import-ledger` to the cases group).
COMMAND_MODULES = [
    setup_cmds,
    cases_cmds,
    mediation_cmds,
    attachment_cmds,
    print_cmds,
    exchange_cmds,
    county_cmds,  # after exchange_cmds: adds to its `county` group
    net_cmds,  # after exchange_cmds: adds `bundle send` to its group
    county_work_cmds,  # after exchange_cmds: adds `county duplicates|rosters` to its group
    grid_cmds,
    liaison_cmds,
    report_cmds,
    safety_cmds,
    users_cmds,
    database_cmds,
]


class ChineseParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse's own exit code for usage errors is 2, as the contract says
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: 用法错误 / usage error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseParser(
        prog="zhongxin",
        description=f"{APP_TITLE}：乡镇综治中心矛盾纠纷调处 / Zhongxin Desktop: case management for "
                    "township comprehensive-governance centers. 不带子命令时打开图形界面 / "
                    "without a subcommand it opens the GUI.",
    )
    parser.add_argument("--version", action="version", version=f"zhongxin {__version__}")
    parser.add_argument("--data-dir", metavar="DIR",
                        help="数据目录（或环境变量 ZHONGXIN_DATA_DIR）/ data folder (or ZHONGXIN_DATA_DIR)")
    parser.add_argument("--database", metavar="URL",
                        help="县级：数据库服务器 postgresql://用户@主机:端口/库名（或 ZHONGXIN_DATABASE_URL），"
                             "不给时用数据目录中的文件 / county: a PostgreSQL store instead of the data folder's file")
    parser.add_argument("--user", metavar="NAME",
                        help="操作用户（或 ZHONGXIN_USER），密码取自 ZHONGXIN_PASSWORD 或提示输入 / "
                             "acting user; password from ZHONGXIN_PASSWORD or a prompt")
    parser.add_argument("--first-run", choices=["ask", "demo"], default="ask",
                        help="空数据目录首次打开时：ask 询问（默认），demo 直接创建演示乡镇 / on an empty data "
                             "folder: ask, or create the demo township")
    # Hidden: start the GUI headless, sign in from the environment, quit by itself (installer/smoke.sh)
    parser.add_argument("--smoke-test", action="store_true", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=ChineseParser)
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


class GuiOpener(Protocol):
    """Opens the GUI with the start's options (the launcher's ``open_gui``)."""

    def __call__(self, *, data_dir: str | None, user: str | None, first_run: str, smoke_test: bool,
                 database: str | None) -> int: ...


def main(argv: list[str] | None = None, open_gui: GuiOpener | None = None) -> int:
    """``open_gui`` opens the GUI when no command is given (``zhongxin_desktop.launcher`` passes it:
    the command line itself never imports the GUI); without it, a missing command is wrong usage."""
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        if open_gui is None:
            parser.print_usage(sys.stderr)
            return 2
        return open_gui(data_dir=args.data_dir, user=args.user, first_run=args.first_run,
                        smoke_test=args.smoke_test, database=args.database)
    handler = getattr(args, "handler", None)
    if handler is None:  # a command group without its subcommand
        parser.parse_args([*argv, "--help"])
        return 2
    try:
        return run_command(handler, CliContext(args))
    except BrokenPipeError:  # output piped into `head`: not an error of ours
        sys.stderr.close()
        return 0
