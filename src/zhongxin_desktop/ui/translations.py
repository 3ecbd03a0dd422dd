"""Qt's own texts (standard buttons, context menus, file dialogs) in Chinese, like ours."""
from __future__ import annotations

import logging

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)


def install_qt_chinese(app: QApplication) -> bool:
    if getattr(app, "_zhongxin_qt_translator", None) is not None:
        return True
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_", folder):
        log.warning("Qt's Chinese translation (qtbase_zh_CN.qm) not found in %s", folder)
        return False
    app.installTranslator(translator)
    # kept on the application (Qt does not own it): alive as long as the application
    setattr(app, "_zhongxin_qt_translator", translator)
    return True
