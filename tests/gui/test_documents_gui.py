"""The 调解 / 协议书 / 回访 pages driven like a clerk would, against a real database."""
import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from docs_flow import LONG_FACTS, add_session, two_party_case
from helpers import answer_confirmation
from pdfcheck import assert_fields_landed, decode_qr, text_of
from zhongxin_desktop.services.settlement import agreements
from zhongxin_desktop.services.casework import cases
from zhongxin_desktop.ui.pages.agreements import AgreementsPage
from zhongxin_desktop.ui.pages.followups import FollowUpsPage
from zhongxin_desktop.ui.pages.mediation import MediationPage

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c49444154"
                    "08d763f8ffff3f0005fe02fea7d6a4bb0000000049454e44ae426082")


def status_of(page, version=None):
    rows = [r for r in page.rows if version is None or r["version"] == version]
    return rows[0]["status"] if rows else None


@pytest.fixture
def mediated_case(township):
    no = two_party_case(township)
    add_session(township, no)
    return no


def test_agreement_page_full_flow(qtbot, township, mediated_case, app_ctx, tmp_path):
    ctx = app_ctx(township)
    page = AgreementsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: page.case_box.count() == 1, timeout=10000)
    assert page.case_box.currentText() == f"{mediated_case}　张三、李四"  # found by number or party

    # draw up the agreement in the editor, typed like a clerk would
    qtbot.mouseClick(page.new_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.editor is not None, timeout=10000)
    editor = page.editor
    assert editor.facts.toPlainText().startswith(LONG_FACTS[:20])  # started from the registered facts
    assert editor.amount.value() == 1200
    editor.facts.setPlainText("被申请人排水沟污水流入申请人院坝。")
    editor.clauses.setPlainText("被申请人十日内将排水沟改道；\n被申请人赔偿申请人人民币800元。")
    editor.performance.insert("十日内现金支付")
    editor.amount.setValue(800)
    qtbot.mouseClick(editor.buttons.button(editor.buttons.StandardButton.Save), Qt.LeftButton)
    qtbot.waitUntil(lambda: status_of(page) == "draft", timeout=10000)
    assert not editor.isVisible()
    page.table.selectRow(0)
    assert page.edit_button.isEnabled() and not page.sign_button.isEnabled()

    # the preview of a draft is for reading: marked 草稿, no code, and not the paper for signing
    assert page.signing_button.isEnabled()
    qtbot.mouseClick(page.print_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.preview_dialog is not None and page.preview_dialog.isVisible(), timeout=20000)
    draft = tmp_path / "draft.pdf"
    page.preview_dialog.save_to(str(draft))
    assert "无核验码" in text_of(draft) and decode_qr(draft, tmp_path) == []
    page.preview_dialog.reject()
    qtbot.waitUntil(lambda: [e.action for e in cases._get_case(mediated_case).events].count("print") == 1,
                    timeout=10000)
    page.table.selectRow(0)
    assert status_of(page) == "draft" and not page.sign_button.isEnabled()

    # the 签署本: "save as PDF" and print to a (PDF) printer: both recorded, status printed
    page.preview_dialog = None
    qtbot.mouseClick(page.signing_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.preview_dialog is not None and page.preview_dialog.isVisible(), timeout=20000)
    preview = page.preview_dialog
    assert preview.pages.count == 1 and not preview.page_labels[0].pixmap().isNull()
    saved = tmp_path / "saved.pdf"
    preview.save_to(str(saved))
    assert_fields_landed(text_of(saved), ["人民调解协议书", "被申请人十日内将排水沟改道", "张三", "李四"])
    printer = QPrinter(QPrinter.HighResolution)
    printer.setOutputFormat(QPrinter.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printer.pdf"))
    preview.print_to(printer)
    assert (tmp_path / "printer.pdf").read_bytes().startswith(b"%PDF")
    preview.reject()
    qtbot.waitUntil(lambda: status_of(page) == "printed", timeout=10000)
    timeline = [e.action for e in cases._get_case(mediated_case).events]
    assert timeline.count("print") == 3
    assert len(decode_qr(saved, tmp_path)) == 1 and "草稿" not in text_of(saved)

    # signed, scanned in, frozen
    page.table.selectRow(0)
    qtbot.mouseClick(page.sign_button, Qt.LeftButton)
    answer_confirmation(qtbot, page, "登记签署", must_mention="司法确认申请期限30日")
    qtbot.waitUntil(lambda: status_of(page) == "signed", timeout=10000)
    page.table.selectRow(0)
    scan = tmp_path / "scan.png"
    scan.write_bytes(PNG)
    page.attach_scan(str(scan))
    qtbot.waitUntil(lambda: bool(page.rows and page.rows[0]["scans"]), timeout=10000)
    page.table.selectRow(0)
    assert page.scans.count() == 1 and page.scans.item(0).text() == "scan.png"
    qtbot.mouseClick(page.freeze_button, Qt.LeftButton)
    answer_confirmation(qtbot, page, "锁定", must_mention="不能再修改")
    qtbot.waitUntil(lambda: status_of(page) == "frozen", timeout=10000)
    page.table.selectRow(0)
    assert not page.edit_button.isEnabled() and page.correct_button.isEnabled()

    # the joint application for judicial confirmation, refused without a court, then recorded
    qtbot.mouseClick(page.confirm_button, Qt.LeftButton)
    dialog = page.confirm_dialog
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.LeftButton)
    qtbot.waitUntil(lambda: "人民法院" in dialog.message.text(), timeout=10000)
    dialog.court.insert("测试人民法庭")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    assert [j.court for j in cases._get_case(mediated_case).confirmations] == ["测试人民法庭"]
    page.table.selectRow(0)
    v1_code = agreements.qr_text(agreements._get(page.rows[0]["id"]))

    # correction → version 2, the first one still listed when asked
    qtbot.mouseClick(page.correct_button, Qt.LeftButton)
    editor = page.editor
    assert editor.correction and editor.facts.toPlainText().startswith("被申请人排水沟")
    editor.clauses.setPlainText("被申请人十日内将排水沟改道；\n被申请人赔偿申请人人民币900元。")
    editor.reason.insert("赔偿金额笔误")
    qtbot.mouseClick(editor.buttons.button(editor.buttons.StandardButton.Save), Qt.LeftButton)
    qtbot.waitUntil(lambda: status_of(page, 2) == "draft", timeout=10000)
    page.show_old.setChecked(True)
    # while version 2 is only a draft, the signed version 1 keeps its effect
    qtbot.waitUntil(lambda: status_of(page, 1) == "frozen", timeout=10000)

    # the QR code of version 1 is still valid, with the correction in preparation noted
    page.open_verify()
    dialog = page.verify_dialog
    dialog.text.insert(v1_code)
    qtbot.mouseClick(dialog.check_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.verdict is not None, timeout=10000)
    assert dialog.verdict.outcome == "match" and "更正正在制作中" in dialog.result_label.text()
    page.grab().save(str(tmp_path / "agreements-page.png"))


def test_editor_refusal_keeps_the_dialog_and_what_was_typed(qtbot, township, mediated_case, app_ctx):
    page = AgreementsPage(app_ctx(township))
    qtbot.addWidget(page)
    page.refresh()
    qtbot.waitUntil(lambda: page.case_box.count() == 1, timeout=10000)
    qtbot.mouseClick(page.new_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.editor is not None, timeout=10000)
    editor = page.editor
    editor.facts.setPlainText("只写了事实")
    qtbot.mouseClick(editor.buttons.button(editor.buttons.StandardButton.Save), Qt.LeftButton)
    qtbot.waitUntil(lambda: "协议内容" in editor.message.text(), timeout=10000)
    assert editor.isVisible() and editor.facts.toPlainText() == "只写了事实"
    assert editor.buttons.isEnabled()
    editor.reject()


def test_mediation_page_records_a_session(qtbot, township, app_ctx):
    no = two_party_case(township)
    page = MediationPage(app_ctx(township))
    qtbot.addWidget(page)
    page.refresh()
    qtbot.waitUntil(lambda: page.cases.rowCount() == 1, timeout=10000)
    page.cases.selectRow(0)
    qtbot.mouseClick(page.add_button, Qt.LeftButton)
    dialog = page.dialog
    dialog.matter.insert("排水沟纠纷")
    dialog.statements.insertPlainText("双方各自陈述")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.LeftButton)
    qtbot.waitUntil(lambda: page.sessions.rowCount() == 1, timeout=10000)
    assert page.sessions.item(0, 2).text() == "排水沟纠纷"
    assert cases._get_case(no).status == "mediating"


def test_followups_page_lists_due_and_records_a_visit(qtbot, township, mediated_case, app_ctx, tmp_path):
    from zhongxin_desktop.documents import printing
    from docs_flow import agreement_input

    from zhongxin_desktop.store.models import Case

    Case.update(accepted_on=dt.date.today() - dt.timedelta(days=60)).where(Case.case_no == mediated_case).execute()
    a = agreements.create(township, mediated_case, agreement_input())
    printing.print_document(township, "agreement", mediated_case, signing=True)
    agreements.sign(township, a.id, dt.date.today() - dt.timedelta(days=40))
    page = FollowUpsPage(app_ctx(township))
    qtbot.addWidget(page)
    page.refresh()
    qtbot.waitUntil(lambda: page.due.rowCount() == 1, timeout=10000)
    assert page.due.item(0, 0).foreground().color().name() == "#c62828"  # 30 days passed: overdue visit
    page.due.selectRow(0)
    qtbot.mouseClick(page.record_button, Qt.LeftButton)
    qtbot.mouseClick(page.dialog.buttons.button(page.dialog.buttons.StandardButton.Save), Qt.LeftButton)
    qtbot.waitUntil(lambda: page.done.rowCount() == 1 and page.due.rowCount() == 0, timeout=10000)
    assert cases._get_case(mediated_case).status == "followed_up"


def test_case_detail_tabs_print_any_version_and_show_scans(qtbot, township, mediated_case, app_ctx, tmp_path):
    from zhongxin_desktop.documents import printing
    from zhongxin_desktop.services.casework import attachments
    from zhongxin_desktop.ui.case_tabs import CASE_TABS
    from zhongxin_desktop.ui.case_tabs.documents import AgreementsTab, AttachmentsTab
    from docs_flow import agreement_input

    assert [t for t, _ in CASE_TABS] == ["调解记录", "协议书", "回访", "附件", "来件与回复"]
    a = agreements.create(township, mediated_case, agreement_input())
    printing.print_document(township, "agreement", mediated_case, signing=True)
    agreements.sign(township, a.id)
    scan = tmp_path / "scan.png"
    scan.write_bytes(PNG)
    attachments.attach(township, mediated_case, scan, agreement_id=a.id)
    agreements.freeze(township, a.id)
    agreements.correct(township, a.id, "笔误", agreement_input(amount="1500"))
    case_id = cases._get_case(mediated_case).id
    ctx = app_ctx(township)

    tab = AgreementsTab(ctx, case_id)
    qtbot.addWidget(tab)
    qtbot.waitUntil(lambda: tab.table.rowCount() == 2, timeout=10000)
    tab.table.selectRow(0)  # version 1, superseded: still printable
    tab.print_selected()
    qtbot.waitUntil(lambda: getattr(tab, "preview_dialog", None) is not None, timeout=20000)
    out = tmp_path / "v1.pdf"
    tab.preview_dialog.save_to(str(out))
    assert_fields_landed(text_of(out), ["人民调解协议书", "第 1 号"])
    assert "第2版" not in text_of(out)
    tab.preview_dialog.reject()

    files = AttachmentsTab(ctx, case_id)
    qtbot.addWidget(files)
    qtbot.waitUntil(lambda: files.table.rowCount() == 1, timeout=10000)
    assert files.table.item(0, 2).text() == "scan.png"
    files.table.selectRow(0)
    files.open_selected()
    qtbot.waitUntil(lambda: getattr(files, "preview_dialog", None) is not None, timeout=10000)
    assert files.preview_dialog.pages.count == 1
    files.preview_dialog.reject()


@pytest.mark.parametrize("backend", ["QtPdf", "pdftoppm"])
def test_preview_pages_render_with_either_backend(qtbot, township, mediated_case, monkeypatch, backend):
    from zhongxin_desktop.documents import printing
    from zhongxin_desktop.ui import pdf_pages

    if backend == "pdftoppm":
        monkeypatch.setattr(pdf_pages, "QPdfDocument", None)
    pdf = printing.preview(township, "notice", mediated_case).pdf
    pages = pdf_pages.PdfPages(pdf)
    try:
        assert pages.backend == backend and pages.count == 1
        image = pages.image(0, 50)
        assert abs(image.width() - round(595.28 * 50 / 72)) <= 2 and not image.isNull()
        # not a blank page: some pixels are dark (the printed text)
        dark = sum(1 for x in range(0, image.width(), 4) for y in range(0, image.height(), 4)
                   if image.pixelColor(x, y).lightness() < 100)
        assert dark > 50
    finally:
        pages.close()
