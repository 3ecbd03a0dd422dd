"""Type-to-filter dropdowns: a long list (categories, grids, mediators, departments, cases) is
narrowed by typing any part of an entry — “排水” finds “相邻关系（排水、通行）” — and only an
entry of the list can be chosen (typed text that matches nothing is put back on leaving)."""
from __future__ import annotations

from PySide6.QtCore import QObject, QEvent, Qt
from PySide6.QtWidgets import QComboBox, QCompleter


class _KeepListed(QObject):
    """On leaving the field, text that names no entry goes back to the chosen entry."""

    def eventFilter(self, combo: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut and isinstance(combo, QComboBox):
            found = combo.findText(combo.currentText(), Qt.MatchFlag.MatchFixedString)
            if found >= 0:
                combo.setCurrentIndex(found)
            else:
                combo.setEditText(combo.itemText(combo.currentIndex()) if combo.currentIndex() >= 0 else "")
        return False


def make_searchable(combo: QComboBox, free_text: bool = False) -> QComboBox:
    """``free_text``: the list only suggests (a department not listed may be typed)."""
    index = combo.currentIndex()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    completer = QCompleter(combo.model(), combo)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    combo.setCompleter(completer)
    combo.setCurrentIndex(index)
    if not free_text:
        keep_listed = _KeepListed(combo)
        setattr(combo, "_keep_listed", keep_listed)  # kept on the combo box: it filters as long as it lives
        combo.installEventFilter(keep_listed)
    line_edit = combo.lineEdit()
    if line_edit is not None:
        line_edit.setPlaceholderText(combo.tr("输入文字筛选"))
    return combo
