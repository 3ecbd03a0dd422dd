"""The encrypted envelope around a bundle: nothing but a magic header, the format version and a
tag of the recipient's key are readable without the recipient's private key.

Layout::

    b"ZXBUNDLE" | u16 header length | header JSON | (u32 length | AES-GCM chunk)*

Key agreement: an ephemeral X25519 key per file with the recipient's X25519 key, HKDF-SHA256
(salt random per file, info binds both public keys) → a 256-bit AES-GCM key. The plaintext is cut
into chunks (1 MiB); each chunk's nonce is ``prefix(7) | counter(4) | last-flag(1)`` (the STREAM
construction), and the header is authenticated with every chunk. So reordered, dropped,
duplicated or truncated chunks, or an edited header, fail to decrypt — and the last chunk is
marked, so a cut-off file is never mistaken for a complete one. Memory use is one chunk.
"""
from __future__ import annotations

import json
import os
import struct
from typing import Any, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from zhongxin_desktop.exchange.keys import enc_fingerprint

MAGIC = b"ZXBUNDLE"
ENVELOPE_VERSION = 1
CHUNK = 1 << 20
MAX_HEADER = 4096
TAG = 16


class ByteSink(Protocol):
    """Where bytes go: a file, or another stream that hashes or encrypts them on the way."""

    def write(self, data: bytes, /) -> int: ...

    def flush(self) -> None: ...


class ByteSource(Protocol):
    def read(self, n: int = -1, /) -> bytes: ...


class EnvelopeError(Exception):
    """The file cannot be opened: not ours, not for us, damaged, or from a newer version."""


def _derive(shared: bytes, salt: bytes, epk: bytes, recipient: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt,
                info=b"zhongxin-bundle-v1" + epk + recipient).derive(shared)


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + struct.pack(">I", counter) + (b"\x01" if last else b"\x00")


class EncryptingWriter:
    """A write-only stream: what is written is encrypted chunk by chunk into ``out``.

    It has no ``seek``/``tell``, so ``zipfile`` writes a streaming zip into it."""

    def __init__(self, out: ByteSink, recipient_enc_public: bytes):
        eph = X25519PrivateKey.generate()
        epk = eph.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        salt, self._prefix = os.urandom(16), os.urandom(7)
        shared = eph.exchange(X25519PublicKey.from_public_bytes(recipient_enc_public))
        self._aead = AESGCM(_derive(shared, salt, epk, recipient_enc_public))
        header = json.dumps({"v": ENVELOPE_VERSION, "to": enc_fingerprint(recipient_enc_public),
                             "epk": epk.hex(), "salt": salt.hex(), "np": self._prefix.hex(),
                             "chunk": CHUNK}, separators=(",", ":")).encode()
        self._aad = MAGIC + header
        self._out = out
        self._buf = bytearray()
        self._counter = 0
        self.closed = False
        out.write(MAGIC + struct.pack(">H", len(header)) + header)

    def _emit(self, data: bytes, last: bool) -> None:
        sealed = self._aead.encrypt(_nonce(self._prefix, self._counter, last), data, self._aad)
        self._out.write(struct.pack(">I", len(sealed)) + sealed)
        self._counter += 1

    def write(self, data: bytes) -> int:
        self._buf += data
        while len(self._buf) > CHUNK:  # keep at least one byte back: the last chunk is emitted on close
            self._emit(bytes(self._buf[:CHUNK]), False)
            del self._buf[:CHUNK]
        return len(data)

    def flush(self) -> None:
        self._out.flush()

    def close(self) -> None:
        if not self.closed:
            self._emit(bytes(self._buf), True)
            self._buf.clear()
            self.closed = True
            self._out.flush()


def read_header(src: ByteSource) -> tuple[dict[str, Any], bytes]:
    magic = src.read(len(MAGIC))
    if magic != MAGIC:
        raise EnvelopeError("不是综治中心数据包（文件头不对）")
    raw_len = src.read(2)
    if len(raw_len) < 2:
        raise EnvelopeError("数据包不完整（文件头被截断）")
    (length,) = struct.unpack(">H", raw_len)
    if length > MAX_HEADER:
        raise EnvelopeError("数据包文件头过长，文件已损坏")
    header_bytes = src.read(length)
    try:
        header = json.loads(header_bytes)
    except ValueError:
        raise EnvelopeError("数据包文件头已损坏") from None
    if not isinstance(header, dict) or not isinstance(header.get("v"), int):
        raise EnvelopeError("数据包文件头已损坏")
    if header["v"] > ENVELOPE_VERSION:
        raise EnvelopeError(f"数据包由更新版本的程序生成（封装格式 {header['v']}，本程序支持 {ENVELOPE_VERSION}）。"
                            "请升级本程序后再导入。")
    return header, MAGIC + header_bytes


def decrypt_to(src: ByteSource, out: ByteSink, enc_private: X25519PrivateKey, max_bytes: int) -> int:
    """Decrypt the whole envelope from ``src`` into ``out``; returns the plaintext size.

    Raises EnvelopeError for a file not for us, tampered, truncated, or larger than ``max_bytes``."""
    header, aad = read_header(src)
    recipient = enc_private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    if header.get("to") != enc_fingerprint(recipient):
        raise EnvelopeError("数据包不是发给本中心的（收件方密钥不符）。请确认对方导出时选择了本中心。")
    try:
        epk, salt, prefix = bytes.fromhex(header["epk"]), bytes.fromhex(header["salt"]), bytes.fromhex(header["np"])
        chunk = int(header["chunk"])
        shared = enc_private.exchange(X25519PublicKey.from_public_bytes(epk))
    except (KeyError, ValueError, TypeError):
        raise EnvelopeError("数据包文件头已损坏") from None
    if len(prefix) != 7 or not 0 < chunk <= 16 * CHUNK:
        raise EnvelopeError("数据包文件头已损坏")
    aead = AESGCM(_derive(shared, salt, epk, recipient))
    counter, total = 0, 0
    while True:
        raw_len = src.read(4)
        if len(raw_len) < 4:
            raise EnvelopeError("数据包不完整（文件被截断）")
        (length,) = struct.unpack(">I", raw_len)
        if not TAG <= length <= chunk + TAG:
            raise EnvelopeError("数据包已损坏（分块长度不对）")
        sealed = src.read(length)
        if len(sealed) < length:
            raise EnvelopeError("数据包不完整（文件被截断）")
        last = False
        try:
            data = aead.decrypt(_nonce(prefix, counter, False), sealed, aad)
        except InvalidTag:
            try:
                data = aead.decrypt(_nonce(prefix, counter, True), sealed, aad)
                last = True
            except InvalidTag:
                raise EnvelopeError(f"数据包内容被改动或已损坏（第 {counter + 1} 块校验失败）") from None
        total += len(data)
        if total > max_bytes:
            raise EnvelopeError(f"数据包解密后超过允许的大小（{max_bytes // (1 << 20)} MB）")
        out.write(data)
        counter += 1
        if last:
            if src.read(1):
                raise EnvelopeError("数据包结尾有多余数据，文件已被改动")
            return total
