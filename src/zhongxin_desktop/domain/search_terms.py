"""Turning text into search tokens, and a typed query into an FTS5 expression (pure).

Why not SQLite's trigram tokenizer: it cannot match terms under three characters (most Chinese
names have two or three) and, on SQLite 3.40, ``LIKE`` on a trigram table returns wrong results
for CJK text. Instead the index stores *CJK bigrams* — 排水沟 → ``排水 水沟`` — in an FTS5 table with
the plain ``unicode61`` tokenizer, and a query is turned into the same bigrams, searched as a
phrase. That finds any run of two or more Chinese characters (张三, 欧阳娜娜, 噪音, 排水沟) exactly,
on any SQLite with FTS5. Phone and ID tails are indexed *reversed* so a tail is a prefix query;
with encryption at rest on, each tail of 4 or more characters is indexed instead as a keyed hash
(``tail_tokens``) and a typed tail is looked up by its hash: the index then holds no digits.
"""
from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass, field

from zhongxin_desktop.domain.numbering import parse_case_number

_CASE_SEQ = re.compile(r"第\s*(\d+)\s*号?")
_DIGITS_X = re.compile(r"^\d+[0-9xX]$")  # a phone or ID tail; MIN_TAIL says how long
_PINYIN = re.compile(r"^[a-z]+$")
MIN_TAIL = 4  # shorter digit strings would match thousands of phones


def _is_cjk_word_char(ch: str) -> bool:
    return not ch.isascii() and ch.isalnum()


def _runs(text: str) -> list[tuple[str, str]]:
    """Split into ("cjk", run) and ("ascii", run) pieces; everything else separates."""
    runs: list[tuple[str, str]] = []
    kind, buf = "", []  # type: str, list[str]
    for ch in text or "":
        k = "cjk" if _is_cjk_word_char(ch) else "ascii" if (ch.isascii() and ch.isalnum()) else ""
        if k != kind and buf:
            runs.append((kind, "".join(buf)))
            buf = []
        kind = k
        if k:
            buf.append(ch)
    if buf:
        runs.append((kind, "".join(buf)))
    return runs


def cjk_tokens(run: str) -> list[str]:
    """张三丰 → [张三, 三丰]; a lone character is its own token."""
    if len(run) == 1:
        return [run]
    return [run[i:i + 2] for i in range(len(run) - 1)]


def tokens(text: str) -> list[str]:
    out: list[str] = []
    for kind, run in _runs(text):
        out.extend(cjk_tokens(run) if kind == "cjk" else [run.lower()])
    return out


def index_text(*texts: str) -> str:
    """What is stored in a text column of the search index. Texts are kept apart by a
    separator token so a phrase never spans two parties' names."""
    return " | ".join(" ".join(tokens(t)) for t in texts if t)


def name_text(*names: str) -> str:
    """Names for the index: the bigrams, preceded by the first character alone, so a search
    for a surname (王) is one exact token instead of a slow prefix scan over every 王X bigram."""
    parts = []
    for name in names:
        toks = tokens(name)
        if toks and _is_cjk_word_char(name.strip()[0]) and len(toks[0]) > 1:
            toks = [name.strip()[0], *toks]
        if toks:
            parts.append(" ".join(toks))
    return " | ".join(parts)


def reversed_digits(value: str) -> str:
    """13812345678 → 87654321831 (phone/ID tails become prefix queries)."""
    kept = "".join(ch for ch in (value or "") if ch.isdigit() or ch in "xX").lower()
    return kept[::-1]


def _keyed(key: bytes, tail: str) -> str:
    """A tail as a token of letters only (a-p): no run of digits a scan could take for a number."""
    digest = hmac.new(key, tail.encode("ascii"), hashlib.sha256).digest()[:8]
    return "t" + "".join(chr(97 + (b >> 4)) + chr(97 + (b & 15)) for b in digest)


def tail_tokens(value: str, key: bytes) -> str:
    """Every tail of ``value``'s digits of MIN_TAIL or more characters, each as a keyed hash."""
    kept = reversed_digits(value)[::-1]
    return " ".join(_keyed(key, kept[-n:]) for n in range(MIN_TAIL, len(kept) + 1))


def tail_text(value: str, key: bytes | None) -> str:
    """What the index's ``tails`` column holds for one phone or ID number."""
    return tail_tokens(value, key) if key else reversed_digits(value)


def case_no_tokens(year: int | None, seq: int | None) -> str:
    return f"y{year} s{seq}" if year and seq else ""


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _phrase(toks: list[str]) -> str:
    return '"' + " ".join(t.replace('"', '""') for t in toks) + '"'


@dataclass
class Query:
    """An FTS5 MATCH expression (one group per word, all groups must match)."""

    expression: str = ""
    words: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.expression


def _word_groups(word: str, tail_key: bytes | None = None) -> list[str]:
    parts: list[str] = []
    parsed = parse_case_number(word)
    seq_match = _CASE_SEQ.search(word)
    if parsed:
        year, seq = parsed
        return [f"caseno : {_quote(f'y{year}')} AND caseno : {_quote(f's{seq}')}"]
    if seq_match and len(word) <= 8:
        return [f"caseno : {_quote('s' + seq_match.group(1))}"]
    toks = tokens(word)
    if not toks:
        return []
    runs = _runs(word)
    if len(runs) == 1 and runs[0][0] == "cjk" and len(runs[0][1]) == 1:
        # One character: names starting with it (a surname), never the whole facts text.
        return [f"names : {_quote(runs[0][1])}"]
    if any(k == "cjk" for k, _ in runs):
        return [f"{{names body}} : {_phrase(toks)}"]
    low = word.lower()
    if _PINYIN.match(low):
        parts.append(f"pinyin : {_quote(low)} *")
    if low.isdigit() and len(low) <= 6:
        parts.append(f"caseno : {_quote('s' + str(int(low)))}")
    if _DIGITS_X.match(word) and len(reversed_digits(word)) >= MIN_TAIL:
        if tail_key:
            parts.append(f"tails : {_quote(_keyed(tail_key, reversed_digits(word)[::-1]))}")
        else:
            parts.append(f"tails : {_quote(reversed_digits(word))} *")
    parts.append(f"body : {_phrase(toks)}")
    return parts


def build_query(text: str, tail_key: bytes | None = None) -> Query:
    """``张三 排水沟`` → both must match; each word may match a name, pinyin, tail, number or facts.
    ``tail_key``: the index holds keyed tail hashes (encryption at rest)."""
    text = (text or "").strip()
    if parse_case_number(text) or (_CASE_SEQ.search(text) and len(text) <= 10):
        text = re.sub(r"\s+", "", text)  # a case number is typed with spaces: 第 15 号
    words = [w for w in re.split(r"\s+", text) if w]
    groups = []
    kept = []
    for word in words[:8]:
        parts = _word_groups(word, tail_key)
        if parts:
            groups.append("(" + " OR ".join(f"({p})" for p in parts) + ")")
            kept.append(word)
    return Query(" AND ".join(groups), kept)
