"""What a court reads in the forms: legal persons as such, every party on a named line, agents
with kind and phone, the law's sentences — read back from the PDFs with pdftotext."""
import datetime as dt

import pytest

from docs_flow import agreement_input, two_party_case
from pdfcheck import body_text, layout_faults, squash
from zhongxin_desktop.documents import printing
from zhongxin_desktop.domain.case_input import CaseInput, PartyInput
from zhongxin_desktop.domain.errors import DomainError
from zhongxin_desktop.domain.workflow import Action
from zhongxin_desktop.services.settlement import agreements, followups, mediation
from zhongxin_desktop.services import _case_rows, users
from zhongxin_desktop.services.casework import cases

CODE = "91350100M000100Y43"  # the example of GB 32100-2015
COMPANY = "青山建材有限公司"
PEOPLE = ["王䶮", "李𬌗", "张𠀾", "阿卜杜热合曼·艾买提", "赵大"]


def six_parties() -> list[PartyInput]:
    people = [PartyInput(name=n, role="申请人" if i < 3 else "被申请人", sex="男", birth_date=dt.date(1950 + i, 3, 9),
                         address=f"青山镇{i}组", phone="13812345678") for i, n in enumerate(PEOPLE)]
    people[1].agent_name, people[1].agent_kind, people[1].agent_phone = "钱律师", "委托代理人", "13900001111"
    people[3].ethnicity = "维吾尔族"
    company = PartyInput(name=COMPANY, role="被申请人", kind="legal", legal_rep="孙经理", legal_rep_title="总经理",
                         credit_code=CODE.lower()[:9] + " " + CODE.lower()[9:], address="青山镇工业园1号",
                         phone="13700002222", ethnicity="")
    return people + [company]


@pytest.fixture
def six(township):
    case = cases.register(township, CaseInput(category="邻里", source="来访", facts="双方因排水发生纠纷。" * 200,
                                              claims="赔偿", parties=six_parties()))
    cases.transition(township, case.id, Action.ACCEPT)
    no = cases._get_case(case.id).case_no
    host = users._mediators()[0]
    mediation.add_session(township, no, mediation.SessionInput(
        held_at=dt.datetime.now().replace(microsecond=0), place="调解室", matter="排水", host_id=host.id,
        recorder_id=host.id, participants="村委会主任周某", statements="各方陈述。", result="agreed"))
    clauses = [f"第{i}条：被申请人于十日内将排水沟改道并赔偿申请人损失；" * 3 for i in range(1, 13)]
    a = agreements.create(township, no, agreement_input(clauses=clauses, perform_place="青山镇综治中心"))
    printing.print_document(township, "agreement", no, signing=True)
    agreements.sign(township, a.id)
    followups.record(township, no, followups.FollowUpInput(visited_on=dt.date.today(), visitor="管理员"))
    return no


def _text(township, no, kind, tmp_path) -> str:
    out = tmp_path / f"{kind}.pdf"
    printing.print_document(township, kind, no, out)
    assert layout_faults(out) == []
    return squash(body_text(out))


def test_the_credit_code_is_checked_and_stored_normalised(township, six):
    link = [p for _, p in _case_rows._parties_of(cases._get_case(six)) if p.kind == "legal"][0]
    assert link.credit_code == CODE
    bad = six_parties()
    bad[-1].credit_code = CODE[:-1] + "0"
    with pytest.raises(DomainError, match="统一社会信用代码.*校验位"):
        cases.register(township, CaseInput(category="邻里", source="来访", facts="x", parties=bad))
    person = six_parties()
    person[0].credit_code = CODE
    with pytest.raises(DomainError, match="自然人没有统一社会信用代码"):
        cases.register(township, CaseInput(category="邻里", source="来访", facts="x", parties=person))


@pytest.mark.parametrize("kind", ["registration", "agreement", "confirmation"])
def test_a_company_prints_as_a_legal_person(township, six, tmp_path, kind):
    text = _text(township, six, kind, tmp_path)
    for s in (COMPANY, f"统一社会信用代码：{CODE}", "住所：青山镇工业园1号", "法定代表人（负责人）：孙经理", "职务：总经理"):
        assert s in text, s
    # a person's particulars once per natural person, never for the company
    assert text.count("民族：") == len(PEOPLE) and text.count("出生日期：") == len(PEOPLE)
    assert "岁" not in text and "，，" not in text and "；；" not in text
    assert "委托代理人：钱律师联系电话：13900001111" in text


@pytest.mark.parametrize("kind", ["registration", "notice", "record", "agreement", "confirmation"])
def test_every_party_signs_on_a_line_with_its_name(township, six, tmp_path, kind):
    text = _text(township, six, kind, tmp_path)
    for i, name in enumerate(PEOPLE):
        assert f"{'申请人' if i < 3 else '被申请人'}{name}（签名或按指印）：" in text, name
    assert f"被申请人{COMPANY}（盖章）：" in text and "法定代表人（负责人）或委托代理人（签名）：" in text
    if kind == "registration":
        assert "登记人（签名）：" in text and "（印）" in text


def test_the_law_s_words(township, six, tmp_path):
    agreement = _text(township, six, "agreement", tmp_path)
    assert "自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效" in agreement
    assert "履行的方式、地点、期限" in agreement and "履行地点：青山镇综治中心" in agreement
    assert agreement.index("（以下无正文）") < agreement.index(f"申请人{PEOPLE[0]}（签名")
    notice = _text(township, six, "notice", tmp_path)
    assert "调解民间纠纷的群众性组织" in notice and "不收取任何费用" in notice
    record = _text(township, six, "record", tmp_path)
    assert f"当事人{PEOPLE[0]}（申请人）" in record and "参加人村委会主任周某" in record
    confirmation = _text(township, six, "confirmation", tmp_path)
    assert "送达地址：青山镇0组" in confirmation and "；；" not in confirmation
    assert "资格证明" in confirmation and "授权委托书" in confirmation


def test_a_session_cannot_be_dated_before_the_case_was_accepted(township):
    no = two_party_case(township)
    host = users._mediators()[0]
    accepted = cases._get_case(no).accepted_on
    with pytest.raises(DomainError, match="不能早于案件受理日期"):
        mediation.add_session(township, no, mediation.SessionInput(
            held_at=dt.datetime.combine(accepted - dt.timedelta(days=1), dt.time(9)), place="调解室", matter="排水",
            host_id=host.id, statements="陈述"))
