"""The print use case: render one KIND of document for a case, write it, and record the print in
the case timeline and the audit log (a printed legal document is an event worth knowing about)."""
from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reportlab.platypus import Flowable

from zhongxin_desktop.documents import agreement as agreement_doc
from zhongxin_desktop.documents import casedata, dossier, forms
from zhongxin_desktop.documents.layout import Doc, build_pdf
from zhongxin_desktop.domain.errors import DomainError, NotFound
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.services.settlement import agreements, prints
from zhongxin_desktop.services.actor import Actor
from zhongxin_desktop.services.results import AgreementRecord
from zhongxin_desktop.store import tempfiles
from zhongxin_desktop.documents.kinds import KINDS  # noqa: F401 (re-exported)

FORMS: dict[str, Callable[[casedata.CaseDoc, Doc], list[Flowable]]] = {
    "registration": forms.registration, "notice": forms.notice, "record": forms.record,
    "followup": forms.followup, "confirmation": forms.confirmation}


@dataclass
class Printed:
    kind: str
    title: str
    pdf: bytes
    agreement: AgreementRecord | None = None
    signing: bool = False  # the 签署本: the paper the parties sign (printing it makes the version 已打印待签)

    @property
    def copies(self) -> int:
        """How many the print dialog starts with: an agreement is printed once for every party and once
        for the file (the number written in it); any other document once."""
        return self.agreement.copies if self.agreement is not None and self.agreement.copies else 1


def _agreement_for(cd: casedata.CaseDoc, kind: str, version: int | None) -> AgreementRecord:
    wanted = "oral" if kind == "oral-agreement" else "written"
    if version is not None:
        a = next((x for x in cd.agreements if x.version == version), None)
        if a is None:
            raise NotFound(f"案件“{cd.case_no}”没有第{version}版协议")
    else:
        a = agreements.current_for(cd.actor, cd.case.id)
        if a is None:
            raise DomainError(f"案件“{cd.case_no}”还没有协议，请先制作协议书。")
    if a.kind != wanted:
        other = "oral-agreement（口头协议登记表）" if a.kind == "oral" else "agreement（人民调解协议书）"
        raise DomainError(f"此案件的协议是{agreements.KIND_LABELS[a.kind]}，请打印 {other}。")
    return a


def preview(actor: Actor, kind: str, case_ref: str, *, version: int | None = None,
            progress: dossier.Progress | None = None, signing: bool = False) -> Printed:
    """Render for the preview, not yet recorded: the document shows personal data in full, so
    seeing it needs the same permission as printing it. Raises UnprintableCharacter naming char
    and field.

    An unsigned version prints as a 草稿 (watermarked, no verification code) unless ``signing``
    asks for its 签署本, the clean paper the parties sign, which carries the code."""
    actor.require(Perm.PRINT, "case", case_ref)
    if kind not in KINDS:
        raise DomainError(f"未知的文书种类“{kind}”，可用：{'、'.join(KINDS)}")
    if signing and kind not in ("agreement", "oral-agreement"):
        raise DomainError(f"签署本只用于协议书，{KINDS[kind]}没有签署本。")
    cd = casedata.load(actor, case_ref)
    doc = Doc()
    title = f"{KINDS[kind]} {cd.case_no}"
    if kind == "dossier":
        return Printed(kind, title, dossier.build(cd, doc, actor.display_name, progress))
    if kind in ("agreement", "oral-agreement"):
        a = agreements.ready_to_print(actor, _agreement_for(cd, kind, version).id)
        if signing and a.status not in agreements.EDITABLE:
            raise DomainError(f"协议“{a.number}”第{a.version}版{agreements.STATUS_LABELS[a.status]}，"
                              "不能再打印签署本；请打印存档本。")
        draft = a.status in agreements.EDITABLE and not signing
        which = "（签署本）" if signing else "（草稿）" if draft else ""
        pdf = build_pdf(agreement_doc.story(cd, a, doc, mark_draft=draft), doc, title=f"{KINDS[kind]} {a.number}{which}",
                        header=f"{KINDS[kind]}　{a.number}（续）")
        return Printed(kind, title + which, pdf, a, signing)
    return Printed(kind, title, build_pdf(FORMS[kind](cd, doc), doc, title=title,
                                          header=f"{KINDS[kind]}　编号：{cd.case_no}（续）"))


def print_document(actor: Actor, kind: str, case_ref: str, out: str | os.PathLike[str] | None = None, *,
                   version: int | None = None, progress: dossier.Progress | None = None,
                   signing: bool = False) -> Printed:
    """Render, write ``out`` (if given) atomically, and record the print."""
    printed = preview(actor, kind, case_ref, version=version, progress=progress, signing=signing)
    if out is not None:
        write_atomic(Path(out), printed.pdf)
    record_print(actor, case_ref, printed, str(out or ""))
    return printed


def record_print(actor: Actor, case_ref: str, printed: Printed, target: str) -> None:
    """Timeline + audit for a print (also used by the GUI after it sends pages to a printer)."""
    what = KINDS[printed.kind] + ("签署本" if printed.signing else "")
    prints.record_print(actor, case_ref, printed.kind, what, target,
                        agreement_id=printed.agreement.id if printed.agreement else None, signing=printed.signing)


def write_atomic(path: Path, data: bytes) -> None:
    with tempfiles.written_atomically(path) as tmp:
        tmp.write_bytes(data)
