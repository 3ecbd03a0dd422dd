"""The county's own work on screen: 跨乡镇当事人 and 调解组织 on the county's 数据交换 page, a
missing bundle in 报送与交办, the township's 调解组织 settings tab filled through its dialogs, and
the township dashboard's list of people in several of its cases. Screenshots go to
``ZHONGXIN_SCREENSHOTS`` when set (for a person to look at)."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox

from exchange_support import World
from zhongxin_desktop.domain.case_input import CaseInput, PartyInput
from zhongxin_desktop.services.casework import cases
from zhongxin_desktop.ui.context import AppContext, Bus
from zhongxin_desktop.ui.worker import DbWorker

A, B = "520102003", "520102004"
SHARED_ID = "11010519491231002X"


def _shot(widget, name: str, tmp_path: Path) -> None:
    folder = Path(os.environ.get("ZHONGXIN_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(folder / f"{name}.png"))


def _register(actor, name: str, id_number: str = "", other: str = "李四") -> str:
    data = CaseInput(source="来访", category="邻里", facts=f"{name}与{other}因排水沟发生争执",
                     registered_on=dt.date(2026, 11, 2),
                     parties=[PartyInput(name=name, role="申请人", id_number=id_number, phone="13900001111"),
                              PartyInput(name=other, role="被申请人")])
    return cases.register(actor, data).id


@pytest.fixture
def world(tmp_path):
    w = World(tmp_path)
    w.add_center("county", "county", "520102")
    w.add_center("a", "township", A)
    w.add_center("b", "township", B)
    w.trust_each_other("a")
    w.trust_each_other("b")
    with w.at("a") as actor:
        _register(actor, "王大明", SHARED_ID)
        _register(actor, "孙一", "34052419800101001X", "周八")
        _register(actor, "孙一", "34052419800101001X", "吴九")
    with w.at("b") as actor:
        _register(actor, "王大明", SHARED_ID, "郑十")
    return w


def _ctx(world, name, actor):
    return AppContext(actor=actor, data=world.data(name), worker=DbWorker(), bus=Bus())


def _click_ok(dialog) -> None:
    QTest.mouseClick(dialog.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)


def test_township_enters_its_roster_and_sees_repeat_parties(qtbot, world, tmp_path):
    from zhongxin_desktop.ui.pages.dashboard import DashboardPage
    from zhongxin_desktop.ui.pages.settings import SettingsPage

    with world.at("a") as actor:
        page = SettingsPage(_ctx(world, "a", actor))
        qtbot.addWidget(page)
        page.resize(1000, 650)
        page.show()
        tab = page.show_tab("roster")
        tab.add_committee_button.click()
        dialog = tab.dialog
        dialog.name.setText("a镇人民调解委员会")  # QTest types ASCII only
        _click_ok(dialog)
        qtbot.waitUntil(lambda: tab.committees.rowCount() == 1, timeout=10000)
        tab.add_mediator_button.click()
        dialog = tab.dialog
        _click_ok(dialog)  # no name: refused, the dialog stays with the reason
        qtbot.waitUntil(lambda: "姓名" in dialog.error.text(), timeout=10000)
        assert dialog.isVisible()
        dialog.name.setText("刘调解")
        dialog.sex.setCurrentText("女")
        dialog.duty.setCurrentText("主任")
        QTest.keyClicks(dialog.phone, "13700001234")
        dialog.trained.setChecked(True)
        _click_ok(dialog)
        qtbot.waitUntil(lambda: tab.mediators.rowCount() == 1, timeout=10000)
        row = [tab.mediators.item(0, c).text() for c in range(tab.mediators.columnCount())]
        assert row == ["刘调解", "女", "主任", "a镇人民调解委员会", "137****1234", "在任", "是"]
        qtbot.waitUntil(lambda: tab.committees.item(0, 3).text() == "刘调解", timeout=10000)
        _shot(page, "township-roster", tmp_path)
        tab.mediators.selectRow(0)
        QTest.mouseClick(tab.leave_button, Qt.LeftButton)  # 记为离任: no longer counted, nor a member
        qtbot.waitUntil(lambda: tab.mediators.item(0, 5).text() == "离任", timeout=10000)
        qtbot.waitUntil(lambda: tab.committees.item(0, 3).text() == "", timeout=10000)

        dash = DashboardPage(_ctx(world, "a", actor))
        qtbot.addWidget(dash)
        dash.resize(1200, 900)
        dash.show()
        dash.refresh()
        qtbot.waitUntil(lambda: dash.repeats is not None, timeout=15000)
        texts = [dash.repeat_list.item(i).text() for i in range(dash.repeat_list.count())]
        assert len(texts) == 1 and texts[0].startswith("孙一（3405**********001X）2件") and "001X" in texts[0]
        assert "34052419800101001X" not in texts[0]
        _shot(dash, "township-dashboard", tmp_path)


def test_county_page_lists_people_rosters_and_a_missing_bundle(qtbot, world, tmp_path):
    from zhongxin_desktop.services.settlement import rosters
    from zhongxin_desktop.ui.pages.exchange import ExchangePage

    with world.at("a") as actor:
        rosters.add_committee(actor, "a镇人民调解委员会")
        rosters.add_mediator(actor, name="刘调解", sex="女", duty="主任", phone="13700001234",
                             committee="a镇人民调解委员会", trained=True)
    first = world.export("a")
    world.export("a")  # number 2: never carried to the county
    third = world.export("a")
    world.import_("county", first + third + world.export("b"))
    with world.at("county") as actor:
        page = ExchangePage(_ctx(world, "county", actor))
        qtbot.addWidget(page)
        page.resize(1200, 760)
        page.show()
        page.refresh()
        qtbot.waitUntil(lambda: page.data is not None, timeout=15000)
        gap_col = page.reporting.columnCount() - 1
        cells = {page.reporting.item(r, 1).text(): page.reporting.item(r, gap_col).text()
                 for r in range(page.reporting.rowCount())}
        assert cells == {A: "第 2 号数据包未收到", B: "齐全"}
        page.tabs.setCurrentIndex(1)
        _shot(page, "county-reporting", tmp_path)
        page.tabs.setCurrentIndex(0)
        [row] = [i for i, h in enumerate(page.data["history"]) if h["direction"] == "in" and h["sequence"] == 3]
        page.history.selectRow(row)  # the import that came after the gap says so in its summary
        assert "第 2 号数据包未收到" in page.summary.toPlainText()

        people = page.county_people
        page.tabs.setCurrentWidget(people)
        qtbot.waitUntil(lambda: people.tree.topLevelItemCount() == 1, timeout=15000)
        top = people.tree.topLevelItem(0)
        assert top.text(0) == "王大明" and top.text(1) == "1101**********002X" and top.childCount() == 2
        assert {top.child(i).text(3) for i in range(2)} == {"a镇综治中心", "b镇综治中心"}
        assert people.reveal_button.isVisible()
        _shot(page, "county-people", tmp_path)
        people.reveal_button.click()
        qtbot.waitUntil(lambda: people.tree.topLevelItemCount() == 1
                        and people.tree.topLevelItem(0).text(1) == SHARED_ID, timeout=15000)

        rost = page.county_rosters
        page.tabs.setCurrentWidget(rost)
        qtbot.waitUntil(lambda: rost.tree.topLevelItemCount() == 2, timeout=15000)
        town_a = rost.tree.topLevelItem(0)
        assert "调委会 1 个，调解员 1 名" in town_a.text(0)
        names = [town_a.child(i).text(0) for i in range(town_a.childCount())]
        assert names == ["a镇人民调解委员会", "刘调解"]
        assert town_a.child(1).text(4) == "137****1234"
        members = rost.tree.headerItem().text(7)
        assert (members, town_a.child(0).text(7)) == ("成员", "刘调解")
        assert rost.tree.topLevelItem(1).child(0).text(0) == "（尚未报送名册）"
        assert "调委会 1 个，调解员 1 名" in rost.total.text()
        _shot(page, "county-rosters", tmp_path)

        stats = page.county_stats  # this month: the roster was entered today
        page.tabs.setCurrentWidget(stats)
        qtbot.waitUntil(lambda: stats.table.rowCount() == 3, timeout=15000)
        header = {stats.table.horizontalHeaderItem(c).text(): c for c in range(stats.table.columnCount())}
        counts = {stats.table.item(r, 0).text(): (stats.table.item(r, header["调委会"]).text(),
                                                  stats.table.item(r, header["调解员"]).text())
                  for r in range(3)}
        assert counts == {"a镇综治中心": ("1", "1"), "b镇综治中心": ("0", "0"), "全县合计": ("1", "1")}
