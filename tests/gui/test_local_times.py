"""Times the program stamped are stored in UTC; a clerk in China reads them in Beijing time.
Times a clerk typed (a session's held_at) and calendar dates are shown as they are."""
from __future__ import annotations

import datetime as dt

import pytest

from docs_flow import add_session, two_party_case
from zhongxin_desktop.domain.dates import cn_stamp, local_date, utc_start_of
from zhongxin_desktop.services.casework import attachments, cases
from zhongxin_desktop.services import audit
from zhongxin_desktop.services.settlement import mediation
from zhongxin_desktop.services.safety import audit_log
from zhongxin_desktop.store.models import Attachment, AuditEvent, CaseEvent
from zhongxin_desktop.ui.case_detail import CaseDetailView

STAMP = dt.datetime(2026, 11, 27, 2, 0)  # 10:00 in Beijing
LATE_STAMP = dt.datetime(2026, 11, 26, 18, 30)  # 02:30 on 27 November in Beijing: another day


@pytest.fixture(autouse=True)
def _in_beijing(beijing_time):
    assert STAMP.replace(tzinfo=dt.timezone.utc).astimezone().utcoffset() == dt.timedelta(hours=8)


def test_the_one_conversion():
    assert cn_stamp(STAMP) == "2026年11月27日 10:00"
    assert cn_stamp("2026-11-27 02:00:05", seconds=True) == "2026年11月27日 10:00:05"
    assert cn_stamp(None) == "" and cn_stamp("不是时间") == "不是时间"
    assert local_date(LATE_STAMP) == dt.date(2026, 11, 27)
    assert utc_start_of(dt.date(2026, 11, 27)) == dt.datetime(2026, 11, 26, 16, 0)


def _detail(qtbot, app_ctx, actor, case_id):
    view = CaseDetailView(app_ctx(actor))
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    view.load(case_id)
    qtbot.waitUntil(lambda: view.data is not None, timeout=10000)
    view.ctx.worker.wait()
    return view, {view.tabs.tabText(i): view.tabs.widget(i) for i in range(view.tabs.count())}


def test_case_timeline_and_attachments_show_beijing_time(qtbot, township, app_ctx, tmp_path):
    no = two_party_case(township)
    case = cases._get_case(no)
    CaseEvent.update(at=STAMP).where(CaseEvent.case == case.id, CaseEvent.action == "register").execute()
    scan = tmp_path / "协议扫描件.pdf"
    scan.write_bytes(b"%PDF-1.4\n%%EOF\n")
    att = attachments.attach(township, no, scan, title="扫描件")
    Attachment.update(created_at=LATE_STAMP).where(Attachment.id == att.id).execute()
    view, tabs = _detail(qtbot, app_ctx, township, case.id)
    assert view.timeline.item(0, 0).text() == "2026年11月27日 10:00"
    table = tabs["附件"].table
    qtbot.waitUntil(lambda: table.rowCount() == 1, timeout=10000)
    header = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert table.item(0, header.index("添加时间")).text() == "2026年11月27日 02:30"


def test_a_session_time_is_shown_as_the_clerk_typed_it(qtbot, township, app_ctx):
    no = two_party_case(township)
    session = add_session(township, no)
    mediation.MediationSession.update(held_at=dt.datetime(2025, 3, 1, 10, 0)).where(
        mediation.MediationSession.id == session.id).execute()
    view, tabs = _detail(qtbot, app_ctx, township, cases._get_case(no).id)
    table = tabs["调解记录"].table
    qtbot.waitUntil(lambda: table.rowCount() == 1, timeout=10000)
    assert table.item(0, 0).text() == "2025年3月1日 10:00"


def test_audit_view_and_its_date_filter_follow_the_clerks_day(qtbot, township, app_ctx):
    from zhongxin_desktop.ui.pages.settings import SettingsPage

    audit.record("admin", "early_bird", "case", "x")
    audit.record("admin", "night_owl", "case", "y")
    AuditEvent.update(at=LATE_STAMP).where(AuditEvent.action == "early_bird").execute()
    AuditEvent.update(at=dt.datetime(2026, 11, 27, 17, 0)).where(AuditEvent.action == "night_owl").execute()
    day = dt.date(2026, 11, 27)
    found = {e.action for e in audit_log.entries(township, since=day, until=day)}
    assert "early_bird" in found and "night_owl" not in found  # 28 November 01:00 in Beijing

    ctx = app_ctx(township)
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.show_tab("audit")
    tab = page.tab_by_key["audit"]
    tab.action.setText("early_bird")
    tab.refresh()
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1 and tab.table.item(0, 3) is not None, timeout=10000)
    assert tab.table.item(0, 1).text() == "2026年11月27日 02:30:00"


def test_exchange_page_shows_trust_and_history_in_beijing_time(qtbot, tmp_path):
    from exchange_support import new_case, township_and_county
    from zhongxin_desktop.services.countywork import exchange
    from zhongxin_desktop.store.models import ExchangeLog, TrustedKey
    from zhongxin_desktop.ui.context import AppContext, Bus
    from zhongxin_desktop.ui.pages.exchange import ExchangePage
    from zhongxin_desktop.ui.worker import DbWorker

    world = township_and_county(tmp_path, "520102003")
    with world.at("town") as actor:
        new_case(actor)
    [bundle] = world.export("town", period="2026-11")
    with world.at("county") as actor:
        exchange.import_bundles(actor, world.data("county"), [bundle])
        TrustedKey.update(trusted_at=STAMP).execute()
        ExchangeLog.update(at=LATE_STAMP).execute()
        ctx = AppContext(actor=actor, data=world.data("county"), worker=DbWorker(), bus=Bus())
        page = ExchangePage(ctx)
        qtbot.addWidget(page)
        page.show()
        page.refresh()
        qtbot.waitUntil(lambda: page.data is not None, timeout=10000)
        assert page.trusted.item(0, 4).text() == "2026年11月27日 10:00"
        assert page.history.item(0, 0).text() == "2026年11月27日 02:30"
        assert page.reporting.item(0, 3).text() == "2026年11月27日 02:30"
        ctx.worker.wait(30000)


def test_dossier_catalogue_dates_an_attachment_by_the_clerks_day(township, tmp_path):
    from pdfcheck import squash, text_of
    from zhongxin_desktop.documents import printing

    no = two_party_case(township)
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4\n%%EOF\n")
    att = attachments.attach(township, no, scan, title="现场照片")
    Attachment.update(created_at=LATE_STAMP).where(Attachment.id == att.id).execute()
    out = tmp_path / "dossier.pdf"
    printing.print_document(township, "dossier", no, out)
    catalogue = squash(text_of(out).split("卷 内 目 录")[-1].split("\f")[0])
    assert "现场照片（scan.pdf）2026年11月27日" in catalogue, catalogue
