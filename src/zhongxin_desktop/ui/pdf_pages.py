"""PDF pages as images for the print preview and for printing through Qt.

QtPdf (the pyside6-pdf wheel, pdfium inside) is used when present: it works the same on Windows
and in the frozen app. Without it, poppler's ``pdftoppm`` (poppler-utils on Linux) renders the
pages. Either way the PDF printed is the very file reportlab made — the preview shows what the
printer gets.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtGui import QImage

if TYPE_CHECKING:
    from PySide6.QtPdf import QPdfDocument as PdfDocument


def _qtpdf() -> type[PdfDocument] | None:
    try:  # the separate pyside6-pdf wheel
        from PySide6.QtPdf import QPdfDocument
    except ImportError:  # pragma: no cover - depends on the installation
        return None
    return QPdfDocument


QPdfDocument = _qtpdf()  # None: render with pdftoppm (the tests set it so, too)


class PdfPages:
    """Holds one PDF and renders its pages at any resolution."""

    def __init__(self, pdf: bytes) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="zhongxin-preview-")
        self.path = Path(self._dir.name) / "document.pdf"
        self.path.write_bytes(pdf)
        self._doc: PdfDocument | None = None
        if QPdfDocument is not None:
            self._doc = QPdfDocument()
            if self._doc.load(str(self.path)) != QPdfDocument.Error.None_:
                self._doc = None
        if self._doc is None and shutil.which("pdftoppm") is None:
            raise RuntimeError("无法预览：缺少 QtPdf（pyside6-pdf）和 pdftoppm（poppler-utils）")
        self.count = self._doc.pageCount() if self._doc is not None else _poppler_count(self.path)

    @property
    def backend(self) -> str:
        return "QtPdf" if self._doc is not None else "pdftoppm"

    def image(self, page: int, dpi: float) -> QImage:
        if self._doc is not None:
            pts = self._doc.pagePointSize(page)
            size = QSize(round(pts.width() * dpi / 72), round(pts.height() * dpi / 72))
            return self._doc.render(page, size)
        prefix = Path(self._dir.name) / f"p{page}-{int(dpi)}"
        subprocess.run(["pdftoppm", "-png", "-r", str(int(dpi)), "-f", str(page + 1), "-l", str(page + 1),
                        "-singlefile", str(self.path), str(prefix)], check=True, capture_output=True)
        return QImage(str(prefix) + ".png")

    def close(self) -> None:
        if self._doc is not None:
            self._doc.close()
        self._dir.cleanup()


def _poppler_count(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return 0


def image_pdf(data: bytes) -> bytes:
    """A JPG/PNG scan wrapped in a one-page PDF, so the same preview/print path shows it."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    img = ImageReader(io.BytesIO(data))
    w, h = img.getSize()
    scale = min(A4[0] / w, A4[1] / h)
    c = Canvas(out, pagesize=A4)
    c.drawImage(img, (A4[0] - w * scale) / 2, (A4[1] - h * scale) / 2, w * scale, h * scale)
    c.showPage()
    c.save()
    return out.getvalue()
