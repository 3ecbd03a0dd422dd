"""Fonts for printed documents: a Song-style TrueType font embedded as a subset, fallbacks for
rare characters, and a refusal when no installed font can draw a character.

Why this much care: a signed 人民调解协议书 is a legal document. A name drawn as a blank box
(or silently dropped) is not acceptable, so every character of every field is checked against the
fonts' character maps before anything is drawn.

Order of search: the file chosen in settings (``pdf_font_file``); ``resources/fonts/``;
the system (Windows SimSun/SimFang/SimHei, Linux AR PL UMing, WenQuanYi). Fonts that only add rare
characters (SimSun-ExtB, 花园明朝 HanaMin A/B) are used as fallbacks. Never the CID font
STSong-Light: it is not embedded. reportlab cannot read fonts with PostScript outlines (Noto CJK).
"""
from __future__ import annotations

import logging
import os
import sys
import threading
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypedDict
from pathlib import Path

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from zhongxin_desktop.domain.errors import DomainError

log = logging.getLogger(__name__)


class FontError(DomainError):
    """No usable font, or a chosen font file that cannot be used."""


class UnprintableCharacter(DomainError):
    """A character that no available font can draw; the print is refused."""

    def __init__(self, char: str, field_name: str):
        self.char, self.field = char, field_name
        super().__init__(
            f"“{field_name}”中的字“{char}”（U+{ord(char):04X}）在本机所有打印字体中都没有字形，"
            "打印出来会是空白方块，已拒绝打印。请在“设置 → 打印字体”中选择包含此字的 TrueType 字体"
            "（如 SimSun-ExtB、花园明朝 HanaMinB），或请技术人员安装后再打印。"
        )


# ---- reportlab fix: ToUnicode entries for characters outside the BMP --------------------------
# reportlab writes "<%04X>" for each code point, which is wrong above U+FFFF (five hex digits):
# the character then extracts as garbage or vanishes, so search and copy in the PDF break for
# exactly the rare characters we take trouble to print. PDF wants UTF-16BE (surrogate pairs).
def _utf16_hex(code: int) -> str:
    if code > 0xFFFF:
        code -= 0x10000
        return f"{0xD800 + (code >> 10):04X}{0xDC00 + (code & 0x3FF):04X}"
    return f"{code:04X}"


_original_cmap = ttfonts.makeToUnicodeCMap


def _to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    lines = _original_cmap(fontname, subset).split("\n")
    start = lines.index(next(line for line in lines if line.endswith("beginbfchar"))) + 1
    for i, code in enumerate(subset):
        lines[start + i] = f"<{i:02X}> <{_utf16_hex(code)}>"
    return "\n".join(lines)


if getattr(ttfonts.makeToUnicodeCMap, "__name__", "") != "_to_unicode_cmap":
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap


def _keep_tables(face: ttfonts.TTFontFace) -> None:
    """reportlab copies a table out of the font file's bytes each time it makes a subset: for
    the glyph table of a CJK font that is the whole 17 MB of UMing, several times per document.
    The tables never change, so each is copied once per process."""
    copy: Callable[[str], bytes] = face.get_table
    tables: dict[str, bytes] = {}

    def get_table(tag: str) -> bytes:
        if tag not in tables:
            tables[tag] = copy(tag)
        return tables[tag]

    setattr(face, "get_table", get_table)  # on this face only: the class's method stays as it is


@dataclass(frozen=True)
class FontFile:
    path: Path
    index: int = 0  # sub-font of a .ttc collection (0 = simplified Chinese for UMing)
    label: str = ""


def _windows_fonts() -> Path:
    return Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"


def system_candidates() -> list[FontFile]:
    """Song/FangSong first, then Hei; these may be the main font."""
    if sys.platform.startswith("win"):
        w = _windows_fonts()
        return [FontFile(w / "simsun.ttc", 0, "宋体"), FontFile(w / "simfang.ttf", 0, "仿宋"),
                FontFile(w / "simhei.ttf", 0, "黑体"), FontFile(w / "msyh.ttc", 0, "微软雅黑")]
    share = Path("/usr/share/fonts")
    return [FontFile(share / "truetype/arphic/uming.ttc", 0, "AR PL UMing"),
            FontFile(share / "truetype/arphic/ukai.ttc", 0, "AR PL UKai"),
            FontFile(share / "truetype/wqy/wqy-zenhei.ttc", 0, "文泉驿正黑"),
            FontFile(share / "truetype/wqy/wqy-microhei.ttc", 0, "文泉驿微米黑")]


def extension_candidates() -> list[FontFile]:
    """Fonts used only for characters the main font lacks (CJK extensions B-F)."""
    w = _windows_fonts()
    share = Path("/usr/share/fonts/truetype")
    return [FontFile(w / "simsunb.ttf", 0, "SimSun-ExtB"), FontFile(w / "mingliub.ttc", 0, "MingLiU-ExtB"),
            FontFile(share / "hanazono/HanaMinA.ttf", 0, "花园明朝A"),
            FontFile(share / "hanazono/HanaMinB.ttf", 0, "花园明朝B")]


def resource_candidates() -> list[FontFile]:
    from zhongxin_desktop.paths import resource_path

    try:
        folder = resource_path("fonts")
    except FileNotFoundError:
        return []
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".ttf", ".ttc", ".otf"))
    return [FontFile(p, 0, p.stem) for p in files]


def setting_candidate() -> FontFile | None:
    try:
        from zhongxin_desktop.services import settings

        chosen = settings.get("pdf_font_file")
    except Exception:  # no database bound (e.g. a font check at start-up): no setting
        return None
    return FontFile(Path(chosen), 0, "设置中的字体") if chosen else None


@dataclass
class LoadedFont:
    name: str  # registered reportlab font name
    file: FontFile
    cmap: dict[int, int] = field(repr=False, default_factory=dict)  # code point -> glyph

    def has(self, char: str) -> bool:
        return ord(char) in self.cmap


_lock = threading.Lock()
_loaded: dict[tuple[str, int], LoadedFont | None] = {}


def load(ff: FontFile, *, strict: bool = False) -> LoadedFont | None:
    """Register a font file with reportlab (once per process). None when unusable, unless
    ``strict``, which raises FontError naming the file and the reason."""
    key = (str(ff.path), ff.index)
    with _lock:
        if key in _loaded and not (strict and _loaded[key] is None):
            return _loaded[key]
        result = None
        if ff.path.is_file():
            name = f"ZX{len(_loaded)}-{ff.path.stem}"
            try:
                font = TTFont(name, str(ff.path), subfontIndex=ff.index)
                _keep_tables(font.face)
                pdfmetrics.registerFont(font)
                result = LoadedFont(name, ff, font.face.charToGlyph)
            except (TTFError, OSError, ValueError, KeyError) as exc:
                log.info("font %s unusable: %s", ff.path, exc)
                if strict:
                    raise FontError(f"字体文件 {ff.path} 无法用于打印：{exc}。reportlab 只能嵌入 TrueType 轮廓"
                                    "的字体（不支持思源/Noto CJK 等 PostScript 轮廓字体），请改选宋体、仿宋等"
                                    " .ttf/.ttc 文件。") from exc
        elif strict:
            raise FontError(f"设置中的打印字体文件 {ff.path} 不存在，请在“设置 → 打印字体”中重新选择。")
        _loaded[key] = result
        return result


def _usable_as_main(font: LoadedFont) -> bool:
    # Droid Sans Fallback has no Latin digits: years and ID numbers would vanish.
    return all(font.has(c) for c in "0123456789Xx中国年月日：")


def _is_ignorable(char: str) -> bool:
    """Invisible characters that need no glyph (variation selectors, zero-width joiners)."""
    code = ord(char)
    return (0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF or code in (0x200B, 0x200C, 0x200D, 0xFEFF))


class FontSet:
    """The main font plus fallbacks; turns field text into Paragraph markup that draws every
    character with a font that has it, or refuses."""

    def __init__(self, main: LoadedFont, fallbacks: list[FontFile]):
        self.main = main
        self._fallback_files = fallbacks
        self._fallbacks: list[LoadedFont] | None = None
        # the font that draws each character seen so far (None: nothing to draw); a form asks
        # for the same few hundred characters thousands of times
        self._drawn_by: dict[str, LoadedFont | None] = {}
        self._markups: dict[str, str] = {}  # text -> markup: a dossier sets its documents twice

    @property
    def name(self) -> str:
        return self.main.name

    def fallbacks(self) -> list[LoadedFont]:
        if self._fallbacks is None:  # loaded only when a rare character shows up: start-up stays fast
            self._fallbacks = [f for f in (load(ff) for ff in self._fallback_files) if f is not None]
        return self._fallbacks

    def font_for(self, char: str) -> LoadedFont | None:
        if self.main.has(char):
            return self.main
        return next((f for f in self.fallbacks() if f.has(char)), None)

    def _font_of(self, char: str) -> LoadedFont | None:
        if char == "\n":
            return self.main
        if _is_ignorable(char) or unicodedata.category(char) == "Cc":
            return None
        return self.font_for(char)

    def check(self, text: str, field_name: str) -> None:
        self.runs(text, field_name)

    def runs(self, text: str, field_name: str) -> list[tuple[LoadedFont, str]]:
        """Split ``text`` into runs of one font each. Raises UnprintableCharacter."""
        out: list[tuple[LoadedFont, list[str]]] = []
        drawn_by = self._drawn_by
        for char in unicodedata.normalize("NFC", text or ""):
            if char in "\n\r\t":
                char = "\n" if char != "\t" else " "
            try:
                font = drawn_by[char]
            except KeyError:
                font = drawn_by[char] = self._font_of(char)
            if font is None:
                if _is_ignorable(char) or unicodedata.category(char) == "Cc":
                    continue
                raise UnprintableCharacter(char, field_name)
            if out and out[-1][0] is font:
                out[-1][1].append(char)
            else:
                out.append((font, [char]))
        return [(font, "".join(chars)) for font, chars in out]

    def markup(self, text: str, field_name: str) -> str:
        """Paragraph markup for ``text``: escaped, line breaks kept, fallback runs in <font>."""
        known = self._markups.get(text)
        if known is not None:
            return known
        parts = []
        for font, run in self.runs(text, field_name):
            escaped = run.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br/>")
            parts.append(escaped if font is self.main else f'<font name="{font.name}">{escaped}</font>')
        markup = "".join(parts)
        if len(text) <= 1000:  # bounded memory: labels and short fields are what forms repeat
            if len(self._markups) >= 5000:
                self._markups.clear()
            self._markups[text] = markup
        return markup


_fontset: FontSet | None = None
_fontset_key: object = None


def fontset() -> FontSet:
    """The fonts to print with, found in the documented order (cached per chosen setting)."""
    global _fontset, _fontset_key
    chosen = setting_candidate()
    key = chosen
    if _fontset is not None and _fontset_key == key:
        return _fontset
    candidates: list[FontFile] = []
    if chosen is not None:
        check_font_file(str(chosen.path))
        candidates.append(chosen)
    candidates += resource_candidates() + system_candidates()
    main = None
    rest: list[FontFile] = []
    for ff in candidates:
        if main is None:
            font = load(ff)
            if font is not None and _usable_as_main(font):
                main = font
                continue
        rest.append(ff)
    if main is None:
        raise FontError("本机没有可用于打印的中文 TrueType 字体。Windows 请确认已安装宋体（simsun.ttc）；"
                        "Linux 请安装 fonts-arphic-uming；或在“设置 → 打印字体”中选择一个宋体/仿宋字体文件。")
    _fontset = FontSet(main, rest + extension_candidates())
    _fontset_key = key
    return _fontset


def reset_cache() -> None:
    """Forget the chosen fonts (after the setting changed; tests)."""
    global _fontset, _fontset_key
    _fontset, _fontset_key = None, None


def check_font_file(path: str) -> LoadedFont:
    """Refuse (FontError naming the file) a file that cannot be the main print font."""
    ff = FontFile(Path(path), 0, "设置中的字体")
    font = load(ff, strict=True)  # strict: raises rather than returning None
    if font is None or not _usable_as_main(font):
        raise FontError(f"字体文件 {path} 缺少数字或常用汉字，不能作为正文字体。")
    return font


class FontDescription(TypedDict):
    main: str  # label and file of the main font
    fallbacks: list[str]
    sample: str  # which font draws which part of the sample, or why it cannot be printed


def describe(sample: str = "") -> FontDescription:
    """What the settings page shows: the fonts in use and, for a sample text, who draws what."""
    fs = fontset()
    info = FontDescription(main=f"{fs.main.file.label}（{fs.main.file.path}）",
                           fallbacks=[f"{f.file.label}（{f.file.path}）" for f in fs.fallbacks()], sample="")
    if sample:
        try:
            runs = fs.runs(sample, "测试文字")
            info["sample"] = "；".join(f"“{text}”用 {font.file.label}" for font, text in runs)
        except UnprintableCharacter as exc:
            info["sample"] = str(exc)
    return info
