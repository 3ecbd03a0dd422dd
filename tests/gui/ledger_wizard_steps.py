"""Opening the 导入旧台账 wizard on a ledger file as the clerk does: choose the file, wait for it
to be read (shared by the wizard's tests)."""
from zhongxin_desktop.ui.dialogs.ledger_import import LedgerImportWizard


def open_ledger(qtbot, ctx, path) -> LedgerImportWizard:
    wizard = LedgerImportWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.path_edit.setText(str(path))
    wizard.file_page.load(str(path))
    qtbot.waitUntil(wizard.file_page.isComplete, timeout=10000)
    return wizard
