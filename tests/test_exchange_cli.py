"""The whole exchange from the command line: two data folders, keys, bundle, receipt, referral."""
from __future__ import annotations

import json

import pytest

from helpers import run_cli as plain_cli
from zhongxin_desktop.paths import DataDir

PW = "Test2026pass"
pytestmark = pytest.mark.slow


def _ok(res):
    assert res.returncode == 0, res.stderr
    return res


def test_township_and_county_exchange_from_the_command_line(tmp_path, county_url):
    town, county = DataDir(tmp_path / "town"), DataDir(tmp_path / "county")

    def run_cli(*args, data, **kw):  # the county's store on PostgreSQL: every county command names it
        return plain_cli(*(["--database", county_url] if county_url and data is county else []), *args,
                         data=data, **kw)
    _ok(run_cli("init", "--county", "520102", "--name", "某县综治中心", "--admin", "admin", data=county, password=PW))
    _ok(run_cli("init", "--township-code", "520102003", "--name", "某镇综治中心", "--committee", "某镇",
                "--admin", "admin", data=town, password=PW))
    as_town = dict(data=town, user="admin", password=PW)
    as_county = dict(data=county, user="admin", password=PW)
    _ok(run_cli("keys", "export", "--out", str(tmp_path / "town.pub"), **as_town))
    _ok(run_cli("keys", "export", "--out", str(tmp_path / "county.pub"), **as_county))
    res = _ok(run_cli("keys", "trust", str(tmp_path / "town.pub"), "--yes", **as_county))
    listed = json.loads(_ok(run_cli("keys", "list", "--json", data=county)).stdout)
    assert listed["trusted"][0]["code"] == "520102003"
    assert listed["trusted"][0]["fingerprint"] in res.stderr  # shown so it can be confirmed by phone
    _ok(run_cli("keys", "trust", str(tmp_path / "county.pub"), "--yes", **as_town))
    # nobody trusts its own key by mistake
    refused = run_cli("keys", "trust", str(tmp_path / "town.pub"), **as_town)
    assert refused.returncode == 1 and "本中心自己的公钥" in refused.stderr

    bundle = _ok(run_cli("bundle", "export", "--period", "2026-11", "--out", str(tmp_path / "usb"), **as_town)
                 ).stdout.strip()
    assert bundle.endswith(".zxb") and "520102003" not in bundle
    dry = json.loads(_ok(run_cli("bundle", "import", bundle, "--dry-run", "--json", **as_county)).stdout)
    assert dry["status"] == "SUCCESS" and dry["dry_run"] and dry["import_count"]["imported"] >= 1
    summary = json.loads(_ok(run_cli("bundle", "import", bundle, "--json", **as_county)).stdout)
    assert summary["import_count"]["imported"] == dry["import_count"]["imported"]
    status = json.loads(_ok(run_cli("county", "status", "--month", "2026-11", "--json", data=county)).stdout)
    assert status == [dict(status[0], code="520102003", reported=True)]

    ref_file = tmp_path / "ref.json"
    ref_file.write_text(json.dumps({"category": "山林土地", "facts": "两村林界争议", "instructions": "请于月底前调处并回报",
                                    "due_on": "2099-12-31", "parties": [{"name": "王五", "role": "申请人"}]},
                                   ensure_ascii=False))
    ref_id = _ok(run_cli("referral", "create", "--township", "520102003", "--json", str(ref_file), **as_county)
                 ).stdout.strip()
    receipt = _ok(run_cli("bundle", "receipt", "--township", "520102003", "--out", str(tmp_path / "down"),
                          **as_county)).stdout.strip()
    down = json.loads(_ok(run_cli("bundle", "import", receipt, "--json", **as_town)).stdout)
    assert down["referrals_received"] and down["acknowledged"] >= 1
    cases = json.loads(_ok(run_cli("cases", "list", "--json", data=town)).stdout)
    [referred] = [c for c in cases if c["source"] == "县级交办"]
    assert referred["due_on"] == "2099-12-31"
    _ok(run_cli("cases", "accept", referred["id"], **as_town))  # 受理 keeps the county's deadline
    [accepted] = [c for c in json.loads(_ok(run_cli("cases", "list", "--json", data=town)).stdout)
                  if c["id"] == referred["id"]]
    assert accepted["case_no"] and accepted["due_on"] == "2099-12-31"

    up = _ok(run_cli("bundle", "export", "--out", str(tmp_path / "usb2"), **as_town)).stdout.strip()
    _ok(run_cli("bundle", "import", up, **as_county))
    refs = json.loads(_ok(run_cli("referral", "list", "--json", data=county)).stdout)
    assert refs[0]["id"] == ref_id and refs[0]["case_id"] == referred["id"] and refs[0]["status"] == "accepted"
    county_cases = json.loads(_ok(run_cli("county", "cases", "--township", "520102003", "--json", data=county)).stdout)
    assert {c["id"] for c in county_cases} >= {referred["id"]}
    [seen] = [c for c in county_cases if c["id"] == referred["id"]]
    assert seen["due_on"] == "2099-12-31" and seen["case_no"] == accepted["case_no"]  # the county sees it unchanged

    tampered = tmp_path / "tampered.zxb"
    raw = bytearray(open(up, "rb").read())
    raw[len(raw) // 2] ^= 1
    tampered.write_bytes(bytes(raw))
    res = run_cli("bundle", "import", str(tampered), "--json", **as_county)
    assert res.returncode == 1 and json.loads(res.stdout)["status"] == "ERROR"
    if county_url:  # the cases are in PostgreSQL's own tables, read without the app
        import psycopg

        with psycopg.connect(county_url) as con:
            held = {r[0] for r in con.execute('SELECT id FROM "case" WHERE owner_code = %s', ("520102003",))}
        assert held == {c["id"] for c in cases}
        assert not county.database.exists()  # nothing went to a SQLite file beside it
