"""A throwaway PostgreSQL 15 cluster for the tests that run the county on a server database.

Debian's ``initdb`` refuses to run as root, so the cluster belongs to the ``postgres`` user
(``runuser``) and lives in a temporary folder, on a free port of 127.0.0.1 only, with a UTF-8
LC_CTYPE (pg_trgm makes no trigrams of Chinese text under the C locale).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

from helpers import free_port

BIN = Path("/usr/lib/postgresql/15/bin")
SUPERUSER = "zhongxin"


class ClusterUnavailable(Exception):
    """PostgreSQL cannot be started here (not installed, or no way to run it as its own user)."""


def _as_postgres(args: list[str], **kw) -> subprocess.CompletedProcess:
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--", *args]
    return subprocess.run(args, capture_output=True, text=True, timeout=120, **kw)



class Cluster:
    def __init__(self) -> None:
        if not (BIN / "initdb").exists():
            raise ClusterUnavailable(f"{BIN / 'initdb'} not found (Debian package postgresql)")
        self.root = Path(tempfile.mkdtemp(prefix="zhongxin-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        os.chmod(self.root, 0o755)

    def start(self) -> Cluster:
        done = _as_postgres([str(BIN / "initdb"), "-D", str(self.data), "-U", SUPERUSER, "--auth=trust",
                             "--locale=C.UTF-8", "--encoding=UTF8"])
        if done.returncode:
            raise ClusterUnavailable(f"initdb failed: {done.stderr.strip()}")
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off")
        done = _as_postgres([str(BIN / "pg_ctl"), "-D", str(self.data), "-o", options, "-w", "-t", "60",
                             "-l", str(self.root / "server.log"), "start"])
        if done.returncode:
            raise ClusterUnavailable(f"pg_ctl start failed: {done.stderr.strip() or done.stdout.strip()}")
        return self

    def url(self, database: str) -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        """A new empty database; its URL."""
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url("postgres"), autocommit=True) as con:
            con.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\' LC_CTYPE \'C.UTF-8\'')
        return self.url(name)

    def stop(self) -> None:
        _as_postgres([str(BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "-t", "30", "stop"])
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                shutil.rmtree(self.root)
                return
            except OSError:
                time.sleep(0.2)
