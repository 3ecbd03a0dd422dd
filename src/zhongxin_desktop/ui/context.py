"""What every page gets: who is acting, the data folder, the database worker, and a bus on
which pages announce changes (so the others refresh) and ask for a case to be opened."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from zhongxin_desktop.paths import DataDir
from zhongxin_desktop.services.actor import Actor
from zhongxin_desktop.ui.worker import DbWorker


class Bus(QObject):
    changed = Signal(str)  # what changed: "case", "agreement", "grid", ...
    open_case = Signal(str)  # a case id to show
    show_cases = Signal(dict)  # filters for the case list (a click on a dashboard figure)
    status_message = Signal(str)


@dataclass
class AppContext:
    actor: Actor
    data: DataDir
    worker: DbWorker
    bus: Bus
