"""Printed documents in child processes: one agreement and a 50-page dossier (app side, through
documents.printing.preview), and bare reportlab drawing the same text with the same font."""
from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
from pathlib import Path

from bench.harness import profile_split, timeit
from bench.scen_store import open_store

STATEMENT = ("申请人陈述：双方系前后院邻居，被申请人修建排水沟时将生活污水引向申请人家院坝，雨季积水严重，"
             "院墙根部已出现裂缝，多次协商未果。被申请人陈述：排水沟按村里规划修建，污水只在暴雨时溢出，"
             "愿意在院坝外侧加设挡水坎并承担部分维修费用。") * 3


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def _admin():
    """The store's admin, as signed in (without paying for the password hash)."""
    from zhongxin_desktop.services import users
    from zhongxin_desktop.store.models import User

    return users._actor_for(User.get(User.username == "admin"))


def prepare(folder: str, pages: int = 50) -> dict:
    """Pick a closed case with a written agreement and a follow-up; add mediation sessions (one
    page each in the record) until its dossier has at least ``pages`` pages."""
    from zhongxin_desktop.documents import printing
    from zhongxin_desktop.store.db import database
    from zhongxin_desktop.store.models import Agreement, Case, FollowUp, MediationSession

    open_store(folder)
    actor = _admin()
    case = (Case.select().join(Agreement, on=(Agreement.case == Case.id))
            .where(Agreement.kind == "written", Case.id.in_(FollowUp.select(FollowUp.case)))
            .order_by(Case.registered_on).first())
    first = MediationSession.get(MediationSession.case == case)
    have = _pages(printing.preview(actor, "dossier", case.id).pdf)
    n = 0
    while have < pages:
        with database.atomic():
            for _ in range(pages - have):
                n += 1
                MediationSession.create(owner_code=case.owner_code, case=case, place=first.place, matter=first.matter,
                                        held_at=first.held_at - dt.timedelta(days=n), host=first.host_id,
                                        recorder=first.recorder_id, participants=first.participants,
                                        statements=STATEMENT, facts_verified=first.facts_verified, result="continue")
        have = _pages(printing.preview(actor, "dossier", case.id).pdf)
    return {"case": case.case_no, "pages": have}


def render_app(folder: str, kind: str, case_no: str, repeat: int, out: str) -> dict:
    """Time printing.preview (what the preview, the GUI's print and `zhongxin print` all run)."""
    from zhongxin_desktop.documents import fonts, printing
    from zhongxin_desktop.services.casework import cases

    open_store(folder)
    actor = _admin()
    case_id = cases._get_case(case_no).id
    last = {}

    def once():
        last["pdf"] = printing.preview(actor, kind, case_id).pdf

    samples = timeit(once, repeat, warmup=1)
    Path(out).write_bytes(last["pdf"])
    main = fonts.fontset().main.file
    return {"samples": samples, "pages": _pages(last["pdf"]), "bytes": len(last["pdf"]),
            "profile": profile_split(once), "font": str(main.path), "font_index": main.index}


def render_bare(pdf: str, font: str, font_index: int, repeat: int) -> dict:
    """Bare reportlab: the text pdftotext finds on each page of the app's PDF, drawn line by line
    with the same TrueType font file (embedded as a subset, as the app does)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True, check=True).stdout
    pages = [p.splitlines() for p in text.split("\f") if p.strip()]
    pdfmetrics.registerFont(TTFont("BareFont", font, subfontIndex=font_index))
    width, height = A4

    def once():
        c = canvas.Canvas(io.BytesIO(), pagesize=A4)
        for lines in pages:
            c.setFont("BareFont", 11)
            y = height - 60
            for line in lines:
                c.drawString(50, y, line.strip())
                y -= max(10.0, (height - 120) / max(len(lines), 1))
            c.showPage()
        c.save()

    return {"samples": timeit(once, repeat, warmup=1), "pages": len(pages),
            "characters": sum(len(ln.strip()) for p in pages for ln in p)}
