"""Case numbers in the MoJ dossier shape, e.g. （2026）某人调字第 15 号."""
from __future__ import annotations

import re

DEFAULT_PATTERN = "（{year}）{committee}调字第 {seq} 号"


def format_case_number(year: int, seq: int, committee: str, pattern: str = DEFAULT_PATTERN) -> str:
    return pattern.format(year=year, seq=seq, committee=committee)


def format_agreement_number(year: int, seq: int, committee: str, version: int = 1) -> str:
    base = f"（{year}）{committee}调协字第 {seq} 号"
    return base if version == 1 else f"{base}（第{version}版）"


_NUM = re.compile(r"（(\d{4})）.*第\s*(\d+)\s*号")


def parse_case_number(text: str) -> tuple[int, int] | None:
    m = _NUM.search(text)
    return (int(m.group(1)), int(m.group(2))) if m else None
