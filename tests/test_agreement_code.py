"""The signed verification code (version 2) of an agreement, against its format written out by hand:
ZXAGR2 | the 编号 without spaces | v<version> | SHA-256 digest | Ed25519 signature, the last two in
base64url without padding. The byte strings are chosen so their base64 can be worked out by hand:
32 zero bytes are 43 × "A", 64 bytes of 0xFF are 85 × "_" and a closing "w"."""
import pytest

from zhongxin_desktop.domain.agreement_code import ParsedCode, canonical_content, parse, signed_payload, signed_qr_text

ZERO_DIGEST = "00" * 32
ZERO_B64 = "A" * 43
SIGNATURE = b"\xff" * 64
SIGNATURE_B64 = "_" * 85 + "w"
PAYLOAD = "ZXAGR2|（2026）青山调协字第3号|v2|" + ZERO_B64
CODE = PAYLOAD + "|" + SIGNATURE_B64


def test_the_signed_code_is_written_as_its_format_says():
    assert signed_payload("（2026）青山调协字第 3 号", 2, ZERO_DIGEST) == PAYLOAD
    assert signed_payload(" （2026）青山 调协字第3号 ", 2, ZERO_DIGEST) == PAYLOAD
    assert signed_qr_text(PAYLOAD, SIGNATURE) == CODE


def test_the_signed_code_is_read_back():
    expected = ParsedCode("", 2, ZERO_DIGEST, "（2026）青山调协字第3号", PAYLOAD, SIGNATURE)
    assert parse(CODE) == expected
    assert parse(f"  {CODE}\n") == expected
    assert parse(CODE.replace("|v2|", "|v12|")) == ParsedCode("", 12, ZERO_DIGEST, "（2026）青山调协字第3号",
                                                             PAYLOAD.replace("|v2|", "|v12|"), SIGNATURE)
    digest = "ff" * 32  # 32 bytes of 0xFF: 42 × "_" and "8"
    assert parse(f"ZXAGR2|X|v1|{'_' * 42}8|{SIGNATURE_B64}").digest == digest


@pytest.mark.parametrize("text", [
    CODE + "|x",  # six parts
    PAYLOAD,  # no signature
    CODE.replace("|v2|", "|2|"), CODE.replace("|v2|", "|vx|"), CODE.replace("|v2|", "|v|"),
    CODE.replace("|v2|", "|v-2|"),
    PAYLOAD + "|" + "_" * 84,  # 63 bytes of signature
    PAYLOAD + "|" + SIGNATURE_B64 + "AA",  # 65 bytes
    PAYLOAD.replace(ZERO_B64, "A" * 42) + "|" + SIGNATURE_B64,  # 31 bytes of digest
    PAYLOAD.replace(ZERO_B64, "A" * 41) + "|" + SIGNATURE_B64,  # not base64 at all (padding)
    PAYLOAD.replace(ZERO_B64, "摘要") + "|" + SIGNATURE_B64,  # not ASCII
    PAYLOAD.replace(ZERO_B64, ZERO_B64 + ".") + "|" + SIGNATURE_B64,  # a stray character: 44 long, unpadded
    PAYLOAD + "|" + "摘要",
    "ZXAGR2" + CODE[6:].replace("|", ":"),  # no separators after the prefix
])
def test_what_is_not_a_signed_code(text):
    assert parse(text) is None


def test_the_place_of_performance_counts_only_when_given():
    # added after the first agreements were made: an empty place leaves their hash as it was
    content = {"case_no": "（2026）某人调字第 15 号", "facts": "排水沟"}
    without = ('{"amount":null,"case_no":"（2026）某人调字第 15 号","clauses":null,"copies":null,"facts":"排水沟",'
               '"kind":null,"mediator_name":null,"number":null,"parties":null,"perform_by":null,"performance":null,'
               '"recorder_name":null,"version":null}')
    assert canonical_content(content) == without
    assert canonical_content(dict(content, perform_place="")) == without
    assert canonical_content(dict(content, perform_place=None)) == without
    assert canonical_content(dict(content, perform_place="青山村委会")) == without.replace(
        '"performance":null,', '"perform_place":"青山村委会","performance":null,')
