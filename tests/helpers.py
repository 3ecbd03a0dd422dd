"""Helpers for tests (import: from helpers import run_cli)."""
from __future__ import annotations

import os


from zhongxin_desktop.paths import DataDir


def run_cli(*args: str, data: DataDir, user: str | None = None, password: str | None = None,
            input_text: str | None = None):
    """Run the real `zhongxin` command in a subprocess."""
    import subprocess
    import sys

    env = dict(os.environ)
    env["ZHONGXIN_DATA_DIR"] = str(data.root)
    env.pop("ZHONGXIN_USER", None)
    env.pop("ZHONGXIN_PASSWORD", None)
    if user:
        env["ZHONGXIN_USER"] = user
    if password:
        env["ZHONGXIN_PASSWORD"] = password
    return subprocess.run([sys.executable, "-m", "zhongxin_desktop", *args], capture_output=True, text=True,
                          env=env, input=input_text, timeout=300)




