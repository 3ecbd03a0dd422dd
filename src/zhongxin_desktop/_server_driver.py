"""peewee imports psycopg, PostgreSQL's driver, while peewee itself is imported: 100–350 ms of
every start of the window and of every command on a township PC, for a driver only a county that
keeps its store on a server uses. This finder lets that one import fail, so peewee comes up with
PostgreSQL support switched off; ``attach`` switches it on (store/engine.py, before the first
server database is made). A ``import psycopg`` anywhere else is untouched."""
from __future__ import annotations

import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import FrameType, ModuleType


def _imported_by_peewee() -> bool:
    frame: FrameType | None = sys._getframe(2)
    while frame is not None:
        if frame.f_code.co_name == "<module>" and frame.f_globals.get("__name__") == "peewee":
            return True
        frame = frame.f_back
    return False


class _DeferDriver:
    @staticmethod
    def find_spec(name: str, path: Sequence[str] | None = None,
                  target: ModuleType | None = None) -> ModuleSpec | None:
        if name == "psycopg" and _imported_by_peewee():
            raise ModuleNotFoundError("psycopg is attached when a server database is opened", name=name)
        return None


def install() -> None:
    if "peewee" not in sys.modules and not any(isinstance(f, _DeferDriver) for f in sys.meta_path):
        sys.meta_path.insert(0, _DeferDriver())


def attach() -> None:
    """Give peewee the driver it would have imported itself."""
    import peewee as pw

    # peewee's stubs do not declare the module globals its optional drivers fill in: read and
    # set them by name
    if getattr(pw, "psycopg", None) is not None:
        return
    import psycopg
    from psycopg.pq import TransactionStatus
    from psycopg.types.json import Json, Jsonb

    drivers = {"psycopg": psycopg, "TransactionStatus": TransactionStatus, "Json_pg3": Json, "Jsonb_pg3": Jsonb}
    for name, value in drivers.items():
        setattr(pw, name, value)
    adapter = pw.Psycopg3Adapter
    adapter.txn_idle = TransactionStatus.IDLE
    adapter.txn_inerror = TransactionStatus.INERROR
    adapter.txn_unknown = TransactionStatus.UNKNOWN
