"""An unsigned agreement printed for reading carries 草稿 across every page and no verification
code; the 签署本 printed for the parties is clean and carries the code; a superseded version
reprints marked. Read back with pdftotext and rendered with pdftoppm."""
import subprocess

import pytest
from PIL import Image

from docs_flow import add_session, agreement_input, two_party_case
from pdfcheck import decode_qr, layout_faults, page_count, squash, text_of
from zhongxin_desktop.documents import printing
from zhongxin_desktop.domain.errors import DomainError
from zhongxin_desktop.services.settlement import agreements
from zhongxin_desktop.services.casework import cases

LONG_CLAUSES = [f"第{i}条：被申请人于十日内将排水沟改道，恢复原状，并赔偿申请人因此受到的损失；" * 4 for i in range(1, 13)]


def _grey_share(pdf, tmp_path, page: int) -> float:
    """Share of light-grey pixels (the watermark's colour) in the middle of the rendered page.
    Rendered without anti-aliasing, so black text adds no grey edges of its own."""
    prefix = tmp_path / f"p{page}"
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-aa", "no", "-aaVector", "no", "-f", str(page), "-l", str(page),
                    str(pdf), str(prefix)], check=True)
    image = Image.open(next(tmp_path.glob(f"p{page}*.png"))).convert("L")
    w, h = image.size
    middle = image.crop((w // 4, h // 3, 3 * w // 4, 2 * h // 3))
    histogram = middle.histogram()
    return sum(histogram[200:231]) / sum(histogram)


@pytest.fixture
def drafted(township):
    no = two_party_case(township)
    add_session(township, no)
    a = agreements.create(township, no, agreement_input(clauses=LONG_CLAUSES))
    return no, a


def test_a_draft_printed_for_reading_is_watermarked_on_every_page_and_has_no_code(township, drafted, tmp_path):
    no, a = drafted
    out = tmp_path / "draft.pdf"
    printed = printing.print_document(township, "agreement", no, out)
    pages = page_count(out)
    assert pages >= 2  # twelve long clauses: the mark must follow onto the continuation page
    for page in range(1, pages + 1):
        assert _grey_share(out, tmp_path, page) > 0.01, page
    assert decode_qr(out, tmp_path) == []
    assert "无核验码" in squash(text_of(out))
    assert layout_faults(out, watermark="草稿") == []
    # reading a draft is not the paper for signing: signing is still refused
    assert agreements._get(a.id).status == "draft" and printed.title.endswith("（草稿）")
    with pytest.raises(DomainError, match="还没有打印"):
        agreements.sign(township, a.id)


def test_the_signing_copy_is_clean_and_carries_the_code(township, drafted, tmp_path):
    no, a = drafted
    out = tmp_path / "signing.pdf"
    printing.print_document(township, "agreement", no, out, signing=True)
    for page in range(1, page_count(out) + 1):
        assert _grey_share(out, tmp_path, page) < 0.002, page
    code = decode_qr(out, tmp_path)
    assert len(code) == 1 and a.number.replace(" ", "") in code[0]
    assert "草稿" not in squash(text_of(out))
    assert agreements._get(a.id).status == "printed"
    agreements.sign(township, a.id)
    with pytest.raises(DomainError, match="签署本"):
        printing.print_document(township, "agreement", no, tmp_path / "again.pdf", signing=True)
    with pytest.raises(DomainError, match="签署本"):
        printing.print_document(township, "notice", no, tmp_path / "n.pdf", signing=True)


def test_a_correction_draft_is_watermarked_and_the_superseded_version_reprints_marked(township, drafted, tmp_path):
    no, a = drafted
    printing.print_document(township, "agreement", no, signing=True)
    agreements.sign(township, a.id)
    signed = tmp_path / "v1.pdf"
    printing.print_document(township, "agreement", no, signed, version=1)
    assert _grey_share(signed, tmp_path, 1) < 0.002 and len(decode_qr(signed, tmp_path)) == 1
    v2 = agreements.correct(township, a.id, "金额笔误", agreement_input(amount="1500"))
    draft = tmp_path / "v2.pdf"
    printing.print_document(township, "agreement", no, draft)
    assert _grey_share(draft, tmp_path, 1) > 0.01 and decode_qr(draft, tmp_path) == []
    assert "第2版" in squash(text_of(draft))
    printing.print_document(township, "agreement", no, signing=True)
    agreements.sign(township, v2.id)
    old = tmp_path / "v1-again.pdf"
    printing.print_document(township, "agreement", no, old, version=1)
    assert "本协议已被第2版更正" in squash(text_of(old))
    assert cases._get_case(no).case_no == no
