"""A scanned PDF's own pages placed into the dossier (pypdf): each scan page is scaled into the
text area of a page the dossier left for it, so the dossier's page number stays under it."""
from __future__ import annotations

import io
import logging
from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.errors import PdfReadError

from zhongxin_desktop.documents.layout import BODY_W, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_TOP, PAGE_H

log = logging.getLogger(__name__)


def page_count(path: Path) -> int:
    """Pages of a scan, 0 when it cannot be read (encrypted, damaged): a placeholder page then."""
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            return 0
        return len(reader.pages)
    except (PdfReadError, OSError, ValueError) as exc:
        log.info("scan %s unreadable: %s", path, exc)
        return 0


def merge(pdf: bytes, slots: dict[str, int], path_of: Callable[[str], Path]) -> bytes:
    """``slots``: "sha256:index" -> 1-based dossier page where that scan page goes."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    readers: dict[str, PdfReader] = {}
    area_h = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM
    for key, page_no in slots.items():
        sha, index = key.rsplit(":", 1)
        reader = readers.get(sha) or readers.setdefault(sha, PdfReader(str(path_of(sha))))
        scan = reader.pages[int(index)]
        w, h = float(scan.mediabox.width), float(scan.mediabox.height)
        scale = min(BODY_W / w, area_h / h)
        x = MARGIN_LEFT + (BODY_W - w * scale) / 2 - float(scan.mediabox.left) * scale
        y = MARGIN_BOTTOM + (area_h - h * scale) / 2 - float(scan.mediabox.bottom) * scale
        writer.pages[page_no - 1].merge_transformed_page(scan, Transformation().scale(scale).translate(x, y))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
