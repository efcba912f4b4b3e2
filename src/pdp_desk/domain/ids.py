"""Row identities: UUIDv7 (RFC 9562) text ids made on the PC that creates the row.

Layout of the 128 bits (RFC 9562 §5.7, with the "fixed-length dedicated counter" of §6.2
method 1 in rand_a):

    unix_ts_ms (48) | ver=7 (4) | counter (12) | var=0b10 (2) | random (62)

Within one process ids are strictly increasing: a new millisecond seeds the counter with a
random value below 2048 (so there is room to count up); the same millisecond, or a clock that
went backwards, increments it; a counter overflow borrows the next millisecond.

Across PCs uniqueness rests on the 62 random bits. They come from a Mersenne Twister seeded
with 32 bytes of `os.urandom` (about 7x cheaper per id than a system call; an id is an
identity, not a secret, so it needs no cryptographic randomness, only independent streams).
"""
from __future__ import annotations

import os
import random
import threading
import time
from datetime import UTC, datetime, timedelta

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_COUNTER_MAX = 0xFFF

_lock = threading.Lock()
_rng = random.Random(os.urandom(32))
_last_ms = -1
_counter = 0


def _reset_after_fork() -> None:
    # A forked child must not replay the parent's random stream (Windows never forks; Linux may).
    global _last_ms, _counter
    _rng.seed(os.urandom(32))
    _last_ms, _counter = -1, 0


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_reset_after_fork)


class IdError(ValueError):
    """A text that is not a UUIDv7 id."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def new_id() -> str:
    """A new UUIDv7 as a lowercase 36-character string, ordered by creation in this process."""
    global _last_ms, _counter
    with _lock:
        now_ms = time.time_ns() // 1_000_000
        if now_ms > _last_ms:
            _last_ms = now_ms
            _counter = _rng.getrandbits(11)
        else:
            _counter += 1
            if _counter > _COUNTER_MAX:
                _last_ms += 1
                _counter = _rng.getrandbits(11)
        high = (_last_ms << 16) | 0x7000 | _counter
    value = (high << 64) | (0b10 << 62) | _rng.getrandbits(62)
    h = value.to_bytes(16).hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def new_ids(count: int) -> list[str]:
    """`count` new ids in creation order, cheaper per id than calling new_id() in a loop.

    For bulk work (the demo generator, imports). The clock is read once; ids beyond 4096 per
    millisecond borrow the following milliseconds, as new_id() does.
    """
    global _last_ms, _counter
    bits = _rng.getrandbits
    highs: list[int] = []
    with _lock:
        now_ms = time.time_ns() // 1_000_000
        ms, counter = _last_ms, _counter
        for _ in range(count):
            if now_ms > ms:
                ms, counter = now_ms, bits(11)
            else:
                counter += 1
                if counter > _COUNTER_MAX:
                    ms, counter = ms + 1, bits(11)
            highs.append((ms << 16) | 0x7000 | counter)
        _last_ms, _counter = ms, counter
    out: list[str] = []
    for high in highs:
        h = ((high << 64) | (0b10 << 62) | bits(62)).to_bytes(16).hex()
        out.append(f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}")
    return out


def id_timestamp(id_: str) -> datetime:
    """The creation time (UTC, millisecond precision) written into a UUIDv7 id.

    Raises IdError (code "id_malformed" or "id_not_uuid7").
    """
    text = id_.strip().lower() if isinstance(id_, str) else ""
    hex_ = text.replace("-", "")
    if (
        len(text) != 36
        or len(hex_) != 32
        or any(text[i] != "-" for i in (8, 13, 18, 23))
        or any(c not in "0123456789abcdef" for c in hex_)
    ):
        raise IdError("id_malformed", f"Not a UUID: {id_!r}")
    if hex_[12] != "7" or hex_[16] not in "89ab":
        raise IdError("id_not_uuid7", f"Not a version 7 UUID: {id_!r}")
    return _EPOCH + timedelta(milliseconds=int(hex_[:12], 16))
