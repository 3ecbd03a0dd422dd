"""人民调解协议书 (the domain, in that order from top to bottom) and 口头协议登记表."""
from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache

from reportlab.graphics.barcode import qrencoder
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether

from zhongxin_desktop.documents import parties
from zhongxin_desktop.documents.casedata import CaseDoc, PartyFields
from zhongxin_desktop.documents.textblock import TextBlock
from zhongxin_desktop.documents.layout import (
    BODY_W, PAGE_H, PAGE_W, Doc, PageMark, SealPlaceholder, gap,
)
from zhongxin_desktop.domain.dates import cn_date
from zhongxin_desktop.services.settlement import agreements
from zhongxin_desktop.services.results import AgreementRecord

CN_NUM = "零一二三四五六七八九十"


def cn_number(n: int) -> str:
    if n <= 10:
        return CN_NUM[n]
    if n < 20:
        return "十" + CN_NUM[n - 10]
    return CN_NUM[n // 10] + "十" + (CN_NUM[n % 10] if n % 10 else "")


@lru_cache(maxsize=32)
def _qr_runs(text: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """Module count and the dark runs (row, first column, end column) of the code for ``text``.
    Encoding (mostly the choice of mask) is most of an agreement's render time; the preview and
    the print that follows it draw the same code, so it is encoded once."""
    qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    qr.addData(text)
    qr.make()
    n = qr.getModuleCount()
    runs: list[tuple[int, int, int]] = []
    for row in range(n):
        col = 0
        while col < n:
            if not qr.isDark(row, col):
                col += 1
                continue
            start = col
            while col < n and qr.isDark(row, col):
                col += 1
            runs.append((row, start, col))
    return n, tuple(runs)


class QrFlowable(Flowable):
    """The verification QR code drawn as one filled path of module runs. (reportlab's
    QrCodeWidget encodes twice and draws a shape per module: most of an agreement's render time.)"""

    def __init__(self, text: str, size: float = 22 * mm, quiet: int = 2):
        super().__init__()
        self.n, self.runs = _qr_runs(text)
        self.quiet = quiet
        self.width = self.height = size

    def draw(self) -> None:
        cell = self.width / (self.n + 2 * self.quiet)
        path = self.canv.beginPath()
        for row, start, end in self.runs:
            path.rect((start + self.quiet) * cell, self.height - (row + 1 + self.quiet) * cell,
                      (end - start) * cell, cell)
        self.canv.saveState()
        self.canv.setFillColor(colors.black)
        self.canv.drawPath(path, stroke=0, fill=1)
        self.canv.restoreState()


def party_block(doc: Doc, party: PartyFields, n: int) -> TextBlock:
    """One party's particulars under its role (a legal person as one: 名称, 统一社会信用代码, 住所,
    法定代表人 and 职务), its agent with kind and phone."""
    return TextBlock(parties.describe(doc, party, f"第{n}个当事人", lead=party["role"]), doc.body)


EFFECT = ("本协议自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效。"
          "经人民调解委员会调解达成的调解协议，具有法律约束力，当事人应当按照约定履行。")


def signature_block(doc: Doc, parties_: list[PartyFields], a: AgreementRecord, cd: CaseDoc, oral: bool,
                    closing: list[Flowable]) -> KeepTogether:
    """Kept together with the closing sentence, so long text never overlaps the signatures and
    the signature page always carries text (no page of bare signatures)."""
    day = cn_date(a.signed_on) if a.signed_on else "　　　　年　　月　　日"
    doc.fonts.check(cd.committee, "调解委员会名称")
    seal = SealPlaceholder(doc, cd.committee, day)
    left_w = BODY_W - seal.width
    staff = [doc.sign_line("人民调解员（签名）：", left_w * 0.75, 12 * mm), doc.sign_line("记录人（签名）：", left_w * 0.75, 12 * mm)]
    if oral:
        staff.append(doc.sign_line("登记人（签名）：", left_w * 0.75, 12 * mm))
    style = [("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
             ("RIGHTPADDING", (0, 0), (-1, -1), 0)]
    if len(parties_) <= 4:  # the common case: every signature beside the seal, on the page of the text
        lines = [*parties.sign_lines(doc, parties_, left_w, 12 * mm), *staff]
        return KeepTogether([*closing, gap(1), doc.table([[lines, seal]], [left_w, seal.width], style)])
    # many parties: their lines full width (they may run over a page), the staff beside the seal
    return KeepTogether([*closing, gap(1), *parties.sign_lines(doc, parties_, BODY_W * 0.8, 12 * mm),
                         doc.table([[staff, seal]], [left_w, seal.width], style)])


def header(doc: Doc, a: AgreementRecord, title: str, *, with_code: bool = True) -> list[Flowable]:
    """Title centred over the page, the verification QR code at the top right; a draft printed
    for reading has no code at all, so no copy of it can ever be taken for the signed paper."""
    size = 26 * mm  # the signed code is denser: modules stay ≥ 0.45 mm, readable from a photocopy
    code = QrFlowable(agreements.qr_text(a), size) if with_code else TextBlock(
        doc.fonts.markup("草稿\n无核验码", "文书固定文字"), doc.center)
    label = f"核验码（第{a.version}版）" if with_code else f"第{a.version}版"
    qr = doc.table([[code],
                    [TextBlock(doc.fonts.markup(label, "文书固定文字"), doc.small)]],
                   [size + 4 * mm], [("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                     ("TOPPADDING", (0, 0), (-1, -1), 0), ("ALIGN", (0, 0), (-1, -1), "RIGHT")])
    side = size + 4 * mm
    top = doc.table([["", doc.title(title), qr]], [side, BODY_W - 2 * side, side],
                    [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                     ("RIGHTPADDING", (0, 0), (-1, -1), 0)])
    return [top, doc.p(f"编号：{a.number}", "协议编号", doc.subtitle_style)]


def draft_mark(doc: Doc) -> Callable[[Canvas], None]:
    """The painter of "草稿" across a page, light grey, under the text: every page of an unsigned
    version printed for reading, filing or export (the 签署本 for the parties is printed without it)."""

    def paint(c: Canvas) -> None:
        c.saveState()
        c.translate(PAGE_W / 2, PAGE_H / 2)
        c.rotate(35)
        c.setFillColor(colors.Color(0.85, 0.85, 0.85))
        c.setFont(doc.fonts.name, 110)
        c.drawCentredString(0, -40, "草稿")
        c.restoreState()

    return paint


def story(cd: CaseDoc, a: AgreementRecord, doc: Doc, *, mark_draft: bool = False) -> list[Flowable]:
    oral = a.kind == "oral"
    parties_ = json.loads(a.parties or "[]") or cd.parties
    draft = mark_draft and a.status in agreements.EDITABLE
    out: list[Flowable] = [PageMark(draft_mark(doc))] if draft else []
    out += header(doc, a, "口头协议登记表" if oral else "人民调解协议书", with_code=not draft)
    if a.status == "superseded":
        newer = cd.in_force() or cd.agreements[-1]
        out.append(doc.p(f"本协议已被第{newer.version}版更正（{newer.number}），以第{newer.version}版为准；本件仅供存档。",
                         "更正说明", doc.center))
    if a.version > 1:
        prev = cd.agreement(a.previous_id)
        out.append(doc.p(f"（本协议为第{a.version}版，更正{prev.number if prev else '前一版'}；"
                         f"更正理由：{a.correction_reason}）", "更正理由", doc.small))
    out.append(gap(3))
    for n, party in enumerate(parties_, start=1):
        out += [party_block(doc, party, n), gap(2)]
    out.append(doc.labelled("纠纷主要事实、争议事项：", a.facts, "纠纷主要事实、争议事项"))
    out.append(gap(2))
    out.append(doc.raw("经调解，自愿达成如下协议：" if not oral else "经调解，双方当事人自愿达成如下口头协议："))
    for i, clause in enumerate(agreements.clauses_of(a), start=1):
        out.append(TextBlock(f"{cn_number(i)}、" + doc.m(clause, f"协议第{i}条"), doc.indent))
    out.append(gap(2))
    perform = a.performance
    if a.perform_place:
        perform = f"{perform}；履行地点：{a.perform_place}"
    if a.perform_by:
        perform = f"{perform}；履行期限：{cn_date(a.perform_by)}前履行完毕"
    out.append(doc.labelled("履行的方式、地点、期限：", perform, "履行方式、地点、期限"))
    if a.amount and float(a.amount) > 0:
        out.append(doc.labelled("协议涉及金额：", f"人民币{a.amount:.2f}元", "协议金额"))
    if oral:
        closing = [doc.raw("本口头协议自双方当事人达成之日起生效，以上内容经当事人确认无误。")]
    else:
        closing = [doc.raw(EFFECT, doc.indent),
                   doc.raw(f"本协议一式{cn_number(a.copies) if a.copies <= 99 else a.copies}份，"
                           "当事人、人民调解委员会各持一份。", doc.indent)]
    closing.append(doc.raw("（以下无正文）", doc.center))
    out.append(signature_block(doc, parties_, a, cd, oral, [gap(2), *closing]))
    if draft:
        out.append(PageMark(None))
    return out
