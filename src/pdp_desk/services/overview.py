"""Use case: the figures the status bar and the morning view show."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pdp_desk.store.models import Request, Subject


@dataclass(frozen=True)
class Overview:
    subjects: int
    blocked: int
    open_requests: int
    due_today: int
    overdue: int


def overview(session: Session, today: date) -> Overview:
    """Counts for the status bar: each one an indexed query, fast on a million subjects."""
    subjects = session.scalar(select(func.count()).select_from(Subject)
                              .where(Subject.status != "destroyed")) or 0
    blocked = session.scalar(select(func.count()).select_from(Subject)
                             .where(Subject.status == "blocked")) or 0
    open_q = select(func.count()).select_from(Request).where(Request.is_open.is_(True))
    open_requests = session.scalar(open_q) or 0
    due_today = session.scalar(open_q.where(Request.next_due == today)) or 0
    overdue = session.scalar(open_q.where(Request.next_due < today)) or 0
    return Overview(subjects, blocked, open_requests, due_today, overdue)
