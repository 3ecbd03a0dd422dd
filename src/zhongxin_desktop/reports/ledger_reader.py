"""Reading an old Excel ledger's cells (the I/O half; domain/ledger_layout.py interprets them).

Merged cells carry their value only in the top-left cell: the reader copies it into every cell
of the range, so a two-row merged header or a date merged over several cases reads as written.
"""
from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from zhongxin_desktop.domain.errors import DomainError


@dataclass
class SheetCells:
    name: str
    rows: list[list]  # rows[i] is Excel row i+1; values as openpyxl gives them (str, int, float, datetime, None)


def read_workbook(path: Path) -> list[SheetCells]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    path = Path(path)
    if not path.exists():
        raise DomainError(f"找不到文件 {path}")
    try:
        wb = openpyxl.load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise DomainError(f"无法读取 {path.name}：不是有效的 Excel（.xlsx）文件（{exc}）。"
                          "旧版 .xls 请先用 WPS 或 Excel 另存为 .xlsx") from None
    sheets = []
    for ws in wb.worksheets:
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        for rng in ws.merged_cells.ranges:
            value = ws.cell(rng.min_row, rng.min_col).value
            for r in range(rng.min_row, min(rng.max_row, len(rows)) + 1):
                row = rows[r - 1]
                if len(row) < rng.max_col:
                    row.extend([None] * (rng.max_col - len(row)))
                for c in range(rng.min_col, rng.max_col + 1):
                    row[c - 1] = value
        sheets.append(SheetCells(ws.title, rows))
    wb.close()
    return sheets
