"""This center's key pair files and the fingerprints people read to each other by phone.

Two keys per center: Ed25519 signs what we send, X25519 receives what is sent to us. They are
made on first need in the data folder's ``keys/`` (private files mode 0600). Private keys are
stored unencrypted (PKCS8 PEM); a passphrase can be added later with
``serialization.BestAvailableEncryption`` without changing the file names.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes

from zhongxin_desktop.domain.errors import DomainError

SIGN_FILE = "sign_ed25519.pem"
ENC_FILE = "enc_x25519.pem"
PUBLIC_KEY_FORMAT = "zhongxin-public-key"


def _raw(public: Ed25519PublicKey | X25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def fingerprint(sign_public: bytes, enc_public: bytes) -> str:
    """SHA-256 over both public keys, first 20 bytes as 10 groups of 4 hex digits (readable by phone)."""
    digest = hashlib.sha256(b"zhongxin-key-v1" + sign_public + enc_public).hexdigest()[:40].upper()
    return " ".join(digest[i:i + 4] for i in range(0, 40, 4))


def enc_fingerprint(enc_public: bytes) -> str:
    """Short tag of an encryption key, written in a bundle's plaintext header (names no center)."""
    return hashlib.sha256(b"zhongxin-recipient-v1" + enc_public).hexdigest()[:16]


@dataclass(frozen=True)
class KeyPair:
    sign_private: Ed25519PrivateKey
    enc_private: X25519PrivateKey

    @property
    def sign_public(self) -> bytes:
        return _raw(self.sign_private.public_key())

    @property
    def enc_public(self) -> bytes:
        return _raw(self.enc_private.public_key())

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.sign_public, self.enc_public)


def _write_private(path: Path, key: Ed25519PrivateKey | X25519PrivateKey) -> None:
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    # Create with 0600 from the start: no moment where another user could read the file.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)


def _read_private(path: Path) -> PrivateKeyTypes:
    try:
        return serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (ValueError, TypeError) as exc:
        raise DomainError(f"密钥文件 {path} 无法读取（{exc}）。请从备份恢复 keys 目录，或联系县级技术人员。") from exc


def load_or_create(keys_dir: Path) -> KeyPair:
    keys_dir.mkdir(parents=True, exist_ok=True)
    sign_path, enc_path = keys_dir / SIGN_FILE, keys_dir / ENC_FILE
    if not sign_path.exists():
        _write_private(sign_path, Ed25519PrivateKey.generate())
    if not enc_path.exists():
        _write_private(enc_path, X25519PrivateKey.generate())
    return _read_pair(sign_path, enc_path, keys_dir)


def _read_pair(sign_path: Path, enc_path: Path, keys_dir: Path) -> KeyPair:
    sign, enc = _read_private(sign_path), _read_private(enc_path)
    if not isinstance(sign, Ed25519PrivateKey) or not isinstance(enc, X25519PrivateKey):
        raise DomainError(f"{keys_dir} 中的密钥类型不对，请从备份恢复 keys 目录。")
    return KeyPair(sign, enc)


PREVIOUS_DIR = "previous"


def previous_pairs(keys_dir: Path) -> list[KeyPair]:
    """Key pairs retired by ``rotate``, newest first: bundles already on their way were
    encrypted to them and must still open."""
    out: list[KeyPair] = []
    for folder in sorted((keys_dir / PREVIOUS_DIR).glob("*"), reverse=True):
        sign_path, enc_path = folder / SIGN_FILE, folder / ENC_FILE
        if sign_path.exists() and enc_path.exists():
            out.append(_read_pair(sign_path, enc_path, folder))
    return out


def rotate(keys_dir: Path, stamp: str) -> tuple[KeyPair, KeyPair]:
    """Retire this center's keys into ``keys/previous/<stamp>/`` and make new ones.
    Returns (old, new); the old pair signs the new public keys (``rotation_signature``)."""
    old = load_or_create(keys_dir)
    folder = keys_dir / PREVIOUS_DIR / stamp
    folder.mkdir(parents=True, exist_ok=False)
    for name in (SIGN_FILE, ENC_FILE):
        (keys_dir / name).replace(folder / name)
    return old, load_or_create(keys_dir)


def _rotation_message(code: str, sign_public: bytes, enc_public: bytes) -> bytes:
    return b"zhongxin-key-rotation-v1\0" + code.encode("utf-8") + b"\0" + sign_public + enc_public


def rotation_signature(old: KeyPair, code: str, new: KeyPair) -> str:
    """The old signing key vouching for the new public keys of the same center."""
    return old.sign_private.sign(_rotation_message(code, new.sign_public, new.enc_public)).hex()


def rotation_is_signed_by(doc: dict[str, Any], old_sign_public: bytes) -> bool:
    """Whether ``doc`` (a parsed public key file) carries a rotation signature by ``old_sign_public``."""
    signature = doc.get("rotation_signature") or ""
    try:
        Ed25519PublicKey.from_public_bytes(old_sign_public).verify(
            bytes.fromhex(signature),
            _rotation_message(doc["code"], bytes.fromhex(doc["sign_public"]), bytes.fromhex(doc["enc_public"])))
    except (InvalidSignature, ValueError):
        return False
    return True


def public_document(pair: KeyPair, code: str, name: str, kind: str, rotation_signature: str = "") -> dict[str, Any]:
    """What ``keys export`` writes: public keys only, with the center they belong to; after a
    rotation, also the old key's signature over the new keys."""
    doc = {"format": PUBLIC_KEY_FORMAT, "version": 1, "code": code, "name": name, "kind": kind,
           "sign_public": pair.sign_public.hex(), "enc_public": pair.enc_public.hex(),
           "fingerprint": pair.fingerprint}
    if rotation_signature:
        doc["rotation_signature"] = rotation_signature
    return doc


def parse_public_document(text: str) -> dict[str, Any]:
    """Validate a public key file; returns its fields with the fingerprint recomputed."""
    try:
        doc = json.loads(text)
        if doc.get("format") != PUBLIC_KEY_FORMAT:
            raise ValueError("不是综治中心公钥文件")
        sign_public, enc_public = bytes.fromhex(doc["sign_public"]), bytes.fromhex(doc["enc_public"])
        Ed25519PublicKey.from_public_bytes(sign_public)
        X25519PublicKey.from_public_bytes(enc_public)
        code, name, kind = str(doc["code"]), str(doc["name"]), str(doc["kind"])
        rotation = str(doc.get("rotation_signature") or "")
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise DomainError(f"公钥文件格式不对（{exc}）。请让对方用“zhongxin keys export”重新导出。") from exc
    if kind not in ("township", "county"):
        raise DomainError("公钥文件中的中心类型不对（应为 township 或 county）")
    out = {"code": code, "name": name, "kind": kind, "sign_public": sign_public.hex(),
           "enc_public": enc_public.hex(), "fingerprint": fingerprint(sign_public, enc_public)}
    if rotation:
        out["rotation_signature"] = rotation
    return out


def same_fingerprint(typed: str, actual: str) -> bool:
    """A fingerprint typed after a phone call matches, whatever the spaces and letter case."""
    def norm(text: str) -> str:
        return "".join(ch for ch in text.upper() if ch in "0123456789ABCDEF")

    return bool(norm(typed)) and norm(typed) == norm(actual)
