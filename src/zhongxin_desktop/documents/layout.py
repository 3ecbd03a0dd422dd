"""Page layout shared by every printed document: A4, Song-style type, page numbers, and the
small building blocks (title, labelled fields, signature lines) the documents are made of.

All field text goes through ``Doc.p``/``Doc.field`` so every character is checked against the
fonts (fonts.FontSet.markup) — a rare character either prints with a fallback glyph or the
whole print is refused naming the character and the field.
"""
from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate, Flowable, Frame, KeepTogether, PageTemplate, Spacer, Table, TableStyle,
)

from zhongxin_desktop.documents.fonts import FontSet, fontset
from zhongxin_desktop.documents.textblock import TextBlock

PAGE_W, PAGE_H = A4
# Margins after GB/T 9704 (official documents): top 37 mm, binding side 28 mm; a little less at
# the bottom to leave the page number room.
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 28 * mm, 26 * mm, 25 * mm, 22 * mm
BODY_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT
# A table style command: its name, first and last cell, then its values ("GRID", (0, 0), (-1, -1), 0.6, black)
TableCommand = tuple[Any, ...]
# A grid's span: its first and last cell
Span = tuple[tuple[int, int], tuple[int, int]]


class Doc:
    """Styles bound to a font set, and helpers that build flowables from field values."""

    def __init__(self, fonts: FontSet | None = None):
        self.fonts = fonts or fontset()
        f = self.fonts.name
        self.title_style = ParagraphStyle("title", fontName=f, fontSize=22, leading=30, alignment=TA_CENTER,
                                          spaceAfter=4 * mm, wordWrap="CJK")
        self.subtitle_style = ParagraphStyle("subtitle", fontName=f, fontSize=12, leading=18, alignment=TA_RIGHT,
                                             wordWrap="CJK")
        self.body = ParagraphStyle("body", fontName=f, fontSize=12, leading=21, alignment=TA_JUSTIFY,
                                   wordWrap="CJK")
        self.indent = ParagraphStyle("indent", parent=self.body, firstLineIndent=24)
        self.heading = ParagraphStyle("heading", parent=self.body, fontSize=12.5, spaceBefore=3 * mm, spaceAfter=1 * mm)
        self.cell = ParagraphStyle("cell", fontName=f, fontSize=10.5, leading=15, wordWrap="CJK")
        self.cell_center = ParagraphStyle("cellc", parent=self.cell, alignment=TA_CENTER)
        self.small = ParagraphStyle("small", fontName=f, fontSize=9, leading=12, wordWrap="CJK")
        self.right = ParagraphStyle("right", parent=self.body, alignment=TA_RIGHT)
        self.center = ParagraphStyle("center", parent=self.body, alignment=TA_CENTER)
        self.left = ParagraphStyle("left", parent=self.body, alignment=TA_LEFT)

    # text ----------------------------------------------------------------------------------------
    def m(self, text: object, field: str) -> str:
        """Checked markup of one field's value."""
        return self.fonts.markup("" if text is None else str(text), field)

    def p(self, text: object, field: str, style: ParagraphStyle | None = None) -> TextBlock:
        return TextBlock(self.m(text, field), style or self.body)

    def raw(self, markup: str, style: ParagraphStyle | None = None) -> TextBlock:
        """Fixed wording of a form (no user data). Still checked, with the field named 'form'."""
        return TextBlock(self.fonts.markup(markup, "文书固定文字"), style or self.body)

    def title(self, text: str, size: float = 22) -> "Title":
        self.fonts.check(text, "标题")
        return Title(self, text, size)

    def labelled(self, label: str, value: object, field: str | None = None, style: ParagraphStyle | None = None
                 ) -> TextBlock:
        """"纠纷主要事实、争议事项：…" — label then the value, wrapping under the label."""
        return TextBlock(self.m(label, "文书固定文字") + self.m(value, field or label), style or self.body)

    # tables --------------------------------------------------------------------------------------
    def table(self, data: list[list[object]], col_widths: list[float], style: list[TableCommand],
              row_heights: list[float] | None = None, *,
              split_in_row: bool = False, min_heights: list[float] | None = None) -> Table:
        """A Table whose empty cells use our font: reportlab's default cell font is Helvetica,
        which would be declared (not embedded) in the PDF."""
        t = (FormTable if split_in_row else FieldTable)(data, colWidths=col_widths, rowHeights=row_heights,
                                                        splitInRow=1 if split_in_row else 0,
                                                        minRowHeights=min_heights)
        t.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), self.fonts.name), *style]))
        return t

    def grid(self, rows: Sequence[Sequence[object]], widths: list[float], *, label_cols: Iterable[int] = (0,),
             spans: list[Span] | None = None, min_heights: dict[int, float] | None = None) -> Table:
        """A ruled form table. Cells are (value, field) pairs, Paragraphs, or plain labels."""
        labels = set(label_cols)
        data: list[list[object]] = []
        for row in rows:
            out: list[object] = []
            for col, cell in enumerate(row):
                if isinstance(cell, tuple):
                    out.append(TextBlock(self.m(cell[0], cell[1]), self.cell))
                elif isinstance(cell, str):
                    style = self.cell_center if col in labels else self.cell
                    out.append(TextBlock(self.fonts.markup(cell, "文书固定文字"), style))
                else:
                    out.append(cell if cell is not None else "")
            data.append(out)
        # Labels at the top of their row: a row split across pages keeps its label on the first part.
        commands: list[TableCommand] = [
            ("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]
        for span in spans or []:
            commands.append(("SPAN", *span))
        # Rows grow with their text and split across pages; a minimum height only leaves room to
        # write by hand when the field is short.
        mins = [(min_heights or {}).get(i, 0) for i in range(len(data))]
        return self.table(data, widths, commands, split_in_row=True, min_heights=mins if min_heights else None)

    def name(self, text: object, field: str) -> str:
        """Checked markup of a name: never split across lines."""
        return f"<nobr>{self.m(text, field)}</nobr>"

    def sign_line(self, label: str, width: float = BODY_W / 2, height: float = 16 * mm, markup: str | None = None
                  ) -> Table:
        """"当事人（签名盖章或按指印）：________" with room above the line for a fingerprint.
        ``markup``: the label already checked (it carries a name)."""
        label_w = min(width * 0.75, stringWidth(label, self.fonts.name, self.cell.fontSize) + 4 * mm)
        cell = TextBlock(markup if markup is not None else self.fonts.markup(label, "文书固定文字"), self.cell)
        t = self.table([[cell, ""]], [label_w, width - label_w],
                       [("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LINEBELOW", (1, 0), (1, 0), 0.6, colors.black),
                        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 2)], min_heights=[height])
        t.hAlign = "LEFT"
        return t


class FieldTable(Table):
    """A table of the forms; drawn only when the pages are printed (LayoutCanvas: not at all)."""

    def draw(self) -> None:
        if not getattr(self.canv, "layout_only", False):
            super().draw()


class FormTable(FieldTable):
    """A ruled table whose rows split across pages: each part is closed by its own frame (a row
    split inside itself otherwise leaves the page edge of the cell open)."""

    def split(self, avail_w: float, avail_h: float, /) -> list[Flowable]:
        parts = super().split(avail_w, avail_h)
        for part in parts:
            if isinstance(part, Table):  # always: a table splits into tables
                part.setStyle([("BOX", (0, 0), (-1, -1), 0.6, colors.black)])
        return parts


class Title(Flowable):
    """The document title: centred, large, letter-spaced Song, drawn slightly heavier (fill and
    stroke) because the Song fonts available (UMing, SimSun) have no bold face."""

    def __init__(self, doc: Doc, text: str, size: float = 22) -> None:
        super().__init__()
        self.doc, self.text, self.size = doc, text, size
        self.space = size * 0.18 if len(text) <= 10 else 0
        self.height = size * 1.9
        self.width = BODY_W

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.width = avail_w
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        w = stringWidth(self.text, self.doc.fonts.name, self.size) + self.space * (len(self.text) - 1)
        t = c.beginText((self.width - w) / 2, self.size * 0.7)
        t.setFont(self.doc.fonts.name, self.size)
        t.setCharSpace(self.space)
        t.setTextRenderMode(2)
        c.saveState()
        c.setLineWidth(self.size * 0.025)
        t.textOut(self.text)
        c.drawText(t)
        c.restoreState()


class SealPlaceholder(Flowable):
    """A dashed circle where the committee's seal goes, with its caption; date below."""

    def __init__(self, doc: Doc, caption: str, date_text: str, diameter: float = 32 * mm) -> None:
        super().__init__()
        self.doc, self.caption, self.date_text, self.d = doc, caption, date_text, diameter
        self.width, self.height = diameter + 16 * mm, diameter + 10 * mm

    def draw(self) -> None:
        c = self.canv
        cx, r = self.width / 2, self.d / 2
        cy = 10 * mm + r
        c.saveState()
        c.setStrokeColor(colors.Color(0.55, 0.55, 0.55))
        c.setDash(3, 2)
        c.circle(cx, cy, r)
        c.setFillColor(colors.Color(0.35, 0.35, 0.35))
        # Committee name on one line (shrunk to fit the circle), "（印）" under it.
        size = 10.0
        while size > 6 and stringWidth(self.caption, self.doc.fonts.name, size) > self.d * 0.86:
            size -= 0.5
        c.setFont(self.doc.fonts.name, size)
        c.drawCentredString(cx, cy + 2, self.caption)
        c.setFont(self.doc.fonts.name, 10)
        c.drawCentredString(cx, cy - 12, "（印）")
        c.setFillColor(colors.black)
        c.setFont(self.doc.fonts.name, 12)
        c.drawCentredString(cx, 1.5 * mm, self.date_text)
        c.restoreState()


class PageMarker(Flowable):
    """Zero-size flowable remembering the page it landed on (for the dossier's 卷内目录)."""

    def __init__(self, sink: dict[str, int], key: str) -> None:
        super().__init__()
        self.sink, self.key = sink, key
        self.width = self.height = 0

    def draw(self) -> None:
        self.sink.setdefault(self.key, self.canv.getPageNumber())


class PageMark(Flowable):
    """Zero-size flowable that starts a mark painted under every page from its own page on (a
    draft's 草稿 across every page of a document that runs over several); ``PageMark(None)`` ends it.
    ``paint`` draws on the whole page, in page coordinates."""

    def __init__(self, paint: Callable[[Canvas], None] | None) -> None:
        super().__init__()
        self.paint = paint
        self.width = self.height = 0

    def draw(self) -> None:
        c = self.canv
        if self.paint is not None:  # this page began before the mark: paint it here, under what follows
            x, y = c.absolutePosition(0, 0)
            c.saveState()
            c.translate(-x, -y)
            self.paint(c)
            c.restoreState()
        setattr(c, "page_mark", self.paint)  # the canvas carries it to the next pages (_paint_page_mark)


def _paint_page_mark(canv: Canvas, _template: object) -> None:
    paint = getattr(canv, "page_mark", None)
    if paint is not None:
        canv.saveState()
        paint(canv)
        canv.restoreState()


def _numbered_canvas(font: str, footer: Callable[[int, int], str], header: str = "") -> type[Canvas]:
    """A canvas that knows the page count before drawing the footers (two-step save)."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            # reportlab's own reset for a fresh page (what its showPage does after writing the page);
            # the stubs list only public methods
            self._startPage()  # type: ignore[attr-defined]

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                page = self.getPageNumber()
                text = footer(page, total)
                if text:
                    self.setFont(font, 10)
                    self.drawCentredString(PAGE_W / 2, 11 * mm, text)
                if header and page > 1:  # continuation pages name the document they belong to
                    self.setFont(font, 9)
                    self.drawRightString(PAGE_W - MARGIN_RIGHT, PAGE_H - 14 * mm,
                                         f"{header}　第{page}页 共{total}页")
                super().showPage()
            super().save()

    return NumberedCanvas


class LayoutCanvas(Canvas):
    """A canvas for a pass that only learns on which page each part lands: no text is set
    (TextBlock skips drawing on it), the pages are dropped and nothing is written."""

    layout_only = True

    def showPage(self) -> None:
        self._startPage()  # type: ignore[attr-defined]  # reportlab's own reset, as above

    def save(self) -> None:
        pass


def default_footer(page: int, total: int) -> str:
    return f"第 {page} 页　共 {total} 页" if total > 1 else ""


def build_pdf(story: list[Flowable], doc: Doc, *, title: str, author: str = "",
              footer: Callable[[int, int], str] = default_footer, header: str = "",
              layout_only: bool = False) -> bytes:
    """The PDF of ``story``; ``layout_only``: lay the pages out for their page numbers only
    (PageMarker), returning nothing."""
    out = io.BytesIO()
    template = BaseDocTemplate(out, pagesize=A4, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT,
                               topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=title, author=author,
                               creator="综治中心桌面端", initialFontName=doc.fonts.name, initialFontSize=12)
    frame = Frame(MARGIN_LEFT, MARGIN_BOTTOM, BODY_W, PAGE_H - MARGIN_TOP - MARGIN_BOTTOM, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    template.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=_paint_page_mark)])
    if header:
        doc.fonts.check(header, "页眉")
    template.build(story, canvasmaker=LayoutCanvas if layout_only else _numbered_canvas(doc.fonts.name, footer, header))
    return out.getvalue()


def gap(h_mm: float = 3) -> Spacer:
    return Spacer(1, h_mm * mm)


def keep(*flowables: Flowable) -> KeepTogether:
    return KeepTogether(list(flowables))
