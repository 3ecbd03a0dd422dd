"""A named mutex while the GUI runs on Windows, so the installer (Inno Setup AppMutex,
installer/windows/zhongxin.iss) refuses to replace files of a running app.

The name must stay equal to AppMutex in zhongxin.iss. The handle is kept for the life of
the process; Windows releases it when the process ends, even after a crash.
"""
from __future__ import annotations

import sys

MUTEX_NAME = "ZhongxinDesktopRunningMutex"
_handles: list[int] = []  # kept: closing a handle would release the mutex


def hold_app_mutex() -> None:
    if sys.platform != "win32":
        return
    import ctypes
    from ctypes import wintypes

    create = ctypes.windll.kernel32.CreateMutexW
    create.argtypes = [ctypes.c_void_p, wintypes.BOOL, wintypes.LPCWSTR]
    create.restype = wintypes.HANDLE  # a pointer-sized handle, not the default 32-bit int
    # Global\ is seen by installers run as another (admin) user in another session; plain name
    # covers the same session when Global\ is refused (it is not, for a normal user, but be safe).
    for name in (f"Global\\{MUTEX_NAME}", MUTEX_NAME):
        handle = create(None, False, name)
        if handle:
            _handles.append(handle)
