"""The optional password that opens PDP Desk on this PC, and the idle time after which it locks.

Kept in `local_state` (this PC's own rows, never synced): the password only as a salted scrypt
hash, never in clear. Setting, changing and removing it are use cases (one transaction, an audit
entry); checking it reads only. A shared PC is the threat: a colleague at the desk while the
manager is away, not an attacker with the file (the file is not encrypted by this password).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy.orm import Session

from pdp_desk.services import audit
from pdp_desk.store.local_state import read_local, write_local
from pdp_desk.store.models import LocalState

HASH_KEY = "app_password.hash"
IDLE_KEY = "app_password.idle_minutes"
DEFAULT_IDLE_MINUTES = 10
MIN_IDLE, MAX_IDLE = 1, 240
MIN_LENGTH, MAX_LENGTH = 4, 128
# scrypt at n=2^14, r=8: ~50 ms and 16 MB per try on a shop PC; a guesser gets ~20 tries a second.
N, R, P = 2**14, 8, 1


class AppPasswordError(ValueError):
    """A refused change: `code` picks the translated text (gui.settings_security)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class LockSettings:
    password_set: bool
    idle_minutes: int


def _hash(password: str, salt: bytes, n: int = N, r: int = R, p: int = P) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024,
                          dklen=32)


def _encode(password: str) -> str:
    salt = secrets.token_bytes(16)
    b64 = base64.b64encode
    return f"scrypt${N}${R}${P}${b64(salt).decode()}${b64(_hash(password, salt)).decode()}"


def _matches(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = _hash(password, base64.b64decode(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):   # a damaged row opens nothing
        return False
    return hmac.compare_digest(actual, expected)


def settings(session: Session) -> LockSettings:
    try:
        minutes = int(read_local(session, IDLE_KEY) or DEFAULT_IDLE_MINUTES)
    except ValueError:
        minutes = DEFAULT_IDLE_MINUTES
    return LockSettings(password_set=bool(read_local(session, HASH_KEY)),
                        idle_minutes=min(MAX_IDLE, max(MIN_IDLE, minutes)))


def check(session: Session, password: str) -> bool:
    """Whether `password` opens the app (True when no password is set)."""
    stored = read_local(session, HASH_KEY)
    if not stored:
        return True
    return _matches(password, stored)


def _validate(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise AppPasswordError("too_short", f"The password must have at least {MIN_LENGTH} characters.")
    if len(password) > MAX_LENGTH:
        raise AppPasswordError("too_long", f"The password may have at most {MAX_LENGTH} characters.")
    if password != password.strip():
        raise AppPasswordError("spaces", "The password may not start or end with a space.")


def set_password(session: Session, new: str, current: str = "", actor: str = "") -> None:
    """Set the password, or change it (then `current` must be the password in force)."""
    stored = read_local(session, HASH_KEY)
    if stored and not _matches(current, stored):
        raise AppPasswordError("wrong_password", "The current password is not right.")
    _validate(new)
    write_local(session, HASH_KEY, _encode(new))
    audit.record(session, "app_password.changed" if stored else "app_password.set", "local_state",
                 actor=actor)


def remove_password(session: Session, current: str, actor: str = "") -> None:
    stored = read_local(session, HASH_KEY)
    if not stored:
        raise AppPasswordError("not_set", "No password is set.")
    if not _matches(current, stored):
        raise AppPasswordError("wrong_password", "The current password is not right.")
    session.delete(session.get(LocalState, HASH_KEY))
    audit.record(session, "app_password.removed", "local_state", actor=actor)


def reset_password(session: Session, actor: str = "cli") -> bool:
    """Remove a forgotten password without knowing it (the `pdp-desk password-reset` command, for
    whoever looks after the PC). Journaled. False when none was set."""
    row = session.get(LocalState, HASH_KEY)
    if row is None:
        return False
    session.delete(row)
    audit.record(session, "app_password.reset", "local_state", actor=actor)
    return True


def set_idle_minutes(session: Session, minutes: int, actor: str = "") -> None:
    if not isinstance(minutes, int) or not MIN_IDLE <= minutes <= MAX_IDLE:
        raise AppPasswordError("idle_out_of_range",
                               f"The idle time must be {MIN_IDLE} to {MAX_IDLE} minutes.")
    write_local(session, IDLE_KEY, str(minutes))
    audit.record(session, "app_password.idle_minutes", "local_state", details={"minutes": minutes},
                 actor=actor)
