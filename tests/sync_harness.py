"""Replicas and operations for the sync tests (reused by the hub tests): real SQLite files in a
temporary folder, real use cases, canonical dumps of the replicated tables, and a search for a
destroyed subject's marker values in every file a PC or the shared folder holds.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from pdp_desk.services import destruction as d
from pdp_desk.services import requests as rq
from pdp_desk.services.catalogue import ensure_defaults
from pdp_desk.services.consents import record_consent
from pdp_desk.services.subjects import SubjectInput, create_subject, update_subject
from pdp_desk.services.sync import sync_folder
from pdp_desk.store.database import Database, open_database
from pdp_desk.store.models import Operator, Staff, Subject
from pdp_desk.store.triggers import REPLICATED_TABLES
from pdp_desk.sync.bundle import SUFFIX, read_all
from pdp_desk.sync.capture import set_clock_offset

PASSPHRASE = "correct horse battery staple"
NOW = datetime.now(UTC).replace(microsecond=0)


@dataclass
class Replica:
    name: str
    path: Path
    db: Database
    markers: dict[str, list[str]] = field(default_factory=dict)   # subject id -> its marker values

    def close(self) -> None:
        self.db.close()


def make_replica(folder: Path, name: str, clock_offset_ms: int = 0) -> Replica:
    path = folder / f"{name}.sqlite"
    db = open_database(path)
    with db.session() as session:
        set_clock_offset(session, clock_offset_ms)
        ensure_defaults(session)
    return Replica(name, path, db)


def make_org(replica: Replica) -> tuple[str, str]:
    """An operator and a staff member (made on one replica; the others get them by sync)."""
    with replica.db.session() as session:
        op = Operator(name="ИП Турехан", iin_bin="950902401642", address="г. Алматы, ул. Абая, 10")
        session.add(op)
        session.flush()
        staff = Staff(operator_id=op.id, full_name="Сейітова Әлия", position="Менеджер")
        session.add(staff)
        session.flush()
        return op.id, staff.id


def sync(replica: Replica, folder: Path, passphrase: str = PASSPHRASE):
    return sync_folder(replica.db, folder, passphrase)


def settle(replicas: list[Replica], folder: Path, rounds: int = 6) -> int:
    """Sync every replica in turn until a whole round moves nothing; returns the rounds run."""
    for n in range(1, rounds + 1):
        moved = 0
        for replica in replicas:
            report = sync(replica, folder)
            assert not report.skipped, report.skipped
            moved += report.sent_rows + report.bundles_applied
        if moved == 0:
            return n
    raise AssertionError(f"the replicas did not settle in {rounds} rounds")


# --- operations through the real use cases --------------------------------------------------------


def marker_values(tag: str) -> tuple[str, str]:
    return f"Маркерова Zq{tag}", f"zq.marker{tag}@example.kz"


def create(replica: Replica, operator_id: str, tag: str) -> str:
    name, email = marker_values(tag)
    with replica.db.session() as session:
        subject_id = create_subject(session, SubjectInput(category="registered", full_name=name, emails=[email],
                                                          operator_id=operator_id), actor="test")
    replica.markers[subject_id] = [name, email]
    return subject_id


def live_subjects(replica: Replica) -> list[str]:
    with replica.db.read() as session:
        return list(session.scalars(select_subjects()))


def select_subjects():
    from sqlalchemy import select

    return select(Subject.id).where(Subject.status != "destroyed").order_by(Subject.id)


def edit(replica: Replica, subject_id: str, tag: str) -> None:
    name, _ = marker_values(tag)
    with replica.db.session() as session:
        update_subject(session, subject_id, full_name=name, actor="test")
    replica.markers.setdefault(subject_id, []).append(name)


def consent(replica: Replica, subject_id: str) -> None:
    with replica.db.session() as session:
        record_consent(session, subject_id, "delivery", given_at=NOW - timedelta(days=1), channel="website",
                       evidence="form-17", actor="test")


def open_request(replica: Replica, subject_id: str) -> str:
    with replica.db.session() as session:
        return rq.register_request(session, rq.NewRequest("access", "paper", NOW - timedelta(hours=1),
                                                          subject_id=subject_id), actor="test")


def request_step(replica: Replica, request_id: str) -> str | None:
    """Move a request one step along (received -> identity checked -> in progress -> answered -> closed)."""
    from pdp_desk.store.models import Request

    with replica.db.session() as session:
        request = session.get(Request, request_id)
        if request is None:
            return None
        step = {"received": rq.check_identity, "identity_checked": rq.take_into_work,
                "in_progress": rq.answer, "answered": rq.close}.get(request.state)
        if step is None:
            return request.state
        step(session, request_id, actor="test")
        return request.state


def destroy(replica: Replica, operator_id: str, staff_id: str, subject_id: str) -> bool:
    """Destroy one subject by an act (names not on the act, so no marker stays on it)."""
    with replica.db.read() as session:
        reviews = d.review(session, [subject_id])
    if not reviews or not reviews[0].destroyable:
        return False
    plan = d.DestructionPlan(reason="consent_withdrawn", subjects=[reviews[0].plan_item(keep=False)],
                             operator_id=operator_id, staff=[d.Signer(staff_id)], names_subjects=False,
                             act_date=date.today())
    d.execute(replica.db, plan, actor="test")
    return True


# --- what the replicas hold ---------------------------------------------------------------------


def dump(replica: Replica) -> dict[str, list[str]]:
    """Every replicated table, rows sorted, through a separate read-only connection."""
    connection = sqlite3.connect(f"file:{replica.path}?mode=ro", uri=True)
    try:
        out = {}
        for table in REPLICATED_TABLES:
            rows = connection.execute(f'SELECT * FROM "{table}"').fetchall()
            out[table] = sorted(repr(row) for row in rows)
        out["subject_token"] = sorted(repr(r) for r in connection.execute("SELECT * FROM subject_token"))
        return out
    finally:
        connection.close()


def byte_forms(text: str) -> list[bytes]:
    return [text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-16-be")]


def files_holding(paths: list[Path], folder: Path | None, values: list[str],
                  passphrase: str = PASSPHRASE) -> list[str]:
    """Which of these database files (with their -wal/-shm) and bundles (opened with the
    passphrase) hold any of `values` in their raw bytes."""
    found = []
    files = []
    for path in paths:
        files += [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
    for path in files:
        if path.exists():
            data = path.read_bytes()
            if any(form in data for v in values for form in byte_forms(v)):
                found.append(path.name)
    if folder is not None:
        for bundle in sorted(folder.rglob(f"*{SUFFIX}")):
            _, rows = read_all(bundle, passphrase)
            text = json.dumps([(r.values, r.row_id) for r in rows], ensure_ascii=False, default=repr)
            if any(v in text for v in values):
                found.append(str(bundle.relative_to(folder)))
            raw = bundle.read_bytes()
            if any(form in raw for v in values for form in byte_forms(v)):
                found.append(f"{bundle.name} (raw)")
    return found
