"""Fast bulk inserts for imports: sqlite3 ``executemany`` with values converted by the peewee
fields (peewee's own ``insert_many`` spends most of its time building SQL: ~3 ms a row)."""
from __future__ import annotations

from typing import Any

from zhongxin_desktop.store.db import database


def insert_rows(model: Any, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts keyed by field name, all with the same keys) into ``model``'s table.
    Runs in the caller's transaction."""
    if not rows:
        return
    names = list(rows[0])
    fields = [model._meta.fields[n] for n in names]
    columns = ", ".join(f'"{f.column_name}"' for f in fields)
    marks = ", ".join("?" for _ in fields)
    sql = f'INSERT INTO "{model._meta.table_name}" ({columns}) VALUES ({marks})'
    plain = (str, int, float, type(None))  # bound as they are; dates, decimals, booleans go through the field
    pairs = list(zip(fields, names))
    values = [tuple(v if type(v) in plain else f.db_value(v) for f, n in pairs for v in (row[n],))
              for row in rows]
    database.connection().executemany(sql, values)
