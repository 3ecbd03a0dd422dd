"""The program's entry point: ``zhongxin`` with a command runs the command line, without one it
opens the GUI. It sits above both so the command line never imports the GUI (and the other way
round); the GUI is imported only when it is wanted, which keeps a console command fast."""
from __future__ import annotations


def open_gui(**options) -> int:
    from zhongxin_desktop.ui.app import run_gui

    return run_gui(**options)


def main(argv: list[str] | None = None) -> int:
    from zhongxin_desktop.cli import main as cli_main

    return cli_main(argv, open_gui=open_gui)
