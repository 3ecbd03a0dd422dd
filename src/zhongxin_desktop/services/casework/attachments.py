"""Signed scans and other files of a case, stored by their SHA-256 in the data folder.

Content-addressed (attachments/ab/abcdef…): the same file attached twice is stored once, and a
file whose bytes changed no longer matches its name, so tampering is detectable.
"""
from __future__ import annotations

from typing import Any

import hashlib
import os
import shutil
from pathlib import Path

from zhongxin_desktop.domain.agreement_status import EDITABLE
from zhongxin_desktop.domain.errors import DomainError, NotFound
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.paths import DataDir
from zhongxin_desktop.services import _case_rows, audit
from zhongxin_desktop.services.casework import cases
from zhongxin_desktop.services.actor import Actor, unattended
from zhongxin_desktop.services.results import AttachmentRecord
from zhongxin_desktop.store import tempfiles
from zhongxin_desktop.store.db import database
from zhongxin_desktop.store.models import Agreement, Attachment, Case

MAX_BYTES = 50 * 1024 * 1024
KIND_LABELS = {"scan": "签字协议扫描件", "evidence": "证据材料", "id_proof": "身份证明", "other": "其他材料",
               "authorization": "授权委托书", "qualification": "资格证明"}
# What a clerk files with a case (the signed scan belongs to an agreement and is attached there).
CASE_KINDS = ("id_proof", "qualification", "authorization", "evidence", "other")


@unattended("a rule over the kinds' names: reads no row")
def kind_of_label(text: str) -> str:
    """The kind named by its key or its Chinese label, or a refusal that lists the choices."""
    text = text.strip()
    for kind in CASE_KINDS:
        if text in (kind, KIND_LABELS[kind]):
            return kind
    raise DomainError(f"材料类别“{text}”不可用，请选：{'、'.join(KIND_LABELS[k] for k in CASE_KINDS)}")


@unattended("where attachment files live, or a rule over bytes: reads no row")
def sniff(head: bytes) -> tuple[str, str] | None:
    """(mime, extension) from the first bytes, or None: the name of a file proves nothing."""
    if head.startswith(b"%PDF-"):
        return "application/pdf", ".pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png", ".png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg", ".jpg"
    return None


@unattended("where attachment files live, or a rule over bytes: reads no row")
def root() -> Path:
    """The attachments folder of the open database's data folder."""
    return DataDir(Path(database.obj.database).parent).attachments


@unattended("where attachment files live, or a rule over bytes: reads no row")
def stored_path(sha256: str) -> Path:
    return root() / sha256[:2] / sha256


def attach(actor: Actor, case_ref: str, source: str | os.PathLike[str], *, agreement_id: str | None = None,
           kind: str = "scan", title: str = "") -> AttachmentRecord:
    actor.require(Perm.MEDIATE if agreement_id else Perm.EDIT, "case", case_ref)
    if kind not in KIND_LABELS:
        raise DomainError(f"材料类别“{kind}”不可用，请选：{'、'.join(KIND_LABELS[k] for k in CASE_KINDS)}")
    if kind != "scan" and agreement_id:
        raise DomainError("附在协议上的只能是签字协议扫描件。")
    if len(title) > 100:
        raise DomainError(f"材料名称有 {len(title)} 个字，最多 100 个字，请缩短。")
    case = _case_rows._get_case(case_ref)
    src = Path(source)
    if not src.is_file():
        raise DomainError(f"文件 {src} 不存在或不是文件")
    size = src.stat().st_size
    if size == 0 or size > MAX_BYTES:
        raise DomainError(f"文件 {src.name} 大小为 {size} 字节：应大于0且不超过50MB")
    with src.open("rb") as fh:
        kind_of = sniff(fh.read(16))
    if kind_of is None:
        raise DomainError(f"文件 {src.name} 不是 PDF、JPG 或 PNG（按文件内容判断，而非扩展名）。"
                          "请用扫描仪另存为 PDF/JPG/PNG 后再附加。")
    agreement = None
    if agreement_id:
        agreement = Agreement.get_or_none(Agreement.id == agreement_id)
        if agreement is None or agreement.case_id != case.id:
            raise NotFound("找不到此案件的该协议")
        if agreement.status in EDITABLE:  # not yet signed
            raise DomainError(f"协议“{agreement.number}”尚未登记签署，请先“登记签署”再附加签字扫描件。")
    digest = hashlib.sha256()
    with src.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    sha = digest.hexdigest()
    target = stored_path(sha)
    if not target.exists():  # copy to a temporary name first: never a half-written stored file
        with tempfiles.written_atomically(target, tmp_dir=root()) as tmp:  # where the start-up sweep looks
            shutil.copyfile(src, tmp)
    with database.atomic():
        att = Attachment.create(owner_code=case.owner_code, case=case, agreement=agreement, kind=kind,
                                title=title or KIND_LABELS.get(kind, kind), filename=src.name, sha256=sha,
                                size=size, mime=kind_of[0], added_by=actor.username)
        cases._event(case, actor, "attachment_add", case.status, case.status, f"{att.title}：{src.name}")
        audit.record(actor.username, "attachment_add", "attachment", att.id,
                     detail={"case": case.id, "sha256": sha, "agreement": agreement_id})
    return AttachmentRecord.of(att)


def _for_case(case: Case) -> list[Attachment]:
    return list(Attachment.select().where(Attachment.case == case).order_by(Attachment.created_at))


def attachments_for(actor: Actor, case_ref: str) -> list[AttachmentRecord]:
    """The files of one case (by id or number), in the order they were added."""
    actor.require(Perm.VIEW, "case", case_ref)
    return AttachmentRecord.of_all(_for_case(_case_rows._get_case(case_ref)))


def case_attachments(actor: Actor, case_ref: str) -> list[dict[str, Any]]:
    """The files of one case (by id or number) as plain rows for the case view: the permission
    gate is here, not in the caller."""
    actor.require(Perm.VIEW, "case", case_ref)
    from zhongxin_desktop.store.models import User

    pairs: Any = User.select(User.username, User.display_name).tuples()
    names: dict[str, str] = dict(pairs)  # people, not sign-in names
    return [{"id": a.id, "title": a.title, "kind": a.kind, "kind_label": KIND_LABELS.get(a.kind, a.kind),
             "filename": a.filename, "size": a.size, "added_by": names.get(a.added_by, a.added_by),
             "added_at": a.created_at,
             "sha256": a.sha256, "mime": a.mime}
            for a in _for_case(_case_rows._get_case(case_ref))]


def open_bytes(actor: Actor, attachment_id: str) -> bytes:
    """The stored bytes, checked against their hash (a changed file is refused)."""
    actor.require(Perm.VIEW, "attachment", attachment_id)
    att = Attachment.get_or_none(Attachment.id == attachment_id)
    if att is None:
        raise NotFound("找不到该附件")
    path = stored_path(att.sha256)
    if not path.exists():
        raise DomainError(f"附件文件 {path} 丢失，请从备份恢复")
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != att.sha256:
        raise DomainError(f"附件“{att.filename}”的文件内容已被改动（与登记的SHA-256不符），请从备份恢复")
    audit.record(actor.username, "attachment_read", "attachment", att.id)
    return data
