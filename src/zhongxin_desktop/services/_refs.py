"""A row named the way the lists and the command line show it: its whole id, or a leading part of
it (6 characters or more) that only one row has. Private to services: what it finds is a live row
for a service's own step."""
from __future__ import annotations

from typing import Any, TypeVar

import peewee as pw

from zhongxin_desktop.domain.errors import NotFound

M = TypeVar("M", bound=pw.Model)
SHORTEST = 6  # the lists print ids cut to 8


def _row_by_ref(model: type[M], ref: str, missing: str) -> M:
    """The row, or NotFound(``missing``) when none has that id or that prefix is not unique."""
    key: Any = model._meta.primary_key
    row = model.get_or_none(key == ref)
    if row is None and len(ref or "") >= SHORTEST:
        found = list(model.select().where(key.startswith(ref)).limit(2))
        row = found[0] if len(found) == 1 else None
    if row is None:
        raise NotFound(missing)
    return row
