"""The zip inside the envelope: manifest, signature, records, blobs — written as a stream,
read back only after every entry name, size and hash and the signature were checked.

Entries::

    records/<table>.json   rows owned by the sender that the recipient has not acknowledged
    receipt.json           what the sender holds of the recipient's rows (acknowledgement)
    snapshot.json          that month's statistics
    blobs/<sha256>         attachment files, stored by content hash
    manifest.json          format/schema/app versions, sender, recipient, sequence, time,
                           per-entry SHA-256 and size, record counts
    manifest.sig           Ed25519 signature of manifest.json by the sender
"""
from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import struct
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO, TypedDict

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from zhongxin_desktop.exchange.crypto import ByteSink, ByteSource, EncryptingWriter, EnvelopeError, decrypt_to
from zhongxin_desktop.exchange.keys import KeyPair
from zhongxin_desktop.exchange.workdir import make_workdir
from zhongxin_desktop.store import tempfiles

FORMAT = "zhongxin-bundle"
FORMAT_VERSION = 1
SUFFIX = ".zxb"
ENTRY_NAME = re.compile(r"^(manifest\.json|manifest\.sig|receipt\.json|snapshot\.json|records/[a-z_]{1,40}\.json"
                        r"|blobs/[0-9a-f]{64})$")
# Limits against damaged or hostile files (module constants so tests can lower them).
MAX_ENTRY_BYTES = 1 << 30  # one attachment or one table's JSON
MAX_TOTAL_BYTES = 64 << 30
MAX_RATIO = 200  # uncompressed/compressed above this on a large entry: a zip bomb
MAX_ENTRIES = 200_000
# Read before the signature is checked, so anyone who has our public key can send them: small caps.
MAX_MANIFEST_BYTES = 4 << 20
MAX_SIGNATURE_BYTES = 1 << 10
# The records, receipt and snapshot are parsed into memory together: their total is capped so an
# import stays under 500 MB: 63 MB of records peaked at 370 MB applied (a township-year is ~15 MB).
MAX_JSON_BYTES = 64 << 20
IN_MEMORY_MAX = 64 << 20  # bundles up to this size are decrypted into memory, larger ones to a file
COPY_BUF = 1 << 20
METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})  # what BundleWriter writes
METHOD_NAMES = {9: "deflate64", 12: "bzip2", 14: "lzma", 93: "zstd", 99: "AES"}


class FileEntry(TypedDict):
    """One entry of the manifest's file list."""
    sha256: str
    size: int


# A manifest as read from a bundle: parsed JSON, checked field by field where it is used.
Manifest = dict[str, Any]


class BundleRefused(Exception):
    """The whole bundle is refused; the message says why, in Chinese."""


# What zipfile and zlib raise for a damaged or unusual entry (bad CRC, a cut deflate stream, an
# encrypted or unknown method that slipped through, a broken local header).
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, struct.error,
              ValueError, OSError)


@contextlib.contextmanager
def _entry_errors(name: str) -> Iterator[None]:
    try:
        yield
    except BundleRefused:
        raise
    except ZIP_ERRORS as exc:
        why = "校验和（CRC）不符" if "CRC" in str(exc) else "无法解压"
        raise BundleRefused(f"数据包条目“{name}”已损坏（{why}），已拒绝") from None


def _read_capped(zf: zipfile.ZipFile, name: str, cap: int) -> bytes:
    """An entry's bytes, refused as soon as more than ``cap`` come out (whatever its header says)."""
    parts: list[bytes] = []
    size = 0
    with _entry_errors(name), zf.open(name) as fh:
        while block := fh.read(min(COPY_BUF, cap + 1 - size)):
            size += len(block)
            if size > cap:
                raise BundleRefused(f"数据包条目“{name}”过大（超过 {cap // 1024} KB），已拒绝")
            parts.append(block)
    return b"".join(parts)


def _loads(data: bytes, name: str) -> Any:
    try:
        return json.loads(data)
    except (ValueError, RecursionError):  # RecursionError: nesting deeper than any file of ours
        raise BundleRefused(f"数据包中的 {name} 不是有效的JSON，已拒绝") from None


def _dumps(obj: object) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


class BundleWriter:
    """Write entries into an encrypted, streaming zip; ``finish`` adds the signed manifest."""

    def __init__(self, path: Path, recipient_enc_public: bytes, keys: KeyPair) -> None:
        self.path = path
        tempfiles.sweep_folder(path.parent)  # what a killed export left in this folder
        self._tmp = tempfiles.temp_path(path.parent, path.name)
        self._fh = open(self._tmp, "wb")
        self._out = _HashingWriter(self._fh)
        self._enc = EncryptingWriter(self._out, recipient_enc_public)
        self._zip = zipfile.ZipFile(self._enc, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)
        self._keys = keys
        self.files: dict[str, FileEntry] = {}
        self.file_sha256 = ""  # of the whole file, once finished

    def add_bytes(self, name: str, data: bytes, compress: bool = True) -> None:
        with self._zip.open(self._info(name, compress), "w") as out:
            out.write(data)
        self.files[name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}

    def add_json(self, name: str, obj: object) -> None:
        self.add_bytes(name, _dumps(obj))

    def add_file(self, name: str, src: Path, check: Callable[[], None] | None = None) -> None:
        """Copy a file in (stored, not compressed: scans are compressed already), hashing as we go."""
        digest, size = hashlib.sha256(), 0
        with open(src, "rb") as fh, self._zip.open(self._info(name, False), "w", force_zip64=True) as out:
            while block := fh.read(COPY_BUF):
                digest.update(block)
                out.write(block)
                size += len(block)
                if check:
                    check()
        self.files[name] = {"sha256": digest.hexdigest(), "size": size}

    def _info(self, name: str, compress: bool) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))  # no timestamps: nothing to leak
        info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
        return info

    def finish(self, manifest: Manifest) -> Path:
        manifest = {**manifest, "format": FORMAT, "format_version": manifest.get("format_version", FORMAT_VERSION),
                    "files": self.files}
        raw = _dumps(manifest)
        self.add_bytes("manifest.sig", self._keys.sign_private.sign(raw))
        self.add_bytes("manifest.json", raw)
        self._zip.close()
        self._enc.close()
        self._fh.close()
        self._tmp.replace(self.path)  # a bundle file exists only when complete
        self.file_sha256 = self._out.digest.hexdigest()
        return self.path

    def abort(self) -> None:
        try:
            self._zip.close()
        except Exception:  # noqa: BLE001 - we are discarding the file anyway
            pass
        self._fh.close()
        self._tmp.unlink(missing_ok=True)


class _HashingWriter:
    """Writes to a file and hashes every byte written: the bundle file's SHA-256 (for the
    exchange log) without reading the file back."""

    def __init__(self, fh: ByteSink) -> None:
        self._fh, self.digest = fh, hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        return self._fh.write(data)

    def flush(self) -> None:
        self._fh.flush()


class _Null:
    def write(self, data: bytes) -> None:
        pass

    def __enter__(self) -> _Null:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


class _HashingReader:
    """Reads a file and hashes every byte read: the bundle file's SHA-256 (for the exchange
    log) comes from the one read that decrypts it."""

    def __init__(self, fh: ByteSource) -> None:
        self._fh, self.digest = fh, hashlib.sha256()

    def read(self, n: int = -1) -> bytes:
        data = self._fh.read(n)
        self.digest.update(data)
        return data


class OpenedBundle:
    """A decrypted, verified bundle in a private temporary folder. Use as a context manager.
    ``file_sha256`` is the SHA-256 of the bundle file as it was read."""

    def __init__(self, workdir: Path, zf: zipfile.ZipFile, manifest: Manifest, file_sha256: str = "",
                 contents: dict[str, bytes] | None = None, marker: BinaryIO | None = None) -> None:
        self.workdir, self.zip, self.manifest, self.file_sha256 = workdir, zf, manifest, file_sha256
        self._contents = dict(contents or {})  # verified entries, each handed out once by json()
        self._marker = marker

    def json(self, name: str, default: Any = None) -> Any:
        if name not in self.manifest["files"]:
            return default
        data = self._contents.pop(name, None)
        if data is None:
            data = _read_capped(self.zip, name, MAX_JSON_BYTES)
        return _loads(data, name)

    def tables(self) -> list[str]:
        return [n[len("records/"):-len(".json")] for n in self.manifest["files"] if n.startswith("records/")]

    def blobs(self) -> list[str]:
        return [n[len("blobs/"):] for n in self.manifest["files"] if n.startswith("blobs/")]

    def stage_blobs(self, attachments_dir: Path | None, stop: threading.Event | None = None) -> list[Path]:
        """Check every attachment against its hash; with a folder, also store it there by hash
        (one pass: read, hash, write). Returns the files written. A file that does not match its
        hash refuses the whole bundle; files already stored correctly stay (content-addressed).
        Once ``stop`` is set, no further file is begun (what was written is returned)."""
        from zhongxin_desktop.exchange import blobs

        written: list[Path] = []
        folders: set[Path] = set()
        for sha in self.blobs():
            if stop is not None and stop.is_set():
                break
            target = tmp = None
            if attachments_dir:
                target = blobs.blob_path(attachments_dir, sha)
                if target.exists():
                    continue
                # at the top of the store, where the start-up sweep looks; moved into its hash folder when whole
                tmp = tempfiles.temp_path(attachments_dir, target.name)
                if target.parent not in folders:  # 256 folders for thousands of files: ask once each
                    target.parent.mkdir(parents=True, exist_ok=True)
                    folders.add(target.parent)
            digest, label = hashlib.sha256(), f"blobs/{sha[:12]}…"
            try:
                with _entry_errors(label):
                    src = self.zip.open(f"blobs/{sha}")
                with src, (open(tmp, "wb") if tmp else _Null()) as out:
                    while True:
                        with _entry_errors(label):  # a damaged entry; a full disk stays an OSError
                            block = src.read(COPY_BUF)
                        if not block:
                            break
                        digest.update(block)
                        out.write(block)
            except BaseException:
                if tmp:
                    tmp.unlink(missing_ok=True)
                raise
            if digest.hexdigest() != sha or self.manifest["files"][f"blobs/{sha}"].get("sha256") != sha:
                if tmp:
                    tmp.unlink(missing_ok=True)
                raise BundleRefused(f"附件“{sha[:12]}…”的内容与其哈希不符（内容被改动）")
            if tmp and target:
                tmp.replace(target)
                written.append(target)
        return written

    def stage_blobs_in_background(self, attachments_dir: Path | None,
                                  then: Callable[[list[Path]], None] | None = None) -> "BlobStaging":
        """``stage_blobs`` (then ``then(files written)``, e.g. the sync) on a worker thread. The
        other entries were read when the bundle was opened (``json``), so the worker is the only
        reader of the zip."""
        return BlobStaging(self, attachments_dir, then)

    def close(self) -> None:
        self.zip.close()
        if self._marker is not None:
            self._marker.close()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> OpenedBundle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class BlobStaging:
    """Attachments being checked and stored on a worker thread, so that writing thousands of
    scan files (most of it the operating system's work, done without the GIL) overlaps applying
    the records. ``result()`` waits and returns the files written, or raises what the worker
    raised (BundleRefused for a file that does not match its hash); ``stop()`` makes it stop
    after the current file and waits for it. Call one of them before the bundle is closed."""

    def __init__(self, ob: OpenedBundle, attachments_dir: Path | None,
                 then: Callable[[list[Path]], None] | None = None):
        self._stop = threading.Event()
        self._written: list[Path] = []
        self._error: BaseException | None = None

        def work() -> None:
            try:
                self._written = ob.stage_blobs(attachments_dir, self._stop)
                if then is not None and not self._stop.is_set():
                    then(self._written)
            except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread by result()
                self._error = exc

        self._thread = threading.Thread(target=work, name="bundle-blobs", daemon=True)
        self._thread.start()

    def result(self) -> list[Path]:
        self._thread.join()
        if self._error is not None:
            raise self._error
        if self._stop.is_set():
            raise RuntimeError("attachment staging was stopped")
        return self._written

    def raise_if_failed(self) -> None:
        """Raise now what the worker raised, if it has already failed (no need to go on)."""
        if self._error is not None and not self._thread.is_alive():
            raise self._error

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def check_entries(zf: zipfile.ZipFile) -> None:
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise BundleRefused(f"数据包条目过多（{len(infos)}）")
    seen, total, json_total = set(), 0, 0
    for info in infos:
        name = info.filename
        if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
            raise BundleRefused(f"数据包含绝对路径条目“{name}”，已拒绝")
        if ".." in name.replace("\\", "/").split("/"):
            raise BundleRefused(f"数据包含越级路径条目“{name}”，已拒绝")
        if not ENTRY_NAME.match(name):
            raise BundleRefused(f"数据包含未知条目“{name}”，已拒绝")
        if name in seen:
            raise BundleRefused(f"数据包条目“{name}”重复，已拒绝")
        seen.add(name)
        if info.flag_bits & 0x1:
            raise BundleRefused(f"数据包条目“{name}”带有ZIP加密标志（本程序从不这样写），已拒绝")
        if info.compress_type not in METHODS:
            method = METHOD_NAMES.get(info.compress_type, f"编号 {info.compress_type}")
            raise BundleRefused(f"数据包条目“{name}”使用了不支持的压缩方式（{method}），已拒绝")
        cap = {"manifest.json": MAX_MANIFEST_BYTES, "manifest.sig": MAX_SIGNATURE_BYTES}.get(name)
        if cap is not None and info.file_size > cap:
            raise BundleRefused(f"数据包条目“{name}”过大（{info.file_size} 字节，上限 {cap}），已拒绝")
        if not name.startswith(("blobs/", "manifest.")):
            json_total += info.file_size
            if json_total > MAX_JSON_BYTES:
                raise BundleRefused(f"数据包的记录过大（解压后超过本程序一次导入的上限 {MAX_JSON_BYTES >> 20} MB），"
                                    "已拒绝，未做任何修改。")
        if info.file_size > MAX_ENTRY_BYTES:
            raise BundleRefused(f"数据包条目“{name}”过大（{info.file_size} 字节，上限 {MAX_ENTRY_BYTES}）")
        if info.file_size > (1 << 20) and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise BundleRefused(f"数据包条目“{name}”压缩比异常，疑似压缩炸弹，已拒绝")
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise BundleRefused("数据包解压后总大小超过上限")


def _verify_hashes(zf: zipfile.ZipFile, files: dict[str, Any]) -> dict[str, bytes]:
    """Check every entry but the attachments against the manifest; returns their contents (the
    records, receipt and snapshot are read once: here, not again when they are applied)."""
    names = {i.filename for i in zf.infolist()} - {"manifest.json", "manifest.sig"}
    listed = set(files) - {"manifest.sig"}
    if names != listed:
        extra, missing = sorted(names - listed), sorted(listed - names)
        raise BundleRefused(f"数据包内容与清单不符（多出 {extra[:3]}，缺少 {missing[:3]}）")
    contents: dict[str, bytes] = {}
    held = 0
    for name in sorted(listed):
        if name.startswith("blobs/"):
            continue  # attachments are checked while they are stored (OpenedBundle.stage_blobs)
        data = _read_capped(zf, name, MAX_JSON_BYTES - held)
        held += len(data)
        if hashlib.sha256(data).hexdigest() != files[name].get("sha256") or len(data) != files[name].get("size"):
            raise BundleRefused(f"数据包条目“{name}”的校验值与清单不符（内容被改动）")
        contents[name] = data
    return contents


def open_bundle(path: Path, keys: KeyPair, signer_key: Callable[[str], bytes | None], local_code: str,
                tmp_parent: Path | None = None) -> OpenedBundle:
    """Decrypt and verify everything before anything is applied. Raises BundleRefused."""
    workdir, marker = make_workdir(tmp_parent)
    zf = None
    try:
        # The zip needs random access, so the plaintext is kept whole once: in memory for an
        # ordinary bundle (saves writing and re-reading it), in a private file for a large one.
        try:
            plain: io.BytesIO | Path
            sink: contextlib.AbstractContextManager[ByteSink]
            if path.stat().st_size <= IN_MEMORY_MAX:
                plain = io.BytesIO()
                sink = contextlib.nullcontext(plain)
            else:
                plain = workdir / "bundle.zip"
                sink = os.fdopen(os.open(plain, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                                         0o600), "wb")
            with open(path, "rb") as fh, sink as out:
                src = _HashingReader(fh)
                decrypt_to(src, out, keys.enc_private, MAX_TOTAL_BYTES)  # reads the file to its end
        except EnvelopeError as exc:
            raise BundleRefused(str(exc)) from None
        except OSError as exc:
            raise BundleRefused(f"无法读取文件：{exc}") from None
        try:
            zf = zipfile.ZipFile(plain)
        except ZIP_ERRORS:
            raise BundleRefused("数据包内部结构已损坏") from None
        check_entries(zf)
        names = set(zf.namelist())
        if not {"manifest.json", "manifest.sig"} <= names:
            raise BundleRefused("数据包缺少清单或签名，已拒绝")
        raw = _read_capped(zf, "manifest.json", MAX_MANIFEST_BYTES)
        sig = _read_capped(zf, "manifest.sig", MAX_SIGNATURE_BYTES)
        manifest = _loads(raw, "manifest.json")
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise BundleRefused("数据包清单格式不对")
        sender = str(manifest.get("sender", ""))
        public = signer_key(sender)
        if public is None:
            raise BundleRefused((f"发送方“{sender}”不在本中心的信任名单中。请先核对对方指纹，再在“数据交换”页点“信任对方公钥…”"
                                 "（命令行：zhongxin keys trust）信任其公钥。"))
        try:
            Ed25519PublicKey.from_public_bytes(public).verify(sig, raw)
        except InvalidSignature:
            raise BundleRefused(f"数据包签名无效：不是由“{sender}”的密钥签名，或清单被改动") from None
        version = manifest.get("format_version")
        if not isinstance(version, int) or version > FORMAT_VERSION:
            raise BundleRefused(f"数据包格式版本 {version} 比本程序支持的 {FORMAT_VERSION} 新。请升级本程序后再导入。")
        if manifest.get("recipient") != local_code:
            raise BundleRefused(f"数据包是发给“{manifest.get('recipient')}”的，不是本中心（{local_code}）")
        if not isinstance(manifest.get("files"), dict):
            raise BundleRefused("数据包清单缺少文件列表")
        contents = _verify_hashes(zf, manifest["files"])
        return OpenedBundle(workdir, zf, manifest, src.digest.hexdigest(), contents, marker)
    except BaseException:
        if zf is not None:
            zf.close()
        marker.close()
        shutil.rmtree(workdir, ignore_errors=True)
        raise
