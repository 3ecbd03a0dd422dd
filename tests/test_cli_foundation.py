import json

from helpers import run_cli


def test_help_is_bilingual(data_dir):
    r = run_cli("--help", data=data_dir)
    assert r.returncode == 0
    assert "数据目录" in r.stdout and "data folder" in r.stdout
    r = run_cli("cases", "list", "--help", data=data_dir)
    assert r.returncode == 0 and "搜索" in r.stdout


def test_usage_error_exits_2(data_dir):
    assert run_cli("cases", "list", "--limit", "many", data=data_dir).returncode == 2
    assert run_cli("no-such-command", data=data_dir).returncode == 2


def test_database_use_without_an_address_is_wrong_usage(data_dir, monkeypatch):
    monkeypatch.delenv("ZHONGXIN_DATABASE_URL", raising=False)
    r = run_cli("database", "use", "", data=data_dir)
    assert r.returncode == 2, r.stderr
    assert "数据库服务器地址" in r.stderr and "Traceback" not in r.stderr


def test_init_then_refuse_second_init(data_dir):
    r = run_cli("init", "--township-code", "520102001", "--name", "青山镇综治中心", "--committee", "青山",
                "--admin", "boss", data=data_dir, password="Boss2026x")
    assert r.returncode == 0, r.stderr
    r = run_cli("init", "--township-code", "520102001", "--name", "又一个", "--committee", "又",
                "--admin", "boss", data=data_dir, password="Boss2026x")
    assert r.returncode == 1 and "已经初始化" in r.stderr


def test_init_names_the_bad_field(data_dir):
    r = run_cli("init", "--township-code", "12", "--name", "镇", "--committee", "镇", "--admin", "a",
                data=data_dir, password="Boss2026x")
    assert r.returncode == 1 and "乡镇代码" in r.stderr
    # nothing half-written: the refused init left no center behind, so a corrected one succeeds
    r = run_cli("init", "--township-code", "520102001", "--name", "青山镇综治中心", "--committee", "青山",
                "--admin", "boss", data=data_dir, password="Boss2026x")
    assert r.returncode == 0, r.stderr


def test_demo_then_list_json_masked(data_dir):
    r = run_cli("demo", "--cases", "40", "--seed", "3", data=data_dir)
    assert r.returncode == 0, r.stderr
    assert "admin" in r.stdout and "密码" in r.stdout
    r = run_cli("cases", "list", "--json", "--limit", "10", data=data_dir)
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert len(rows) == 10
    for row in rows:
        for p in row["parties"]:
            assert "*" in p["id_number"] and "****" in p["phone"]


def test_reveal_needs_a_permitted_user(data_dir):
    run_cli("demo", "--cases", "5", data=data_dir)
    r = run_cli("cases", "list", "--json", "--reveal", data=data_dir, user="dengji", password="Demo2026!")
    assert r.returncode == 1 and "无权" in r.stderr
    r = run_cli("cases", "list", "--json", "--reveal", data=data_dir, user="zhuren", password="Demo2026!")
    assert r.returncode == 0
    rows = json.loads(r.stdout)
    ids = [p["id_number"] for row in rows for p in row["parties"] if p["id_number"]]
    phones = [p["phone"] for row in rows for p in row["parties"] if p["phone"]]
    assert ids and phones  # something to reveal (an empty list would pass the checks below)
    assert all("*" not in v for v in ids) and all("*" not in v for v in phones)


def test_wrong_password_is_refused(data_dir):
    run_cli("demo", "--cases", "1", data=data_dir)
    r = run_cli("cases", "list", "--reveal", data=data_dir, user="admin", password="wrong")
    assert r.returncode == 1 and "密码不正确" in r.stderr
