"""Papers filed with a case (身份证明, 资格证明, 授权委托书, 证据材料): from the command line and from
the case's 附件 tab; the 卷宗 files them in the template's order and the 司法确认申请书 counts
them under 附."""
import json

from PySide6.QtCore import Qt

from conftest import PASSWORD
from docs_flow import add_session, agreement_input, two_party_case
from helpers import run_cli
from pdfcheck import squash, text_of
from zhongxin_desktop.documents import printing
from zhongxin_desktop.services.settlement import agreements
from zhongxin_desktop.services.casework import attachments, cases

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c49444154"
                    "08d763f8ffff3f0005fe02fea7d6a4bb0000000049454e44ae426082")


def _signed(township) -> str:
    no = two_party_case(township)
    add_session(township, no)
    a = agreements.create(township, no, agreement_input())
    printing.print_document(township, "agreement", no, signing=True)
    agreements.sign(township, a.id)
    return no


def test_papers_filed_on_the_command_line_reach_the_dossier_and_the_application(township, data_dir, tmp_path):
    no = _signed(township)
    proxy, licence, photo = tmp_path / "委托书.png", tmp_path / "执照.png", tmp_path / "现场.png"
    for f in (proxy, licence, photo):
        f.write_bytes(PNG)

    def cli(*args):
        return run_cli(*args, data=data_dir, user="admin", password=PASSWORD)

    before = text_of(printing.preview(township, "confirmation", no).pdf, tmp_path)
    assert "授权委托书" not in squash(before)  # no agent, nothing filed: not listed
    for path, kind, title in ((proxy, "授权委托书", "李四委托钱某的授权委托书"), (licence, "qualification", ""),
                              (photo, "证据材料", "现场照片")):
        r = cli("attachment", "add", no, str(path), "--kind", kind, "--title", title)
        assert r.returncode == 0, r.stderr
    r = cli("attachment", "add", no, str(photo), "--kind", "户口本")
    assert r.returncode == 1 and "材料类别" in r.stderr and "授权委托书" in r.stderr and "Traceback" not in r.stderr
    text_file = tmp_path / "note.txt"
    text_file.write_text("不是扫描件", encoding="utf-8")
    r = cli("attachment", "add", no, str(text_file), "--kind", "证据材料")
    assert r.returncode == 1 and "PDF" in r.stderr
    r = cli("attachment", "list", no, "--json")
    rows = json.loads(r.stdout)
    assert [(x["kind_label"], x["title"]) for x in rows] == [
        ("授权委托书", "李四委托钱某的授权委托书"), ("资格证明", "资格证明"), ("证据材料", "现场照片")]

    application = squash(text_of(printing.preview(township, "confirmation", no).pdf, tmp_path))
    assert "授权委托书及委托代理人身份证明（已附1份）" in application
    assert "资格证明（营业执照或登记证书复印件）（已附1份）" in application
    assert "与争议有关的证明材料（已附1份）" in application

    dossier = tmp_path / "dossier.pdf"
    assert cli("print", "dossier", no, "--out", str(dossier)).returncode == 0
    catalogue = squash(text_of(dossier))
    order = [catalogue.index(t) for t in ("当事人身份证明", "资格证明（执照.png）", "李四委托钱某的授权委托书（委托书.png）",
                                          "现场照片（现场.png）", "人民调解记录")]
    assert order == sorted(order)
    # refused papers left nothing behind
    assert len(attachments._for_case(cases._get_case(no))) == 3


def test_the_case_tab_files_an_authorization(qtbot, township, app_ctx, tmp_path):
    from zhongxin_desktop.ui.case_tabs.documents import AttachmentsTab

    no = two_party_case(township)
    proxy = tmp_path / "proxy.png"
    proxy.write_bytes(PNG)
    tab = AttachmentsTab(app_ctx(township), cases._get_case(no).id)
    qtbot.addWidget(tab)
    qtbot.mouseClick(tab.buttons["add_paper"], Qt.LeftButton)
    dialog = tab.paper_dialog
    save = dialog.buttons.button(dialog.buttons.StandardButton.Save)
    qtbot.mouseClick(save, Qt.LeftButton)  # no file chosen yet: said at the field, nothing filed
    assert "文件" in dialog.message.text() and dialog.isVisible()
    dialog.kind.setCurrentIndex(dialog.kind.findText("授权委托书"))
    dialog.title.insert("张三的授权委托书")  # the input method types Chinese as a whole
    qtbot.keyClicks(dialog.path, str(proxy))
    qtbot.mouseClick(save, Qt.LeftButton)
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1, timeout=10000)
    assert not dialog.isVisible()
    assert [tab.table.item(0, c).text() for c in (0, 1, 2)] == ["张三的授权委托书", "授权委托书", "proxy.png"]
    assert [a.kind for a in attachments._for_case(cases._get_case(no))] == ["authorization"]
