"""Files written under a temporary name and moved into place when whole, and the start-up sweep
that removes those a killed process left behind (a half-made backup is as large as the database).

Every such file or folder is named ``.partial-<pid>.<host>-<what>``: the dot keeps it out of
listings, the process id and a tag of the computer say whose it is. The sweep removes only these
names, and only when their process is gone on this computer: a backup that another instance (or
a command in another terminal) is writing right now keeps its file, and a folder shared with
another PC keeps that PC's files. Names of older versions (``.partial-*`` without a process id,
``.restore-*``, ``*.json.tmp``, ``*.part``) are removed once they are an hour old: no process of
this version writes them. Nothing else is ever touched. (A decrypted import's folder ``zxb-*``
has its own sweep, exchange/workdir.py.)
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zhongxin_desktop.paths import DataDir

import contextlib
import hashlib
import logging
import os
import re
import shutil
import socket
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

log = logging.getLogger(__name__)

PREFIX = ".partial-"
LEGACY_AGE_S = 3600
_OURS = re.compile(r"^\.partial-(\d+)\.([0-9a-f]{6})-")
_LEGACY = (re.compile(r"^\.partial-"),
           re.compile(r"^\.restore-\d+\.sqlite(-journal|-wal|-shm)?$"),
           re.compile(r"^\..+\.json\.tmp$"),
           re.compile(r"^[0-9a-f]{64}\.part$|^.+\.zxb\.part$"))


def host_tag() -> str:
    return hashlib.sha1(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:6]


def temp_name(what: str) -> str:
    """A name for ``what`` while this process writes it (unique within the process)."""
    return f"{PREFIX}{os.getpid()}.{host_tag()}-{uuid.uuid4().hex[:8]}-{what}"


def temp_path(folder: Path, what: str) -> Path:
    return Path(folder) / temp_name(what)


def is_temp_name(name: str) -> bool:
    return bool(_OURS.match(name)) or any(p.match(name) for p in _LEGACY)


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` runs on this computer (True when unsure: the file stays)."""
    if pid == os.getpid():
        return True
    if pid <= 0:
        return False
    if os.name == "nt":
        import ctypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return bool(ctypes.get_last_error() == 5)  # type: ignore[attr-defined]  # Windows only; access denied: it exists
        try:
            code = ctypes.c_ulong()
            if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
                return True
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: another user's process
        return True
    return True


def abandoned(path: Path, now: float | None = None) -> bool:
    """True when ``path`` is a temporary name whose writer is gone."""
    m = _OURS.match(path.name)
    if m:
        return m.group(2) == host_tag() and not process_alive(int(m.group(1)))
    if any(p.match(path.name) for p in _LEGACY):
        try:
            age = (now or time.time()) - path.lstat().st_mtime
        except OSError:
            return False
        return age > LEGACY_AGE_S
    return False


def _candidate(name: str) -> bool:
    """A cheap first look (a folder of attachments holds thousands of ordinary names)."""
    return name.startswith(".") or name.endswith(".part")


def sweep_folder(folder: Path, *, depth: int = 0) -> list[Path]:
    """Remove abandoned temporary files and folders in ``folder`` (and ``depth`` levels of
    ordinary sub-folders below it). Returns what was removed."""
    removed: list[Path] = []
    try:
        with os.scandir(folder) as it:
            entries = list(it)
    except OSError:
        return removed
    for entry in entries:
        path = Path(entry.path) if _candidate(entry.name) or depth > 0 else None
        if path is not None and _candidate(entry.name) and abandoned(path):
            try:
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(path)
                else:
                    path.unlink()
                removed.append(path)
            except OSError as exc:
                log.warning("leftover %s not removed: %s", path, exc)
        elif path is not None and depth > 0 and not entry.name.startswith(".") and entry.is_dir(follow_symlinks=False):
            removed += sweep_folder(path, depth=depth - 1)
    if removed:
        log.info("removed %d leftovers of interrupted work in %s", len(removed), folder)
    return removed


def sweep(data: DataDir) -> list[Path]:
    """The start-up sweep of a data folder (``paths.DataDir``): the folder itself (a staged
    restore, a demo being built), backups, exports (bundles, decrypted imports) and the top of
    the attachment store (files are written there and moved into their hash folder: the
    thousands of stored files are never listed at a start)."""
    removed: list[Path] = []
    for folder in (data.root, data.backups, data.exports, data.attachments):
        removed += sweep_folder(folder)
    return removed


@contextlib.contextmanager
def written_atomically(path: Path, tmp_dir: Path | None = None) -> Iterator[Path]:
    """``with written_atomically(target) as tmp:`` write ``tmp``; on success it replaces
    ``target`` in one step, on failure it is removed. A killed writer leaves only a name the
    sweep knows. ``tmp_dir``: where to write it (the same disk), default beside ``target``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path(tmp_dir or path.parent, path.name)
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
