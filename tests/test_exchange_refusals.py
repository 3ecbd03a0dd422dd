"""Fault injection: every refused bundle is refused whole, with a reason, and changes nothing."""
from __future__ import annotations

import pytest

from exchange_support import COUNTY, World, craft_bundle, new_case, synced_state
from zhongxin_desktop.exchange import container, keys
from zhongxin_desktop.store.models import ExchangeAck, StatSnapshot

TOWN = "520102003"


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    root = tmp_path_factory.mktemp("refusals")
    w = World(root)
    w.add_center("county", "county", COUNTY)
    w.add_center("town", "township", TOWN)
    w.add_center("other", "township", "520102004")  # trusts the county, the county does not trust it
    w.trust_each_other("town")
    with w.at("town") as actor:
        new_case(actor)
    [good] = w.export("town", period="2026-11")
    w.good = good
    return w


def _state(world):
    with world.at("county"):
        return synced_state(), ExchangeAck.select().count(), StatSnapshot.select().count()


def _refused(world, path, words):
    before = _state(world)
    [s] = world.import_("county", [path])
    assert s.status == "ERROR", s.text()
    assert words in s.refused_reason, s.refused_reason
    assert _state(world) == before
    return s


def _flip(src, dst, at):
    raw = bytearray(src.read_bytes())
    raw[at] ^= 0x01
    dst.write_bytes(bytes(raw))
    return dst


def test_tampered_body_is_refused(base, tmp_path):
    size = base.good.stat().st_size
    _refused(base, _flip(base.good, tmp_path / "t.zxb", size // 2), "改动")


def test_tampered_header_is_refused(base, tmp_path):
    _refused(base, _flip(base.good, tmp_path / "h.zxb", 20), "")


def test_truncated_bundle_is_refused(base, tmp_path):
    raw = base.good.read_bytes()
    cut = tmp_path / "cut.zxb"
    cut.write_bytes(raw[: len(raw) - 40])
    _refused(base, cut, "不完整")


def test_bundle_cut_at_a_chunk_boundary_is_refused(base, tmp_path, monkeypatch):
    from zhongxin_desktop.exchange import crypto

    monkeypatch.setattr(crypto, "CHUNK", 64)  # many small chunks: drop the whole last one
    with base.at("town") as actor:
        new_case(actor, facts="再一件")
    [path] = base.export("town")
    raw = path.read_bytes()
    import struct
    pos, lengths = 8 + 2 + struct.unpack(">H", raw[8:10])[0], []
    while pos < len(raw):
        (n,) = struct.unpack(">I", raw[pos:pos + 4])
        lengths.append(pos)
        pos += 4 + n
    cut = tmp_path / "boundary.zxb"
    cut.write_bytes(raw[: lengths[-1]])
    _refused(base, cut, "不完整")


def test_not_a_bundle_is_refused(base, tmp_path):
    p = tmp_path / "x.zxb"
    p.write_bytes(b"PK\x03\x04 not ours")
    _refused(base, p, "不是综治中心数据包")


def test_wrongly_signed_bundle_is_refused(base, tmp_path):
    forger = keys.load_or_create(tmp_path / "forger")
    p = craft_bundle(base, "town", "county", tmp_path / "f.zxb", sign_with=forger)
    _refused(base, p, "签名无效")


def test_unknown_sender_is_refused(base, tmp_path):
    p = craft_bundle(base, "other", "county", tmp_path / "u.zxb")
    _refused(base, p, "信任名单")


def test_bundle_for_another_recipient_is_refused(base, tmp_path):
    # encrypted to another center's key: the county cannot even open it
    p = craft_bundle(base, "town", "other", tmp_path / "w.zxb")
    _refused(base, p, "不是发给本中心")
    # encrypted to the county but addressed (in the signed manifest) to someone else
    p2 = craft_bundle(base, "town", "county", tmp_path / "w2.zxb", manifest={"recipient": "520199"})
    _refused(base, p2, "不是本中心")


def test_newer_format_is_refused(base, tmp_path):
    p = craft_bundle(base, "town", "county", tmp_path / "n.zxb", manifest={"format_version": 99})
    _refused(base, p, "升级")


def test_newer_envelope_version_is_refused(base, tmp_path):
    raw = base.good.read_bytes()
    p = tmp_path / "env.zxb"
    p.write_bytes(raw.replace(b'{"v":1,', b'{"v":7,', 1))
    _refused(base, p, "更新版本")


def test_unknown_table_or_column_from_a_newer_version_is_refused(base, tmp_path):
    p = craft_bundle(base, "town", "county", tmp_path / "c.zxb",
                     records_by_table={"case": [{"id": "x", "row_version": 1, "owner_code": TOWN, "hologram": 1}]})
    _refused(base, p, "不认识的字段")


@pytest.mark.parametrize("name", ["/etc/passwd", "../../evil", "records/../../x.json", "C:/win.ini"])
def test_dangerous_entry_names_are_refused(base, tmp_path, name):
    p = craft_bundle(base, "town", "county", tmp_path / "p.zxb", extra_entries={name: b"x"})
    s = _refused(base, p, "")
    assert "路径" in s.refused_reason or "未知条目" in s.refused_reason


def test_entry_not_listed_in_the_manifest_is_refused(base, tmp_path):
    from zhongxin_desktop.exchange.container import BundleWriter

    with base.at("county"):
        rec = keys.load_or_create(base.data("county").keys).enc_public
    with base.at("town"):
        pair = keys.load_or_create(base.data("town").keys)
    w = BundleWriter(tmp_path / "e.zxb", rec, pair)
    w.add_json("records/case.json", [])
    w.files.pop("records/case.json")  # smuggled: not in the signed manifest
    w.finish({"sender": TOWN, "recipient": COUNTY, "sequence": 1})
    _refused(base, tmp_path / "e.zxb", "清单不符")


def test_oversized_entry_is_refused(base, monkeypatch):
    monkeypatch.setattr(container, "MAX_ENTRY_BYTES", 100)
    _refused(base, base.good, "过大")


def test_a_large_bundle_is_decrypted_to_a_private_file_and_checked_the_same(base, monkeypatch, tmp_path):
    monkeypatch.setattr(container, "IN_MEMORY_MAX", 0)
    [s] = base.import_("county", [base.good], dry_run=True)
    assert s.status == "SUCCESS" and s.totals.imported > 0
    _refused(base, _flip(base.good, tmp_path / "t.zxb", base.good.stat().st_size // 2), "改动")
    assert not list(base.data("county").exports.glob("zxb-*"))  # the private folder is removed


def test_the_good_bundle_still_imports(base):
    [s] = base.import_("county", [base.good])
    assert s.status == "SUCCESS"
