"""Building cases for the cases tests through the real services (import: from case_factory import ...)."""
from __future__ import annotations

import datetime as dt

from zhongxin_desktop.domain.case_input import CaseInput, PartyInput
from zhongxin_desktop.services.casework import cases

ID_A = "11010519491231002X"  # known-good
ID_B = "34052419800101001X"


def party(name: str, role: str = "申请人", **kw) -> PartyInput:
    return PartyInput(name=name, role=role, **kw)


def case_input(*parties: PartyInput, facts: str = "双方因排水沟发生争执", category: str = "邻里",
               source: str = "来访", **kw) -> CaseInput:
    return CaseInput(category=category, source=source, facts=facts, parties=list(parties), **kw)


def register(actor, *parties: PartyInput, **kw):
    if not parties:
        parties = (party("张三", phone="13812345678", id_number=ID_A), party("李四", "被申请人"))
    return cases.register(actor, case_input(*parties, **kw))


def accept(actor, case, on: dt.date | None = None):
    return cases.transition(actor, case.id, "accept", on=on)
