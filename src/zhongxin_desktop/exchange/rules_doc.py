"""The county's published rules as a document signed on its own (Ed25519, the county's signing
key), so a township can check it whatever carried it and keep it with its signature."""
from __future__ import annotations

import json
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from zhongxin_desktop.domain import county_rules
from zhongxin_desktop.domain.errors import ValidationError
from zhongxin_desktop.exchange.keys import KeyPair
from zhongxin_desktop.store.models import CountyRule

FORMAT = "zhongxin-county-rules"


class RulesRefused(Exception):
    """The published rules cannot be applied; the message says why, in Chinese."""


def _canonical(doc: dict[str, Any]) -> bytes:
    body = {k: v for k, v in doc.items() if k != "signature"}
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def sign(*, county: str, county_name: str, version: int, published_at: str, rules: dict[str, Any],
         keys: KeyPair) -> dict[str, Any]:
    doc = {"format": FORMAT, "county": county, "county_name": county_name, "version": version,
           "published_at": published_at, "rules": rules}
    return {**doc, "signature": keys.sign_private.sign(_canonical(doc)).hex()}


def verify(doc: object, county_code: str, sign_public: bytes) -> dict[str, Any]:
    """The document's rules, checked; raises RulesRefused saying what is wrong."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise RulesRefused("县级发布的规则格式不对（不是本程序写出的规则文件），未应用任何规则")
    if doc.get("county") != county_code:
        raise RulesRefused(f"规则署名的县级中心“{doc.get('county')}”不是发送方（{county_code}），未应用任何规则")
    version = doc.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise RulesRefused(f"规则的版本号“{version}”不对（应为正整数），未应用任何规则")
    try:
        Ed25519PublicKey.from_public_bytes(sign_public).verify(bytes.fromhex(str(doc.get("signature", ""))),
                                                             _canonical(doc))
    except (InvalidSignature, ValueError):
        raise RulesRefused("县级发布的规则签名无效：内容被改动，或不是县级中心的密钥所签，未应用任何规则") from None
    try:
        return county_rules.check(doc.get("rules"))
    except ValidationError as exc:
        raise RulesRefused(f"县级发布的规则（第 {version} 版）有错误：{exc}。未应用任何规则") from None


def latest(county_code: str | None = None) -> CountyRule | None:
    """The newest version kept here: the county's own, or the one a township applied."""
    q = CountyRule.select()
    if county_code:
        q = q.where(CountyRule.county_code == county_code)
    newest: CountyRule | None = q.order_by(CountyRule.version.desc()).first()
    return newest


def rules_of(row: CountyRule | None) -> dict[str, Any]:
    return json.loads(row.document)["rules"] if row else {}
