"""Reading an old Excel ledger's cells (the I/O half; domain/ledger_layout.py interprets them).

The sheets are streamed (openpyxl read-only mode), so a 50,000-row ledger never becomes a tree of
cell objects. Read-only mode does not give merged ranges: they are read from the sheet's XML and
the reader copies each range's top-left value into every cell of it, so a two-row merged header
or a date merged over several cases reads as written.

A file that is not a workbook is refused here, before anything else happens (the import takes a
backup only after the file has been read), with the reason a clerk can act on: an old .xls, a
password-protected workbook, a damaged or empty file.
"""
from __future__ import annotations

import re
from typing import Any
import zipfile
from dataclasses import dataclass
from pathlib import Path

from zhongxin_desktop.services.actor import unattended
from zhongxin_desktop.domain.errors import DomainError

_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")  # Office's compound-file container (.xls, encrypted .xlsx)
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


@dataclass
class SheetCells:
    name: str
    rows: list[list[Any]]  # rows[i] is Excel row i+1; values as openpyxl gives them (str, int, float, datetime, None)


def _column(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _refuse_non_workbook(path: Path) -> None:
    with path.open("rb") as f:
        head = f.read(8)
    if not head:
        raise DomainError(f"{path.name} 是空文件（0 字节），不是 Excel 台账")
    if head == _OLE_MAGIC:
        # An encrypted .xlsx is an OLE container with an "EncryptedPackage" stream (names are UTF-16).
        if "EncryptedPackage".encode("utf-16-le") in path.read_bytes():
            raise DomainError(f"{path.name} 设置了打开密码，程序无法读取。请在 WPS 或 Excel 中打开它，"
                              "取消密码（文件 → 信息/文档加密 → 密码设为空）后另存为 .xlsx 再导入")
        raise DomainError(f"{path.name} 是旧版 Excel（.xls）文件：请先用 WPS 或 Excel 另存为 .xlsx 再导入")
    if not zipfile.is_zipfile(path):
        raise DomainError(f"无法读取 {path.name}：不是有效的 Excel（.xlsx）文件。旧版 .xls 请先用 WPS 或 Excel "
                          "另存为 .xlsx")


def _merged_ranges(ws: Any) -> list[tuple[int, int, int, int]]:
    """(min_row, min_col, max_row, max_col) of every merged range, from the sheet's XML (they
    follow the cell data; read in chunks, the file is never held whole)."""
    found, tail = [], b""
    with ws._get_source() as src:
        while chunk := src.read(1 << 20):
            data = tail + chunk
            last = 0
            for m in _MERGE.finditer(data):
                c1, r1, c2, r2 = m.groups()
                found.append((int(r1), _column(c1), int(r2), _column(c2)))
                last = m.end()
            tail = data[max(last, len(data) - 200):]
    return found


def _fill_merged(rows: list[list[Any]], ranges: list[tuple[int, int, int, int]]) -> None:
    for min_row, min_col, max_row, max_col in ranges:
        if min_row > len(rows):
            continue
        top = rows[min_row - 1]
        value = top[min_col - 1] if min_col - 1 < len(top) else None
        for r in range(min_row, min(max_row, len(rows)) + 1):
            row = rows[r - 1]
            if len(row) < max_col:
                row.extend([None] * (max_col - len(row)))
            for c in range(min_col, max_col + 1):
                row[c - 1] = value


@unattended("reads the chosen workbook, not the database; the import that follows takes the actor")
def read_workbook(path: Path) -> list[SheetCells]:
    import openpyxl

    path = Path(path)
    if not path.is_file():
        raise DomainError(f"找不到文件 {path}")
    _refuse_non_workbook(path)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - a damaged zip fails in many ways inside openpyxl
        raise DomainError(f"无法读取 {path.name}：文件已损坏或不是 Excel（.xlsx）台账（{type(exc).__name__}）。"
                          "请用 WPS 或 Excel 打开后另存为 .xlsx 再导入") from None
    sheets = []
    try:
        for ws in wb.worksheets:
            if not hasattr(ws, "_get_source"):  # a chart sheet: no cells
                continue
            ws.reset_dimensions()  # some writers record a wrong size; read what is there
            rows = [list(r) for r in ws.iter_rows(values_only=True)]
            while rows and not any(v is not None and str(v).strip() for v in rows[-1]):
                rows.pop()
            _fill_merged(rows, _merged_ranges(ws))
            sheets.append(SheetCells(ws.title, rows))
    except DomainError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise DomainError(f"无法读取 {path.name}：文件内容已损坏（{type(exc).__name__}）。"
                          "请用 WPS 或 Excel 打开后另存为 .xlsx 再导入") from None
    finally:
        wb.close()
    return sheets
