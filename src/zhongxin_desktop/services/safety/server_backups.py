"""Backups of a county store kept on a PostgreSQL server: ``zhongxin backup`` drives the server's
own tools (``pg_dump -Fc``, ``pg_restore``) instead of copying the data folder's file.

A dump lands in the data folder's ``backups`` with a small JSON manifest beside it (time, size,
SHA-256, which database, without its password), so ``backup list|verify`` can say what it is.
A restore first dumps what is there now, then replaces the schema's contents in one transaction:
it happens whole or not at all. The keys folder is not in the database: back it up with the folder.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from zhongxin_desktop import __version__
from zhongxin_desktop.domain.errors import DomainError
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.paths import DataDir
from zhongxin_desktop.services import audit
from zhongxin_desktop.services.actor import Actor, unattended
from zhongxin_desktop.store import engine, server_address
from zhongxin_desktop.store.db import database

PREFIX = "county-server-"
TIMEOUT = 6 * 3600  # a province-sized dump takes hours, not days


@dataclass
class ServerBackup:
    name: str
    created_at: str
    kind: str
    size: int
    sha256: str
    database: str
    folder: Path

    def path(self) -> Path:
        return self.folder / f"{self.name}.dump"


def _tool(name: str) -> str:
    """pg_dump/pg_restore: the newest installed server version's own (a dump tool must not be
    older than the server), else the one on PATH (Debian's wrapper, Windows' installer)."""
    versions = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
                      key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0)
    if versions:
        return str(versions[-1])
    found = shutil.which(name)
    if not found:
        raise DomainError(f"找不到 PostgreSQL 的 {name}：请安装 PostgreSQL 客户端工具（Debian：apt install postgresql-client）")
    return found


def _run(tool: str, args: list[str], url: str, data: DataDir) -> None:
    """Run a PostgreSQL tool against ``url``; its password never appears on a command line."""
    bare, password = server_address.without_password(url)
    env = {**os.environ, "PGCONNECT_TIMEOUT": "10", "PGOPTIONS": "-c lock_timeout=60s"}
    if password is not None:
        env["PGPASSWORD"] = password
    elif (passfile := server_address.passfile(data)) is not None:
        env["PGPASSFILE"] = str(passfile)
    try:
        done = subprocess.run([_tool(tool), *args, "--dbname", bare.replace("postgres://", "postgresql://", 1)],
                              env=env, capture_output=True, text=True, timeout=TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise DomainError(f"{tool} 未能完成：{exc}") from exc
    if done.returncode:
        reason = (done.stderr.strip().splitlines() or [f"退出码 {done.returncode}"])[-1]
        raise DomainError(f"{tool} 失败（{engine.describe(url)}）：{reason}")


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _manifest(path: Path) -> ServerBackup | None:
    try:
        d = json.loads(path.read_text(encoding="utf-8"))
        return ServerBackup(d["name"], d["created_at"], d["kind"], int(d["size"]), d["sha256"], d["database"],
                            path.parent)
    except (OSError, ValueError, KeyError):
        return None


@unattended("run by the system (start-up, recovery, idle upkeep) or before anyone signs in: acts on the data folder and its backups")
def all_backups(data: DataDir) -> list[ServerBackup]:
    """Newest first."""
    found = [m for p in data.backups.glob(f"{PREFIX}*.json") if (m := _manifest(p)) is not None]
    return sorted(found, key=lambda m: m.created_at, reverse=True)


@unattended("run by the system (start-up, recovery, idle upkeep) or before anyone signs in: acts on the data folder and its backups")
def find(data: DataDir, name: str | None) -> ServerBackup:
    found = all_backups(data)
    if name:
        found = [m for m in found if name in (m.name, m.path().name)]
    if not found:
        raise DomainError(f"没有名为“{name}”的服务器备份" if name else
                          f"还没有服务器备份（{data.backups}）：先运行“zhongxin backup create”")
    return found[0]


def _dump(url: str, data: DataDir, kind: str) -> ServerBackup:
    data.backups.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now()
    name = f"{PREFIX}{now:%Y%m%d-%H%M%S-%f}"
    final = data.backups / f"{name}.dump"
    tmp = final.with_suffix(".dump.tmp")
    try:
        _run("pg_dump", ["--format=custom", "--no-owner", "--file", str(tmp)], url, data)
        m = ServerBackup(name, now.isoformat(timespec="seconds"), kind, tmp.stat().st_size, _sha256(tmp),
                         engine.describe(url), data.backups)
        manifest = {"name": m.name, "created_at": m.created_at, "kind": kind, "size": m.size, "sha256": m.sha256,
                    "database": m.database, "app_version": __version__, "format": "pg_dump custom"}
        (data.backups / f"{name}.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2),
                                                   encoding="utf-8")
        os.replace(tmp, final)  # the dump takes its name only once it is whole and described
    finally:
        tmp.unlink(missing_ok=True)
    return m


def create(actor: Actor, data: DataDir, url: str, kind: str = "manual") -> ServerBackup:
    actor.require(Perm.EXPORT, "backup", kind)
    try:
        m = _dump(url, data, kind)
    except DomainError as exc:
        audit.record(actor.username, "backup_create", "backup", kind, outcome="failed", detail=str(exc))
        raise
    audit.record(actor.username, "backup_create", "backup", m.name,
                 detail={"kind": kind, "sha256": m.sha256, "engine": "postgresql"})
    return m


@unattended("run by the system (start-up, recovery, idle upkeep) or before anyone signs in: acts on the data folder and its backups")
def verify(data: DataDir, name: str | None) -> ServerBackup:
    """The dump is the one described (SHA-256) and pg_restore can read its table of contents."""
    m = find(data, name)
    if not m.path().exists():
        raise DomainError(f"备份“{m.name}”的文件 {m.path()} 不见了")
    if _sha256(m.path()) != m.sha256:
        raise DomainError(f"备份“{m.name}”与清单中的 SHA-256 不符：文件已改动或损坏")
    done = subprocess.run([_tool("pg_restore"), "--list", str(m.path())], capture_output=True, text=True,
                          timeout=600)
    if done.returncode or "TABLE DATA" not in done.stdout:
        raise DomainError(f"备份“{m.name}”无法读取：{done.stderr.strip() or '其中没有数据'}")
    return m


def restore(actor: Actor, data: DataDir, url: str, name: str | None) -> ServerBackup:
    """Replace the store's contents with dump ``name`` (newest when None); returns the safety dump
    of what was there. The caller's connection is closed while pg_restore runs."""
    actor.require(Perm.RESTORE, "backup", name or "")
    m = verify(data, name)
    safety = create(actor, data, url, "pre-restore")
    audit.record(actor.username, "backup_restore_start", "backup", m.name, detail={"safety": safety.name})
    database.close()
    _run("pg_restore", ["--clean", "--if-exists", "--single-transaction", "--exit-on-error", "--no-owner",
                        "--no-privileges", str(m.path())], url, data)
    database.connect(reuse_if_open=True)
    # the restored trail continues with the restore itself (its entries made since went with it)
    audit.record(actor.username, "backup_restore", "backup", m.name, detail={"safety": safety.name,
                                                                             "engine": "postgresql"})
    return safety
