"""Everything a case's documents print, gathered once through the services, for the actor who
prints: plain records (a reference is its id), never a database row."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from zhongxin_desktop.services.settlement import agreements, followups, mediation
from zhongxin_desktop.services import users
from zhongxin_desktop.services.casework import attachments, cases
from zhongxin_desktop.services.actor import Actor
from zhongxin_desktop.services.center import local_center
from zhongxin_desktop.services.results import (
    AgreementRecord, AttachmentRecord, CaseRecord, CenterRecord, FollowUpRecord, JudicialConfirmationRecord,
    MediationSessionRecord,
)


# A party as an agreement froze it (agreements.parties_for): older snapshots lack newer keys,
# so every form reads it with .get().
PartyFields = dict[str, Any]


@dataclass
class CaseDoc:
    actor: Actor
    case: CaseRecord
    center: CenterRecord
    parties: list[PartyFields]
    agreements: list[AgreementRecord] = field(default_factory=list)  # every version, oldest first
    mediator: str = ""
    registrar: str = ""

    # read when a document first asks: an agreement needs none of them, a dossier all
    @cached_property
    def sessions(self) -> list[MediationSessionRecord]:
        return mediation.sessions_for(self.actor, self.case.id)

    @cached_property
    def followups(self) -> list[FollowUpRecord]:
        return followups.followups_for(self.actor, self.case.id)

    @cached_property
    def confirmations(self) -> list[JudicialConfirmationRecord]:
        return followups.confirmations_for(self.actor, self.case.id)

    @cached_property
    def attachments(self) -> list[AttachmentRecord]:
        return attachments.attachments_for(self.actor, self.case.id)

    @cached_property
    def _session_people(self) -> dict[str, str]:
        # the same two or three mediators host and record every session
        return users.display_names(self.actor, [u for s in self.sessions for u in (s.host_id, s.recorder_id)])

    def user_name(self, user_id: str | None) -> str:
        """The name of a session's host or recorder ("" when none is recorded)."""
        return self._session_people.get(user_id or "", "")

    def agreement(self, agreement_id: str | None) -> AgreementRecord | None:
        """One of the case's versions by its id (a follow-up's, a correction's predecessor)."""
        return next((a for a in self.agreements if a.id == agreement_id), None) if agreement_id else None

    def in_force(self, kind: str | None = None) -> AgreementRecord | None:
        """The signed version that has legal effect (a correction being drafted does not suspend it)."""
        return agreements.in_force_for(self.actor, self.case.id, kind)

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


def load(actor: Actor, case_ref: str) -> CaseDoc:
    case = cases.get_case(actor, case_ref)
    names = users.display_names(actor, [case.mediator_id, case.registered_by_id])
    return CaseDoc(
        actor=actor, case=case, center=local_center(),
        parties=agreements.parties_for(actor, case.id, case.accepted_on or dt.date.today()),
        agreements=agreements.versions_for(actor, case.id),
        mediator=names.get(case.mediator_id or "", ""), registrar=names.get(case.registered_by_id or "", ""),
    )
