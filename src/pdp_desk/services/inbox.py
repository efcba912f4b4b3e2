"""Reading the inbox: pages of requests sorted by the nearest due date, the morning figures,
the inspector's journal. Read-only: call inside `db.read()`.

Paging is by keyset on (next_due, id), never OFFSET: a page costs the same at the end of the
list as at its start, and rows added meanwhile do not shift what the next page shows. Requests
with no running clock (next_due NULL: answered and waiting to be closed, or waiting for their
documents) come last. Each page is ONE query that joins the subject's, operator's and staff
member's names: no query per row painted.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, literal, or_, select, union_all
from sqlalchemy.orm import Session

from pdp_desk.domain.calendar import WorkingCalendar
from pdp_desk.domain.deadlines import DUE_SOON_WORKING_DAYS
from pdp_desk.domain.localtime import day_start, local_time
from pdp_desk.services.calendar import load_calendar
from pdp_desk.services.requests import (
    ClockState,
    ClockView,
    action_kinds,
    load_terms,
    request_clocks,
)
from pdp_desk.store.models import Operator, Request, RequestEvent, Staff, Subject

MAX_LIMIT = 1000


@dataclass(frozen=True)
class InboxFilter:
    types: tuple[str, ...] = ()
    states: tuple[str, ...] = ()
    operator_id: str | None = None
    responsible_staff_id: str | None = None
    overdue_only: bool = False
    open_only: bool = True
    text: str = ""                   # a part of the request's number ("0014", "2026-7KQ")
    due_until: date | None = None    # next due date on or before this day (late ones included)


@dataclass(frozen=True)
class InboxCursor:
    """Where the next page starts: after this (next_due, id)."""

    next_due: date | None
    id: str


@dataclass(frozen=True)
class InboxRow:
    id: str
    number: str
    type: str
    state: str
    channel: str
    received_at: datetime            # Kazakhstan time
    next_due: date | None
    answer_due: date | None
    action_due: date | None
    is_open: bool
    subject_id: str
    subject_name: str
    subject_blocked: bool
    operator_name: str
    staff_name: str
    days_left: int | None            # working days to next_due (negative: late); None: no clock runs
    status: ClockState | None        # of next_due; None when no clock runs


@dataclass(frozen=True)
class InboxPage:
    rows: list[InboxRow]
    next_cursor: InboxCursor | None  # None: this was the last page


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _conditions(f: InboxFilter, today: date) -> list:
    conds = []
    if f.open_only:
        conds.append(Request.is_open.is_(True))
    if f.types:
        conds.append(Request.type.in_([str(t) for t in f.types]))
    if f.states:
        conds.append(Request.state.in_([str(s) for s in f.states]))
    if f.operator_id:
        conds.append(Request.operator_id == f.operator_id)
    if f.responsible_staff_id:
        conds.append(Request.responsible_staff_id == f.responsible_staff_id)
    if f.overdue_only:
        conds.append(Request.next_due < today)
    if f.due_until is not None:
        conds.append(Request.next_due <= f.due_until)
    text = (f.text or "").strip()[:40]
    if text:
        conds.append(Request.number.like(f"%{_escape_like(text)}%", escape="\\"))
    return conds


_COLUMNS = (Request.id, Request.number, Request.type, Request.state, Request.channel, Request.received_at,
            Request.next_due, Request.answer_due, Request.action_due, Request.is_open, Request.subject_id,
            Subject.full_name.label("subject_name"), Subject.status.label("subject_status"),
            Operator.name.label("operator_name"), Staff.full_name.label("staff_name"))


def page_statement(f: InboxFilter, today: date, after: InboxCursor | None = None, limit: int = 100):
    """The one SELECT of a page (exposed for EXPLAIN QUERY PLAN in the benchmark).

    The page's keys are chosen on the request table alone (the index (is_open, next_due) gives
    the order), and the names are joined to those rows only: joining before the sort would
    look up a subject for every row of a due date, or every undated request.
    """
    conds = _conditions(f, today)
    parts = []
    if after is None or after.next_due is not None:
        dated = select(Request.id, Request.next_due, literal(0).label("grp")).where(
            *conds, Request.next_due.is_not(None))
        if after is not None:
            # written so the range on next_due can use the index (is_open, next_due)
            dated = dated.where(Request.next_due >= after.next_due,
                                or_(Request.next_due > after.next_due, Request.id > after.id))
        parts.append(dated.order_by(Request.next_due, Request.id).limit(limit + 1))
    if not (f.overdue_only or f.due_until is not None):  # those need a due date
        undated = select(Request.id, Request.next_due, literal(1).label("grp")).where(
            *conds, Request.next_due.is_(None))
        if after is not None and after.next_due is None:
            undated = undated.where(Request.id > after.id)
        parts.append(undated.order_by(Request.id).limit(limit + 1))
    if len(parts) == 1:
        keys = parts[0].subquery("page_keys")
    else:
        keys = union_all(*(select(p.subquery()) for p in parts)).subquery("page_keys")
    return (select(*_COLUMNS).select_from(keys)
            .join(Request, Request.id == keys.c.id)
            .outerjoin(Subject, Subject.id == Request.subject_id)
            .outerjoin(Operator, Operator.id == Request.operator_id)
            .outerjoin(Staff, Staff.id == Request.responsible_staff_id)
            .order_by(keys.c.grp, keys.c.next_due, keys.c.id).limit(limit + 1))


def _status(next_due: date | None, is_open: bool, today: date, calendar: WorkingCalendar
            ) -> tuple[int | None, ClockState | None]:
    if next_due is None or not is_open:
        return None, None
    left = calendar.working_days_left(today, next_due)
    if today > next_due:
        return left, ClockState.OVERDUE
    if today == next_due:
        return 0, ClockState.DUE_TODAY
    return left, ClockState.DUE_SOON if left <= DUE_SOON_WORKING_DAYS else ClockState.ON_TRACK


def inbox_page(session: Session, filter: InboxFilter, today: date, after: InboxCursor | None = None,
               limit: int = 100, calendar: WorkingCalendar | None = None) -> InboxPage:
    """One page of the inbox sorted by the nearest due date (then id); pass the page's
    `next_cursor` as `after` for the next one. `calendar` (for days left) is loaded if not given."""
    limit = max(1, min(int(limit), MAX_LIMIT))
    calendar = calendar if calendar is not None else load_calendar(session)
    rows = session.execute(page_statement(filter, today, after, limit)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    out = []
    for r in rows:
        left, status = _status(r.next_due, r.is_open, today, calendar)
        out.append(InboxRow(r.id, r.number or "", r.type, r.state, r.channel, local_time(r.received_at),
                            r.next_due, r.answer_due, r.action_due, r.is_open, r.subject_id,
                            r.subject_name or "", r.subject_status == "blocked", r.operator_name or "",
                            r.staff_name or "", left, status))
    cursor = InboxCursor(out[-1].next_due, out[-1].id) if more and out else None
    return InboxPage(out, cursor)


def count(session: Session, filter: InboxFilter, today: date) -> int:
    """How many requests the filter shows (for "1–100 of 2,345")."""
    return session.scalar(select(func.count()).select_from(Request).where(*_conditions(filter, today))) or 0


# --- the morning view ------------------------------------------------------------------------


@dataclass(frozen=True)
class MorningSummary:
    due_today: int
    overdue: int
    due_soon: int                    # due within the next 2 working days (after today)
    soon_until: date                 # the last day counted as "soon"

    @property
    def anything(self) -> bool:
        return bool(self.due_today or self.overdue or self.due_soon)


def morning_summary(session: Session, today: date, calendar: WorkingCalendar) -> MorningSummary:
    """What is late, due today and due soon: three counts on the index (is_open, next_due)."""
    soon_until = calendar.add_working_days(today, DUE_SOON_WORKING_DAYS).due
    base = select(func.count()).select_from(Request).where(Request.is_open.is_(True))
    return MorningSummary(
        due_today=session.scalar(base.where(Request.next_due == today)) or 0,
        overdue=session.scalar(base.where(Request.next_due < today)) or 0,
        due_soon=session.scalar(base.where(Request.next_due > today, Request.next_due <= soon_until)) or 0,
        soon_until=soon_until)


# --- the journal of requests (for an inspector) ----------------------------------------------


@dataclass(frozen=True)
class JournalRow:
    id: str
    number: str
    received_at: datetime            # Kazakhstan time
    type: str
    channel: str
    requester_kind: str
    subject_name: str
    answer_due: date | None
    action_due: date | None
    answered_at: datetime | None     # Kazakhstan time (answer or refusal)
    closed_at: datetime | None
    outcome: str
    refusal_reason: str
    state: str

    @property
    def answered_late(self) -> bool | None:
        """Answered after the answer clock's due date (None: not answered or no answer clock)."""
        if self.answered_at is None or self.answer_due is None:
            return None
        return self.answered_at.date() > self.answer_due


def request_journal(session: Session, start: date, end: date) -> list[JournalRow]:
    """Every request received from `start` to `end` (Kazakhstan days, both included), in order
    of receipt: one query on the index of received_at."""
    rows = session.execute(
        select(Request.id, Request.number, Request.received_at, Request.type, Request.channel,
               Request.requester_kind, Subject.full_name, Request.answer_due, Request.action_due,
               Request.answered_at, Request.closed_at, Request.outcome, Request.refusal_reason, Request.state)
        .outerjoin(Subject, Subject.id == Request.subject_id)
        .where(Request.received_at >= day_start(start), Request.received_at < day_start(end + timedelta(days=1)))
        .order_by(Request.received_at, Request.number)).all()
    return [JournalRow(r.id, r.number or "", local_time(r.received_at), r.type, r.channel, r.requester_kind,
                       r.full_name or "", r.answer_due, r.action_due,
                       local_time(r.answered_at) if r.answered_at else None,
                       local_time(r.closed_at) if r.closed_at else None, r.outcome, r.refusal_reason, r.state)
            for r in rows]


# --- the scheduled morning check (pdp-desk requests due) -------------------------------------


@dataclass(frozen=True)
class DueItem:
    id: str
    number: str
    type: str
    state: str
    due: date
    days_left: int
    status: ClockState
    clocks: list[ClockView] = field(default_factory=list)


def requests_due(session: Session, today: date, calendar: WorkingCalendar, within: int = 0,
                 language: str = "en", with_clocks: bool = False) -> list[DueItem]:
    """Open requests due within `within` working days (0: today), late ones included, nearest
    first. `with_clocks` adds each request's clocks (two more queries in all, not per row)."""
    until = today if within <= 0 else calendar.add_working_days(today, within).due
    f = InboxFilter(due_until=until)
    rows: list[InboxRow] = []
    cursor = None
    while True:
        page = inbox_page(session, f, today, cursor, limit=MAX_LIMIT, calendar=calendar)
        rows.extend(page.rows)
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    clocks: dict[str, list[ClockView]] = {}
    if with_clocks and rows:
        ids = [r.id for r in rows]
        requests = {r.id: r for r in session.scalars(select(Request).where(Request.id.in_(ids)))}
        done: dict[str, datetime] = {}
        for rid, kind, at in session.execute(
                select(RequestEvent.request_id, RequestEvent.kind, RequestEvent.at)
                .where(RequestEvent.request_id.in_(ids)).order_by(RequestEvent.at)):
            if kind in action_kinds(requests[rid].type):
                done.setdefault(rid, at)
        terms = load_terms(session)
        clocks = {rid: request_clocks(r, calendar, today, language, terms=terms, action_done_at=done.get(rid))
                  for rid, r in requests.items()}
    return [DueItem(r.id, r.number, r.type, r.state, r.next_due, r.days_left, r.status, clocks.get(r.id, []))
            for r in rows]
