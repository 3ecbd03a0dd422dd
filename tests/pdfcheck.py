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
