"""What a registration no longer reads every time: the local center (remembered per open
database, never from a transaction that may roll back) and the three vocabularies (one read)."""
import dataclasses

import pytest

from zhongxin_desktop.services import center, settings
from zhongxin_desktop.store.connection import close_database, open_database
from zhongxin_desktop.store.db import database


def test_the_local_center_is_not_remembered_from_a_rolled_back_transaction(db):
    class Undo(Exception):
        pass

    with pytest.raises(Undo), database.atomic():
        center.init_center(kind="township", code="520102009", name="试验镇综治中心", committee_short="试验",
                           admin_username="admin", admin_password="Test2026pass")
        assert center.local_center().code == "520102009"
        raise Undo()
    with pytest.raises(center.NotInitialised):
        center.local_center()


def test_the_local_center_follows_the_open_database(township, tmp_path):
    from zhongxin_desktop.paths import DataDir

    assert center.local_center().code == "520102003"
    copy = center.local_center()
    with pytest.raises(dataclasses.FrozenInstanceError):  # no caller changes what the others read
        copy.name = "改过的名字"
    assert center.local_center().name == "测试镇综治中心"
    close_database()
    other = DataDir(tmp_path / "other").ensure()
    open_database(other)
    with pytest.raises(center.NotInitialised):
        center.local_center()
    close_database()


def test_get_many_reads_stored_values_and_defaults_alike(township):
    settings.change(township, "sources", ["来访", "电话"])
    assert settings.get_many("categories", "sources", "no_such_key") == [
        settings.get("categories"), ["来访", "电话"], None]
