"""Bundles over the network: a real ``zhongxin serve`` process on 127.0.0.1 (the county, on each
engine) and a township's ``zhongxin bundle send`` as a real command."""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from exchange_support import PASSWORD, World, new_case, synced_state, township_and_county
from helpers import free_port, run_cli
from zhongxin_desktop.services.countywork import county
from zhongxin_desktop.store.models import ExchangeAck

pytestmark = pytest.mark.slow



class Server:
    """``zhongxin serve`` for a county data folder, in its own process, on 127.0.0.1 only."""

    def __init__(self, data_root: Path, url: str | None, *extra: str):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = data_root.parent / f"serve-{self.port}.log"
        args = [sys.executable, "-m", "zhongxin_desktop", "--data-dir", str(data_root)]
        if url:
            args += ["--database", url]
        args += ["serve", "--listen", f"127.0.0.1:{self.port}", *extra]
        env = {k: v for k, v in os.environ.items() if k not in ("ZHONGXIN_USER", "ZHONGXIN_PASSWORD")}
        self.out = open(self.log, "w", encoding="utf-8")
        self.proc = subprocess.Popen(args, stdout=self.out, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"serve exited: {self.log.read_text(encoding='utf-8')}")
            try:
                if self.get("/health")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise AssertionError("serve did not become healthy within 90 s")

    def get(self, path: str) -> tuple[int, dict]:
        try:
            with urllib.request.urlopen(self.base + path, timeout=30) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read())

    def post(self, body: bytes) -> tuple[int, bytes]:
        request = urllib.request.Request(self.base + "/bundles", data=body, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=120) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def stop(self) -> str:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=30)
        self.out.close()
        return self.log.read_text(encoding="utf-8")


def _reason(body: bytes) -> str:
    return json.loads(body.decode("utf-8"))["reason"]


@pytest.fixture
def world(tmp_path, county_url) -> World:
    w = township_and_county(tmp_path, county_url=county_url)
    with w.at("town") as actor:
        w.case_ids = [new_case(actor, name="张三"), new_case(actor, name="欧阳娜娜", facts="楼上装修噪音扰民")]
    return w


def _send(world: World, url: str, *extra: str):
    return run_cli("bundle", "send", "--url", url, "--out", str(world.root / "outbox"), *extra,
                   data=world.data("town"), user="admin", password=PASSWORD)


def test_a_township_sends_over_the_network_and_gets_its_receipt(world):
    server = Server(world.data("county").root, world.urls.get("county"))
    try:
        res = _send(world, server.base)
        assert res.returncode == 0, res.stderr
        assert "已报送县级中心" in res.stderr and "回执已导入" in res.stderr
        bundle = Path(res.stdout.strip())
        assert bundle.is_file()  # the very file that would go on a USB stick
        with world.at("county") as actor:
            assert {r["id"] for r in county.case_rows(actor)} == set(world.case_ids)
            # the bundle carried this month's figures: the township counts as reported
            [status] = county.reporting_status(actor)
            assert status["reported"] and status["period"] == dt.date.today().strftime("%Y-%m")
            before = synced_state()
        with world.at("town"):
            acked = ExchangeAck.select().count()
        assert acked >= len(world.case_ids)  # the receipt acknowledged what was sent

        again = _send(world, server.base)  # sending again changes nothing at the county
        assert again.returncode == 0, again.stderr
        with world.at("county"):
            assert synced_state() == before
        status, health = server.get("/health")
        assert status == 200 and health["status"] == "ok"
    finally:
        log = server.stop()
    uploads = [json.loads(line[line.index("{"):]) for line in log.splitlines() if '"event": "upload"' in line]
    assert [u["status"] for u in uploads] == [200, 200]
    assert uploads[0]["sender"] == "520102003" and uploads[0]["imported"] >= len(world.case_ids)
    assert uploads[1]["imported"] == 0


def test_bad_uploads_get_a_status_and_a_chinese_reason_and_change_nothing(world, tmp_path):
    [bundle] = world.export("town")
    stranger = World(tmp_path / "other")  # a township the county never trusted
    stranger.add_center("other", "township", "520102009")
    stranger.dirs["county"] = world.data("county")
    stranger.urls = dict(world.urls)
    from zhongxin_desktop.exchange import keys
    from zhongxin_desktop.exchange.container import BundleWriter

    with world.at("county"):
        county_key = keys.load_or_create(world.data("county").keys).enc_public
    untrusted = tmp_path / "untrusted.zxb"
    writer = BundleWriter(untrusted, county_key, keys.load_or_create(stranger.data("other").keys))
    writer.finish({"sender": "520102009", "sender_name": "other", "recipient": "520102", "sequence": 1,
                   "created_at": "2026-11-27 00:00:00", "period": "", "counts": {}})
    with world.at("county"):
        before = synced_state()
    server = Server(world.data("county").root, world.urls.get("county"), "--max-mb", "1")
    try:
        status, body = server.post(b"this is not a bundle")
        assert status == 422 and "数据包" in _reason(body)
        raw = bundle.read_bytes()
        status, body = server.post(raw[: len(raw) // 2])  # cut off half way
        assert status == 422 and "数据包" in _reason(body)
        status, body = server.post(b"\0" * (1536 * 1024))
        assert status == 413 and "过大" in _reason(body)
        status, body = server.post(untrusted.read_bytes())
        assert status == 403 and "信任名单" in _reason(body)
        status, body = server.post(b"")
        assert status == 400 and "没有数据包" in _reason(body)
    finally:
        log = server.stop()
    with world.at("county"):
        assert synced_state() == before
    assert not list((world.data("county").root / "intake").glob("*.zxb"))  # refused uploads are not kept
    statuses = [json.loads(line[line.index("{"):])["status"] for line in log.splitlines() if '"event": "upload"' in line]
    assert statuses == [422, 422, 413, 403, 400]


def test_when_the_county_cannot_be_reached_the_file_stays_for_the_usb_stick(world):
    res = _send(world, f"http://127.0.0.1:{free_port()}", "--retries", "2", "--backoff", "0.1")
    assert res.returncode == 1
    assert "无法连接县级中心" in res.stderr and "U盘" in res.stderr and "Traceback" not in res.stderr
    bundle = Path(res.stdout.strip())
    assert bundle.is_file()
    with world.at("town"):
        assert ExchangeAck.select().count() == 0  # nothing acknowledged without a receipt
    [summary] = world.import_("county", [bundle])  # the same file, carried by hand
    assert summary.status == "SUCCESS" and summary.totals.imported >= len(world.case_ids)
    odd = _send(world, "192.168.1.10:8080")
    assert odd.returncode == 1 and "http://" in odd.stderr and not odd.stdout.strip()  # nothing exported


def test_a_database_that_goes_down_is_a_503_and_health_says_so(tmp_path, pg_cluster):
    import psycopg

    url = pg_cluster.create_database()
    w = township_and_county(tmp_path, county_url=url)
    with w.at("town") as actor:
        new_case(actor)
    [bundle] = w.export("town")
    server = Server(w.data("county").root, url)
    try:
        name = url.rsplit("/", 1)[1]
        with psycopg.connect(pg_cluster.url("postgres"), autocommit=True) as con:
            con.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        status, body = server.post(bundle.read_bytes())
        assert status == 503 and "数据库暂时无法使用" in _reason(body)
        assert server.get("/health")[0] == 503
    finally:
        server.stop()


def test_the_send_now_button_delivers_or_leaves_the_file_for_the_usb_stick(qtbot, tmp_path):
    from PySide6.QtCore import Qt

    from zhongxin_desktop.domain.errors import ValidationError
    from zhongxin_desktop.services import settings
    from zhongxin_desktop.ui.context import AppContext, Bus
    from zhongxin_desktop.ui.pages.exchange import ExchangePage
    from zhongxin_desktop.ui.worker import DbWorker

    w = township_and_county(tmp_path)
    with w.at("town") as actor:
        new_case(actor, name="欧阳娜娜")
        with pytest.raises(ValidationError, match="http://"):
            settings.change(actor, "county_url", "192.168.1.10:8080")
        settings.change(actor, "county_url", f"http://127.0.0.1:{free_port()}")  # nobody listens there
    server = Server(w.data("county").root, None)
    try:
        with w.at("town") as actor:
            page = ExchangePage(AppContext(actor=actor, data=w.data("town"), worker=DbWorker(), bus=Bus()))
            qtbot.addWidget(page)
            page.show()
            page.refresh()
            qtbot.waitUntil(lambda: page.data is not None and page.send_button.isEnabled(), timeout=15000)
            assert page.send_button.isVisible() and page.send_button.text() == "立即报送"
            qtbot.mouseClick(page.send_button, Qt.LeftButton)
            qtbot.waitUntil(lambda: "U盘" in page.summary.toPlainText(), timeout=60000)
            assert not page.last_delivery.delivered and page.last_delivery.bundle.is_file()
            assert ExchangeAck.select().count() == 0
            settings.change(actor, "county_url", server.base)
            qtbot.waitUntil(lambda: page.send_button.isEnabled(), timeout=15000)
            qtbot.mouseClick(page.send_button, Qt.LeftButton)
            qtbot.waitUntil(lambda: "已报送县级中心" in page.summary.toPlainText(), timeout=60000)
            assert ExchangeAck.select().count() >= 1
    finally:
        server.stop()
    with w.at("county") as actor:
        assert [r["parties"] for r in county.case_rows(actor)] == ["欧阳娜娜、李四"]


def test_townships_uploading_at_the_same_time_are_all_imported_and_lose_nothing(tmp_path, county_url):
    """Five townships upload at once (one of them two bundles, one a forged row claiming another
    township's case): every upload is answered with its receipt, every case lands under its own
    township, the forged row changes nothing, one township's receipts keep distinct numbers, and
    the county's audit chain holds."""
    from concurrent.futures import ThreadPoolExecutor

    from exchange_support import craft_bundle
    from zhongxin_desktop.services import audit
    from zhongxin_desktop.store.models import ExchangeLog

    codes = [f"52010200{i}" for i in range(1, 6)]
    w = township_and_county(tmp_path, town=codes[0], county_url=county_url)
    w.dirs["town1"] = w.dirs.pop("town")
    for i, code in enumerate(codes[1:], start=2):
        w.add_center(f"town{i}", "township", code)
        w.trust_each_other(f"town{i}")
    ids, uploads = {}, []
    for i, code in enumerate(codes, start=1):
        with w.at(f"town{i}") as actor:
            ids[code] = {new_case(actor, name=name) for name in ("张三", "李娜", "王小明")}
        uploads += w.export(f"town{i}")
    with w.at("town1") as actor:  # town1's next bundle, sent while its first is still on the way
        ids[codes[0]].add(new_case(actor, name="赵六"))
        original = synced_state(codes[0])["case"]
    uploads += w.export("town1")
    victim = sorted(original)[0]
    forged_row = {**original[victim], "facts": "伪造的案情", "row_version": 99}
    uploads.append(craft_bundle(w, "town2", "county", tmp_path / "forged.zxb", records_by_table={"case": [forged_row]},
                                manifest={"sequence": 50}))
    server = Server(w.data("county").root, county_url, "--threads", "8")
    try:
        with ThreadPoolExecutor(len(uploads)) as pool:
            answers = list(pool.map(lambda p: server.post(p.read_bytes()), uploads))
    finally:
        log = server.stop()
    assert [status for status, _ in answers] == [200] * len(uploads), [b[:300] for _, b in answers]
    lines = [json.loads(line[line.index("{"):]) for line in log.splitlines() if '"event": "upload"' in line]
    assert len(lines) == len(uploads) and {u["status"] for u in lines} == {200}
    with w.at("county") as actor:
        for code, wanted in ids.items():
            assert {r["id"] for r in county.case_rows(actor, township=code)} == wanted, code
        assert synced_state(codes[0])["case"][victim]["facts"] == original[victim]["facts"]
        receipts = [r.sequence for r in ExchangeLog.select().where(ExchangeLog.direction == "out",
                                                                    ExchangeLog.peer_code == codes[0])]
        assert sorted(receipts) == [1, 2]
        chain = audit.verify()
        assert chain.ok, chain.reason
