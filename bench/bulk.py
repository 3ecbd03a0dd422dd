"""Bulk generation of a large township or a county's decade: raw sqlite3 ``executemany`` in one
transaction, into a database made by the app's own migrations, rows shaped as the app writes them.

The sequence of each case follows the demo township (services/demo.py): registered, accepted with
a number, mediated, agreed or not, performed, followed up, archived — with events, sessions,
agreements, follow-ups, transfers and judicial confirmations where the path has them.
"""
from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Callable
from dataclasses import dataclass

from zhongxin_desktop.domain import numbering
from zhongxin_desktop.domain.workflow import Status
from zhongxin_desktop.services.demo import CATEGORY_WEIGHTS, RISK_WEIGHTS, SOURCE_WEIGHTS, VILLAGES
from zhongxin_desktop.store import models as m

from bench.people import NamePool, id_number, mobile, uuid_text
from bench.rows import Table, day, instant

FACTS = [
    "双方系邻居，{b}修建排水沟时将污水引向{a}家院坝，双方多次发生口角，{a}要求{b}恢复原状。",
    "{a}与{b}系夫妻，因家庭琐事及子女抚养问题产生矛盾，{a}要求协商抚养费。",
    "{a}与{b}因宅基地界址不清发生争议，{b}建房越过原界线约0.5米。",
    "{a}与{b}因承包地边界及林木权属发生纠纷，双方各执一词。",
    "{b}饲养的牲畜毁坏{a}的农作物，{a}要求赔偿损失。",
    "{a}在{b}处务工，工期结束后{b}拖欠工资未付，{a}要求支付劳务报酬。",
    "{a}驾驶电动车与{b}的摩托车相撞，{a}受伤，双方就医疗费赔偿协商未果。",
    "{b}家楼上卫生间漏水，导致{a}家天花板受损，{a}要求维修并赔偿。",
    "{b}经营的加工厂夜间噪音扰民，{a}多次反映未果。",
    "{a}与{b}因彩礼返还问题发生纠纷，双方家属多次争吵。",
    "{a}向{b}出借现金，约定期限届满后{b}未归还借款。",
    "{b}在{a}房屋旁挖土取沙，造成{a}家墙体开裂。",
]
AMOUNTS = ("0", "0", "500", "1200", "3000", "8000", "20000", "56000")
CATEGORIES, CAT_W = list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values())
SOURCES, SRC_W = list(SOURCE_WEIGHTS), list(SOURCE_WEIGHTS.values())
RISKS, RISK_W = list(RISK_WEIGHTS), list(RISK_WEIGHTS.values())
FLUSH_EVERY = 20_000  # cases between executemany calls: bounded memory at a million cases


@dataclass
class Township:
    code: str
    name: str
    committee: str
    villages: list[str]  # village ids
    grids: list[tuple[str, str]]  # (grid id, village id)
    mediators: list[tuple[str | None, str, str]]  # (user id, username, display name)


class CaseWriter:
    """Makes the rows of every case and writes them in chunks on one raw connection."""

    def __init__(self, con, rng: random.Random, names: NamePool, today: dt.date, lean: bool = False):
        self.con, self.rng, self.names, self.today = con, rng, names, today
        self.t = {k: Table(model, con) for k, model in (
            ("case", m.Case), ("party", m.Party), ("link", m.CaseParty), ("event", m.CaseEvent),
            ("session", m.MediationSession), ("agreement", m.Agreement), ("followup", m.FollowUp),
            ("transfer", m.Transfer), ("confirmation", m.JudicialConfirmation))}
        if lean:  # cases, parties and links only: what the list and search read (the 1M dataset)
            for key in ("event", "session", "agreement", "followup", "transfer", "confirmation"):
                self.t[key].add = lambda values: None
        self.sample_ids: dict[str, str] = {}

    def flush(self) -> None:
        for table in self.t.values():
            if table.rows and table.name not in self.sample_ids:
                self.sample_ids[table.name] = table.rows[0][0]
            table.flush(self.con)

    def township(self, tw: Township, count: int, first_day: dt.date,
                 progress: Callable[[int], None] | None = None) -> dict[int, int]:
        rng = self.rng
        span = (self.today - first_day).days
        dates = sorted(first_day + dt.timedelta(days=rng.randint(0, span)) for _ in range(count))
        seq_by_year: dict[int, int] = {}
        for n, reg in enumerate(dates, start=1):
            self._case(tw, reg, seq_by_year)
            if n % FLUSH_EVERY == 0:
                self.flush()
                if progress:
                    progress(FLUSH_EVERY)
        if progress:
            progress(count % FLUSH_EVERY)
        return seq_by_year

    def _party(self, owner: str, created: str, village: str) -> tuple[str, str]:
        rng = self.rng
        pid = uuid_text(rng)
        name = self.names.draw(rng)
        full, initials = self.names.keys[name]
        idn, birth, sex = id_number(rng, self.today)
        ph = mobile(rng)
        self.t["party"].add(dict(
            id=pid, owner_code=owner, created_at=created, updated_at=created, name=name, name_pinyin=full,
            name_initials=initials, sex=sex, ethnicity="汉族" if rng.random() < 0.7 else rng.choice(("苗族", "布依族", "侗族")),
            birth_date=birth.isoformat(), occupation=rng.choice(("农民", "务工", "个体经营", "退休", "教师")),
            address=f"{village}{rng.randint(1, 12)}组{rng.randint(1, 80)}号", phone=ph, phone_tail=ph[-4:],
            id_number=idn, id_tail=idn[-4:]))
        return pid, name

    def _event(self, owner: str, cid: str, username: str, action: str, frm: str, to: str, on: dt.date) -> None:
        at = instant(on, 9, 30)
        self.t["event"].add(dict(id=uuid_text(self.rng), owner_code=owner, created_at=at, updated_at=at,
                                 case_id=cid, at=at, username=username, action=action, from_status=frm,
                                 to_status=to))

    def _case(self, tw: Township, reg: dt.date, seq_by_year: dict[int, int]) -> None:
        rng, t, owner, today = self.rng, self.t, tw.code, self.today
        cid = uuid_text(rng)
        created = instant(reg, 9)
        grid_id, village_id = rng.choice(tw.grids)
        village_name = VILLAGES[tw.villages.index(village_id) % len(VILLAGES)][0]
        names = []
        for pos, role in enumerate(("申请人", "被申请人")):
            pid, name = self._party(owner, created, village_name)
            t["link"].add(dict(id=uuid_text(rng), owner_code=owner, created_at=created, updated_at=created,
                               case_id=cid, party_id=pid, role=role, position=pos))
            names.append(name)
        category = rng.choices(CATEGORIES, CAT_W)[0]
        source = rng.choices(SOURCES, SRC_W)[0]
        facts = rng.choice(FACTS).format(a=names[0], b=names[1])
        mediator_id, mediator_user, mediator_name = rng.choice(tw.mediators)
        amount = rng.choice(AMOUNTS)
        persons = 2 if rng.random() > 0.05 else rng.randint(5, 30)
        status = self._status((today - reg).days, rng.random())
        row = dict(id=cid, owner_code=owner, created_at=created, updated_at=created, status=status.value,
                   registered_on=reg.isoformat(), source=source, village_id=village_id, grid_id=grid_id,
                   reporter_name=self.names.draw(rng) if source in ("网格员上报", "联户长报告") else "",
                   category=category, facts=facts, claims="请求依法调解，维护合法权益。", persons_involved=persons,
                   amount=int(amount), risk_level=rng.choices(RISKS, RISK_W)[0], is_group=int(persons >= 5),
                   mediator_id=mediator_id)
        ev = [("register", "", Status.REGISTERED, reg)]
        if status == Status.REJECTED:
            row.update(rejection_reason="不属于人民调解受理范围", guided_to="已引导至人民法院起诉", closed_on=day(reg))
            ev.append(("reject", Status.REGISTERED, Status.REJECTED, reg))
        elif status != Status.REGISTERED:
            self._accepted(tw, cid, row, status, reg, names, category, facts, amount, mediator_id,
                           mediator_name, seq_by_year, ev)
        t["case"].add(row)
        for action, frm, to, on in ev:
            self._event(owner, cid, mediator_user if action != "register" else "dengji", action,
                        frm.value if frm else "", to.value, on)

    @staticmethod
    def _status(age_days: int, r: float) -> Status:
        if age_days < 3:
            return Status.REGISTERED if r < 0.6 else Status.ACCEPTED
        if age_days < 25:
            return (Status.MEDIATING, Status.MEDIATING, Status.TRANSFERRED, Status.SUCCEEDED, Status.ACCEPTED)[int(r * 5)]
        return (Status.ARCHIVED if r < 0.35 else Status.FOLLOWED_UP if r < 0.55 else Status.PERFORMED if r < 0.7
                else Status.PERFORMING if r < 0.76 else Status.SUCCEEDED if r < 0.84 else Status.TERMINATED
                if r < 0.92 else Status.REJECTED if r < 0.98 else Status.MEDIATING)

    def _accepted(self, tw, cid, row, status, reg, names, category, facts, amount, mediator_id, mediator_name,
                  seq_by_year, ev) -> None:
        rng, t, owner, today = self.rng, self.t, tw.code, self.today
        acc = min(reg + dt.timedelta(days=rng.randint(0, 1)), today)
        seq = seq_by_year[acc.year] = seq_by_year.get(acc.year, 0) + 1
        row.update(accepted_on=day(acc), case_year=acc.year, case_seq=seq,
                   case_no=numbering.format_case_number(acc.year, seq, tw.committee),
                   due_on=day(acc + dt.timedelta(days=30)))
        ev.append(("accept", Status.REGISTERED, Status.ACCEPTED, acc))
        if status != Status.ACCEPTED:
            ev.append(("start_mediation", Status.ACCEPTED, Status.MEDIATING, acc))
        if status == Status.TRANSFERRED:
            t["transfer"].add(dict(id=uuid_text(rng), owner_code=owner, created_at=instant(acc, 10),
                                   updated_at=instant(acc, 10), case_id=cid, sent_on=day(acc),
                                   department=rng.choice(("自然资源所", "人社所", "派出所", "村委会")),
                                   feedback_due=day(acc + dt.timedelta(days=7)), instructions="请核实情况并于期限内反馈。"))
            ev.append(("transfer", Status.MEDIATING, Status.TRANSFERRED, acc))
        age = (today - reg).days
        if status in (Status.MEDIATING, Status.TRANSFERRED) and age > 30:
            row["overdue_reason"] = rng.choice(("当事人外出务工，暂无法联系", "需等待土地确权结果", ""))
        closed = min(acc + dt.timedelta(days=rng.randint(1, 25)), today)
        agreed = status in (Status.SUCCEEDED, Status.PERFORMING, Status.PERFORMED, Status.FOLLOWED_UP, Status.ARCHIVED)
        result = "agreed" if agreed else "failed" if status == Status.TERMINATED else (
            "continue" if status == Status.MEDIATING and age > 5 else None)
        if result:
            held = instant(closed, 10)
            t["session"].add(dict(
                id=uuid_text(rng), owner_code=owner, created_at=held, updated_at=held, case_id=cid, held_at=held,
                place="综治中心调解室", matter=f"{category}纠纷", host_id=mediator_id, recorder_id=mediator_id,
                participants="、".join(names), statements=f"申请人{names[0]}陈述：……；被申请人{names[1]}陈述：……",
                facts_verified=facts, result=result,
                result_reason="双方分歧较大，无法达成一致" if result == "failed" else ""))
        if result == "failed":
            row.update(closed_on=day(closed), outcome="调解不成，已告知仲裁、行政、诉讼途径")
            ev.append(("terminate", Status.MEDIATING, Status.TERMINATED, closed))
        if not agreed:
            return
        row.update(closed_on=day(closed), outcome="调解成功")
        ev.append(("succeed", Status.MEDIATING, Status.SUCCEEDED, closed))
        aid = uuid_text(rng)
        written = rng.random() >= 0.3
        clauses = [f"{names[1]}于协议签订之日起十日内向{names[0]}支付人民币{amount}元；", "双方今后互谅互让，和睦相处；",
                   "双方就本纠纷再无其他争议。"]
        t["agreement"].add(dict(
            id=aid, owner_code=owner, created_at=instant(closed, 11), updated_at=instant(closed, 11), case_id=cid,
            kind="written" if written else "oral", number=f"（{closed.year}）{tw.committee}调协字第 {seq} 号",
            status="frozen", facts=facts, clauses=json.dumps(clauses, ensure_ascii=False), performance="一次性现金支付",
            perform_by=day(closed + dt.timedelta(days=10)), amount=int(amount), copies=3, signed_on=day(closed),
            frozen_at=instant(closed, 11), mediator_name=mediator_name, recorder_name=mediator_name))
        if status in (Status.PERFORMED, Status.FOLLOWED_UP, Status.ARCHIVED):
            ev.append(("complete_performance", Status.SUCCEEDED, Status.PERFORMED, closed))
        elif status == Status.PERFORMING:
            ev.append(("start_performance", Status.SUCCEEDED, Status.PERFORMING, closed))
        if status in (Status.FOLLOWED_UP, Status.ARCHIVED):
            visit = min(closed + dt.timedelta(days=rng.randint(7, 30)), today)
            t["followup"].add(dict(
                id=uuid_text(rng), owner_code=owner, created_at=instant(visit, 15), updated_at=instant(visit, 15),
                case_id=cid, agreement_id=aid, visited_on=day(visit), method=rng.choice(("电话", "上门")),
                reason="协议履行情况回访", performed=1, satisfaction="满意" if rng.random() < 0.9 else "基本满意",
                visitor=mediator_name))
            ev.append(("follow_up", Status.PERFORMED, Status.FOLLOWED_UP, visit))
            if status == Status.ARCHIVED:
                ev.append(("archive", Status.FOLLOWED_UP, Status.ARCHIVED, visit))
        if written and rng.random() < 0.1:
            t["confirmation"].add(dict(
                id=uuid_text(rng), owner_code=owner, created_at=instant(closed, 16), updated_at=instant(closed, 16),
                case_id=cid, agreement_id=aid, applied_on=day(closed + dt.timedelta(days=3)), court="人民法庭",
                result="确认有效", result_on=day(closed + dt.timedelta(days=10))))
