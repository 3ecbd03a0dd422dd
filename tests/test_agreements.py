"""Agreement lifecycle: draft → printed → signed → frozen; corrections as versions; verification."""
import datetime as dt

import pytest

from docs_flow import add_session, agreement_input, two_party_case
from zhongxin_desktop.documents import printing
from zhongxin_desktop.domain.case_input import CaseInput, PartyInput
from zhongxin_desktop.domain.errors import DomainError, PermissionDenied, ValidationError
from zhongxin_desktop.domain.roles import Role
from zhongxin_desktop.domain.workflow import Status
from zhongxin_desktop.services.settlement import agreements, verification
from zhongxin_desktop.services import audit
from zhongxin_desktop.services.casework import attachments, case_query, cases
from zhongxin_desktop.store.models import Agreement, AuditEvent

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


@pytest.fixture
def mediated(township, tmp_path):
    no = two_party_case(township)
    add_session(township, no)
    return no


def _signed_and_frozen(actor, no, tmp_path):
    a = agreements.create(actor, no, agreement_input())
    printing.print_document(actor, "agreement", no, tmp_path / "a.pdf", signing=True)
    agreements.sign(actor, a.id, dt.date.today())
    scan = tmp_path / "scan.png"
    scan.write_bytes(PNG)
    attachments.attach(actor, no, scan, agreement_id=a.id)
    return agreements.freeze(actor, a.id)


def test_copies_default_to_parties_plus_one_and_number_follows_case(township, mediated):
    a = agreements.create(township, mediated, agreement_input())
    assert a.copies == 3
    assert a.number == "（2026）测试调协字第 1 号".replace("2026", str(dt.date.today().year))
    assert a.status == "draft" and len(a.content_hash) == 64


def test_validation_names_fields(township, mediated):
    with pytest.raises(ValidationError) as err:
        agreements.create(township, mediated, agreement_input(clauses=[" "], performance="", amount="abc"))
    text = str(err.value)
    assert "协议内容" in text and "履行方式、时限" in text and "协议金额" in text
    assert not Agreement.select().exists()


def test_lifecycle_and_frozen_refuses_edits(township, mediated, tmp_path):
    a = agreements.create(township, mediated, agreement_input())
    with pytest.raises(DomainError, match="还没有打印"):
        agreements.sign(township, a.id)
    printing.print_document(township, "agreement", mediated, tmp_path / "a.pdf", signing=True)
    assert agreements._get(a.id).status == "printed"
    agreements.sign(township, a.id)
    with pytest.raises(DomainError, match="扫描件"):
        agreements.freeze(township, a.id)
    a = agreements._get(a.id)
    assert a.status == "signed" and a.signed_on == dt.date.today()
    assert cases._get_case(mediated).status == "succeeded"  # 调解中 → 调解成功 when it took effect
    with pytest.raises(DomainError, match="不能再修改"):
        agreements.update(township, a.id, agreement_input(facts="改过的事实"))
    scan = tmp_path / "scan.png"
    scan.write_bytes(PNG)
    attachments.attach(township, mediated, scan, agreement_id=a.id)
    a = agreements.freeze(township, a.id)
    assert a.status == "frozen" and a.frozen_at
    before = agreements._get(a.id).facts
    with pytest.raises(DomainError, match="已锁定"):
        agreements.update(township, a.id, agreement_input(facts="改过的事实"))
    assert agreements._get(a.id).facts == before
    actions = [e.action for e in case_query._timeline(cases._get_case(mediated))]
    for expected in ("agreement_create", "print", "agreement_sign", "attachment_add", "agreement_freeze"):
        assert expected in actions
    logged = {e.action for e in AuditEvent.select()}
    assert {"agreement_create", "print", "agreement_sign", "agreement_freeze", "attachment_add"} <= logged
    assert audit.verify().ok


def test_editing_a_printed_draft_returns_it_to_draft(township, mediated, tmp_path):
    a = agreements.create(township, mediated, agreement_input())
    printing.print_document(township, "agreement", mediated, tmp_path / "a.pdf", signing=True)
    a = agreements.update(township, a.id, agreement_input(clauses=["只有一条"]))
    assert a.status == "draft" and agreements.clauses_of(a) == ["只有一条"]


def test_correction_makes_version_two_and_keeps_version_one(township, mediated, tmp_path):
    v1 = _signed_and_frozen(township, mediated, tmp_path)
    with pytest.raises(DomainError, match="更正理由"):
        agreements.correct(township, v1.id, " ")
    v2 = agreements.correct(township, v1.id, "赔偿金额笔误", agreement_input(amount="1500"))
    assert v2.version == 2 and v2.previous_id == v1.id and "第2版" in v2.number
    # while v2 is only a draft, the signed v1 keeps its effect
    assert agreements._get(v1.id).status == "frozen"
    assert agreements._in_force(cases._get_case(mediated)).id == v1.id
    assert agreements._current(cases._get_case(mediated)).id == v2.id
    old = printing.preview(township, "agreement", mediated, version=1)
    new = printing.preview(township, "agreement", mediated)
    assert old.agreement.id == v1.id and new.agreement.id == v2.id
    with pytest.raises(DomainError, match="已有更正草稿"):
        agreements.correct(township, v1.id, "再改")


def test_verify_matches_detects_superseded_and_tampered(township, mediated, tmp_path):
    v1 = _signed_and_frozen(township, mediated, tmp_path)
    code1 = agreements.qr_text(v1)
    assert verification.verify(township, code1).outcome == "match"
    forged = code1[:-4] + ("0000" if not code1.endswith("0000") else "1111")
    assert verification.verify(township, forged).outcome == "mismatch"
    assert verification.verify(township, "hello").outcome == "invalid"
    assert verification.verify(township, code1.replace("|v1|", "|v7|")).outcome == "unknown"
    v2 = agreements.correct(township, v1.id, "笔误", agreement_input(amount="1500"))
    # v2 is only a draft: v1 stays in force, v2's code is not a final agreement
    verdict = verification.verify(township, code1)
    assert verdict.outcome == "match" and "第 2 版更正正在制作中" in verdict.message
    assert verification.verify(township, agreements.qr_text(v2)).outcome == "draft"
    printing.print_document(township, "agreement", mediated, signing=True)
    agreements.sign(township, v2.id)
    verdict = verification.verify(township, code1)
    assert verdict.outcome == "superseded" and verdict.latest_version == 2 and "第 2 版" in verdict.message
    assert verification.verify(township, agreements.qr_text(v2)).outcome == "match"
    # Someone edits the stored row behind the program's back: the hash no longer fits.
    Agreement.update(facts="篡改").where(Agreement.id == v2.id).execute()
    assert verification.verify(township, agreements.qr_text(agreements._get(v2.id))).outcome == "mismatch"


def test_permissions(township, make_user, mediated):
    clerk = make_user(Role.CLERK)
    with pytest.raises(PermissionDenied):
        agreements.create(clerk, mediated, agreement_input())
    a = agreements.create(township, mediated, agreement_input())
    printing.print_document(clerk, "agreement", mediated, signing=True)  # clerks may print
    with pytest.raises(PermissionDenied):
        agreements.sign(clerk, a.id)
    viewer_like = make_user(Role.VIEWER)
    with pytest.raises(PermissionDenied):
        printing.print_document(viewer_like, "agreement", mediated, signing=True)


def test_attachment_is_content_addressed_and_type_checked(township, mediated, tmp_path):
    a = agreements.create(township, mediated, agreement_input())
    printing.print_document(township, "agreement", mediated, signing=True)
    agreements.sign(township, a.id)
    fake = tmp_path / "scan.pdf"
    fake.write_bytes(b"MZ not a pdf at all")
    with pytest.raises(DomainError, match="不是 PDF、JPG 或 PNG"):
        attachments.attach(township, mediated, fake, agreement_id=a.id)
    real = tmp_path / "scan.jpg"
    real.write_bytes(b"\xff\xd8\xff\xe0" + b"1" * 100)
    att = attachments.attach(township, mediated, real, agreement_id=a.id)
    stored = attachments.stored_path(att.sha256)
    assert stored.parent.name == att.sha256[:2] and stored.read_bytes() == real.read_bytes()
    assert att.mime == "image/jpeg"
    assert attachments.open_bytes(township, att.id) == real.read_bytes()
    stored.write_bytes(b"\xff\xd8\xff changed")
    with pytest.raises(DomainError, match="被改动"):
        attachments.open_bytes(township, att.id)


def test_agreements_from_older_data_get_a_snapshot_and_a_hash_when_printed(demo_db, tmp_path):
    from zhongxin_desktop.store.models import Agreement as Row
    legacy = Row.select().where(Row.kind == "written", Row.content_hash == "").first()
    assert legacy is not None and legacy.parties == "[]"
    printed = printing.print_document(demo_db, "agreement", legacy.case_id, tmp_path / "old.pdf")
    a = agreements._get(legacy.id)
    assert len(a.content_hash) == 64 and len(agreements._content_of(a)["parties"]) == 2
    assert printed.agreement.id == a.id
    assert verification.verify(demo_db, agreements.qr_text(a)).outcome == "match"



def test_a_case_not_yet_accepted_refuses_an_agreement_and_a_session(township):
    case = cases.register(township, CaseInput(category="邻里", source="来访", facts="排水沟纠纷，污水流入院坝。",
                                              parties=[PartyInput(name="张三"), PartyInput(name="李四", role="被申请人")]))
    state = Status(case.status).label
    with pytest.raises(DomainError) as err:
        agreements.create(township, case.case_no, agreement_input())
    assert str(err.value) == f"案件当前为“{state}”，不能制作协议书。请先受理并开始调解（调解中）后再制作。"
    with pytest.raises(DomainError) as err:
        add_session(township, case.case_no)
    assert str(err.value) == (f"案件当前为“{state}”，不能记录调解。"
                              "只有已受理或调解中的案件可以记录调解；已结案件请先“重新调解”。")
    assert not Agreement.select().exists()
