"""Running a service call on the database worker from a widget, with the refusal shown where the
user is looking (a label on the page or dialog) instead of a blocking message box."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from PySide6.QtWidgets import QLabel

from zhongxin_desktop.domain.errors import DomainError
from zhongxin_desktop.ui.context import AppContext
from zhongxin_desktop.ui.failures import report_failure
from zhongxin_desktop.ui.worker import CancelledError, Progress


class FormOwner(Protocol):
    """A page or tab that opens a form: its context, its message line, and its reload."""

    ctx: AppContext
    message: QLabel

    def refresh(self) -> None: ...


class Form(Protocol):
    """A data-entry dialog (dialogs/form_dialog.FormDialog): shows a refusal, closes when accepted."""

    def refused(self, text: str) -> None: ...

    def accept(self) -> None: ...

    def open(self) -> None: ...


FormT = TypeVar("FormT", bound=Form)



def run(ctx: AppContext, fn: Callable[[], Any], on_done: Callable[[Any], object] | None = None,
        message: QLabel | None = None, changed: str | None = None, ok_text: str = "",
        on_progress: Callable[[int, int, str], None] | None = None,
        on_refused: Callable[[str], None] | None = None) -> Progress | None:
    """Submit ``fn`` to the worker. A DomainError's text goes to ``message`` (red) and the status
    bar; anything else goes to ``message`` and to the error report dialog (``failures``)."""

    def done(result: Any) -> None:
        if message is not None:
            message.setStyleSheet("color: #2e7d32;")
            message.setText(ok_text)
        if ok_text:
            ctx.bus.status_message.emit(ok_text)
        if on_done is not None:
            on_done(result)
        if changed:
            ctx.bus.changed.emit(changed)

    def failed(exc: BaseException, tb: str) -> None:
        if isinstance(exc, DomainError):
            if message is not None:
                message.setStyleSheet("color: #c62828;")
                message.setText(str(exc))
            ctx.bus.status_message.emit(str(exc))
            if on_refused is not None:
                on_refused(str(exc))
            return
        if isinstance(exc, CancelledError):
            if message is not None:
                message.setText("已取消")
            return
        if message is not None:
            message.setStyleSheet("color: #c62828;")
            message.setText(f"出错：{exc}")
        report_failure(exc, tb)

    return ctx.worker.submit(fn, done, failed, on_progress)


def open_form(page: FormOwner, make_dialog: Callable[[Callable[..., None]], FormT], call: Callable[..., Any],
              ok_text: str | Callable[[Any], str], on_saved: Callable[[Any], None] | None = None) -> FormT:
    """Open a FormDialog made by ``make_dialog(submit)``. Save runs ``call(*input)`` on the
    worker; the dialog closes only when the service accepted, otherwise it shows the refusal."""
    dialog: FormT  # made below, before anything can be submitted

    def submit(*args: Any) -> None:
        run(page.ctx, lambda: call(*args), saved, on_refused=dialog.refused)

    def saved(result: Any) -> None:
        dialog.accept()
        page.message.setText(ok_text(result) if callable(ok_text) else ok_text)
        page.ctx.bus.changed.emit("case")
        if on_saved is not None:
            on_saved(result)
        page.refresh()

    dialog = make_dialog(submit)
    dialog.open()
    return dialog
