"""The 卷宗 carries a PDF scan's own pages, the parties' identity page and the back cover."""
import subprocess

from docs_flow import add_session, agreement_input, two_party_case
from pdfcheck import layout_faults, page_count
from zhongxin_desktop.documents import printing
from zhongxin_desktop.services.settlement import agreements
from zhongxin_desktop.services.casework import attachments


def _scan(path, pages: list[str]) -> None:
    """A scanner's PDF: Latin text so any font reads it back."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    c = Canvas(str(path), pagesize=A4)
    for text in pages:
        c.setFont("Helvetica", 28)
        c.drawString(150, 400, text)
        c.showPage()
    c.save()


def _page(path, n) -> str:
    return subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_a_pdf_scan_is_merged_with_its_own_numbered_pages(township, tmp_path):
    no = two_party_case(township)
    add_session(township, no)
    a = agreements.create(township, no, agreement_input())
    printing.print_document(township, "agreement", no, signing=True)
    agreements.sign(township, a.id)
    scan = tmp_path / "signed.pdf"
    _scan(scan, ["SIGNED SCAN PAGE ONE", "SIGNED SCAN PAGE TWO"])
    attachments.attach(township, no, scan, agreement_id=a.id)
    evidence = tmp_path / "evidence.pdf"
    _scan(evidence, ["EVIDENCE PHOTO"])
    attachments.attach(township, no, evidence, kind="evidence", title="证据材料")
    agreements.freeze(township, a.id)
    out = tmp_path / "dossier.pdf"
    printing.print_document(township, "dossier", no, out, progress=None)
    assert layout_faults(out) == []
    pages = [_page(out, n) for n in range(1, page_count(out) + 1)]
    one = next(i for i, t in enumerate(pages) if "SIGNED SCAN PAGE ONE" in t)
    two = next(i for i, t in enumerate(pages) if "SIGNED SCAN PAGE TWO" in t)
    assert two == one + 1
    # each scan page keeps the dossier's number under it (cover and catalogue unnumbered)
    assert f"— {one + 1 - 2} —" in pages[one] and f"— {two + 1 - 2} —" in pages[two]
    # the template's order: identity and evidence before the record and the agreement
    order = [next(i for i, t in enumerate(pages) if i > 1 and s in t.replace(" ", "")) for s in
             ("当事人身份证明", "EVIDENCEPHOTO", "人民调解记录", "人民调解协议书", "SIGNEDSCANPAGEONE")]
    assert order == sorted(order), order
    assert "立卷单位" in pages[-1].replace(" ", "") and "—" not in pages[-1]
