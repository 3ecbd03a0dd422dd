"""Optional encryption at rest of ID numbers and phones, in ONE place: the field.

``SealedField`` is a CharField whose stored text is ``enc1:<base64>`` once encryption is turned
on (services/safety/pii_crypto.py), and plain text otherwise. Reading decrypts transparently, so every
service, document and export sees plain values through the models, and nothing else changes.

- AES-SIV (deterministic, authenticated): the same number always gives the same ciphertext, so
  equality lookups (``Party.id_number == x``) still work; it reveals only that two rows hold the
  same number. ``SealedText`` seals a whole JSON snapshot of parties the same way (agreements,
  referrals). The search index then holds keyed hashes of the tails (``tail_key``), never digits.
- The key is a file ``keys/pii.key`` (0600) in the data folder. Keep a copy of it apart from the
  backups: without it the sealed numbers cannot be read back.
- Raw SQL sees ciphertext; code that reads these columns with raw SQL must go through the models.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESSIV

import base64
import hashlib
import hmac
import os
from pathlib import Path

import peewee as pw

from zhongxin_desktop.store.db import StoreError

PREFIX = "enc1:"
KEY_FILE = "pii.key"
SETTING_KEY = "pii_encryption"


class Keyring:
    """The key of the open data folder, and whether new values are sealed."""

    def __init__(self) -> None:
        self.key: bytes | None = None
        self.sealing = False

    def cipher(self) -> AESSIV:
        from cryptography.hazmat.primitives.ciphers.aead import AESSIV

        if self.key is None:
            raise StoreError("个人信息已加密，但找不到密钥文件 keys/pii.key。请从保存的副本恢复该文件后再打开。")
        return AESSIV(self.key)


keyring = Keyring()


def seal(value: str, column: str) -> str:
    if not value or value.startswith(PREFIX):
        return value
    blob = keyring.cipher().encrypt(value.encode("utf-8"), [column.encode()])
    return PREFIX + base64.b64encode(blob).decode("ascii")


def unseal(value: str, column: str) -> str:
    if not isinstance(value, str) or not value.startswith(PREFIX):
        return value
    from cryptography.exceptions import InvalidTag

    try:
        plain: bytes = keyring.cipher().decrypt(base64.b64decode(value[len(PREFIX):]), [column.encode()])
        return plain.decode("utf-8")
    except (InvalidTag, ValueError):
        raise StoreError(f"无法解密 {column}：密钥文件 keys/pii.key 与数据不匹配") from None


class _Sealing(pw.Field):
    def db_value(self, value: Any) -> Any:
        parent: Any = super()  # peewee's stubs leave the field conversions unannotated
        value = parent.db_value(value)
        if keyring.sealing and isinstance(value, str) and value:
            return seal(value, self.column_name)
        return value

    def python_value(self, value: Any) -> Any:
        parent: Any = super()
        return unseal(parent.python_value(value), self.column_name)


class SealedField(_Sealing, pw.CharField):
    """An ID number or a phone."""


class SealedText(_Sealing, pw.TextField):
    """A JSON snapshot holding ID numbers and phones (an agreement's or a referral's parties)."""


# Every column that holds an ID number or a phone of a party: (table, column).
SEALED_COLUMNS = (("party", "id_number"), ("party", "phone"), ("case_party", "agent_phone"),
                  ("agreement", "parties"), ("referral", "parties"))


def tail_key() -> bytes | None:
    """The key of the search index's tail hashes while sealing is on, else None (plain tails).
    Derived from the PII key, so it exists wherever the numbers can be read at all."""
    if not keyring.sealing or keyring.key is None:
        return None
    return hmac.new(keyring.key, b"zhongxin search tails v1", hashlib.sha256).digest()


def key_path(keys_dir: Path) -> Path:
    return keys_dir / KEY_FILE


def load_key(keys_dir: Path, create: bool = False) -> bytes | None:
    path = key_path(keys_dir)
    if path.exists():
        return base64.b64decode(path.read_text(encoding="ascii").strip())
    if not create:
        return None
    from cryptography.hazmat.primitives.ciphers.aead import AESSIV

    key = AESSIV.generate_key(512)
    keys_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(base64.b64encode(key).decode("ascii"))
    return key


def configure(db: pw.Database, keys_dir: Path) -> None:
    """At open: load the key (if any) and seal new values when the setting is on."""
    keyring.key = load_key(keys_dir)
    keyring.sealing = False
    if "setting" not in db.get_tables():
        return
    row = db.execute_sql("SELECT value FROM setting WHERE key = ?", (SETTING_KEY,)).fetchone()
    if row and row[0] == "true":
        if keyring.key is None:
            raise StoreError("个人信息已加密，但找不到密钥文件 keys/pii.key。请从保存的副本恢复该文件后再打开。")
        keyring.sealing = True
