"""Scenarios of the printed documents: one agreement, a 50-page dossier."""
from __future__ import annotations

from bench import datagen
from bench.common import CACHE
from bench.features import missing
from bench.harness import Result, Stats, judge, run_child


def documents(repeat_agreement: int = 10, repeat_dossier: int = 3) -> list[Result]:
    gone = missing("documents")
    names = ("One agreement PDF (人民调解协议书)", "A 50-page dossier PDF (卷宗)")
    if gone:
        return [Result(n, "documents", not_measured=gone, target=t) for n, t in zip(names, ("< 100 ms", "< 1.5 s"))]
    folder = datagen.work_copy("township-year", "documents")
    case = run_child("scen_docs:prepare", folder=str(folder))
    results = []
    for name, kind, repeat, limit in ((names[0], "agreement", repeat_agreement, 0.1),
                                      (names[1], "dossier", repeat_dossier, 1.5)):
        out = CACHE / "work" / f"{kind}.pdf"
        a = run_child("scen_docs:render_app", folder=str(folder), kind=kind, case_no=case["case"], repeat=repeat,
                      out=str(out))
        b = run_child("scen_docs:render_bare", pdf=str(out), font=a["font"], font_index=a["font_index"],
                      repeat=repeat)
        r = Result(name, "documents", Stats(a["samples"]), Stats(b["samples"]),
                   "bare reportlab, same text and font", f"< {limit * 1000:.0f} ms; ≤ 1.5× bare reportlab"
                   if limit < 1 else f"< {limit:g} s; ≤ 1.5× bare reportlab", rss_mb=a["rss_mb"],
                   baseline_rss_mb=b["rss_mb"])
        judge(r, p95_under=limit, ratio_at_most=1.5)
        r.note = (f"{a['pages']} pages, {a['bytes'] // 1024} KB, font {a['font'].rsplit('/', 1)[-1]}; "
                  f"the baseline drew {b['characters']:,} characters on {b['pages']} pages; {a['profile']}")
        results.append(r)
    return results
