"""Roles and the permission matrix. Enforced in the services, not by hiding buttons."""
from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CLERK = "clerk"
    MEDIATOR = "mediator"
    DIRECTOR = "director"
    ADMIN = "admin"
    COUNTY_ADMIN = "county_admin"
    VIEWER = "viewer"  # the unsigned local console: read-only, personal data masked

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.CLERK: "登记员",
    Role.MEDIATOR: "调解员",
    Role.DIRECTOR: "中心负责人",
    Role.ADMIN: "管理员",
    Role.COUNTY_ADMIN: "县级管理员",
    Role.VIEWER: "只读（未登录）",
}
ROLE_BY_LABEL = {v: k for k, v in ROLE_LABELS.items()}


class Perm(StrEnum):
    VIEW = "view"
    REGISTER = "register"
    EDIT = "edit"
    MEDIATE = "mediate"
    FREEZE = "freeze"
    PRINT = "print"
    EXPORT = "export"
    IMPORT = "import"
    REVEAL = "reveal"
    MANAGE_USERS = "manage_users"
    RESTORE = "restore"
    SETTINGS = "settings"
    AUDIT = "audit"

    @property
    def label(self) -> str:
        return PERM_LABELS[self]


PERM_LABELS = {
    Perm.VIEW: "查看案件",
    Perm.REGISTER: "登记案件",
    Perm.EDIT: "修改案件",
    Perm.MEDIATE: "调解",
    Perm.FREEZE: "确认签署并锁定协议",
    Perm.PRINT: "打印文书",
    Perm.EXPORT: "导出数据",
    Perm.IMPORT: "导入数据",
    Perm.REVEAL: "查看完整身份证号和电话",
    Perm.MANAGE_USERS: "管理用户",
    Perm.RESTORE: "恢复备份",
    Perm.SETTINGS: "修改设置",
    Perm.AUDIT: "查看审计日志",
}

MATRIX: dict[Role, frozenset[Perm]] = {
    Role.CLERK: frozenset({Perm.VIEW, Perm.REGISTER, Perm.EDIT, Perm.PRINT, Perm.IMPORT}),
    Role.MEDIATOR: frozenset({Perm.VIEW, Perm.REGISTER, Perm.EDIT, Perm.MEDIATE, Perm.FREEZE, Perm.PRINT,
                              Perm.REVEAL}),
    Role.DIRECTOR: frozenset({Perm.VIEW, Perm.REGISTER, Perm.EDIT, Perm.MEDIATE, Perm.FREEZE, Perm.PRINT,
                              Perm.EXPORT, Perm.IMPORT, Perm.REVEAL, Perm.AUDIT}),
    Role.ADMIN: frozenset(Perm),
    Role.COUNTY_ADMIN: frozenset(Perm),
    Role.VIEWER: frozenset({Perm.VIEW}),
}


def allows(role: Role | str, perm: Perm) -> bool:
    return perm in MATRIX[Role(role)]
