"""Printing an agreement end to end through a real print queue: a private CUPS scheduler with a
cups-pdf printer (scripts/bootstrap installs cups and printer-driver-cups-pdf). The app's print
path — preset copies (parties + 1), A4, 100% — sends the job; the PDF the printer produced is
read back and compared with the agreement's own PDF: same size, same ink in the same places.

The print runs in a child process: libcups remembers the first scheduler a process talked to, so
the private one is named in the child's environment (CUPS_SERVER) before Qt starts.
In CI (CI set) a missing tool is a failure, not a skip."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from docs_flow import add_session, agreement_input, two_party_case
from helpers import need

BACKEND = Path("/usr/lib/cups/backend/cups-pdf")
PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")

CUPSD_CONF = """Listen {root}/cups.sock
LogLevel warn
PageLogFormat job=%j copies=%{{copies}} media=%{{media}} fit=%{{fit-to-page}} scaling=%{{print-scaling}}
WebInterface No
DefaultAuthType None
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
"""
FILES_CONF = """ServerRoot {root}/etc
RequestRoot {root}/spool
TempDir {root}/spool/tmp
CacheDir {root}/cache
StateDir {root}/state
ErrorLog {root}/log/error_log
AccessLog {root}/log/access_log
PageLog {root}/log/page_log
ServerBin /usr/lib/cups
DataDir /usr/share/cups
Sandboxing Relaxed
"""

PRINT_IN_CHILD = """
import json, sys
from PySide6.QtWidgets import QApplication
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
app = QApplication([])
from zhongxin_desktop.ui.dialogs.print_preview import PrintPreviewDialog
pdf_path, queue, copies = sys.argv[1], sys.argv[2], int(sys.argv[3])
outputs = []
preview = PrintPreviewDialog(open(pdf_path, "rb").read(), "协议书", outputs.append, "agreement.pdf", None, copies=copies)
printer = QPrinter(QPrinterInfo.printerInfo(queue), QPrinter.HighResolution)
preview.preset(printer)
preview.print_to(printer)
print(json.dumps({"outputs": outputs, "copies": printer.copyCount(), "message": preview.message.text(),
                  "page": printer.pageLayout().pageSize().name()}))
"""


def _need(ok: bool, what: str) -> None:
    need(ok, what, "scripts/bootstrap installs cups and printer-driver-cups-pdf")


def _anonymous_folder() -> Path:
    """Where cups-pdf puts the jobs of users it does not know (its configuration may move it)."""
    conf = Path("/etc/cups/cups-pdf.conf")
    if conf.exists():
        for line in conf.read_text(errors="replace").splitlines():
            m = re.match(r"\s*AnonDirName\s+(\S+)", line)
            if m:
                return Path(m.group(1))
    return Path("/var/spool/cups-pdf/ANONYMOUS")


@pytest.fixture
def cups_pdf_queue():
    _need(shutil.which("cupsd") is not None and shutil.which("lpadmin") is not None, "cupsd and lpadmin")
    _need(BACKEND.exists() and PPD.exists(), "the cups-pdf backend")
    _need(os.geteuid() == 0, "root (cups-pdf writes its files as root)")
    root = Path(tempfile.mkdtemp(prefix="zxcups"))  # short: a Unix socket path is limited to ~100 bytes
    root.chmod(0o755)  # the filters run as the unprivileged lp user and write into the spool below
    for sub in ("etc", "spool/tmp", "cache", "state", "log"):
        (root / sub).mkdir(parents=True)
    (root / "etc/cupsd.conf").write_text(CUPSD_CONF.format(root=root))
    (root / "etc/cups-files.conf").write_text(FILES_CONF.format(root=root))
    daemon = subprocess.Popen(["cupsd", "-f", "-c", str(root / "etc/cupsd.conf"), "-s",
                               str(root / "etc/cups-files.conf")], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    env = {**os.environ, "CUPS_SERVER": str(root / "cups.sock"), "CUPS_USER": f"zxprint{os.getpid()}"}
    try:
        for _ in range(100):
            if (root / "cups.sock").exists():
                break
            time.sleep(0.1)
        queue = "ZhongxinPDF"
        subprocess.run(["lpadmin", "-p", queue, "-E", "-v", "cups-pdf:/", "-P", str(PPD)], env=env, check=True,
                       capture_output=True, timeout=30)
        yield {"queue": queue, "env": env, "root": root}
    finally:
        daemon.terminate()
        daemon.wait(timeout=30)
        shutil.rmtree(root, ignore_errors=True)


def _wait_until_printed(cups: dict, seconds: float = 120) -> None:
    """Until the scheduler has no unfinished job left (the backend has closed its file)."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        pending = subprocess.run(["lpstat", "-o", cups["queue"]], env=cups["env"], capture_output=True, text=True,
                                 timeout=30).stdout
        if not pending.strip():
            return
        time.sleep(0.5)
    pytest.fail("the print job did not finish:\n" + (cups["root"] / "log/error_log").read_text(errors="replace"))


def _render(pdf: Path, out_prefix: Path) -> list[Path]:
    subprocess.run(["pdftoppm", "-r", "100", "-gray", str(pdf), str(out_prefix)], check=True, timeout=60)
    return sorted(out_prefix.parent.glob(out_prefix.name + "-*.pgm"))


def _ink_box(page) -> tuple[int, int, int, int]:
    from PIL import ImageChops
    return ImageChops.invert(page).point(lambda v: 255 if v > 80 else 0).getbbox()


def _pages(pdf: Path) -> tuple[int, str]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1)), re.search(r"Page size:\s+(.*)", info).group(1)


def test_an_agreement_prints_through_a_real_queue_at_full_size_with_a_copy_per_party(
        cups_pdf_queue, township, tmp_path):
    from PIL import Image, ImageChops, ImageFilter, ImageStat

    from zhongxin_desktop.documents import printing
    from zhongxin_desktop.services import _case_rows
    from zhongxin_desktop.services.settlement import agreements
    from zhongxin_desktop.services.casework import cases

    no = two_party_case(township)
    add_session(township, no)
    agreements.create(township, no, agreement_input(copies=None))
    printed = printing.preview(township, "agreement", no)
    parties = len(_case_rows._parties_of(cases._get_case(no)))
    assert printed.copies == parties + 1 == 3
    source = tmp_path / "agreement.pdf"
    source.write_bytes(printed.pdf)

    folder = _anonymous_folder()
    started = time.time() - 1
    run = subprocess.run([sys.executable, "-c", PRINT_IN_CHILD, str(source), cups_pdf_queue["queue"], str(printed.copies)],
                         env={**cups_pdf_queue["env"], "QT_QPA_PLATFORM": "offscreen"}, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["copies"] == 3 and result["page"] == "A4"
    assert result["outputs"] == [f"printer:{cups_pdf_queue['queue']}"], result

    # cups-pdf writes its file while Ghostscript runs: only a finished job has the whole page
    _wait_until_printed(cups_pdf_queue)
    made = [p for p in folder.glob("*.pdf") if p.stat().st_mtime >= started] if folder.exists() else []
    assert len(made) == 1, (made, (cups_pdf_queue["root"] / "log/error_log").read_text(errors="replace"))
    [out] = made
    try:
        pages, size = _pages(out)
        src_pages, _ = _pages(source)
        assert "A4" in size and pages in (src_pages, src_pages * 3)  # the copies: by the printer or by Qt
        # the job as the scheduler received it (its page log is set to show these attributes)
        log = (cups_pdf_queue["root"] / "log/page_log").read_text()
        job = dict(re.findall(r"(\w[\w-]*)=(\S+)", log.splitlines()[0]))
        assert job["copies"] == "3" and "A4" in job["media"], log
        assert job["fit"] in ("-", "false") and job["scaling"] in ("-", "none"), log  # no shrink to fit

        # the printed page is the agreement's page: the ink starts and ends at the same places (a page
        # shrunk to fit or moved by the printer's margins is off by millimetres), and the pages agree
        # once the printer's raster and the PDF's vector edges are blurred alike
        [want, *_] = _render(source, tmp_path / "want")
        got = _render(out, tmp_path / "got")[0]
        a, b = Image.open(want), Image.open(got)
        assert a.size == b.size
        box_a, box_b = _ink_box(a), _ink_box(b)
        assert all(abs(x - y) <= 3 for x, y in zip(box_a, box_b)), (box_a, box_b)  # 3 px at 100 dpi: < 1 mm
        a, b = a.filter(ImageFilter.GaussianBlur(2)), b.filter(ImageFilter.GaussianBlur(2))
        difference = ImageStat.Stat(ImageChops.difference(a, b)).mean[0]
        ink = ImageStat.Stat(ImageChops.invert(a)).mean[0]
        assert ink > 3 and difference < ink / 3, (difference, ink)
    finally:
        out.unlink(missing_ok=True)
