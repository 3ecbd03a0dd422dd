"""Pinyin keys for searching names: 张三 → ("zhangsan", "zs")."""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=65536)
def pinyin_keys(name: str) -> tuple[str, str]:
    # Imported here: pypinyin loads its phrase dictionary (~0.5 s) on import, which every
    # command-line start would otherwise pay, even `zhongxin --help`.
    from pypinyin import Style, lazy_pinyin

    syllables = [s.lower() for s in lazy_pinyin(name or "", style=Style.NORMAL, errors="ignore")]
    return "".join(syllables), "".join(s[0] for s in syllables if s)
