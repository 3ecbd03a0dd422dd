"""卷宗: cover, 卷内目录, then every document of the case in order, page-numbered,
then the 备考表 and the 封底. Built twice: the first pass learns on which page each document
starts, the second prints those numbers in the catalogue."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable


from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, PageBreak, Spacer

from zhongxin_desktop.documents import agreement as agreement_doc
from zhongxin_desktop.documents import forms, parties, pdf_scans
from zhongxin_desktop.documents.textblock import TextBlock, parsed_once
from zhongxin_desktop.documents.casedata import CaseDoc
from zhongxin_desktop.documents.layout import BODY_W, PAGE_H, Doc, PageMarker, build_pdf, gap
from zhongxin_desktop.domain.dates import cn_date, local_date
from zhongxin_desktop.domain.errors import DomainError
from zhongxin_desktop.services.casework import attachments
from zhongxin_desktop.services import settings
from zhongxin_desktop.services.results import AttachmentRecord


ATTACHMENT_ORDER = (("id_proof", "当事人身份证明材料"), ("qualification", "资格证明"), ("authorization", "授权委托书"),
                    ("evidence", "证据材料"))


# A part of the dossier: its key (for the page it starts on), its title and date in the
# catalogue, and what it prints.
_Part = tuple[str, str, dt.date | None, list[Flowable]]


def _parts(cd: CaseDoc, doc: Doc) -> list[_Part]:
    """(key, title, date, flowables) of every document, in the order of the 卷宗 template:
    登记表, 告知书, 当事人身份证明, 资格证明, 授权委托书, 证据材料, 调解记录, 协议书 (with its scans), 回访记录,
    司法确认申请书."""
    c = cd.case
    parts: list[_Part] = [("registration", "人民调解受理登记表", c.registered_on, forms.registration(cd, doc)),
                          ("notice", "当事人权利义务告知书", c.accepted_on or c.registered_on, forms.notice(cd, doc)),
                          ("identity", "当事人身份证明", c.registered_on, identity(cd, doc))]
    by_kind = {kind: [a for a in cd.attachments if a.kind == kind and not a.agreement_id] for kind, _ in ATTACHMENT_ORDER}
    for kind, _ in ATTACHMENT_ORDER:
        for att in by_kind[kind]:
            parts.append((f"att-{att.id}", f"{att.title}（{att.filename}）", local_date(att.created_at),
                          _attachment(att, doc)))
    if cd.sessions:
        parts.append(("record", f"人民调解记录（{len(cd.sessions)}次）", cd.sessions[0].held_at.date(),
                      forms.record(cd, doc)))
    filed = {a.id for kind in by_kind.values() for a in kind}
    for a in cd.agreements:
        title = ("口头协议登记表" if a.kind == "oral" else "人民调解协议书") + f"（第{a.version}版"
        title += "，已被更正）" if a.status == "superseded" else ("，草稿）" if a.status in ("draft", "printed") else "）")
        parts.append((f"agreement-{a.version}", title, a.signed_on or local_date(a.created_at),
                      agreement_doc.story(cd, a, doc, mark_draft=True)))
        for att in cd.attachments:
            if att.agreement_id == a.id:
                filed.add(att.id)
                parts.append((f"att-{att.id}", f"{att.title}（{att.filename}）", local_date(att.created_at),
                              _attachment(att, doc)))
    for att in cd.attachments:
        if att.id not in filed:
            parts.append((f"att-{att.id}", f"{att.title}（{att.filename}）", local_date(att.created_at),
                          _attachment(att, doc)))
    if cd.followups:
        parts.append(("followup", f"回访记录（{len(cd.followups)}次）", cd.followups[0].visited_on,
                      forms.followup(cd, doc)))
    if cd.confirmations:
        try:
            parts.append(("confirmation", "司法确认申请书", cd.confirmations[-1].applied_on, forms.confirmation(cd, doc)))
        except DomainError:
            pass
    return parts


def identity(cd: CaseDoc, doc: Doc) -> list[Flowable]:
    """当事人身份证明: each party's identity as registered (copies of ID cards or licences, when
    scanned in, follow as 身份证明 attachments)."""
    rows = [[p["role"], TextBlock(parties.describe(doc, p, f"第{n}个当事人"), doc.cell)]
            for n, p in enumerate(cd.parties, start=1)]
    return [doc.title("当事人身份证明"), doc.p(f"案件编号：{cd.case_no}", "案件编号", doc.subtitle_style), gap(2),
            doc.grid(rows, [24 * mm, BODY_W - 24 * mm]), gap(3),
            doc.raw("以上身份信息经登记人核对当事人所持居民身份证、营业执照或登记证书原件无误。", doc.small)]


def _attachment(att: AttachmentRecord, doc: Doc) -> list[Flowable]:
    head = [doc.title(att.title), doc.p(f"文件名：{att.filename}　SHA-256：{att.sha256}", "附件", doc.small), gap(3)]
    path = attachments.stored_path(att.sha256)
    if att.mime in ("image/png", "image/jpeg") and path.exists():
        img = Image(str(path))
        scale = min(BODY_W / img.imageWidth, (PAGE_H - 100 * mm) / img.imageHeight)
        img.drawWidth, img.drawHeight = img.imageWidth * scale, img.imageHeight * scale
        return head + [img]
    if att.mime == "application/pdf" and path.exists():
        pages = pdf_scans.page_count(path)
        if pages:  # the scan's own pages follow, each on a page of the dossier (merged after the build)
            out = head + [doc.raw(f"（PDF 扫描件共 {pages} 页，附后。）")]
            for i in range(pages):
                out += [PageBreak(), PageMarker(_SCAN_PAGES, f"{att.sha256}:{i}")]
            return out
    return head + [doc.raw("（扫描件无法读取，原件以电子档案保存于本中心数据目录。）")]


_SCAN_PAGES: dict[str, int] = {}  # filled while building: "sha256:index" -> the dossier page it goes on


def cover(cd: CaseDoc, doc: Doc, builder: str) -> list[Flowable]:
    c = cd.case
    names = "与".join(cd.party_names()[:2]) + ("等" if len(cd.parties) > 2 else "")
    end = c.closed_on or (cd.agreements[-1].signed_on if cd.agreements else None)
    rows = [["卷　　名", (f"{names}{c.category}纠纷", "卷名")], ["卷　　号", (cd.case_no, "卷号")],
            ["调 解 员", (cd.mediator or (cd.agreements[-1].mediator_name if cd.agreements else ""), "调解员")],
            ["调解起止日期", (f"{cn_date(c.accepted_on)} 至 {cn_date(end)}", "调解起止日期")],
            ["立 卷 人", (builder, "立卷人")], ["立卷日期", (cn_date(dt.date.today()), "立卷日期")],
            ["保管期限", (f"{settings.get('retention_years')}年", "保管期限")], ["备　　注", ("", "备注")]]
    table = doc.grid(rows, [40 * mm, BODY_W - 40 * mm], min_heights={i: 13 * mm for i in range(len(rows))})
    return [Spacer(1, 30 * mm), doc.p(cd.committee, "调解委员会名称", doc.center), gap(8),
            doc.title("人 民 调 解 卷 宗"), Spacer(1, 25 * mm), table]


def catalogue(doc: Doc, entries: list[tuple[str, dt.date | None]], pages: dict[str, int], keys: list[str],
              total: int) -> list[Flowable]:
    rows: list[list[object]] = [["序号", "文件名称", "日期", "页号"]]
    for i, ((title, day), key) in enumerate(zip(entries, keys), start=1):
        start = pages.get(key)
        nxt = next((pages[k] for k in keys[i:] if k in pages), pages.get("back", total + 1))
        span = "" if start is None else (str(start) if nxt - 1 <= start else f"{start}-{nxt - 1}")
        rows.append([str(i), (title, "文件名称"), (cn_date(day), "日期"), span])
    rows.append([str(len(keys) + 1), "备考表", "", str(pages.get("back", ""))])
    rows.append([str(len(keys) + 2), "封底", "", ""])
    return [doc.title("卷 内 目 录"), gap(2), doc.grid(rows, [14 * mm, BODY_W - 72 * mm, 36 * mm, 22 * mm],
                                                     label_cols=(0, 3))]


def back_cover(cd: CaseDoc, doc: Doc, builder: str, total: int) -> list[Flowable]:
    return [doc.title("备 考 表"), gap(4),
            doc.p(f"本卷共有文件材料 {total} 页（不含封面、卷内目录和封底）。", "备考表", doc.indent),
            doc.raw("本卷情况说明：", doc.body), Spacer(1, 60 * mm),
            doc.p(f"立卷人：{builder}", "立卷人", doc.right), doc.raw("检查人：　　　　　　　", doc.right),
            doc.p(cn_date(dt.date.today()), "立卷日期", doc.right)]


def rear(cd: CaseDoc, doc: Doc) -> list[Flowable]:
    """封底: the archive's back cover (立卷单位, 卷号)."""
    rows = [["立卷单位", (cd.committee, "调解委员会名称")], ["卷　　号", (cd.case_no, "卷号")]]
    return [Spacer(1, 150 * mm), doc.grid(rows, [40 * mm, BODY_W - 40 * mm], min_heights={0: 12 * mm, 1: 12 * mm})]


# Called between the steps of a long build: (done, total, what is being done)
Progress = Callable[[int, int, str], None]


def build(cd: CaseDoc, doc: Doc, builder: str, progress: Progress | None = None) -> bytes:
    with parsed_once():
        return _build(cd, doc, builder, progress)


def _build(cd: CaseDoc, doc: Doc, builder: str, progress: Progress | None = None) -> bytes:
    if progress:
        progress(0, 3, "整理卷内文件")
    parts = _parts(cd, doc)
    keys = [k for k, _, _, _ in parts]
    entries = [(t, d) for _, t, d, _ in parts]

    def story(pages: dict[str, int], sink: dict[str, int], total: int) -> list[Flowable]:
        out = cover(cd, doc, builder) + [PageBreak()] + catalogue(doc, entries, pages, keys, total)
        out.append(PageMarker(sink, "docs-before"))
        for key, _, _, flowables in parts:
            out += [PageBreak(), PageMarker(sink, key)] + list(flowables)
        out += [PageBreak(), PageMarker(sink, "back")] + back_cover(cd, doc, builder, total)
        out += [PageBreak(), PageMarker(sink, "rear")] + rear(cd, doc)
        return out

    # Archives number the documents only: cover and 卷内目录 carry no number, the first document
    # is page 1, the 封底 none either.
    first: dict[str, int] = {}
    _SCAN_PAGES.clear()
    build_pdf(story({}, first, 0), doc, title=f"卷宗 {cd.case_no}", layout_only=True)
    if progress:
        progress(1, 3, "编排页码")
    offset = first.get("docs-before", 2)
    numbered = {k: v - offset for k, v in first.items() if k not in ("docs-before", "rear")}
    total = numbered.get("back", 0)
    rear_page = first.get("rear", 0)

    def footer(page: int, _total: int) -> str:
        return f"— {page - offset} —" if offset < page < rear_page else ""

    second: dict[str, int] = {}
    # Flowables are stateful after a build; rebuild them for the second pass.
    parts[:] = _parts(cd, doc)
    _SCAN_PAGES.clear()
    pdf = build_pdf(story(numbered, second, total), doc, title=f"卷宗 {cd.case_no}", footer=footer)
    if _SCAN_PAGES:
        pdf = pdf_scans.merge(pdf, {k: v for k, v in _SCAN_PAGES.items()}, attachments.stored_path)
    if progress:
        progress(3, 3, "完成")
    return pdf
