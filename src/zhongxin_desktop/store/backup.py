"""Backup files of the database: made with SQLite's online backup API, checked, described.

A backup is one file ``<stem>.sqlite`` (or ``<stem>.sqlite.enc`` when encrypted with a
passphrase) plus a manifest ``<stem>.json`` written last. A backup without its manifest was
interrupted (killed, disk full) and is never offered for restore.

Encrypted files: ``ZXBK1`` magic, a 16-byte scrypt salt, a 12-byte AES-GCM nonce, then the
ciphertext of the whole database file (backups are a few MB, so in memory is fine).
"""
from __future__ import annotations

from typing import Any

import contextlib
import datetime as dt
import hashlib
import json
import os
import sqlite3
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from zhongxin_desktop.store import tempfiles
from zhongxin_desktop.store.db import StoreError, disk_full_message, quick_check

MAGIC = b"ZXBK1"
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
MANIFEST_SUFFIX = ".json"


class BackupError(StoreError):
    """A backup could not be made, read or restored. Message is Chinese."""


@dataclass
class Manifest:
    name: str  # the stem, e.g. zhongxin-20261127-040700-manual
    file: str  # the data file's name next to the manifest
    kind: str  # daily / manual / pre-migration / pre-restore / pre-import
    created_at: str  # local time, ISO
    app_version: str
    schema_version: int
    sha256: str  # of the data file as stored (ciphertext when encrypted)
    size: int
    encrypted: bool
    integrity: str  # result of PRAGMA integrity_check on the copy
    audit_head: dict[str, Any] = field(default_factory=dict)  # {"seq", "hash"} of the audit chain at that time
    folder: str = ""  # where it was found (not stored)

    @property
    def created(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.created_at)

    def path(self) -> Path:
        return Path(self.folder) / self.file

    def manifest_path(self) -> Path:
        return Path(self.folder) / (self.name + MANIFEST_SUFFIX)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as f:
        os.fsync(f.fileno())


def _derive_key(passphrase: str, salt: bytes) -> bytes:
    return hashlib.scrypt(passphrase.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
                          maxmem=128 * 1024 * 1024, dklen=32)


def encrypt_bytes(data: bytes, passphrase: str) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, nonce = os.urandom(16), os.urandom(12)
    return MAGIC + salt + nonce + AESGCM(_derive_key(passphrase, salt)).encrypt(nonce, data, MAGIC)


def decrypt_bytes(blob: bytes, passphrase: str) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if not blob.startswith(MAGIC):
        raise BackupError("不是加密备份文件")
    salt, nonce, body = blob[5:21], blob[21:33], blob[33:]
    try:
        return AESGCM(_derive_key(passphrase, salt)).decrypt(nonce, body, MAGIC)
    except InvalidTag:
        raise BackupError("备份口令不正确，或备份文件已被改动") from None


def integrity_of(path: Path) -> str:
    """'ok' or SQLite's complaint. Opens the file read-only."""
    return quick_check(path, "integrity_check") or "ok"


def _schema_and_head(path: Path) -> tuple[int, dict[str, Any]]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        version = con.execute("PRAGMA user_version").fetchone()[0]
        head: dict[str, Any] = {}
        with contextlib.suppress(sqlite3.Error):
            row = con.execute("SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1").fetchone()
            if row:
                head = {"seq": row[0], "hash": row[1]}
    finally:
        con.close()
    return version, head


PAGES_PER_STEP = 1024  # copied between chances for other connections to write (online backup)


def copy_database(src: Path, dest: Path, progress: Callable[[int, int, int], object] | None = None) -> None:
    """A consistent copy of a live database (WAL included) into a standalone file."""
    source = sqlite3.connect(f"file:{src}?mode=ro", uri=True, timeout=30)
    target = sqlite3.connect(str(dest))
    try:
        source.backup(target, pages=PAGES_PER_STEP, progress=progress)
        # a single self-contained file: no -wal next to it, readable with mode=ro
        target.execute("PRAGMA journal_mode=DELETE")
        target.commit()
    finally:
        target.close()
        source.close()


def _stem(kind: str, now: dt.datetime) -> str:
    # pre-migration copies keep the foundation's name (pre-migration-vN-<time>): tests and
    # support notes look for it
    if kind.startswith("pre-migration"):
        return f"{kind}-{now:%Y%m%d-%H%M%S}"
    return f"zhongxin-{now:%Y%m%d-%H%M%S}-{kind}"


def create(src: Path, folder: Path, kind: str, *, app_version: str, passphrase: str | None = None,
           now: dt.datetime | None = None, progress: Callable[[int, int, int], object] | None = None
           ) -> Manifest:
    """Back up ``src`` into ``folder``; verified and described by its manifest, or nothing at all.

    The copy is written under a temporary name (tempfiles), hashed and described there; the
    manifest goes in before the copy takes its final name, so at every instant either both are
    in place or the backup is not listed (a manifest without its file never is), and what is
    left carries a name the start-up sweep removes."""
    folder.mkdir(parents=True, exist_ok=True)
    tempfiles.sweep_folder(folder)
    now = now or dt.datetime.now()
    base = _stem(kind, now)
    stem, n = base, 1
    while (folder / (stem + MANIFEST_SUFFIX)).exists():
        n += 1
        stem = f"{base}-{n}"
    tmp = tempfiles.temp_path(folder, "backup.sqlite")
    try:
        copy_database(src, tmp, progress)
        integrity = integrity_of(tmp)
        if integrity != "ok":
            raise BackupError(f"备份副本未通过完整性检查（{integrity}），当前数据库可能已损坏")
        schema, head = _schema_and_head(tmp)
        filename = stem + ".sqlite"
        if passphrase:
            tmp.write_bytes(encrypt_bytes(tmp.read_bytes(), passphrase))
            filename += ".enc"
        _fsync_file(tmp)
        manifest = Manifest(name=stem, file=filename, kind=kind, created_at=now.isoformat(timespec="seconds"),
                            app_version=app_version, schema_version=schema, sha256=sha256_file(tmp),
                            size=tmp.stat().st_size, encrypted=bool(passphrase), integrity=integrity,
                            audit_head=head, folder=str(folder))
        write_manifest(manifest)
        try:
            os.replace(tmp, folder / filename)
        except OSError:
            manifest.manifest_path().unlink(missing_ok=True)
            raise
        _fsync_dir(folder)
        return manifest
    except (OSError, sqlite3.Error) as exc:
        raise BackupError(_os_message(exc, folder)) from exc
    finally:
        for leftover in (tmp, Path(f"{tmp}-journal"), Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            leftover.unlink(missing_ok=True)


def _os_message(exc: BaseException, folder: Path) -> str:
    if disk_full_message(exc):
        return f"备份失败：磁盘空间不足（{folder}）。请清理磁盘或更换备份位置，原数据库未受影响。"
    return f"备份失败（{folder}）：{exc}。原数据库未受影响。"


def write_manifest(m: Manifest) -> None:
    data = asdict(m)
    data.pop("folder")
    path = m.manifest_path()
    with tempfiles.written_atomically(path) as tmp, open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=2)
        f.flush()
        os.fsync(f.fileno())


def read_manifest(path: Path) -> Manifest | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Manifest(**data, folder=str(path.parent))
    except (OSError, ValueError, TypeError):
        return None


def list_backups(folder: Path) -> list[Manifest]:
    """Complete backups (with a manifest and their file), newest first."""
    if not folder.is_dir():
        return []
    found = []
    for p in folder.glob("*" + MANIFEST_SUFFIX):
        if p.name.startswith("."):
            continue
        m = read_manifest(p)
        if m is not None and m.path().exists():
            found.append(m)
    found.sort(key=lambda m: (m.created_at, m.name), reverse=True)
    return found


def extract(m: Manifest, dest: Path, passphrase: str | None = None) -> None:
    """Write the plain database of backup ``m`` to ``dest``, checking its hash first."""
    if sha256_file(m.path()) != m.sha256:
        raise BackupError(f"备份“{m.name}”的校验值不符：文件已损坏或被改动")
    if m.encrypted:
        if not passphrase:
            raise BackupError(f"备份“{m.name}”已加密，需要备份口令")
        dest.write_bytes(decrypt_bytes(m.path().read_bytes(), passphrase))
    else:
        with open(m.path(), "rb") as src, open(dest, "wb") as out:
            for chunk in iter(lambda: src.read(1 << 20), b""):
                out.write(chunk)
    _fsync_file(dest)


def verify(m: Manifest, passphrase: str | None = None) -> str:
    """'ok' or what is wrong with backup ``m`` (hash, passphrase, integrity). A decrypted copy
    is checked in memory: personal data never lands in a temporary file."""
    try:
        if sha256_file(m.path()) != m.sha256:
            return f"备份“{m.name}”的校验值不符：文件已损坏或被改动"
        if not m.encrypted:
            return integrity_of(m.path())
        if not passphrase:
            return f"备份“{m.name}”已加密，需要备份口令"
        plain = decrypt_bytes(m.path().read_bytes(), passphrase)
    except BackupError as exc:
        return str(exc)
    except OSError as exc:
        return f"无法读取备份“{m.name}”：{exc}"
    con = sqlite3.connect(":memory:")
    try:
        con.deserialize(plain)
        rows = con.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        con.close()
    return "; ".join(str(r[0]) for r in rows[:5])


def remove(m: Manifest) -> None:
    m.manifest_path().unlink(missing_ok=True)  # manifest first: a half-removed backup is never listed
    m.path().unlink(missing_ok=True)


def rotate(backups: list[Manifest], keep_daily: int, keep_weekly: int, keep_monthly: int,
           now: dt.datetime | None = None) -> list[Manifest]:
    """The backups to delete: keep everything from the last 24 hours, and the newest backup of
    each of the last ``keep_daily`` days, ``keep_weekly`` ISO weeks and ``keep_monthly`` months."""
    now = now or dt.datetime.now()
    ordered = sorted(backups, key=lambda m: m.created_at, reverse=True)
    keep: set[str] = {m.name for m in ordered if now - m.created < dt.timedelta(hours=24)}
    for bucket, limit in ((lambda d: d.date(), keep_daily), (lambda d: d.isocalendar()[:2], keep_weekly),
                          (lambda d: (d.year, d.month), keep_monthly)):
        seen: list[Any] = []
        for m in ordered:
            key = bucket(m.created)
            if key in seen:
                continue
            if len(seen) >= limit:
                break
            seen.append(key)
            keep.add(m.name)
    return [m for m in ordered if m.name not in keep]


def replace_database(db_path: Path, new_file: Path) -> None:
    """Put ``new_file`` in place of the (closed) database at ``db_path``, atomically.

    The old -wal/-shm are removed first: a stale WAL next to a different main file would be
    replayed into it. The caller has already checkpointed or saved the old files.
    """
    for suffix in ("-wal", "-shm", "-journal"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    os.replace(new_file, db_path)
    _fsync_dir(db_path.parent)


def _fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable; directories cannot be opened on Windows."""
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)
