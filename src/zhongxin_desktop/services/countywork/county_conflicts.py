"""The county settles conflicts: a township row that came with the version the county held but
other content. Listed with both versions side by side; a decision (keep the township's or the
county's content, with a reason) is audited and travels down in the next reply
(``exchange/conflicts``). Both versions stay in the conflict record for good."""
from __future__ import annotations

from typing import Any

import json

from zhongxin_desktop.domain import row_labels
from zhongxin_desktop.domain.errors import DomainError, FieldError, NotFound, ValidationError
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.exchange import conflicts, records
from zhongxin_desktop.services import audit
from zhongxin_desktop.services.actor import Actor
from zhongxin_desktop.services.center import local_center
from zhongxin_desktop.store.db import database
from zhongxin_desktop.store.models import Center, ExchangeConflict, utcnow

STATUS_LABELS = {"open": "待裁定", "resolved": "已裁定，待乡镇应用", "settled": "已一致",
                 "superseded": "乡镇已有更新版本"}
KEEP_LABELS = {"township": "保留乡镇版本", "county": "保留县级版本"}
SHORT = 8  # characters of the id a person types on the command line


def _require_county(actor: Actor) -> None:
    actor.require(Perm.VIEW)
    if local_center().kind != "county":
        raise DomainError("数据冲突由县级中心裁定，只在县级中心可用")


def _state(c: ExchangeConflict) -> str:
    now = conflicts.current_version(c.table_name, c.row_id)
    if now is not None and now > c.row_version:
        return "settled" if c.status == "resolved" else "superseded"
    return c.status


def _view(c: ExchangeConflict, names: dict[str, str], reveal: bool) -> dict[str, Any]:
    held, incoming = json.loads(c.held), json.loads(c.incoming)
    state = _state(c)
    return {"id": c.id[:SHORT], "conflict_id": c.id, "township_code": c.center_code,
            "township": names.get(c.center_code, c.center_code), "table": c.table_name,
            "table_label": row_labels.table_label(c.table_name),
            "record": row_labels.row_title(c.table_name, incoming, reveal), "row_id": c.row_id,
            "row_version": c.row_version, "bundle_sequence": c.bundle_sequence, "found_at": c.found_at,
            "status": state, "status_label": STATUS_LABELS[state], "keep": c.keep,
            "keep_label": KEEP_LABELS.get(c.keep, ""), "reason": c.reason, "resolved_by": c.resolved_by,
            "resolved_at": c.resolved_at, "fields": row_labels.side_by_side(held, incoming, reveal)}


def list_conflicts(actor: Actor, *, reveal: bool = False, only_open: bool = False) -> list[dict[str, Any]]:
    """Every held conflict, newest first, both versions side by side (masked unless ``reveal``,
    which needs the right to see personal data and is audited)."""
    _require_county(actor)
    if reveal:
        actor.require(Perm.REVEAL, "conflict")
    names = {c.code: c.name for c in Center.select(Center.code, Center.name)}
    rows = [_view(c, names, reveal) for c in ExchangeConflict.select().order_by(ExchangeConflict.found_at.desc())]
    if only_open:
        rows = [r for r in rows if r["status"] == "open"]
    if reveal and rows:
        audit.record(actor.username, "reveal", "conflict", ",".join(r["id"] for r in rows[:20]),
                     detail={"rows": len(rows)})
    return rows


def _find(ref: str) -> ExchangeConflict:
    ref = (ref or "").strip().lower()
    if len(ref) < 4:
        raise ValidationError(FieldError("冲突编号", "至少输入4位（见 zhongxin county conflicts 的第一列）"))
    found = list(ExchangeConflict.select().where(ExchangeConflict.id.startswith(ref)).limit(2))
    if not found:
        raise NotFound(f"没有编号为“{ref}”的数据冲突（见 zhongxin county conflicts）")
    if len(found) > 1:
        raise ValidationError(FieldError("冲突编号", f"“{ref}”对应多条冲突，请多输入几位"))
    return found[0]


def resolve(actor: Actor, ref: str, keep: str, reason: str) -> dict[str, Any]:
    """Record the decision. Keeping the township's content also puts it in the county's copy at
    once; either way the township makes it a new version when the next reply reaches it."""
    _require_county(actor)
    actor.require(Perm.EXPORT, "conflict", ref)  # a supervisor's decision, and it leaves in the next reply
    if keep not in conflicts.KEEP:
        raise ValidationError(FieldError("保留", "应为 township（乡镇版本）或 county（县级版本）"))
    if not (reason or "").strip():
        raise ValidationError(FieldError("裁定理由", "不能为空，请写明为什么保留这一版本（如：已与乡镇电话核实）"))
    with database.atomic():
        c = _find(ref)
        if _state(c) != "open":
            raise DomainError(f"这条冲突已是“{STATUS_LABELS[_state(c)]}”，不能再裁定")
        if keep == "township":
            _take_township_copy(c)
        c.status, c.keep, c.reason = "resolved", keep, reason.strip()
        c.resolved_by, c.resolved_at = actor.username, utcnow()
        c.save()
        audit.record(actor.username, "conflict_resolve", "conflict", c.id,
                     detail={"township": c.center_code, "type": row_labels.table_label(c.table_name),
                             "version": c.row_version, "result": KEEP_LABELS[keep], "reason": c.reason})
    names = {x.code: x.name for x in Center.select(Center.code, Center.name)}
    return _view(c, names, False)


def _take_township_copy(c: ExchangeConflict) -> None:
    incoming = json.loads(c.incoming)
    model = records.BY_TABLE[c.table_name]
    values = records.model_values(c.table_name, {k: v for k, v in incoming.items() if k != "id"})
    model.update(**{k: v for k, v in values.items() if k in model._meta.fields}).where(
        model.id == c.row_id, model.row_version == c.row_version).execute()
