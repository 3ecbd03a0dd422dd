"""Building blocks for the documents tests: a two-party case taken through mediation."""
from __future__ import annotations

import datetime as dt

from zhongxin_desktop.domain.case_input import CaseInput, PartyInput
from zhongxin_desktop.domain.workflow import Action
from zhongxin_desktop.services.settlement import agreements, mediation
from zhongxin_desktop.services import users
from zhongxin_desktop.services.casework import cases

LONG_FACTS = ("双方系邻居，被申请人修建排水沟时将污水引向申请人家院坝，双方多次发生口角。" * 3)


def two_party_case(actor, name_a: str = "张三", name_b: str = "李四", facts: str = LONG_FACTS) -> str:
    data = CaseInput(category="邻里", source="来访", facts=facts, claims="恢复原状并赔偿损失",
                     amount="1200", parties=[
                         PartyInput(name=name_a, role="申请人", sex="男", birth_date=dt.date(1980, 1, 1),
                                    occupation="农民", address="测试镇青山村3组12号", phone="13812345678",
                                    id_number="34052419800101001X"),
                         PartyInput(name=name_b, role="被申请人", sex="女", birth_date=dt.date(1949, 12, 31),
                                    occupation="退休", address="测试镇青山村3组15号", phone="13987654321",
                                    id_number="11010519491231002X")])
    case = cases.register(actor, data)
    cases.transition(actor, case.id, Action.ACCEPT)
    return cases._get_case(case.id).case_no


def add_session(actor, case_no: str, result: str = "agreed"):
    host = users._mediators()[0]
    return mediation.add_session(actor, case_no, mediation.SessionInput(
        held_at=dt.datetime.now().replace(microsecond=0), place="综治中心调解室",
        matter="排水沟纠纷", host_id=host.id, recorder_id=host.id, participants="张三、李四",
        statements="申请人陈述：污水流入院坝。被申请人陈述：愿意改道。", facts_verified="排水沟走向属实", result=result))


def agreement_input(**over) -> agreements.AgreementInput:
    base = dict(facts="被申请人修建排水沟将污水引向申请人院坝。",
                clauses=["被申请人于十日内将排水沟改道；", "被申请人赔偿申请人损失人民币1200元；",
                         "双方就本纠纷再无其他争议。"],
                performance="协议签订之日起十日内一次性现金支付", perform_by=dt.date.today() + dt.timedelta(days=10),
                amount="1200", mediator_name="管理员", recorder_name="管理员")
    base.update(over)
    return agreements.AgreementInput(**base)
