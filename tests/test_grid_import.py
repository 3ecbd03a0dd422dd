import datetime as dt

import pytest
from openpyxl import Workbook

from zhongxin_desktop.domain.errors import DomainError, PermissionDenied
from zhongxin_desktop.domain.roles import Role
from zhongxin_desktop.services.gridwork import grid_import
from zhongxin_desktop.store.models import AuditEvent, Grid, GridEvent, GridMember, HouseholdUnit, Village


def messy_workbook(path):
    """What a grid platform export looks like: titles, merged headers and cells, every date style."""
    wb = Workbook()
    ws = wb.active
    ws.title = "网格名册"
    ws.append(["青山镇网格基本信息表"])
    ws.merge_cells("A1:J1")
    ws.append([])
    ws.append(["序号", "村（社区）", "网格编码", "网格名称", "网格类型", "户数", "网格长", "网格长联系电话",
               "网格员", "网格员电话"])
    ws.append([1, "石桥村", "G01", "石桥村第1网格", "农村", "120户", "罗大明", 13985001234.0, "吴小芳、郑强",
               "13700002222，13700003333"])
    ws.append([2, None, "G02", "石桥村第2网格", "农村", 180, "王二", "13985005678", "李三", "13700004444"])
    ws.merge_cells("B4:B5")  # the village cell merged down over its two grids
    ws.append([3, "龙井社区", "G03", "龙井社区第1网格", "城镇", 260, "周敏", "12345", None, None])  # bad phone
    ws.append([])
    ws.append(["合计", None, None, None, None, 560])

    ws = wb.create_sheet("十联户")
    ws.append(["所属网格", "联户长信息", None, "联系户数", "备注"])
    ws.merge_cells("B1:C1")
    ws.append([None, "联户长", "联系电话", None, None])
    ws.merge_cells("A1:A2")
    ws.merge_cells("D1:D2")
    ws.append(["石桥村第1网格", "陈联户", "13812345678", 15, "退休教师"])
    ws.append(["不存在的网格", "孙某", "", 12, ""])

    ws = wb.create_sheet("事件台账")
    ws.append(["石桥村网格事件登记台账"])
    ws.append(["填报单位：青山镇综治中心", None, None, "填报时间：2025年4月1日"])
    ws.append(["网格", "发现时间", "上报人", "上报人身份", "事项类型", "情况描述", "风险级别", "办理状态", "处理结果",
               "办结时间"])
    ws.append(["G01", dt.datetime(2025, 3, 5), "吴小芳", "网格员", "矛盾纠纷", "两户因排水沟争吵", "黄色", "已办结",
               "现场调处，双方和解", "2025.3.6"])
    ws.append(["石桥村第1网格", 45722, "陈联户", "联户长", "矛盾纠纷类", "宅基地界址争议", "红色", "已上报", None, None])
    ws.append(["G02", "2025.3.7", "李三", None, "安全隐患", "危房无人居住", "较大", "处理中", None, None])
    ws.append([])
    ws.append(["G02", "2025年3月8日", "李三", None, "邻里守望", "独居老人无人照料", "", None, None, None])
    ws.append(["G01", "三月九日", "吴小芳", None, "矛盾纠纷", "日期写错的一行", "黄", None, None, None])
    ws.append(["G09", "2025-03-10", "某人", None, "矛盾纠纷", "网格不存在", "黄", None, None, None])
    ws.append(["G01", "2099-01-01", "吴小芳", None, "矛盾纠纷", "日期在将来", "黄", None, None, None])
    ws.append(["G01", "2025-03-11", "", None, "矛盾纠纷", "没写上报人", "黄", None, None, None])
    ws.append(["小计", None, None, None, None, None, None, None, None, None])

    ws = wb.create_sheet("填表说明")
    ws.append(["本表由网格平台自动导出，请勿修改格式。"])
    wb.save(path)
    return path


def _by_row(report, sheet):
    return {r.row: r for r in report.rows if r.sheet == sheet}


def test_messy_workbook_row_by_row(township, tmp_path):
    path = messy_workbook(tmp_path / "网格导出.xlsx")
    report = grid_import.import_file(township, path)

    grids = _by_row(report, "网格名册")
    assert sorted(grids) == [4, 5, 6, 7, 8]  # every data row accounted for
    assert grids[4].outcome == grids[5].outcome == "imported"
    assert "150" in grids[5].reason  # guideline warning, still imported
    assert grids[6].outcome == "skipped" and "网格长电话" in grids[6].reason
    assert (grids[7].reason, grids[8].reason) == ("空行", "合计/小计行")
    g1 = Grid.get(Grid.code == "G01")
    assert g1.households == 120 and g1.leader_phone == "13985001234" and g1.village.name == "石桥村"
    assert Grid.get(Grid.code == "G02").village.name == "石桥村"  # from the merged cell
    assert {m.name: m.phone for m in GridMember.select().where(GridMember.grid == g1)} == {
        "吴小芳": "13700002222", "郑强": "13700003333"}
    assert Village.select().count() == 1 and not Grid.select().where(Grid.code == "G03").exists()

    units = _by_row(report, "十联户")
    assert units[3].outcome == "imported" and units[4].outcome == "skipped" and "不存在的网格" in units[4].reason
    unit = HouseholdUnit.get()
    assert (unit.head_name, unit.head_phone, unit.households, unit.notes) == ("陈联户", "13812345678", 15, "退休教师")

    events = _by_row(report, "事件台账")
    assert sorted(events) == list(range(4, 14))
    assert [events[n].outcome for n in range(4, 14)] == [
        "imported", "imported", "imported", "skipped", "imported", "skipped", "skipped", "skipped", "skipped",
        "skipped"]
    assert events[7].reason == "空行" and events[13].reason == "合计/小计行"
    assert "上报日期" in events[9].reason and "三月九日" in events[9].reason
    assert "G09" in events[10].reason and "不能晚于今天" in events[11].reason and "上报人" in events[12].reason
    assert "记为“其他”" in events[8].reason and "记为“黄”" in events[8].reason
    rows = {e.description: e for e in GridEvent.select()}
    assert len(rows) == 4
    done = rows["两户因排水沟争吵"]
    assert (done.status, done.handled_on, done.result, done.reported_on, done.risk_level) == (
        "closed", dt.date(2025, 3, 6), "现场调处，双方和解", dt.date(2025, 3, 5), "黄")
    esc = rows["宅基地界址争议"]
    assert (esc.reported_on, esc.status, esc.reporter_role, esc.event_type, esc.risk_level) == (
        dt.date(2025, 3, 6), "escalated", "联户长", "矛盾纠纷", "红")  # 45722 is an Excel serial
    assert rows["危房无人居住"].risk_level == "橙" and rows["危房无人居住"].status == "open"
    assert rows["独居老人无人照料"].event_type == "其他"

    sheets = {r.sheet: r for r in report.rows if r.row is None}
    assert "未识别" in sheets["填表说明"].reason
    assert report.counts == {"imported": 7, "updated": 0, "skipped": 10}
    problems = {(r.sheet, r.row) for r in report.rows if r.problem}
    assert problems == {("网格名册", 6), ("十联户", 4), ("事件台账", 9), ("事件台账", 10), ("事件台账", 11),
                        ("事件台账", 12)}  # blanks, totals and the instructions sheet are not problems
    audit = AuditEvent.get(AuditEvent.action == "grid_import")
    assert '"imported": 7' in audit.detail


def test_reimport_adds_nothing_and_an_edit_updates(township, tmp_path):
    path = messy_workbook(tmp_path / "a.xlsx")
    grid_import.import_file(township, path)
    before = (GridEvent.select().count(), Grid.select().count(), HouseholdUnit.select().count(),
              GridMember.select().count())
    again = grid_import.import_file(township, path)
    assert again.counts["imported"] == 0 and again.counts["updated"] == 0
    assert (GridEvent.select().count(), Grid.select().count(), HouseholdUnit.select().count(),
            GridMember.select().count()) == before
    dup = _by_row(again, "事件台账")[4]
    assert dup.outcome == "skipped" and "重复" in dup.reason
    assert "无变化" in _by_row(again, "网格名册")[4].reason
    from openpyxl import load_workbook

    wb = load_workbook(path)
    wb["网格名册"]["F4"] = 130  # the platform corrected G01's household count
    wb.save(path)
    third = grid_import.import_file(township, path)
    assert third.counts["updated"] == 1 and _by_row(third, "网格名册")[4].outcome == "updated"
    assert Grid.get(Grid.code == "G01").households == 130 and Grid.select().count() == before[1]


def test_dry_run_writes_nothing(township, tmp_path):
    path = messy_workbook(tmp_path / "a.xlsx")
    audit_before = AuditEvent.select().count()
    report = grid_import.import_file(township, path, dry_run=True)
    assert report.dry_run and report.counts == {"imported": 7, "updated": 0, "skipped": 10}
    assert Grid.select().count() == 0 and GridEvent.select().count() == 0 and Village.select().count() == 0
    assert AuditEvent.select().count() == audit_before


def test_same_report_twice_in_one_file_and_platform_numbers(township, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "网格"
    ws.append(["网格编码", "网格名称", "户数"])
    ws.append(["G01", "第1网格", 100])
    ws = wb.create_sheet("事件")
    ws.append(["事件编号", "网格编码", "上报日期", "上报人", "事件类型", "事件描述"])
    ws.append(["SJ-001", "G01", "2025/3/5", "甲", "矛盾纠纷", "争吵"])
    ws.append(["SJ-002", "G01", "2025/3/5", "甲", "矛盾纠纷", "争吵"])  # same words, another report
    ws.append(["SJ-001", "G01", "2025/3/6", "甲", "矛盾纠纷", "争吵（更正日期）"])  # the platform's number again
    wb.save(tmp_path / "b.xlsx")
    report = grid_import.import_file(township, tmp_path / "b.xlsx")
    rows = _by_row(report, "事件")
    assert [rows[n].outcome for n in (2, 3, 4)] == ["imported", "imported", "skipped"]
    assert rows[4].reason == "与事件第2行重复，未再次导入"
    assert GridEvent.select().count() == 2


def test_refusals(township, make_user, tmp_path):
    bad = tmp_path / "not.xlsx"
    bad.write_text("这不是Excel")
    with pytest.raises(DomainError, match="无法读取"):
        grid_import.import_file(township, bad)
    wb = Workbook()
    wb.active.append(["姓名", "年龄"])
    wb.save(tmp_path / "other.xlsx")
    with pytest.raises(DomainError, match="没有可识别的工作表"):
        grid_import.import_file(township, tmp_path / "other.xlsx")
    with pytest.raises(PermissionDenied):
        grid_import.import_file(make_user(Role.MEDIATOR), messy_workbook(tmp_path / "a.xlsx"))


def test_cancelling_through_progress_rolls_everything_back(township, tmp_path):
    class Cancelled(Exception):
        pass

    calls = []

    def progress(done, total):
        calls.append((done, total))
        raise Cancelled()

    with pytest.raises(Cancelled):
        grid_import.import_file(township, messy_workbook(tmp_path / "a.xlsx"), progress=progress)
    assert calls and Grid.select().count() == 0 and GridEvent.select().count() == 0
    assert not AuditEvent.select().where(AuditEvent.action == "grid_import").exists()
