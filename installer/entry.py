"""Frozen entry point of both executables, `zhongxin` (console) and `ZhongxinDesktop`
(windowed on Windows). They are the same program: with a subcommand it runs the command
line, without one it opens the GUI (`zhongxin_desktop.ui.app.run_gui`), so `--data-dir`,
`--user`, `--first-run` and the hidden `--smoke-test` mean the same in both. One script
means one PyInstaller analysis for both executables (half the freeze time).
"""
import os
import sys


def _windowed_streams() -> None:
    """A windowed Windows executable has no console: sys.stdout/stderr are None there, and the
    first print (argparse's --help, a warning) would crash. They go to the null device instead."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))


def _chinese_input_method() -> None:
    """UOS/Kylin desktops set QT_IM_MODULE=fcitx, but the Qt in this bundle (PySide6's) has no
    fcitx plugin — the system's is built for the system's Qt and cannot load — so Qt would fall
    back to no input method: no Chinese typing. It has the ibus plugin, and fcitx5 answers the
    ibus protocol (its ibus frontend, on by default). With fcitx 4 nothing changes: no worse."""
    if not sys.platform.startswith("linux") or not getattr(sys, "frozen", False):
        return
    if os.environ.get("QT_IM_MODULE", "").startswith("fcitx"):
        plugins = os.path.join(getattr(sys, "_MEIPASS", ""), "PySide6", "Qt", "plugins", "platforminputcontexts")
        has_fcitx = os.path.isdir(plugins) and any("fcitx" in f for f in os.listdir(plugins))
        if not has_fcitx:
            os.environ["QT_IM_MODULE"] = "ibus"


if __name__ == "__main__":
    _windowed_streams()
    _chinese_input_method()

    from zhongxin_desktop.launcher import main

    sys.exit(main())
