"""Importing messy old ledgers: the complete row-by-row account, flagged ID numbers kept as written,
statuses from outcomes, one transaction, no duplicates on re-import, dry-run writes nothing."""
import datetime as dt
import json

import pytest
from helpers import run_cli
from ledger_fixtures import EXPECTED, SHEET1, SHEET2, VALID_ID, VALID_ID_2, build_messy_ledger

from zhongxin_desktop.domain import ledger_values as lv
from zhongxin_desktop.domain.errors import DomainError, PermissionDenied
from zhongxin_desktop.domain.ledger_layout import detect_header, header_at, match_field
from zhongxin_desktop.domain.roles import Role
from zhongxin_desktop.services.figures import ledger_import, statistics
from zhongxin_desktop.store.models import AuditEvent, Case, CaseEvent, CaseParty, Party


def test_values_read_as_townships_type_them():
    assert lv.parse_date("2025.3.5") == (dt.date(2025, 3, 5), "")
    assert lv.parse_date("2025/3/5")[0] == lv.parse_date("2025年3月5日")[0] == dt.date(2025, 3, 5)
    assert lv.parse_date("２０２５年３月５日")[0] == dt.date(2025, 3, 5)
    assert lv.parse_date(45721)[0] == dt.date(2025, 3, 5)
    assert lv.parse_date("3月5日", 2024)[0] == dt.date(2024, 3, 5)
    assert lv.parse_date("2025.3.5.")[0] == lv.parse_date("2025-3-5 10:30")[0] == dt.date(2025, 3, 5)
    assert lv.parse_date("20250305")[0] == dt.date(2025, 3, 5)
    assert lv.parse_date("3月5日")[0] is None and "年份" in lv.parse_date("3月5日")[1]
    assert lv.parse_id(VALID_ID.lower()) == (VALID_ID, "")
    number, flag = lv.parse_id(3.40524198001010e17)
    assert number == "340524198001010000" and "数字" in flag
    assert lv.parse_id("3.40524E+17") == ("3.40524E+17", lv.parse_id("3.40524E+17")[1])
    assert lv.parse_id("340524198001010011")[0] == "340524198001010011"  # bad check digit: kept as written
    assert lv.map_category("家庭矛盾", ["婚姻家庭", "其他"]) == ("婚姻家庭", "")
    assert lv.map_outcome("调解不成，引导诉讼")[0] == "terminated"
    assert lv.map_outcome("达成协议已履行")[0] == "performed"
    assert match_field("申请人身份证号") == "applicant_id" and match_field("对方当事人") == "respondent_name"
    assert match_field("纠纷类型") == "category" and match_field("案件类别") == "category"
    assert match_field("办结日期") == "closed_on" and match_field("登记日期") == "registered_on"


def test_header_detection_two_rows_merged(tmp_path):
    from zhongxin_desktop.services.figures._ledger_reader import read_workbook

    sheets = read_workbook(build_messy_ledger(tmp_path / "l.xlsx"))
    header = detect_header(sheets[0].rows)
    assert (header.first_row, header.last_row) == (3, 4)
    fields = set(header.mapping.values())
    assert {"applicant_name", "applicant_id", "applicant_phone", "respondent_name", "respondent_id",
            "registered_on", "category", "facts", "outcome", "amount", "mediator"} <= fields
    detected = detect_header(sheets[1].rows)
    assert detected.first_row == 2
    assert detect_header(sheets[2].rows) is None
    # The clerk may point at the header rows by hand; the mapping is guessed again from them.
    assert header_at(sheets[1].rows, 2, 2).mapping == detected.mapping
    assert header_at(sheets[0].rows, 3, 4).mapping == header.mapping
    with pytest.raises(ValueError):
        header_at(sheets[0].rows, 3, 6)


def test_messy_ledger_complete_account_and_import(demo_db, tmp_path):
    path = build_messy_ledger(tmp_path / "旧台账.xlsx")
    before = Case.select().count()
    result = ledger_import.import_file(demo_db, path)
    got = {(r.sheet, r.row): r for r in result.rows}
    assert set(got) == set(EXPECTED)  # every row below a header, and every line of a headerless sheet
    for key, (verdict, words) in EXPECTED.items():
        r = got[key]
        assert r.verdict == ("imported" if verdict == "ok" else verdict), (key, r.verdict, r.reason)
        text = r.reason + "；".join(r.warnings)
        for w in words:
            assert w in text, (key, w, text)
    imported = [r for r in result.rows if r.verdict == "imported"]
    assert Case.select().count() == before + len(imported) == before + 9
    by_row = {k: Case.get_by_id(result.case_ids[k]) for k in result.case_ids}
    first = by_row[(SHEET1, 5)]
    assert (first.registered_on, first.status, first.category, first.amount) == (
        dt.date(2025, 3, 5), "archived", "邻里", 1200)
    assert first.mediator.display_name == "李秀英"
    people = {p.name: p for p in Party.select().join(CaseParty).where(CaseParty.case.in_(list(result.case_ids.values())))}
    assert people["李四"].id_number == VALID_ID_2 and people["李四"].id_flag == ""  # lower-case x normalised
    assert people["王五"].id_number == "520102199001011000" and "数字" in people["王五"].id_flag
    assert people["赵六"].id_number == "5.20102E+17" and people["赵六"].id_flag  # kept exactly as written
    assert people["吴十"].id_number == "110105194912310021" and "校验位" in people["吴十"].id_flag
    assert people["孙八"].id_number == VALID_ID  # full-width digits folded
    assert (people["孙八"].sex, people["孙八"].birth_date) == ("女", dt.date(1949, 12, 31))  # from the number
    assert people["王五"].birth_date is None  # a doubtful number tells nothing
    assert people["王五"].phone == "13987654321"
    assert {r.role for r in CaseParty.select().where(CaseParty.case == by_row[(SHEET2, 3)])} == {"申请人", "被申请人"}
    statuses = {k: c.status for k, c in by_row.items()}
    assert statuses[(SHEET1, 6)] == "archived" and statuses[(SHEET1, 7)] == "terminated"
    # an old row with no outcome is history, closed as 结果不详 — never open (overdue) work
    assert statuses[(SHEET1, 8)] == "concluded" and statuses[(SHEET1, 11)] == "concluded"
    assert statuses[(SHEET2, 4)] == "rejected" and by_row[(SHEET2, 4)].accepted_on is None
    assert by_row[(SHEET1, 11)].registered_on == dt.date(2025, 5, 20)  # year from the title
    assert by_row[(SHEET2, 3)].registered_on == dt.date(2024, 7, 3)
    assert "青山调字第1号" in by_row[(SHEET2, 3)].source_detail
    note = CaseEvent.get(CaseEvent.case == by_row[(SHEET2, 4)], CaseEvent.action == "import").remark
    assert "第4行" in note and "备注：已引导至卫健部门" in note
    # Imported history feeds the statistics of its months.
    march = statistics.monthly_statistics("2025-03")
    assert (march.accepted, march.succeeded, march.performed) == (2, 2, 1)
    assert CaseEvent.select().where(CaseEvent.case == first, CaseEvent.to_status == "succeeded").count() == 1
    entry = AuditEvent.select().order_by(AuditEvent.seq.desc()).first()
    assert entry.action == "ledger_import" and json.loads(entry.detail)["imported"] == 9

    again = ledger_import.import_file(demo_db, path)
    assert Case.select().count() == before + 9
    assert again.count("imported") == 0 and again.count("duplicate") == 10
    assert all("已导入过" in r.reason for r in again.rows if r.verdict == "duplicate" and r.row != 17)


def test_dry_run_writes_nothing(demo_db, tmp_path):
    path = build_messy_ledger(tmp_path / "l.xlsx")
    cases, audits = Case.select().count(), AuditEvent.select().count()
    result = ledger_import.import_file(demo_db, path, dry_run=True)
    assert result.count("ok") == 9 and result.dry_run
    assert (Case.select().count(), AuditEvent.select().count()) == (cases, audits)


def test_import_is_one_transaction(demo_db, tmp_path, monkeypatch):
    path = build_messy_ledger(tmp_path / "l.xlsx")
    cases, parties = Case.select().count(), Party.select().count()
    original = ledger_import.audit.record

    failed = []

    def broken(username, action, *a, **k):  # only the import's own entry, written after its rows
        if action == "ledger_import":
            failed.append(action)
            raise RuntimeError("disk full")
        return original(username, action, *a, **k)

    monkeypatch.setattr(ledger_import.audit, "record", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        ledger_import.import_file(demo_db, path)
    monkeypatch.setattr(ledger_import.audit, "record", original)
    assert failed == ["ledger_import"]  # it failed at the end of the writes, not before them
    assert (Case.select().count(), Party.select().count()) == (cases, parties)
    assert ledger_import.import_file(demo_db, path).count("imported") > 0  # the rows were importable


def test_import_needs_permission_and_a_real_file(demo_db, tmp_path):
    from zhongxin_desktop.services import users

    mediator = users.sign_in("tiaojie1", "Demo2026!")
    assert Role(mediator.role) == Role.MEDIATOR
    with pytest.raises(PermissionDenied):
        ledger_import.import_file(mediator, build_messy_ledger(tmp_path / "l.xlsx"))
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not excel")
    with pytest.raises(DomainError, match="xlsx"):
        ledger_import.import_file(demo_db, bad)


def test_import_ledger_command(demo_db, data_dir, tmp_path):
    path = build_messy_ledger(tmp_path / "l.xlsx")
    r = run_cli("cases", "import-ledger", str(path), "--dry-run", "--json", data=data_dir, user="dengji",
                password="Demo2026!")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["dry_run"] and doc["counts"]["ok"] == 9 and len(doc["rows"]) == len(EXPECTED)
    assert "试运行" in r.stderr
    assert not list(data_dir.backups.glob("*pre-import*")), "a dry run changes nothing and needs no backup"
    r = run_cli("cases", "import-ledger", str(path), data=data_dir, user="dengji", password="Demo2026!")
    assert r.returncode == 0, r.stderr
    assert list(data_dir.backups.glob("*pre-import*")), "a backup is taken before a real import"
    assert "第13行\t未导入" in r.stdout and "已导入 9 件" in r.stderr
    r = run_cli("cases", "import-ledger", str(tmp_path / "missing.xlsx"), data=data_dir, user="dengji",
                password="Demo2026!")
    assert r.returncode == 1 and "找不到文件" in r.stderr


def test_file_with_nothing_importable_is_refused(demo_db, data_dir, tmp_path):
    import openpyxl

    path = tmp_path / "notes.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "这不是台账"
    wb.save(path)
    r = run_cli("cases", "import-ledger", str(path), "--json", data=data_dir, user="dengji", password="Demo2026!")
    assert r.returncode == 1
    doc = json.loads(r.stdout)
    assert doc["rows"] == [{"sheet": "Sheet", "row": 1, "verdict": "error", "reason": doc["rows"][0]["reason"],
                            "warnings": [], "case_id": None, "id_flags": []}]
    assert "找不到表头" in doc["rows"][0]["reason"]


def test_old_cases_from_a_ledger_are_not_overdue_or_due_for_a_visit(demo_db, tmp_path):
    """Old cases keep the state the ledger gave them, but the dashboard's reminders are for the
    center's own work: an old open case is not 逾期 and an old closed one is not 待回访."""
    from zhongxin_desktop.services.figures import dashboard

    result = ledger_import.import_file(demo_db, build_messy_ledger(tmp_path / "旧台账.xlsx"))
    old = set(result.case_ids.values())
    assert any(Case.get_by_id(c).status in ("mediating", "concluded") for c in old)  # there are such cases
    board = dashboard.build(demo_db)
    assert old.isdisjoint({c.id for c in board.overdue + board.due_soon + board.followups_due})
    assert board.overdue_count == Case.select().where(
        Case.status.in_(["registered", "accepted", "mediating", "transferred"]), Case.due_on < dt.date.today(),
        Case.id.not_in(list(old))).count()
    # the center's own closed cases are still due (a case without any outside reference among them)
    from zhongxin_desktop.store.models import FollowUp

    own = Case.select().where(Case.id.not_in(list(old)), Case.status == "succeeded",
                              Case.id.not_in(FollowUp.select(FollowUp.case))).first()
    assert own is not None
    Case.update(external_ref=None, closed_on=dt.date(2000, 1, 1)).where(Case.id == own.id).execute()
    assert own.id in {c.id for c in dashboard.build(demo_db).followups_due}
