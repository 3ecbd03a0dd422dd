"""The private folder a bundle is decrypted into, and the sweep of folders a killed import left.

Kept apart from the container (no cryptography imported) so the app can sweep at start cheaply."""
from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

WORKDIR_PREFIX = "zxb-"
IN_USE = "in-use"
# Held while a folder is made and marked, and while leftovers are swept: between mkdtemp and the
# marker a new folder looks exactly like a killed import's, and the county imports several
# townships' bundles at once, each sweeping first. The dot keeps it out of the sweep's pattern.
MAKING = ".zxb-making.lock"


def make_workdir(parent: Path | None) -> tuple[Path, BinaryIO]:
    """A private folder (0700) for the decrypted bundle, and an open, locked marker file in it
    that says "in use" to ``sweep_leftovers`` (in this process or another) while this one works."""
    with _making(parent):
        workdir = Path(tempfile.mkdtemp(prefix=WORKDIR_PREFIX, dir=parent))  # mkdtemp: mode 0700
        marker = open(workdir / IN_USE, "wb")
        _lock(marker)
    return workdir, marker


@contextmanager
def _making(parent: Path | None) -> Iterator[None]:
    """Folders are made, marked and swept one at a time in ``parent`` (threads and processes)."""
    if parent is None or sys.platform == "win32":  # a temp folder is never swept; see _lock
        yield
        return
    import fcntl

    with open(Path(parent) / MAKING, "ab") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)  # an open file each: flock then parts threads too
        yield


def _lock(fh: BinaryIO) -> bool:
    """Lock ``fh`` exclusively without waiting; False when another process holds it. Windows
    needs no lock: an open file there cannot be deleted, so the sweep leaves that folder alone."""
    if sys.platform == "win32":
        return True
    import fcntl

    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


def sweep_leftovers(parent: Path) -> int:
    """Remove decrypted bundles left behind by an import that was killed (they hold personal
    data in plain text). Folders of an import still running elsewhere are kept. Returns how many
    folders went."""
    parent = Path(parent)
    if not parent.is_dir():
        return 0
    with _making(parent):
        return sum(_sweep_one(folder) for folder in parent.glob(WORKDIR_PREFIX + "*"))


def _sweep_one(folder: Path) -> int:
    """1 when ``folder`` was a killed import's and is gone, else 0 (still in use, or not a folder)."""
    if not folder.is_dir():
        return 0
    try:
        with open(folder / IN_USE, "ab") as fh:
            if not _lock(fh):
                return 0  # an import still running holds it
            shutil.rmtree(folder, ignore_errors=True)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)  # no marker: not a working folder any more
    return int(not folder.exists())
