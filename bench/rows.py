"""Rows in exactly the shape the app writes, for bulk inserts with raw sqlite3.

Each table's row starts from the model's own defaults, converted by peewee's ``db_value`` (so a
column another area adds later gets the app's default), and the generator fills the rest.
"""
from __future__ import annotations

import datetime as dt
import sqlite3

import peewee as pw


class Table:
    def __init__(self, model: type[pw.Model], con: sqlite3.Connection):
        self.model = model
        self.name = model._meta.table_name
        fields = model._meta.sorted_fields
        self.cols = [f.column_name for f in fields]
        db_cols = [r[1] for r in con.execute(f'PRAGMA table_info("{self.name}")')]
        missing = set(db_cols) - set(self.cols)
        if missing:
            raise RuntimeError(f"{self.name}: columns {sorted(missing)} are in the database but not in the model")
        self.pos = {c: i for i, c in enumerate(self.cols)}
        self.template = [self._default(f) for f in fields]
        placeholders = ", ".join("?" * len(self.cols))
        self.sql = f'INSERT INTO "{self.name}" ({", ".join(chr(34) + c + chr(34) for c in self.cols)}) VALUES ({placeholders})'
        self.rows: list[list] = []
        self.count = 0

    @staticmethod
    def _default(field: pw.Field):
        value = field.default() if callable(field.default) else field.default
        if value is None:
            return None
        if isinstance(field, pw.ForeignKeyField):
            return value
        return field.db_value(value)

    def add(self, values: dict) -> None:
        row = self.template[:]
        pos = self.pos
        for k, v in values.items():
            row[pos[k]] = v
        self.rows.append(row)

    def flush(self, con: sqlite3.Connection) -> None:
        if self.rows:
            con.executemany(self.sql, self.rows)
            self.count += len(self.rows)
            self.rows.clear()


def day(d: dt.date | None) -> str | None:
    """A DateField as peewee stores it."""
    return None if d is None else d.isoformat()


def instant(d: dt.date, hour: int, minute: int = 0) -> str:
    """A DateTimeField as peewee stores it (naive, whole seconds)."""
    return f"{d.isoformat()} {hour:02d}:{minute:02d}:00"


def check_shape(model: type[pw.Model], con: sqlite3.Connection, where_id: str) -> None:
    """Read one generated row back through the model: every value must load as the model types it."""
    row = model.get_by_id(where_id)
    for field in model._meta.sorted_fields:
        value = getattr(row, field.name if not isinstance(field, pw.ForeignKeyField) else field.name + "_id")
        if isinstance(field, pw.DateTimeField) and value is not None and not isinstance(value, dt.datetime):
            raise AssertionError(f"{model.__name__}.{field.name}: {value!r} is not a datetime")
        if isinstance(field, pw.DateField) and not isinstance(field, pw.DateTimeField) and value is not None \
                and not isinstance(value, dt.date):
            raise AssertionError(f"{model.__name__}.{field.name}: {value!r} is not a date")
