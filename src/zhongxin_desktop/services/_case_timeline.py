"""One row on a case's timeline (办理经过). Its own module so that services a case's steps call
(the linkage loop) can write one without importing the case workflow that calls them."""
from __future__ import annotations

import json
from typing import Any

from zhongxin_desktop.services.actor import Actor
from zhongxin_desktop.store import inserts
from zhongxin_desktop.store.models import Case, CaseEvent


def add(actor: Actor, case: Case, action: str, from_status: str = "", to_status: str = "", remark: str = "",
        details: dict[str, Any] | None = None) -> None:
    inserts.create(CaseEvent, owner_code=case.owner_code, case=case, username=actor.username, action=action,
                          from_status=from_status, to_status=to_status, remark=remark,
                          details=json.dumps(details or {}, ensure_ascii=False, default=str))
