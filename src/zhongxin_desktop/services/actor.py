"""Who is acting. Every service takes an Actor and asks it for permission."""
from __future__ import annotations

from dataclasses import dataclass

from zhongxin_desktop.domain.errors import PermissionDenied
from zhongxin_desktop.domain.roles import Perm, Role, allows
from zhongxin_desktop.services.unattended import unattended as unattended


@dataclass(frozen=True)
class Actor:
    username: str
    display_name: str
    role: Role
    center_code: str
    user_id: str | None = None

    def can(self, perm: Perm) -> bool:
        return allows(self.role, perm)

    def require(self, perm: Perm, object_type: str = "", object_id: str = "") -> None:
        """Raise PermissionDenied (and audit the refusal) unless the role allows ``perm``."""
        if self.can(perm):
            return
        from zhongxin_desktop.services import audit

        audit.record(self.username, f"denied:{perm.value}", object_type, object_id, outcome="denied")
        # name who can help: the roles that may do it (never send someone to their own role)
        able = [r.label for r in Role if r not in (self.role, Role.VIEWER) and allows(r, perm)]
        who = "、".join(able[:-1]) + ("或" if len(able) > 1 else "") + able[-1] if able else "管理员"
        raise PermissionDenied(
            f"“{self.role.label}”角色无权{perm.label}。如确需办理，请由{who}办理，或请管理员在“设置 › 用户”中调整你的角色。"
        )


SYSTEM = "system"
