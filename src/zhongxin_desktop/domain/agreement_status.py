"""A mediation agreement's status (stored as its value): draft → printed → signed (it took
effect) → frozen (its signed scan attached and locked); a signed one that a correction replaced
once the correction was signed is superseded."""
from __future__ import annotations

from enum import StrEnum


class AgreementStatus(StrEnum):
    DRAFT = "draft"
    PRINTED = "printed"
    SIGNED = "signed"
    FROZEN = "frozen"
    SUPERSEDED = "superseded"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {AgreementStatus.DRAFT: "草稿", AgreementStatus.PRINTED: "已打印待签",
                 AgreementStatus.SIGNED: "已签署生效", AgreementStatus.FROZEN: "已锁定",
                 AgreementStatus.SUPERSEDED: "已被更正版本取代"}
EDITABLE = (AgreementStatus.DRAFT, AgreementStatus.PRINTED)  # its text may still change
IN_FORCE = (AgreementStatus.SIGNED, AgreementStatus.FROZEN)  # it has legal effect
