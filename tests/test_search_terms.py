"""Search tokens and queries (pure): the expressions are written out by hand from the rules in
search_terms' docstring — CJK bigrams searched as a phrase, a lone character as a surname,
pinyin as a prefix, digit tails reversed, case numbers as y/s tokens."""
import pytest

from zhongxin_desktop.domain.search_terms import (
    MIN_TAIL, build_query, case_no_tokens, cjk_tokens, index_text, name_text, reversed_digits, tail_text,
    tail_tokens, tokens,
)


def test_tokens():
    assert tokens("排水沟") == ["排水", "水沟"]
    assert tokens("张三，李四") == ["张三", "李四"]  # punctuation separates: no 三李
    assert tokens("王 ABC12 噪音") == ["王", "abc12", "噪音"]
    assert tokens("张三abc") == ["张三", "abc"]
    assert tokens("") == [] and tokens(None) == []
    assert cjk_tokens("张") == ["张"] and cjk_tokens("张三丰") == ["张三", "三丰"]


def test_index_text_keeps_texts_apart():
    assert index_text("张三丰", "", "X1 y") == "张三 三丰 | x1 y"
    assert index_text() == ""


def test_name_text_adds_the_surname():
    assert name_text("张三", "王", "ab", "欧阳娜娜") == "张 张三 | 王 | ab | 欧 欧阳 阳娜 娜娜"
    assert name_text(" 李四") == "李 李四"
    assert name_text("", "，") == ""


def test_reversed_digits():
    assert reversed_digits("0851-8681234X") == "x43218681580"
    assert reversed_digits(None) == ""


def test_case_no_tokens():
    assert case_no_tokens(2026, 5) == "y2026 s5"
    assert case_no_tokens(None, 5) == case_no_tokens(2026, None) == case_no_tokens(2026, 0) == ""


@pytest.mark.parametrize("text,expression", [
    ("张三", '(({names body} : "张三"))'),
    ("张三 排水沟", '(({names body} : "张三")) AND (({names body} : "排水 水沟"))'),
    ("张三abc", '(({names body} : "张三 abc"))'),
    ("王", '((names : "王"))'),
    ("zhangsan", '((pinyin : "zhangsan" *) OR (body : "zhangsan"))'),
    ("ZS", '((pinyin : "zs" *) OR (body : "zs"))'),
    ("5678", '((caseno : "s5678") OR (tails : "8765" *) OR (body : "5678"))'),
    ("123", '((caseno : "s123") OR (body : "123"))'),  # too short for a tail
    ("123x", '((tails : "x321" *) OR (body : "123x"))'),
    ("123456", '((caseno : "s123456") OR (tails : "654321" *) OR (body : "123456"))'),
    ("1234567", '((tails : "7654321" *) OR (body : "1234567"))'),  # too long for a sequence number
    ("007", '((caseno : "s7") OR (body : "007"))'),
    ("13812345678", '((tails : "87654321831" *) OR (body : "13812345678"))'),
    ("11010519491231002X", '((tails : "x20013219491501011" *) OR (body : "11010519491231002x"))'),
    ("12a", '((body : "12a"))'),
    ("12345a", '((body : "12345a"))'),  # digits, but not a tail
    ("1230", '((caseno : "s1230") OR (tails : "0321" *) OR (body : "1230"))'),
    ("5679", '((caseno : "s5679") OR (tails : "9765" *) OR (body : "5679"))'),
    ("12x", '((body : "12x"))'),
    ("第15号纠纷调解", '((caseno : "s15"))'),  # eight characters: still a case number
    ("第15号纠纷调解书", '(({names body} : "第 15 号纠 纠纷 纷调 调解 解书"))'),
    ("张三 第15号 纠纷", '((caseno : "s15"))'),  # ten characters with a 第N号: typed as one number
    ("张三丰 第15号 纠纷", '(({names body} : "张三 三丰")) AND ((caseno : "s15")) AND (({names body} : "纠纷"))'),
    ('"x', '((body : "x"))'),
    ("（2026）某人调字第 15 号", '((caseno : "y2026" AND caseno : "s15"))'),
    ("第 15 号", '((caseno : "s15"))'),
    ("第15", '((caseno : "s15"))'),
    ("第15号纠纷的调解情况", '(({names body} : "第 15 号纠 纠纷 纷的 的调 调解 解情 情况"))'),
    ("", ""),
    ("  ，  ", ""),
])
def test_build_query(text, expression):
    assert build_query(text).expression == expression


def test_case_numbers_typed_with_spaces_are_one_word():
    assert build_query("第 15 号").words == ["第15号"]
    assert build_query("（2026）某人调字第 15 号").words == ["（2026）某人调字第15号"]
    assert build_query("张三 排水沟").words == ["张三", "排水沟"]
    assert build_query("张三 ，").words == ["张三"]


def test_at_most_eight_words():
    query = build_query("一一 二二 三三 四四 五五 六六 七七 八八 九九")
    assert query.words == ["一一", "二二", "三三", "四四", "五五", "六六", "七七", "八八"]
    assert not query.empty and build_query("").empty


def test_min_tail():
    assert MIN_TAIL == 4


KEY = b"k" * 32


def test_keyed_tails_hold_no_digits_and_one_token_per_tail_length():
    tokens_ = tail_tokens("138-1234-5678", KEY).split()
    assert len(tokens_) == 11 - MIN_TAIL + 1  # tails of 4, 5, … 11 digits
    assert len(set(tokens_)) == len(tokens_)
    for token in tokens_:
        assert token[0] == "t" and len(token) == 17 and set(token[1:]) <= set("abcdefghijklmnop")
    assert tail_tokens("123", KEY) == ""
    assert tail_tokens("13812345678", b"other" * 8) != tail_tokens("13812345678", KEY)


def test_a_typed_tail_finds_its_keyed_token():
    indexed = tail_tokens("13812345678", KEY).split()
    for tail in ("5678", "45678", "13812345678"):
        expression = build_query(tail, KEY).expression
        hashed = expression.split("tails : ")[1].split(")")[0].strip('"')
        assert hashed in indexed and '*' not in expression.split("tails : ")[1].split(")")[0]
    other = build_query("5679", KEY).expression.split("tails : ")[1].split(")")[0].strip('"')
    assert other not in indexed


def test_tail_text_with_and_without_a_key():
    assert tail_text("0851-8681234X", None) == "x43218681580"
    keyed = tail_text("13812345678", KEY)
    assert len(keyed.split()) == 8 and not any(ch.isdigit() for ch in keyed)
    assert tail_text("13812345678", b"") == "87654321831"


def test_a_keyed_tail_spells_each_byte_of_its_hmac_as_two_letters():
    """The token written out from its definition: HMAC-SHA256 of the tail, first 8 bytes, each byte
    as two letters a-p (high half, low half), after a 't'."""
    import hashlib
    import hmac

    letters = "abcdefghijklmnop"
    digest = hmac.new(KEY, b"5678", hashlib.sha256).digest()[:8]
    expected = "t" + "".join(letters[b // 16] + letters[b % 16] for b in digest)
    assert tail_tokens("5678", KEY) == expected
