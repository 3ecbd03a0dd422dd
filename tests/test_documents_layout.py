"""Forms that never overflow: with 10,000-character fields and 12 parties every word lands inside
the page and no text is drawn over other text (word boxes read back with pdftotext -bbox-layout)."""
import datetime as dt

import pytest

from docs_flow import agreement_input
from pdfcheck import body_text, layout_faults, page_count, squash
from zhongxin_desktop.documents import printing
from zhongxin_desktop.domain.case_input import CaseInput, PartyInput
from zhongxin_desktop.domain.workflow import Action
from zhongxin_desktop.services.settlement import agreements, followups, mediation
from zhongxin_desktop.services import users
from zhongxin_desktop.services.casework import cases

# Punctuation every few characters, as real text has; the sentence length differs from the line
# length so no two lines start alike.
LONG = ("双方因宅基地边界及排水沟走向发生争执，申请人称围墙被雨水浸泡开裂，被申请人称沟渠早已存在。" * 250)[:10000]


def _big_case(actor) -> str:
    parties = []
    for i in range(12):
        parties.append(PartyInput(
            name=f"当事人{i + 1}号" + ("阿卜杜热合曼·艾买提" if i == 11 else ""), role="申请人" if i % 2 == 0 else "被申请人",
            sex="男" if i % 2 == 0 else "女", birth_date=dt.date(1970 + i, 1, 1), occupation="农民" * (1 + i),
            address=(LONG[:300] if i == 0 else f"青山村{i}组{i}号" * (i + 1)), phone="13812345678"))
    # every field as long as registration allows it (facts 20,000, claims 5,000, an address 300)
    data = CaseInput(category="邻里", source="来访", facts=LONG, claims=LONG[:5000], amount="1200", parties=parties)
    case = cases.register(actor, data)
    cases.transition(actor, case.id, Action.ACCEPT)
    no = cases._get_case(case.id).case_no
    host = users._mediators()[0]
    mediation.add_session(actor, no, mediation.SessionInput(
        held_at=dt.datetime.now().replace(microsecond=0), place="综治中心调解室", matter="宅基地纠纷",
        host_id=host.id, recorder_id=host.id, participants=LONG[:3000], statements=LONG, facts_verified=LONG,
        result="agreed"))
    return no


@pytest.fixture
def big_case(township):
    no = _big_case(township)
    a = agreements.create(township, no, agreement_input(facts=LONG, clauses=[LONG[:800]] * 12, performance=LONG))
    printing.print_document(township, "agreement", no, signing=True)
    agreements.sign(township, a.id)
    followups.record(township, no, followups.FollowUpInput(visited_on=dt.date.today(), method="上门",
                                                          measures=LONG, notes=LONG, visitor="管理员"))
    return no


@pytest.mark.parametrize("kind", ["registration", "notice", "record", "agreement", "followup", "confirmation"])
def test_long_fields_never_overflow(township, big_case, tmp_path, kind):
    out = tmp_path / f"{kind}.pdf"
    printing.print_document(township, kind, big_case, out)
    assert layout_faults(out) == []
    assert page_count(out) > 1
    if kind not in ("notice", "confirmation"):  # the 10,000 characters are there, whole
        assert squash(LONG) in squash(body_text(out))


RARE = "䶮𬌗𠀾"
# a name in every few characters of text, rare characters among them, clauses of every length
RARE_FACTS = ("申请人王䶮与被申请人青山镇李𬌗、张𠀾三户因宅基地边界（“老沟”）发生争执，期间多次协商未果；" * 60)


def _lines(pdf) -> list[str]:
    return [line for line in body_text(pdf).splitlines() if line.strip()]


def test_signed_text_is_the_stored_text_with_rare_characters(township, tmp_path):
    from docs_flow import add_session, two_party_case

    no = two_party_case(township, name_a="王䶮", name_b="李𬌗", facts=RARE_FACTS)
    add_session(township, no)
    clauses = ["甲" * i + RARE_FACTS[: 49 * (i % 3 + 1)] for i in range(1, 13)]  # breaks fall everywhere
    agreements.create(township, no, agreement_input(facts=RARE_FACTS, clauses=clauses))
    for kind in ("agreement", "registration"):
        out = tmp_path / f"{kind}.pdf"
        printing.print_document(township, kind, no, out, signing=kind == "agreement")  # the paper signed
        lines = _lines(out)
        joined = "".join(line.strip() for line in lines)
        assert RARE_FACTS in joined, kind  # not one space more or less, across lines and pages
        for clause in clauses if kind == "agreement" else []:
            assert clause in joined
        starts = [line for line in lines if line.strip()[0] in "，。、；：）」”？！"]
        ends = [line for line in lines if line.strip()[-1] in "（「“"]
        assert starts == [] and ends == [], kind
        assert layout_faults(out) == []
    # names whole: never broken across two lines
    assert not any(line.rstrip().endswith("王") for line in lines)
