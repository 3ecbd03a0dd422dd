import datetime as dt

import pytest

from zhongxin_desktop.domain import idnumber, masking, numbering, phone, workflow
from zhongxin_desktop.domain.errors import TransitionError
from zhongxin_desktop.domain.workflow import Action, Status


@pytest.mark.parametrize("number,birth,sex", [
    ("11010519491231002X", dt.date(1949, 12, 31), "女"),
    ("34052419800101001X", dt.date(1980, 1, 1), "男"),
    ("11010519491231002x", dt.date(1949, 12, 31), "女"),  # lower-case x accepted
])
def test_known_good_id_numbers(number, birth, sex):
    info, reason = idnumber.validate(number)
    assert reason is None
    assert info.birth_date == birth and info.sex == sex
    assert info.number == number.upper()


def test_full_width_digits_are_folded():
    info, _ = idnumber.validate("１１０１０５１９４９１２３１００２Ｘ")
    assert info.number == "11010519491231002X"


def test_unknown_place_prefix_is_accepted():
    info, reason = idnumber.validate("999999198001010011")  # check character worked out by hand
    assert reason is None and info.sex == "男"


@pytest.mark.parametrize("bad,fragment", [
    ("110105194912310021", "校验位"),
    ("1101051949123100", "18位"),
    ("11010519491332002X", "出生日期"),
    ("1101051949123100AX", "数字"),
])
def test_bad_id_numbers_name_the_fix(bad, fragment):
    info, reason = idnumber.validate(bad)
    assert info is None and fragment in reason


def test_future_birth_date_refused():
    assert idnumber.validate("110105209901010012") == (None, "出生日期2099-01-01不合理")


def test_phones():
    assert phone.validate("13812345678") is None
    assert phone.validate("0851-86812345") is None
    assert phone.validate("085186812345") is None
    assert "11位" in phone.validate("1381234567")
    assert phone.validate("12345") is not None


def test_masking():
    assert masking.mask_id("52010219800101123X") == "5201**********123X"
    assert masking.mask_phone("13812345678") == "138****5678"
    assert masking.mask_phone("") == ""


def test_case_number_shape():
    assert numbering.format_case_number(2026, 15, "某人") == "（2026）某人调字第 15 号"
    assert numbering.parse_case_number("（2026）某人调字第 15 号") == (2026, 15)


def test_required_details_are_named():
    with pytest.raises(TransitionError, match="原因、引导去向"):
        workflow.apply(Status.REGISTERED, Action.REJECT, {})
    with pytest.raises(TransitionError, match="交办部门、反馈期限"):
        workflow.apply(Status.ACCEPTED, Action.TRANSFER, {})


def test_the_paths_of_domain_section_5():
    s = Status.REGISTERED
    for a in (Action.ACCEPT, Action.START_MEDIATION):
        s = workflow.apply(s, a)
    s = workflow.apply(s, Action.TRANSFER, {"department": "派出所", "feedback_due": "x"})
    s = workflow.apply(s, Action.TRANSFER_RETURN, {"reply": "已核实"})
    for a in (Action.SUCCEED, Action.START_PERFORMANCE, Action.COMPLETE_PERFORMANCE, Action.FOLLOW_UP,
              Action.ARCHIVE):
        s = workflow.apply(s, a)
    assert s == Status.ARCHIVED
    assert workflow.apply(Status.FOLLOWED_UP, Action.REMEDIATE, {"reason": "反悔"}) == Status.MEDIATING
