"""The import checks and writes a bundle's rows in batches (one lookup per 500 rows, one
executemany per 1,000, attachments stored on a worker thread): the rules still hold row by row."""
from __future__ import annotations

import hashlib
import threading

import pytest

from exchange_support import craft_bundle, new_case, synced_state, township_and_county
from zhongxin_desktop.domain.workflow import Action
from zhongxin_desktop.exchange import blobs, records
from zhongxin_desktop.services.casework import cases
from zhongxin_desktop.services.countywork import exchange
from zhongxin_desktop.store.db import database
from zhongxin_desktop.store.models import Case, CaseEvent, ExchangeLog, Tombstone

TOWN, OTHER = "520102003", "520102004"


@pytest.fixture
def world(tmp_path):
    return township_and_county(tmp_path, TOWN)


def _row(table: str, rid: str) -> dict:
    model = records.BY_TABLE[table]
    return records.row_dict(table, records.select_dicts(table, model.id == rid).get())


def _event(case_id: str, n: int, owner: str = TOWN) -> dict:
    return {"id": f"ev-{n}", "owner_code": owner, "created_at": "2026-11-20 09:00:00",
            "updated_at": "2026-11-20 09:00:00", "row_version": 1, "case_id": case_id, "at": "2026-11-20 09:00:00",
            "username": "tiaojie1", "action": "note", "from_status": "", "to_status": "", "remark": f"第{n}条",
            "details": "{}"}


def test_a_bundle_mixing_new_newer_older_equal_conflicting_and_orphan_rows_applies_each_by_the_rules(
        world, tmp_path):
    with world.at("town") as actor:
        newer, same, clash, older, earlier, gone = (new_case(actor, facts=f"第{i}件") for i in range(6))
        old_copy = _row("case", older)
    world.import_("county", world.export("town"))
    with world.at("town") as actor:
        cases.transition(actor, older, Action.ACCEPT)  # the county gets version 2 of it ...
    world.import_("county", world.export("town"))
    with world.at("county"):
        Tombstone.create(id=gone, owner_code=TOWN, table_name="case", row_version=5)  # deleted there since
    with world.at("town") as actor:
        cases.transition(actor, newer, Action.ACCEPT)
        fresh = new_case(actor, facts="新来的")
        rows = [_row("case", newer), _row("case", same), dict(_row("case", clash), facts="另一种说法"),
                old_copy,  # ... and then the old version 1 again
                _row("case", fresh), _row("case", gone),
                dict(_row("case", same), id="not-mine", owner_code=OTHER)]
    events = [_event(fresh, 1),  # parent new in this bundle
              _event(newer, 2),  # parent updated in this bundle
              _event(earlier, 3),  # parent only in the county's database (an earlier bundle)
              _event("no-such-case", 4)]  # parent nowhere
    with world.at("county"):
        before = {cid: _row("case", cid) for cid in (same, clash, older, earlier)}
    p = craft_bundle(world, "town", "county", tmp_path / "mix.zxb",
                     records_by_table={"case": rows, "case_event": events})
    [s] = world.import_("county", [p])

    c, e = s.count("case"), s.count("case_event")
    assert (c.imported, c.updated, c.ignored, c.conflicts) == (1, 1, 4, 1)
    assert (e.imported, e.updated, e.ignored) == (3, 0, 1)
    assert s.problems == {"conflict": [f"case:{clash}"], "not_owner": ["case:not-mine"],
                          "missing_parent": ["case_event:ev-4"]}
    with world.at("county"):
        assert Case.get_by_id(newer).status == "accepted" and Case.get_by_id(newer).row_version == 2
        assert Case.get_by_id(fresh).facts == "新来的"
        for cid, row in before.items():  # equal, conflicting, older, untouched: all as they were
            assert _row("case", cid) == row
        assert Case.get_by_id(older).row_version == 2
        assert Case.get_or_none(Case.id == gone) is not None  # the tombstone's own import deletes it, not this
        assert Case.get_or_none(Case.id == "not-mine") is None
        assert {ev.id for ev in CaseEvent.select().where(CaseEvent.id.startswith("ev-"))} == {"ev-1", "ev-2", "ev-3"}
    [again] = world.import_("county", [p])  # the same bundle twice: nothing more changes
    assert (again.count("case").imported, again.count("case").updated) == (0, 0)
    assert (again.count("case_event").imported, again.count("case_event").ignored) == (0, 4)


def test_an_update_keeps_local_columns_and_those_an_older_sender_lacks(world, tmp_path):
    with world.at("town") as actor:
        cid = new_case(actor)
        Case.update(instructions="按期办结").where(Case.id == cid).execute()
    world.import_("county", world.export("town"))
    with world.at("town") as actor:
        cases.transition(actor, cid, Action.ACCEPT)
        row = _row("case", cid)
        center = _row("center", records.BY_TABLE["center"].get(records.BY_TABLE["center"].code == TOWN).id)
    old_sender = {k: v for k, v in row.items() if k != "instructions"}
    newer_center = dict(center, row_version=center["row_version"] + 1, name="新名字镇综治中心")
    p = craft_bundle(world, "town", "county", tmp_path / "old.zxb",
                     records_by_table={"center": [newer_center], "case": [old_sender]})
    [s] = world.import_("county", [p])
    assert s.count("case").updated == 1 and s.count("center").updated == 1
    with world.at("county"):
        case = Case.get_by_id(cid)
        assert (case.status, case.row_version, case.instructions) == ("accepted", 2, "按期办结")
        Center = records.BY_TABLE["center"]
        town_row = Center.get(Center.code == TOWN)
        assert town_row.name == "新名字镇综治中心" and town_row.is_local is False
        assert Center.get(Center.is_local == True).code != TOWN  # noqa: E712


def test_both_logs_keep_the_hash_of_the_bundle_file_as_written_and_as_read(world):
    with world.at("town") as actor:
        new_case(actor)
    [bundle] = world.export("town")
    world.import_("county", [bundle])
    sha = hashlib.sha256(bundle.read_bytes()).hexdigest()
    with world.at("town"):
        [sent] = ExchangeLog.select().where(ExchangeLog.direction == "out")
    with world.at("county"):
        [received] = ExchangeLog.select().where(ExchangeLog.direction == "in")
    assert sent.file_sha256 == received.file_sha256 == sha


def test_a_bundle_refused_while_its_attachments_are_stored_leaves_no_rows_no_worker_and_the_cache_as_it_was(
        world, tmp_path):
    scans = {hashlib.sha256(data).hexdigest(): data for data in (bytes([n]) * 300_000 for n in range(12))}
    with world.at("town") as actor:
        cid = new_case(actor)
        row = dict(_row("case", cid), status=None)  # NOT NULL in the schema: the transaction fails
    p = craft_bundle(world, "town", "county", tmp_path / "bad.zxb", records_by_table={"case": [row]},
                     extra_entries={f"blobs/{sha}": data for sha, data in scans.items()})
    with world.at("county") as actor:
        before = synced_state()
        cache = database.execute_sql("PRAGMA cache_size").fetchone()[0]
        [s] = exchange.import_bundles(actor, world.data("county"), [p])
        assert s.status == "ERROR" and "整体撤销" in s.refused_reason
        assert synced_state() == before
        assert database.execute_sql("PRAGMA cache_size").fetchone()[0] == cache
    assert not [t for t in threading.enumerate() if t.name == "bundle-blobs"]
    stored = world.data("county").attachments
    assert not list(stored.rglob("*.part")) and not list(stored.rglob(".partial-*"))
    for sha, data in scans.items():  # whatever was stored before the stop is whole and correct
        f = blobs.blob_path(stored, sha)
        assert not f.exists() or f.read_bytes() == data


def test_a_bad_attachment_among_many_refuses_the_bundle_after_the_records_were_applied(world, tmp_path):
    good = {hashlib.sha256(data).hexdigest(): data for data in (bytes([n]) * 200_000 for n in range(8))}
    bad_sha = hashlib.sha256(b"the real scan").hexdigest()
    with world.at("town") as actor:
        rows = [_row("case", new_case(actor, facts=f"第{i}件")) for i in range(3)]
    p = craft_bundle(world, "town", "county", tmp_path / "b.zxb", records_by_table={"case": rows},
                     extra_entries={**{f"blobs/{sha}": d for sha, d in good.items()}, f"blobs/{bad_sha}": b"other"})
    with world.at("county"):
        before = synced_state()
    [s] = world.import_("county", [p])
    assert s.status == "ERROR" and "哈希不符" in s.refused_reason
    with world.at("county"):
        assert synced_state() == before
    assert not blobs.blob_path(world.data("county").attachments, bad_sha).exists()


def test_lookups_by_key_cover_every_chunk(world):
    with world.at("county"):
        ids = [f"t-{n:04d}" for n in range(1_234)]
        held = ids[::2]
        with database.atomic():
            for chunk in records.chunks(held, 200):
                Tombstone.insert_many([{"id": i, "owner_code": TOWN, "table_name": "case", "row_version": 3}
                                       for i in chunk]).execute()
        found = records.rows_by_key(Tombstone, (Tombstone.id, Tombstone.row_version), Tombstone.id,
                                    ids + ["t-0000"])  # a repeat, and chunks of 500, 500, 235
        assert sorted(found) == sorted([(i, 3) for i in held] + [("t-0000", 3)])
        assert records.rows_by_key(Tombstone, (Tombstone.id,), Tombstone.id, []) == []
