"""综治中心桌面端 (Zhongxin Desktop)."""
from importlib import metadata as _metadata


def _version() -> str:
    """The one version number, from pyproject.toml: through the installed (or frozen, see
    installer/zhongxin.spec copy_metadata) package metadata, else read from the source tree."""
    try:
        return _metadata.version("zhongxin-desktop")
    except _metadata.PackageNotFoundError:
        pass
    try:
        import tomllib
        from pathlib import Path

        pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
        return tomllib.loads(pyproject.read_text("utf-8"))["project"]["version"]
    except (OSError, KeyError, ValueError):
        return "0+unknown"  # visibly wrong: a packaging bug, not a version


__version__ = _version()

APP_NAME = "ZhongxinDesktop"
APP_TITLE = "综治中心桌面端"
