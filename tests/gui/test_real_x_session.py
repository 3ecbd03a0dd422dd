"""The real app in a real X session (Xvfb + the openbox window manager), driven by xdotool: keys
and clicks arrive from the X server at the app's windows, through every event filter, as on a
clerk's desktop. Qt's offscreen platform and widget-level QTest skip that path.

The tools come from scripts/bootstrap; in CI (CI set) a missing tool is a failure, not a skip."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time


from conftest import PASSWORD
from helpers import need, run_cli

TOOLS = ("Xvfb", "openbox", "xdotool")


def _require_tools() -> None:
    missing = [t for t in TOOLS if shutil.which(t) is None]
    need(not missing, ", ".join(missing), "scripts/bootstrap installs them")


def _wait(predicate, timeout: float, what: str):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


class XSession:
    """An Xvfb display at 1366×768 with openbox; xdotool runs against it."""

    def __init__(self, tmp_path):
        read_fd, write_fd = os.pipe()
        self.xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1366x768x24",
                                      "-nolisten", "tcp"], pass_fds=(write_fd,), stderr=subprocess.DEVNULL)
        os.close(write_fd)
        with os.fdopen(read_fd) as pipe:
            self.display = ":" + pipe.readline().strip()
        self.env = dict(os.environ, DISPLAY=self.display, QT_QPA_PLATFORM="xcb")
        self.wm = subprocess.Popen(["openbox", "--sm-disable"], env=self.env, stderr=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL)
        time.sleep(0.5)

    def xdotool(self, *args: str) -> str:
        return subprocess.run(["xdotool", *args], env=self.env, capture_output=True, text=True,
                              timeout=60).stdout.strip()

    def close(self) -> None:
        for proc in (self.wm, self.xvfb):
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


def _audit(database, after_seq: int = 0) -> list[tuple[int, str, str]]:
    con = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=10)
    try:
        return con.execute("SELECT seq, action, outcome FROM audit_event WHERE seq > ? ORDER BY seq",
                           (after_seq,)).fetchall()
    finally:
        con.close()


def _sign_ins(database, after_seq: int) -> list[str]:
    """Outcomes of the sign-ins (the lock's password checks) after an audit entry."""
    return [o for _, a, o in _audit(database, after_seq) if a == "sign_in"]


class RunningApp:
    """A township with ``settings``, the real app started on it in a fresh X session and signed
    in as admin by typing the password."""

    def __init__(self, tmp_path, data_dir, **settings_values):
        _require_tools()
        result = run_cli("init", "--township-code", "520102003", "--name", "测试镇综治中心", "--committee", "测试",
                         "--admin", "admin", data=data_dir, password=PASSWORD)
        assert result.returncode == 0, result.stderr
        from zhongxin_desktop.services import settings
        from zhongxin_desktop.store.connection import close_database, open_database

        open_database(data_dir)
        for key, value in settings_values.items():
            settings.put(key, value)
        close_database()
        self.database = data_dir.database
        self.x = XSession(tmp_path)
        env = dict(self.x.env, ZHONGXIN_DATA_DIR=str(data_dir.root))
        env.pop("ZHONGXIN_PASSWORD", None)
        self.proc = subprocess.Popen([sys.executable, "-m", "zhongxin_desktop", "--user", "admin"], env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        pid = str(self.proc.pid)
        _wait(lambda: self.x.xdotool("search", "--onlyvisible", "--pid", pid), 60, "the sign-in window")
        login = self.x.xdotool("search", "--onlyvisible", "--pid", pid).split()[0]
        self.x.xdotool("windowactivate", "--sync", login)
        self.x.xdotool("type", "--delay", "30", PASSWORD)
        self.x.xdotool("key", "Return")
        _wait(lambda: any(a == "sign_in" and o == "ok" for _, a, o in _audit(self.database)), 60, "the sign-in")

    def keys(self, *names: str) -> None:
        self.x.xdotool("key", "--delay", "60", *names)

    def type(self, text: str) -> None:
        self.x.xdotool("type", "--delay", "30", text)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.x.close()


def test_the_idle_lock_opens_with_a_real_keyboard(tmp_path, data_dir):
    app = RunningApp(tmp_path, data_dir, idle_lock_minutes=0.05)  # 3 s instead of minutes: the same timer
    try:
        database = data_dir.database
        start = _audit(database)[-1][0]
        _wait(lambda: any(a == "screen_lock" for _, a, _o in _audit(database, start)), 60, "the idle lock")
        locked_at = _audit(database)[-1][0]
        time.sleep(0.5)
        app.type("wrong-pass")
        app.keys("Return")
        _wait(lambda: _sign_ins(database, locked_at) == ["failed"], 30, "the wrong password to be refused")
        failed_at = _audit(database)[-1][0]
        app.type(PASSWORD)  # the field keeps the wrong text selected: typing replaces it
        app.keys("Return")
        _wait(lambda: _sign_ins(database, failed_at) == ["ok"], 30, "the lock to open with the password")
        # open again after the next idle spell, this time with Tab to 解锁 and the space bar
        opened_at = _audit(database)[-1][0]
        _wait(lambda: any(a == "screen_lock" for _, a, _o in _audit(database, opened_at)), 60,
              "the idle lock a second time")
        relocked_at = _audit(database)[-1][0]
        time.sleep(0.5)
        app.type(PASSWORD)
        app.keys("Tab", "space")
        _wait(lambda: _sign_ins(database, relocked_at) == ["ok"], 30, "the lock to open with 解锁")
        assert app.proc.poll() is None, app.proc.stderr.read()  # still running: nothing crashed
    finally:
        app.close()


def test_a_registration_with_a_real_keyboard(tmp_path, data_dir):
    """Ctrl+N, then only Tab, arrow keys, typing and Ctrl+S: the case is saved with both parties."""
    app = RunningApp(tmp_path, data_dir)
    try:
        time.sleep(1.5)
        app.keys("ctrl+n")
        time.sleep(3)  # the form loads its lists
        app.keys("Tab", "Tab", "Tab", "Down")  # 登记日期 → 来源 → 来源说明 → 纠纷类型: the first type
        app.keys(*["Tab"] * 7)  # 村 网格 风险 调解员 身份 类别 → 姓名 (上报人 is greyed out for a walk-in)
        app.type("Zhang San")
        app.keys("Return")  # Enter moves on: 身份证号
        app.keys(*["Tab"] * 4)  # 性别 出生日期 民族 → 联系电话
        app.type("13812345678")
        app.keys(*["Tab"] * 8)  # 职业 住址 代理人 代理人电话 删除 | second party: 身份 类别 → 姓名
        app.type("Li Si")
        app.keys(*["Tab"] * 13)  # the rest of that party, 添加申请人 添加被申请人 → 纠纷简要情况
        app.type("Drain dispute")
        app.keys("ctrl+s")
        database = data_dir.database

        def read(sql: str) -> list:
            con = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=10)
            try:
                return con.execute(sql).fetchall()
            finally:
                con.close()

        _wait(lambda: read("SELECT p.name, p.phone FROM case_party cp JOIN party p ON p.id = cp.party_id "
                           "ORDER BY cp.position") == [("Zhang San", "13812345678"), ("Li Si", "")],
              60, "the case to be saved")
        facts = read('SELECT facts FROM "case"')
        assert facts == [("Drain dispute",)]
        assert app.proc.poll() is None, app.proc.stderr.read()
    finally:
        app.close()
