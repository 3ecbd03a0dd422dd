"""Is the open database whole? The full check a start skipped (the clean-close marker vouched
for the file), run later while the app works, and what follows when it finds damage."""
from __future__ import annotations

import threading

from zhongxin_desktop.paths import DataDir
from zhongxin_desktop.store import connection
from zhongxin_desktop.store.db import quick_check
from zhongxin_desktop.services.actor import unattended


@unattended("run by the system (start-up, recovery, idle upkeep) or before anyone signs in: the database file's health")
def needs_check() -> bool:
    """True when the open database has not been checked in full since it was opened."""
    return connection.needs_check()


@unattended("run by the system (start-up, recovery, idle upkeep) or before anyone signs in: the database file's health")
def check_open_database(data: DataDir, cancel: threading.Event | None = None) -> str | None:
    """SQLite's quick_check of the whole file on its own read-only connection (it reads every
    page: run it off the GUI thread). None when whole, else what is wrong. The result decides
    whether closing leaves a clean-close marker. CheckCancelled when ``cancel`` is set. A check
    that outlived its session (a restore opened the database again meanwhile) read the old file:
    its finding is dropped and None returned, so the restored file is neither trusted nor accused."""
    session = connection.current_session()
    problem = quick_check(data.database, cancel=cancel)
    return problem if connection.record_check(data.database, problem, session) else None


@unattended("run by the system (start-up, recovery, idle upkeep) or before anyone signs in: the database file's health")
def vouch_from_backup() -> None:
    """A backup copy of the open file just passed integrity_check (a superset of quick_check):
    the file itself is whole too, no need to read it again."""
    path = connection.current_path()
    if connection.needs_check() and path is not None:
        connection.record_check(path, None)


@unattended("run by the system (start-up, recovery, idle upkeep) or before anyone signs in: the database file's health")
def refuse_writes() -> None:
    """From now on this thread's connection (and any opened later) only reads: run it on every
    thread that has one (the GUI's and the database worker's)."""
    connection.refuse_writes()


@unattended("run by the system (start-up, recovery, idle upkeep) or before anyone signs in: the database file's health")
def damage_message(problem: str) -> str:
    return (f"后台完整性检查发现数据库文件已损坏（{problem}）。\n\n为保护数据，程序已停止保存任何修改，"
            "已录入的数据不会再被改动。请从最近的完好备份恢复：恢复后，该备份之后录入的数据需要重新录入；"
            "损坏的文件会保留在备份目录中，供县级技术人员检查。")


@unattended("run by the system (start-up, recovery, idle upkeep) or before anyone signs in: the database file's health")
def checkpoint_idle(session: connection.Session | None = None) -> bool:
    """Copy the write-ahead log into the database file when the app is idle after saving (a
    deleted ``-wal`` then loses seconds, not a session). ``session``: the one it was planned for."""
    return connection.checkpoint(session)


@unattended("run by the system (start-up, recovery, idle upkeep) or before anyone signs in: the database file's health")
def current_session() -> connection.Session:
    return connection.current_session()
