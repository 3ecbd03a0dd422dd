"""The county's own work on the 数据交换 page, driven for real: a conflict shown field by field in
Chinese and settled with a reason; rules published from the form; at the township, the notice of
what changed, the 县级规则 list, and a case registered in the form with the published category."""
from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt

from exchange_support import new_case, township_and_county
from helpers import answer_confirmation, open_case_form, window_click, window_type
from zhongxin_desktop.services import settings
from zhongxin_desktop.store.models import Case, ExchangeConflict
from zhongxin_desktop.ui.context import AppContext, Bus
from zhongxin_desktop.ui.pages.exchange import ExchangePage
from zhongxin_desktop.ui.worker import DbWorker

TOWN = "520102003"
SHOTS = os.environ.get("ZHONGXIN_TEST_SHOTS")  # a folder: the screens are saved there to be looked at


@pytest.fixture
def world(tmp_path):
    return township_and_county(tmp_path, TOWN)


def _page(qtbot, world, name, actor):
    ctx = AppContext(actor=actor, data=world.data(name), worker=DbWorker(), bus=Bus())
    page = ExchangePage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: page.data is not None, timeout=10000)
    return page


def _shot(widget, name: str) -> None:
    if SHOTS:
        widget.grab().save(os.path.join(SHOTS, f"{name}.png"))


def test_the_county_sees_a_conflict_side_by_side_and_settles_it(qtbot, world):
    with world.at("town") as actor:
        cid = new_case(actor, facts="双方因排水沟发生争执")
    world.import_("county", world.export("town"))
    with world.at("town"):
        Case.update(facts="恢复备份后重新录入的案情").where(Case.id == cid).execute()
    world.import_("county", world.export("town"))
    with world.at("county") as actor:
        page = _page(qtbot, world, "county", actor)
        panel = page.conflicts
        assert page.tabs.isTabVisible(page.tabs.indexOf(panel))
        page.tabs.setCurrentWidget(panel)
        qtbot.waitUntil(lambda: panel.table.rowCount() == 1 and panel.diff.rowCount() > 0, timeout=10000)
        assert [panel.table.item(0, c).text() for c in (1, 5)] == ["案件", "待裁定"]
        first = [panel.diff.item(0, c).text() for c in range(3)]  # differing fields first, labelled in Chinese
        assert first == ["纠纷简要情况", "双方因排水沟发生争执", "恢复备份后重新录入的案情"]
        labels = {panel.diff.item(r, 0).text() for r in range(panel.diff.rowCount())}
        assert "纠纷类型" in labels and not any(label.isascii() for label in labels)
        cells = " ".join(panel.diff.item(r, c).text() for r in range(panel.diff.rowCount()) for c in (1, 2))
        assert "{" not in cells and "-4" not in cells  # no raw JSON, no internal ids
        _shot(page, "county-conflict")
        panel.reason.setFocus()
        window_type(panel.reason, "checked by phone")
        window_click(panel.keep_township)
        qtbot.waitUntil(lambda: panel.table.rowCount() == 1 and panel.table.item(0, 5).text() != "待裁定",
                        timeout=10000)
        assert panel.table.item(0, 5).text() == "已裁定，待乡镇应用"
        assert panel.diff.rowCount() > 0 and panel.diff.item(0, 0).text() == "纠纷简要情况"  # still shown
        assert "已裁定：保留乡镇版本" in panel.caption.text() and "checked by phone" in panel.caption.text()
        assert not panel.keep_county.isEnabled()
        assert ExchangeConflict.get().reason == "checked by phone"
        page.ctx.worker.wait(10000)


def test_rules_published_from_the_form_reach_the_township_which_registers_with_them(qtbot, world):
    with world.at("county") as actor:
        page = _page(qtbot, world, "county", actor)
        panel = page.rules
        page.tabs.setCurrentWidget(panel)
        qtbot.waitUntil(lambda: panel.view is not None, timeout=10000)
        assert panel.form_box.isVisible()
        panel.categories.setText("婚姻家庭、邻里、旅游、其他")
        panel.categories.editingFinished.emit()
        assert panel.deadlines.rowCount() == 4
        panel.deadlines.cellWidget(2, 1).setCurrentText("复杂")
        panel.report_day.setValue(18)
        window_click(panel.publish_button)
        answer_confirmation(qtbot, panel, "发布", must_mention="纠纷类型 4 个")
        qtbot.waitUntil(lambda: panel.view is not None and panel.view["version"] == 1, timeout=10000)
        assert "新增纠纷类型：旅游" in panel.current.toPlainText()
        _shot(page, "county-rules")
        page.ctx.worker.wait(10000)
    [reply] = world.export("county", township=TOWN)
    with world.at("town") as actor:
        page = _page(qtbot, world, "town", actor)
        assert not page.tabs.isTabVisible(page.tabs.indexOf(page.conflicts))
        page.start_import([reply])
        qtbot.waitUntil(lambda: getattr(page, "rules_notice", None) is not None, timeout=15000)
        notice = page.rules_notice.text()
        assert "县级发布的规则（第 1 版）" in notice and "新增纠纷类型：旅游" in notice
        assert "办结期限：旅游 30 天 → 20 天" in notice and "每月 18 日" in notice
        _shot(page.rules_notice, "township-notice")
        page.rules_notice.accept()
        panel = page.rules
        page.tabs.setCurrentWidget(panel)
        qtbot.waitUntil(lambda: panel.view is not None and panel.view["version"] == 1, timeout=10000)
        assert not panel.form_box.isVisible()
        text = panel.current.toPlainText()
        assert "旅游（县级规定）" in text and "物业（本中心增加）" in text and "第 1 版（county县综治中心发布于" in text
        _shot(page, "township-rules")
        assert settings.due_days_for("旅游") == 20

        form = open_case_form(qtbot, page.ctx)
        assert form.category.findText("旅游") >= 0
        form.party_editors[0].name.insert("赵六")
        form.party_editors[1].name.insert("钱七")
        form.facts.insertPlainText("游客与民宿经营者因退费发生争执")
        form.category.setCurrentText("旅游")
        with qtbot.waitSignal(form.saved, timeout=10000):
            qtbot.mouseClick(form.save_button, Qt.LeftButton)
        assert Case.get().category == "旅游"
        page.ctx.worker.wait(10000)
