"""The program's entry point: ``zhongxin`` with a command runs the command line, without one it
opens the GUI. It sits above both so the command line never imports the GUI (and the other way
round); the GUI is imported only when it is wanted, which keeps a console command fast."""
from __future__ import annotations


def open_gui(*, data_dir: str | None, user: str | None, first_run: str, smoke_test: bool,
             database: str | None) -> int:
    from zhongxin_desktop.ui.app import run_gui

    return run_gui(data_dir=data_dir, user=user, first_run=first_run, smoke_test=smoke_test, database=database)


def main(argv: list[str] | None = None) -> int:
    from zhongxin_desktop.cli import main as cli_main

    return cli_main(argv, open_gui=open_gui)
