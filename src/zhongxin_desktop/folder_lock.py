"""One writer per data folder: a lock file the GUI holds while it runs, and that a restore or a
``zhongxin init`` checks first.

The lock is the operating system's own (``flock`` on Linux/UOS/Kylin, a locked byte on Windows):
it ends with the process that held it, so a lock left by a killed or crashed program is never in
the way, whatever its age, and no guess about stale files is needed. The holder writes its process
id and host name into the file, for the message another program shows."""
from __future__ import annotations

import os
import socket
import sys

from zhongxin_desktop.paths import DataDir

LOCK_NAME = "zhongxin.lock"
# Windows locks bytes, and a locked byte cannot be read by anyone else: lock one far past the
# holder's line, so that line stays readable.
_WINDOWS_LOCKED_BYTE = 1 << 20

if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, _WINDOWS_LOCKED_BYTE, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, _WINDOWS_LOCKED_BYTE, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # BlockingIOError: held by another open file (this process's or another's)
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class FolderLock:
    def __init__(self, data: DataDir):
        data.root.mkdir(parents=True, exist_ok=True)
        self.path = data.root / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> bool:
        """Take the lock without waiting; False when another program (or another FolderLock of
        this one) holds it."""
        if self._fd is not None:
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        if not _try_lock(fd):
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, f"{os.getpid()}\n{socket.gethostname()}\n".encode())
        self._fd = fd
        return True

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            try:
                _unlock(fd)
            finally:
                os.close(fd)

    def holder(self) -> str:
        try:
            pid, host = self.path.read_text(encoding="utf-8", errors="replace").split("\n")[:2]
        except (OSError, ValueError):
            return "另一个程序"
        return f"进程 {pid}（{host}）" if pid.strip().isdigit() else "另一个程序"

    def __enter__(self) -> "FolderLock":
        from zhongxin_desktop.domain.errors import DomainError

        if not self.acquire():
            raise DomainError(f"数据目录 {self.path.parent} 正被{self.holder()}使用。请先关闭综治中心桌面端再执行此操作")
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
