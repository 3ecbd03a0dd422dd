"""Resident ID numbers (GB 11643) against independent oracles: the standard's published examples,
and a check character computed by the *recursive* form of ISO 7064 MOD 11-2 (no weight table,
unlike the program), so a wrong weight, modulus or check table cannot agree with it by accident."""
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhongxin_desktop.domain import idnumber

TODAY = dt.date(2026, 11, 27)


def mod11_2(first17: str) -> str:
    """ISO 7064 MOD 11-2, recursive (pure system) form: p = 2·(p + digit) mod 11, check = (12 - p) mod 11."""
    p = 0
    for ch in first17:
        p = (p + int(ch)) * 2 % 11
    check = (12 - p) % 11
    return "X" if check == 10 else str(check)


def make(place: str, birth: dt.date, seq: str) -> str:
    first17 = f"{place}{birth:%Y%m%d}{seq}"
    return first17 + mod11_2(first17)


# Published examples: GB 11643-1999 and the domain reference.
@pytest.mark.parametrize("number,birth,sex", [
    ("11010519491231002X", dt.date(1949, 12, 31), "女"),
    ("440524188001010014", dt.date(1880, 1, 1), None),  # the standard's example predates our 1890 floor
    ("34052419800101001X", dt.date(1980, 1, 1), "男"),
])
def test_published_examples_carry_the_published_check_character(number, birth, sex):
    assert mod11_2(number[:17]) == number[17]  # the oracle agrees with the standard
    info, reason = idnumber.validate(number, TODAY)
    if sex is None:
        assert info is None and reason == "出生日期1880-01-01不合理"
    else:
        assert reason is None and (info.birth_date, info.sex, info.number) == (birth, sex, number)


POSITIONS = [0, 1, 2, 3, 4, 5, 14, 15, 16]  # place and sequence: any digit is allowed there


@pytest.mark.parametrize("position", POSITIONS)
@pytest.mark.parametrize("digit", "0123456789")
def test_every_digit_in_every_free_position(position, digit):
    """Each weight is exercised with every digit value, so a wrong weight anywhere fails here."""
    base = list("52010219800101123")
    base[position] = digit
    number = "".join(base) + mod11_2("".join(base))
    info, reason = idnumber.validate(number, TODAY)
    assert reason is None, number
    for wrong in "0123456789X":
        if wrong != number[17]:
            assert idnumber.validate(number[:17] + wrong, TODAY) == (None, "校验位不符，请逐位核对号码")


@pytest.mark.parametrize("digit,sex", [("0", "女"), ("1", "男"), ("2", "女"), ("3", "男"), ("4", "女"),
                                       ("5", "男"), ("6", "女"), ("7", "男"), ("8", "女"), ("9", "男")])
def test_sex_from_every_value_of_the_17th_digit(digit, sex):
    info, _ = idnumber.validate(make("520102", dt.date(1980, 1, 1), "12" + digit), TODAY)
    assert info.sex == sex


@pytest.mark.parametrize("birth,ok", [
    (TODAY, True),  # born today
    (TODAY - dt.timedelta(days=1), True),
    (TODAY + dt.timedelta(days=1), False),
    (dt.date(1890, 1, 1), True),
    (dt.date(1889, 12, 31), False),
    (dt.date(2000, 2, 29), True),
])
def test_birth_date_limits(birth, ok):
    info, reason = idnumber.validate(make("520102", birth, "123"), TODAY)
    if ok:
        assert reason is None and info.birth_date == birth
    else:
        assert info is None and reason == f"出生日期{birth.isoformat()}不合理"


@pytest.mark.parametrize("date8", ["19000229", "19801301", "19800001", "19800132", "19800100", "20230229"])
def test_impossible_birth_dates(date8):
    first17 = f"520102{date8}123"
    assert idnumber.validate(first17 + mod11_2(first17), TODAY) == (
        None, f"第7-14位出生日期{date8}不是有效日期")


def test_today_defaults_to_the_clock():
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    assert idnumber.validate(make("520102", tomorrow, "123"))[0] is None
    assert idnumber.validate(make("520102", dt.date.today(), "123"))[0] is not None


@pytest.mark.parametrize("raw,reason", [
    ("52010219800101123", "应为18位（现为17位），请核对后重新输入"),
    ("5201021980010112355", "应为18位（现为19位），请核对后重新输入"),
    ("", "应为18位（现为0位），请核对后重新输入"),
    ("52010219800101A235", "前17位应全部为数字"),
    ("52010219800101123Y", "最后一位应为数字或X"),
    ("520102198001011234", "校验位不符，请逐位核对号码"),
])
def test_each_refusal_says_what_to_fix(raw, reason):
    assert idnumber.validate(raw, TODAY) == (None, reason)


@pytest.mark.parametrize("raw", ["11010519491231002x", " 110105 19491231 002X ", "１１０１０５１９４９１２３１００２Ｘ",
                                 "１１０１０５１９４９１２３１００２ｘ", "11010519491231002X\n"])
def test_typed_forms_are_normalised(raw):
    info, reason = idnumber.validate(raw, TODAY)
    assert reason is None and info.number == "11010519491231002X"
    assert idnumber.is_valid(raw)


def test_is_valid_refuses():
    assert not idnumber.is_valid("11010519491231002Y")


@pytest.mark.parametrize("birth,on,age", [
    (dt.date(2008, 6, 15), dt.date(2026, 6, 14), 17),  # the day before the 18th birthday
    (dt.date(2008, 6, 15), dt.date(2026, 6, 15), 18),  # the birthday
    (dt.date(2008, 6, 15), dt.date(2026, 6, 16), 18),
    (dt.date(2008, 6, 15), dt.date(2026, 5, 20), 17),  # an earlier month, later day
    (dt.date(2008, 6, 15), dt.date(2026, 7, 1), 18),  # a later month, earlier day
    (dt.date(2008, 2, 29), dt.date(2026, 2, 28), 17),
    (dt.date(2008, 2, 29), dt.date(2026, 3, 1), 18),
    (dt.date(1980, 1, 1), dt.date(1980, 1, 1), 0),
])
def test_age_on(birth, on, age):
    assert idnumber.age_on(birth, on) == age


births = st.dates(min_value=dt.date(1890, 1, 1), max_value=TODAY)
places = st.text("0123456789", min_size=6, max_size=6)
seqs = st.text("0123456789", min_size=3, max_size=3)


@given(places, births, seqs)
def test_generated_numbers_are_accepted_with_their_birth_date_and_sex(place, birth, seq):
    number = make(place, birth, seq)
    info, reason = idnumber.validate(number, TODAY)
    assert reason is None
    assert info.birth_date == birth
    assert info.sex == ("男" if seq[2] in "13579" else "女")


@given(places, births, seqs, st.integers(0, 17), st.integers(1, 9))
def test_changing_any_one_character_makes_it_invalid(place, birth, seq, position, shift):
    """MOD 11-2 detects every single-character error."""
    number = make(place, birth, seq)
    chars = "0123456789X" if position == 17 else "0123456789"
    new = chars[(chars.index(number[position]) + shift) % len(chars)]
    assert idnumber.validate(number[:position] + new + number[position + 1:], TODAY)[0] is None
