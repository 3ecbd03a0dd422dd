"""The local center: set-up (township or county); its identity is read through ``identity``."""
from __future__ import annotations

import re

from zhongxin_desktop.domain.errors import Collector
from zhongxin_desktop.domain.roles import Role
from zhongxin_desktop.services import audit, users
from zhongxin_desktop.services.actor import unattended
from zhongxin_desktop.services.identity import NotInitialised, is_county, is_initialised, local_center
from zhongxin_desktop.store.db import database
from zhongxin_desktop.services.base_records import CenterRecord
from zhongxin_desktop.store.models import Center

__all__ = ["NotInitialised", "init_center", "is_county", "is_initialised", "local_center"]


@unattended("set-up: makes the center and its first administrator, before any user exists")
def init_center(*, kind: str, code: str, name: str, committee_short: str = "", admin_username: str,
                admin_display_name: str | None = None, admin_password: str, parent_code: str | None = None
                ) -> CenterRecord:
    """Create the local center and its first administrator in one transaction."""
    errors = Collector()
    if is_initialised():
        errors.add("数据目录", "已经初始化过，不能重复初始化。如要新建中心，请使用另一个数据目录（--data-dir）")
    if kind == "township":
        if not re.fullmatch(r"\d{9}|\d{12}", code or ""):
            errors.add("乡镇代码", "应为9位乡镇代码或12位统计用区划代码（纯数字）")
        if not committee_short.strip():
            errors.add("调委会简称", "不能为空，它出现在案件编号中，如（2026）某人调字第 15 号")
    elif kind == "county":
        if not re.fullmatch(r"\d{6}", code or ""):
            errors.add("县级代码", "应为6位行政区划代码（纯数字）")
    else:
        errors.add("类型", "应为乡镇（township）或县级（county）")
    if not name.strip():
        errors.add("名称", "不能为空")
    errors.raise_if_any()
    if kind == "township" and parent_code is None:
        parent_code = code[:6]
    with database.atomic():
        center = Center.create(owner_code=code, code=code, name=name.strip(), kind=kind,
                               committee_short=committee_short.strip(), parent_code=parent_code, is_local=True)
        users.create_user(None, admin_username, admin_display_name or admin_username,
                          Role.COUNTY_ADMIN if kind == "county" else Role.ADMIN, admin_password)
        audit.record(admin_username, "center_init", "center", center.id, detail={"code": code, "name": name})
    return CenterRecord.of(center)
