"""The service boundary, checked over every public function of every services module: nothing
hands out a live peewee row (results are frozen records or plain values), and each function takes
the acting user first unless it says, with ``@unattended(reason)``, why it needs none."""
from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
import re
import sys
import textwrap
import types
import typing

import peewee
import pytest

import zhongxin_desktop.services as services_pkg
from zhongxin_desktop.services.actor import Actor


def _service_modules() -> list[types.ModuleType]:
    return [importlib.import_module(info.name)
            for info in pkgutil.walk_packages(services_pkg.__path__, services_pkg.__name__ + ".")]


def _public_functions(module: types.ModuleType) -> list[tuple[str, typing.Callable]]:
    return [(name, fn) for name, fn in vars(module).items()
            if not name.startswith("_") and inspect.isfunction(fn) and fn.__module__ == module.__name__]


def _models_in(hint: object, seen: set[object] | None = None) -> list[type]:
    """Every peewee model a type hint can carry: itself, or inside list[...], X | None, tuple[...] …,
    or in a field of a dataclass or TypedDict it names (a result that holds rows hands out rows)."""
    seen = set() if seen is None else seen
    if isinstance(hint, type) and issubclass(hint, peewee.Model):
        return [hint]
    found: list[type] = []
    if isinstance(hint, type) and hint not in seen and (dataclasses.is_dataclass(hint) or typing.is_typeddict(hint)):
        seen.add(hint)
        try:
            field_hints = list(typing.get_type_hints(hint).values())
        except NameError:  # a name imported for type checking only: read the annotations as text
            return found + _models_named(hint)
        for field_hint in field_hints:
            found += _models_in(field_hint, seen)
    for arg in typing.get_args(hint):
        found += _models_in(arg, seen)
    return found


def _models_named(cls: type) -> list[type]:
    from zhongxin_desktop.store import models

    named = {m.__name__: m for m in vars(models).values() if isinstance(m, type) and issubclass(m, peewee.Model)}
    text = " ".join(str(v) for c in cls.__mro__ for v in getattr(c, "__annotations__", {}).values())
    return [named[w] for w in re.findall(r"[A-Za-z_]+", text) if w in named]


def violations(modules: list[types.ModuleType]) -> list[str]:
    """What breaks the boundary, one line per function."""
    found: list[str] = []
    for module in modules:
        for name, fn in _public_functions(module):
            where = f"{module.__name__}.{name}"
            try:
                hints = typing.get_type_hints(fn)
            except Exception as e:  # an annotation that does not resolve cannot be checked
                found.append(f"{where}: its type hints do not resolve ({e})")
                continue
            if "return" not in hints:
                found.append(f"{where}: no return type")
            elif models := _models_in(hints["return"]):
                found.append(f"{where}: returns a model ({', '.join(m.__name__ for m in models)})")
            params = list(inspect.signature(fn).parameters.values())
            takes_actor = bool(params) and params[0].name == "actor" and Actor in (hints.get("actor"), *typing.get_args(hints.get("actor")))
            if not takes_actor and not getattr(fn, "__unattended__", ""):
                found.append(f"{where}: takes no actor first and is not marked @unattended")
    return found


def test_every_public_service_function_keeps_the_boundary():
    modules = _service_modules()
    assert len(modules) > 60  # the walk reached the package, not an empty path
    # and went down into the sub-packages (casework/, settlement/ …), where most use cases live
    assert len({m.__name__.split(".")[2] for m in modules if m.__name__.count(".") == 3}) == 6
    assert violations(modules) == []


PLANTED = '''
from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict

from zhongxin_desktop.services.actor import Actor, unattended
from zhongxin_desktop.store.models import Agreement, Case


@dataclass
class Board:
    today: str
    rows: list[Case]


class Row(TypedDict):
    name: str
    agreement: Agreement | None


@dataclass
class Plain:
    count: int
    names: list[str]


def board(actor: Actor) -> Board:
    ...


def rows(actor: Actor) -> list[Row]:
    ...


def plain(actor: Actor) -> Plain:
    ...


def get_case(actor: Actor, ref: str) -> Case:
    ...


def cases_of(actor: Actor) -> list[tuple[str, Case | None]]:
    ...


def count(status: str) -> int:
    ...


def untyped(actor: Actor):
    ...


@unattended("a rule over its arguments")
def label(status: str) -> str:
    ...


def fine(actor: Actor, ref: str) -> dict[str, str]:
    ...


def _private(ref: str) -> Case:
    ...
'''


@pytest.fixture
def planted_module(tmp_path, monkeypatch):
    (tmp_path / "planted_service.py").write_text(textwrap.dedent(PLANTED), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield importlib.import_module("planted_service")
    sys.modules.pop("planted_service", None)


def test_the_check_finds_planted_violations_and_only_those(planted_module):
    assert sorted(violations([planted_module])) == [
        "planted_service.board: returns a model (Case)",
        "planted_service.cases_of: returns a model (Case)",
        "planted_service.count: takes no actor first and is not marked @unattended",
        "planted_service.get_case: returns a model (Case)",
        "planted_service.rows: returns a model (Agreement)",
        "planted_service.untyped: no return type",
    ]


def test_unattended_needs_a_reason():
    from zhongxin_desktop.services.actor import unattended

    with pytest.raises(ValueError):
        unattended("  ")


def test_each_record_reads_only_columns_its_table_has():
    """``XRecord.of(row)`` copies by field name: a field the table lacks fails only when a row is
    copied, so every record is checked against its model's columns here (raw key names included)."""
    import dataclasses

    from zhongxin_desktop.services import base_records, results
    from zhongxin_desktop.services.gridwork import grid_records
    from zhongxin_desktop.store import models

    checked = 0
    records = {**vars(base_records), **vars(results), **vars(grid_records)}
    for name, cls in records.items():
        if not (isinstance(cls, type) and issubclass(cls, results.Plain) and name.endswith("Record")
                and name != "Record"):
            continue
        model = getattr(models, name.removesuffix("Record"))
        columns = set(model._meta.fields) | {f.object_id_name for f in model._meta.refs}
        assert {f.name for f in dataclasses.fields(cls)} <= columns, name
        checked += 1
    assert checked >= 20
