"""The 数据交换 page, driven for real: county import with summary and reporting status, a
referral from the form, township export with progress and cancel."""
from __future__ import annotations

import datetime as dt
import threading

import pytest

from exchange_support import new_case, township_and_county
from PySide6.QtWidgets import QPushButton

from zhongxin_desktop.ui.context import AppContext, Bus
from zhongxin_desktop.ui.pages.exchange import ExchangePage
from zhongxin_desktop.ui.worker import DbWorker

TOWN = "520102003"


@pytest.fixture
def world(tmp_path):
    return township_and_county(tmp_path, TOWN)


@pytest.fixture
def county_world(tmp_path, county_url):
    """The county's store on each engine: its file, or a PostgreSQL server (conftest county_url)."""
    return township_and_county(tmp_path, TOWN, county_url=county_url)


def _page(qtbot, world, name, actor):
    ctx = AppContext(actor=actor, data=world.data(name), worker=DbWorker(), bus=Bus())
    page = ExchangePage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: page.data is not None, timeout=10000)
    return page


def test_county_imports_sees_summary_reporting_and_creates_a_referral(qtbot, county_world, tmp_path):
    world = county_world
    with world.at("town") as actor:
        new_case(actor)
    [bundle] = world.export("town", period=dt.date.today().strftime("%Y-%m"))
    with world.at("county") as actor:
        page = _page(qtbot, world, "county", actor)
        assert page.data["local"]["fingerprint"] in page.key_label.text()
        assert page.trusted.rowCount() == 1 and page.trusted.item(0, 0).text() == TOWN
        assert page.reporting.item(0, 2).text() == "未报送"
        assert page.referral_button.isVisibleTo(page)
        page.data = None
        page.start_import([bundle])
        qtbot.waitUntil(lambda: bool(page.last_summaries) and page.data is not None, timeout=15000)
        assert page.last_summaries[0].status == "SUCCESS"
        assert "成功" in page.summary.toPlainText() and "新增" in page.summary.toPlainText()
        assert page.reporting.item(0, 2).text() == "已报送"
        assert page.history.item(0, 1).text() == "导入"
        # 各乡镇案件: the township's case, filtered by township and searched by party name
        page.tabs.setCurrentIndex(2)
        panel = page.county_cases
        qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=10000)
        assert panel.table.item(0, 0).text() == "town镇综治中心" and "张三" in panel.table.item(0, 4).text()
        panel.search.setText("没有这个人")
        panel.load()
        qtbot.waitUntil(lambda: panel.table.rowCount() == 0, timeout=10000)
        panel.search.setText("张三")
        panel.township.setCurrentIndex(panel.township.findData(TOWN))
        panel.load()
        qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=10000)
        # 月度统计: this month's figures per township and the county total
        stats = page.county_stats
        qtbot.waitUntil(lambda: stats.table.rowCount() == 2, timeout=10000)
        assert stats.table.item(0, 0).text() == "town镇综治中心" and stats.table.item(1, 0).text() == "全县合计"
        assert stats.table.item(0, 1).text() == stats.table.item(1, 1).text() == str(stats.stats["county"]["registered"])
        assert stats.table.item(0, stats.table.columnCount() - 1).text() == "已报送"
        page.tabs.setCurrentIndex(0)
        page.history.selectRow(0)
        assert "发送方" in page.summary.toPlainText()

        page.data = None
        page.submit_referral(TOWN, {"category": "邻里", "facts": "噪音扰民", "instructions": "请尽快调处",
                                    "due_on": "2099-01-31", "parties": [{"name": "赵六"}]})
        qtbot.waitUntil(lambda: page.data is not None and page.referrals.rowCount() == 1, timeout=10000)
        assert page.referrals.item(0, 3).text() == "未回报" and page.referrals.item(0, 2).text() == "2099年1月31日"
        page.tabs.setCurrentIndex(1)
        page.grab().save(str(tmp_path / "county.png"))
        page.ctx.worker.wait()


def test_township_export_with_progress_and_cancel(qtbot, world, tmp_path):
    with world.at("town") as actor:
        new_case(actor)
        page = _page(qtbot, world, "town", actor)
        assert not page.referral_button.isVisibleTo(page) and not page.tabs.isTabVisible(1)
        gate = threading.Event()
        page.ctx.worker.submit(gate.wait)  # hold the worker so the cancel lands before the export starts
        job = page.start_export(tmp_path / "usb")
        try:
            page.export_dialog.findChild(QPushButton).click()  # the dialog's 取消 button
            assert job.cancelled
        finally:
            gate.set()
        gate.set()
        qtbot.waitUntil(lambda: "已取消" in page.summary.toPlainText(), timeout=10000)
        assert not list((tmp_path / "usb").glob("*"))  # nothing half-written left behind
        page.start_export(tmp_path / "usb")
        qtbot.waitUntil(lambda: ".zxb" in page.summary.toPlainText(), timeout=10000)
        assert len(list((tmp_path / "usb").glob("*.zxb"))) == 1
        page.ctx.worker.wait()


def test_export_is_offered_only_once_the_county_key_is_trusted(qtbot, tmp_path):
    from exchange_support import World
    from zhongxin_desktop.services.countywork import exchange

    world = World(tmp_path)
    world.add_center("county", "county", "520102")
    world.add_center("town", "township", TOWN)
    with world.at("county") as actor:
        exchange.export_public_key(actor, world.data("county"), tmp_path / "county.pub.json")
    with world.at("town") as actor:
        page = _page(qtbot, world, "town", actor)
        assert not page.export_button.isEnabled()
        assert "信任对方公钥" in page.export_button.toolTip()
        assert page.export_hint.isVisibleTo(page) and "县级" in page.export_hint.text()
        exchange.trust_key(actor, tmp_path / "county.pub.json")
        page.data = None
        page.refresh()
        qtbot.waitUntil(lambda: page.data is not None, timeout=10000)
        assert page.export_button.isEnabled() and not page.export_hint.isVisibleTo(page)
        page.ctx.worker.wait()
