"""The 导入旧台账 wizard with a ledger it has never seen, driven with qtbot: the unmapped and guessed
columns are shown, the clerk maps a column and decides about rows without an applicant."""
from ledger_fixtures import TOWNSHIP_B as B, build_township_ledger

from zhongxin_desktop.store.models import Case, CaseEvent

from .ledger_wizard_steps import open_ledger


def _row_of(table, label: str) -> int:
    for r in range(table.rowCount()):
        if table.item(r, 0).text() == label:
            return r
    raise AssertionError(label)


def test_wizard_shows_unmapped_columns_and_lets_the_clerk_decide(qtbot, demo_db, app_ctx, tmp_path):
    ctx = app_ctx(demo_db)
    path = build_township_ledger(tmp_path / "石桥镇.xlsx")
    before = Case.select().count()
    wizard = open_ledger(qtbot, ctx, path)
    wizard.next()
    mapping = wizard.mapping_page
    mapping.sheet_combo.setCurrentIndex(1)
    assert mapping.sheet_combo.currentText() == B
    note = mapping.note.text()
    assert "“纠纷原委”列的表头未能识别，按内容判断为纠纷简要情况，请核对" in note
    assert "未对应的列（文字存入各案备注）：回访情况" in note
    facts_row, visit_row = _row_of(mapping.table, "纠纷原委"), _row_of(mapping.table, "回访情况")
    assert mapping.combos[facts_row].currentData() == "facts"
    assert mapping.combos[visit_row].currentText() == "（未对应：文字存入备注）"
    # the clerk maps 回访情况 to 备注 explicitly; it leaves the unmapped list
    mapping.combos[visit_row].setCurrentIndex(mapping.combos[visit_row].findData("remarks"))
    assert "未对应的列" not in mapping.note.text()
    wizard.next()
    preview = wizard.preview_page
    qtbot.waitUntil(preview.isComplete, timeout=10000)
    assert "3 行缺少申请人，待决定" in preview.summary.text()
    verdicts = {(preview.table.item(r, 0).text(), int(preview.table.item(r, 1).text())): preview.table.item(r, 2).text()
                for r in range(preview.table.rowCount())}
    assert verdicts[(B, 4)] == "未导入"
    preview.missing_combo.setCurrentIndex(preview.missing_combo.findData("placeholder"))
    qtbot.waitUntil(lambda: preview.isComplete() and "缺少申请人，待决定" not in preview.summary.text(), timeout=10000)
    verdicts = {(preview.table.item(r, 0).text(), int(preview.table.item(r, 1).text())): preview.table.item(r, 2).text()
                for r in range(preview.table.rowCount())}
    assert verdicts[(B, 4)] == "可导入"
    with qtbot.waitSignal(ctx.bus.changed, timeout=10000):
        wizard.next()
    qtbot.waitUntil(wizard.result_page.isComplete, timeout=10000)
    assert Case.select().count() == before + 12
    case = Case.get_by_id(wizard.import_result.case_ids[(B, 2)])
    remark = CaseEvent.get(CaseEvent.case == case, CaseEvent.action == "import").remark
    assert "备注：电话回访，满意" in remark
