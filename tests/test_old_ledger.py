"""A township ledger the importer has never seen, made with openpyxl here, read through the real
importer and the real `zhongxin cases import-ledger` subprocess: a sheet whose facts stand under an
unknown header, spoken outcome words, rows without an applicant, amounts as clerks write them,
full-width punctuation, columns no field takes — every row accounted for, nothing dropped."""
import datetime as dt
import json
from decimal import Decimal

import openpyxl
import pytest
from helpers import run_cli
from ledger_fixtures import FACTS_B, TOWNSHIP_A as A, TOWNSHIP_B as B, build_township_ledger

from zhongxin_desktop.domain.errors import DomainError
from zhongxin_desktop.services.figures import ledger_import
from zhongxin_desktop.store.models import Case, CaseEvent, CaseParty, Party

def _rows(result):
    return {(r.sheet, r.row): r for r in result.rows}


def test_unknown_facts_header_is_guessed_and_every_column_accounted_for(demo_db, tmp_path):
    result = ledger_import.import_file(demo_db, build_township_ledger(tmp_path / "石桥镇.xlsx"), dry_run=True)
    sheets = {s.name: s for s in result.sheets}
    assert sheets[B].header.mapping[4] == "facts"  # 纠纷原委: the longest free text
    assert "“纠纷原委”列的表头未能识别，按内容判断为纠纷简要情况，请核对" in sheets[B].notes()
    assert sheets[B].unmapped_labels() == ["回访情况"]
    assert sheets[A].unmapped_labels() == ["经办村干部"]
    assert sheets[A].header.mapping[4] == "facts"  # 矛盾纠纷简要情况: a known header
    rows = _rows(result)
    for i, facts in enumerate(FACTS_B):
        r = rows[(B, i + 2)]
        if r.record:
            assert r.record.facts == facts  # full-width ，。：“” kept as written
            assert "纠纷情况为空" not in r.warnings
    lines = "\n".join(result.account_lines())
    assert f"{B}\t表头\t说明\t未对应的列（文字存入各案备注）：回访情况" in lines


def test_spoken_outcomes_amounts_and_missing_applicants(demo_db, tmp_path):
    path = build_township_ledger(tmp_path / "石桥镇.xlsx")
    before = Case.select().count()
    result = ledger_import.import_file(demo_db, path)
    rows = _rows(result)
    # rows without an applicant are reported with sheet and row, not imported silently
    missing = sorted(k for k, r in rows.items() if r.verdict == "error")
    assert missing == [(A, 6), (B, 4), (B, 8)]
    for key in missing:
        assert rows[key].reason.startswith("缺少申请人（当事人）姓名")
    assert f"{B}\t第4行\t未导入\t缺少申请人" in "\n".join(result.account_lines())
    assert "3 行缺少申请人，待决定" in result.summary()
    cases = {k: Case.get_by_id(v) for k, v in result.case_ids.items()}
    assert Case.select().count() == before + len(cases) == before + 9
    status = {k: c.status for k, c in cases.items()}
    assert status == {
        (A, 3): "concluded", (A, 4): "concluded", (A, 5): "rejected",
        (B, 2): "terminated", (B, 3): "terminated", (B, 5): "terminated", (B, 6): "concluded",
        (B, 7): "concluded", (B, 9): "concluded",
    }
    assert not any(s in ("mediating", "accepted", "registered") for s in status.values())  # no open work
    assert cases[(B, 6)].outcome == "撤回申请" and cases[(B, 7)].outcome == "已转派出所"
    assert cases[(B, 9)].outcome == "结果不详（已结）"
    assert "调解结果为空" in "".join(rows[(B, 9)].warnings)
    amounts = {k: c.amount for k, c in cases.items() if k[0] == B}
    assert amounts == {(B, 2): Decimal("12000"), (B, 3): Decimal("5000"), (B, 5): Decimal("3000.50"),
                       (B, 6): Decimal("3000"), (B, 7): Decimal("36000"), (B, 9): Decimal("0")}
    assert cases[(B, 2)].facts == FACTS_B[0]
    remark = CaseEvent.get(CaseEvent.case == cases[(B, 2)], CaseEvent.action == "import").remark
    assert "回访情况：电话回访，满意" in remark
    remark = CaseEvent.get(CaseEvent.case == cases[(A, 3)], CaseEvent.action == "import").remark
    assert "经办村干部：村主任老杨" in remark


def test_the_clerk_decides_about_missing_applicants(demo_db, tmp_path):
    path = build_township_ledger(tmp_path / "石桥镇.xlsx")
    skipped = ledger_import.import_file(demo_db, path, dry_run=True, missing_applicant="skip")
    assert {(r.sheet, r.row) for r in skipped.rows if r.verdict == "skipped" and "缺少申请人" in r.reason} == {
        (A, 6), (B, 4), (B, 8)}
    result = ledger_import.import_file(demo_db, path, missing_applicant="placeholder")
    rows = _rows(result)
    assert rows[(B, 4)].verdict == "imported"
    case = Case.get_by_id(result.case_ids[(B, 4)])
    parties = {link.role: link.party.name for link in CaseParty.select(CaseParty, Party).join(Party)
               .where(CaseParty.case == case)}
    assert parties == {"申请人": "待核实", "被申请人": "钱多多"}
    assert any("以“待核实”占位导入" in w for w in rows[(B, 4)].warnings)
    unknown_row = Case.get_by_id(result.case_ids[(B, 8)])  # no party at all, 已处理
    assert unknown_row.status == "concluded" and unknown_row.outcome == "已处理"
    remark = CaseEvent.get(CaseEvent.case == unknown_row, CaseEvent.action == "import").remark
    assert "涉及金额原文：三千多" in remark and "涉及金额“三千多”无法识别" in remark


def test_recent_row_without_outcome_stays_open_work(demo_db, tmp_path):
    path = tmp_path / "本月.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    today = dt.date.today()
    ws.append(["登记日期", "申请人", "纠纷情况", "调解结果"])
    ws.append([today - dt.timedelta(days=3), "张三", "噪音扰民，夜间施工", None])
    ws.append([today - dt.timedelta(days=200), "李四", "噪音扰民，夜间施工", None])
    wb.save(path)
    result = ledger_import.import_file(demo_db, path)
    statuses = [Case.get_by_id(result.case_ids[("Sheet", n)]).status for n in (2, 3)]
    assert statuses == ["mediating", "concluded"]


def test_cli_account_mapping_and_decisions(demo_db, data_dir, tmp_path):
    path = build_township_ledger(tmp_path / "石桥镇.xlsx")
    login = dict(data=data_dir, user="dengji", password="Demo2026!")
    r = run_cli("cases", "import-ledger", str(path), "--dry-run", "--json", **login)
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    by_name = {s["name"]: s for s in doc["sheets"]}
    assert by_name[B]["unmapped"] == ["回访情况"] and by_name[B]["header"]["guessed"] == {"纠纷原委": "纠纷简要情况"}
    assert doc["counts"]["error"] == 3 and doc["counts"]["ok"] == 9

    r = run_cli("cases", "import-ledger", str(path), "--dry-run", "--json", "--map", "纠纷原委=facts",
                "--map", "回访情况=纠纷简要情况", **login)
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    by_name = {s["name"]: s for s in doc["sheets"]}
    assert by_name[B]["columns"]["回访情况"] == "纠纷简要情况" and "纠纷原委" in by_name[B]["unmapped"]
    assert doc["mapped"][0] == "“纠纷原委”列按纠纷简要情况导入（2025年上半年）"

    r = run_cli("cases", "import-ledger", str(path), "--dry-run", "--map", "案由=facts", **login)
    assert r.returncode == 1 and "没有哪个工作表的表头是“案由”" in r.stderr and "纠纷原委" in r.stderr
    r = run_cli("cases", "import-ledger", str(path), "--dry-run", "--map", "纠纷原委=天气", **login)
    assert r.returncode == 1 and "不认识的项目" in r.stderr
    r = run_cli("cases", "import-ledger", str(path), "--map", "纠纷原委", **login)
    assert r.returncode == 1 and "表头文字=项目" in r.stderr
    assert not list(data_dir.backups.glob("*pre-import*"))  # refused before the backup

    before = Case.select().count()
    r = run_cli("cases", "import-ledger", str(path), "--missing-applicant", "placeholder", **login)
    assert r.returncode == 0, r.stderr
    assert "已导入 12 件" in r.stderr and list(data_dir.backups.glob("*pre-import*"))
    assert f"{B}\t第4行\t已导入\t" in r.stdout
    assert Case.select().count() == before + 12


def _header_only(path):
    wb = openpyxl.Workbook()
    wb.active.append(["序号", "登记日期", "申请人", "被申请人", "纠纷情况", "调解结果"])
    wb.save(path)
    return path


def _empty(path):
    openpyxl.Workbook().save(path)
    return path


def _password_protected(path):
    import io

    import msoffcrypto  # a dev dependency (pyproject.toml): it writes what Excel writes for a password

    plain = io.BytesIO()
    build_township_ledger(plain)
    plain.seek(0)
    from msoffcrypto.format.ooxml import OOXMLFile

    with open(path, "wb") as out:
        OOXMLFile(plain).encrypt("mima123", out)
    assert msoffcrypto.olefile.isOleFile(str(path))
    return path


def _garbage(path):
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 200)  # a zip header, then nothing: a cut-off download
    return path


def _zero_bytes(path):
    path.write_bytes(b"")
    return path


def _old_xls(path):
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + "Workbook".encode("utf-16-le") + b"\x00" * 500)
    return path


@pytest.mark.parametrize("make, words", [
    (_empty, "是空的"), (_header_only, "只有表头"), (_password_protected, "设置了打开密码"),
    (_garbage, "不是有效的 Excel"), (_zero_bytes, "0 字节"), (_old_xls, "旧版 Excel（.xls）"),
])
def test_unusable_files_are_refused_before_the_backup(make, words, demo_db, data_dir, tmp_path):
    path = make(tmp_path / "台账.xlsx")
    with pytest.raises(DomainError, match=words.replace("(", r"\(").replace(")", r"\)")):
        ledger_import.analyse(path)
    before = Case.select().count()
    r = run_cli("cases", "import-ledger", str(path), data=data_dir, user="dengji", password="Demo2026!")
    assert r.returncode == 1 and words in r.stderr, r.stderr
    assert "Traceback" not in r.stderr
    assert not list(data_dir.backups.glob("*pre-import*"))
    assert Case.select().count() == before


def test_ledger_cells_go_through_the_same_text_rules(demo_db, tmp_path):
    # An xlsx cannot hold NUL or ESC (XML 1.0 forbids them), but it holds line breaks and any length.
    path = tmp_path / "长文字.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["登记日期", "申请人", "被申请人", "纠纷情况", "调解结果", "申请人住址"])
    ws.append(["2025-03-05", "张三\n李四", "王五", "夜间施工\n噪音扰民", "调解成功", "石桥村\n3组"])
    ws.append(["2025-03-07", "钱七", "孙八", "噪" * 20_001, "调解成功", ""])
    ws.append(["2025-03-08", "周" * 101, "孙八", "噪音", "调解成功", ""])
    wb.save(path)
    rows = _rows(ledger_import.import_file(demo_db, path, dry_run=True))
    ok = rows[("Sheet", 2)]
    assert ok.verdict == "ok" and [p.name for p in ok.record.parties] == ["张三", "李四", "王五"]
    assert ok.record.facts == "夜间施工\n噪音扰民"
    assert rows[("Sheet", 3)].verdict == "error" and rows[("Sheet", 3)].reason == \
        "纠纷简要情况：太长：20001个字，最多20000个，请精简"
    assert rows[("Sheet", 4)].verdict == "error" and "姓名/名称：太长：101个字" in rows[("Sheet", 4)].reason
