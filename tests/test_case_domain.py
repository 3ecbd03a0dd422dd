"""Pure rules of the cases area: the new validation rules and the search query builder."""
import datetime as dt

from zhongxin_desktop.domain import vocab
from zhongxin_desktop.domain.case_input import CaseInput, PartyInput, validate_case
from zhongxin_desktop.domain.search_terms import build_query, reversed_digits


def check(**kw):
    c = CaseInput(**{"category": "邻里", "source": "来访", "facts": "x", "parties": [PartyInput("张三")], **kw})
    return {(e.record, e.field) for e in validate_case(c, categories=vocab.CATEGORIES, sources=vocab.SOURCES,
                                                         risk_levels=vocab.RISK_LEVELS,
                                                         today=dt.date(2026, 11, 27)).errors}


def test_a_clean_case_passes():
    assert check() == set()


def test_prevention_flags_need_counts_and_counts_need_flags():
    assert check(prevent_suicide=True) == {(None, "防止自杀人数")}
    assert check(prevent_petition_persons=3) == {(None, "防止群体性上访人数")}
    assert check(prevent_criminal=True, prevent_criminal_persons=2) == set()


def test_grid_sources_need_grid_and_reporter():
    assert check(source="联户长报告") == {(None, "网格"), (None, "上报人")}
    assert check(source="联户长报告", grid_id="g", reporter_name="联户长甲") == set()


def test_empty_choices_and_zero_persons():
    assert check(category="", source="") == {(None, "纠纷类型"), (None, "案件来源")}
    assert check(persons_involved=0) == {(None, "涉及人数")}


def test_agents_and_landlines():
    p = PartyInput("张三", phone="0851 86812345", agent_name="王律师", agent_phone="１３８１２３４５６７８")
    assert check(parties=[p]) == set()
    assert p.phone == "085186812345" and p.agent_phone == "13812345678"
    assert check(parties=[PartyInput("张三", agent_phone="13812345678")]) == {("第1个当事人", "代理人")}


def test_query_builder():
    assert build_query("张三").expression == '(({names body} : "张三"))'
    assert build_query("zs").expression.startswith('((pinyin : "zs" *)')
    assert 'tails : "8765" *' in build_query("5678").expression and 'caseno : "s5678"' in build_query("5678").expression
    assert build_query("（2026）青山调字第 15 号").expression == '((caseno : "y2026" AND caseno : "s15"))'
    assert build_query("第 15 号").expression == '((caseno : "s15"))'
    assert build_query("张三 噪音").words == ["张三", "噪音"]
    assert reversed_digits("11010519491231002X") == "x20013219491501011"


def test_every_date_of_the_case_must_be_a_date():
    for label, key in (("登记日期", "registered_on"), ("办结期限", "due_on"), ("回复期限", "reply_due")):
        # an order's source: a wrong type must be named before any rule compares it
        assert check(source="12345热线", **{key: "2026-12-01"}) == {(None, label)}
        assert check(source="12345热线", **{key: dt.datetime(2026, 12, 1, 9, 0)}) == {(None, label)}


def test_a_reply_deadline_belongs_to_an_order_from_outside():
    # today is 2026-11-27 in check(); a reply deadline only for 12345, 110, courts, petitions…
    assert check(reply_due=dt.date(2026, 12, 1)) == {(None, "回复期限")}
    assert check(source="主动排查", reply_due=dt.date(2026, 12, 1)) == {(None, "回复期限")}
    for source in ("12345热线", "110转办", "法院委派/诉前调解", "信访转办", "检察院移送", "仲裁委移送", "县级交办"):
        assert check(source=source, reply_due=dt.date(2026, 12, 1)) == set()


def test_a_reply_deadline_is_not_before_the_registration():
    registered = dt.date(2026, 11, 20)
    assert check(source="12345热线", registered_on=registered, reply_due=dt.date(2026, 11, 19)) == {(None, "回复期限")}
    assert check(source="12345热线", registered_on=registered, reply_due=dt.date(2026, 11, 20)) == set()
    assert check(source="12345热线", registered_on=registered, reply_due=dt.date(2026, 11, 21)) == set()
    # no registration date: registered today
    assert check(source="12345热线", reply_due=dt.date(2026, 11, 26)) == {(None, "回复期限")}
    assert check(source="12345热线", reply_due=dt.date(2026, 11, 27)) == set()
