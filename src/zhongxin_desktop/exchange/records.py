"""Which rows travel, and each row as a canonical dict (same bytes on every PC) with its hash.

Every ``SyncedModel`` table travels, except ``User`` (password hashes stay on the PC). Columns
that point at local-only rows (users: registered_by, mediator, host, recorder) and ``is_local``
do not travel: a user id means nothing at the county, and the receiving side keeps its own value.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any, TypeVar, cast

import peewee as pw

from zhongxin_desktop.store import models as m

# Parents before children, so inserts satisfy foreign keys; deletions go the other way.
SYNC_MODELS: list[type[m.SyncedModel]] = [
    m.Center, m.Village, m.Grid, m.GridMember, m.HouseholdUnit, m.Household, m.Case, m.Party, m.CaseParty,
    m.CaseEvent, m.Transfer, m.MediationSession, m.Agreement, m.Attachment, m.FollowUp, m.JudicialConfirmation,
    m.GridEvent, m.GridVisit, m.WatchPerson, m.WatchVisit, m.GridMeeting, m.GridTask,
    m.MediationCommittee, m.Mediator,
    m.Referral, m.Tombstone,
]
BY_TABLE: dict[str, type[m.SyncedModel]] = {mdl._meta.table_name: mdl for mdl in SYNC_MODELS}
LOCAL_ONLY_COLUMNS = {"is_local"}

# One row as it travels: column name -> JSON value (text, number, true/false, null); which
# columns depends on the table, so no fixed shape.
ExchangeRow = dict[str, Any]
# A JSON value back to what peewee stores (date, Decimal, checked text/number).
Converter = Callable[[Any], Any]
_T = TypeVar("_T")


def synced_fields(model: type[pw.Model]) -> list[pw.Field]:
    out: list[pw.Field] = []
    for f in model._meta.sorted_fields:
        if f.name in LOCAL_ONLY_COLUMNS:
            continue
        if isinstance(f, pw.ForeignKeyField) and f.rel_model is not model and f.rel_model not in SYNC_MODELS:
            continue
        out.append(f)
    return out


FIELDS: dict[str, list[pw.Field]] = {t: synced_fields(mdl) for t, mdl in BY_TABLE.items()}
FOREIGN_KEYS: dict[str, list[tuple[str, str]]] = {
    t: [(f.column_name, f.rel_model._meta.table_name) for f in fields if isinstance(f, pw.ForeignKeyField)]
    for t, fields in FIELDS.items()
}


def to_json_value(value: object) -> str | int | float | None:
    if value is None or isinstance(value, (str, int, float)):
        return value  # bool is an int: kept as true/false by json
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.01")))
    return str(value)


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("应为文本")
    return value


def _integer(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("应为整数")
    return value


def _boolean(value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError("应为 true/false")
    return value


def _converter(field: pw.Field) -> Converter:
    if isinstance(field, pw.DateTimeField):
        return dt.datetime.fromisoformat
    if isinstance(field, pw.DateField):
        return dt.date.fromisoformat
    if isinstance(field, pw.DecimalField):
        return Decimal
    if isinstance(field, pw.BooleanField):
        return _boolean
    if isinstance(field, (pw.IntegerField, pw.AutoField)) and not isinstance(field, pw.ForeignKeyField):
        return _integer
    return _text


def from_json_value(field: pw.Field, value: object) -> Any:
    """Back to the Python value peewee stores; raises ValueError for a value of the wrong shape."""
    return None if value is None else _converter(field)(value)


CONVERTERS: dict[str, list[tuple[str, str, Converter]]] = {t: [(f.name, f.column_name, _converter(f)) for f in fields]
                               for t, fields in FIELDS.items()}


_ROW_FIELDS: dict[str, list[tuple[str, str, bool]]] = {
    t: [(f.name, f.column_name, isinstance(f, pw.BooleanField)) for f in fields] for t, fields in FIELDS.items()}


def row_dict(table: str, row: dict[str, Any]) -> ExchangeRow:
    """A row (from ``Model.select().dicts()``, keyed by field name) as the canonical exchange dict,
    keyed by column name."""
    out: ExchangeRow = {}
    for name, column, boolean in _ROW_FIELDS[table]:
        value = row[name]
        if boolean and value is not None:
            value = bool(value)
        out[column] = to_json_value(value)
    return out


def row_hash(record: ExchangeRow) -> str:
    blob = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]


def select_dicts(table: str, where: pw.Expression | None = None) -> Iterable[dict[str, Any]]:
    model = BY_TABLE[table]
    q = model.select(*FIELDS[table])
    if where is not None:
        q = q.where(where)
    return cast(Iterable[dict[str, Any]], q.dicts())  # the stubs type dicts() as models


def model_values(table: str, record: ExchangeRow) -> dict[str, Any]:
    """Exchange dict → {field name: python value} for insert/update (raises ValueError naming the column)."""
    out: dict[str, Any] = {}
    for name, column, convert in CONVERTERS[table]:
        if column in record:
            value = record[column]
            try:
                out[name] = None if value is None else convert(value)
            except (ValueError, TypeError, ArithmeticError) as exc:
                raise ValueError(f"{table}.{column}: {exc}") from None
    return out


# Field types whose ``db_value`` hands back the value ``model_values`` checked (text, integer,
# boolean) unchanged: calling it for every column of every row was a third of an import's
# Python time. Exact types only — a subclass (``SealedField``) may transform in ``db_value``.
_PLAIN = (pw.CharField, pw.TextField, pw.IntegerField, pw.BooleanField)


def _db_converter(field: pw.Field) -> Converter | None:
    target = field.rel_field if isinstance(field, pw.ForeignKeyField) else field
    to_db: Converter = field.db_value
    return None if type(target) in _PLAIN else to_db


DB_CONVERTERS: dict[str, list[tuple[str, str, Converter, Converter | None]]] = {
    t: [(name, column, check, _db_converter(f)) for (name, column, check), f in zip(CONVERTERS[t], FIELDS[t])]
    for t in FIELDS}


def db_values(table: str, record: ExchangeRow) -> dict[str, Any]:
    """Exchange dict → {field name: value as the database stores it}: ``model_values`` followed
    by each field's ``db_value``, in one pass (raises ValueError naming the column)."""
    out: dict[str, Any] = {}
    for name, column, check, to_db in DB_CONVERTERS[table]:
        if column in record:
            value = record[column]
            if value is not None:
                try:
                    value = check(value)
                except (ValueError, TypeError, ArithmeticError) as exc:
                    raise ValueError(f"{table}.{column}: {exc}") from None
                if to_db is not None:
                    value = to_db(value)
            out[name] = value
    return out


def chunks(seq: Sequence[_T], size: int = 500) -> Iterator[Sequence[_T]]:
    for i in range(0, len(seq), size):
        yield seq[i:i + size]


_LOOKUP_SQL: dict[tuple[type[pw.Model], tuple[str, ...], str, int, str], str] = {}


def rows_by_key(model: type[pw.Model], columns: tuple[pw.Field, ...], key: pw.Field,
                values: Iterable[Any]) -> list[tuple[Any, ...]]:
    """Tuples of ``columns`` for the rows whose ``key`` is one of ``values``, 500 values a query.

    The statement is made by peewee once per shape and reused with new parameters: building a
    500-value ``IN`` with peewee for every chunk cost more than running it."""
    out: list[tuple[Any, ...]] = []
    db = model._meta.database
    names = tuple(c.name for c in columns)
    to_db = _db_converter(key)
    for chunk in chunks(list(values)):
        shape = (model, names, key.name, len(chunk), db.param)  # one process may hold both engines
        sql = _LOOKUP_SQL.get(shape)
        if sql is None:
            sql, params = model.select(*columns).where(key.in_(list(chunk))).sql()
            if len(params) != len(chunk):  # the statement must take exactly the values as parameters
                raise AssertionError(f"unexpected lookup statement for {model.__name__}: {sql}")
            _LOOKUP_SQL[shape] = sql
        out.extend(db.execute_sql(sql, chunk if to_db is None else [to_db(v) for v in chunk]).fetchall())
    return out


def _quote(db: pw.Database, name: str) -> str:
    return name.join(db.quote)  # peewee's quote() for one name: the database's two quote characters around it


# peewee's own wrapper that turns a driver's exceptions into peewee's (the stubs leave it out)
DRIVER_ERRORS: pw.ExceptionWrapper = getattr(pw, "__exception_wrapper__")


def _defaults(fields: list[pw.Field]) -> dict[str, object]:
    return {f.name: f.db_value(f.default() if callable(f.default) else f.default) for f in fields}


def bulk_insert(table: str, rows: list[ExchangeRow], converted: dict[str, dict[str, Any]] | None = None,
                batch: int = 1000) -> None:
    """Insert exchange dicts fast: one prepared INSERT and DB-API ``executemany`` per batch.

    peewee's ``insert_many`` spends most of its time building SQL for each row (17 s of a 30 s
    township-year import); this builds the statement once from the model (the database's own
    quote characters and parameter style). ``converted`` maps a row id to its ``db_values``.
    Columns missing from a record get their model default (e.g. ``is_local`` = False)."""
    if not rows:
        return
    model = BY_TABLE[table]
    db = model._meta.database
    fields = model._meta.sorted_fields
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        _quote(db, model._meta.table_name), ", ".join(_quote(db, f.column_name) for f in fields),
        ", ".join([db.param] * len(fields)))
    # Model defaults first: for columns that stay local, and for columns an older sender's
    # schema does not have yet (a newer sender's unknown columns were refused before).
    defaults = list(_defaults(fields).items())
    for chunk in chunks(rows, batch):
        params: list[list[Any]] = []
        for record in chunk:
            values = converted[record["id"]] if converted is not None else db_values(table, record)
            params.append([values.get(name, default) for name, default in defaults])
        with DRIVER_ERRORS:  # driver errors as peewee's IntegrityError etc., on any database
            db.cursor().executemany(sql, params)


def bulk_update(table: str, rows: list[ExchangeRow], converted: dict[str, dict[str, Any]] | None = None,
                batch: int = 1000) -> None:
    """Overwrite the travelling columns of existing rows (by id) with one prepared UPDATE per
    set of columns and ``executemany``; columns a record lacks (local ones, or ones an older
    sender does not have) keep their value."""
    if not rows:
        return
    model = BY_TABLE[table]
    db = model._meta.database
    by_name = {f.name: f for f in model._meta.sorted_fields}
    groups: dict[tuple[str, ...], list[list[Any]]] = {}
    for record in rows:
        values = converted[record["id"]] if converted is not None else db_values(table, record)
        names = tuple(n for n in values if n != "id")
        groups.setdefault(names, []).append([values[n] for n in names] + [values["id"]])
    for names, params in groups.items():
        sql = "UPDATE {} SET {} WHERE {} = {}".format(
            _quote(db, model._meta.table_name),
            ", ".join(f"{_quote(db, by_name[n].column_name)} = {db.param}" for n in names),
            _quote(db, model.id.column_name), db.param)
        for chunk in chunks(params, batch):
            with DRIVER_ERRORS:
                db.cursor().executemany(sql, chunk)
