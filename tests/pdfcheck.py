"""Reading PDFs back the way a person's tools would: pdftotext, pdffonts, pdftoppm, zbarimg."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path


def text_of(pdf: Path | bytes, tmp: Path | None = None) -> str:
    path = _path(pdf, tmp)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def squash(text: str) -> str:
    """Without whitespace: CJK lines wrap anywhere, so compare texts without it."""
    return re.sub(r"\s+", "", text)


def assert_fields_landed(pdf_text: str, values: list[str]) -> None:
    flat = squash(pdf_text)
    missing = [v for v in values if squash(str(v)) not in flat]
    assert not missing, f"not in the PDF: {missing}"


def fonts_of(pdf: Path | bytes, tmp: Path | None = None) -> list[dict]:
    path = _path(pdf, tmp)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        # name type... emb sub uni object id: read from the right, names have no spaces
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows


def assert_all_fonts_embedded(pdf: Path | bytes, tmp: Path | None = None) -> list[dict]:
    rows = fonts_of(pdf, tmp)
    assert rows, "no fonts at all?"
    bad = [r["name"] for r in rows if r["emb"] != "yes"]
    assert not bad, f"fonts not embedded: {bad}"
    assert not any("STSong" in r["name"] for r in rows)
    return rows


def page_count(pdf: Path | bytes, tmp: Path | None = None) -> int:
    path = _path(pdf, tmp)
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", out).group(1))


def decode_qr(pdf: Path | bytes, tmp: Path, page: int = 1) -> list[str]:
    path = _path(pdf, tmp)
    prefix = tmp / f"qr-{path.stem}"
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", str(page), "-l", str(page), str(path), str(prefix)],
                   check=True)
    png = sorted(tmp.glob(f"qr-{path.stem}*.png"))[0]
    out = subprocess.run(["zbarimg", "--raw", "-q", str(png)], capture_output=True, text=True)
    return [line for line in out.stdout.splitlines() if line.strip()]


def _path(pdf: Path | bytes, tmp: Path | None) -> Path:
    if isinstance(pdf, (bytes, bytearray)):
        assert tmp is not None
        n = len(list(tmp.glob("doc-*.pdf")))
        path = tmp / f"doc-{n}.pdf"
        path.write_bytes(pdf)
        return path
    return Path(pdf)


def word_boxes(pdf: Path | bytes, tmp: Path | None = None) -> list[tuple[float, float, list[tuple]]]:
    """Every page's size and word boxes (xmin, ymin, xmax, ymax, text) as `pdftotext -bbox-layout`
    reads them: what a person sees where."""
    import xml.etree.ElementTree as ET

    path = _path(pdf, tmp)
    xhtml = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox-layout", str(path), "-"], capture_output=True,
                           text=True, check=True).stdout
    ns = "{http://www.w3.org/1999/xhtml}"
    pages = []
    for page in ET.fromstring(xhtml).iter(f"{ns}page"):
        words = [(float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")), float(w.get("yMax")),
                  w.text or "") for w in page.iter(f"{ns}word")]
        pages.append((float(page.get("width")), float(page.get("height")), words))
    return pages


def layout_faults(pdf: Path | bytes, tmp: Path | None = None, left: float = 79.0, right: float = 74.0,
                  margin: float = 20.0, watermark: str = "") -> list[str]:
    """Words outside the text column (``left``/``right`` margins: 28 mm / 26 mm), within ``margin``
    pt of the top or bottom edge, and words drawn over other words (a ``watermark`` lies under the
    text by design)."""
    faults = []
    for n, (width, height, all_words) in enumerate(word_boxes(pdf, tmp), start=1):
        words = [w for w in all_words if not watermark or w[4].strip() not in watermark]
        for x0, y0, x1, y1, text in words:
            if x0 < left - 0.5 or y0 < margin or x1 > width - right + 0.5 or y1 > height - margin:
                faults.append(f"page {n}: “{text[:20]}” at ({x0:.0f},{y0:.0f})-({x1:.0f},{y1:.0f}) off the page")
        ordered = sorted(words)
        for i, (x0, y0, x1, y1, text) in enumerate(ordered):
            for a0, b0, a1, b1, other in ordered[i + 1:]:
                if a0 >= x1 - 0.5:
                    break
                # glyph boxes of adjacent lines touch; text over text overlaps by much more
                if min(x1, a1) - max(x0, a0) > 1.0 and min(y1, b1) - max(y0, b0) > 2.0:
                    faults.append(f"page {n}: “{text[:20]}” overlaps “{other[:20]}”")
    return faults


def body_text(pdf: Path | bytes, tmp: Path | None = None) -> str:
    """The text between the running header and the page footer (A4, 72 dpi)."""
    path = _path(pdf, tmp)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", "-raw", "-x", "0", "-y", "56", "-W", "595", "-H", "744", str(path),
                           "-"], capture_output=True, text=True, check=True).stdout


def ink_faults(pdf: Path, tmp: Path, left: float = 79.0, right: float = 74.0, margin: float = 20.0,
               slack: float = 3.0) -> list[str]:
    """Every page rendered with pdftoppm as a person sees it: A4, not blank, and no dark ink outside
    the text column (``slack`` pt for table rules drawn just beside it) or within ``margin`` pt of the
    top or bottom edge. Light grey (a 草稿 watermark) is not counted as ink."""
    from PIL import Image

    dpi = 50
    prefix = tmp / f"ink-{Path(pdf).stem}"
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(prefix)], check=True)
    faults = []
    pngs = sorted(tmp.glob(f"{prefix.name}-*.png"))
    assert len(pngs) == page_count(pdf)
    for n, png in enumerate(pngs, start=1):
        image = Image.open(png).convert("L")
        scale = dpi / 72
        width, height = image.size[0] / scale, image.size[1] / scale
        if abs(width - 595.3) > 2 or abs(height - 841.9) > 2:
            faults.append(f"page {n}: {width:.0f}×{height:.0f} pt is not A4")
        box = image.point(lambda v: 255 if v < 160 else 0).getbbox()
        if box is None:
            faults.append(f"page {n}: blank")
            continue
        x0, y0, x1, y1 = (v / scale for v in box)
        if x0 < left - slack or x1 > width - right + slack or y0 < margin or y1 > height - margin:
            faults.append(f"page {n}: ink at ({x0:.0f},{y0:.0f})-({x1:.0f},{y1:.0f}) outside the printable column")
    return faults
