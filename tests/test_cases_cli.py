"""`zhongxin cases list|show|add` in a real subprocess."""
import json
import re

from case_factory import ID_A, accept, party, register
from conftest import PASSWORD
from helpers import run_cli
from zhongxin_desktop.store.models import Case

GOOD = {"category": "邻里", "source": "来访", "facts": "因排水沟发生争执", "amount": "1200.5",
        "parties": [{"name": "张三", "id_number": ID_A, "phone": "13812345678"},
                    {"name": "李四", "role": "被申请人", "agent_name": "王律师", "agent_phone": "0851-86812345"}]}


def test_add_then_list_search_and_show(township, data_dir, tmp_path):
    f = tmp_path / "cases.json"
    f.write_text(json.dumps([GOOD, dict(GOOD, facts="噪音扰民", parties=[{"name": "欧阳娜娜"}])], ensure_ascii=False),
                 encoding="utf-8")
    r = run_cli("cases", "add", "--json", str(f), data=data_dir, user="admin", password=PASSWORD)
    assert r.returncode == 0, r.stderr
    made = json.loads(r.stdout)
    assert len(made) == 2 and "已登记 2 件" in r.stderr
    accept(township, Case.get_by_id(made[0]["id"]))
    for query, expected in (("zs", [made[0]["id"]]), ("张三", [made[0]["id"]]), ("5678", [made[0]["id"]]),
                            ("噪音", [made[1]["id"]]), ("oyn", [made[1]["id"]])):
        r = run_cli("cases", "list", "--search", query, "--json", data=data_dir)
        assert r.returncode == 0, r.stderr
        rows = json.loads(r.stdout)
        assert [row["id"] for row in rows] == expected, query
    rows = json.loads(run_cli("cases", "list", "--status", "受理", "--json", data=data_dir).stdout)
    assert [row["id"] for row in rows] == [made[0]["id"]]
    assert rows[0]["parties"][0]["phone"] == "138****5678"
    case_no = rows[0]["case_no"]
    r = run_cli("cases", "show", case_no, "--json", data=data_dir)
    assert r.returncode == 0, r.stderr
    shown = json.loads(r.stdout)
    assert shown["id"] == made[0]["id"] and [e["action"] for e in shown["events"]] == ["register", "accept"]
    assert shown["parties"][1]["agent_phone"].endswith("2345") and "*" in shown["parties"][1]["agent_phone"]
    r = run_cli("cases", "list", "--limit", "1", data=data_dir)
    assert r.returncode == 0 and len(r.stdout.strip().splitlines()) == 1


def test_one_bad_record_writes_nothing(township, data_dir, tmp_path):
    f = tmp_path / "cases.json"
    bad = dict(GOOD, parties=[{"name": "王五", "id_number": "110105194912310021"}])
    f.write_text(json.dumps([GOOD, GOOD, bad], ensure_ascii=False), encoding="utf-8")
    r = run_cli("cases", "add", "--json", str(f), data=data_dir, user="admin", password=PASSWORD)
    assert r.returncode == 1
    assert "第3条记录" in r.stderr and "身份证号" in r.stderr and "校验位" in r.stderr
    assert r.stdout == ""
    assert Case.select().count() == 0


def test_add_refuses_bad_files_and_needs_a_user(township, data_dir, tmp_path):
    f = tmp_path / "cases.json"
    f.write_text("{not json", encoding="utf-8")
    r = run_cli("cases", "add", "--json", str(f), data=data_dir, user="admin", password=PASSWORD)
    assert r.returncode == 1 and "JSON" in r.stderr
    f.write_text(json.dumps(GOOD, ensure_ascii=False), encoding="utf-8")
    r = run_cli("cases", "add", "--json", str(f), data=data_dir)
    assert r.returncode == 1 and "登录" in r.stderr
    r = run_cli("cases", "add", data=data_dir)
    assert r.returncode == 2
    r = run_cli("cases", "list", "--status", "nonsense", data=data_dir)
    assert r.returncode == 2
    r = run_cli("cases", "show", "（2026）无此调字第 9 号", data=data_dir)
    assert r.returncode == 1 and "找不到" in r.stderr
    assert Case.select().count() == 0


def test_reveal_is_for_permitted_users(township, data_dir):
    c = register(township, party("张三", phone="13812345678", id_number=ID_A), party("李四", "被申请人"))
    r = run_cli("cases", "show", c.id, "--json", "--reveal", data=data_dir, user="admin", password=PASSWORD)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["parties"][0]["id_number"] == ID_A


def test_reindex_needs_an_admin(township, data_dir, make_user):
    register(township)
    make_user("clerk", "dj")
    r = run_cli("cases", "reindex", data=data_dir, user="dj", password=PASSWORD)
    assert r.returncode == 1 and "无权" in r.stderr
    r = run_cli("cases", "reindex", data=data_dir, user="admin", password=PASSWORD)
    assert r.returncode == 0 and "1 件" in r.stderr
    r = run_cli("cases", "list", "--search", "zs", "--json", data=data_dir)
    assert len(json.loads(r.stdout)) == 1


def test_a_work_orders_deadline_given_on_the_command_line_is_kept_at_acceptance(township, data_dir, tmp_path):
    import datetime as dt

    due = dt.date.today() + dt.timedelta(days=3)
    order = dict(GOOD, source="12345热线", external_ref="GD-2026-0001", due_on=due.isoformat())
    f = tmp_path / "order.json"
    f.write_text(json.dumps(order, ensure_ascii=False), encoding="utf-8")
    r = run_cli("cases", "add", "--json", str(f), data=data_dir, user="admin", password=PASSWORD)
    assert r.returncode == 0, r.stderr
    [made] = json.loads(r.stdout)
    accept(township, Case.get_by_id(made["id"]))
    assert Case.get_by_id(made["id"]).due_on == due
    f.write_text(json.dumps(dict(order, due_on="明天"), ensure_ascii=False), encoding="utf-8")
    r = run_cli("cases", "add", "--json", str(f), data=data_dir, user="admin", password=PASSWORD)
    assert r.returncode == 1 and "办结期限" in r.stderr


UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def test_show_and_the_audit_list_read_as_chinese_without_ids_or_codes(township, data_dir):
    """The text a person reads: every field under its Chinese name, people and cases by name and
    number; ids, status codes and field names stay in --json."""
    from zhongxin_desktop.domain import labels
    from zhongxin_desktop.services.casework import case_query

    c = register(township)
    accept(township, c)
    detail = case_query.detail(township, c.id)
    # the text view knows every field the case has: shown under a label, or deliberately kept for --json
    assert set(detail) <= set(labels.CASE_FIELDS) | labels.CASE_FIELDS_FOR_MACHINES, \
        set(detail) - set(labels.CASE_FIELDS) - labels.CASE_FIELDS_FOR_MACHINES
    case_no = Case.get_by_id(c.id).case_no
    r = run_cli("cases", "show", case_no, data=data_dir)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert f"案件编号：{case_no}" in lines and "状态：受理" in lines
    assert any(line.startswith("受理日期：") and "年" in line for line in lines)
    assert [line for line in lines if line.startswith("经过：")][-1].endswith(" 受理")
    assert not UUID.search(r.stdout) and not re.search(r"^[a-z_]+:", r.stdout, re.M)
    for code in ("accepted", "registered", "allowed_actions", "True", "False"):
        assert code not in r.stdout, code

    r = run_cli("audit", "list", "--limit", "20", data=data_dir, user="admin", password=PASSWORD)
    assert r.returncode == 0, r.stderr
    assert f"案件 {case_no}" in r.stdout and not UUID.search(r.stdout)
    assert "case_view" not in r.stdout and "查看案件" in r.stdout
