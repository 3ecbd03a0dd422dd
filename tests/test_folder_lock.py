"""The data folder's lock: held by one program at a time, named in the refusal, and free again as
soon as its holder is gone (even killed, with no chance to clean up)."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys

from zhongxin_desktop.folder_lock import FolderLock

HOLD = ("import sys, time\nfrom pathlib import Path\n"
        "from zhongxin_desktop.paths import DataDir\n"
        "from zhongxin_desktop.folder_lock import FolderLock\n"
        "lock = FolderLock(DataDir(Path(sys.argv[1])))\n"
        "print('held' if lock.acquire() else 'refused', flush=True)\n"
        "time.sleep(60)\n")


def test_a_second_holder_is_refused_and_told_who_holds_it(data_dir):
    first, second = FolderLock(data_dir), FolderLock(data_dir)
    assert first.acquire()
    try:
        assert not second.acquire()
        assert second.holder() == f"进程 {os.getpid()}（{socket.gethostname()}）"
    finally:
        first.release()
    assert second.acquire()
    second.release()


def test_a_killed_holder_leaves_the_folder_free(data_dir):
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(data_dir.root)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "held"
        lock = FolderLock(data_dir)
        assert not lock.acquire() and lock.holder().startswith(f"进程 {proc.pid}")
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        assert lock.acquire()  # the lock ended with its process: nothing stale to clear
        lock.release()
    finally:
        proc.kill()
        proc.wait(10)
