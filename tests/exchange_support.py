"""Two (or more) centers in one test: a township and its county, each its own data folder.
The database proxy is global, so ``at(name)`` closes one and opens the other."""
from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

from zhongxin_desktop.domain.case_input import CaseInput, PartyInput
from zhongxin_desktop.exchange import records
from zhongxin_desktop.paths import DataDir
from zhongxin_desktop.services.casework import cases
from zhongxin_desktop.services import center, users
from zhongxin_desktop.services.countywork import exchange
from zhongxin_desktop.store.connection import close_database, open_database, open_server_database

PASSWORD = "Test2026pass"
COUNTY = "520102"


class World:
    def __init__(self, root: Path, urls: dict[str, str] | None = None):
        self.root = root
        self.urls = dict(urls or {})  # a center whose store is on a PostgreSQL server
        self.dirs: dict[str, DataDir] = {}
        self.current: str | None = None
        self._actors: dict = {}

    def _open(self, name: str) -> None:
        close_database()
        if self.urls.get(name):
            open_server_database(self.urls[name], self.dirs[name])
        else:
            open_database(self.dirs[name])

    @contextlib.contextmanager
    def at(self, name: str):
        self._open(name)
        self.current = name
        try:
            if name not in self._actors:  # scrypt costs ~50 ms: sign in once per center
                self._actors[name] = users.sign_in("admin", PASSWORD)
            yield self._actors[name]
        finally:
            close_database()
            self.current = None

    def data(self, name: str) -> DataDir:
        return self.dirs[name]

    def add_center(self, name: str, kind: str, code: str) -> None:
        data = DataDir(self.root / name).ensure()
        self.dirs[name] = data
        self._open(name)
        if kind == "county":
            center.init_center(kind="county", code=code, name=f"{name}县综治中心", admin_username="admin",
                               admin_password=PASSWORD)
        else:
            center.init_center(kind="township", code=code, name=f"{name}镇综治中心", committee_short=name[:2],
                               admin_username="admin", admin_password=PASSWORD)
        close_database()

    def trust_each_other(self, township: str, county: str = "county") -> None:
        keyfiles = {}
        for name in (township, county):
            with self.at(name) as actor:
                out = self.root / f"{name}.pub.json"
                exchange.export_public_key(actor, self.data(name), out)
                keyfiles[name] = out
        with self.at(county) as actor:
            exchange.trust_key(actor, keyfiles[township], self.data(county))
        with self.at(township) as actor:
            exchange.trust_key(actor, keyfiles[county], self.data(township))

    def export(self, name: str, **kw) -> list[Path]:
        with self.at(name) as actor:
            return [r.path for r in exchange.export_bundles(actor, self.data(name), self.root / "out" / name, **kw)]

    def import_(self, name: str, paths, **kw):
        with self.at(name) as actor:
            return exchange.import_bundles(actor, self.data(name), list(paths), **kw)


def new_case(actor, facts: str = "双方因排水沟发生争执", name: str = "张三") -> str:
    data = CaseInput(source="来访", category="邻里", facts=facts, claims="恢复原状",
                     registered_on=dt.date(2026, 11, 2),
                     parties=[PartyInput(name=name, role="申请人", phone="13812345678"),
                              PartyInput(name="李四", role="被申请人")])
    return cases.register(actor, data).id


def synced_state(owner: str | None = None) -> dict:
    """Every synced row (by table) as its canonical dict: what two stores must agree on."""
    out = {}
    for table, model in records.BY_TABLE.items():
        where = (model.owner_code == owner) if owner else None
        out[table] = {r["id"]: records.row_dict(table, r) for r in records.select_dicts(table, where)}
    return out


def craft_bundle(world: World, sender: str, recipient: str, out: Path, *, records_by_table: dict | None = None,
                 manifest: dict | None = None, extra_entries: dict[str, bytes] | None = None,
                 sign_with=None, without: tuple[str, ...] = ()) -> Path:
    """A hand-made bundle (for fault injection): the sender's keys (or ``sign_with``), encrypted
    to the recipient, with whatever records, manifest fields and raw entries the test wants."""
    from zhongxin_desktop.exchange import keys
    from zhongxin_desktop.exchange.container import BundleWriter
    from zhongxin_desktop.store.models import Center

    with world.at(recipient):
        rec_pub = keys.load_or_create(world.data(recipient).keys).enc_public
        rec_code = Center.get(Center.is_local == True).code  # noqa: E712
    with world.at(sender):
        pair = sign_with or keys.load_or_create(world.data(sender).keys)
        snd_code = Center.get(Center.is_local == True).code  # noqa: E712
    writer = BundleWriter(out, rec_pub, pair)
    for table, rows in (records_by_table or {}).items():
        writer.add_json(f"records/{table}.json", rows)
    for name, data in (extra_entries or {}).items():
        writer.add_bytes(name, data)
    base = {"sender": snd_code, "sender_name": sender, "recipient": rec_code, "sequence": 99,
            "created_at": "2026-11-27 00:00:00", "period": "", "counts": {}}
    writer.finish({k: v for k, v in {**base, **(manifest or {})}.items() if k not in without})
    return out


def township_and_county(root: Path, town: str = "520102003", county_url: str | None = None) -> World:
    """The usual pair: a county (on PostgreSQL when ``county_url``) and one township that trust each other."""
    w = World(root, {"county": county_url} if county_url else None)
    w.add_center("county", "county", COUNTY)
    w.add_center("town", "township", town)
    w.trust_each_other("town")
    return w


def open_exchange_page(qtbot, world: World, name: str, actor):
    """The 数据交换 page of the center ``name`` (opened with ``world.at``), loaded. Callers wait
    for its worker (``page.ctx.worker.wait()``) before leaving ``world.at``."""
    from zhongxin_desktop.ui.context import AppContext, Bus
    from zhongxin_desktop.ui.pages.exchange import ExchangePage
    from zhongxin_desktop.ui.worker import DbWorker

    page = ExchangePage(AppContext(actor=actor, data=world.data(name), worker=DbWorker(), bus=Bus()))
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: page.data is not None, timeout=10000)
    return page
