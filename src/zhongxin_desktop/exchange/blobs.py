"""Attachment files, stored by content hash under the data folder's ``attachments/``:
``attachments/ab/abcdef…`` (first two hex digits as a sub-folder, so no folder gets huge)."""
from __future__ import annotations

import os
import re
from pathlib import Path

SHA = re.compile(r"^[0-9a-f]{64}$")


def blob_path(attachments_dir: Path, sha256: str) -> Path:
    if not SHA.match(sha256 or ""):
        raise ValueError(f"附件哈希“{sha256}”格式不对")
    return attachments_dir / sha256[:2] / sha256


def sync(paths: list[Path]) -> None:
    """Make written files durable before the database commit that refers to them: one
    system-wide sync where there is one (Linux, macOS), else each file (Windows)."""
    if not paths:
        return
    if hasattr(os, "sync"):
        os.sync()
        return
    for p in paths:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
