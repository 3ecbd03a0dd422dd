"""The monthly report and the ledger as Excel files: read back with openpyxl and opened by a real
office suite (LibreOffice headless, installed by scripts/bootstrap)."""
import csv
import re
import datetime as dt
import subprocess

import openpyxl
import pytest
from helpers import run_cli

from zhongxin_desktop.domain.errors import PermissionDenied
from zhongxin_desktop.domain.roles import Role
from zhongxin_desktop.reports import ledger_xlsx, monthly_xlsx
from zhongxin_desktop.services.figures import statistics
from zhongxin_desktop.store.models import AuditEvent, Case, CaseParty, Party


def _last_month() -> str:
    d = (dt.date.today().replace(day=1) - dt.timedelta(days=1))
    return f"{d:%Y-%m}"


def test_monthly_workbook_shape_and_numbers(demo_db, tmp_path):
    month = _last_month()
    out = tmp_path / "m.xlsx"
    report = monthly_xlsx.export_monthly(demo_db, month, out)
    stats = report.rows[0].stats
    wb = openpyxl.load_workbook(out)
    ws = wb["综合统计"]
    assert "统计月报表" in ws["A1"].value and "A1:" in " ".join(str(r) for r in ws.merged_cells.ranges)
    assert ws["A2"].value == "填报单位：青山镇综治中心"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "A3:A4" in merged  # 单位 spans both header rows
    assert "B3:D3" in merged and ws["B3"].value == "排查预防" and ws["B4"].value == "排查次数"
    headers = {ws.cell(4, c).value: c for c in range(2, ws.max_column + 1)}
    row = 5
    assert ws.cell(row, 1).value == "青山镇综治中心"
    assert ws.cell(row, headers["受理数"]).value == stats.accepted
    assert ws.cell(row, headers["调解成功数"]).value == stats.succeeded
    assert ws.cell(row, headers["排查次数"]).value == stats.inspections > 0
    rate = ws.cell(row, headers["调解成功率"])
    assert isinstance(rate.value, (int, float)) and rate.number_format == "0.0%"
    assert rate.value == pytest.approx(stats.success_rate)
    assert ws.cell(row, headers["协议涉及金额（元）"]).value == float(stats.agreement_amount)
    for c in range(2, ws.max_column + 1):  # numbers, never text, never formulas
        value = ws.cell(row, c).value
        assert isinstance(value, (int, float)) and not isinstance(value, bool), (c, value)
    assert ws.print_title_rows == "$3:$4"
    # 24 columns: A4 pages at 100 %, cut between header groups, the 单位 column on each
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert not ws.sheet_properties.pageSetUpPr.fitToPage and int(ws.page_setup.scale) == 100
    assert ws.print_title_cols == "$A:$A" and len(ws.col_breaks.brk) >= 1
    merged_groups = [m for m in ws.merged_cells.ranges if m.min_row == 3 and m.max_col > m.min_col]
    for b in ws.col_breaks.brk:  # never inside a group of the header
        assert not any(m.min_col <= b.id < m.max_col for m in merged_groups), b.id
    assert ws.freeze_panes == "B5"
    assert ws.cell(5, 2).border.left.style == "thin"
    cats = wb["纠纷类型"]
    cat_headers = {cats.cell(4, c).value: c for c in range(2, cats.max_column + 1)}
    assert cats.cell(5, cat_headers["邻里"]).value == stats.by_category["邻里"]
    assert cats.cell(5, cat_headers["合计"]).value == stats.accepted
    entry = AuditEvent.select().order_by(AuditEvent.seq.desc()).first()
    assert entry.action == "report_monthly_export" and entry.object_id == month


def _soffice_csv(xlsx, tmp_path) -> list[list[str]]:
    """Convert with LibreOffice as a county office would open it; returns the first sheet."""
    outdir = tmp_path / "lo"
    r = subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
                        "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(outdir),
                        str(xlsx)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    with open(outdir / (xlsx.stem + ".csv"), encoding="utf-8") as f:
        return list(csv.reader(f))


@pytest.mark.slow  # two LibreOffice conversions: ~5-10 s
def test_libreoffice_opens_the_monthly_report(demo_db, tmp_path):
    out = tmp_path / "m.xlsx"
    report = monthly_xlsx.export_monthly(demo_db, _last_month(), out)
    stats = report.rows[0].stats
    rows = _soffice_csv(out, tmp_path)
    assert "统计月报表" in rows[0][0]
    header = rows[3]
    data = rows[4]
    assert data[0] == "青山镇综治中心"
    assert data[header.index("受理数")] == str(stats.accepted)
    assert data[header.index("调解成功数")] == str(stats.succeeded)
    assert data[header.index("调解成功率")] == f"{stats.success_rate * 100:.1f}%"
    # Printed as set up: A4 landscape pages at 100 %, the wide sheet cut between header groups
    # where the file says, the 单位 column and the headers on every part, the footer not cut off.
    parts = len(openpyxl.load_workbook(out)["综合统计"].col_breaks.brk) + 1
    r = subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
                        "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(out)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    info = subprocess.run(["pdfinfo", str(tmp_path / "pdf" / "m.pdf")], capture_output=True, text=True).stdout
    assert re.search(r"Page size:\s+841\.\d+ x 595\.\d+ pts \(A4\)", info), info  # landscape

    def page(n: int) -> str:
        return subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(tmp_path / "pdf" / "m.pdf"),
                               "-"], capture_output=True, text=True).stdout

    pages = [page(n) for n in range(1, parts + 1)]
    assert "排查次数" in pages[0] and "超期案件数" in pages[-1]
    for group, _ in monthly_xlsx.MAIN_COLUMNS:  # each group whole on one part (no extra breaks of LibreOffice's)
        assert sum(group in p for p in pages) == 1, group
    for n, text in enumerate(pages, start=1):
        assert "青山镇综治中心" in text and "单位" in text and f"第 {n} 页" in text
    assert "矛盾纠纷类型统计表" in page(parts + 1)  # the next sheet starts after the parts


def test_county_report_rows_and_total_in_excel(db, tmp_path):
    from test_statistics import make_county

    from zhongxin_desktop.services import users

    make_county(db, 4, 3, dt.date(2026, 9, 1))
    actor = users.sign_in("county", "County2026x")
    out = tmp_path / "county.xlsx"
    monthly_xlsx.export_monthly(actor, "2026-09", out)
    ws = openpyxl.load_workbook(out)["综合统计"]
    names = [ws.cell(r, 1).value for r in range(5, 10)]
    assert names == ["第1镇综治中心", "第2镇综治中心", "第3镇综治中心", "第4镇综治中心", "合计"]
    col = next(c for c in range(2, ws.max_column + 1) if ws.cell(4, c).value == "受理数")
    assert [ws.cell(r, col).value for r in range(5, 10)] == [3, 4, 5, 6, 18]


def test_monthly_needs_a_signed_in_user(demo_db, tmp_path):
    from zhongxin_desktop.services.actor import Actor

    console = Actor("console", "本机只读", Role.VIEWER, "520102001")
    assert statistics.monthly_report(console, _last_month()).rows  # previewing is reading
    with pytest.raises(PermissionDenied):
        monthly_xlsx.export_monthly(console, _last_month(), tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()


def test_ledger_masked_by_default_revealed_when_allowed(demo_db, tmp_path):
    from zhongxin_desktop.services import users

    first = dt.date.today().replace(day=1) - dt.timedelta(days=60)
    out = tmp_path / "ledger.xlsx"
    n = ledger_xlsx.export_ledger(demo_db, out, date_from=first)
    assert n == Case.select().where(Case.registered_on >= first).count() > 0
    ws = openpyxl.load_workbook(out)["案件台账"]
    ids = [ws.cell(r, 7).value for r in range(5, ws.max_row + 1) if ws.cell(r, 7).value]
    assert ids and all("*" in v for v in ids)
    phones = [ws.cell(r, 8).value for r in range(5, ws.max_row + 1) if ws.cell(r, 8).value]
    assert phones and all("****" in v for v in phones)
    assert ws.print_title_rows == "$3:$4" and "F3:H3" in {str(r) for r in ws.merged_cells.ranges}
    assert isinstance(ws.cell(5, 3).value, dt.datetime)  # a real date cell, not text
    full = {p.id_number for p in Party.select()}
    assert not full & set(ids)
    n2 = ledger_xlsx.export_ledger(demo_db, tmp_path / "full.xlsx", date_from=first, reveal=True)
    ws = openpyxl.load_workbook(tmp_path / "full.xlsx")["案件台账"]
    assert n2 == n and {ws.cell(r, 7).value for r in range(5, ws.max_row + 1)} - {None, ""} <= full
    assert (tmp_path / "full.xlsx").stat().st_mode & 0o777 == 0o600  # ID numbers in full: owner only
    actions = [e.action for e in AuditEvent.select().order_by(AuditEvent.seq.desc()).limit(2)]
    assert actions == ["report_ledger_export", "reveal"]
    clerk = users.sign_in("dengji", "Demo2026!")
    with pytest.raises(PermissionDenied):
        ledger_xlsx.export_ledger(clerk, tmp_path / "no.xlsx")
    mediator = users.sign_in("tiaojie1", "Demo2026!")  # may reveal, but may not export
    with pytest.raises(PermissionDenied):
        ledger_xlsx.export_ledger(mediator, tmp_path / "no.xlsx", reveal=True)


def test_report_commands(demo_db, data_dir, tmp_path):
    month = _last_month()
    out = tmp_path / "cli.xlsx"
    r = run_cli("report", "monthly", "--month", month, "--out", str(out), "--json", data=data_dir,
                user="dengji", password="Demo2026!")
    assert r.returncode == 0, r.stderr
    assert out.exists() and '"accepted"' in r.stdout
    r = run_cli("report", "monthly", "--month", "2026-13", "--out", str(out), data=data_dir, user="dengji",
                password="Demo2026!")
    assert r.returncode == 1 and "月份" in r.stderr
    r = run_cli("report", "ledger", "--from", "2026-02-30", "--out", str(out), data=data_dir, user="zhuren",
                password="Demo2026!")
    assert r.returncode == 2
    r = run_cli("report", "ledger", "--out", str(tmp_path / "l.xlsx"), data=data_dir, user="dengji",
                password="Demo2026!")
    assert r.returncode == 1 and "无权" in r.stderr


def _width_mm(ws, first: int = 1, last: int | None = None) -> float:
    from openpyxl.utils import get_column_letter

    # Excel's rule: a column w characters wide is 7w + 5 pixels at 96 dpi
    return sum((ws.column_dimensions[get_column_letter(c)].width or 8.43) * 7 + 5
               for c in range(first, (last or ws.max_column) + 1)) * 25.4 / 96


def _printed_scale(ws) -> float:
    """The scale the sheet prints at on its paper, from its page set-up as saved: fitted to one
    page width, or at a fixed scale with manual column breaks, each part beside the repeated
    title columns and no wider than the paper."""
    from openpyxl.utils import column_index_from_string

    paper_mm = {9: 297, 8: 420}[int(ws.page_setup.paperSize)]  # A4, A3 landscape
    printable = paper_mm - (ws.page_margins.left + ws.page_margins.right) * 25.4
    if ws.sheet_properties.pageSetUpPr.fitToPage:
        assert ws.page_setup.fitToWidth == 1
        return min(1.0, printable / _width_mm(ws))
    scale = int(ws.page_setup.scale) / 100
    titles = column_index_from_string(ws.print_title_cols.split(":")[1].strip("$"))
    cuts = [b.id for b in ws.col_breaks.brk]  # a break stands left of the zero-based column id
    assert cuts == sorted(cuts)
    for first, last in zip([titles + 1] + [c + 1 for c in cuts], cuts + [ws.max_column]):
        assert (_width_mm(ws, 1, titles) + _width_mm(ws, first, last)) * scale <= printable + 0.5, (ws.title, first)
    return scale


def test_reports_print_legibly_with_one_row_per_party(demo_db, tmp_path):
    from zhongxin_desktop.domain.case_input import CaseInput, PartyInput
    from zhongxin_desktop.services.casework import cases

    first = dt.date.today().replace(day=1) - dt.timedelta(days=60)
    two = [PartyInput(name="甲某", id_number="34052419800101001X"), PartyInput(name="乙某", id_number="11010519491231002X"),
           PartyInput(name="丙某", role="被申请人")]
    cases.register(demo_db, CaseInput(category="邻里", source="来访", facts="两户与一户的纠纷", parties=two))
    ledger, monthly = tmp_path / "ledger.xlsx", tmp_path / "monthly.xlsx"
    ledger_xlsx.export_ledger(demo_db, ledger, date_from=first)
    monthly_xlsx.export_monthly(demo_db, _last_month(), monthly)
    for wb in (openpyxl.load_workbook(ledger), openpyxl.load_workbook(monthly)):
        for ws in wb.worksheets:
            assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.orientation == "landscape"  # A4
            scale = _printed_scale(ws)
            size = min(c.font.sz for row in ws.iter_rows(min_row=3) for c in row if c.value is not None)
            assert size * scale >= 8, (ws.title, size, scale)
            # the footer fits inside the bottom margin with room for its line
            assert ws.page_margins.bottom - ws.page_margins.footer >= 0.4
    ws = openpyxl.load_workbook(ledger)["案件台账"]
    assert ws.cell(5, 15).number_format.startswith('"¥"')
    # a case with several parties on one side: one sub-row each, its ID number beside its name
    links = {}
    for link in CaseParty.select().join(Case).where(Case.registered_on >= first):
        links.setdefault(link.case_id, []).append(link)
    case_id, many = next((k, v) for k, v in links.items() if len([x for x in v if x.role != "被申请人"]) > 1)
    names = [x.party.name for x in many if x.role != "被申请人"]
    rows = [r for r in range(5, ws.max_row + 1) if ws.cell(r, 6).value in names]
    assert len(rows) >= len(names)
    for r in rows:
        party = next(x.party for x in many if x.party.name == ws.cell(r, 6).value)
        if party.id_number:
            assert ws.cell(r, 7).value[-2:] == party.id_number[-2:]
