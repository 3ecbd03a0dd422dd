"""Run by test_faults.py as a REAL process that the test kills (SIGKILL) or starves of disk.

usage: fault_worker.py MODE DATA_DIR
  saves   register cases one at a time, printing each committed case id
  bulk    commit 5 single saves, then one large transaction of many cases ("bulk-started", then "bulk-deep")
  backup  make a backup slowly, printing "backup-progress" at each step
  restore-before-swap / restore-after-swap  restore the newest backup and stop ("swap-next" or
          "swapped", then sleep until killed) just before or just after the file swap
  leftovers  write unfinished temporary files where the app keeps them ("leftovers-ready"), then sleep
  worker-saves  5 saves through the GUI's database worker (printing each id), then the event loop runs on
  reader  only hold the database open (a second program), printing "reading"
Environment FAULT_FSIZE=N (or +N: N more than the WAL has): limit the size of any file written (RLIMIT_FSIZE) to N bytes, to
provoke a "disk full" without root. In saves mode the limit starts after the first committed save.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def limit_file_size(wal: Path) -> None:
    """FAULT_FSIZE=N bytes, or +N: N bytes more than the write-ahead log has now."""
    limit = os.environ.get("FAULT_FSIZE")
    if limit:
        if limit.startswith("+"):
            limit = str((wal.stat().st_size if wal.exists() else 0) + int(limit[1:]))
        import resource
        import signal

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG instead of being killed
        resource.setrlimit(resource.RLIMIT_FSIZE, (int(limit), int(limit)))


def case_input(i: int):
    from zhongxin_desktop.domain.case_input import CaseInput, PartyInput

    return CaseInput(category="邻里", source="来访", facts=f"第{i}件：因排水沟堵塞发生争执。" + "经过" * 200,
                     parties=[PartyInput(name="张三", phone="13812345678"), PartyInput(name="李四", role="被申请人")])


def main(mode: str, folder: str) -> int:
    from zhongxin_desktop.paths import DataDir
    from zhongxin_desktop.services.casework import cases
    from zhongxin_desktop.services import users
    from zhongxin_desktop.store.connection import open_database
    from zhongxin_desktop.store.db import database, disk_full_message

    data = DataDir(Path(folder))
    open_database(data)
    actor = users.sign_in("admin", "Demo2026!")
    wal = Path(str(data.database) + "-wal")
    if mode != "saves":
        limit_file_size(wal)
    try:
        if mode == "saves":
            for i in range(100000):
                print(cases.register(actor, case_input(i)).id, flush=True)
                if i == 0:  # the limit counts from here: one save (which may carry an index merge) is in
                    limit_file_size(wal)
        elif mode == "bulk":
            for i in range(5):
                print(cases.register(actor, case_input(i)).id, flush=True)
            with database.atomic():
                for i in range(100000):
                    cases.register(actor, case_input(i))
                    if i == 50:
                        print("bulk-started", flush=True)
                    if i == 300:  # well inside the open transaction
                        print("bulk-deep", flush=True)
        elif mode.startswith("restore-"):
            from zhongxin_desktop.services.safety import backups
            from zhongxin_desktop.store import backup as store_backup

            swap = store_backup.replace_database

            def stopping_swap(db_path, new_file):
                if mode == "restore-before-swap":
                    print("swap-next", flush=True)
                    time.sleep(600)
                swap(db_path, new_file)
                print("swapped", flush=True)
                time.sleep(600)

            store_backup.replace_database = stopping_swap
            backups.restore_backup(actor, data, None)
        elif mode == "worker-saves":
            from PySide6.QtCore import QCoreApplication

            from zhongxin_desktop.ui.worker import DbWorker

            app = QCoreApplication([])
            worker = DbWorker()
            for i in range(5):
                worker.submit(lambda i=i: cases.register(actor, case_input(i)).id,
                              lambda cid: print(cid, flush=True))
            app.exec()
        elif mode == "reader":
            database.execute_sql("SELECT count(*) FROM \"case\"").fetchone()
            print("reading", flush=True)
            time.sleep(600)
        elif mode == "leftovers":
            from zhongxin_desktop.store import tempfiles

            for folder in (data.root, data.backups, data.exports, data.attachments):
                folder.mkdir(parents=True, exist_ok=True)
                tempfiles.temp_path(folder, "work.sqlite").write_bytes(b"x" * 4096)
            print("leftovers-ready", flush=True)
            time.sleep(600)
        elif mode == "backup":
            from zhongxin_desktop import __version__
            from zhongxin_desktop.store import backup

            backup.PAGES_PER_STEP = 8

            def progress(status, remaining, total):
                print("backup-progress", remaining, total, flush=True)
                time.sleep(0.05)

            backup.create(data.database, data.backups, "manual", app_version=__version__, progress=progress)
            print("backup-done", flush=True)
    except Exception as exc:  # noqa: BLE001 - the test reads the message
        message = disk_full_message(exc) or getattr(exc, "args", [""])[0]
        print(f"已拒绝：{message}", file=sys.stderr, flush=True)
        cause, chain = exc, []  # the whole chain, so a failing test says what really happened
        while cause is not None and len(chain) < 20:
            chain.append(f"{type(cause).__module__}.{type(cause).__name__}: {cause}")
            cause = cause.__cause__ or cause.__context__
        print("chain: " + " <- ".join(chain), file=sys.stderr, flush=True)
        sizes = {p.name: p.stat().st_size for p in (data.database, wal) if p.exists()}
        print(f"limit: {os.environ.get('FAULT_FSIZE')} sizes: {sizes}", file=sys.stderr, flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
