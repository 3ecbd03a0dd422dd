"""Typed text is stored as text in every Excel file the program writes: never a live formula.

The writers are discovered from the source (every module that makes a ``Workbook``), so a new
writer without an entry here fails the test; every text position of each writer gets text that
starts like a formula, and the saved file is read back with openpyxl."""
from __future__ import annotations

import ast
import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest

import zhongxin_desktop
from exchange_support import COUNTY, World
from zhongxin_desktop.domain.case_input import CaseInput, PartyInput
from zhongxin_desktop.reports import grid_xlsx, ledger_xlsx, monthly_xlsx
from zhongxin_desktop.services.casework import cases
from zhongxin_desktop.services import settings
from zhongxin_desktop.services.figures import statistics
from zhongxin_desktop.store.models import Center

SRC = Path(zhongxin_desktop.__file__).parent
LINK = '=HYPERLINK("http://evil.example/x","点此")'
PAYLOADS = [LINK, "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1", " =1+1", "=cmd|' /C calc'!A0", "#N/A",
            "＝全角等号"]


def _payload(i: int) -> str:
    return PAYLOADS[i % len(PAYLOADS)]


def _modules_making_workbooks() -> set[str]:
    found = set()
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                fn = node.func
                name = fn.id if isinstance(fn, ast.Name) else fn.attr if isinstance(fn, ast.Attribute) else ""
                if name == "Workbook":
                    found.add(".".join(path.relative_to(SRC.parent).with_suffix("").parts))
    return found


def _cells_written_outside_put() -> list[str]:
    """``ws.cell(r, c, value)`` or ``cell.value = …`` in a module working with openpyxl, anywhere but
    the one helper."""
    bad = []
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "openpyxl" not in text and "xlsx_style" not in text:
            continue
        tree = ast.parse(text)
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "cell"
                    and (len(node.args) > 2 or any(k.arg == "value" for k in node.keywords))):
                bad.append(f"{path.name}:{node.lineno}")
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Attribute) and t.attr == "value"
                                                    and path.name != "xlsx_style.py" for t in node.targets):
                bad.append(f"{path.name}:{node.lineno}")
    return bad


def _ledger_everywhere(tmp_path: Path) -> Path:
    width = ledger_xlsx.WIDTHS
    rows = [[_payload(r * len(width) + c) for c in range(len(width))] for r in range(len(PAYLOADS))]
    out = tmp_path / "ledger.xlsx"
    ledger_xlsx.build_workbook(rows, LINK, dt.date(2026, 1, 1), None, masked=True).save(out)
    return out


def _monthly_everywhere(tmp_path: Path) -> Path:
    cats = {p: 1 for p in PAYLOADS}
    rows = [statistics.ReportRow(f"52010200{i}", p, statistics.MonthlyStatistics("2026-11", by_category=cats))
            for i, p in enumerate(PAYLOADS)]
    report = statistics.MonthlyReport("2026-11", LINK, True, rows,
                                      statistics.ReportRow(COUNTY, "+合计", statistics.MonthlyStatistics("2026-11")))
    out = tmp_path / "monthly.xlsx"
    monthly_xlsx.build_workbook(report, dt.date(2026, 12, 1)).save(out)
    return out


def _grid_everywhere(tmp_path: Path) -> Path:
    from zhongxin_desktop.services.gridwork.grid_figures import GridFigures, GridRow, Rhythm, WorkerRow

    grids = [GridRow(f"g{i}", f"G{i}", p) for i, p in enumerate(PAYLOADS)]
    workers = [WorkerRow(f"g{i}", p, PAYLOADS[-1 - i], PAYLOADS[(i + 3) % len(PAYLOADS)])
               for i, p in enumerate(PAYLOADS)]
    figures = GridFigures(dt.date(2026, 11, 1), dt.date(2026, 12, 1), None, Rhythm(5, 1, 1, 4.3),
                          GridRow(None, "", "+全镇合计"), grids, workers)
    out = tmp_path / "grid.xlsx"
    grid_xlsx.build_workbook(figures, LINK, dt.date(2026, 12, 1)).save(out)
    return out


# Each writer module, and how to make it write formula-like text into every text position it has.
WRITERS = {
    "zhongxin_desktop.reports.ledger_xlsx": _ledger_everywhere,
    "zhongxin_desktop.reports.monthly_xlsx": _monthly_everywhere,
    "zhongxin_desktop.reports.grid_xlsx": _grid_everywhere,
}


def _text_cells(path: Path) -> list[tuple[str, str, openpyxl.cell.Cell]]:
    out = []
    for ws in openpyxl.load_workbook(path).worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{path.name} {ws.title}!{cell.coordinate} is a formula: {cell.value!r}"
                assert cell.data_type != "e", f"{path.name} {ws.title}!{cell.coordinate} is an error value"
                if isinstance(cell.value, str):
                    out.append((ws.title, cell.coordinate, cell))
    return out


def _no_formula_in_xml(path: Path) -> None:
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in zf.read(name) and b"<f " not in zf.read(name), name


def test_every_module_that_makes_a_workbook_is_covered_here():
    assert _modules_making_workbooks() == set(WRITERS)


def test_cells_get_values_only_through_the_text_safe_helper():
    assert _cells_written_outside_put() == []


@pytest.mark.parametrize("module", sorted(WRITERS))
def test_formula_like_text_in_every_text_position_stays_text(township, tmp_path, module):
    settings.put("categories", [*settings.get("categories"), *PAYLOADS])
    path = WRITERS[module](tmp_path)
    _no_formula_in_xml(path)
    texts = [cell.value for _, _, cell in _text_cells(path)]
    for p in PAYLOADS:  # every payload came back as typed, leading tab and blank included; a CR reads
        p = p.replace("\r", "\n")  # back as LF, as XML parsers normalise line ends
        assert any(p in t for t in texts), p
    for _, coord, cell in _text_cells(path):
        if cell.value.lstrip(" \t\r\n").startswith(("=", "+", "-", "@")):
            assert cell.quotePrefix, (coord, cell.value)  # Excel's leading apostrophe: edits stay text


def test_a_party_and_a_township_named_as_formulas_stay_text_in_township_and_county_files(tmp_path):
    w = World(tmp_path)
    w.add_center("county", "county", COUNTY)
    w.add_center("town", "township", "520102003")
    with w.at("town") as actor:
        Center.update(name=LINK).where(Center.is_local == True).execute()  # noqa: E712
    w.trust_each_other("town")
    with w.at("town") as actor:
        cases.register(actor, CaseInput(
            source="来访", category="邻里", facts="@SUM(1+1) 排水沟", claims="-1+1", registered_on=dt.date(2026, 11, 2),
            parties=[PartyInput(name=LINK, role="申请人", phone="13812345678", address="=1+1"),
                     PartyInput(name="+李四", role="被申请人")]))
        ledger_xlsx.export_ledger(actor, tmp_path / "town-ledger.xlsx")
        monthly_xlsx.export_monthly(actor, "2026-11", tmp_path / "town-monthly.xlsx")
    bundles = w.export("town", period="2026-11")
    [summary] = w.import_("county", bundles)
    assert summary.status != "ERROR", summary.text()
    with w.at("county") as actor:
        ledger_xlsx.export_ledger(actor, tmp_path / "county-ledger.xlsx")
        monthly_xlsx.export_monthly(actor, "2026-11", tmp_path / "county-monthly.xlsx")
    for name, expected in [("town-ledger", [LINK, "+李四", "@SUM(1+1) 排水沟"]), ("town-monthly", [LINK]),
                           ("county-ledger", [LINK, "+李四"]), ("county-monthly", [LINK])]:
        path = tmp_path / f"{name}.xlsx"
        _no_formula_in_xml(path)
        texts = [c.value for _, _, c in _text_cells(path)]
        for text in expected:
            assert any(t == text or text in t for t in texts), (name, text)
