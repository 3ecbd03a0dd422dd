"""The township's side: export a bundle, deliver it to the county's intake, import the receipt.

The bundle is written to a folder first and stays there whatever happens, so when the county
cannot be reached the very same file goes on the USB stick. Nothing is acknowledged here:
acknowledgement comes only from importing the receipt the county answers with.
"""
from __future__ import annotations

import datetime as dt
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from zhongxin_desktop.domain.errors import DomainError
from zhongxin_desktop.exchange.summary import ImportSummary
from zhongxin_desktop.paths import DataDir
from zhongxin_desktop.services.actor import Actor

RETRY_STATUSES = {500, 502, 503, 504}
FALLBACK_REASONS = {413: "数据包超过县级中心允许的大小", 404: "该地址不是县级中心的报送地址",
                    405: "该地址不接受报送"}


@dataclass
class Delivery:
    bundle: Path  # the exported file: kept in any case (for the USB stick when not delivered)
    delivered: bool = False
    attempts: int = 0
    counts: dict[str, int] | None = None
    receipt: Path | None = None
    receipt_summary: ImportSummary | None = None
    reason: str = ""  # why it was not delivered (or the receipt not imported), in Chinese
    refused: bool = False  # the county answered and refused it (retrying the same file will not help)


def intake_url(url: str) -> str:
    """The county's address as typed (``http://县里:8080``) → its upload endpoint."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise DomainError(f"报送地址“{url}”不对：请写成 http://主机:端口（例如 http://192.168.1.10:8080）")
    path = parts.path.rstrip("/")
    if not path.endswith("/bundles"):
        path += "/bundles"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def _reason(status: int, body: bytes) -> str:
    try:
        reason = json.loads(body.decode("utf-8")).get("reason", "")
    except (ValueError, AttributeError):
        reason = ""
    return reason or FALLBACK_REASONS.get(status, f"县级中心拒收（HTTP {status}）")


def post(url: str, path: Path, *, timeout: float) -> tuple[int, bytes]:
    """One upload: (HTTP status, body). Raises OSError when the county cannot be reached."""
    data = path.read_bytes()
    request = urllib.request.Request(url, data=data, method="POST", headers={
        "Content-Type": "application/octet-stream", "Content-Length": str(len(data))})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only, checked
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def send(actor: Actor, data: DataDir, url: str, out_dir: Path, *, attempts: int = 4, backoff: float = 2.0,
         timeout: float = 120.0, period: str = "", sleep: Callable[[float], None] = time.sleep,
         say: Callable[[str], None] | None = None) -> Delivery:
    """Export, upload with retries (waits ``backoff``, 2×, 4× … between tries), import the receipt."""
    from zhongxin_desktop.services.countywork import exchange

    target = intake_url(url)
    # like 导出数据包: the bundle carries this month's figures unless told otherwise, so the
    # county sees the township as reported for the month
    period = period or dt.date.today().strftime("%Y-%m")
    [result] = exchange.export_bundles(actor, data, out_dir, period=period)
    delivery = Delivery(bundle=result.path, counts=result.counts)
    body = b""
    for attempt in range(1, max(1, attempts) + 1):
        delivery.attempts = attempt
        try:
            status, body = post(target, result.path, timeout=timeout)
        except OSError as exc:  # refused, unreachable, timed out, reset
            delivery.reason = f"无法连接县级中心 {target}（{getattr(exc, 'reason', exc)}）"
        else:
            if status == 200:
                break
            delivery.reason = _reason(status, body)
            if status not in RETRY_STATUSES:
                delivery.refused = True
                return delivery
        if attempt < attempts:
            wait = backoff * 2 ** (attempt - 1)
            if say:
                say(f"第 {attempt} 次报送未成功：{delivery.reason}；{wait:g} 秒后重试")
            sleep(wait)
    else:
        return delivery
    delivery.delivered, delivery.reason = True, ""
    receipts = out_dir / "receipts"
    receipts.mkdir(parents=True, exist_ok=True)
    delivery.receipt = receipts / f"receipt-{result.path.name}"
    delivery.receipt.write_bytes(body)
    [summary] = exchange.import_bundles(actor, data, [delivery.receipt])
    delivery.receipt_summary = summary
    if summary.status == "ERROR":
        delivery.reason = f"县级中心已收到，但回执无法导入：{summary.refused_reason or summary.status}"
    return delivery
