"""Trusting a key is deliberate: a key file re-labelled with another center's code, a second
key for a trusted center, a forged county key — each refused, with nothing trusted that was not;
a real key change goes through ``keys replace`` (audited, old and new fingerprints) and, for the
county's key, only with the old key's signature (``keys rotate``)."""
from __future__ import annotations

import json

import pytest

from exchange_support import COUNTY, craft_bundle, new_case, township_and_county
from helpers import run_cli
from zhongxin_desktop.domain.errors import DomainError
from zhongxin_desktop.exchange import keys
from zhongxin_desktop.services.countywork import exchange
from zhongxin_desktop.store.models import AuditEvent, Case, TrustedKey

TOWN, TOWN2 = "520102003", "520102004"


@pytest.fixture
def world(tmp_path):
    w = township_and_county(tmp_path, TOWN)
    w.add_center("town2", "township", TOWN2)
    return w


def _pub(world, name):
    out = world.root / f"{name}.pub.json"
    with world.at(name) as actor:
        exchange.export_public_key(actor, world.data(name), out)
    return out


def _relabelled(src, dst, **fields):
    doc = json.loads(src.read_text(encoding="utf-8"))
    dst.write_text(json.dumps({**doc, **fields}, ensure_ascii=False), encoding="utf-8")
    return dst


def _trusted(world, name):
    with world.at(name):
        return {k.code: k.fingerprint for k in TrustedKey.select()}


def test_a_key_relabelled_with_another_townships_code_is_refused(world, tmp_path):
    forged = _relabelled(_pub(world, "town"), tmp_path / "as-town2.json", code=TOWN2, name="town2镇综治中心")
    before = _trusted(world, "county")
    with world.at("county") as actor:
        with pytest.raises(DomainError, match="已被信任为.*520102003"):
            exchange.trust_key(actor, forged, world.data("county"))
        with pytest.raises(DomainError, match="已被信任为"):
            exchange.preview_key(actor, forged, world.data("county"))
    assert _trusted(world, "county") == before
    # so a bundle town signs as town2 is not from a trusted sender, and town2's cases stay as they are
    world.trust_each_other("town2")
    with world.at("town2") as actor:
        cid = new_case(actor, name="王五")
    world.import_("county", world.export("town2"))
    with world.at("county"):
        row = Case.get_by_id(cid)
        forged_row = {"id": cid, "row_version": row.row_version + 5, "owner_code": TOWN2, "facts": "被改写"}
    pair = keys.load_or_create(world.data("town").keys)
    p = craft_bundle(world, "town2", "county", tmp_path / "forged.zxb", records_by_table={"case": [forged_row]},
                     sign_with=pair)
    [s] = world.import_("county", [p])
    assert s.status == "ERROR" and "签名无效" in s.refused_reason
    with world.at("county"):
        assert Case.get_by_id(cid).facts == "双方因排水沟发生争执"


def test_our_own_key_under_another_code_is_refused(world, tmp_path):
    mine = _relabelled(_pub(world, "county"), tmp_path / "mine.json", code=TOWN2, kind="township", name="假镇")
    with world.at("county") as actor:
        with pytest.raises(DomainError, match="本中心自己的公钥"):
            exchange.trust_key(actor, mine, world.data("county"))


def test_trust_never_replaces_and_a_forged_county_key_is_refused(world, tmp_path):
    attacker = keys.load_or_create(tmp_path / "attacker")
    forged = tmp_path / "county-forged.json"
    forged.write_text(json.dumps(keys.public_document(attacker, COUNTY, "county县综治中心", "county")),
                      encoding="utf-8")
    before = _trusted(world, "town")
    with world.at("town") as actor:
        with pytest.raises(DomainError, match="keys replace"):
            exchange.trust_key(actor, forged, world.data("town"))
        with pytest.raises(DomainError, match="旧密钥的签名"):
            exchange.replace_key(actor, forged, world.data("town"))
        # a rotation signature by the attacker's own key does not count either
        doc = keys.public_document(attacker, COUNTY, "county县综治中心", "county",
                                   keys.rotation_signature(attacker, COUNTY, attacker))
        forged.write_text(json.dumps(doc), encoding="utf-8")
        with pytest.raises(DomainError, match="旧密钥的签名"):
            exchange.replace_key(actor, forged, world.data("town"))
        new_case(actor)
    assert _trusted(world, "town") == before
    # the next bundle is still for the real county, not for the attacker
    [bundle] = world.export("town")
    [s] = world.import_("county", [bundle])
    assert s.status == "SUCCESS" and s.count("case").imported == 1


def test_county_key_rotation_signed_by_the_old_key_is_accepted(world, tmp_path):
    with world.at("town") as actor:
        new_case(actor)
    [in_flight] = world.export("town")  # encrypted to the county's old key
    with world.at("county") as actor:
        doc = exchange.rotate_key(actor, world.data("county"))
    new_file = tmp_path / "county-new.json"
    new_file.write_text(json.dumps(doc), encoding="utf-8")
    with world.at("county") as actor:  # keys export after the rotation carries the signature too
        assert exchange.my_key(actor, world.data("county"))["rotation_signature"] == doc["rotation_signature"]
    old_fp = _trusted(world, "town")[COUNTY]
    with world.at("town") as actor:
        with pytest.raises(DomainError, match="指纹不符"):
            exchange.replace_key(actor, new_file, world.data("town"), fingerprint="0000 1111")
        done = exchange.replace_key(actor, new_file, world.data("town"), fingerprint=doc["fingerprint"].lower())
        assert done["old_fingerprint"] == old_fp
        entry = AuditEvent.select().where(AuditEvent.action == "key_replace").get()
        detail = json.loads(entry.detail)
        assert (detail["old_fingerprint"], detail["fingerprint"], detail["signed_by_old_key"]) == (
            old_fp, doc["fingerprint"], True)
        new_case(actor, facts="换钥之后")
    assert _trusted(world, "town")[COUNTY] == doc["fingerprint"] != old_fp
    [after] = world.export("town")
    summaries = world.import_("county", [in_flight, after])
    assert [s.status for s in summaries] == ["SUCCESS", "SUCCESS"], [s.text() for s in summaries]


def test_a_townships_new_key_is_replaced_deliberately_and_audited(world, tmp_path):
    fresh = keys.load_or_create(tmp_path / "town-new-pc")
    f = tmp_path / "town-new.json"
    f.write_text(json.dumps(keys.public_document(fresh, TOWN, "town镇综治中心", "township")), encoding="utf-8")
    with world.at("county") as actor:
        with pytest.raises(DomainError, match="keys replace"):
            exchange.trust_key(actor, f, world.data("county"))
        preview = exchange.preview_key(actor, f, world.data("county"))
        assert preview["state"] == "replace" and preview["old_fingerprint"] != preview["fingerprint"]
        exchange.replace_key(actor, f, world.data("county"))
        assert TrustedKey.get(TrustedKey.code == TOWN).fingerprint == fresh.fingerprint
        assert AuditEvent.select().where(AuditEvent.action == "key_replace", AuditEvent.object_id == TOWN).count() == 1


def test_keys_trust_on_the_command_line_asks_or_needs_the_fingerprint(world, tmp_path):
    as_county = dict(data=world.data("county"), user="admin", password="Test2026pass")
    key = _pub(world, "town2")
    fp = json.loads(key.read_text(encoding="utf-8"))["fingerprint"]
    res = run_cli("keys", "trust", str(key), **as_county)  # no terminal to ask on, no --yes
    assert res.returncode == 1 and "未确认" in res.stderr
    assert TOWN2 in res.stderr and fp in res.stderr and "town2镇综治中心" in res.stderr  # shown first
    res = run_cli("keys", "trust", str(key), "--fingerprint", "ABCD " * 10, **as_county)
    assert res.returncode == 1 and "指纹不符" in res.stderr
    assert res.stderr.index(fp) < res.stderr.index("指纹不符")
    assert TOWN2 not in _trusted(world, "county")
    res = run_cli("keys", "trust", str(key), "--yes", "--fingerprint", fp, **as_county)
    assert res.returncode == 2  # one or the other
    res = run_cli("keys", "trust", str(key), "--fingerprint", fp.replace(" ", "").lower(), **as_county)
    assert res.returncode == 0, res.stderr
    assert _trusted(world, "county")[TOWN2] == fp
    # a new key for town2 is not taken by trust; replace shows both fingerprints
    new_file = tmp_path / "town2-new.json"
    new_file.write_text(json.dumps(keys.public_document(keys.load_or_create(tmp_path / "n"), TOWN2, "town2镇综治中心",
                                                        "township")), encoding="utf-8")
    res = run_cli("keys", "trust", str(new_file), "--yes", **as_county)
    assert res.returncode == 1 and "keys replace" in res.stderr
    res = run_cli("keys", "replace", str(new_file), **as_county)
    assert res.returncode == 1 and "未确认" in res.stderr and fp in res.stderr
    assert _trusted(world, "county")[TOWN2] == fp
    res = run_cli("keys", "replace", str(new_file), "--yes", **as_county)
    assert res.returncode == 0, res.stderr
    assert _trusted(world, "county")[TOWN2] != fp


def _answer_dialogs(qtbot, button, seen: list[str]):
    """Answer each modal box as it opens (the page opens them with exec)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    def poll():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            seen.append("default:" + box.defaultButton().text() if box.defaultButton() else "default:")
            (box.button(button) or box.buttons()[0]).click()

    timer = QTimer()
    timer.timeout.connect(poll)
    timer.start(50)
    return timer


def test_the_page_shows_who_and_the_fingerprint_before_trusting(qtbot, world, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    from zhongxin_desktop.ui.context import AppContext, Bus
    from zhongxin_desktop.ui.pages.exchange import ExchangePage
    from zhongxin_desktop.ui.worker import DbWorker

    key = _pub(world, "town2")
    fp = json.loads(key.read_text(encoding="utf-8"))["fingerprint"]
    forged = _relabelled(_pub(world, "town"), tmp_path / "as-town2.json", code=TOWN2)
    with world.at("county") as actor:
        page = ExchangePage(AppContext(actor=actor, data=world.data("county"), worker=DbWorker(), bus=Bus()))
        qtbot.addWidget(page)
        page.show()
        seen: list[str] = []
        timer = _answer_dialogs(qtbot, QMessageBox.No, seen)
        page.confirm_and_trust(key)
        qtbot.waitUntil(lambda: len(seen) >= 2, timeout=10000)
        page.ctx.worker.wait()
        assert TOWN2 in seen[0] and "town2镇综治中心" in seen[0] and fp in seen[0] and "乡镇" in seen[0]
        assert seen[1] != "default:" and "Yes" not in seen[1] and "是" not in seen[1]
        assert not TrustedKey.select().where(TrustedKey.code == TOWN2).exists()  # No: nothing trusted
        seen.clear()
        page.confirm_and_trust(forged)  # a relabelled key: refused, the reason shown
        qtbot.waitUntil(lambda: len(seen) >= 2, timeout=10000)
        assert "已被信任为" in seen[0]
        timer.stop()
        seen.clear()
        timer = _answer_dialogs(qtbot, QMessageBox.Yes, seen)
        page.confirm_and_trust(key)
        qtbot.waitUntil(lambda: TrustedKey.select().where(TrustedKey.code == TOWN2).exists(), timeout=10000)
        timer.stop()
        page.ctx.worker.wait()


def test_the_page_replaces_a_key_only_after_showing_old_and_new(qtbot, world, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    from zhongxin_desktop.ui.context import AppContext, Bus
    from zhongxin_desktop.ui.pages.exchange import ExchangePage
    from zhongxin_desktop.ui.worker import DbWorker

    fresh = keys.load_or_create(tmp_path / "town-new-pc")
    f = tmp_path / "town-new.json"
    f.write_text(json.dumps(keys.public_document(fresh, TOWN, "town镇综治中心", "township")), encoding="utf-8")
    old_fp = _trusted(world, "county")[TOWN]
    with world.at("county") as actor:
        page = ExchangePage(AppContext(actor=actor, data=world.data("county"), worker=DbWorker(), bus=Bus()))
        qtbot.addWidget(page)
        page.show()
        seen: list[str] = []
        timer = _answer_dialogs(qtbot, QMessageBox.Yes, seen)
        page.confirm_and_trust(f)
        qtbot.waitUntil(lambda: TrustedKey.get(TrustedKey.code == TOWN).fingerprint == fresh.fingerprint,
                        timeout=10000)
        timer.stop()
        page.ctx.worker.wait()
        assert old_fp in seen[0] and fresh.fingerprint in seen[0] and "更换" in seen[0]
        assert AuditEvent.select().where(AuditEvent.action == "key_replace").count() == 1
