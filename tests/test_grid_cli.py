import json

import pytest
from helpers import run_cli
from test_grid_import import messy_workbook

CLERK = {"user": "dengji", "password": "Demo2026!"}


@pytest.fixture
def demo_dir(data_dir):
    r = run_cli("demo", "--cases", "20", "--seed", "5", data=data_dir)
    assert r.returncode == 0, r.stderr
    return data_dir


def test_help_is_bilingual(data_dir):
    r = run_cli("grid", "event", "escalate", "--help", data=data_dir)
    assert r.returncode == 0 and "上报中心" in r.stdout and "escalate" in r.stdout
    r = run_cli("grid", "import", "--help", data=data_dir)
    assert "只检查不写入" in r.stdout and "write nothing" in r.stdout


def test_list_is_masked_and_events_flow(demo_dir):
    r = run_cli("grid", "list", "--json", data=demo_dir)
    assert r.returncode == 0, r.stderr
    tree = json.loads(r.stdout)
    grid = tree[0]["grids"][0]
    assert "****" in grid["leader_phone"] and grid["members"] and grid["units"]

    r = run_cli("grid", "event", "add", "--grid", grid["code"], "--reporter", "吴小芳", "--type", "矛盾纠纷",
                "--description", "两户因排水沟争吵", "--risk", "橙", "--date", "2026年1月5日", data=demo_dir, **CLERK)
    assert r.returncode == 0, r.stderr
    small = r.stdout.strip()
    r = run_cli("grid", "event", "handle", small[:8], "--result", "现场调处，双方和解", data=demo_dir, **CLERK)
    assert r.returncode == 0, r.stderr
    r = run_cli("grid", "event", "handle", small, "--result", "再办一次", data=demo_dir, **CLERK)
    assert r.returncode == 1 and "已办结" in r.stderr

    r = run_cli("grid", "event", "add", "--grid", grid["name"], "--reporter", "陈联户", "--role", "联户长",
                "--type", "矛盾纠纷", "--description", "宅基地界址争议，双方情绪激动", "--risk", "红", "--json",
                data=demo_dir, **CLERK)
    big = json.loads(r.stdout)["id"]
    r = run_cli("grid", "event", "escalate", big, "--party", "申请人=赵甲:13812345678", "--party", "被申请人=钱乙",
                "--category", "房屋宅基地", "--json", data=demo_dir, **CLERK)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["source"] == "联户长报告" and out["event_id"] == big
    r = run_cli("cases", "show", out["case_id"], "--json", data=demo_dir)
    case = json.loads(r.stdout)
    assert case["grid"] == grid["id"] and case["category"] == "房屋宅基地"
    assert [p["name"] for p in case["parties"]] == ["赵甲", "钱乙"]

    r = run_cli("grid", "event", "list", "--status", "escalated", "--grid", grid["code"], "--json", data=demo_dir)
    listed = json.loads(r.stdout)
    assert big in [e["id"] for e in listed] and small not in [e["id"] for e in listed]
    assert {(e["status"], e["grid_id"]) for e in listed} == {("escalated", grid["id"])}


def test_refusals_and_usage_errors(demo_dir):
    r = run_cli("grid", "event", "add", "--grid", "没有这个网格", "--reporter", "甲", "--type", "矛盾纠纷",
                "--description", "x", data=demo_dir, **CLERK)
    assert r.returncode == 1 and "找不到网格" in r.stderr
    r = run_cli("grid", "list", "--json", data=demo_dir)
    code = json.loads(r.stdout)[0]["grids"][0]["code"]
    r = run_cli("grid", "event", "add", "--grid", code, "--reporter", "甲", "--type", "外星人",
                "--description", "x", data=demo_dir, **CLERK)
    assert r.returncode == 1 and "事件类型" in r.stderr
    r = run_cli("grid", "event", "add", "--grid", code, "--reporter", "甲", "--type", "矛盾纠纷",
                "--description", "x", data=demo_dir)  # no user: recording needs one
    assert r.returncode == 1 and "--user" in r.stderr
    assert run_cli("grid", "figures", "--month", "2026-13", data=demo_dir).returncode == 2
    assert run_cli("grid", "event", "add", "--grid", code, "--date", "昨天", "--reporter", "甲", "--type", "矛盾纠纷",
                   "--description", "x", data=demo_dir, **CLERK).returncode == 2


def test_visit_and_figures(demo_dir):
    code = json.loads(run_cli("grid", "list", "--json", data=demo_dir).stdout)[0]["grids"][0]["code"]
    before = json.loads(run_cli("grid", "figures", "--month", "2026-01", "--json", data=demo_dir).stdout)
    r = run_cli("grid", "visit", "add", "--grid", code, "--worker", "吴小芳", "--date", "2026-01-07", "--kind",
                "focused", "--households", "3", data=demo_dir, **CLERK)
    assert r.returncode == 0, r.stderr
    r = run_cli("grid", "figures", "--month", "2026-01", "--json", data=demo_dir)
    after = json.loads(r.stdout)
    assert after["township"]["focused_visits"] == before["township"]["focused_visits"] + 1
    row = next(g for g in after["grids"] if g["code"] == code)
    assert row["focused_visits"] >= 1 and after["first"] == "2026-01-01" and after["next"] == "2026-02-01"
    r = run_cli("grid", "figures", "--month", "2026-01", data=demo_dir)
    assert r.returncode == 0 and "全镇合计" in r.stdout


def test_import_dry_run_then_real_then_again(demo_dir, tmp_path):
    path = messy_workbook(tmp_path / "网格导出.xlsx")
    r = run_cli("grid", "import", str(path), "--dry-run", "--json", data=demo_dir, **CLERK)
    assert r.returncode == 0, r.stderr
    dry = json.loads(r.stdout)
    assert dry["dry_run"] and dry["counts"]["imported"] == 7
    r = run_cli("grid", "import", str(path), "--json", data=demo_dir, **CLERK)
    real = json.loads(r.stdout)
    assert real["counts"] == dry["counts"]
    r = run_cli("grid", "import", str(path), data=demo_dir, **CLERK)
    assert r.returncode == 0 and "导入 0 行" in r.stderr and "重复" in r.stdout
    assert real["problems"] == 6
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["网格编码", "上报日期", "事件描述", "上报人"])
    wb.active.append(["没有的网格", "2025-03-05", "x", "甲"])
    wb.save(tmp_path / "bad.xlsx")
    r = run_cli("grid", "import", str(tmp_path / "bad.xlsx"), data=demo_dir, **CLERK)
    assert r.returncode == 1 and "没有的网格" in r.stdout and "没有一行可以导入" in r.stderr
    r = run_cli("grid", "import", str(tmp_path / "missing.xlsx"), data=demo_dir, **CLERK)
    assert r.returncode == 1 and "文件不存在" in r.stderr
