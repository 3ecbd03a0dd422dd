"""The data folder's database as the programs above the services (the GUI, its start-up and its
smoke test) see it: opening and closing it, and the store's errors they tell the user about. The
GUI imports these from here and never the store itself (an import contract in pyproject.toml)."""
from __future__ import annotations

from zhongxin_desktop.store.connection import close_database, open_database, open_store
from zhongxin_desktop.store.engine import database_url, is_server
from zhongxin_desktop.store.db import CheckCancelled, CorruptDatabase, StoreError, disk_full_message

__all__ = ["CheckCancelled", "CorruptDatabase", "StoreError", "close_database", "database_url",
           "disk_full_message", "is_server", "open_database", "open_store"]
