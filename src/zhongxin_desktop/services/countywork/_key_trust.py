"""Trusting another center's key is a deliberate act, and so is changing it.

- ``preview_key`` reads a public key file and says what trusting it would do (new, already
  trusted, or a different key for a center already trusted) before anything changes; the GUI
  and the CLI show its code, name and fingerprint and ask.
- ``trust_key`` only ever adds a center: a key already trusted for another center is refused
  (a township's own key with another township's code typed into the file), and so is a second
  key for a center already trusted — that is ``replace_key``.
- ``replace_key`` shows old and new fingerprints and is audited. The county's key, at a
  township, is replaced only by a key its previous key signed (``keys rotate`` at the county):
  a file from anyone else cannot redirect the township's next bundle to another reader.
- ``forget_key`` removes a trust (audited), for the rare case where the county lost its old
  key and the set-up starts again with a phone check.
"""
from __future__ import annotations

from typing import Any

import datetime as dt
from pathlib import Path

from zhongxin_desktop.domain.errors import DomainError, NotFound
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.exchange import keys
from zhongxin_desktop.paths import DataDir
from zhongxin_desktop.services import audit
from zhongxin_desktop.services.actor import Actor, unattended
from zhongxin_desktop.services.center import local_center
from zhongxin_desktop.services.results import CenterRecord
from zhongxin_desktop.store.db import database
from zhongxin_desktop.store.models import TrustedKey, utcnow

KIND_LABEL = {"county": "县级", "township": "乡镇"}
ROTATION_FILE = "rotation-signature"


def _label(doc: dict[str, Any]) -> str:
    return f"“{doc['name']}”（{doc['code']}）"


def _check_relation(local: CenterRecord, doc: dict[str, Any]) -> None:
    if doc["code"] == local.code:
        raise DomainError("这是本中心自己的公钥，无需信任")
    if local.kind == "county":
        if doc["kind"] != "township" or doc["code"][:6] != local.code:
            raise DomainError(f"县级中心只信任本县（{local.code}）所辖乡镇的公钥；此文件属于"
                              f"“{doc['name']}”（{doc['code']}，{doc['kind']}）")
    elif doc["kind"] != "county" or doc["code"] != (local.parent_code or local.code[:6]):
        raise DomainError(f"乡镇只信任所属县级中心（{local.parent_code}）的公钥；此文件属于"
                          f"“{doc['name']}”（{doc['code']}，{doc['kind']}）")


def _check_not_reused(doc: dict[str, Any], own: keys.KeyPair) -> None:
    """One key, one center: neither our own key nor a key trusted for another center."""
    if doc["sign_public"] in (own.sign_public.hex(),) or doc["enc_public"] in (own.enc_public.hex(),):
        raise DomainError(f"文件中的公钥是本中心自己的公钥，却标为{_label(doc)}：文件被改过，已拒绝。")
    other = (TrustedKey.select()
             .where(((TrustedKey.sign_public == doc["sign_public"]) | (TrustedKey.enc_public == doc["enc_public"]))
                    & (TrustedKey.code != doc["code"])).first())
    if other is not None:
        raise DomainError(f"此公钥已被信任为“{other.name}”（{other.code}）的公钥，不能再作为{_label(doc)}的公钥："
                          "一把密钥只属于一个中心，文件中的中心代码可能被改过。请向对方索取其本中心导出的公钥文件，"
                          "并电话核对指纹。")


def _read(path: Path) -> dict[str, Any]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DomainError(f"无法读取公钥文件 {path}：{exc}") from None
    return keys.parse_public_document(text)


def preview_key(actor: Actor, path: Path, data: DataDir | None = None) -> dict[str, Any]:
    """Read a public key file without trusting it. Adds ``state``: "new", "same" (already trusted
    as it is) or "replace" (the center is trusted with another key: ``old_fingerprint``), and
    ``kind_label``. Refuses a file that names our own center or reuses a key of another center."""
    actor.require(Perm.SETTINGS, "key")
    doc = _read(path)
    _check_relation(local_center(), doc)
    if data is not None:
        _check_not_reused(doc, keys.load_or_create(data.keys))
    old = TrustedKey.get_or_none(TrustedKey.code == doc["code"])
    state = "new" if old is None else ("same" if old.fingerprint == doc["fingerprint"] else "replace")
    return {**doc, "state": state, "old_fingerprint": old.fingerprint if old else "",
            "kind_label": KIND_LABEL[doc["kind"]]}


def _check_typed(doc: dict[str, Any], typed: str | None) -> None:
    if typed is not None and not keys.same_fingerprint(typed, doc["fingerprint"]):
        raise DomainError(f"输入的指纹与文件中{_label(doc)}公钥的指纹不符：\n  输入：{typed}\n  文件：{doc['fingerprint']}\n"
                          "未信任。请再与对方电话核对，或向对方重新索取公钥文件。")


def _fields(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: doc[k] for k in ("code", "name", "kind", "sign_public", "enc_public", "fingerprint")}


def trust_key(actor: Actor, path: Path, data: DataDir | None = None, fingerprint: str | None = None) -> dict[str, Any]:
    """Trust a center for the first time, after its fingerprint was confirmed by phone
    (``fingerprint``: what the other side read out, checked here too when given)."""
    doc = preview_key(actor, path, data)
    _check_typed(doc, fingerprint)
    if doc["state"] == "same":
        return doc
    if doc["state"] == "replace":
        raise DomainError(f"已信任{_label(doc)}的另一把公钥（指纹 {doc['old_fingerprint']}），文件中的指纹为 "
                          f"{doc['fingerprint']}。信任不会替换已有的公钥：确需更换时用“zhongxin keys replace 文件”"
                          "（数据交换页“更换对方公钥…”），核对新旧指纹后再确认。")
    with database.atomic():
        TrustedKey.create(trusted_by=actor.username, **_fields(doc))
        audit.record(actor.username, "key_trust", "key", doc["code"],
                     detail={"fingerprint": doc["fingerprint"], "name": doc["name"]})
    return doc


def replace_key(actor: Actor, path: Path, data: DataDir | None = None, fingerprint: str | None = None) -> dict[str, Any]:
    """Replace the key of a center already trusted (audited with both fingerprints). At a
    township the county's key changes only for a key the county's previous key signed."""
    doc = preview_key(actor, path, data)
    _check_typed(doc, fingerprint)
    if doc["state"] == "new":
        raise NotFound(f"尚未信任{_label(doc)}，无可更换的公钥。首次信任请用“zhongxin keys trust 文件”。")
    if doc["state"] == "same":
        raise DomainError(f"{_label(doc)}的公钥未变（指纹 {doc['fingerprint']}），无需更换。")
    old = TrustedKey.get(TrustedKey.code == doc["code"])
    signed = keys.rotation_is_signed_by(doc, bytes.fromhex(old.sign_public))
    if doc["kind"] == "county" and not signed:
        raise DomainError(f"县级中心{_label(doc)}的新公钥没有其旧密钥的签名，不能更换：县级换密钥须在县级用"
                          "“zhongxin keys rotate”生成新公钥文件（由旧密钥签名）。来历不明的县级公钥文件可能是伪造的，"
                          "请与县级技术人员电话核实。")
    with database.atomic():
        for k, v in _fields(doc).items():
            setattr(old, k, v)
        old.trusted_at, old.trusted_by = utcnow(), actor.username
        old.save()
        audit.record(actor.username, "key_replace", "key", doc["code"],
                     detail={"name": doc["name"], "old_fingerprint": doc["old_fingerprint"],
                             "fingerprint": doc["fingerprint"], "signed_by_old_key": signed})
    return doc


def forget_key(actor: Actor, code: str) -> dict[str, Any]:
    """Stop trusting a center (audited). Its bundles are refused from now on."""
    actor.require(Perm.SETTINGS, "key", code)
    key = TrustedKey.get_or_none(TrustedKey.code == code)
    if key is None:
        raise NotFound(f"未信任代码为 {code} 的中心")
    with database.atomic():
        key.delete_instance()
        audit.record(actor.username, "key_forget", "key", code, detail={"fingerprint": key.fingerprint,
                                                                          "name": key.name})
    return {"code": key.code, "name": key.name, "fingerprint": key.fingerprint}


@unattended("signs with the center's own key file; the caller (key rotation) has checked the actor")
def rotation_signature(data: DataDir) -> str:
    """The old key's signature over the current keys, kept by ``rotate_key`` for ``keys export``."""
    try:
        return (data.keys / ROTATION_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def rotate_key(actor: Actor, data: DataDir) -> dict[str, Any]:
    """New key pair for this center; the old one is kept (bundles on their way still open) and
    signs the new public keys, so the other side can replace the key without a forged file
    slipping in. Returns the new public key document (export it and send it)."""
    actor.require(Perm.SETTINGS, "key")
    center = local_center()
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    old, new = keys.rotate(data.keys, stamp)
    signature = keys.rotation_signature(old, center.code, new)
    (data.keys / ROTATION_FILE).write_text(signature, encoding="utf-8")
    doc = keys.public_document(new, center.code, center.name, center.kind, signature)
    audit.record(actor.username, "key_rotate", "key", center.code,
                 detail={"old_fingerprint": old.fingerprint, "fingerprint": new.fingerprint})
    return doc
