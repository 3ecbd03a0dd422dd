"""Case services: validation extensions, duplicates, deadlines, JSON records, the detail read."""
import datetime as dt

import pytest

from case_factory import ID_A, ID_B, accept, case_input, party, register
from zhongxin_desktop.domain.errors import PermissionDenied, TransitionError, ValidationError
from zhongxin_desktop.domain.roles import Role
from zhongxin_desktop.services import _case_rows, audit
from zhongxin_desktop.services.casework import case_json, case_query, cases, duplicates, lookups
from zhongxin_desktop.store.models import AuditEvent, Case, CaseEvent, Grid, Village


def fields_of(exc):
    return {(e.record, e.field) for e in exc.value.errors}


def test_validation_names_field_and_fix(township):
    bad = case_input(party("张三", id_number="110105194912310021", phone="138123"),
                     party("", "被申请人", agent_phone="13812345678"),
                     facts="", amount="-1", source="网格员上报", prevent_criminal=True,
                     registered_on=dt.date.today() + dt.timedelta(days=1))
    with pytest.raises(ValidationError) as exc:
        cases.register(township, bad)
    got = fields_of(exc)
    assert {(None, "纠纷简要情况"), (None, "涉及金额"), (None, "网格"), (None, "上报人"), (None, "防止民转刑人数"),
            (None, "登记日期"), ("第1个当事人", "身份证号"), ("第1个当事人", "联系电话"),
            ("第2个当事人", "姓名/名称"), ("第2个当事人", "代理人")} <= got
    assert "校验位" in str(exc.value) and Case.select().count() == 0


def test_id_number_fills_sex_and_birth_date_and_accepts_lower_x(township):
    c = register(township, party("王芳", id_number="11010519491231002x"), party("李四", "被申请人"))
    link, p = _case_rows._parties_of(c.id)[0]
    assert p.id_number == ID_A and p.sex == "女" and p.birth_date == dt.date(1949, 12, 31)


def test_duplicates_by_id_number_or_name_and_phone(township):
    old = register(township, party("张三", id_number=ID_A, phone="13812345678"), party("李四", "被申请人"))
    other = register(township, party("赵六", phone="13900001111"), party("钱七", "被申请人"))
    assert [d.case_id for d in duplicates.find_duplicates(township, [party("张三丰", id_number=ID_A.lower())])] == [old.id]
    found = duplicates.find_duplicates(township, [party("赵六", phone="139 0000 1111")])
    assert [(d.case_id, d.reason) for d in found] == [(other.id, "姓名和电话相同")]
    assert duplicates.find_duplicates(township, [party("赵七", phone="13900001111"), party("王五", id_number=ID_B)]) == []


def test_closed_old_cases_are_not_duplicates(township):
    old = register(township, party("张三", id_number=ID_A), party("李四", "被申请人"),
                   registered_on=dt.date.today() - dt.timedelta(days=120))
    assert len(duplicates.find_duplicates(township, [party("张三", id_number=ID_A)])) == 1  # still open
    cases.transition(township, old.id, "reject", reason="不属受理范围", guided_to="已引导至人民法院起诉")
    assert duplicates.find_duplicates(township, [party("张三", id_number=ID_A)]) == []


def test_extend_deadline_and_overdue_reason_are_events_and_audited(township):
    c = register(township)
    accept(township, c, on=dt.date.today() - dt.timedelta(days=40))
    c = Case.get_by_id(c.id)
    assert case_query._is_overdue(c)
    with pytest.raises(ValidationError) as exc:
        cases.extend_deadline(township, c.id, c.due_on - dt.timedelta(days=1), "")
    assert fields_of(exc) == {(None, "延期原因"), (None, "新期限")}
    cases.record_overdue_reason(township, c.id, "需等待土地确权结果")
    new_due = dt.date.today() + dt.timedelta(days=20)
    cases.extend_deadline(township, c.id, new_due, "经双方同意")
    c = Case.get_by_id(c.id)
    assert c.due_on == new_due and c.overdue_reason == "需等待土地确权结果" and not case_query._is_overdue(c)
    ev = CaseEvent.select().where(CaseEvent.case == c, CaseEvent.action == "extend_deadline").get()
    assert ev.remark == "经双方同意"
    actions = [a.action for a in AuditEvent.select().order_by(AuditEvent.seq)]
    assert "case_extend_deadline" in actions and "case_overdue_reason" in actions
    assert audit.verify().ok


def test_a_deadline_given_by_the_sender_survives_acceptance(township):
    """A 12345 work order due on a set day keeps that day at 受理; a walk-in without one gets the
    category's days counted from the acceptance date."""
    day = dt.date.today()
    given = day + dt.timedelta(days=5)
    order = register(township, source="12345热线", external_ref="GD20261207001", due_on=given)
    plain = register(township)
    accept(township, order, on=day)
    accept(township, plain, on=day)
    days = cases.settings.due_days_for("邻里")  # the configured days, an input here, not a result
    assert days != 5
    assert Case.get_by_id(order.id).due_on == given
    assert Case.get_by_id(plain.id).due_on == day + dt.timedelta(days=days)


def test_a_given_deadline_before_registration_is_refused(township):
    with pytest.raises(ValidationError) as exc:
        register(township, registered_on=dt.date.today(), due_on=dt.date.today() - dt.timedelta(days=1))
    assert (None, "办结期限") in fields_of(exc) and Case.select().count() == 0


def test_viewer_cannot_extend(township, make_user):
    c = register(township)
    accept(township, c)
    viewer = make_user(Role.VIEWER)
    with pytest.raises(PermissionDenied):
        cases.extend_deadline(viewer, c.id, dt.date.today() + dt.timedelta(days=60), "x")


def test_transfer_closed_loop_and_conclude(township):
    c = register(township)
    accept(township, c)
    with pytest.raises(TransitionError):
        cases.transition(township, c.id, "transfer", department="派出所")  # no feedback deadline
    due = dt.date.today() + dt.timedelta(days=7)
    cases.transition(township, c.id, "transfer", department="派出所", feedback_due=due)
    cases.transition(township, c.id, "transfer_conclude", reply="已由派出所调处完毕")
    d = case_query.detail(township, c.id)
    assert d["status"] == "concluded" and d["closed_on"] == dt.date.today()
    assert d["transfers"][0]["reply"] == "已由派出所调处完毕" and d["transfers"][0]["feedback_due"] == due
    assert [e["action_label"] for e in d["events"]] == ["登记", "受理", "交办", "交办反馈办结"]
    assert d["allowed_actions"] == ["follow_up", "remediate"]
    assert d["parties"][0]["phone"] == "138****5678" and "*" in d["parties"][0]["id_number"]


def test_json_records_all_or_nothing(township):
    v = Village.create(owner_code="520102003", name="青山村")
    g = Grid.create(owner_code="520102003", code="G01", name="青山村第1网格", village=v)
    good = {"category": "邻里", "source": "网格员上报", "facts": "排水沟纠纷", "grid": "G01", "village": "青山村",
            "reporter_name": "网格员甲", "amount": 300, "parties": [{"name": "张三", "id_number": ID_A},
                                                                   {"name": "李四", "role": "被申请人"}]}
    bad = dict(good, parties=[{"name": "王五", "phone": "12345"}])
    with pytest.raises(ValidationError) as exc:
        case_json.add_from_json(township, [good, bad])
    assert ("第2条记录·第1个当事人", "联系电话") in fields_of(exc)
    assert Case.select().count() == 0
    with pytest.raises(ValidationError) as exc:
        case_json.add_from_json(township, [dict(good, grid="G99", colour="red")])
    assert {("第1条记录", "网格"), ("第1条记录", "")} <= fields_of(exc)
    made = case_json.add_from_json(township, [good, dict(good, facts="第二件")])
    assert len(made) == 2 and {c.grid_id for c in made} == {g.id}


def test_lookups_for_the_form(township, make_user):
    make_user(Role.MEDIATOR, "tj")
    choices = lookups.case_choices(township)
    assert "邻里" in choices.categories and "网格员上报" in choices.grid_sources
    assert [m.label for m in choices.mediators] == ["调解员甲"]


def test_a_batch_refusal_names_record_party_and_field_by_key(township):
    good = case_input(party("张三"))
    bad = case_input(party("张三"), party("李四", role="被申请人", phone="12"), facts="")
    with pytest.raises(ValidationError) as err:
        cases.register_many(township, [good, bad])
    keyed = {(e.index, e.party, e.key) for e in err.value.errors}
    assert keyed == {(1, None, "facts"), (1, 1, "phone")}
    assert "第2条记录·第2个当事人·联系电话" in str(err.value)
    assert not Case.select().exists()
