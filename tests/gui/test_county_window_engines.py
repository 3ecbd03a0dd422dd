"""The county's desktop on each engine (conftest ``county_url``): the whole main window over the
county's store, its file or a PostgreSQL server. Every page opens without a failed database job,
the 各乡镇案件 panel lists and searches the townships' cases, and a double-click opens one."""
from __future__ import annotations

import logging

import pytest

from exchange_support import new_case, township_and_county
from helpers import run_cli
from zhongxin_desktop.ui.context import AppContext, Bus
from zhongxin_desktop.ui.main_window import MainWindow
from zhongxin_desktop.ui.worker import DbWorker

pytestmark = pytest.mark.slow

TOWN = "520102003"
NAMES = {"张三": "双方因排水沟发生争执", "欧阳娜娜": "楼上装修噪音扰民", "王小明": "借款三万元到期未还"}


def _world(root, county_url):
    w = township_and_county(root, TOWN, county_url=county_url)
    with w.at("town") as actor:
        w.case_ids = {name: new_case(actor, facts=facts, name=name) for name, facts in NAMES.items()}
    w.import_("county", w.export("town"))
    return w


@pytest.fixture
def world(tmp_path, county_url):
    return _world(tmp_path, county_url)


def test_every_page_of_the_county_window_works_and_opens_a_townships_case(qtbot, world, caplog):
    caplog.set_level(logging.ERROR)
    with world.at("county") as actor:
        ctx = AppContext(actor=actor, data=world.data("county"), worker=DbWorker(), bus=Bus())
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        window.show()
        for key in window.pages:
            window.show_page(key)
            assert ctx.worker.wait(30000), key
            qtbot.wait(20)
        assert ctx.worker.wait(30000)
        failures = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
        assert failures == []

        page = window.show_page("exchange")
        qtbot.waitUntil(lambda: page.data is not None, timeout=15000)
        page.tabs.setCurrentIndex(page.tabs.indexOf(page.county_cases))
        panel = page.county_cases
        qtbot.waitUntil(lambda: panel.table.rowCount() == len(NAMES), timeout=15000)
        shown = {panel.table.item(r, 4).text() for r in range(panel.table.rowCount())}
        assert all(any(name in parties for parties in shown) for name in NAMES)
        panel.search.setText("娜娜")  # two characters: below the trigram length of either engine
        panel.load()
        qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=15000)
        assert "欧阳娜娜" in panel.table.item(0, 4).text()

        panel.table.cellDoubleClicked.emit(0, 0)  # as the clerk's double-click does
        cases = window.pages["cases"]
        assert window.stack.currentWidget() is cases
        qtbot.waitUntil(lambda: (cases.detail.data or {}).get("id") == world.case_ids["欧阳娜娜"], timeout=15000)
        assert "欧阳娜娜" in {p["name"] for p in cases.detail.data["parties"]}
        assert ctx.worker.wait(30000)
        assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
        window.close()


def test_the_county_desktop_opens_the_server_it_remembers(tmp_path, pg_cluster):
    """``zhongxin database use`` once: then the desktop (here its headless smoke start) and the
    commands open the server without --database, and the password stays out of the folder's
    address file and its log."""
    server = pg_cluster.create_database()
    world = _world(tmp_path, server)
    data = world.data("county")
    url = server.replace("zhongxin@", "zhongxin:s3cret-word@")  # trust auth: any password is accepted
    used = run_cli("database", "use", url, data=data)
    assert used.returncode == 0, used.stderr
    assert "s3cret-word" not in used.stdout + used.stderr
    address = (data.root / "database-server.txt").read_text(encoding="utf-8")
    assert "s3cret-word" not in address and address.strip() == server
    pgpass = data.root / "database-server.pgpass"
    assert pgpass.stat().st_mode & 0o077 == 0 and pgpass.read_text(encoding="utf-8").rstrip().endswith(":s3cret-word")
    smoke = run_cli("--smoke-test", data=data, user="admin", password="Test2026pass")
    assert smoke.returncode == 0, smoke.stderr
    assert "smoke-test ok" in smoke.stdout
    shown = run_cli("database", "show", data=data)
    assert shown.returncode == 0 and server.rsplit("/", 1)[1] in shown.stdout and "s3cret" not in shown.stdout
    listed = run_cli("county", "cases", "--json", data=data, user="admin", password="Test2026pass")
    assert listed.returncode == 0, listed.stderr
    assert "王小明" in listed.stdout
    logs = "".join(p.read_text(encoding="utf-8", errors="replace") for p in data.logs.glob("*.log*"))
    assert "s3cret-word" not in logs
    assert run_cli("database", "forget", data=data).returncode == 0
    assert not (data.root / "database-server.txt").exists() and not pgpass.exists()
