"""The verification code printed on every agreement (pure: no DB).

The QR text names the case, the agreement version and a SHA-256 of the agreement's canonical
content, so anyone holding the paper can ask the center's program whether it matches the stored
agreement and whether a later version has superseded it.
"""
from __future__ import annotations

from typing import Any

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass

PREFIX = "ZXAGR1"
SEP = "|"

# The fields whose change makes a different agreement. Status, dates of signing and the like are
# not content: the code is printed before the paper is signed.
CONTENT_FIELDS = ("case_no", "number", "kind", "version", "parties", "facts", "clauses", "performance",
                  "perform_by", "amount", "copies", "mediator_name", "recorder_name")


# Fields added later count only when they carry something, so the hash of an agreement made
# before them does not change.
OPTIONAL_FIELDS = ("perform_place",)


def canonical_content(content: dict[str, Any]) -> str:
    data = {k: content.get(k) for k in CONTENT_FIELDS}
    data.update({k: content[k] for k in OPTIONAL_FIELDS if content.get(k)})
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def content_hash(content: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_content(content).encode("utf-8")).hexdigest()


def qr_text(case_no: str, version: int, digest: str) -> str:
    return SEP.join([PREFIX, case_no, f"v{version}", digest])


# Version 2 carries the agreement's own 编号 (as printed, without spaces) and the center's Ed25519
# signature over the rest, so a court holding the center's public key checks the paper without
# the township's database. Digest and signature in base64url keep the code small enough to scan
# from a photocopy.
PREFIX2 = "ZXAGR2"


def compact_number(number: str) -> str:
    """The 编号 as people type it: with or without spaces."""
    return "".join((number or "").split())


def signed_payload(number: str, version: int, digest: str) -> str:
    return SEP.join([PREFIX2, compact_number(number), f"v{version}", _b64(bytes.fromhex(digest))])


def signed_qr_text(payload: str, signature: bytes) -> str:
    return SEP.join([payload, _b64(signature)])


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class ParsedCode:
    case_no: str  # version 1: the case number; version 2: empty
    version: int
    digest: str
    number: str = ""  # version 2: the agreement's 编号 without spaces
    payload: str = ""  # version 2: what the signature covers
    signature: bytes = b""


def parse(text: str) -> ParsedCode | None:
    """None when the text is not one of our codes."""
    text = (text or "").strip()
    if text.startswith(PREFIX2 + SEP):
        return _parse2(text)
    parts = text.split(SEP)
    if len(parts) != 4 or parts[0] != PREFIX or not parts[2].startswith("v"):
        return None
    try:
        version = int(parts[2][1:])
    except ValueError:
        return None
    digest = parts[3].lower()
    if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        return None
    return ParsedCode(parts[1], version, digest)


def _parse2(text: str) -> ParsedCode | None:
    parts = text.split(SEP)
    if len(parts) != 5 or not parts[2].startswith("v") or not parts[2][1:].isdigit():
        return None
    try:
        digest, signature = _unb64(parts[3]).hex(), _unb64(parts[4])
    except (ValueError, binascii.Error):
        return None
    if len(digest) != 64 or len(signature) != 64:
        return None
    return ParsedCode("", int(parts[2][1:]), digest, parts[1], SEP.join(parts[:4]), signature)
