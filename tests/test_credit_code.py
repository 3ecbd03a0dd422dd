"""统一社会信用代码 (GB 32100-2015) against the standard itself: the check character is worked out
here from the standard's definition (weight of position i is 3^(i-1) mod 31, alphabet of the digits
and the capital letters without I, O, Z, S, V), never with the code under test."""
import string

import pytest
from hypothesis import given, settings, strategies as st

from zhongxin_desktop.domain import credit_code

ALPHABET = "".join(c for c in string.digits + string.ascii_uppercase if c not in "IOZSV")
WRONG_LENGTH = "应为18位（现为{}位），请按营业执照或登记证书核对"
BAD_CHECK = "校验位不符，可能抄错了某一位，请按营业执照或登记证书核对"
NOT_DIVISION = "第3至8位应为行政区划代码（数字），请核对"


def with_check(first17: str) -> str:
    total = sum(ALPHABET.index(c) * pow(3, i, 31) for i, c in enumerate(first17))
    return first17 + ALPHABET[-total % 31]


def test_the_alphabet_of_the_standard():
    assert len(ALPHABET) == 31 and credit_code.ALPHABET == ALPHABET


def test_the_example_of_the_standard():
    # GB 32100-2015's worked example
    assert with_check("91350100M000100Y4") == "91350100M000100Y43"
    assert credit_code.validate("91350100M000100Y43") == ("91350100M000100Y43", "")


# the division code (positions 3 to 8) is digits
@pytest.mark.parametrize("position, char", [(i, c) for i in range(17) for c in ALPHABET
                                            if c.isdigit() or not 2 <= i < 8])
def test_every_character_in_every_position(position, char):
    first17 = list("91350100M000100Y4")
    first17[position] = char
    code = with_check("".join(first17))
    assert credit_code.validate(code) == (code, "")
    wrong = code[:17] + ALPHABET[(ALPHABET.index(code[17]) + 1) % 31]
    assert credit_code.validate(wrong) == (wrong, BAD_CHECK)


@settings(max_examples=200, deadline=None)
@given(st.text(ALPHABET, min_size=17, max_size=17).filter(lambda t: t[2:8].isdigit()), st.data())
def test_any_single_change_is_caught(first17, data):
    code = with_check(first17)
    assert credit_code.validate(code) == (code, "")
    i = data.draw(st.integers(0, 17))
    new = data.draw(st.sampled_from([c for c in ALPHABET if c != code[i] and (c.isdigit() or not 2 <= i < 8)]))
    changed = code[:i] + new + code[i + 1:]
    assert credit_code.validate(changed)[1] == BAD_CHECK


def test_written_as_clerks_copy_it():
    assert credit_code.validate(" 91350100m000100y43 ") == ("91350100M000100Y43", "")
    assert credit_code.validate("9135 0100 M000 100Y 43") == ("91350100M000100Y43", "")
    assert credit_code.validate(None) == ("", WRONG_LENGTH.format(0))


@pytest.mark.parametrize("code, reason", [
    ("", WRONG_LENGTH.format(0)), ("91350100M000100Y4", WRONG_LENGTH.format(17)),
    ("91350100M000100Y430", WRONG_LENGTH.format(19)),
    ("91350100M000100O43", "含有不允许的字符“O”（代码中不使用 I、O、Z、S、V），请核对"),
    ("9135010SM0001V0Y4I", "含有不允许的字符“ISV”（代码中不使用 I、O、Z、S、V），请核对"),
    ("913501Z0M000100Y43", "含有不允许的字符“Z”（代码中不使用 I、O、Z、S、V），请核对"),
    ("91350100M000-00Y43", "含有不允许的字符“-”（代码中不使用 I、O、Z、S、V），请核对"),
    ("91A50100M000100Y43", NOT_DIVISION), ("913501000000100Y4A", BAD_CHECK),
    ("9135010AM000100Y43", NOT_DIVISION), ("91350100M000100Y44", BAD_CHECK),
])
def test_what_is_wrong_is_said(code, reason):
    assert credit_code.validate(code) == (code, reason)
