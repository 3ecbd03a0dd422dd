"""Damaged and hostile files in one `bundle import` call: each is refused with a Chinese reason and
an exchange-log entry, the next file still goes on, memory stays bounded, the decrypted copy
lives in a private folder that is always removed, and a refused file costs no backup.

The bundles are real ones made by the project's own export, decrypted with the county's key, the
inner zip damaged, and sealed again for the county (anyone holding its public key can do that)."""
from __future__ import annotations

import io
import json
import os
import stat
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from exchange_support import COUNTY, World, new_case
from helpers import run_cli
from zhongxin_desktop.exchange import container, crypto, keys, workdir
from zhongxin_desktop.services.safety import backups
from zhongxin_desktop.store.models import ExchangeLog

TOWN = "520102003"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    w = World(tmp_path_factory.mktemp("damaged"))
    w.add_center("county", "county", COUNTY)
    w.add_center("town", "township", TOWN)
    w.trust_each_other("town")
    with w.at("town") as actor:
        new_case(actor)
    [w.good] = w.export("town", period="2026-11")
    with w.at("town") as actor:
        new_case(actor, facts="第二件：邻里噪音", name="王五")
    [w.good2] = w.export("town", period="2026-11")
    return w


def _county_keys(w: World) -> keys.KeyPair:
    return keys.load_or_create(w.data("county").keys)


def _inner_zip(w: World, path: Path) -> bytes:
    out = io.BytesIO()
    with open(path, "rb") as fh:
        crypto.decrypt_to(fh, out, _county_keys(w).enc_private, 1 << 40)
    return out.getvalue()


def _seal(w: World, inner: bytes, out: Path) -> Path:
    with open(out, "wb") as fh:
        enc = crypto.EncryptingWriter(fh, _county_keys(w).enc_public)
        for i in range(0, len(inner), 1 << 20):
            enc.write(inner[i:i + (1 << 20)])
        enc.close()
    return out


def _central_record(inner: bytes, name: str) -> int:
    """Offset of ``name``'s record in the zip's central directory."""
    pos = zipfile.ZipFile(io.BytesIO(inner)).start_dir
    while inner[pos:pos + 4] == b"PK\x01\x02":
        n, m, k = struct.unpack("<HHH", inner[pos + 28:pos + 34])
        if inner[pos + 46:pos + 46 + n].decode() == name:
            return pos
        pos += 46 + n + m + k
    raise AssertionError(name)


def _patched(w: World, tmp: Path, label: str, name: str, field_offset: int, value: bytes) -> Path:
    inner = bytearray(_inner_zip(w, w.good))
    at = _central_record(bytes(inner), name) + field_offset
    inner[at:at + len(value)] = value
    return _seal(w, bytes(inner), tmp / f"{label}.zxb")


def _zip_of(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _bomb_zip(declared: int, actual: int) -> bytes:
    """A zip whose manifest.json is ``actual`` bytes of JSON-ish filler compressed ~1000:1,
    with ``declared`` written as its size in the headers (a liar when they differ)."""
    comp, crc, raw = zlib.compressobj(9, zlib.DEFLATED, -15), 0, io.BytesIO()
    block = b" " * (1 << 20)
    for _ in range(actual >> 20):
        raw.write(comp.compress(block))
        crc = zlib.crc32(block, crc)
    raw.write(comp.flush())
    data = raw.getvalue()
    name = b"manifest.json"
    local = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, len(data),
                        min(declared, 0xFFFFFFFF), len(name), 0) + name
    central = struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 8, 0, 0x21, crc, len(data),
                          min(declared, 0xFFFFFFFF), len(name), 0, 0, 0, 0, 0, 0) + name
    body = local + data
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 1, 1, len(central), len(body), 0)
    return body + central + end


def _damaged_set(w: World, tmp: Path) -> dict[str, tuple[Path, str]]:
    """label -> (file, words the refusal must contain)"""
    deep = b"[" * 200_000 + b"]" * 200_000
    return {
        "crc": (_patched(w, tmp, "crc", "manifest.json", 16, b"\xde\xad\xbe\xef"), "校验和（CRC）不符"),
        "encrypted-flag": (_patched(w, tmp, "enc", "manifest.json", 8, b"\x01\x00"), "加密标志"),
        "deflate64": (_patched(w, tmp, "d64", "manifest.json", 10, b"\x09\x00"), "deflate64"),
        "deep-json": (_seal(w, _zip_of({"manifest.json": deep, "manifest.sig": b"x" * 64}), tmp / "deep.zxb"),
                      "不是有效的JSON"),
        "big-signature": (_seal(w, _zip_of({"manifest.json": b"{}", "manifest.sig": b"s" * (64 << 10)}),
                                tmp / "sig.zxb"), "过大"),
        "not-a-zip": (_seal(w, b"PK\x03\x04 this is no zip at all" * 100, tmp / "nozip.zxb"), "已损坏"),
    }


def test_each_damaged_file_is_refused_with_its_reason_and_the_next_file_still_goes_on(world, tmp_path):
    files = _damaged_set(world, tmp_path)
    paths = [p for p, _ in files.values()]
    with world.at("county"):
        logged = ExchangeLog.select().count()
    summaries = world.import_("county", [*paths, world.good])
    for (label, (_, words)), s in zip(files.items(), summaries, strict=False):
        assert s.status == "ERROR", label
        assert words in s.refused_reason, (label, s.refused_reason)
        assert "Traceback" not in s.refused_reason and "Error" not in s.refused_reason, s.refused_reason
    assert summaries[-1].status != "ERROR", summaries[-1].text()
    with world.at("county"):
        new = list(ExchangeLog.select().order_by(ExchangeLog.id)[logged:])
        assert [r.status for r in new] == ["refused"] * len(files) + ["success"]
        assert [Path(r.file_name).name for r in new] == [p.name for p in [*paths, world.good]]


def test_an_unforeseen_error_in_one_file_is_refused_and_logged_and_the_next_goes_on(world, tmp_path,
                                                                                    monkeypatch):
    real = container.open_bundle

    def breaks_on_first(path, *a, **kw):
        if path.name == "first.zxb":
            raise KeyError("simulated")
        return real(path, *a, **kw)

    monkeypatch.setattr(container, "open_bundle", breaks_on_first)
    first = tmp_path / "first.zxb"
    first.write_bytes(world.good2.read_bytes())
    s1, s2 = world.import_("county", [first, world.good2])
    assert s1.status == "ERROR" and "此文件未导入" in s1.refused_reason and "KeyError" not in s1.refused_reason
    assert s2.status != "ERROR", s2.text()


def test_cli_reports_every_file_and_exits_1_without_a_traceback(world, tmp_path):
    files = _damaged_set(world, tmp_path)
    r = run_cli("bundle", "import", *[str(p) for p, _ in files.values()], str(world.good), "--json",
                data=world.data("county"), user="admin", password="Test2026pass")
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr
    out = json.loads(r.stdout)
    assert [s["status"] == "ERROR" for s in out] == [True] * len(files) + [False]
    assert all(s["refused_reason"] for s in out[:-1])


def test_a_manifest_bomb_is_refused_within_500_mb_of_memory(world, tmp_path):
    """A 1 MB file whose manifest inflates to 900 MiB, once declaring its true size and once lying
    (declaring 1 KB): both refused, the good bundle after them imported, peak RSS measured."""
    honest = _seal(world, _bomb_zip(900 << 20, 900 << 20), tmp_path / "bomb.zxb")
    liar = _seal(world, _bomb_zip(1 << 10, 900 << 20), tmp_path / "liar.zxb")
    assert honest.stat().st_size < 5 << 20
    # VmHWM after resetting it: ru_maxrss of a spawned child carries the spawning pytest
    # process's own peak over exec, which grows with whatever ran before in the session
    script = ("import re, sys\nopen('/proc/self/clear_refs', 'w').write('5')\n"
              "from zhongxin_desktop.launcher import main\n"
              "rc = main(sys.argv[1:])\n"
              "hwm = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1)\n"
              "print('PEAK_KB', hwm, file=sys.stderr)\n"
              "sys.exit(rc)\n")
    env = {**os.environ, "ZHONGXIN_PASSWORD": "Test2026pass", "QT_QPA_PLATFORM": "offscreen"}
    r = subprocess.run([sys.executable, "-c", script, "--data-dir", str(world.data("county").root),
                        "--user", "admin", "bundle", "import", str(honest), str(liar), str(world.good2), "--json"],
                       capture_output=True, text=True, env=env, timeout=600)
    assert "Traceback" not in r.stderr, r.stderr
    out = json.loads(r.stdout)
    assert out[0]["status"] == "ERROR" and "过大" in out[0]["refused_reason"]
    assert out[1]["status"] == "ERROR"
    assert out[2]["status"] != "ERROR"
    peak_mb = int(r.stderr.split("PEAK_KB")[1].split()[0]) / 1024
    print(f"manifest bomb import peak RSS: {peak_mb:.0f} MB")
    assert peak_mb < 500, peak_mb


def test_the_decrypted_copy_is_private_and_removed_and_leftovers_are_swept(world, tmp_path, monkeypatch):
    monkeypatch.setattr(container, "IN_MEMORY_MAX", 0)  # decrypt to a file, as for a bundle over 64 MB
    data = world.data("county")
    seen = {}
    real = container._verify_hashes

    def look(zf, files):
        [work] = [p for p in data.exports.glob("zxb-*")]
        seen["dir"] = stat.S_IMODE(work.stat().st_mode)
        seen["file"] = stat.S_IMODE((work / "bundle.zip").stat().st_mode)
        return real(zf, files)

    monkeypatch.setattr(container, "_verify_hashes", look)
    world.import_("county", [world.good], dry_run=True)
    assert seen == {"dir": 0o700, "file": 0o600}
    assert list(data.exports.glob("zxb-*")) == []  # removed in any case
    # a killed import's folder is swept at the next import; one still in use by a live process is not
    stale = data.exports / "zxb-killed"
    stale.mkdir(mode=0o700)
    (stale / "bundle.zip").write_bytes(b"plain text with 11010519491231002X")
    busy = data.exports / "zxb-busy"
    busy.mkdir(mode=0o700)
    holder = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, sys, time\nf = open(sys.argv[1], 'ab')\nfcntl.flock(f, fcntl.LOCK_EX)\n"
        "print('locked', flush=True)\ntime.sleep(60)\n"), str(busy / workdir.IN_USE)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        world.import_("county", [tmp_path / "missing.zxb"])
        assert not stale.exists() and busy.exists()
    finally:
        holder.kill()
        holder.wait()


def test_a_refused_file_costs_no_backup_and_a_run_backs_up_once(world, tmp_path):
    files = _damaged_set(world, tmp_path)
    data = world.data("county")
    with world.at("county"):
        before = len(backups.all_backups(data))
    world.import_("county", [p for p, _ in files.values()])
    with world.at("county"):
        assert len(backups.all_backups(data)) == before
    world.import_("county", [world.good, files["crc"][0], world.good2])
    with world.at("county"):
        made = backups.all_backups(data)
        assert len(made) == before + 1 and sum(m.kind == "pre-import" for m in made) >= 1



def test_records_over_the_memory_cap_are_refused_before_they_are_read(world, tmp_path, monkeypatch):
    from exchange_support import craft_bundle

    monkeypatch.setattr(container, "MAX_JSON_BYTES", 200_000)  # 64 MB in use; the rule is the same
    rows = [{"id": f"ev-{i}", "owner_code": TOWN, "row_version": 1, "remark": "备注" * 40} for i in range(2000)]
    path = craft_bundle(world, "town", "county", tmp_path / "big.zxb", records_by_table={"case_event": rows})
    [s] = world.import_("county", [path])
    assert s.status == "ERROR" and "记录过大" in s.refused_reason, s.refused_reason
