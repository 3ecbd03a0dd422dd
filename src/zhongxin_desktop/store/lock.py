"""One writer per data folder: a lock file the GUI holds while it runs (Qt's QLockFile: it
knows a lock left by a killed process is stale because that process is gone)."""
from __future__ import annotations

from PySide6.QtCore import QLockFile

from zhongxin_desktop.paths import DataDir

LOCK_NAME = "zhongxin.lock"


class FolderLock:
    def __init__(self, data: DataDir):
        data.root.mkdir(parents=True, exist_ok=True)
        self.path = data.root / LOCK_NAME
        self._lock = QLockFile(str(self.path))
        self._lock.setStaleLockTime(0)  # never stale by age, only when its process is gone

    def acquire(self) -> bool:
        return self._lock.tryLock(0)

    def release(self) -> None:
        if self._lock.isLocked():
            self._lock.unlock()

    def holder(self) -> str:
        info = self._lock.getLockInfo()  # PySide6: (pid, host, app), or something falsy when unknown
        if isinstance(info, tuple) and len(info) == 3 and info[0]:
            return f"进程 {info[0]}（{info[1]}）"
        return "另一个程序"

    def __enter__(self) -> "FolderLock":
        from zhongxin_desktop.domain.errors import DomainError

        if not self.acquire():
            raise DomainError(f"数据目录 {self.path.parent} 正被{self.holder()}使用。请先关闭综治中心桌面端再执行此操作")
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
