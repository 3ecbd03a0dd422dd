"""统一社会信用代码 (GB 32100-2015): 18 characters — registering authority, entity type, the
6-digit administrative division, the 9-character organisation code, and a check character
(weighted sum modulo 31 over an alphabet without I, O, Z, S, V)."""
from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_char(first17: str) -> str:
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


def normalize(code: str) -> str:
    return "".join((code or "").split()).upper()


def validate(code: str) -> tuple[str, str]:
    """(normalised code, reason it is wrong or "")."""
    code = normalize(code)
    if len(code) != 18:
        return code, f"应为18位（现为{len(code)}位），请按营业执照或登记证书核对"
    bad = sorted({c for c in code if c not in ALPHABET})
    if bad:
        return code, f"含有不允许的字符“{''.join(bad)}”（代码中不使用 I、O、Z、S、V），请核对"
    if not code[2:8].isdigit():
        return code, "第3至8位应为行政区划代码（数字），请核对"
    if check_char(code[:17]) != code[17]:
        return code, "校验位不符，可能抄错了某一位，请按营业执照或登记证书核对"
    return code, ""
