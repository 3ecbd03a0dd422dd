"""Every dialog opens inside a 1024×768 screen, the smallest a township PC still has: at most
1000 px wide and 740 px high with its frame, and its content needs no sideways scrolling."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QScrollArea

from docs_flow import two_party_case
from zhongxin_desktop.services.gridwork import grid as registry
from zhongxin_desktop.ui import screen_fit

# A Windows 10 frame at 100 % adds about 16 px across and 39 px down (borders and title bar).
MAX_W, MAX_H = 1000 - 16, 740 - 39


def _dialogs(ctx, actor, no):
    from zhongxin_desktop.documents import printing
    from zhongxin_desktop.services.casework.duplicates import Duplicate
    from zhongxin_desktop.ui.dialogs import (
        agreement_editor, case_form, duplicate_warning, grid_event_dialogs, grid_import_dialog,
        grid_registry_dialogs, ledger_import, print_preview, session_dialog,
    )

    lookups = registry.lookups(actor)
    event = {"id": "x", "grid_id": None, "grid_name": "青山村1网格", "reported_on": dt.date(2026, 11, 2),
             "reporter_name": "王五", "reporter_role": "网格员", "event_type": "邻里纠纷", "risk_level": "黄",
             "description": "因排水沟发生争执" * 8, "status_label": "待处理"}
    dup = Duplicate("x", "（2026）测试调字第 1 号", "调解中", dt.date(2026, 11, 2), "邻里", "张三", "身份证号相同")
    pdf = printing.preview(actor, "registration", no).pdf
    return {
        "登记案件": lambda: case_form.CaseFormDialog(ctx),
        "预览": lambda: print_preview.PrintPreviewDialog(pdf, "受理登记表"),
        "台账导入": lambda: ledger_import.LedgerImportWizard(ctx),
        "网格导入": lambda: grid_import_dialog.GridImportDialog(ctx),
        "调解记录": lambda: session_dialog.SessionDialog(no, [("张三", "x")], lambda _d: None),
        "协议书": lambda: agreement_editor.AgreementEditorDialog(no, ["张三", "李四"], lambda *_a: None),
        "重复提示": lambda: duplicate_warning.DuplicateDialog([dup] * 6),
        "网格事件": lambda: grid_event_dialogs.EventDialog(ctx, lookups),
        "上报中心": lambda: grid_event_dialogs.EscalateDialog(ctx, event, lookups),
        "周研判": lambda: grid_event_dialogs.MeetingDialog(ctx, lookups, [event] * 12),
        "网格": lambda: grid_registry_dialogs.GridDialog(ctx, lookups["villages"]),
    }


@pytest.fixture
def big_screen(monkeypatch):
    """A screen far larger than the dialogs, so what is measured is their own size, not a clamp."""
    monkeypatch.setattr(screen_fit, "available_size", lambda _w=None: QSize(1920, 1040))


def test_every_dialog_fits_a_1024_by_768_screen(qtbot, demo_db, app_ctx, big_screen):
    ctx = app_ctx(demo_db)
    no = two_party_case(demo_db)
    too_big = {}
    for name, make in _dialogs(ctx, demo_db, no).items():
        dialog = make()
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        ctx.worker.wait()
        qtbot.wait(10)
        size = dialog.size()
        if size.width() > MAX_W or size.height() > MAX_H:
            too_big[name] = (size.width(), size.height())
        for scroll in dialog.findChildren(QScrollArea):
            if scroll.isVisible() and scroll.horizontalScrollBar().maximum() > 0:
                too_big[name + "（横向滚动）"] = scroll.horizontalScrollBar().maximum()
        dialog.close()
    assert not too_big, too_big


def test_on_a_1024_by_768_screen_the_main_window_and_dialogs_stay_inside(qtbot, township, app_ctx, monkeypatch):
    from zhongxin_desktop.ui.dialogs.case_form import CaseFormDialog
    from zhongxin_desktop.ui.main_window import MainWindow

    monkeypatch.setattr(screen_fit, "available_size", lambda _w=None: QSize(1024, 728))  # less the taskbar
    ctx = app_ctx(township)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert window.width() + 16 <= 1024 and window.height() + 39 <= 728
    dialog = CaseFormDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.height() + 39 <= 728
    ctx.worker.wait()
