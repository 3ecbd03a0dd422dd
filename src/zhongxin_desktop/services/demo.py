"""A realistic demo township: villages, grids, people, a year of cases.

Deterministic from a seed. Rows are inserted in bulk inside one transaction: a 2,000-case
township is made in seconds and the app has something true to show on every page.
"""
from __future__ import annotations

import datetime as dt
import json
import random
import sqlite3
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from zhongxin_desktop.domain import idnumber, numbering, vocab
from zhongxin_desktop.domain.errors import DomainError
from zhongxin_desktop.domain.roles import Role
from zhongxin_desktop.domain.workflow import Status
from zhongxin_desktop.paths import DataDir
from zhongxin_desktop.services import audit, center as center_service, passwords
from zhongxin_desktop.services.actor import unattended
from zhongxin_desktop.store.case_parties import case_party_rows
from zhongxin_desktop.store.db import database
from zhongxin_desktop.store.models import (
    Agreement, Case, CaseEvent, CaseNumberSequence, CaseParty, FollowUp, Grid, GridMember, HouseholdUnit,
    JudicialConfirmation, MediationSession, Party, Transfer, User, Village, new_id,
)

DEMO_CODE = "520102001"
DEMO_NAME = "青山镇综治中心"
DEMO_COMMITTEE = "青山"
DEMO_PASSWORD = "Demo2026!"
DEMO_USERS = [  # username, name, role
    ("admin", "系统管理员", Role.ADMIN),
    ("zhuren", "王建国", Role.DIRECTOR),
    ("tiaojie1", "李秀英", Role.MEDIATOR),
    ("tiaojie2", "杨德明", Role.MEDIATOR),
    ("dengji", "陈晓燕", Role.CLERK),
]
VILLAGES = [("青山村", "村"), ("石桥村", "村"), ("新寨村", "村"), ("龙井社区", "社区"), ("田坝村", "村"),
            ("河口村", "村")]

CATEGORY_WEIGHTS = {
    "婚姻家庭": 14, "邻里": 22, "房屋宅基地": 12, "合同": 6, "生产经营": 4, "损害赔偿": 9, "山林土地": 10,
    "征地拆迁": 3, "环境污染": 2, "劳动争议": 7, "消费": 2, "医疗": 1, "道路交通事故": 5, "物业": 2, "其他": 1,
}
SOURCE_WEIGHTS = {
    "来访": 30, "网格员上报": 25, "联户长报告": 10, "12345热线": 8, "110转办": 8, "法院委派/诉前调解": 5,
    "信访转办": 4, "部门移送": 4, "主动排查": 6,
}
RISK_WEIGHTS = {"红": 3, "橙": 10, "黄": 57, "蓝": 30}
FACTS = {
    "邻里": "双方系邻居，{b}修建排水沟时将污水引向{a}家院坝，双方多次发生口角，{a}要求{b}恢复原状。",
    "婚姻家庭": "{a}与{b}系夫妻，因家庭琐事及子女抚养问题产生矛盾，{a}要求分居并协商抚养费。",
    "房屋宅基地": "{a}与{b}因宅基地界址不清发生争议，{b}建房越过原界线约0.5米。",
    "山林土地": "{a}与{b}因承包地边界及林木权属发生纠纷，双方各执一词。",
    "损害赔偿": "{b}饲养的牲畜毁坏{a}的农作物，{a}要求赔偿损失。",
    "劳动争议": "{a}在{b}处务工，工期结束后{b}拖欠工资未付，{a}要求支付劳务报酬。",
    "道路交通事故": "{a}驾驶电动车与{b}的摩托车相撞，{a}受伤，双方就医疗费赔偿协商未果。",
    "合同": "{a}与{b}签订买卖合同，{b}未按约定交付货物，{a}要求退还货款。",
}
DEFAULT_FACT = "{a}与{b}因{cat}事项发生纠纷，经多次协商未果，请求调解。"


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _valid_id(fake: Any, rng: random.Random) -> str:  # Any: zh_CN's ssn() takes ages, the generic stub does not
    while True:
        number: str = fake.ssn(min_age=18, max_age=80)
        if idnumber.is_valid(number):
            return number


@unattended("builds the demo township, before any user exists")
def create_demo(*, cases: int = 300, seed: int = 2026, today: dt.date | None = None,
                progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """Create the demo township in an empty, migrated database. Returns a summary."""
    today = today or dt.date.today()
    rng = random.Random(seed)
    from faker import Faker  # ~0.2 s to import: only when a demo is made, not at every start

    fake = Faker("zh_CN")
    fake.seed_instance(seed)
    center = center_service.init_center(kind="township", code=DEMO_CODE, name=DEMO_NAME,
                                        committee_short=DEMO_COMMITTEE, admin_username="admin",
                                        admin_display_name="系统管理员", admin_password=DEMO_PASSWORD)
    owner = center.code
    pw_hash = passwords.hash_password(DEMO_PASSWORD)  # hashed once: scrypt is slow on purpose
    with database.atomic():
        for username, name, role in DEMO_USERS[1:]:
            User.create(owner_code=owner, username=username, display_name=name, role=role.value,
                        password_hash=pw_hash)
        mediators = list(User.select().where(User.role.in_([Role.MEDIATOR, Role.DIRECTOR])))
        villages, grids = [], []
        for i, (vname, vkind) in enumerate(VILLAGES, start=1):
            v = Village.create(owner_code=owner, name=vname, kind=vkind, code=f"{DEMO_CODE}{i:03d}")
            villages.append(v)
            for g in range(1, rng.randint(2, 4) + 1):
                urban = vkind == "社区"
                grid = Grid.create(owner_code=owner, code=f"{DEMO_CODE}{i:03d}{g:02d}", name=f"{vname}第{g}网格",
                                   village=v, kind="urban" if urban else "rural",
                                   households=rng.randint(200, 300) if urban else rng.randint(80, 150),
                                   leader_name=fake.name(), leader_phone=fake.phone_number())
                grid.leader_name and GridMember.create(owner_code=owner, grid=grid, name=grid.leader_name,
                                                       phone=grid.leader_phone, duty="网格长")
                for _ in range(2):
                    GridMember.create(owner_code=owner, grid=grid, name=fake.name(), phone=fake.phone_number())
                for u in range(1, grid.households // 15 + 1):
                    HouseholdUnit.create(owner_code=owner, grid=grid, name=f"第{u}联户", head_name=fake.name(),
                                         head_phone=fake.phone_number(), households=rng.randint(10, 20))
                grids.append(grid)
        summary = _make_cases(rng, fake, owner, cases, today, villages, grids, mediators, progress)
        from zhongxin_desktop.services.gridwork.grid_demo import add_grid_story  # the grid area's villages, units and events
        from zhongxin_desktop.services.gridwork.grid_demo_work import make_grid_work

        make_grid_work(seed, owner, today)
        add_grid_story(seed, owner, today)
        _add_roster(owner)
        audit.record("admin", "demo_create", "center", center.id, detail={"cases": cases, "seed": seed})
    summary["users"] = [u for u, _, _ in DEMO_USERS]
    summary["password"] = DEMO_PASSWORD
    return summary


def _add_roster(owner: str) -> None:
    """The township's 人民调解委员会 with the demo's director and mediators on its roster, and a
    village committee (they travel up to the county's 调解组织 list)."""
    from zhongxin_desktop.store.models import MediationCommittee, Mediator

    town = MediationCommittee.create(owner_code=owner, name=DEMO_NAME.replace("综治中心", "") + "人民调解委员会")
    village = MediationCommittee.create(owner_code=owner, name=f"{VILLAGES[0][0]}人民调解委员会", kind="村（居）")
    roster = [("zhuren", "男", "主任", town), ("tiaojie1", "女", "专职调解员", town),
              ("tiaojie2", "男", "兼职调解员", village)]
    for username, sex, duty, committee in roster:
        user = User.get(User.username == username)
        Mediator.create(owner_code=owner, committee=committee, name=user.display_name, sex=sex, duty=duty,
                        trained=True, user=user)


@unattended("builds the demo township, before any user exists")
def install_demo(data: DataDir, *, cases: int = 300, seed: int = 2026, today: dt.date | None = None,
                 progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """Build the demo township in a temporary file beside the database, then move it into place
    in one step: a killed build leaves no half-made township (that ``demo`` would then refuse),
    only a file the start-up sweep removes. Refused when the folder already holds a center or
    is damaged. Afterwards the database is open on the demo. The caller holds the folder lock."""
    from zhongxin_desktop.store import backup, migrations, tempfiles
    from zhongxin_desktop.store.connection import close_database, open_database, refuse_lost
    from zhongxin_desktop.store.db import bind, make_database

    refuse_lost(data)
    if _holds_a_center(data.database):
        raise DomainError(f"数据目录 {data.root} 已有数据，演示数据只在空目录中创建。")
    close_database()  # the first-run window's connection to the empty file
    data.ensure()
    tmp = tempfiles.temp_path(data.root, "demo.sqlite")
    try:
        db = make_database(tmp)
        bind(db)
        try:
            db.connect()
            migrations.migrate(db)
            summary = create_demo(cases=cases, seed=seed, today=today, progress=progress)
            db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            db.execute_sql("PRAGMA journal_mode=DELETE")  # one self-contained file to move
        finally:
            db.close()
        if _holds_a_center(data.database):  # made meanwhile by something that ignored the lock
            raise DomainError(f"数据目录 {data.root} 已有数据，演示数据只在空目录中创建。")
        backup.replace_database(data.database, tmp)
    finally:
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{tmp}{suffix}").unlink(missing_ok=True)
        open_database(data)
    return summary


def _holds_a_center(path: Path) -> bool:
    """Whether the file at ``path`` already holds a center (read-only look)."""
    if not path.exists() or path.stat().st_size == 0:
        return False
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return con.execute("SELECT 1 FROM center WHERE is_local = 1").fetchone() is not None
        finally:
            con.close()
    except sqlite3.Error as exc:
        return "no such table" not in str(exc)  # any other trouble: not ours to overwrite


def _make_cases(rng: random.Random, fake: Any, owner: str, count: int, today: dt.date, villages: list[Village],
                grids: list[Grid], mediators: list[User], progress: Callable[[int, int], None] | None) -> dict[str, Any]:
    start = today - dt.timedelta(days=365)
    seq_by_year: dict[int, int] = {}
    rows: dict[str, list[dict[str, Any]]] = {m: [] for m in ("case", "party", "link", "event", "session", "agreement", "followup", "transfer",
                            "confirmation")}
    # Registration dates spread over the year, sorted so numbers follow dates.
    dates = sorted(start + dt.timedelta(days=rng.randint(0, 365)) for _ in range(count))
    for n, reg in enumerate(dates):
        cid = new_id()
        category = _weighted(rng, CATEGORY_WEIGHTS)
        source = _weighted(rng, SOURCE_WEIGHTS)
        grid = rng.choice(grids)
        village = grid.village
        assert village is not None  # every demo grid is made inside a village
        age_days = (today - reg).days
        people: list[dict[str, Any]] = []
        for role in ("申请人", "被申请人"):
            idn = _valid_id(fake, rng)
            info, _ = idnumber.validate(idn)
            assert info is not None  # _valid_id draws until the number is valid
            name = fake.name()
            ph = fake.phone_number()
            people.append(dict(
                kind="natural", name=name, sex=info.sex, ethnicity=rng.choice(["汉族"] * 6 + ["苗族", "布依族", "侗族"]),
                birth_date=info.birth_date, occupation=rng.choice(["农民", "务工", "个体经营", "退休", "教师"]),
                address=f"{village.name}{rng.randint(1, 12)}组{rng.randint(1, 80)}号", phone=ph,
                id_number=idn, role=role))
        party_rows, links = case_party_rows(cid, owner, people)
        rows["party"] += party_rows
        rows["link"] += links
        parties = [p["name"] for p in people]
        facts = FACTS.get(category, DEFAULT_FACT).format(a=parties[0], b=parties[1], cat=category)
        # Older cases are further along; a few of every age stay open (and some run overdue).
        r = rng.random()
        if age_days < 3:
            status = Status.REGISTERED if r < 0.6 else Status.ACCEPTED
        elif age_days < 25:
            status = rng.choice([Status.MEDIATING, Status.MEDIATING, Status.TRANSFERRED, Status.SUCCEEDED,
                                 Status.ACCEPTED])
        else:
            status = (Status.ARCHIVED if r < 0.35 else Status.FOLLOWED_UP if r < 0.55 else
                      Status.PERFORMED if r < 0.7 else Status.PERFORMING if r < 0.76 else
                      Status.SUCCEEDED if r < 0.84 else Status.TERMINATED if r < 0.92 else
                      Status.REJECTED if r < 0.98 else Status.MEDIATING)
        mediator = rng.choice(mediators)
        case: dict[str, Any] = dict(id=cid, owner_code=owner, status=status.value, registered_on=reg, source=source,
                    reporter_name=fake.name() if source in vocab.GRID_SOURCES else "",
                    village=village.id, grid=grid.id, category=category, facts=facts,
                    claims="请求依法调解，维护合法权益。", persons_involved=2 if rng.random() > 0.05 else rng.randint(5, 30),
                    amount=Decimal(rng.choice([0, 0, 500, 1200, 3000, 8000, 20000, 56000])),
                    risk_level=_weighted(rng, RISK_WEIGHTS), mediator=mediator.id,
                    created_at=dt.datetime.combine(reg, dt.time(9)), updated_at=dt.datetime.combine(reg, dt.time(9)))
        case["is_group"] = case["persons_involved"] >= 5
        if rng.random() < 0.04:
            case.update(prevent_criminal=True, prevent_criminal_persons=rng.randint(1, 3))
        if case["is_group"] and rng.random() < 0.5:
            case.update(prevent_petition=True, prevent_petition_persons=case["persons_involved"])
        if rng.random() < 0.005:
            case.update(prevent_suicide=True, prevent_suicide_persons=1)
        events: list[tuple[str, Status | None, Status, dt.date]] = [("register", None, Status.REGISTERED, reg)]
        if status not in (Status.REGISTERED, Status.REJECTED):
            acc = min(reg + dt.timedelta(days=rng.randint(0, 1)), today)
            seq_by_year[acc.year] = seq_by_year.get(acc.year, 0) + 1
            seq = seq_by_year[acc.year]
            due_days = 30
            # About one open case in eight runs past its deadline.
            case.update(accepted_on=acc, case_year=acc.year, case_seq=seq,
                        case_no=numbering.format_case_number(acc.year, seq, DEMO_COMMITTEE),
                        due_on=acc + dt.timedelta(days=due_days))
            events.append(("accept", Status.REGISTERED, Status.ACCEPTED, acc))
            if status != Status.ACCEPTED:
                events.append(("start_mediation", Status.ACCEPTED, Status.MEDIATING, acc))
            if status == Status.TRANSFERRED:
                rows["transfer"].append(dict(id=new_id(), owner_code=owner, case=cid,
                                             department=rng.choice(["自然资源所", "人社所", "派出所", "村委会"]),
                                             sent_on=acc, feedback_due=acc + dt.timedelta(days=7),
                                             instructions="请核实情况并于期限内反馈。"))
                events.append(("transfer", Status.MEDIATING, Status.TRANSFERRED, acc))
            if status in (Status.MEDIATING, Status.TRANSFERRED) and age_days > 30:
                case["overdue_reason"] = rng.choice(["当事人外出务工，暂无法联系", "需等待土地确权结果", ""])
            closed = min(acc + dt.timedelta(days=rng.randint(1, 25)), today)
            session_result = None
            if status in (Status.SUCCEEDED, Status.PERFORMING, Status.PERFORMED, Status.FOLLOWED_UP,
                          Status.ARCHIVED):
                session_result = "agreed"
            elif status == Status.TERMINATED:
                session_result = "failed"
            elif status in (Status.MEDIATING,):
                session_result = "continue" if age_days > 5 else None
            if session_result:
                rows["session"].append(dict(
                    id=new_id(), owner_code=owner, case=cid, held_at=dt.datetime.combine(closed, dt.time(10)),
                    place="综治中心调解室", matter=f"{category}纠纷", host=mediator.id, recorder=mediator.id,
                    participants="、".join(parties), statements=f"申请人{parties[0]}陈述：……；被申请人{parties[1]}陈述：……",
                    facts_verified=facts, result=session_result,
                    result_reason="双方分歧较大，无法达成一致" if session_result == "failed" else ""))
            if session_result == "agreed":
                case.update(closed_on=closed, outcome="调解成功")
                events.append(("succeed", Status.MEDIATING, Status.SUCCEEDED, closed))
                oral = rng.random() < 0.3
                agr_no = f"（{closed.year}）{DEMO_COMMITTEE}调协字第 {seq} 号"
                aid = new_id()
                rows["agreement"].append(dict(
                    id=aid, owner_code=owner, case=cid, kind="oral" if oral else "written", number=agr_no,
                    status="frozen", facts=facts,
                    clauses=json.dumps([f"{parties[1]}于协议签订之日起十日内向{parties[0]}支付人民币{case['amount']}元；",
                                        "双方今后互谅互让，和睦相处；", "双方就本纠纷再无其他争议。"],
                                       ensure_ascii=False),
                    performance="一次性现金支付", perform_by=closed + dt.timedelta(days=10), amount=case["amount"],
                    copies=3, signed_on=closed, frozen_at=dt.datetime.combine(closed, dt.time(11)),
                    mediator_name=mediator.display_name, recorder_name=mediator.display_name))
                if status in (Status.PERFORMED, Status.FOLLOWED_UP, Status.ARCHIVED):
                    events.append(("complete_performance", Status.SUCCEEDED, Status.PERFORMED, closed))
                elif status == Status.PERFORMING:
                    events.append(("start_performance", Status.SUCCEEDED, Status.PERFORMING, closed))
                if status in (Status.FOLLOWED_UP, Status.ARCHIVED):
                    visit = min(closed + dt.timedelta(days=rng.randint(7, 30)), today)
                    rows["followup"].append(dict(
                        id=new_id(), owner_code=owner, case=cid, agreement=aid, visited_on=visit,
                        method=rng.choice(["电话", "上门"]), reason="协议履行情况回访", performed=True,
                        satisfaction=rng.choice(["满意"] * 8 + ["基本满意"]), visitor=mediator.display_name))
                    events.append(("follow_up", Status.PERFORMED, Status.FOLLOWED_UP, visit))
                    if status == Status.ARCHIVED:
                        events.append(("archive", Status.FOLLOWED_UP, Status.ARCHIVED, visit))
                if not oral and rng.random() < 0.1:
                    rows["confirmation"].append(dict(id=new_id(), owner_code=owner, case=cid, agreement=aid,
                                                     applied_on=closed + dt.timedelta(days=3),
                                                     court="青山人民法庭", result="确认有效",
                                                     result_on=closed + dt.timedelta(days=10)))
            elif session_result == "failed":
                case.update(closed_on=closed, outcome="调解不成，已告知仲裁、行政、诉讼途径")
                events.append(("terminate", Status.MEDIATING, Status.TERMINATED, closed))
        elif status == Status.REJECTED:
            case.update(rejection_reason="不属于人民调解受理范围", guided_to="已引导至人民法院起诉", closed_on=reg)
            events.append(("reject", Status.REGISTERED, Status.REJECTED, reg))
        rows["case"].append(case)
        for action, frm, to, on in events:
            rows["event"].append(dict(id=new_id(), owner_code=owner, case=cid,
                                      at=dt.datetime.combine(on, dt.time(9, 30)), username=rng.choice(
                                          ["dengji", mediator.username]), action=action,
                                      from_status=str(frm.value if frm else ""), to_status=to.value))
        if progress and n % 200 == 0:
            progress(n, count)
    for model, key in ((Case, "case"), (Party, "party"), (CaseParty, "link"), (CaseEvent, "event"),
                       (Transfer, "transfer"), (MediationSession, "session"), (Agreement, "agreement"),
                       (FollowUp, "followup"), (JudicialConfirmation, "confirmation")):
        _insert(model, rows[key])
    for year, last in seq_by_year.items():
        CaseNumberSequence.insert(year=year, last_seq=last).on_conflict_replace().execute()
    if progress:
        progress(count, count)
    return {"cases": count, "parties": len(rows["party"]), "agreements": len(rows["agreement"])}


def _insert(model: Any, rows: list[dict[str, Any]]) -> None:
    """insert_many takes its columns from the first row: give every row the same keys."""
    keys = set().union(*rows) if rows else set()
    defaults = {}
    for key in keys:
        f = model._meta.fields[key]
        defaults[key] = f.default() if callable(f.default) else f.default
    for start_i in range(0, len(rows), 500):
        model.insert_many([{**defaults, **r} for r in rows[start_i:start_i + 500]]).execute()


@unattended("builds the demo township, before any user exists")
def demo_credentials() -> str:
    names = "、".join(u for u, _, _ in DEMO_USERS)
    return f"演示用户：{names}（角色：管理员、中心负责人、调解员×2、登记员），密码均为 {DEMO_PASSWORD}"

