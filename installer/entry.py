"""Frozen entry point of both executables, `zhongxin` (console) and `ZhongxinDesktop`
(windowed on Windows). They are the same program: with a subcommand it runs the command
line, without one it opens the GUI (`zhongxin_desktop.ui.app.run_gui`), so `--data-dir`,
`--user`, `--first-run` and the hidden `--smoke-test` mean the same in both. One script
means one PyInstaller analysis for both executables (half the freeze time).

A windowed Windows executable has no console: sys.stdout/stderr are None there, and the
first print (argparse's --help, a warning) would crash. They go to the null device instead.
"""
import os
import sys

if __name__ == "__main__":
    for _name in ("stdout", "stderr"):
        if getattr(sys, _name) is None:
            setattr(sys, _name, open(os.devnull, "w", encoding="utf-8"))

    from zhongxin_desktop.cli import main

    sys.exit(main())
