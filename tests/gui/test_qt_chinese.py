from PySide6.QtWidgets import QApplication, QDialogButtonBox

from zhongxin_desktop.ui.translations import install_qt_chinese


def test_standard_buttons_speak_chinese(qtbot):
    assert install_qt_chinese(QApplication.instance())
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text().startswith("取消")
