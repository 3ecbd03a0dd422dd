"""Each Qt Designer form (forms/*.ui) is built at run time from its compiled Python
(ui/compiled_forms, scripts/compile-forms). Here each is also read by QUiLoader, as Qt itself
reads the .ui, and the two widget trees must agree object by object and property by property:
a form edited in Designer but not recompiled fails."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QFile, QIODevice, QObject
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QWidget

from zhongxin_desktop.ui.forms import load_form

FORMS = sorted(Path(__file__).resolve().parents[2].joinpath("forms").glob("*.ui"))


def _by_loader(path: Path) -> QWidget:
    file = QFile(str(path))
    assert file.open(QIODevice.ReadOnly)
    try:
        return QUiLoader().load(file, None)
    finally:
        file.close()


def _tree(root: QObject) -> dict[str, dict[str, str]]:
    """Every named object under the root (and the root): its class and stored properties."""
    out = {}
    for obj in [root, *root.findChildren(QObject)]:
        name = obj.objectName()
        if not name or name.startswith("qt_"):  # Qt's own helpers (a scroll area's viewport …)
            continue
        meta = obj.metaObject()
        props = {"class": meta.className()}
        for i in range(meta.propertyCount()):
            prop = meta.property(i)
            if prop.isReadable() and prop.isStored() and prop.name() not in ("objectName",):
                props[prop.name()] = re.sub(r" at 0x[0-9a-f]+", "", repr(prop.read(obj)))
        if hasattr(obj, "buddy") and callable(obj.buddy) and obj.buddy() is not None:
            props["buddy"] = obj.buddy().objectName()
        out[name] = props
    return out


def test_there_are_forms_to_compare():
    assert {p.stem for p in FORMS} >= {"login", "first_run"}


@pytest.mark.parametrize("path", FORMS, ids=lambda p: p.stem)
def test_the_compiled_form_is_the_designer_form(qapp, path):
    loaded, compiled = _by_loader(path), load_form(path.stem, QWidget)
    expected, got = _tree(loaded), _tree(compiled)
    assert got.keys() == expected.keys()
    for name, props in expected.items():
        assert got[name] == props, name
    for name in expected:  # the views reach children as attributes, as QUiLoader gives them
        if name != loaded.objectName():
            assert getattr(compiled, name).objectName() == name
