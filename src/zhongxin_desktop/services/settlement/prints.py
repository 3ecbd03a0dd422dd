"""Recording that a case's document was printed: a printed legal paper is an event on the case's
timeline and in the audit log. Printing an agreement's 签署本 also moves a draft version on to
已打印待签 (the paper the parties sign now exists)."""
from __future__ import annotations

from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.services.settlement import agreements
from zhongxin_desktop.services import _case_rows, _case_timeline as case_timeline, audit
from zhongxin_desktop.services.actor import Actor
from zhongxin_desktop.store.db import database


def record_print(actor: Actor, case_ref: str, kind: str, title: str, target: str, *,
                 agreement_id: str | None = None, signing: bool = False) -> None:
    """``kind`` is the document's kind (``agreement``, ``dossier`` …), ``title`` what the timeline
    says was printed (人民调解协议书签署本), ``target`` the file or printer it went to."""
    actor.require(Perm.PRINT, "case", case_ref)
    case = _case_rows._get_case(case_ref)
    with database.atomic():
        version = None
        if agreement_id is not None:
            if signing:
                agreements.mark_printed(actor, agreement_id)
            version = agreements._get(agreement_id).version
        case_timeline.add(actor, case, "print", case.status, case.status, f"打印{title}",
                     {"kind": kind, "agreement": agreement_id, "version": version, "target": target,
                      "signing": signing})
        audit.record(actor.username, "print", "case", case.id,
                     detail={"kind": kind, "agreement": agreement_id, "target": target, "signing": signing})
