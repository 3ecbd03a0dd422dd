"""Back to sign-in without quitting: after a restore the main loop ends with RESTART_CODE and
``app.run_gui`` signs in again on the restored data. Apart from ``app`` so the pages and dialogs
that ask for it do not import the start-up module (which imports them)."""
from __future__ import annotations

from PySide6.QtWidgets import QApplication

RESTART_CODE = 75


def request_restart() -> None:
    QApplication.exit(RESTART_CODE)  # the running application's event loop
