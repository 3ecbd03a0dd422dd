"""Two windows acting on one agreement at the same moment, each on its own connection to the same
SQLite file: the state is checked inside the transaction that acts (BEGIN IMMEDIATE), so exactly
one of them acts and the other is refused with the state it found. A barrier right after the
state is read makes both read before either writes whenever the code allows it."""
from __future__ import annotations

import datetime as dt
import threading

import pytest

from conftest import PASSWORD
from docs_flow import add_session, agreement_input, two_party_case
from zhongxin_desktop.documents import printing
from zhongxin_desktop.domain.errors import DomainError
from zhongxin_desktop.services.settlement import agreements
from zhongxin_desktop.services import users
from zhongxin_desktop.services.casework import attachments
from zhongxin_desktop.store.models import Agreement, AuditEvent

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def _race(monkeypatch, act, other=None) -> tuple[list, list[str]]:
    """Run ``act(actor)`` and ``other(actor)`` (or ``act`` again) on two threads at once; returns
    (results, refusals)."""
    barrier = threading.Barrier(2)
    original = agreements._get

    def read_then_meet(agreement_id):
        found = original(agreement_id)
        try:
            barrier.wait(timeout=1.5)  # the other holds the write lock: it cannot read yet
        except threading.BrokenBarrierError:
            pass
        return found

    monkeypatch.setattr(agreements, "_get", read_then_meet)
    original_current = agreements._current

    def current_then_meet(case, kind=None):
        found = original_current(case, kind)
        try:
            barrier.wait(timeout=1.5)
        except threading.BrokenBarrierError:
            pass
        return found

    monkeypatch.setattr(agreements, "_current", current_then_meet)
    results, refusals, errors = [], [], []

    def work(fn):
        try:
            actor = users.sign_in("admin", PASSWORD)
            results.append(fn(actor))
        except DomainError as exc:
            refusals.append(str(exc))
        except Exception as exc:  # reported below: a failure in a thread must fail the test
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(fn,)) for fn in (act, other or act)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    return results, refusals


@pytest.fixture
def case_no(township):
    no = two_party_case(township)
    add_session(township, no)
    return no


def test_two_creations_at_once_make_one_agreement(township, case_no, monkeypatch):
    results, refusals = _race(monkeypatch, lambda actor: agreements.create(actor, case_no, agreement_input()).id)
    assert len(results) == 1 and len(refusals) == 1 and "此案件已有协议" in refusals[0]
    assert Agreement.select().count() == 1


def test_two_signings_at_once_sign_once(township, case_no, tmp_path, monkeypatch):
    a = agreements.create(township, case_no, agreement_input())
    printing.print_document(township, "agreement", case_no, tmp_path / "a.pdf", signing=True)
    results, refusals = _race(monkeypatch, lambda actor: agreements.sign(actor, a.id, dt.date.today()).status)
    assert results == ["signed"] and len(refusals) == 1 and "不能再次登记签署" in refusals[0]
    assert AuditEvent.select().where(AuditEvent.action == "agreement_sign").count() == 1


def test_an_edit_racing_a_signing_never_unsigns_it(township, case_no, tmp_path, monkeypatch):
    a = agreements.create(township, case_no, agreement_input())
    printing.print_document(township, "agreement", case_no, tmp_path / "a.pdf", signing=True)
    edited = agreement_input(performance="协议签订之日起五日内一次性支付")
    results, refusals = _race(monkeypatch, lambda actor: agreements.sign(actor, a.id, dt.date.today()).status,
                              lambda actor: agreements.update(actor, a.id, edited).status)
    assert len(results) == 1 and len(refusals) == 1
    final = Agreement.get_by_id(a.id)
    if results == ["signed"]:  # signed first: the edit found it signed
        assert final.status == "signed" and "内容不能再修改" in refusals[0]
    else:  # edited first: the edit made it a draft again, which cannot be signed before printing
        assert results == ["draft"] and final.status == "draft" and "还没有打印" in refusals[0]
    assert final.performance == ("协议签订之日起五日内一次性支付" if final.status == "draft"
                                 else agreement_input().performance)


def test_two_freezes_at_once_freeze_once(township, case_no, tmp_path, monkeypatch):
    a = agreements.create(township, case_no, agreement_input())
    printing.print_document(township, "agreement", case_no, tmp_path / "a.pdf", signing=True)
    agreements.sign(township, a.id, dt.date.today())
    scan = tmp_path / "scan.png"
    scan.write_bytes(PNG)
    attachments.attach(township, case_no, scan, agreement_id=a.id)
    results, refusals = _race(monkeypatch, lambda actor: agreements.freeze(actor, a.id).status)
    assert results == ["frozen"] and len(refusals) == 1 and "只有已签署的协议才能锁定" in refusals[0]
    assert AuditEvent.select().where(AuditEvent.action == "agreement_freeze").count() == 1
