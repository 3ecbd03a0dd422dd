"""The registration form holds still: red error text appearing after 保存 moves no field (the
clerk's pointer stays on what it was over), and the 防止激化 boxes stand on one line."""
from __future__ import annotations

from PySide6.QtCore import QPoint

from helpers import open_case_form


def _places(form) -> dict[str, QPoint]:
    return {name: w.mapTo(form, QPoint()) for name, w in form.errors.widgets.items()}


def test_errors_appearing_move_no_field(qtbot, township, app_ctx):
    form = open_case_form(qtbot, app_ctx(township))
    for width in (1366, 1024):
        form.resize(min(980, width - 40), 708)
        qtbot.wait(50)
        form.errors.clear()
        qtbot.wait(50)
        before = _places(form)
        form.save()  # an empty form: category, facts and both names are refused
        qtbot.waitUntil(lambda: sum(label.isVisible() for label in form.errors.labels.values()) >= 2, timeout=10000)
        qtbot.wait(50)
        moved = {name: (before[name].y(), p.y()) for name, p in _places(form).items() if p != before[name]}
        assert moved == {}, (width, moved)
        for editor in form.party_editors:
            assert editor.errors.labels["姓名/名称"].isVisible()
            assert editor.remove.mapTo(form, QPoint()).y() == editor.name.mapTo(form, QPoint()).y()
    checks = [check.mapTo(form, QPoint()).y() for check, _count in form.prevent.values()]
    counts = [count.mapTo(form, QPoint()).y() for _check, count in form.prevent.values()]
    assert len(set(checks)) == 1 and len(set(counts)) == 1, (checks, counts)
    form.discard()
