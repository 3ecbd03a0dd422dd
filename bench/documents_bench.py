"""Measure the documents area's speed targets: one agreement < 100 ms; a 50-page
dossier < 1.5 s. Prints the numbers; asserts nothing.

    PYTHONPATH=src:tests python bench/documents_bench.py [SESSIONS]
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from docs_flow import add_session, agreement_input, two_party_case

from zhongxin_desktop.paths import DataDir
from zhongxin_desktop.store.connection import close_database, open_database


def main(sessions: int) -> None:
    from zhongxin_desktop.documents import printing
    from zhongxin_desktop.services.settlement import agreements
    from zhongxin_desktop.services import center, users

    with tempfile.TemporaryDirectory() as tmp:
        open_database(DataDir(Path(tmp) / "data"))
        center.init_center(kind="township", code="520102001", name="某镇综治中心", committee_short="某",
                           admin_username="admin", admin_password="Bench2026x")
        actor = users.sign_in("admin", "Bench2026x")
        case_no = two_party_case(actor)
        for _ in range(sessions):
            add_session(actor, case_no)
        agreements.create(actor, case_no, agreement_input())
        t = time.perf_counter()
        printing.preview(actor, "agreement", case_no, signing=True)  # the 签署本: with its code
        print(f"first agreement (fonts loaded): {(time.perf_counter() - t) * 1000:.0f} ms")
        times = []
        for _ in range(5):
            t = time.perf_counter()
            printing.preview(actor, "agreement", case_no, signing=True)  # the 签署本: with its code
            times.append(time.perf_counter() - t)
        print(f"one agreement: best {min(times) * 1000:.0f} ms, median {sorted(times)[2] * 1000:.0f} ms")
        t = time.perf_counter()
        dossier = printing.preview(actor, "dossier", case_no)
        took = time.perf_counter() - t
        pdf = Path(tmp) / "dossier.pdf"
        pdf.write_bytes(dossier.pdf)
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        pages = next((line.split()[1] for line in info.splitlines() if line.startswith("Pages:")), "?")
        print(f"dossier: {pages} pages in {took:.2f} s ({len(dossier.pdf) // 1024} KB)")
        close_database()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 45)
