"""Everything a case's documents print, gathered once through the services."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
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
    agreements: list[Agreement] = field(default_factory=list)  # every version, oldest first
    mediator: str = ""
    registrar: str = ""

    # read when a document first asks: an agreement needs none of them, a dossier all
    @cached_property
    def sessions(self) -> list[MediationSession]:
        return mediation._sessions_of(self.case)

    @cached_property
    def followups(self) -> list[FollowUp]:
        return followups._followups_of(self.case)

    @cached_property
    def confirmations(self) -> list[JudicialConfirmation]:
        return followups._confirmations_of(self.case)

    @cached_property
    def attachments(self) -> list[Attachment]:
        return attachments._for_case(self.case)

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
        agreements=agreements._versions(case),
        mediator=case.mediator.display_name if case.mediator_id and case.mediator else "",
        registrar=case.registered_by.display_name if case.registered_by_id and case.registered_by else "",
    )
