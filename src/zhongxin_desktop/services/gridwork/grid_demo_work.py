"""The demo township's everyday grid work (called once by services.demo): units whose households
add up to their grid's, each with its households listed and its head's selection recorded; events
whose descriptions fit their type, a share reported by household heads; grid workers' visits near
the rhythm with a person's variance; the heads' 入户走访; the watch registers with their visits.

Uses its own random streams, so the cases of a given seed stay as they were."""
from __future__ import annotations

from typing import Any

import datetime as dt
import random

from zhongxin_desktop.domain import vocab
from zhongxin_desktop.domain.grid_input import EventStatus
from zhongxin_desktop.services.actor import unattended
from zhongxin_desktop.store.models import (
    Grid, GridEvent, GridMember, GridVisit, Household, HouseholdUnit, Village, WatchPerson, WatchVisit, new_id,
)

EVENTS = {  # event type: ([descriptions], [results when settled in the grid])
    "矛盾纠纷": (["{a}与{b}两户因宅基地边界发生争执，{b}砌墙越界约半米",
              "{a}与{b}因排水沟走向发生口角，污水流入{a}家院坝",
              "{b}家耕牛践踏{a}家玉米地，双方就赔偿协商未果",
              "{a}反映在{b}处务工，工钱约{n}元尚未结清",
              "{a}与{b}因共用通道堆放柴草发生争吵"],
             ["网格员会同联户长现场调处，{b}答应自行拆除越界部分", "双方各让一步，约定共同疏通水沟",
              "经调解{b}赔偿{a}损失{n}元，双方和解", "联系{b}当面对账，约定月底前结清", "联户长上门劝导，通道已清理"]),
    "安全隐患": (["{place}河堤护栏损坏约{k}米，有落水隐患", "{place}一户老旧土坯房墙体开裂，雨季有垮塌风险",
              "{place}路口电线老化下垂，离地不足两米", "{place}山体出现裂缝，下方住有{k}户"],
             ["已报村委会，护栏已修复", "已劝离住户暂住亲戚家，上报住建部门鉴定", "已联系供电所处理完毕",
              "已设置警示标志，通知住户雨天撤离"]),
    "社情民意": (["村民反映{place}路灯损坏多日，夜间出行不便", "群众反映{place}饮水管道水压不足",
              "村民希望在{place}增设垃圾收集点", "{a}反映低保复核结果有疑问"],
             ["已报村委会，路灯已修好", "联系水务站排查，管道已疏通", "已反映至乡镇，列入下月计划",
              "网格员陪同{a}到民政办咨询，已作解释"]),
    "重点人员": (["重点人员{a}近期情绪不稳，与家人争吵", "社区矫正对象{a}外出务工，需报备",
              "精神障碍患者{a}未按时服药，家属求助", "刑满释放人员{a}回村，生活暂无着落"],
             ["网格员与家属共同做工作，情绪已平复", "已协助向司法所报备", "联系卫生院上门送药并指导家属",
              "协助申请临时救助，介绍务工岗位"]),
}
TAGS = ["低保户", "独居老人", "留守儿童", "残疾人", "脱贫监测户", "退役军人", "空巢老人"]
HEAD_VISIT_TENLINKS = ["社情民意联排", "安全隐患联防", "矛盾纠纷联调", "政策法规联宣", "困难家庭联帮", "邻里互助联动",
                       "环境卫生联治", "文明新风联树", "重点人员联管", "致富项目联建"]
WATCH = {"重点人员": (7, ["社区矫正对象", "刑满释放人员", "精神障碍患者", "长期信访人员"]),
         "困难家庭": (30, ["因病致贫，一人长期住院", "独居老人，子女在外务工", "重度残疾，无劳动能力", "遭遇火灾，住房受损"])}


def _partition(total: int, parts: int, rng: random.Random) -> list[int]:
    """``total`` households over ``parts`` units of about 10-20 each, adding up exactly."""
    base, extra = divmod(total, parts)
    sizes = [base + (i < extra) for i in range(parts)]
    for _ in range(parts * 2):  # a little unevenness, as real units have
        i, j = rng.randrange(parts), rng.randrange(parts)
        if i != j and sizes[i] > 10 and sizes[j] < 20:
            sizes[i] -= 1
            sizes[j] += 1
    return sizes


@unattended("builds the demo township, before any user exists")
def make_grid_work(seed: int, owner: str, today: dt.date) -> dict[str, Any]:
    from faker import Faker

    rng = random.Random(seed * 7 + 61)
    fake = Faker("zh_CN")
    fake.seed_instance(seed + 61)
    start = today - dt.timedelta(days=364)
    rows: dict[Any, list[dict[str, Any]]] = {m: [] for m in (Household, GridEvent, GridVisit, WatchPerson, WatchVisit)}
    villages = {v.id: v.name for v in Village.select()}
    for grid in Grid.select().order_by(Grid.code):
        village = villages.get(grid.village_id or "", "")
        Grid.update(party_branch=f"{village}党{'总' if grid.kind == 'urban' else ''}支部",
                    party_group=f"{grid.name.replace(village, '')}党小组").where(Grid.id == grid.id).execute()
        units = list(HouseholdUnit.select().where(HouseholdUnit.grid == grid).order_by(HouseholdUnit.name))
        sizes = _partition(grid.households, len(units), rng) if units else []
        heads = []
        for n, (unit, size) in enumerate(zip(units, sizes), start=1):
            elected = start - dt.timedelta(days=rng.randint(30, 400))
            HouseholdUnit.update(
                households=size, elected_on=elected, police_reviewed_on=elected + dt.timedelta(days=rng.randint(2, 7)),
                police_reviewer=f"{fake.last_name()}警官", branch_confirmed_on=elected + dt.timedelta(days=rng.randint(8, 15)),
                branch_confirmer=f"{fake.last_name()}书记").where(HouseholdUnit.id == unit.id).execute()
            heads.append(unit)
            for k in range(1, size + 1):
                tags = "、".join(rng.sample(TAGS, 1)) if rng.random() < 0.12 else ""
                rows[Household].append(dict(
                    id=new_id(), owner_code=owner, unit=unit.id, head_name=unit.head_name if k == 1 else fake.name(),
                    address=f"{village}{n}组{k}号", members=rng.randint(1, 6), phone=fake.phone_number(), tags=tags))
        workers = [m.name for m in GridMember.select().where(GridMember.grid == grid, GridMember.active == True)]  # noqa: E712
        _events(rows[GridEvent], rng, fake, owner, grid, village, workers, heads, start, today)
        _visits(rows[GridVisit], rng, owner, grid, workers, heads, start, today)
        _watch(rows, rng, fake, owner, grid, village, workers, start, today)
    for model, batch in rows.items():
        for i in range(0, len(batch), 500):
            model.insert_many(batch[i:i + 500]).execute()
    return {model._meta.table_name: len(batch) for model, batch in rows.items()}


def _events(out: list[dict[str, Any]], rng: random.Random, fake: Any, owner: str, grid: Grid, village: str,
            workers: list[str], heads: list[HouseholdUnit], start: dt.date, today: dt.date) -> None:
    types = list(EVENTS)
    for _ in range(rng.randint(15, 40)):
        on = start + dt.timedelta(days=rng.randint(0, (today - start).days))
        etype = rng.choices(types, weights=[5, 2, 2, 1])[0]
        texts, results = EVENTS[etype]
        i = rng.randrange(len(texts))
        values = dict(a=fake.name(), b=fake.name(), n=rng.choice([800, 1500, 2600, 4200]), k=rng.randint(3, 12),
                      place=f"{village}{rng.randint(1, 8)}组")
        head = rng.choice(heads) if heads and rng.random() < 0.3 else None
        age = (today - on).days
        # settled within days as a rule; what is still open is recent, and graver matters rarer
        handled = age > 14 or rng.random() < 0.6
        risk = rng.choices(["橙", "黄", "蓝"], weights=[1, 6, 3])[0] if handled or age > 7 else \
            rng.choices(["红", "橙", "黄", "蓝"], weights=[1, 3, 6, 3])[0]
        out.append(dict(
            id=new_id(), owner_code=owner, grid=grid.id, reported_on=on,
            reporter_name=head.head_name if head else rng.choice(workers), reporter_role="联户长" if head else "网格员",
            unit=head.id if head else None, event_type=etype, tenlink=vocab.TENLINK_BY_EVENT_TYPE.get(etype, ""),
            description=texts[i].format(**values), risk_level=risk, status=EventStatus.CLOSED if handled else EventStatus.OPEN,
            handled_on=min(on + dt.timedelta(days=rng.randint(0, 5)), today) if handled else None,
            result=results[i % len(results)].format(**values) if handled else "", case_outcome=""))


def _visits(out: list[dict[str, Any]], rng: random.Random, owner: str, grid: Grid, workers: list[str],
            heads: list[HouseholdUnit], start: dt.date, today: dt.date) -> None:
    """Each worker's week: about five routine visits (a sick day, a busy week) and most weeks one
    focused visit; each head's month: a few 入户走访 in the unit."""
    monday = start - dt.timedelta(days=start.weekday())
    while monday <= today:
        for name in workers:
            days = [monday + dt.timedelta(days=d) for d in range(6)]
            routine = max(0, min(6, round(rng.gauss(5, 1.1))))
            for day in rng.sample(days, routine):
                if start <= day <= today:
                    out.append(dict(id=new_id(), owner_code=owner, grid=grid.id, worker_name=name, visited_on=day,
                                    kind="routine", households=rng.randint(3, 12), notes="", visitor_role="网格员",
                                    unit=None, tenlink=""))
            day = rng.choice(days)
            if rng.random() < 0.85 and start <= day <= today:
                out.append(dict(id=new_id(), owner_code=owner, grid=grid.id, worker_name=name, visited_on=day,
                                kind="focused", households=rng.randint(1, 4), notes="", visitor_role="网格员",
                                unit=None, tenlink=""))
        if monday.day <= 7:  # once a month, the heads' visits of the month
            for unit in heads:
                for _ in range(rng.randint(2, 6)):
                    day = monday + dt.timedelta(days=rng.randint(0, 27))
                    if start <= day <= today:
                        out.append(dict(id=new_id(), owner_code=owner, grid=grid.id, worker_name=unit.head_name,
                                        visited_on=day, kind="routine", households=rng.randint(2, 8), notes="",
                                        visitor_role="联户长", unit=unit.id, tenlink=rng.choice(HEAD_VISIT_TENLINKS)))
        monday += dt.timedelta(days=7)


def _watch(rows: dict[Any, list[dict[str, Any]]], rng: random.Random, fake: Any, owner: str, grid: Grid,
           village: str, workers: list[str], start: dt.date, today: dt.date) -> None:
    for kind, (every, reasons) in WATCH.items():
        for _ in range(rng.randint(0, 2)):
            since = start + dt.timedelta(days=rng.randint(0, 200))
            pid = new_id()
            rows[WatchPerson].append(dict(
                id=pid, owner_code=owner, kind=kind, grid=grid.id, name=fake.name(), id_number="",
                phone=fake.phone_number(), address=f"{village}{rng.randint(1, 8)}组", reason=rng.choice(reasons),
                help_given="已纳入低保" if kind == "困难家庭" and rng.random() < 0.5 else "",
                worker_name=rng.choice(workers), visit_every_days=every, since=since, active=True))
            day = since + dt.timedelta(days=rng.randint(1, every))
            late = rng.random() < 0.25  # a quarter of them fall behind lately
            while day <= today - dt.timedelta(days=every * 2 if late else 0):
                rows[WatchVisit].append(dict(id=new_id(), owner_code=owner, person=pid, visited_on=day,
                                             visitor=rng.choice(workers), notes="情况稳定", help_given=""))
                day += dt.timedelta(days=max(1, every + rng.randint(-2, 2)))
