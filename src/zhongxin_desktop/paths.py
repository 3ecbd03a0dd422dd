"""Where things live: the data folder and the bundled resources.

One function for resources so the same code works from a source tree, an installed wheel
(resources installed under ``<prefix>/share/zhongxin-desktop``) and a PyInstaller bundle.
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from zhongxin_desktop import APP_NAME

ENV_DATA_DIR = "ZHONGXIN_DATA_DIR"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser().resolve()
    return default_data_dir()


@dataclass(frozen=True)
class DataDir:
    """The layout of one center's data folder. Two folders are two independent centers."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / "zhongxin.sqlite"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def attachments(self) -> Path:
        return self.root / "attachments"

    @property
    def keys(self) -> Path:
        return self.root / "keys"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def exports(self) -> Path:
        return self.root / "exports"

    def ensure(self) -> "DataDir":
        for p in (self.root, self.backups, self.attachments, self.keys, self.logs, self.exports):
            p.mkdir(parents=True, exist_ok=True)
        return self


def _resource_roots() -> list[Path]:
    roots: list[Path] = []
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        roots.append(Path(frozen))
    here = Path(__file__).resolve()
    roots.append(here.parents[2])  # source tree: <repo>/src/zhongxin_desktop/paths.py
    roots.append(Path(sys.prefix) / "share" / "zhongxin-desktop")  # installed wheel
    return roots


def resource_path(*parts: str, kind: str = "resources") -> Path:
    """Path of a bundled file, e.g. ``resource_path("icons", "app.png")``.

    ``kind`` is ``"resources"`` or ``"forms"``. Raises FileNotFoundError naming every place tried,
    because a missing resource in an installed app is a packaging bug worth a clear message.
    """
    tried = []
    for root in _resource_roots():
        candidate = root.joinpath(kind, *parts)
        if candidate.exists():
            return candidate
        tried.append(str(candidate))
    raise FileNotFoundError("找不到资源文件: " + "; ".join(tried))
