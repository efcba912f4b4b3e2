"""The audit journal: append-only, hash-chained, ids and codes only.

Every use case calls `record` inside its own transaction. Each PC keeps one chain (seq 1, 2, ...
per device id): entry n holds the hash of entry n-1, so editing, deleting or inserting an entry
breaks the chain at that point, and `verify` names the first broken entry. Chains from several
PCs merge by union (sync) without breaking each other.

The journal survives destruction, so it must never hold what destruction removes: `details`
accepts only numbers, booleans and short code-like strings (ids, dates, enum codes). A name,
a phone number or an e-mail address is refused with `PersonalValueInJournal`.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pdp_desk.domain.ids import new_id
from pdp_desk.store.models import AuditEntry, LocalState

GENESIS = "0" * 64
_CODE_LIKE = re.compile(r"^[A-Za-z0-9_.:\-]{0,64}$")


class PersonalValueInJournal(ValueError):
    """A detail that looks like a personal value (spaces, @, +, long text) was given."""


def _check_value(key: str, value: object) -> None:
    if value is None or isinstance(value, (bool, int, float)):
        return
    if isinstance(value, str) and _CODE_LIKE.match(value):
        return
    if isinstance(value, (list, tuple)):
        for item in value:
            _check_value(key, item)
        return
    raise PersonalValueInJournal(
        f"audit detail {key!r} must be an id, code, number or date, not free text")


def entry_hash(fields: dict) -> str:
    canonical = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _hashed_fields(entry: AuditEntry) -> dict:
    return {
        "id": entry.id, "device_id": entry.device_id, "seq": entry.seq, "at": entry.at,
        "actor": entry.actor, "action": entry.action, "entity": entry.entity,
        "entity_ids": list(entry.entity_ids or []), "details": dict(entry.details or {}),
        "prev_hash": entry.prev_hash,
    }


def _device_id(session: Session) -> str:
    device = session.get(LocalState, "device_id")
    if device is None:
        raise RuntimeError("this database has no device id yet (open it with open_database)")
    return device.value


def record(session: Session, action: str, entity: str = "", ids: Iterable[str] = (),
           details: dict | None = None, actor: str = "", at: datetime | None = None) -> AuditEntry:
    """Append one entry to this PC's chain, in the caller's transaction.

    `action`: a code such as "subject.create"; `ids`: the rows concerned; `actor`: the staff id
    or "system"; `details`: codes and counts only (checked).
    """
    details = dict(details or {})
    for key, value in details.items():
        _check_value(key, value)
    ids = [str(i) for i in ids]
    for item in ids:
        _check_value("ids", item)
    _check_value("action", action)
    _check_value("actor", actor)
    device_id = _device_id(session)
    last = session.execute(
        select(AuditEntry.seq, AuditEntry.hash)
        .where(AuditEntry.device_id == device_id)
        .order_by(AuditEntry.seq.desc()).limit(1)
    ).first()
    seq, prev_hash = (last.seq + 1, last.hash) if last else (1, GENESIS)
    moment = (at or datetime.now(timezone.utc)).astimezone(timezone.utc)
    entry = AuditEntry(
        id=new_id(), device_id=device_id, seq=seq,
        at=moment.isoformat(timespec="microseconds"), actor=actor, action=action,
        entity=entity, entity_ids=ids, details=details, prev_hash=prev_hash,
    )
    entry.hash = entry_hash(_hashed_fields(entry))
    session.add(entry)
    session.flush()
    return entry


@dataclass(frozen=True)
class Break:
    """The first entry where a chain does not hold, and why."""

    device_id: str
    seq: int
    entry_id: str
    reason: str

    def describe(self) -> str:
        return f"entry {self.entry_id} (device {self.device_id}, no. {self.seq}): {self.reason}"


@dataclass(frozen=True)
class Verification:
    entries: int
    chains: int
    first_break: Break | None

    @property
    def ok(self) -> bool:
        return self.first_break is None


def verify(session: Session, batch: int = 5000) -> Verification:
    """Walk every chain in order; report the first entry whose hash or link does not hold."""
    devices = session.scalars(select(AuditEntry.device_id).distinct().order_by(AuditEntry.device_id)).all()
    total = 0
    for device_id in devices:
        expected_seq, prev_hash, last_id = 1, GENESIS, ""
        query = (select(AuditEntry).where(AuditEntry.device_id == device_id)
                 .order_by(AuditEntry.seq).execution_options(yield_per=batch))
        for entry in session.scalars(query):
            total += 1
            if entry.seq != expected_seq:
                return Verification(total, len(devices), Break(
                    device_id, expected_seq, last_id or entry.id,
                    f"entry no. {expected_seq} is missing (next present is no. {entry.seq})"))
            if entry.prev_hash != prev_hash:
                return Verification(total, len(devices), Break(
                    device_id, entry.seq, entry.id, "does not link to the entry before it"))
            if entry_hash(_hashed_fields(entry)) != entry.hash:
                return Verification(total, len(devices), Break(
                    device_id, entry.seq, entry.id, "its content was changed after it was written"))
            expected_seq, prev_hash, last_id = entry.seq + 1, entry.hash, entry.id
            session.expunge(entry)
    return Verification(total, len(devices), None)


def count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(AuditEntry)) or 0
