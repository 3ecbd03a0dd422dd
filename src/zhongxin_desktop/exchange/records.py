"""Which rows travel, and each row as a canonical dict (same bytes on every PC) with its hash.

Every ``SyncedModel`` table travels, except ``User`` (password hashes stay on the PC). Columns
that point at local-only rows (users: registered_by, mediator, host, recorder) and ``is_local``
do not travel: a user id means nothing at the county, and the receiving side keeps its own value.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal

import peewee as pw

from zhongxin_desktop.store import models as m

# Parents before children, so inserts satisfy foreign keys; deletions go the other way.
SYNC_MODELS: list[type[m.SyncedModel]] = [
    m.Center, m.Village, m.Grid, m.GridMember, m.HouseholdUnit, m.Case, m.Party, m.CaseParty, m.CaseEvent,
    m.Transfer, m.MediationSession, m.Agreement, m.Attachment, m.FollowUp, m.JudicialConfirmation,
    m.GridEvent, m.GridVisit, m.GridMeeting, m.Referral, m.Tombstone,
]
BY_TABLE: dict[str, type[m.SyncedModel]] = {mdl._meta.table_name: mdl for mdl in SYNC_MODELS}
LOCAL_ONLY_COLUMNS = {"is_local"}


def synced_fields(model: type[pw.Model]) -> list[pw.Field]:
    out = []
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


def to_json_value(value):
    if value is None or isinstance(value, (str, int, float)):
        return value  # bool is an int: kept as true/false by json
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.01")))
    return str(value)


def from_json_value(field: pw.Field, value):
    """Back to the Python value peewee stores; raises ValueError for a value of the wrong shape."""
    if value is None:
        return None
    if isinstance(field, pw.DateTimeField):
        return dt.datetime.fromisoformat(value)
    if isinstance(field, pw.DateField):
        return dt.date.fromisoformat(value)
    if isinstance(field, pw.DecimalField):
        return Decimal(value)
    if isinstance(field, pw.BooleanField):
        if not isinstance(value, bool):
            raise ValueError("应为 true/false")
        return value
    if isinstance(field, (pw.IntegerField, pw.AutoField)) and not isinstance(field, pw.ForeignKeyField):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("应为整数")
        return value
    if not isinstance(value, str):
        raise ValueError("应为文本")
    return value


def row_dict(table: str, row: dict) -> dict:
    """A row (from ``Model.select().dicts()``, keyed by field name) as the canonical exchange dict,
    keyed by column name."""
    out = {}
    for f in FIELDS[table]:
        value = row[f.name]
        if isinstance(f, pw.BooleanField) and value is not None:
            value = bool(value)
        out[f.column_name] = to_json_value(value)
    return out


def row_hash(record: dict) -> str:
    blob = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]


def select_dicts(table: str, where=None):
    model = BY_TABLE[table]
    q = model.select(*FIELDS[table])
    if where is not None:
        q = q.where(where)
    return q.dicts()


def model_values(table: str, record: dict) -> dict:
    """Exchange dict → {field name: python value} for insert/update (raises ValueError naming the column)."""
    out = {}
    for f in FIELDS[table]:
        if f.column_name in record:
            try:
                out[f.name] = from_json_value(f, record[f.column_name])
            except (ValueError, TypeError) as exc:
                raise ValueError(f"{table}.{f.column_name}: {exc}") from None
    return out


def chunks(seq, size: int = 500):
    for i in range(0, len(seq), size):
        yield seq[i:i + size]
