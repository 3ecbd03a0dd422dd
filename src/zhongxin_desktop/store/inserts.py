"""``create(Model, **values)``: what ``Model.create`` does (defaults filled, values converted by
each field, one INSERT), with the statement text built once per model and column set.

peewee rebuilds the INSERT for every row through its query builder, which costs more than SQLite
spends storing the row (a case registration makes six rows: building their statements was half
of its time). Only for plain new rows: no RETURNING, no conflict clause, the key given or made by a default.
"""
from __future__ import annotations

from typing import Any, TypeVar

import peewee as pw

M = TypeVar("M", bound=pw.Model)

_statements: dict[tuple[type, tuple[str, ...]], tuple[str, list[pw.Field]]] = {}


def _statement(model: type[pw.Model], names: tuple[str, ...]) -> tuple[str, list[pw.Field]]:
    found = _statements.get((model, names))
    if found is None:
        present = set(names)
        fields = [f for f in model._meta.sorted_fields if f.name in present]
        columns = ", ".join(f'"{f.column_name}"' for f in fields)
        marks = ", ".join("?" * len(fields))
        found = (f'INSERT INTO "{model._meta.table_name}" ({columns}) VALUES ({marks})', fields)
        _statements[(model, names)] = found
    return found


def create(model: type[M], **values: Any) -> M:
    row = model(**values)
    data = row.__data__
    meta: Any = model._meta  # peewee's stubs: primary_key may be False (a model without one)
    if meta.auto_increment and data.get(meta.primary_key.name) is None:
        raise TypeError(f"{model.__name__}: a key the database numbers needs Model.create")
    sql, fields = _statement(model, tuple(data))
    model._meta.database.execute_sql(sql, [f.db_value(data[f.name]) for f in fields])
    dirty: set[str] = getattr(row, "_dirty")  # peewee's record of changed fields, not in its stubs
    dirty.clear()
    return row
