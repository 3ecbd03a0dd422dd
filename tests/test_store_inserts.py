"""store/inserts.create writes exactly the row Model.create writes (defaults, foreign keys,
sealed fields), with its statement built once."""
import sqlite3

import pytest

from zhongxin_desktop.store import inserts
from zhongxin_desktop.store.models import AuditEvent, Case, CaseParty, Party


def _stored(data_dir, table, row_id):
    con = sqlite3.connect(data_dir.database)
    con.row_factory = sqlite3.Row
    try:
        return dict(con.execute(f'SELECT * FROM "{table}" WHERE id = ?', (row_id,)).fetchone())
    finally:
        con.close()


def _without_own_values(row):
    return {k: v for k, v in row.items() if k not in ("id", "created_at", "updated_at", "case_id", "party_id")}


def test_the_same_rows_as_model_create(township, data_dir):
    values = dict(owner_code="520102003", status="registered", registered_on="2026-11-20",
                  registered_by=township.user_id, source="来访",
                  category="邻里", facts="因排水沟发生纠纷", amount="1200.50", risk_level="黄")
    party = dict(owner_code="520102003", name="欧阳秀英", name_pinyin="ouyangxiuying", phone="13812345678",
                 id_number="520102198001010013", birth_date="1980-01-01")
    made = [(inserts.create(Case, **values), inserts.create(Party, **party)),
            (Case.create(**values), Party.create(**party))]
    links = [inserts.create(CaseParty, owner_code="520102003", case=made[0][0], party=made[0][1], role="申请人"),
             CaseParty.create(owner_code="520102003", case=made[1][0], party=made[1][1], role="申请人")]
    for table, (a, b) in (("case", (made[0][0], made[1][0])), ("party", (made[0][1], made[1][1])),
                          ("case_party", links)):
        fast, slow = _stored(data_dir, table, a.id), _stored(data_dir, table, b.id)
        assert _without_own_values(fast) == _without_own_values(slow)
        assert fast["created_at"] and fast["updated_at"] and len(fast["id"]) == 36
    assert _stored(data_dir, "case_party", links[0].id)["case_id"] == made[0][0].id
    assert Case.get_by_id(made[0][0].id).amount == Case.get_by_id(made[1][0].id).amount
    assert not made[0][0].is_dirty()


def test_a_key_the_database_numbers_is_refused(township):
    with pytest.raises(TypeError):
        inserts.create(AuditEvent, username="admin", action="x", prev_hash="0" * 64, hash="1" * 64)
