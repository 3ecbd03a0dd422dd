"""The first page's data layer, imported on a side thread while the sign-in dialog waits.

The dialog waits for a person typing a password, then for the password hash (scrypt, which
leaves Python's interpreter lock free): time in which the modules behind the 工作台 — its
services, the statistics, the fifty record classes — can be imported instead of after the click.
The thread starts once the dialog is on screen (or when the password is submitted, whichever is
first): started earlier, it would take the interpreter lock from the dialog being built.
Only modules without Qt: widgets and Qt's own modules stay on the GUI thread. The project's
modules import each other without cycles (the import contracts), so the thread cannot deadlock
with the GUI thread importing the same module; whichever comes second waits for the first."""
from __future__ import annotations

import importlib
import logging
import threading

log = logging.getLogger(__name__)

AFTER_SIGN_IN = ("zhongxin_desktop.services.figures.dashboard",)


def _import_all(names: tuple[str, ...]) -> None:
    for name in names:
        try:
            importlib.import_module(name)
        except Exception:  # the GUI thread's own import of it raises it where it is handled
            log.exception("preloading %s failed", name)


def start(names: tuple[str, ...] = AFTER_SIGN_IN) -> threading.Thread:
    thread = threading.Thread(target=_import_all, args=(names,), name="preload", daemon=True)
    thread.start()
    return thread
