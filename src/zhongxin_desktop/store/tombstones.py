"""Deleting a synced row so the deletion reaches the county: a Tombstone per deleted row,
including the rows the database deletes with it (ON DELETE CASCADE).

Call ``delete_with_tombstones(row)`` inside the service's transaction instead of
``row.delete_instance()``. Users are local (never exchanged) and get no tombstone.
"""
from __future__ import annotations

from typing import Any


from zhongxin_desktop.store.db import database
from zhongxin_desktop.store.models import SyncedModel, Tombstone, User, utcnow


def _cascade_children(row: Any) -> list[Any]:
    out: list[Any] = []
    for fk, child_model in row._meta.backrefs.items():
        if fk.on_delete != "CASCADE" or fk.rel_model is not type(row):
            continue
        for child in child_model.select().where(fk == row.id):
            out.extend(_cascade_children(child))
            out.append(child)
    return out


def _bury(row: Any) -> None:
    if isinstance(row, User) or not isinstance(row, SyncedModel):
        return
    values = dict(owner_code=row.owner_code, table_name=row._meta.table_name, deleted_at=utcnow(),
                  updated_at=utcnow(), row_version=(row.row_version or 0) + 1)
    if Tombstone.get_or_none(Tombstone.id == row.id) is None:
        Tombstone.create(id=row.id, **values)
    else:
        Tombstone.update(values).where(Tombstone.id == row.id).execute()


def delete_with_tombstones(row: SyncedModel) -> int:
    """Delete ``row`` (and its cascade) leaving tombstones; returns the number of rows deleted."""
    with database.atomic():
        doomed = _cascade_children(row) + [row]
        for r in doomed:
            _bury(r)
        row.delete_instance()
    return len(doomed)
