"""The local center's identity: which center this data folder is (read often, made once).
Kept apart from the set-up (``center.init_center``), which needs the users' service, so the
users' service can read the identity without a circle of imports."""
from __future__ import annotations

from zhongxin_desktop.domain.errors import DomainError
from zhongxin_desktop.store.db import database
from zhongxin_desktop.store.models import Center


class NotInitialised(DomainError):
    pass


# The local center's row, with the database object it was read from. Once made (init_center)
# nothing updates or deletes that row, and a restore or another data folder opens a new database
# object, so it can be remembered for as long as the same database stays bound.
_remembered: tuple[object, dict] | None = None


def local_center() -> Center:
    global _remembered
    db = database.obj
    known = _remembered
    if known is not None and known[0] is db:
        center = Center(**known[1])  # a copy: a caller may change its own
        center._dirty.clear()
        return center
    center = Center.get_or_none(Center.is_local == True)  # noqa: E712
    if center is None:
        raise NotInitialised("此数据目录尚未初始化。请先运行“zhongxin init”或“zhongxin demo”，或在程序中完成首次设置。")
    if not database.in_transaction():  # read inside one, it might still roll back
        _remembered = (db, dict(center.__data__))
    return center


def is_initialised() -> bool:
    return Center.select().where(Center.is_local == True).exists()  # noqa: E712


def is_county() -> bool:
    return local_center().kind == "county"
