"""Logging to a rotating file in the data folder's logs/ (never personal data at INFO)."""
from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

_configured: set[Path] = set()


def setup_logging(log_dir: Path, level: int = logging.INFO) -> Path:
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / "zhongxin.log"
    if path in _configured:
        return path
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    _configured.add(path)
    return path
