"""Reads for the inbox's table that inbox_page leaves out: every clock of a page of requests at
once (colour of each due cell, how its date was counted), and request numbers by id.

A fixed number of queries for a whole page, never one per row: the table fetches a page's clocks
when it fetches the page, and painting reads only memory.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from pdp_desk.domain.calendar import WorkingCalendar
from pdp_desk.services.requests import ClockView, action_kinds, load_terms, request_clocks
from pdp_desk.store.models import Request, RequestEvent

CHUNK = 500   # ids per IN (...): well under SQLite's limit of bound parameters


def _chunks(ids: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def clocks_for(session: Session, request_ids: Iterable[str], calendar: WorkingCalendar, today: date,
               language: str = "ru") -> dict[str, list[ClockView]]:
    """request id -> its clocks (answer first), as the detail view shows them."""
    ids = list(dict.fromkeys(request_ids))
    if not ids:
        return {}
    requests: dict[str, Request] = {}
    done: dict[str, datetime] = {}
    for part in _chunks(ids):
        requests.update((r.id, r) for r in session.scalars(select(Request).where(Request.id.in_(part))))
        for request_id, kind, at in session.execute(
                select(RequestEvent.request_id, RequestEvent.kind, RequestEvent.at)
                .where(RequestEvent.request_id.in_(part)).order_by(RequestEvent.at)):
            if kind in action_kinds(requests[request_id].type):
                done.setdefault(request_id, at)
    terms = load_terms(session)
    return {rid: request_clocks(r, calendar, today, language, terms=terms, action_done_at=done.get(rid))
            for rid, r in requests.items()}


def request_numbers(session: Session, request_ids: Iterable[str]) -> dict[str, str]:
    """request id -> its number ("2026-7KQ-0014"), for telling which requests a change touched."""
    ids = list(dict.fromkeys(request_ids))
    out: dict[str, str] = {}
    for part in _chunks(ids):
        out.update(session.execute(select(Request.id, Request.number).where(Request.id.in_(part))).all())
    return {k: v or "" for k, v in out.items()}
