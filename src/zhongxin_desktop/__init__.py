"""综治中心桌面端 (Zhongxin Desktop)."""
import os as _os
import sys as _sys

from zhongxin_desktop import _server_driver

_server_driver.install()

_DIST_PREFIX = "zhongxin_desktop-"


def _version_from_dist_info() -> str | None:
    """What importlib.metadata.version would find first on sys.path, read without importing
    importlib.metadata (30–70 ms of every start on a township PC, for one line of one file)."""
    for entry in _sys.path:
        try:
            names = _os.listdir(entry or ".")
        except OSError:  # a zip file or a missing folder: importlib.metadata handles those
            continue
        for name in names:
            if name.startswith(_DIST_PREFIX) and name.endswith(".dist-info"):
                try:
                    with open(_os.path.join(entry or ".", name, "METADATA"), encoding="utf-8") as f:
                        for line in f:
                            if line.startswith("Version:"):
                                return line.split(":", 1)[1].strip()
                            if not line.strip():
                                break  # end of the headers
                except OSError:
                    pass
                return None  # an unreadable distribution: let importlib.metadata decide
    return None


def _version() -> str:
    """The one version number, from pyproject.toml: through the installed (or frozen, see
    installer/zhongxin.spec copy_metadata) package metadata, else read from the source tree."""
    found = _version_from_dist_info()
    if found:
        return found
    from importlib import metadata as _metadata

    try:
        return _metadata.version("zhongxin-desktop")
    except _metadata.PackageNotFoundError:
        pass
    try:
        import tomllib
        from pathlib import Path

        pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
        version: str = tomllib.loads(pyproject.read_text("utf-8"))["project"]["version"]
        return version
    except (OSError, KeyError, ValueError):
        return "0+unknown"  # visibly wrong: a packaging bug, not a version


__version__ = _version()

APP_NAME = "ZhongxinDesktop"
APP_TITLE = "综治中心桌面端"
