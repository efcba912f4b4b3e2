"""Sealed files: data encrypted with a passphrase, for sync bundles and backups.

Format (version 1), all integers big-endian:

    header  = b"PDPSEAL" | version (1 byte) | scrypt log2(n), r, p (1 byte each)
              | salt (16) | nonce prefix (8) | key check (8)
    chunks  = repeated: length (4) | AES-256-GCM ciphertext with tag

Each chunk's nonce is the prefix followed by the chunk's 4-byte counter; its associated data
is the header, the counter and a "last chunk" flag. So a reordered, dropped, truncated or
appended chunk fails authentication, and a half-copied file is told apart from a whole one.
The key comes from the passphrase through scrypt (slow on purpose: a stolen USB stick is not
opened by guessing). The key check (an HMAC of a constant) tells a wrong passphrase apart from
a damaged file, so the user is told the right thing.

Files are processed in chunks of 1 MiB, so a multi-gigabyte backup never sits in memory.
"""
from __future__ import annotations

import functools
import hashlib
import hmac
import io
import os
import secrets
import struct
import unicodedata
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"PDPSEAL"
VERSION = 1
CHUNK = 1 << 20
# scrypt cost: n=2**15, r=8 takes ~32 MiB and ~0.1 s per key here; it is derived once per
# (passphrase, salt) and cached for the life of the process.
N_LOG2, R, P = 15, 8, 1
_HEADER = struct.Struct(">7sBBBB16s8s8s")
_LENGTH = struct.Struct(">I")
_MAX_N_LOG2 = 20  # refuse headers that would make scrypt eat gigabytes


class SealError(Exception):
    """A sealed file could not be opened; the message says why in plain words."""


class WrongPassphrase(SealError):
    pass


class DamagedFile(SealError):
    """Not a sealed file, cut short (half-copied) or altered."""


class NewerFormat(SealError):
    """Sealed by a newer version of PDP Desk."""


def is_sealed(head: bytes) -> bool:
    return head.startswith(MAGIC)


@functools.lru_cache(maxsize=32)
def _key(passphrase: str, salt: bytes, n_log2: int, r: int, p: int) -> bytes:
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    return hashlib.scrypt(secret, salt=salt, n=1 << n_log2, r=r, p=p, dklen=32,
                          maxmem=256 * r * (1 << n_log2) + (1 << 20))


def passphrase_check(passphrase: str, salt: bytes, label: bytes) -> bytes:
    """An HMAC-SHA256 of `label` under the passphrase's key (the same slow scrypt as sealed files,
    cached per process): a value that tells a right passphrase from a wrong one without keeping
    the passphrase or its key (the sync hub's check)."""
    return hmac.new(_key(passphrase, salt, N_LOG2, R, P), label, hashlib.sha256).digest()


def _check_value(key: bytes) -> bytes:
    return hmac.new(key, b"pdp-desk key check", hashlib.sha256).digest()[:8]


def _nonce(prefix: bytes, counter: int) -> bytes:
    return prefix + struct.pack(">I", counter)


def _aad(header: bytes, counter: int, last: bool) -> bytes:
    return header + struct.pack(">IB", counter, 1 if last else 0)


def seal_stream(source: BinaryIO, target: BinaryIO, passphrase: str) -> None:
    """Encrypt everything `source` yields into `target`."""
    if not passphrase:
        raise ValueError("an empty passphrase cannot seal a file")
    salt, prefix = secrets.token_bytes(16), secrets.token_bytes(8)
    key = _key(passphrase, salt, N_LOG2, R, P)
    header = _HEADER.pack(MAGIC, VERSION, N_LOG2, R, P, salt, prefix, _check_value(key))
    target.write(header)
    aes = AESGCM(key)
    counter = 0
    chunk = source.read(CHUNK)
    while True:
        following = source.read(CHUNK) if len(chunk) == CHUNK else b""
        last = not following
        sealed = aes.encrypt(_nonce(prefix, counter), chunk, _aad(header, counter, last))
        target.write(_LENGTH.pack(len(sealed)))
        target.write(sealed)
        if last:
            return
        counter += 1
        chunk = following


def _read_exact(source: BinaryIO, size: int) -> bytes:
    data = source.read(size)
    if len(data) != size:
        raise DamagedFile("The file is cut short (perhaps still being copied).")
    return data


def open_stream(source: BinaryIO, target: BinaryIO, passphrase: str) -> None:
    """Decrypt `source` into `target`. Raises a SealError subclass; on error, what was written
    to `target` must be thrown away by the caller (`open_file` does)."""
    header = source.read(_HEADER.size)
    if not header.startswith(MAGIC):
        raise DamagedFile("This is not a PDP Desk sealed file.")
    if len(header) < 8:
        raise DamagedFile("The file is cut short (perhaps still being copied).")
    if header[7] > VERSION:
        raise NewerFormat("The file was made by a newer version of PDP Desk; update this PC.")
    if len(header) != _HEADER.size:
        raise DamagedFile("The file is cut short (perhaps still being copied).")
    _, _, n_log2, r, p, salt, prefix, check = _HEADER.unpack(header)
    if not (10 <= n_log2 <= _MAX_N_LOG2 and 1 <= r <= 32 and 1 <= p <= 16):
        raise DamagedFile("The file's header is damaged.")
    key = _key(passphrase, salt, n_log2, r, p)
    if not hmac.compare_digest(_check_value(key), check):
        raise WrongPassphrase("The passphrase does not open this file.")
    aes = AESGCM(key)
    counter = 0
    while True:
        (length,) = _LENGTH.unpack(_read_exact(source, _LENGTH.size))
        if length < 16 or length > CHUNK + 16:
            raise DamagedFile("The file is damaged.")
        sealed = _read_exact(source, length)
        plain = None
        for last in (False, True):
            try:
                plain = aes.decrypt(_nonce(prefix, counter), sealed, _aad(header, counter, last))
            except InvalidTag:
                continue
            break
        if plain is None:
            raise DamagedFile("The file is damaged (its contents fail the integrity check).")
        target.write(plain)
        if last:
            if source.read(1):
                raise DamagedFile("The file has data after its end.")
            return
        counter += 1


def seal_bytes(data: bytes, passphrase: str) -> bytes:
    out = io.BytesIO()
    seal_stream(io.BytesIO(data), out, passphrase)
    return out.getvalue()


def open_bytes(blob: bytes, passphrase: str) -> bytes:
    out = io.BytesIO()
    open_stream(io.BytesIO(blob), out, passphrase)
    return out.getvalue()


def _write_atomically(target: Path, write) -> None:
    """Write through `<target>.part`, flush to disk, then rename, so a crash or a full disk
    leaves either the old state or the whole new file, never half of one."""
    part = target.with_name(target.name + ".part")
    try:
        with open(part, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(part, target)
    except BaseException:
        part.unlink(missing_ok=True)
        raise


def seal_file(source: Path, target: Path, passphrase: str) -> None:
    with open(source, "rb") as src:
        _write_atomically(Path(target), lambda out: seal_stream(src, out, passphrase))


def open_file(source: Path, target: Path, passphrase: str) -> None:
    with open(source, "rb") as src:
        _write_atomically(Path(target), lambda out: open_stream(src, out, passphrase))
