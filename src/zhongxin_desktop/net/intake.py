"""The county's HTTP intake: a WSGI application served by waitress (``zhongxin serve``).

``POST /bundles`` with a .zxb as the body: it is imported exactly as ``zhongxin bundle import``
imports a file (its signature says who sent it; one transaction), and the answer is the
county's receipt bundle for that sender. ``GET /health`` says whether the database answers.
Every refusal has an HTTP status and a Chinese reason, changes nothing, and is logged; one
structured (JSON) log line per upload.
"""
from __future__ import annotations

import contextlib
import json
import logging
import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from wsgiref.types import StartResponse, WSGIEnvironment

import peewee as pw

from zhongxin_desktop.domain.roles import Role
from zhongxin_desktop.paths import DataDir
from zhongxin_desktop.services.actor import Actor
from zhongxin_desktop.store.db import StoreError, database
from zhongxin_desktop.store.engine import is_server

if TYPE_CHECKING:
    from zhongxin_desktop.exchange.summary import ImportSummary

log = logging.getLogger("zhongxin.intake")
INTAKE_USER = "网络报送"
DEFAULT_MAX_BYTES = 200 * 1024 * 1024
BUSY_SECONDS = 300  # an upload waits this long for the one before it, then is told to retry
CHUNK = 1 << 20

STATUS_TEXT = {200: "200 OK", 400: "400 Bad Request", 403: "403 Forbidden", 404: "404 Not Found",
               405: "405 Method Not Allowed", 411: "411 Length Required", 413: "413 Payload Too Large",
               422: "422 Unprocessable Entity", 500: "500 Internal Server Error", 503: "503 Service Unavailable"}


class Refusal(Exception):
    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


def _database_down(exc: BaseException) -> bool:
    return isinstance(exc, (pw.OperationalError, pw.InterfaceError, StoreError))


class IntakeApp:
    """One per ``serve``; waitress calls it from its worker threads."""

    def __init__(self, data: DataDir, county_code: str, *, max_bytes: int = DEFAULT_MAX_BYTES):
        self.data = data
        self.max_bytes = max_bytes
        self.actor = Actor(INTAKE_USER, INTAKE_USER, Role.ADMIN, county_code)
        self.folder = data.root / "intake"
        self.folder.mkdir(parents=True, exist_ok=True)
        # On the data folder's file one import at a time (SQLite has one writer; each import
        # also backs the file up first). On a server store uploads are decrypted, checked and
        # applied side by side, each in its own transaction: the store's locks keep one
        # township's bundles in turn and the audit chain in order (engine.serialize_writes).
        self._importing = threading.Lock()
        self._receipts: dict[str, threading.Lock] = {}  # per township: receipt numbers in turn
        self._receipts_guard = threading.Lock()

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        path, method = environ.get("PATH_INFO", "/"), environ.get("REQUEST_METHOD", "GET")
        if path == "/health":
            return self._health(start_response)
        if path.rstrip("/") != "/bundles":
            return self._error(start_response, Refusal(404, "没有这个地址：报送数据包请用 POST /bundles"))
        if method != "POST":
            return self._error(start_response, Refusal(405, "报送数据包请用 POST"))
        return self._upload(environ, start_response)

    # --- endpoints --------------------------------------------------------------------------------

    def _health(self, start_response: StartResponse) -> list[bytes]:
        try:
            with self._connection():
                database.execute_sql("SELECT 1").fetchone()
        except Exception as exc:  # noqa: BLE001 - any failure here means "not healthy"
            log.warning("health check failed: %s", exc)
            return self._json(start_response, 503, {"status": "unavailable", "reason": "数据库暂时无法使用"})
        return self._json(start_response, 200, {"status": "ok"})

    def _upload(self, environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        started = time.monotonic()
        entry: dict[str, object] = {"event": "upload", "remote": environ.get("REMOTE_ADDR", ""), "bytes": 0}
        path = None
        try:
            path = self._receive(environ, entry)
            summary = self._import(path)
            entry.update(sender=summary.sender, sequence=summary.sequence, result=summary.status)
            if summary.status == "ERROR":
                reason = summary.refused_reason or "数据包没有导入（审计日志被改写或回退）"
                status = 403 if "信任名单" in reason else 422
                raise Refusal(status, reason)
            body = self._receipt(summary.sender)
            entry.update(status=200, imported=summary.totals.imported, updated=summary.totals.updated)
            start_response(STATUS_TEXT[200], [("Content-Type", "application/octet-stream"),
                                              ("Content-Length", str(len(body))),
                                              ("Content-Disposition", 'attachment; filename="receipt.zxb"')])
            return [body]
        except Refusal as exc:
            entry.update(status=exc.status, reason=exc.reason)
            if path is not None:
                path.unlink(missing_ok=True)  # nothing of a refused upload is kept
            return self._error(start_response, exc)
        except Exception as exc:  # noqa: BLE001 - the township must get an answer, the log the cause
            if path is not None:
                path.unlink(missing_ok=True)
            if _database_down(exc):
                refusal = Refusal(503, "县级中心的数据库暂时无法使用，本次报送未做任何修改，请稍后重试")
            else:
                log.exception("upload failed")
                refusal = Refusal(500, "县级中心处理数据包时出错，本次报送未做任何修改，请稍后重试或改用U盘报送")
            entry.update(status=refusal.status, reason=refusal.reason, error=type(exc).__name__)
            return self._error(start_response, refusal)
        finally:
            entry["ms"] = round((time.monotonic() - started) * 1000)
            log.info(json.dumps(entry, ensure_ascii=False, sort_keys=True))

    # --- steps ----------------------------------------------------------------------------------

    def _receive(self, environ: WSGIEnvironment, entry: dict[str, object]) -> Path:
        try:
            length = int(environ.get("CONTENT_LENGTH") or "")
        except ValueError:
            raise Refusal(411, "请求缺少内容长度（Content-Length）") from None
        if length > self.max_bytes:
            raise Refusal(413, f"数据包过大（{length} 字节，上限 {self.max_bytes} 字节）。请改用U盘报送")
        if length <= 0:
            raise Refusal(400, "请求中没有数据包")
        path = self.folder / f"{time.strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(4)}.zxb"
        stream, got = environ["wsgi.input"], 0
        with open(path, "wb") as out:
            while got < length:
                block = stream.read(min(CHUNK, length - got))
                if not block:
                    break
                out.write(block)
                got += len(block)
        entry["bytes"] = got
        if got != length:
            path.unlink(missing_ok=True)
            raise Refusal(400, f"数据包不完整（收到 {got} 字节，应为 {length} 字节），请重新报送")
        return path

    def _import(self, path: Path) -> ImportSummary:
        from zhongxin_desktop.services.countywork import exchange

        with self._connection(), self._turn(self._importing if not is_server() else None):
            [summary] = exchange.import_bundles(self.actor, self.data, [path])
        return summary

    @staticmethod
    @contextlib.contextmanager
    def _turn(lock: threading.Lock | None) -> Iterator[None]:
        if lock is not None and not lock.acquire(timeout=BUSY_SECONDS):
            raise Refusal(503, "县级中心正忙，请稍后重试")
        try:
            yield
        finally:
            if lock is not None:
                lock.release()

    def _receipt(self, township: str) -> bytes:
        from zhongxin_desktop.services.countywork import exchange

        out = Path(tempfile.mkdtemp(prefix="receipt-", dir=self.folder))
        try:
            with self._receipts_guard:
                mine = self._receipts.setdefault(township, threading.Lock())
            with self._connection(), self._turn(self._importing if not is_server() else mine):
                [result] = exchange.export_bundles(self.actor, self.data, out, township=township)
            return result.path.read_bytes()
        finally:
            shutil.rmtree(out, ignore_errors=True)

    @staticmethod
    @contextlib.contextmanager
    def _connection() -> Iterator[None]:
        """This thread's own connection for one request, closed after it: a server restarted in
        between costs one refused request, never a stuck worker."""
        database.connect(reuse_if_open=True)
        try:
            yield
        finally:
            if not database.is_closed():
                database.close()

    # --- answers ----------------------------------------------------------------------------------

    @staticmethod
    def _json(start_response: StartResponse, status: int, doc: dict[str, str]) -> list[bytes]:
        body = json.dumps(doc, ensure_ascii=False).encode("utf-8")
        start_response(STATUS_TEXT[status], [("Content-Type", "application/json; charset=utf-8"),
                                             ("Content-Length", str(len(body)))])
        return [body]

    def _error(self, start_response: StartResponse, refusal: Refusal) -> list[bytes]:
        return self._json(start_response, refusal.status, {"status": "refused", "reason": refusal.reason})


def serve(app: IntakeApp, host: str, port: int, *, threads: int = 8, timeout: int = 120) -> None:
    """Run ``app`` under waitress until interrupted. ``timeout``: an upload that sends nothing for
    this many seconds is dropped."""
    import waitress

    # waitress itself cuts bodies above twice the limit (in English); up to that the app refuses in Chinese
    waitress.serve(app, host=host, port=port, threads=threads, channel_timeout=timeout,
                   max_request_body_size=2 * app.max_bytes + CHUNK, ident="zhongxin",
                   clear_untrusted_proxy_headers=True)
