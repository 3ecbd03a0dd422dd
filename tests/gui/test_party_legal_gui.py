"""A company registered in the form: its 统一社会信用代码 is checked at the field and stored."""
from PySide6.QtCore import Qt

from .test_cases_gui import open_form, page, type_text  # noqa: F401 (page is a fixture)
from zhongxin_desktop.services import _case_rows
from zhongxin_desktop.store.models import Case

CODE = "91350100M000100Y43"  # the example of GB 32100-2015


def test_a_company_s_credit_code_is_checked_at_its_field(qtbot, page):  # noqa: F811
    form = open_form(qtbot, page)
    a, b = form.party_editors
    type_text(qtbot, a.name, "张三")
    qtbot.keyClicks(a.phone, "13812345678")
    assert not a.credit_code.isEnabled()  # a natural person has none
    b.kind.setCurrentIndex(b.kind.findData("legal"))
    assert b.credit_code.isEnabled() and b.legal_rep_title.isEnabled()
    type_text(qtbot, b.name, "青山建材有限公司")
    type_text(qtbot, b.legal_rep, "孙经理")
    type_text(qtbot, b.legal_rep_title, "总经理")
    qtbot.keyClicks(b.credit_code, CODE[:-1] + "0")
    type_text(qtbot, form.facts, "砂石堵塞排水沟")
    form.category.setCurrentText("邻里")
    qtbot.mouseClick(form.save_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: "校验位" in b.errors.labels["统一社会信用代码"].text(), timeout=10000)
    assert Case.select().count() == 0
    b.credit_code.clear()
    qtbot.keyClicks(b.credit_code, CODE.lower())
    with qtbot.waitSignal(form.saved, timeout=10000):
        qtbot.mouseClick(form.save_button, Qt.LeftButton)
    company = [p for _, p in _case_rows._parties_of(Case.get()) if p.kind == "legal"][0]
    assert (company.credit_code, company.legal_rep_title) == (CODE, "总经理")
