"""The 工作台's people in two or more cases of one center (services.casework.repeat_parties.within_center),
from cases registered through the service as a clerk would: the expected people are written out by
hand from the registrations below, not computed."""
from __future__ import annotations

import datetime as dt

from zhongxin_desktop.domain.case_input import CaseInput, PartyInput
from zhongxin_desktop.services.casework import cases, repeat_parties
from zhongxin_desktop.services.figures import dashboard


def _case(actor, *parties: PartyInput, day: int = 2) -> str:
    data = CaseInput(source="来访", category="邻里", facts="因排水沟发生争执", claims="恢复原状",
                     registered_on=dt.date(2026, 11, day), parties=list(parties))
    return cases.register(actor, data).id


def _p(name: str, role: str, phone: str = "", id_number: str = "") -> PartyInput:
    return PartyInput(name=name, role=role, phone=phone, id_number=id_number)


def test_people_in_two_cases_by_number_or_by_name_and_phone(township):
    actor = township
    a1 = _case(actor, _p("孙一", "申请人", id_number="34052419800101001X"), _p("周八", "被申请人"), day=2)
    a2 = _case(actor, _p("孙一", "被申请人", id_number="34052419800101001X"), _p("吴九", "申请人"), day=3)
    b1 = _case(actor, _p("赵小红", "申请人", phone="13800001111"), _p("钱七", "被申请人"), day=4)
    b2 = _case(actor, _p("赵小红", "申请人", phone="138 0000 1111"), _p("郑十", "被申请人"), day=5)
    # the same phone under another name is somebody else; one case alone is no repeat
    _case(actor, _p("赵大红", "申请人", phone="13800001111"), _p("冯一", "被申请人"), day=6)
    _case(actor, _p("陈二", "申请人", id_number="110101199003070011"), _p("褚三", "被申请人"), day=7)

    people = repeat_parties.within_center(actor)

    got = {p["name"]: {c["case_id"] for c in p["cases"]} for p in people}
    assert got == {"孙一": {a1, a2}, "赵小红": {b1, b2}}
    sun = next(p for p in people if p["name"] == "孙一")
    assert sun["id_number"] == "3405**********001X" and sun["reason"] == "身份证号相同"
    assert dashboard.repeat_people(actor) == people


def test_one_person_named_twice_in_one_case_is_not_a_repeat(township):
    actor = township
    _case(actor, _p("孙一", "申请人", id_number="34052419800101001X"),
          _p("孙一", "当事人", id_number="34052419800101001X"), _p("周八", "被申请人"))
    assert repeat_parties.within_center(actor) == []
