"""Password hashing with scrypt (memory-hard), in a self-describing string."""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
from zhongxin_desktop.services.actor import unattended

N, R, P = 2**14, 8, 1  # ~16 MiB, ~50 ms: slow for a guesser, instant for a clerk


@unattended("a rule over its arguments: reads no data")
def hash_password(password: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=N, r=R, p=P, maxmem=64 * 1024 * 1024)
    return "scrypt${}${}${}${}${}".format(
        N, R, P, base64.b64encode(salt).decode(), base64.b64encode(digest).decode()
    )


@unattended("a rule over its arguments: reads no data")
def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt_b64, digest_b64 = stored.split("$")
        if scheme != "scrypt":
            return False
        salt = base64.b64decode(salt_b64)
        expected = base64.b64decode(digest_b64)
        digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=int(n), r=int(r), p=int(p),
                                maxmem=64 * 1024 * 1024)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest, expected)


@unattended("a rule over its arguments: reads no data")
def check_strength(password: str) -> str | None:
    """None when acceptable, else a Chinese reason."""
    if len(password) < 8:
        return "密码至少8位"
    if password.isdigit() or password.isalpha():
        return "密码需同时包含字母和数字"
    return None
