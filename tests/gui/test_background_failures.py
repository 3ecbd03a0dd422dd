"""A database job that fails on the worker thread reaches the user: an unexpected error opens the
error report (with its message), a refusal a message box with its text, and a caller that takes
the failure itself gets it instead. Nothing is only written to the log."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from zhongxin_desktop.ui import failures
from zhongxin_desktop.ui.error_report import ErrorReportDialog


def _shown(kind):
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


@pytest.fixture(autouse=True)
def _close_reports():
    yield
    for w in _shown(ErrorReportDialog) + _shown(QMessageBox):
        w.close()
    failures._open.clear()


def test_the_dashboard_failing_to_load_opens_the_error_report(qtbot, township, app_ctx, monkeypatch):
    from zhongxin_desktop.services.figures import dashboard
    from zhongxin_desktop.ui.main_window import MainWindow

    def broken(*args, **kwargs):
        raise RuntimeError("统计表读不出来")

    monkeypatch.setattr(dashboard, "build", broken)
    window = MainWindow(app_ctx(township))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: bool(_shown(ErrorReportDialog)), timeout=10000)
    report = _shown(ErrorReportDialog)[0].text.toPlainText()
    assert "RuntimeError: 统计表读不出来" in report and "broken" in report  # the message and where


def test_a_refused_case_count_shows_its_reason(qtbot, township, app_ctx, monkeypatch):
    from zhongxin_desktop.domain.errors import DomainError
    from zhongxin_desktop.services.casework import case_list
    from zhongxin_desktop.ui.pages.cases import CasesPage

    def refused(*args, **kwargs):
        raise DomainError("筛选条件无效：请重新选择登记日期")

    monkeypatch.setattr(case_list, "count", refused)
    page = CasesPage(app_ctx(township))
    qtbot.addWidget(page)
    page.show()
    page.reload()
    qtbot.waitUntil(lambda: bool(_shown(QMessageBox)), timeout=10000)
    assert _shown(QMessageBox)[0].text() == "筛选条件无效：请重新选择登记日期"
    assert not _shown(ErrorReportDialog)  # a refusal is no program error


def test_failures_while_the_report_is_open_join_it(qtbot, township, app_ctx):
    ctx = app_ctx(township)

    def fail(text):
        def job():
            raise ValueError(text)
        return job

    ctx.worker.submit(fail("第一个错误"))
    ctx.worker.submit(fail("第二个错误"))
    qtbot.waitUntil(lambda: "第二个错误" in "".join(d.text.toPlainText() for d in _shown(ErrorReportDialog)),
                    timeout=10000)
    [dialog] = _shown(ErrorReportDialog)
    assert "第一个错误" in dialog.text.toPlainText()


def test_a_caller_that_handles_the_failure_gets_it_and_nothing_pops_up(qtbot, township, app_ctx):
    ctx = app_ctx(township)
    got = []

    def job():
        raise ValueError("自己处理")

    ctx.worker.submit(job, on_error=lambda exc, tb: got.append(str(exc)))
    qtbot.waitUntil(lambda: not ctx.worker.pending(), timeout=10000)
    assert got == ["自己处理"] and not _shown(ErrorReportDialog) and not _shown(QMessageBox)
