"""The local center's identity: which center this data folder is (read often, made once).
Kept apart from the set-up (``center.init_center``), which needs the users' service, so the
users' service can read the identity without a circle of imports."""
from __future__ import annotations

from zhongxin_desktop.domain.errors import DomainError
from zhongxin_desktop.services.actor import unattended
from zhongxin_desktop.services.base_records import CenterRecord
from zhongxin_desktop.store.db import database
from zhongxin_desktop.store.models import Center


class NotInitialised(DomainError):
    pass


# The local center, with the database object it was read from. Once made (init_center) nothing
# updates or deletes that row, and a restore or another data folder opens a new database object,
# so it can be remembered for as long as the same database stays bound (a frozen record: no caller
# can change the one the others read).
_remembered: tuple[object, CenterRecord] | None = None


@unattended("who this center is: read at start-up, before anyone signs in, and by every step that stamps an owner")
def local_center() -> CenterRecord:
    global _remembered
    db = database.obj
    known = _remembered
    if known is not None and known[0] is db:
        return known[1]
    row = Center.get_or_none(Center.is_local == True)  # noqa: E712
    if row is None:
        raise NotInitialised("此数据目录尚未初始化。请先运行“zhongxin init”或“zhongxin demo”，或在程序中完成首次设置。")
    center = CenterRecord.of(row)
    if not database.in_transaction():  # read inside one, it might still roll back
        _remembered = (db, center)
    return center


@unattended("start-up: whether set-up has been done, before anyone can sign in")
def is_initialised() -> bool:
    return Center.select().where(Center.is_local == True).exists()  # noqa: E712


@unattended("start-up: which kind of center this is, before anyone signs in")
def is_county() -> bool:
    return local_center().kind == "county"
