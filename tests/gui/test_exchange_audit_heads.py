"""The county vouches for each township's audit log: every bundle carries the township's chain
head and the hashes that tie it to the head the county holds. A log rewritten on the township's
PC (entries deleted, the chain rehashed, the head setting fixed — which its own check cannot
see) or rolled back is reported ERROR "审计日志被改写或回退" at the next import, in the summary,
the exchange log, ``county status`` and the 数据交换 page; good bundles, replays and dry runs
report nothing of the kind."""
from __future__ import annotations

import json

import pytest

from exchange_support import PASSWORD, new_case, township_and_county
from helpers import run_cli
from zhongxin_desktop.services import audit
from zhongxin_desktop.services.countywork import county
from zhongxin_desktop.services.safety import backups
from zhongxin_desktop.store.db import database
from zhongxin_desktop.store.models import AuditEvent, AuditHead, Case, ExchangeLog

TOWN = "520102003"


@pytest.fixture
def world(tmp_path):
    w = township_and_county(tmp_path, TOWN)
    with w.at("town") as actor:
        new_case(actor)
    [first] = w.export("town", period="2026-11")
    [s] = w.import_("county", [first])
    assert s.audit["status"] == "first"
    w.first = first
    return w


def _round(world):
    """A township bundle up, the county's reply down."""
    [up] = world.export("town")
    [s] = world.import_("county", [up])
    [down] = world.export("county", township=TOWN)
    world.import_("town", [down])
    return s


def _rewrite_history(world):
    """The forger's edit on the township PC: drop two old entries and rehash the rest."""
    with world.at("town"):
        database.execute_sql("DELETE FROM audit_event WHERE seq IN (2, 3)")
        database.execute_sql("UPDATE audit_event SET seq = seq - 2 WHERE seq > 3")
        prev = AuditEvent.get(AuditEvent.seq == 1).hash
        for e in AuditEvent.select().where(AuditEvent.seq >= 2).order_by(AuditEvent.seq):
            h = audit._entry_hash(prev, e.seq, str(e.at), e.username, e.action, e.object_type, e.object_id,
                                  e.outcome, e.detail)
            database.execute_sql("UPDATE audit_event SET prev_hash=?, hash=? WHERE seq=?", (prev, h, e.seq))
            prev = h
        database.execute_sql("UPDATE setting SET value=? WHERE key='audit_head'",
                             (json.dumps({"seq": e.seq, "hash": prev}),))
        assert audit.verify().ok  # the PC alone cannot tell


def _county_state(world):
    with world.at("county") as actor:
        [row] = county.reporting_status(actor)
        return row


def test_good_bundles_extend_the_chain_the_county_holds(world):
    for _ in range(3):
        s = _round(world)
        assert s.status == "SUCCESS" and s.audit["status"] == "ok", s.text()
    assert _county_state(world)["audit_status"] == "OK"
    with world.at("county"):
        assert AuditHead.select().where(AuditHead.center_code == TOWN).count() == 4
    # the old first bundle again (a copy found on a USB stick) says nothing new
    [s] = world.import_("county", [world.first])
    assert s.audit is None and _county_state(world)["audit_status"] == "OK"


def test_a_rewritten_township_log_is_reported_error_and_stays_shown(world, tmp_path):
    _round(world)
    _rewrite_history(world)
    with world.at("town") as actor:
        new_case(actor, facts="改写之后")
    [up] = world.export("town")
    [dry] = world.import_("county", [up], dry_run=True)
    assert dry.status == "ERROR"
    with world.at("county"):
        assert not AuditHead.select().where(AuditHead.status == "broken").exists()  # a dry run keeps nothing
    [s] = world.import_("county", [up])
    assert s.status == "ERROR" and s.audit["status"] == "broken" and "审计日志被改写或回退" in s.text()
    assert s.count("case").imported == 1  # the signed data itself still applies
    with world.at("county"):
        assert Case.select().where(Case.facts == "改写之后").exists()
        logged = json.loads(ExchangeLog.select().order_by(ExchangeLog.id.desc()).first().summary)
        assert logged["audit"]["status"] == "broken"
    state = _county_state(world)
    assert state["audit_status"] == "ERROR" and "改写" in state["audit_reason"]
    s = _round(world)  # the next bundle extends the rewritten chain, but the finding stays
    assert s.audit["status"] == "ok"
    assert _county_state(world)["audit_status"] == "ERROR"
    res = run_cli("county", "status", "--month", "2026-11", data=world.data("county"))
    assert res.returncode == 0 and "ERROR" in res.stdout and "审计日志被改写或回退" in res.stdout


def test_a_township_restored_to_an_older_copy_is_reported_as_rolled_back(world):
    with world.at("town") as actor:
        old = backups.create_backup(actor, world.data("town")).manifest
    for _ in range(2):
        _round(world)
    with world.at("town") as actor:
        backups.restore_backup(actor, world.data("town"), old.name)
    [up] = world.export("town")
    [s] = world.import_("county", [up])
    assert s.status == "ERROR" and s.audit["status"] == "broken", s.text()


def test_the_page_shows_the_finding(qtbot, world):
    from zhongxin_desktop.ui.context import AppContext, Bus
    from zhongxin_desktop.ui.pages.exchange import ExchangePage
    from zhongxin_desktop.ui.worker import DbWorker

    _rewrite_history(world)
    [up] = world.export("town")
    world.import_("county", [up])
    with world.at("county") as actor:
        page = ExchangePage(AppContext(actor=actor, data=world.data("county"), worker=DbWorker(), bus=Bus()))
        qtbot.addWidget(page)
        page.show()
        page.refresh()
        qtbot.waitUntil(lambda: page.data is not None, timeout=10000)
        page.tabs.setCurrentIndex(1)
        cell = page.reporting.item(0, 4)
        assert "审计日志被改写或回退" in cell.text() and cell.foreground().color().name() == "#c62828"
        assert page.history.item(0, 4).text() == "审计日志异常"
        page.ctx.worker.wait()


def test_the_cli_import_exits_1_on_a_broken_chain(world):
    _rewrite_history(world)
    with world.at("town") as actor:
        new_case(actor, facts="又一件")
    [up] = world.export("town")
    res = run_cli("bundle", "import", str(up), "--json", data=world.data("county"), user="admin", password=PASSWORD)
    assert res.returncode == 1
    out = json.loads(res.stdout)
    assert out["status"] == "ERROR" and out["audit"]["status"] == "broken" and out["import_count"]["imported"] >= 1
