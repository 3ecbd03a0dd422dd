"""Long jobs from the GUI run off the GUI thread with a progress window; a cancelled one leaves
nothing behind and says so; a failed one always reaches the clerk as a sentence, never a
traceback, and the page is usable again."""
from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QPushButton

from case_factory import register
from zhongxin_desktop.ui.pages.reports import ReportsPage


def _reports(qtbot, app_ctx, actor):
    page = ReportsPage(app_ctx(actor))
    qtbot.addWidget(page)
    page.show()
    return page


def test_a_ledger_export_is_cancelled_and_leaves_no_file(qtbot, township, app_ctx, tmp_path, monkeypatch):
    register(township)
    page = _reports(qtbot, app_ctx, township)
    usb = tmp_path / "usb"
    usb.mkdir()
    out = usb / "台账.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    gate = threading.Event()
    page.ctx.worker.submit(gate.wait)  # the worker is busy: 取消 is pressed before the export starts
    try:
        qtbot.mouseClick(page.ledger_button, Qt.LeftButton)
        assert not page.ledger_button.isEnabled()  # no second export while one runs
        dialog = page.job_dialog
        qtbot.waitUntil(dialog.isVisible, timeout=5000)  # shown while the job has not finished
        assert "取消" in dialog.findChild(QPushButton).text()
        qtbot.mouseClick(dialog.findChild(QPushButton), Qt.LeftButton)
    finally:
        gate.set()
    qtbot.waitUntil(lambda: "已取消" in page.status.text(), timeout=10000)
    page.ctx.worker.wait()
    assert list(usb.iterdir()) == []  # not even a temporary file
    assert page.ledger_button.isEnabled() and not dialog.isVisible()
    # not cancelled, the same export is written
    qtbot.mouseClick(page.ledger_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: out.exists() and "已保存" in page.status.text(), timeout=10000)


def test_a_failed_export_reaches_the_clerk_in_words(qtbot, township, app_ctx, tmp_path, monkeypatch):
    """A save path that cannot be written (a file stands where the folder should be): a real
    failure of the write, not a stand-in."""
    register(township)
    page = _reports(qtbot, app_ctx, township)
    (tmp_path / "U盘").write_text("not a folder")
    out = tmp_path / "U盘" / "台账.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    qtbot.mouseClick(page.ledger_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: getattr(page, "failure_box", None) is not None, timeout=10000)
    box = page.failure_box
    assert box.isVisible()
    text = box.text()
    assert "导出案件台账未能完成" in text and "日志" in text
    assert "已有同名的文件" in text and "U盘" in text and "Errno" not in text and "exists" not in text  # in words
    assert "Traceback" not in text and 'File "' not in text
    assert page.status.text() == text.splitlines()[0]
    assert page.ledger_button.isEnabled() and not page.job_dialog.isVisible()
    assert (tmp_path / "U盘").read_text() == "not a folder"
    box.accept()


def test_a_bundle_import_that_fails_is_reported_and_the_page_goes_on(qtbot, township, app_ctx, tmp_path,
                                                                     monkeypatch):
    from zhongxin_desktop.services.countywork import exchange
    from zhongxin_desktop.ui.pages.exchange import ExchangePage

    def broken(*_a, **_k):
        raise OSError(5, "Input/output error")  # the stick failed while reading

    monkeypatch.setattr(exchange, "import_bundles", broken)
    page = ExchangePage(app_ctx(township))
    qtbot.addWidget(page)
    page.show()
    page.start_import([tmp_path / "a.zxb"])
    qtbot.waitUntil(lambda: getattr(page, "failure_box", None) is not None, timeout=10000)
    text = page.failure_box.text()
    assert "导入数据包未能完成" in text and "U盘可能已拔出" in text and "Traceback" not in text
    assert "Input/output error" not in text
    assert page.summary.toPlainText() == text
    page.failure_box.accept()
