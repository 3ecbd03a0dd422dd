"""The county's own work on real exchange files: a county and two townships in their own data
folders, bundles written and read by the real code, the commands run as real processes.

- a person registered in both townships is listed at the county with both (ID number; or name
  and phone), masked unless revealed (audited), and kept up to date as later bundles come in;
- each township's 调委会 and 调解员 reach the county's roster, and its monthly statistics (xlsx
  read back), with no password hash or sign-in data in the bundle;
- a bundle that never arrived is named in ``county status`` (第 N 号数据包未收到); a bundle of
  an older version without a number still imports.
"""
from __future__ import annotations

import datetime as dt
import json

from pathlib import Path

import openpyxl
import pytest

from exchange_support import PASSWORD, World, craft_bundle
from helpers import run_cli
from zhongxin_desktop.domain.case_input import CaseInput, PartyInput
from zhongxin_desktop.services.casework import case_edit, cases

pytestmark = pytest.mark.slow

A, B = "520102003", "520102004"
SHARED_ID = "11010519491231002X"  # GB 11643 check character verified by hand (domain reference)
SHARED_PHONE = "13900001111"


def _ok(res):
    assert res.returncode == 0, res.stderr
    return res


def _register(actor, name: str, *, id_number: str = "", phone: str = "", other: str = "李四",
              accept: bool = False) -> str:
    data = CaseInput(source="来访", category="邻里", facts=f"{name}与{other}因排水沟发生争执", claims="恢复原状",
                     registered_on=dt.date(2026, 11, 2),
                     parties=[PartyInput(name=name, role="申请人", phone=phone, id_number=id_number),
                              PartyInput(name=other, role="被申请人")])
    case = cases.register(actor, data)
    if accept:
        case_edit.accept(actor, case.id, on=dt.date(2026, 11, 3))
    return case.id


@pytest.fixture(scope="module")
def county_world(tmp_path_factory):
    root = tmp_path_factory.mktemp("county_work")
    w = World(root)
    w.add_center("county", "county", "520102")
    w.add_center("a", "township", A)
    w.add_center("b", "township", B)
    w.trust_each_other("a")
    w.trust_each_other("b")
    ids = {}
    with w.at("a") as actor:
        ids["wang_a"] = _register(actor, "王大明", id_number=SHARED_ID, accept=True)
        ids["zhao_a"] = _register(actor, "赵小红", phone=SHARED_PHONE, other="钱七")
        ids["sun_a1"] = _register(actor, "孙一", id_number="34052419800101001X", other="周八")
        ids["sun_a2"] = _register(actor, "孙一", id_number="34052419800101001X", other="吴九")
    with w.at("b") as actor:
        # the same ID number written in lower case and under another name: still one person
        ids["wang_b"] = _register(actor, "王大民", id_number=SHARED_ID.lower(), other="郑十")
        ids["zhao_b"] = _register(actor, "赵小红", phone=SHARED_PHONE, other="冯一")
        ids["qian_b"] = _register(actor, "钱二", phone="13900002222", other="陈二")
    as_a = dict(data=w.data("a"), user="admin", password=PASSWORD)
    _ok(run_cli("roster", "committee-add", "--name", "a镇人民调解委员会", **as_a))
    _ok(run_cli("roster", "mediator-add", "--name", "刘调解", "--sex", "女", "--duty", "主任",
                "--phone", "13700001234", "--committee", "a镇人民调解委员会", "--trained", **as_a))
    _ok(run_cli("roster", "mediator-add", "--name", "何调解", "--sex", "男", "--duty", "委员",
                "--committee", "a镇人民调解委员会", **as_a))
    w.ids = ids
    w.bundles = {}
    for town in ("a", "b"):
        out = root / "usb" / town
        w.bundles[town] = _ok(run_cli("bundle", "export", "--period", "2026-11", "--out", str(out),
                                      data=w.data(town), user="admin", password=PASSWORD)).stdout.strip()
        _ok(run_cli("bundle", "import", w.bundles[town], data=w.data("county"), user="admin", password=PASSWORD))
    return w


def _duplicates(w, *extra, user=None):
    res = _ok(run_cli("county", "duplicates", "--json", *extra, data=w.data("county"), user=user,
                      password=PASSWORD if user else None))
    return json.loads(res.stdout), res


def _town_cases(w, town: str) -> dict[str, dict]:
    listed = json.loads(_ok(run_cli("cases", "list", "--json", data=w.data(town))).stdout)
    return {c["id"]: c for c in listed}


def test_a_person_in_two_townships_is_listed_with_both(county_world):
    w = county_world
    people, res = _duplicates(w)
    by_name = {p["name"]: p for p in people}
    # 王大明 and 王大民 share an ID number; 赵小红 has the same name and phone in both
    assert set(by_name) == {"王大明／王大民", "赵小红"}, by_name.keys()
    a_cases, b_cases = _town_cases(w, "a"), _town_cases(w, "b")
    wang = by_name["王大明／王大民"]
    assert wang["reason"] == "身份证号相同"
    assert [t["code"] for t in wang["townships"]] == [A, B]
    assert {c["case_id"] for c in wang["cases"]} == {w.ids["wang_a"], w.ids["wang_b"]}
    for c in wang["cases"]:
        held = (a_cases if c["township_code"] == A else b_cases)[c["case_id"]]
        assert (c["case_no"] or None, c["status"], c["registered_on"]) == (held["case_no"], held["status"],
                                                                            held["registered_on"])
    assert any(c["case_no"] for c in wang["cases"])  # the accepted one has its number
    zhao = by_name["赵小红"]
    assert zhao["reason"] == "姓名和电话相同"
    assert {c["case_id"] for c in zhao["cases"]} == {w.ids["zhao_a"], w.ids["zhao_b"]}
    # masked: nothing in full leaves without --reveal
    assert SHARED_ID not in res.stdout and SHARED_PHONE not in res.stdout
    assert wang["id_number"] == "1101**********002X" and zhao["phone"] == "139****1111"
    text = _ok(run_cli("county", "duplicates", data=w.data("county")))
    assert "赵小红" in text.stdout and "2个乡镇" in text.stdout and SHARED_PHONE not in text.stdout


def test_reveal_needs_a_user_who_may_and_is_audited(county_world):
    w = county_world
    refused = run_cli("county", "duplicates", "--reveal", "--json", data=w.data("county"))
    assert refused.returncode == 1 and refused.stdout == "" and "--user" in refused.stderr
    people, res = _duplicates(w, "--reveal", user="admin")
    assert SHARED_ID in res.stdout and SHARED_PHONE in res.stdout
    log = json.loads(_ok(run_cli("audit", "list", "--json", data=w.data("county"), user="admin",
                                 password=PASSWORD)).stdout)
    assert any(e["action"] == "reveal" and e["object_type"] == "county_duplicates" for e in log)


def test_the_list_follows_later_bundles(county_world, tmp_path):
    """孙一 has two cases in township a only; once b registers him, b's next bundle puts him on the
    county's list (kept at import, not rebuilt)."""
    w = county_world
    assert "孙一" not in {p["name"] for p in _duplicates(w)[0]}
    with w.at("b") as actor:
        sun_b = _register(actor, "孙一", id_number="34052419800101001x", other="褚三")
    bundle = _ok(run_cli("bundle", "export", "--out", str(tmp_path), data=w.data("b"), user="admin",
                         password=PASSWORD)).stdout.strip()
    _ok(run_cli("bundle", "import", bundle, data=w.data("county"), user="admin", password=PASSWORD))
    [sun] = [p for p in _duplicates(w)[0] if p["name"] == "孙一"]
    assert {c["case_id"] for c in sun["cases"]} == {w.ids["sun_a1"], w.ids["sun_a2"], sun_b}
    assert [t["code"] for t in sun["townships"]] == [A, B]


def test_repeat_parties_within_one_township(county_world):
    from zhongxin_desktop.services.casework import repeat_parties

    w = county_world
    with w.at("a") as actor:
        people = repeat_parties.within_center(actor)
    assert [p["name"] for p in people] == ["孙一"]
    assert {c["case_id"] for c in people[0]["cases"]} >= {w.ids["sun_a1"], w.ids["sun_a2"]}
    assert people[0]["id_number"] == "3405**********001X"


def test_mediators_reach_the_county_roster_without_any_secret(county_world):
    w = county_world
    res = _ok(run_cli("county", "rosters", "--json", data=w.data("county")))
    rows = {t["code"]: t for t in json.loads(res.stdout)}
    a, b = rows[A], rows[B]
    assert (a["committee_count"], a["mediator_count"], b["committee_count"], b["mediator_count"]) == (1, 2, 0, 0)
    [committee] = a["committees"]
    assert committee["name"] == "a镇人民调解委员会" and sorted(committee["members"]) == ["何调解", "刘调解"]
    liu = next(m for m in a["mediators"] if m["name"] == "刘调解")
    assert (liu["sex"], liu["duty"], liu["trained"], liu["active"], liu["phone"]) == ("女", "主任", True, True,
                                                                                      "137****1234")
    assert "13700001234" not in res.stdout


def test_the_bundle_carries_no_password_hash_or_sign_in_data(county_world):
    from zhongxin_desktop.exchange import container, keys
    from zhongxin_desktop.services.countywork.exchange import _signer
    from zhongxin_desktop.store.models import User

    w = county_world
    with w.at("a"):
        secrets = [u.password_hash for u in User.select()]
    assert secrets and all(len(s) > 20 for s in secrets)
    with w.at("county"):
        pair = keys.load_or_create(w.data("county").keys)
        with container.open_bundle(Path(w.bundles["a"]), pair, _signer, "520102", tmp_parent=w.data("county").exports) as ob:
            names = list(ob.manifest["files"])
            raw = b"".join(ob.zip.read(n) for n in names) + json.dumps(ob.manifest).encode()
            mediators = ob.json("records/mediator.json")
    assert "records/mediator.json" in names and "records/mediation_committee.json" in names
    assert "records/user.json" not in names
    assert {m["name"] for m in mediators} == {"刘调解", "何调解"}
    for secret in secrets:
        assert secret.encode() not in raw
    for word in (b"password", b"scrypt", b"last_login", b"failed_attempts", b"locked_until", b"user_id"):
        assert word not in raw, word


def _monthly(w, center: str, out) -> dict[str, dict[str, object]]:
    """This month's report (the roster was entered today) read back from the xlsx."""
    _ok(run_cli("report", "monthly", "--month", dt.date.today().strftime("%Y-%m"), "--out", str(out), data=w.data(center), user="admin",
                password=PASSWORD))
    ws = openpyxl.load_workbook(out)["综合统计"]
    headers = {ws.cell(4, c).value: c for c in range(1, ws.max_column + 1)}
    assert ws.cell(3, headers["调委会数"]).value == "调解组织" or any(
        ws.cell(3, c).value == "调解组织" for c in range(1, headers["调委会数"] + 1))
    out_rows = {}
    for r in range(5, ws.max_row + 1):
        unit = ws.cell(r, 1).value
        if unit and not str(unit).startswith("填报人"):
            out_rows[unit] = {"调委会数": ws.cell(r, headers["调委会数"]).value,
                              "调解员数": ws.cell(r, headers["调解员数"]).value}
    return out_rows


def test_monthly_statistics_count_committees_and_mediators(county_world, tmp_path):
    w = county_world
    town = _monthly(w, "a", tmp_path / "a.xlsx")
    assert list(town.values()) == [{"调委会数": 1, "调解员数": 2}]
    county = _monthly(w, "county", tmp_path / "county.xlsx")
    assert county["a镇综治中心"] == {"调委会数": 1, "调解员数": 2}
    assert county["b镇综治中心"] == {"调委会数": 0, "调解员数": 0}
    assert county["合计"] == {"调委会数": 1, "调解员数": 2}
    month = dt.date.today().strftime("%Y-%m")
    text = _ok(run_cli("county", "stats", "--month", month, data=w.data("county"))).stdout.splitlines()
    header = text[0].split("\t")
    rows = {line.split("\t")[0]: line.split("\t") for line in text[1:]}
    at = header.index("调委会"), header.index("调解员")
    assert [rows[town][at[0]] + "/" + rows[town][at[1]] for town in ("a镇综治中心", "b镇综治中心", "全县")] == [
        "1/2", "0/0", "1/2"]
    # a month that ended before the roster was entered counts none
    assert list(_monthly_month(w, "a", tmp_path / "old.xlsx", "2020-01").values()) == [{"调委会数": 0, "调解员数": 0}]


def _monthly_month(w, center, out, month):
    _ok(run_cli("report", "monthly", "--month", month, "--out", str(out), data=w.data(center), user="admin",
                password=PASSWORD))
    ws = openpyxl.load_workbook(out)["综合统计"]
    headers = {ws.cell(4, c).value: c for c in range(1, ws.max_column + 1)}
    return {ws.cell(5, 1).value: {"调委会数": ws.cell(5, headers["调委会数"]).value,
                                  "调解员数": ws.cell(5, headers["调解员数"]).value}}


def test_a_missing_bundle_is_named_until_it_arrives(county_world, tmp_path):
    w = county_world
    as_a = dict(data=w.data("a"), user="admin", password=PASSWORD)
    as_county = dict(data=w.data("county"), user="admin", password=PASSWORD)
    lost = _ok(run_cli("bundle", "export", "--out", str(tmp_path / "lost"), **as_a)).stdout.strip()
    later = _ok(run_cli("bundle", "export", "--out", str(tmp_path / "later"), **as_a)).stdout.strip()
    arrived = _ok(run_cli("bundle", "import", later, "--json", **as_county))
    assert json.loads(arrived.stdout)["missing_bundles"] == [2]  # said at the import, too
    assert "第 2 号数据包未收到" in arrived.stderr
    status = json.loads(_ok(run_cli("county", "status", "--json", data=w.data("county"))).stdout)
    by_code = {r["code"]: r for r in status}
    # a's numbers so far: 1 (the first bundle), 2 (lost), 3 (later)
    assert by_code[A]["missing_bundles"] == [2] and by_code[B]["missing_bundles"] == []
    text = _ok(run_cli("county", "status", data=w.data("county")))
    assert "第 2 号数据包未收到" in text.stdout and "第 2 号数据包未收到" in text.stderr
    dry = _ok(run_cli("bundle", "import", lost, "--dry-run", "--json", **as_county))
    assert json.loads(dry.stdout)["missing_bundles"] == []  # once it is in, nothing is missing
    assert "未收到" not in dry.stderr
    assert json.loads(_ok(run_cli("county", "status", "--json", data=w.data("county"))).stdout)[0][
        "missing_bundles"] == [2]  # a dry run is no arrival
    _ok(run_cli("bundle", "import", lost, **as_county))
    status = json.loads(_ok(run_cli("county", "status", "--json", data=w.data("county"))).stdout)
    assert all(r["missing_bundles"] == [] for r in status)


def test_a_bundle_without_a_number_still_imports(tmp_path):
    """A bundle from a version that numbered nothing: imported, and no gap is made up from it."""
    from exchange_support import township_and_county

    w = township_and_county(tmp_path)
    with w.at("town") as actor:
        case_id = _register(actor, "王五", phone="13800005555")
    from exchange_support import synced_state

    with w.at("town"):
        rows = synced_state()
    old = tmp_path / "old.zxb"
    craft_bundle(w, "town", "county", old, records_by_table={t: list(r.values()) for t, r in rows.items()
                                                             if r and t not in ("mediator", "mediation_committee")},
                 manifest={}, without=("sequence",))
    res = run_cli("bundle", "import", str(old), "--json", data=w.data("county"), user="admin", password=PASSWORD)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["status"] == "SUCCESS"
    cases_held = json.loads(_ok(run_cli("county", "cases", "--json", data=w.data("county"))).stdout)
    assert [c["id"] for c in cases_held] == [case_id]
    status = json.loads(_ok(run_cli("county", "status", "--json", data=w.data("county"))).stdout)
    assert status[0]["missing_bundles"] == []


def test_roster_input_is_checked_and_only_a_township_keeps_one(county_world):
    w = county_world
    as_a = dict(data=w.data("a"), user="admin", password=PASSWORD)
    before = json.loads(_ok(run_cli("roster", "list", "--json", data=w.data("a"))).stdout)
    bad = run_cli("roster", "mediator-add", "--name", "周调解", "--phone", "12345", "--committee",
                  "a镇人民调解委员会", **as_a)
    assert bad.returncode == 1 and "联系电话" in bad.stderr and "Traceback" not in bad.stderr
    unknown = run_cli("roster", "mediator-add", "--name", "周调解", "--committee", "没有这个调委会", **as_a)
    assert unknown.returncode == 1 and "找不到调委会" in unknown.stderr
    twice = run_cli("roster", "committee-add", "--name", "a镇人民调解委员会", **as_a)
    assert twice.returncode == 1 and "已在名册中" in twice.stderr
    assert json.loads(_ok(run_cli("roster", "list", "--json", data=w.data("a"))).stdout) == before
    at_county = run_cli("roster", "committee-add", "--name", "某县人民调解委员会", data=w.data("county"),
                        user="admin", password=PASSWORD)
    assert at_county.returncode == 1 and "由各乡镇维护" in at_county.stderr
    clerk = run_cli("roster", "committee-add", "--name", "x", data=w.data("a"))
    assert clerk.returncode == 1 and "--user" in clerk.stderr


def test_duplicates_rosters_and_gaps_on_each_engine(tmp_path, county_url):
    """The same answers with the county's store on PostgreSQL (in-process, through the services)."""
    from exchange_support import township_and_county
    from zhongxin_desktop.services.countywork import county
    from zhongxin_desktop.services.settlement import rosters
    from zhongxin_desktop.services.casework import repeat_parties

    w = township_and_county(tmp_path, A, county_url)
    w.add_center("b", "township", B)
    w.trust_each_other("b")
    with w.at("town") as actor:
        first = _register(actor, "王大明", id_number=SHARED_ID)
        rosters.add_committee(actor, "a镇人民调解委员会")
        rosters.add_mediator(actor, name="刘调解", phone="13700001234", committee="a镇人民调解委员会")
    with w.at("b") as actor:
        second = _register(actor, "王大明", id_number=SHARED_ID)
    one = w.export("town")
    w.export("town")  # never carried
    three = w.export("town")
    w.import_("county", one + three + w.export("b"))
    with w.at("county") as actor:
        [person] = repeat_parties.across_townships(actor)
        assert {c["case_id"] for c in person["cases"]} == {first, second}
        by_code = {t["code"]: t for t in rosters.county_rosters(actor)}
        assert (by_code[A]["committee_count"], by_code[A]["mediator_count"]) == (1, 1)
        assert by_code[A]["mediators"][0]["phone"] == "137****1234"
        gaps = {r["code"]: r["missing_bundles"] for r in county.reporting_status(actor)}
        assert gaps == {A: [2], B: []}


def test_a_mediator_who_leaves_is_no_longer_counted_at_the_county(tmp_path):
    """``roster mediator-set`` by name: the change travels up as a new version of the row."""
    from exchange_support import township_and_county
    from zhongxin_desktop.services.settlement import rosters

    w = township_and_county(tmp_path, A)
    with w.at("town") as actor:
        rosters.add_committee(actor, "a镇人民调解委员会")
        for name in ("刘调解", "何调解", "何调解"):
            rosters.add_mediator(actor, name=name, committee="a镇人民调解委员会")
    w.import_("county", w.export("town"))
    as_town = dict(data=w.data("town"), user="admin", password=PASSWORD)
    twice = run_cli("roster", "mediator-set", "何调解", "--inactive", **as_town)
    assert twice.returncode == 1 and "2 名调解员" in twice.stderr and "Traceback" not in twice.stderr
    _ok(run_cli("roster", "mediator-set", "刘调解", "--inactive", **as_town))
    w.import_("county", w.export("town"))
    [town] = json.loads(_ok(run_cli("county", "rosters", "--json", data=w.data("county"))).stdout)
    assert (town["committee_count"], town["mediator_count"]) == (1, 2)
    assert {m["name"]: m["active"] for m in town["mediators"] if m["name"] == "刘调解"} == {"刘调解": False}
    assert sorted(town["committees"][0]["members"]) == ["何调解", "何调解"]
