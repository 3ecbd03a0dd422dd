"""The private folder a bundle is decrypted into, and the sweep of folders a killed import left.

Kept apart from the container (no cryptography imported) so the app can sweep at start cheaply."""
from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import BinaryIO

WORKDIR_PREFIX = "zxb-"
IN_USE = "in-use"


def make_workdir(parent: Path | None) -> tuple[Path, BinaryIO]:
    """A private folder (0700) for the decrypted bundle, and an open, locked marker file in it
    that says "in use" to ``sweep_leftovers`` of another process while this one works."""
    workdir = Path(tempfile.mkdtemp(prefix=WORKDIR_PREFIX, dir=parent))  # mkdtemp: mode 0700
    marker = open(workdir / IN_USE, "wb")
    _lock(marker)
    return workdir, marker


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
    removed = 0
    for folder in Path(parent).glob(WORKDIR_PREFIX + "*"):
        if not folder.is_dir():
            continue
        marker = folder / IN_USE
        try:
            with open(marker, "ab") as fh:
                if not _lock(fh):
                    continue
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            shutil.rmtree(folder, ignore_errors=True)  # no marker: not a working folder any more
        removed += not folder.exists()
    return removed
