"""Chinese text set line by line, by our own rules, in place of reportlab's Paragraph.

Why not Paragraph: when a paragraph with fallback-font runs (生僻字) is split across pages or
cells, reportlab rebuilds the rest from its earlier line words joined by spaces, and re-wraps
them without the line-breaking rules: the printed text then carries spaces the stored text does
not have ("王 䶮", "青 山镇") and lines start with "，". A signed agreement must read exactly what
was stored, so lines are computed once here from the characters themselves and split by whole
lines; every run is drawn at its exact advance, so nothing reads as a gap.

Rules (禁则): no line starts with closing punctuation (，。、；：）」 …), none ends with opening
punctuation (（「 …); Latin words and numbers (ID numbers, phones) stay whole unless longer than a
line; text marked ``<nobr>`` (names) is never split across lines.

Input is the small markup fonts.FontSet.markup writes: escaped text, ``<br/>``, ``<font
name="…">`` for fallback runs, plus ``<nobr>``.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

CANNOT_START = set("，。、；：？！）」』》〉】〕〗”’…—·%‰,.;:?!)]}｝〙〛ー々〻ゝゞ")
CANNOT_END = set("（「『《〈【〔〖“‘([{｛〘〚")
_TOKEN = re.compile(r'<br/>|<nobr>|</nobr>|<font name="([^"]+)">|</font>|&amp;|&lt;|&gt;|&quot;|[^<&]+')
_ENTITY = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"'}


_LATIN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789@#&_+-./:%")
_widths: dict[tuple[str, float], dict[str, float]] = {}  # (font, size) -> character -> advance


def _widths_of(font: str, size: float) -> dict[str, float]:
    """The advance of each character measured so far in ``font`` at ``size`` (measured once)."""
    table = _widths.get((font, size))
    if table is None:
        table = _widths[(font, size)] = {}
    return table


class _Char:
    __slots__ = ("c", "font", "w", "group")

    def __init__(self, c: str, font: str, w: float, group: int):
        self.c, self.font, self.w, self.group = c, font, w, group


_parsed: dict[tuple[str, str, float], list[list[_Char]]] | None = None  # inside parsed_once()


@contextmanager
def parsed_once() -> Iterator[None]:
    """Within: a markup met again is not parsed again (the dossier sets its documents twice, once
    to learn the page numbers). The lines are shared, never changed."""
    global _parsed
    outer = _parsed
    if outer is None:
        _parsed = {}
    try:
        yield
    finally:
        _parsed = outer


def parse(markup: str, font: str, size: float) -> list[list[_Char]]:
    """Hard lines (split at <br/>) of characters with their font, width and unbreakable group."""
    memo = _parsed
    if memo is None:
        return _parse(markup, font, size)
    key = (markup, font, size)
    lines = memo.get(key)
    if lines is None:
        lines = memo[key] = _parse(markup, font, size)
    return lines


def _parse(markup: str, font: str, size: float) -> list[list[_Char]]:
    lines: list[list[_Char]] = [[]]
    fonts = [font]
    group, nobr = 0, 0
    for m in _TOKEN.finditer(markup):
        tok = m.group(0)
        if tok == "<br/>":
            lines.append([])
        elif tok == "<nobr>":
            nobr += 1
            group += 1
        elif tok == "</nobr>":
            nobr -= 1
            group += 1
        elif m.group(1):
            fonts.append(m.group(1))
        elif tok == "</font>":
            fonts.pop()
        else:
            line = lines[-1]
            run_font = fonts[-1]
            widths = _widths_of(run_font, size)
            for c in _ENTITY.get(tok, tok):  # a run of plain text, or one entity
                if not nobr:
                    # Latin words and numbers hold together; any other character stands alone
                    latin = c in _LATIN_CHARS
                    if not (latin and line and line[-1].group == -group - 1 and line[-1].c in _LATIN_CHARS):
                        group += 1
                    g = -group - 1 if latin else group
                else:
                    g = group
                w = widths.get(c)
                if w is None:
                    w = widths[c] = stringWidth(c, run_font, size)
                line.append(_Char(c, run_font, w, g))
    return lines


def _break(chars: list[_Char], width: float, first_width: float) -> list[list[_Char]]:
    """Greedy breaking of one hard line into lines no wider than ``width``, by the rules above."""
    out: list[list[_Char]] = []
    start, n = 0, len(chars)
    while start < n:
        avail = first_width if not out else width
        used, end = 0.0, start
        while end < n and used + chars[end].w <= avail + 1e-6:
            used += chars[end].w
            end += 1
        if end >= n:
            out.append(chars[start:])
            break
        if end == start:  # not even one character fits: put it alone rather than lose it
            end = start + 1
        cut = _best_cut(chars, start, end)
        out.append(chars[start:cut])
        start = cut
        while start < n and chars[start].c == " ":  # a break eats the spaces at it
            start += 1
    return out


def _ok(chars: list[_Char], start: int, cut: int) -> bool:
    before, after = chars[cut - 1], chars[cut]
    return (before.group != after.group and after.c not in CANNOT_START and before.c not in CANNOT_END)


def _best_cut(chars: list[_Char], start: int, end: int) -> int:
    """The last break at or before ``end`` that keeps the rules; a group longer than a line
    breaks anywhere, and a line always takes at least one character."""
    for cut in range(end, start, -1):
        if _ok(chars, start, cut):
            return cut
    # only punctuation rules can be kept: break inside an over-long group
    for cut in range(end, start, -1):
        if chars[cut].c not in CANNOT_START and chars[cut - 1].c not in CANNOT_END:
            return cut
    return end


# One set line: its characters, whether it ends a hard line (not justified), its indent.
_Line = tuple[list[_Char], bool, float]


class TextBlock(Flowable):
    """A paragraph of checked markup, set by the rules above; splits between whole lines."""

    def __init__(self, markup: str, style: ParagraphStyle, *, _lines: list[_Line] | None = None,
                 _at: float | None = None, _first: bool = True, _last: bool = True) -> None:
        super().__init__()
        self.markup, self.style = markup, style
        self._given = _lines
        self._first, self._last = _first, _last  # first/last part of the paragraph (indent, spacing)
        self._lines: list[_Line] = []  # (line, ends a hard line, indent)
        self._wrapped_w: float | None = _at
        self.width = self.height = 0

    # spacing as Paragraph does it, but not at the inner edges of a split
    def getSpaceBefore(self) -> float:
        return self.style.spaceBefore if self._first else 0

    def getSpaceAfter(self) -> float:
        return self.style.spaceAfter if self._last else 0

    def _set(self, avail_w: float) -> None:
        if self._wrapped_w is not None and abs(self._wrapped_w - avail_w) < 1e-6:
            if self._given is not None:
                self._lines = self._given
            return
        st = self.style
        indent = st.firstLineIndent if self._given is None and self._first else 0
        if self._given is not None:  # a part set at another width: set its own characters again
            hards: list[list[_Char]] = [[]]
            for line, hard_end, _ in self._given:
                hards[-1] += line
                if hard_end:
                    hards.append([])
            hards = hards[:-1] if not hards[-1] and len(hards) > 1 else hards
        else:
            hards = parse(self.markup, st.fontName, st.fontSize)
        out = []
        for hard in hards:
            avail = avail_w - st.leftIndent - st.rightIndent
            lines = _break(hard, avail, avail - indent) or [[]]
            out += [(line, i == len(lines) - 1, indent if i == 0 else 0) for i, line in enumerate(lines)]
            indent = 0
        self._lines, self._wrapped_w = out, avail_w

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self._set(avail_w)
        self.width = avail_w
        self.height = len(self._lines) * self.style.leading
        return self.width, self.height

    def split(self, avail_w: float, avail_h: float, /) -> list[Flowable]:
        # reportlab's table asks for a split at the column's full width but draws inside its
        # padding: keep the lines set by the last wrap
        if self._wrapped_w is None:
            self._set(avail_w)
        elif self._given is not None:
            self._lines = self._given
        fit = int((avail_h + 1e-6) // self.style.leading)
        if fit <= 0 or fit >= len(self._lines):
            return [] if fit <= 0 else [self]
        at = self._wrapped_w
        first = TextBlock(self.markup, self.style, _lines=self._lines[:fit], _at=at, _first=self._first, _last=False)
        rest = TextBlock(self.markup, self.style, _lines=self._lines[fit:], _at=at, _first=False, _last=self._last)
        return [first, rest]

    def minWidth(self) -> float:
        return max((c.w for line, _, _ in self._lines for c in line), default=0)

    def draw(self) -> None:
        st = self.style
        c = self.canv
        if getattr(c, "layout_only", False):  # a pass that only counts pages
            return
        for i, (line, hard_end, indent) in enumerate(self._lines):
            if not line:
                continue
            avail = self.width - st.leftIndent - st.rightIndent - indent
            used = sum(ch.w for ch in line)
            x = st.leftIndent + indent
            space = 0.0
            if st.alignment == TA_CENTER:
                x += (avail - used) / 2
            elif st.alignment == TA_RIGHT:
                x += avail - used
            elif st.alignment == TA_JUSTIFY and not hard_end and len(line) > 1:
                # spread the slack over the gaps; a wide gap would read as a space, so cap it
                space = min((avail - used) / (len(line) - 1), st.fontSize * 0.12)
            y = self.height - (i + 1) * st.leading + (st.leading - st.fontSize) / 2 + st.fontSize * 0.2
            t = c.beginText(x, y)
            t.setCharSpace(space)
            run_font = ""  # a run is drawn only once it has characters, so in their font
            run: list[str] = []
            for ch in line:
                if ch.font != run_font and run:
                    t.setFont(run_font, st.fontSize)
                    t.textOut("".join(run))
                    run = []
                run_font = ch.font
                run.append(ch.c)
            if run:
                t.setFont(run_font, st.fontSize)
                t.textOut("".join(run))
            c.drawText(t)
