"""The county's server database remembered in its data folder, so the desktop and every command
open it without ``--database``.

The address is kept without its password (``database-server.txt``); the password, when the
address carried one, goes to a libpq password file beside it (``database-server.pgpass``, readable
by its owner only), which psycopg reads through the ``passfile`` parameter. Messages and logs only
ever show ``engine.describe(url)``.
"""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from zhongxin_desktop.paths import DataDir

ADDRESS_FILE = "database-server.txt"
PASSWORD_FILE = "database-server.pgpass"


def address_file(data: DataDir) -> Path:
    return data.root / ADDRESS_FILE


def password_file(data: DataDir) -> Path:
    return data.root / PASSWORD_FILE


def load(data: DataDir) -> str | None:
    """The remembered address (no password in it), or None."""
    try:
        text = address_file(data).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return text or None


def passfile(data: DataDir) -> Path | None:
    path = password_file(data)
    return path if path.exists() else None


def without_password(url: str) -> tuple[str, str | None]:
    """The address with the password taken out, and that password (None when there was none)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url, None
    user = parts.username or ""
    host = parts.hostname or ""
    if ":" in host:  # an IPv6 address keeps its brackets
        host = f"[{host}]"
    port = f":{parts.port}" if parts.port else ""
    netloc = f"{user}@{host}{port}" if user else f"{host}{port}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment)), unquote(parts.password)


def _pgpass_field(value: str) -> str:
    return value.replace("\\", "\\\\").replace(":", "\\:")


def save(data: DataDir, url: str) -> None:
    """Remember ``url``: the address in one file, its password (if any) in a libpq password file
    that only this account can read. Each file is written whole (temporary file, then renamed)."""
    bare, password = without_password(url)
    parts = urlsplit(bare)
    data.root.mkdir(parents=True, exist_ok=True)
    if password is not None:
        line = ":".join(_pgpass_field(v) for v in (
            parts.hostname or "localhost", str(parts.port or 5432), parts.path.lstrip("/") or "*",
            unquote(parts.username or "") or "*", password))
        _write_private(password_file(data), line + "\n")
    else:
        password_file(data).unlink(missing_ok=True)
    _write_private(address_file(data), bare + "\n")


def forget(data: DataDir) -> bool:
    """Back to the data folder's own file; True when an address was remembered."""
    had = address_file(data).exists()
    address_file(data).unlink(missing_ok=True)
    password_file(data).unlink(missing_ok=True)
    return had


def _write_private(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.chmod(tmp, 0o600)  # libpq ignores a password file others can read
    os.replace(tmp, path)
