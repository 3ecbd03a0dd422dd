"""Everything a case's documents print, gathered once through the services."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from zhongxin_desktop.services import agreements, attachments, cases, followups, mediation
from zhongxin_desktop.services.center import local_center
from zhongxin_desktop.services.results import CenterRecord
from zhongxin_desktop.store.models import (
    Agreement, Attachment, Case, FollowUp, JudicialConfirmation, MediationSession,
)


# A party as an agreement froze it (agreements.party_snapshot): older snapshots lack newer keys,
# so every form reads it with .get().
PartyFields = dict[str, Any]


@dataclass
class CaseDoc:
    case: Case
    center: CenterRecord
    parties: list[PartyFields]
    sessions: list[MediationSession] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)  # every version, oldest first
    followups: list[FollowUp] = field(default_factory=list)
    confirmations: list[JudicialConfirmation] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    mediator: str = ""
    registrar: str = ""

    @property
    def committee(self) -> str:
        """The committee's full name as printed: 青山镇人民调解委员会."""
        name = self.center.name.replace("综治中心", "").replace("综合治理中心", "")
        return f"{name}人民调解委员会"

    @property
    def case_no(self) -> str:
        return self.case.case_no or "（未受理）"

    def party_names(self, role: str | None = None) -> list[str]:
        return [p["name"] for p in self.parties if role is None or p["role"] == role]


def load(case_ref: str) -> CaseDoc:
    case = cases._get_case(case_ref)
    return CaseDoc(
        case=case, center=local_center(), parties=agreements.party_snapshot(case, case.accepted_on or dt.date.today()),
        sessions=mediation._sessions_of(case), agreements=agreements._versions(case),
        followups=followups._followups_of(case), confirmations=followups._confirmations_of(case),
        attachments=attachments._for_case(case),
        mediator=case.mediator.display_name if case.mediator_id and case.mediator else "",
        registrar=case.registered_by.display_name if case.registered_by_id and case.registered_by else "",
    )
