import sqlite3

import pytest

from zhongxin_desktop.domain.case_input import CaseInput, PartyInput
from zhongxin_desktop.domain.errors import PermissionDenied
from zhongxin_desktop.domain.roles import Role
from zhongxin_desktop.services.casework import case_query, cases
from zhongxin_desktop.services.safety import pii_crypto
from zhongxin_desktop.store import sealed
from zhongxin_desktop.store.connection import close_database, open_database
from zhongxin_desktop.store.db import StoreError
from zhongxin_desktop.store.models import Party

ID = "520102198001010013"


def _register(actor, name, idn, phone):
    return cases.register(actor, CaseInput(category="邻里", source="来访", facts="噪音",
                                           parties=[PartyInput(name=name, id_number=idn, phone=phone)]))


def _raw(data_dir):
    con = sqlite3.connect(data_dir.database)
    try:
        return {r[0]: (r[1], r[2]) for r in con.execute("SELECT name, id_number, phone FROM party")}
    finally:
        con.close()


def test_off_by_default_and_plain(township, data_dir):
    _register(township, "张三", ID, "13812345678")
    assert not pii_crypto.is_on()
    assert _raw(data_dir)["张三"] == (ID, "13812345678")


def test_turning_on_seals_old_and_new_rows_and_reading_stays_plain(township, data_dir, make_user):
    _register(township, "张三", ID, "13812345678")
    with pytest.raises(PermissionDenied):
        pii_crypto.set_encryption(make_user(Role.DIRECTOR), data_dir, True)
    assert pii_crypto.set_encryption(township, data_dir, True) == 1
    assert (data_dir.keys / sealed.KEY_FILE).stat().st_mode & 0o077 == 0
    case = _register(township, "李四", "11010519491231002X", "13900001111")
    raw = _raw(data_dir)
    for name in ("张三", "李四"):
        assert all(v.startswith("enc1:") for v in raw[name])
    assert ID not in data_dir.database.read_bytes().decode("latin-1")
    # services see plain values, masked or revealed as usual
    d = case_query.detail(township, case.id, reveal=True)
    assert d["parties"][0]["id_number"] == "11010519491231002X"
    assert case_query.detail(township, case.id)["parties"][0]["phone"] == "139****1111"
    # lookups by the full number and by the tail still work
    assert Party.get(Party.id_number == ID).name == "张三"
    assert Party.get(Party.phone_tail == "1111").name == "李四"
    # survives reopening; turning off restores plain text
    close_database()
    open_database(data_dir)
    assert pii_crypto.is_on() and Party.get(Party.name == "张三").phone == "13812345678"
    assert pii_crypto.set_encryption(township, data_dir, False) == 2
    assert _raw(data_dir)["张三"] == (ID, "13812345678")


def test_missing_key_is_refused_clearly(township, data_dir):
    _register(township, "张三", ID, "13812345678")
    pii_crypto.set_encryption(township, data_dir, True)
    close_database()
    (data_dir.keys / sealed.KEY_FILE).rename(data_dir.root / "moved.key")
    with pytest.raises(StoreError, match="pii.key"):
        open_database(data_dir)
    (data_dir.root / "moved.key").rename(data_dir.keys / sealed.KEY_FILE)
    open_database(data_dir)
    assert Party.get(Party.name == "张三").id_number == ID
