"""Attachment files, stored by content hash under the data folder's ``attachments/``:
``attachments/ab/abcdef…`` (first two hex digits as a sub-folder, so no folder gets huge)."""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import BinaryIO, Callable

SHA = re.compile(r"^[0-9a-f]{64}$")


def blob_path(attachments_dir: Path, sha256: str) -> Path:
    if not SHA.match(sha256 or ""):
        raise ValueError(f"附件哈希“{sha256}”格式不对")
    return attachments_dir / sha256[:2] / sha256


def write_blob(attachments_dir: Path, sha256: str, copy: Callable[[BinaryIO], None]) -> bool:
    """Write a blob if it is not there yet; returns True when written. Written to a temporary
    name and renamed, so a crash never leaves a half file under the real name."""
    target = blob_path(attachments_dir, sha256)
    if target.exists():
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    with open(tmp, "wb") as out:
        copy(out)
        out.flush()
        os.fsync(out.fileno())
    tmp.replace(target)
    return True
