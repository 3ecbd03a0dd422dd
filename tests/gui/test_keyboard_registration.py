"""A registration with the keyboard alone, every key delivered to the dialog's window as a real
keyboard does (through the application's event filters), never straight into a widget."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QScrollArea, QSpinBox, QComboBox, QVBoxLayout, QWidget

from helpers import open_case_form, window_key, window_type
from zhongxin_desktop.services.casework import case_query

# What a clerk sees, top to bottom and left to right, with the fields that are greyed out for a
# walk-in (上报人, and a sender's 来件编号/办结期限/回复期限) and for a natural person (法定代表人, 联系人) left out.
PARTY = ["role", "kind", "name", "id_number", "sex", "birth", "ethnicity", "phone", "occupation", "address",
         "agent_name", "agent_phone", "removeParty"]
VISUAL_ORDER = (["registered_on", "source", "source_detail", "category", "village", "grid", "risk", "mediator"]
                + PARTY + PARTY + ["add_申请人", "add_被申请人", "facts", "claims", "persons", "amount", "is_group",
                                   "prevent_criminal", "prevent_petition", "prevent_suicide", "saveCase"])


def _focused_field(names: set[str]) -> str:
    w = QApplication.focusWidget()
    while w is not None and w.objectName() not in names:
        w = w.parentWidget()
    return w.objectName() if w is not None else ""


def _form(qtbot, ctx):
    return open_case_form(qtbot, ctx)


def test_tab_walks_the_form_in_the_order_it_is_shown(qtbot, township, app_ctx):
    form = _form(qtbot, app_ctx(township))
    names = set(VISUAL_ORDER)
    qtbot.waitUntil(lambda: _focused_field(names) == "registered_on", timeout=5000)
    seen = ["registered_on"]
    for _ in range(len(VISUAL_ORDER) * 4):  # a date field may take a Tab per part (year, month, day)
        window_key(form, Qt.Key_Tab)
        name = _focused_field(names)
        if name != seen[-1]:
            seen.append(name)
        if name == "saveCase":
            break
    assert seen == VISUAL_ORDER, " ".join(seen)
    window_key(form, Qt.Key_Backtab)  # and back again
    assert _focused_field(names) == "prevent_suicide"
    form.discard()


def test_a_registration_with_the_keyboard_alone(qtbot, township, app_ctx):
    ctx = app_ctx(township)
    form = _form(qtbot, ctx)
    names = set(VISUAL_ORDER)

    def go(name: str) -> None:
        """Tab on until ``name`` has the focus (it must come within the form's own order)."""
        for _ in range(len(VISUAL_ORDER)):
            if _focused_field(names) == name:
                return
            window_key(form, Qt.Key_Tab)
        raise AssertionError(f"Tab never reached {name}; stuck at {_focused_field(names)}")

    go("category")
    window_key(form, Qt.Key_Down)  # the first category: a dropdown is chosen with the arrow keys
    assert form.category.currentIndex() == 0
    go("name")
    window_type(form, "Zhang San")
    window_key(form, Qt.Key_Return)  # Enter moves on, it does not save a half-filled form
    assert _focused_field(names) == "id_number" and form.isVisible()
    window_type(form, "11010519491231002X")
    go("phone")
    window_type(form, "13812345678")
    window_key(form, Qt.Key_Return)
    assert _focused_field(names) == "occupation"
    go("removeParty")
    window_key(form, Qt.Key_Tab)  # the second party
    go("name")
    window_type(form, "Li Si")
    go("facts")
    window_type(form, "Drain dispute.")
    window_key(form, Qt.Key_Return)  # a new line in the text box
    window_type(form, "Second line")
    window_key(form, Qt.Key_Tab)  # Tab leaves the text box instead of typing a tab
    assert _focused_field(names) == "claims"
    assert form.facts.toPlainText() == "Drain dispute.\nSecond line"
    with qtbot.waitSignal(form.saved, timeout=10000) as saved:
        window_key(form, Qt.Key_S, Qt.ControlModifier)
    ctx.worker.wait()
    d = case_query.detail(township, saved.args[0], reveal=True)
    assert d["category"] == form.choices.categories[0]
    assert [(p["name"], p["role"], p["sex"], p["phone"]) for p in d["parties"]] == [
        ("Zhang San", "申请人", "女", "13812345678"), ("Li Si", "被申请人", "", "")]
    assert d["facts"] == "Drain dispute.\nSecond line"


def test_after_a_refused_save_the_focus_is_on_the_first_red_field(qtbot, township, app_ctx):
    form = _form(qtbot, app_ctx(township))
    form.party_editors[1].name.setFocus()
    window_type(form, "Li Si")
    form.party_editors[1].phone.setFocus()
    window_type(form, "12345")  # a bad phone further down; the category (first on the form) is missing
    window_key(form, Qt.Key_S, Qt.ControlModifier)
    qtbot.waitUntil(lambda: form.errors.labels["纠纷类型"].isVisible(), timeout=10000)
    assert QApplication.focusWidget() is form.category
    form.discard()


def test_the_wheel_changes_only_a_focused_field(qtbot):
    """Scrolling over a dropdown or a spin box that the clerk has not clicked scrolls the page."""
    outer = QScrollArea()
    body = QWidget()
    layout = QVBoxLayout(body)
    combo = QComboBox()
    combo.addItems(["自然人", "法人"])
    spin = QSpinBox()
    spin.setValue(5)
    other = QSpinBox()
    layout.addWidget(other)
    for w in (combo, spin):
        layout.addWidget(w)
    layout.addSpacing(2000)
    outer.setWidget(body)
    outer.resize(300, 300)
    qtbot.addWidget(outer)
    outer.show()
    qtbot.waitExposed(outer)
    outer.activateWindow()
    other.setFocus()
    qtbot.waitUntil(other.hasFocus, timeout=5000)
    for w in (combo, spin):
        _wheel(w, -120)
    assert combo.currentText() == "自然人" and spin.value() == 5
    assert outer.verticalScrollBar().value() > 0  # the wheel went to the page instead
    assert other.hasFocus()  # and did not take the focus
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus, timeout=5000)
    _wheel(spin, 120)
    assert spin.value() == 6  # a focused field still takes the wheel


def _wheel(widget, delta: int) -> None:
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent

    pos = QPointF(widget.rect().center())
    event = QWheelEvent(pos, QPointF(widget.mapToGlobal(pos.toPoint())), QPoint(0, 0), QPoint(0, delta),
                        Qt.NoButton, Qt.NoModifier, Qt.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_a_future_date_is_refused_with_a_message_not_silently_changed(qtbot, township, app_ctx):
    import datetime as dt

    from PySide6.QtCore import QDate

    form = _form(qtbot, app_ctx(township))
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    form.registered_on.setDate(QDate(tomorrow))
    assert form.registered_on.date().toPython() == tomorrow  # kept as typed
    window_key(form, Qt.Key_S, Qt.ControlModifier)
    qtbot.waitUntil(lambda: form.errors.labels["登记日期"].isVisible(), timeout=10000)
    assert "不能晚于今天" in form.errors.labels["登记日期"].text()
    form.discard()
