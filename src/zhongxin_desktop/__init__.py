"""综治中心桌面端 (Zhongxin Desktop)."""
from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("zhongxin-desktop")
except _metadata.PackageNotFoundError:  # running from a source tree or a frozen bundle without metadata
    __version__ = "0.1.0"

APP_NAME = "ZhongxinDesktop"
APP_TITLE = "综治中心桌面端"
