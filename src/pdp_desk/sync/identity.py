"""Who this PC is to the others: device id, name, short code; the PCs it has seen.

* The device id (UUIDv7) and code are made when the database is first opened
  (store.database); the name is made on first use (the computer's name) and can be changed.
* A cloned database (a copy of another PC's file, or a backup restored over this one) still has
  the other's device id: a transport that sees bundles or pushes it did not make under this id
  calls `reidentify`, which takes a new id and code. Old clocks stay valid (they simply belong
  to "another device"), and the journal starts a new chain under the new id.
* Human numbers carry the code; when a known peer has the same code, the PC with the greater
  device id takes a new one (`ensure_unique_code`).
"""
from __future__ import annotations

import socket
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from pdp_desk.domain.ids import new_id
from pdp_desk.store.database import device_code_for
from pdp_desk.store.models import LocalState, SyncPeer

MAX_NAME = 100


@dataclass(frozen=True)
class Device:
    id: str
    code: str
    name: str


def _state(session: Session, key: str) -> LocalState | None:
    return session.get(LocalState, key)


def _put(session: Session, key: str, value: str) -> None:
    row = _state(session, key)
    if row is None:
        session.add(LocalState(key=key, value=value))
    else:
        row.value = value
    session.flush()


def default_name(code: str) -> str:
    try:
        host = socket.gethostname().split(".")[0].strip()
    except OSError:
        host = ""
    return (host or f"PC-{code}")[:MAX_NAME]


def this_device(session: Session) -> Device:
    """This PC's identity; the name is made on first use."""
    device = _state(session, "device_id")
    code = _state(session, "device_code")
    if device is None or code is None:
        raise RuntimeError("this database has no device id yet (open it with open_database)")
    name = _state(session, "device_name")
    if name is None:
        _put(session, "device_name", default_name(code.value))
        name = _state(session, "device_name")
    return Device(device.value, code.value, name.value)


def set_device_name(session: Session, name: str) -> str:
    """Rename this PC (shown to the others); returns the name kept."""
    name = " ".join((name or "").split())[:MAX_NAME]
    if not name:
        raise ValueError("The PC's name cannot be empty.")
    _put(session, "device_name", name)
    return name


def record_peer(session: Session, device_id: str, name: str = "", code: str = "",
                seen_at: datetime | None = None) -> SyncPeer:
    peer = session.get(SyncPeer, device_id)
    if peer is None:
        peer = SyncPeer(device_id=device_id, name="", code="", applied_seq=0, last_bundle="")
        session.add(peer)
    if name:
        peer.name = name[:MAX_NAME]
    if code:
        peer.code = code[:8]
    peer.last_seen_at = seen_at or datetime.now(UTC)
    session.flush()
    return peer


def peers(session: Session) -> list[SyncPeer]:
    return list(session.scalars(select(SyncPeer).order_by(SyncPeer.name, SyncPeer.device_id)))


def _free_code(session: Session, taken: set[str]) -> tuple[str, str]:
    for _ in range(1000):
        device_id = new_id()
        code = device_code_for(device_id)
        if code not in taken:
            return device_id, code
    raise RuntimeError("no free PC code found")  # 32,768 codes for at most a few dozen PCs


def reidentify(session: Session) -> Device:
    """Give this database a new device id and code (it was found to be a clone)."""
    old = this_device(session)
    taken = {p.code for p in peers(session)} | {old.code}
    device_id, code = _free_code(session, taken)
    _put(session, "device_id", device_id)
    _put(session, "device_code", code)
    _put(session, "previous_device_id", old.id)
    return Device(device_id, code, old.name)


def ensure_unique_code(session: Session) -> str | None:
    """Take a new code when a known peer has ours and its device id is smaller; returns the new
    code, or None when ours is unique (or the peer is the one to change)."""
    me = this_device(session)
    clash = [p for p in peers(session) if p.code == me.code and p.device_id != me.id]
    if not clash or all(p.device_id > me.id for p in clash):
        return None
    taken = {p.code for p in peers(session)} | {me.code}
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    for _ in range(1000):
        _, code = _free_code(session, taken)
        if code not in taken and all(ch in alphabet for ch in code):
            _put(session, "device_code", code)
            return code
    return None
