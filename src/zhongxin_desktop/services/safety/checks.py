"""``zhongxin check``: the whole database checked without opening it for writing.

SQLite's integrity_check (every page and index), foreign_key_check (no dangling reference),
and the audit chain (including the heads recorded in backups)."""
from __future__ import annotations

from typing import Any

import sqlite3
from dataclasses import dataclass, field

from zhongxin_desktop.paths import DataDir
from zhongxin_desktop.services import audit
from zhongxin_desktop.services.actor import unattended
from zhongxin_desktop.store import backup as store_backup


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _known_heads(data: DataDir) -> list[dict[str, Any]]:
    from zhongxin_desktop.store.backup_heads import live_heads

    return live_heads(store_backup.list_backups(data.backups))


def _has_head_migration(con: sqlite3.Connection) -> bool:
    """A file not yet opened by a version that keeps the audit head (store/migrations/m0040)
    cannot have one: its first opening sets it."""
    from zhongxin_desktop.store.migrations import m0040_audit_head

    try:
        return con.execute("SELECT 1 FROM schema_migration WHERE number = ?",
                           (m0040_audit_head.NUMBER,)).fetchone() is not None
    except sqlite3.Error:
        return True


@unattended("run by the system (start-up, recovery, idle upkeep) or before anyone signs in: the file's integrity check (zhongxin check, the start-up check)")
def check_database(data: DataDir, *, with_audit: bool = True) -> CheckReport:
    report = CheckReport()
    path = data.database
    if not path.exists():
        report.problems.append(f"数据库文件不存在：{path}")
        return report
    if path.stat().st_size == 0:
        report.problems.append(f"数据库文件是空的（0 字节）：{path}")
        return report
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        report.problems.append(f"无法打开数据库：{exc}")
        return report
    try:
        rows = [r[0] for r in con.execute("PRAGMA integrity_check(20)")]
        if rows != ["ok"]:
            report.problems.append("完整性检查未通过：" + "；".join(map(str, rows)))
            return report  # nothing else can be trusted
        report.notes.append("完整性检查：通过")
        dangling = con.execute("PRAGMA foreign_key_check").fetchall()
        if dangling:
            sample = "；".join(f"{t} 第 {rowid} 行引用了不存在的 {parent}" for t, rowid, parent, _ in dangling[:5])
            report.problems.append(f"外键检查发现 {len(dangling)} 处悬空引用：{sample}")
        else:
            report.notes.append("外键检查：通过")
        if with_audit:
            result = audit.verify(con, known_heads=_known_heads(data), head_required=_has_head_migration(con))
            if result.ok:
                report.notes.append(f"审计日志链：通过（{result.checked} 条）")
            else:
                report.problems.append(f"审计日志链被破坏：{result.reason}")
    except sqlite3.DatabaseError as exc:
        report.problems.append(f"数据库已损坏：{exc}")
    finally:
        con.close()
    return report
