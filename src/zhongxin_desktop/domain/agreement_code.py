"""The verification code printed on every agreement (pure: no DB).

The QR text names the case, the agreement version and a SHA-256 of the agreement's canonical
content, so anyone holding the paper can ask the center's program whether it matches the stored
agreement and whether a later version has superseded it.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

PREFIX = "ZXAGR1"
SEP = "|"

# The fields whose change makes a different agreement. Status, dates of signing and the like are
# not content: the code is printed before the paper is signed.
CONTENT_FIELDS = ("case_no", "number", "kind", "version", "parties", "facts", "clauses", "performance",
                  "perform_by", "amount", "copies", "mediator_name", "recorder_name")


def canonical_content(content: dict) -> str:
    data = {k: content.get(k) for k in CONTENT_FIELDS}
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def content_hash(content: dict) -> str:
    return hashlib.sha256(canonical_content(content).encode("utf-8")).hexdigest()


def qr_text(case_no: str, version: int, digest: str) -> str:
    return SEP.join([PREFIX, case_no, f"v{version}", digest])


@dataclass(frozen=True)
class ParsedCode:
    case_no: str
    version: int
    digest: str


def parse(text: str) -> ParsedCode | None:
    """None when the text is not one of our codes."""
    parts = (text or "").strip().split(SEP)
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
