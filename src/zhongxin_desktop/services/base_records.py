"""The first of the plain results (services/results.py): the base classes, and the records of the
center and of a user, which signing in reads. Apart from the rest so that a start, which needs
only these, does not build the fifty other record classes first (about 20 ms)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any, Self


@dataclass(frozen=True)
class Plain:
    """A frozen copy of one row, built from it by its field names."""

    @classmethod
    def of(cls, row: Any) -> Self:
        """A frozen copy of ``row`` (a peewee instance): a foreign key is read as its raw id."""
        return cls(**{f.name: getattr(row, f.name) for f in fields(cls)})

    @classmethod
    def of_all(cls, rows: Any) -> list[Self]:
        return [cls.of(r) for r in rows]

    def __str__(self) -> str:
        # peewee turns a value it does not know into text before comparing it with a key column:
        # a record handed to a query in place of its key would silently match nothing.
        raise TypeError(f"{type(self).__name__} is not a key: use its key field")


@dataclass(frozen=True)
class Record(Plain):
    """Every synced table's own columns."""
    id: str
    owner_code: str
    created_at: dt.datetime
    updated_at: dt.datetime
    row_version: int


@dataclass(frozen=True)
class CenterRecord(Record):
    code: str
    name: str
    kind: str
    committee_short: str
    parent_code: str | None
    is_local: bool
    address: str
    phone: str


@dataclass(frozen=True)
class UserRecord(Record):
    username: str
    display_name: str
    role: str
    phone: str
    active: bool
    failed_attempts: int
    locked_until: dt.datetime | None
    last_login_at: dt.datetime | None
    must_change_password: bool
