"""The permission gates of the read and helper use cases the 调解 page, the case view, the
verify dialog and printing call: each refuses (and audits the refusal) when the role lacks the
permission, and returns plain rows rather than database objects."""
import datetime as dt

import pytest

from docs_flow import add_session, agreement_input, two_party_case
from zhongxin_desktop.domain.errors import NotFound, PermissionDenied
from zhongxin_desktop.domain.roles import MATRIX, Perm, Role
from zhongxin_desktop.services.settlement import agreements, mediation, verification
from zhongxin_desktop.services.casework import attachments
from zhongxin_desktop.services.actor import Actor
from zhongxin_desktop.store.models import Agreement, AuditEvent

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


@pytest.fixture
def viewer(township) -> Actor:
    return Actor("console", "本机只读", Role.VIEWER, township.center_code)


@pytest.fixture
def mediated(township) -> str:
    no = two_party_case(township)
    add_session(township, no)
    return no


def _denied(action: str) -> int:
    return AuditEvent.select().where(AuditEvent.action == action, AuditEvent.outcome == "denied").count()


def test_session_rows_are_plain_and_gated(township, viewer, mediated, monkeypatch):
    [session] = mediation._sessions_of(mediation.cases._get_case(mediated))
    rows = mediation.session_rows(viewer, mediated)
    assert rows == [{"id": session.id, "held_at": session.held_at, "place": session.place,
                     "matter": session.matter, "host": mediation._user_name(session.host_id),
                     "result": session.result}]
    with pytest.raises(NotFound):
        mediation.session_rows(viewer, "no-such-case")
    monkeypatch.setitem(MATRIX, Role.VIEWER, set())
    before = _denied("denied:view")
    with pytest.raises(PermissionDenied):
        mediation.session_rows(viewer, mediated)
    assert _denied("denied:view") == before + 1


def test_case_attachments_are_plain_and_gated(township, viewer, mediated, tmp_path, monkeypatch):
    scan = tmp_path / "evidence.png"
    scan.write_bytes(PNG)
    att = attachments.attach(township, mediated, scan)
    [row] = attachments.case_attachments(viewer, mediated)
    assert (row["id"], row["filename"], row["size"], row["sha256"], row["mime"]) == (
        att.id, att.filename, len(PNG), att.sha256, att.mime)
    assert row["kind_label"] == attachments.KIND_LABELS[att.kind]
    monkeypatch.setitem(MATRIX, Role.VIEWER, set())
    with pytest.raises(PermissionDenied):
        attachments.case_attachments(viewer, mediated)


def test_verify_needs_view(township, viewer, mediated, monkeypatch):
    a = agreements.create(township, mediated, agreement_input())
    assert verification.verify(viewer, agreements.qr_text(a)).outcome == "draft"  # genuine, not yet signed
    monkeypatch.setitem(MATRIX, Role.VIEWER, set())
    before = _denied("denied:view")
    with pytest.raises(PermissionDenied):
        verification.verify(viewer, agreements.qr_text(a))
    assert _denied("denied:view") == before + 1


def test_mark_printed_needs_print(township, viewer, mediated):
    assert Perm.PRINT not in MATRIX[Role.VIEWER]
    a = agreements.create(township, mediated, agreement_input())
    with pytest.raises(PermissionDenied):
        agreements.mark_printed(viewer, a.id)
    assert Agreement.get_by_id(a.id).status == "draft"
    version = Agreement.get_by_id(a.id).row_version
    agreements.mark_printed(township, a.id)
    after = Agreement.get_by_id(a.id)
    assert after.status == "printed" and after.row_version == version + 1


def test_session_host_by_display_name_through_the_command_line(township, make_user, data_dir):
    """`mediation add-session --host` names a user by login or display name (users.find_user, no
    query in the CLI); `mediation list` prints the rows of mediation.session_rows."""
    import json

    from conftest import PASSWORD
    from helpers import run_cli
    from zhongxin_desktop.services import users

    make_user(Role.MEDIATOR, "tiaojie")
    mediator = users.find_user(township, "tiaojie")
    assert users.find_user(township, mediator.display_name).id == mediator.id and users.find_user(township, "nobody") is None
    no = two_party_case(township)
    base = ["mediation", "add-session", no, "--matter", "排水沟纠纷", "--statements", "双方陈述",
            "--facts", "属实", "--participants", "张三、李四"]
    r = run_cli(*base, "--host", mediator.display_name, data=data_dir, user="admin", password=PASSWORD)
    assert r.returncode == 0, r.stderr
    r = run_cli(*base, "--host", "nobody", data=data_dir, user="admin", password=PASSWORD)
    assert r.returncode == 2 and "nobody" in r.stderr
    r = run_cli("mediation", "list", no, "--json", data=data_dir, user="admin", password=PASSWORD)
    assert r.returncode == 0, r.stderr
    assert [s["host"] for s in json.loads(r.stdout)] == [mediator.display_name]


def test_preview_needs_print_and_records_nothing(township, viewer, mediated):
    """The GUI's preview renders through printing.preview: full personal data, so PRINT is needed;
    only the actual print or save is recorded."""
    from zhongxin_desktop.documents import printing

    with pytest.raises(PermissionDenied):
        printing.preview(viewer, "registration", mediated)
    prints = AuditEvent.select().where(AuditEvent.action == "print").count()
    printed = printing.preview(township, "registration", mediated)
    assert printed.pdf.startswith(b"%PDF") and mediated in printed.title
    assert AuditEvent.select().where(AuditEvent.action == "print").count() == prints


def test_the_mediation_and_agreement_boards_are_plain_rows(township, viewer, mediated):
    """The 调解 and 协议书 pages get dicts and tuples from services/settlement/mediation_lists, never a row
    they could run a query through."""
    from zhongxin_desktop.services.casework import cases
    from zhongxin_desktop.services.settlement import mediation_lists
    from zhongxin_desktop.store.models import BaseModel

    case = cases._get_case(mediated)
    a = agreements.create(township, mediated, agreement_input())
    board = mediation_lists.mediation_board(viewer)
    [row] = [r for r in board["cases"] if r["id"] == case.id]
    assert (row["case_no"], row["parties"], row["sessions"]) == (mediated, "张三、李四", 1)
    assert row["overdue"] == (case.due_on < dt.date.today())
    agreements_board = mediation_lists.agreement_board(viewer, include_superseded=False)
    assert [(r["id"], r["parties"], r["scans"]) for r in agreements_board["rows"]] == [(a.id, "张三、李四", [])]
    assert (case.id, f"{mediated}\u3000张三、李四") in agreements_board["cases"]  # the picker shows who it concerns

    def no_rows(value):
        assert not isinstance(value, BaseModel), value
        if isinstance(value, dict):
            for v in value.values():
                no_rows(v)
        elif isinstance(value, (list, tuple)):
            for v in value:
                no_rows(v)

    no_rows(board)
    no_rows(agreements_board)



def test_what_a_case_paper_reads_is_gated_and_plain(township, viewer, mediated, tmp_path):
    """The reads a document renders from take the actor and hand out records; the writes on the
    print path (an old agreement's verification hash, the print's record) need PRINT: refused,
    and audited, for anyone else, and then nothing is written."""
    import json

    from zhongxin_desktop.services.settlement import followups, prints
    from zhongxin_desktop.services import users
    from zhongxin_desktop.services.results import AgreementRecord, AttachmentRecord, MediationSessionRecord
    from zhongxin_desktop.store.models import CaseEvent

    a = agreements.create(township, mediated, agreement_input())
    [session] = mediation.sessions_for(viewer, mediated)
    assert isinstance(session, MediationSessionRecord) and session.place == "综治中心调解室"
    assert users.display_names(viewer, [session.host_id, None, "no-such-user"]) == {session.host_id: "管理员"}
    [version] = agreements.versions_for(viewer, mediated)
    assert isinstance(version, AgreementRecord) and version.id == a.id
    assert agreements.in_force_for(viewer, mediated) is None  # a draft has no legal effect
    assert followups.followups_for(viewer, mediated) == [] and followups.confirmations_for(viewer, mediated) == []
    scan = tmp_path / "photo.png"
    scan.write_bytes(PNG)
    attachments.attach(township, mediated, scan, kind="evidence", title="现场照片")
    [att] = attachments.attachments_for(viewer, mediated)
    assert isinstance(att, AttachmentRecord) and att.title == "现场照片"
    parties = agreements.parties_for(viewer, mediated, dt.date(2026, 1, 1))
    assert [(p["name"], p["age"]) for p in parties] == [("张三", "46"), ("李四", "76")]

    with pytest.raises(PermissionDenied):
        agreements.ready_to_print(viewer, a.id)
    with pytest.raises(PermissionDenied):
        prints.record_print(viewer, mediated, "agreement", "人民调解协议书签署本", "", agreement_id=a.id, signing=True)
    assert _denied("denied:print") == 2
    assert agreements.versions_for(township, mediated)[0].status == "draft"  # not marked printed
    assert not CaseEvent.select().where(CaseEvent.action == "print").exists()

    prints.record_print(township, mediated, "agreement", "人民调解协议书签署本", "printer", agreement_id=a.id,
                        signing=True)
    assert agreements.versions_for(township, mediated)[0].status == "printed"
    [event] = CaseEvent.select().where(CaseEvent.action == "print")
    assert event.remark == "打印人民调解协议书签署本"
    assert json.loads(event.details) == {"kind": "agreement", "agreement": a.id, "version": 1, "target": "printer",
                                         "signing": True}
    assert AuditEvent.select().where(AuditEvent.action == "print", AuditEvent.outcome == "ok").count() == 1
