"""Phone numbers and masking, against hand-written examples of every shape the clerk may type,
and a law checked over generated numbers: a mask never shows more than the allowed digits
(an ID number: the first 4 and the last 4; a mobile: 3 and 4; anything else: the last 4)."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhongxin_desktop.domain import masking, phone

GENERIC = "应为11位手机号，或带区号的固定电话（如 0851-86812345）"


@pytest.mark.parametrize("number", [
    "13012345678", "13912345678", "15812345678", "19912345678",  # mobiles 13x-19x
    "0851-86812345", "085186812345", "010-12345678", "010-1234567", "0851-8681234", "02112345678",
    "0851-86812345-1", "0851-86812345-123456", "０８５１－８６８１２３４５", "138 1234 5678", "13812345678\n",
])
def test_valid_numbers(number):
    assert phone.validate(number) is None


@pytest.mark.parametrize("number,reason", [
    ("12012345678", "手机号第2位应为3-9，请核对号码"),  # no mobile starts 12
    ("11012345678", "手机号第2位应为3-9，请核对号码"),
    ("1381234567", "手机号应为11位（现为10位）"),
    ("138123456789", "手机号应为11位（现为12位）"),
    ("1381234567a", GENERIC),
    ("01-12345678", GENERIC),  # area code too short
    ("08511-1234567", GENERIC),  # area code too long
    ("010-123456", GENERIC),  # local number too short
    ("010-123456789", GENERIC),  # local number too long
    ("0851-86812345-", GENERIC),
    ("0851-86812345-1234567", GENERIC),  # extension too long
    ("08518681", GENERIC),
    ("", GENERIC),
])
def test_invalid_numbers_say_why(number, reason):
    assert phone.validate(number) == reason


def test_normalize_folds_full_width_and_spaces():
    assert phone.normalize(" １３８ １２３４ ５６７８\n") == "13812345678"
    assert phone.normalize("０８５１－８６８１２３４５") == "0851-86812345"


@pytest.mark.parametrize("number,masked", [
    ("52010219800101123X", "5201**********123X"),
    ("520102800101123", "5201*******1123"),  # the old 15-digit number
    ("123456789", "1234*6789"),
    ("12345678", "1*******"),
    ("5", "5"),
    ("", ""),
    (None, ""),
])
def test_mask_id(number, masked):
    assert masking.mask_id(number) == masked


@pytest.mark.parametrize("number,masked", [
    ("13812345678", "138****5678"),
    ("138-1234-5678", "138****5678"),
    ("0851-86812345", "*********2345"),  # a landline shows its last four only
    ("085186812345", "********2345"),
    ("010-1234567", "*******4567"),
    ("23456789012", "*******9012"),  # 11 digits but not a mobile
    ("1381234567", "******4567"),
    ("12345", "*2345"),
    ("1234", "****"),
    ("", ""),
    (None, ""),
])
def test_mask_phone(number, masked):
    assert masking.mask_phone(number) == masked


def _shown(masked: str) -> int:
    return sum(ch.isdigit() for ch in masked)


@given(st.text("0123456789", min_size=9, max_size=20))
def test_an_id_mask_shows_only_the_first_and_last_four(number):
    masked = masking.mask_id(number)
    assert len(masked) == len(number) and _shown(masked) == 8
    assert masked[:4] == number[:4] and masked[-4:] == number[-4:]


@given(st.from_regex(r"1[3-9]\d{9}", fullmatch=True))
def test_a_mobile_mask_shows_three_and_four(number):
    assert masking.mask_phone(number) == number[:3] + "****" + number[-4:]


@given(st.from_regex(r"0\d{2,3}-?\d{7,8}(-\d{1,6})?", fullmatch=True))
def test_a_landline_mask_shows_at_most_the_last_four(number):
    masked = masking.mask_phone(number)
    assert _shown(masked) <= 4 and masked.endswith(number[-4:].lstrip("-"))
    assert len(masked) == len(number)
