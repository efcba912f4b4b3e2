"""Shared helpers of the destruction tests: an operator with staff, subjects full of marker
values, plans, and a snapshot of every table to compare before and after."""
from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from pdp_desk.domain.catalogue import PURPOSES
from pdp_desk.services import destruction as d
from pdp_desk.services.catalogue import ensure_defaults
from pdp_desk.services.subjects import SubjectInput, create_subject
from pdp_desk.store.models import (
    Attachment,
    Consent,
    ConsentEvent,
    DestructionQueue,
    Operator,
    Order,
    Processor,
    Request,
    RequestEvent,
    Staff,
)

NOW = datetime(2026, 3, 16, 6, 30, tzinfo=timezone.utc)
TODAY = date(2026, 3, 16)


@dataclass
class Org:
    operator_id: str
    other_operator_id: str
    staff_id: str
    staff2_id: str


def make_org(db) -> Org:
    with db.session() as session:
        ensure_defaults(session)
        op = Operator(name="ИП Турехан", iin_bin="950902401642", address="г. Алматы, ул. Абая, 10")
        other = Operator(name="ИП Алимкулова", iin_bin="830203499031", address="г. Алматы, пр. Достык, 43")
        session.add_all([op, other])
        session.flush()
        session.add(Processor(operator_id=op.id, name="ТОО «Доставка & Ко»", iin_bin="123456789012",
                              address="г. Астана"))
        s1 = Staff(operator_id=op.id, full_name="Сейітова Әлия Нұрланқызы", position="Менеджер")
        s2 = Staff(operator_id=op.id, full_name="Иванов Иван Иванович", position="Администратор")
        session.add_all([s1, s2])
        session.flush()
        return Org(op.id, other.id, s1.id, s2.id)


def markers(tag: str) -> dict[str, str]:
    """Unique values for one subject; `tag` makes them unique across subjects of a test."""
    return {
        "name": f"Маркерова Әйгерім Zq{tag}ұлы",
        "phone": f"+7701777{tag:0>4}"[:12],
        "email": f"zq.marker{tag}@example.kz",
        "address": f"ул. Маркерная Zq{tag}, кв. 93",
        "items": f"Латте Zq{tag}-маркер x2",
        "request": f"Прошу удалить мои данные Zq{tag}-текст обращения",
        "reply_to": f"zq.reply{tag}@example.kz",
        "event_note": f"Zq{tag}-заметка события",
        "attachment": f"ZQ{tag}-ATTACHMENT-BYTES-скан письма",
        "filename": f"zq{tag}-letter.pdf",
        "evidence": f"zq{tag}-evidence-form-7731",
        "event_evidence": f"zq{tag}-event-evidence-5512",
        "note": f"Zq{tag}-примечание",
    }


def make_subject(db, org: Org, tag: str = "0001", *, operator_id: str | None = None, name: str | None = None,
                 iin: str = "", orders: int = 1) -> str:
    m = markers(tag)
    with db.session() as session:
        subject_id = create_subject(session, SubjectInput(
            category="registered", full_name=name if name is not None else m["name"], iin=iin,
            phones=[m["phone"]], emails=[m["email"]], addresses=[("Алматы", m["address"])],
            operator_id=operator_id or org.operator_id, note=m["note"]), actor="test", now=NOW - timedelta(days=30))
        purpose = PURPOSES[2]
        at = NOW - timedelta(days=20)
        for k in range(orders):
            session.add(Order(subject_id=subject_id, operator_id=operator_id or org.operator_id,
                              external_no=f"WEB-{tag}-{k}", placed_at=at - timedelta(days=k), amount_tiyn=250000 + k,
                              items=m["items"]))
        consent = Consent(subject_id=subject_id, purpose_id=purpose.fixed_id, given_at=at, evidence=m["evidence"],
                          state="withdrawn", withdrawn_at=NOW - timedelta(days=5), data_categories=["full_name"])
        session.add(consent)
        session.flush()
        session.add(ConsentEvent(subject_id=subject_id, consent_id=consent.id, kind="given", at=at,
                                 evidence=m["event_evidence"]))
        request = Request(subject_id=subject_id, type="consent_withdrawal", channel="paper",
                          received_at=NOW - timedelta(days=5), text=m["request"], reply_to=m["reply_to"])
        session.add(request)
        session.flush()
        session.add(RequestEvent(subject_id=subject_id, request_id=request.id, at=NOW - timedelta(days=5),
                                 kind="note", note=m["event_note"]))
        content = m["attachment"].encode("utf-8")
        session.add(Attachment(subject_id=subject_id, owner_table="request", owner_id=request.id,
                               filename=m["filename"], size=len(content),
                               sha256=hashlib.sha256(content).hexdigest(), content=content))
        session.add(DestructionQueue(subject_id=subject_id, reason_code="consent_withdrawn", request_id=request.id,
                                     queued_at=NOW - timedelta(days=4)))
        return subject_id


def plan_for(db, org: Org, subject_ids, **options) -> d.DestructionPlan:
    with db.read() as session:
        reviews = d.review(session, subject_ids)
    keep = options.pop("keep", False)
    return d.DestructionPlan(
        reason=options.pop("reason", "consent_withdrawn"),
        subjects=[r.plan_item(keep=keep) for r in reviews],
        operator_id=options.pop("operator_id", org.operator_id),
        staff=options.pop("staff", [d.Signer(org.staff_id), d.Signer(org.staff2_id)]),
        information_system=options.pop("information_system", "PDP Desk / сайт кофейни"),
        act_date=options.pop("act_date", TODAY), **options)


def snapshot(path: Path) -> dict[str, tuple[int, str]]:
    """Every table: (row count, SHA-256 of its rows sorted), read through a separate connection."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        out = {}
        for table in tables:
            rows = sorted(repr(row) for row in connection.execute(f'SELECT * FROM "{table}"'))
            out[table] = (len(rows), hashlib.sha256("\n".join(rows).encode("utf-8")).hexdigest())
        return out
    finally:
        connection.close()


def byte_forms(text: str) -> list[bytes]:
    return [text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-16-be")]


def files_holding(folder: Path, needle_text: str) -> list[str]:
    """Files under `folder` (any depth) whose raw bytes hold `needle_text` in UTF-8 or UTF-16."""
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if any(form in data for form in byte_forms(needle_text)):
                found.append(path.name)
    return found
