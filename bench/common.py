"""Paths, the fixed reference day and the environment every bench process shares."""
from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
SRC = REPO / "src"
CACHE = BENCH / "cache"
# Generated data is dated against a fixed day, so the same seed gives the same rows on any day.
TODAY = dt.date(2026, 11, 27)


def ensure_src_path() -> None:
    """This checkout's source first, whatever is installed in the venv."""
    if str(SRC) not in sys.path:
        sys.path.insert(0, str(SRC))


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(SRC), str(REPO)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.pop("ZHONGXIN_DATA_DIR", None)
    env.pop("ZHONGXIN_USER", None)
    return env


def git_commit() -> str:
    import subprocess  # not at the top: every child process imports this module

    try:
        out = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short=12", "HEAD"], capture_output=True,
                             text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--", "src", "bench",
                                ":!bench/RESULTS.md"],
                               capture_output=True, text=True).stdout.strip()
        return out + ("+uncommitted" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
