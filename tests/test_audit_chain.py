import pytest

from zhongxin_desktop.services import audit


def test_chain_verifies_and_catches_an_edit(township, data_dir):
    for i in range(5):
        audit.record("admin", "test", "case", f"k{i}")
    assert audit.verify().ok
    from zhongxin_desktop.store.db import database

    database.execute_sql("UPDATE audit_event SET username='mallory' WHERE seq=3")
    result = audit.verify()
    assert not result.ok and result.bad_seq == 3


def test_chain_catches_a_deleted_entry(township):
    for i in range(4):
        audit.record("admin", "test", "case", f"k{i}")
    from zhongxin_desktop.store.db import database

    database.execute_sql("DELETE FROM audit_event WHERE seq=2")
    result = audit.verify()
    assert not result.ok and result.bad_seq == 2


def test_audited_change_rolls_back_with_its_entry(township):
    from zhongxin_desktop.store.db import database

    before = audit.verify().checked
    with pytest.raises(RuntimeError, match="power cut"), database.atomic():
        audit.record("admin", "doomed")
        raise RuntimeError("power cut")
    assert audit.verify().checked == before


def test_reading_a_case_is_audited(demo_db):
    from zhongxin_desktop.services.casework import case_query
    from zhongxin_desktop.store.models import AuditEvent, Case

    case = Case.select().first()
    case_query.detail(demo_db, case.id)
    entry = AuditEvent.select().order_by(AuditEvent.seq.desc()).first()
    assert (entry.action, entry.object_id, entry.username) == ("case_view", case.id, "admin")
    assert audit.verify().ok
