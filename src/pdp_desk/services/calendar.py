"""Use case: the working-day calendar of this database (the package's data plus overrides).

Changing the override table (a new decree, the announced Kurban Ait date) changes due dates:
every change recomputes the running clocks of the open requests at once, in the same
transaction, and each date that moved is recorded in its request's timeline.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from pdp_desk.domain.calendar import (
    CalendarError,
    CalendarOverride,
    OverrideKind,
    WorkingCalendar,
    validate_overrides,
)
from pdp_desk.services import audit
from pdp_desk.store.models import CalendarOverride as OverrideRow

MAX_REASON = 300
FIRST_YEAR, LAST_YEAR = 2000, 2099


def load_calendar(session: Session) -> WorkingCalendar:
    rows = session.scalars(select(OverrideRow).order_by(OverrideRow.day)).all()
    return WorkingCalendar(
        CalendarOverride(day=row.day, kind=OverrideKind(row.kind), reason=row.reason) for row in rows)


@dataclass(frozen=True)
class OverrideView:
    id: str
    day: date
    kind: OverrideKind
    reason: str


@dataclass(frozen=True)
class CalendarChange:
    """An override added, changed or removed, and the due dates that moved with it."""

    override_id: str
    moved: list = field(default_factory=list)  # [requests.MovedDate]


def list_overrides(session: Session, year: int | None = None) -> list[OverrideView]:
    stmt = select(OverrideRow).order_by(OverrideRow.day)
    if year is not None:
        stmt = stmt.where(OverrideRow.day >= date(year, 1, 1), OverrideRow.day <= date(year, 12, 31))
    return [OverrideView(r.id, r.day, OverrideKind(r.kind), r.reason) for r in session.scalars(stmt)]


def _checked(session: Session, day: date, kind: OverrideKind | str, reason: str,
             replacing: str | None = None) -> tuple[OverrideKind, str]:
    """Validate a new or changed override against the table; raise CalendarError."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise CalendarError("override_reason_missing",
                            "Give the reason for the change (for example, the decree's number and date).")
    if len(reason) > MAX_REASON:
        raise CalendarError("override_reason_too_long", f"The reason is longer than {MAX_REASON} characters.")
    if not isinstance(day, date) or isinstance(day, datetime):
        raise CalendarError("override_day_missing", "Give the day the change is for.")
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise CalendarError("override_year_out_of_range",
                            f"The calendar covers the years {FIRST_YEAR}–{LAST_YEAR}.")
    new = CalendarOverride(day=day, kind=kind, reason=reason)  # refuses an unknown kind
    others = [CalendarOverride(r.day, r.kind, r.reason) for r in session.scalars(select(OverrideRow))
              if r.id != replacing]
    validate_overrides([*others, new])
    return new.kind, reason


def recompute_open_deadlines(session: Session, calendar: WorkingCalendar, actor: str = "",
                             now: datetime | None = None) -> list:
    """Move the running due dates of open requests to `calendar`; see
    services.requests.recompute_open_deadlines (returns [MovedDate])."""
    # Imported here: the request use cases import this module for load_calendar.
    from pdp_desk.services import requests

    return requests.recompute_open_deadlines(session, calendar, actor=actor, now=now)


def _recompute(session: Session, actor: str, now: datetime) -> list:
    session.flush()
    return recompute_open_deadlines(session, load_calendar(session), actor=actor, now=now)


def add_override(session: Session, day: date, kind: OverrideKind | str, reason: str, actor: str = "",
                 now: datetime | None = None) -> CalendarChange:
    """Add an extra day off, an extra working day or the Kurban Ait date, with its reason;
    then move the due dates of open requests. Raises CalendarError (nothing written)."""
    now = now or datetime.now(timezone.utc)
    kind, reason = _checked(session, day, kind, reason)
    row = OverrideRow(day=day, kind=kind.value, reason=reason, created_at=now, updated_at=now)
    session.add(row)
    session.flush()
    audit.record(session, "calendar.override_add", "calendar_override", [row.id],
                 {"day": day.isoformat(), "kind": kind.value}, actor=actor, at=now)
    return CalendarChange(row.id, _recompute(session, actor, now))


def update_override(session: Session, override_id: str, day: date, kind: OverrideKind | str, reason: str,
                    actor: str = "", now: datetime | None = None) -> CalendarChange:
    """Change an override (its day, kind or reason); then move the due dates of open requests."""
    now = now or datetime.now(timezone.utc)
    row = session.get(OverrideRow, override_id)
    if row is None:
        raise CalendarError("override_unknown", "This calendar change no longer exists.")
    kind, reason = _checked(session, day, kind, reason, replacing=override_id)
    old_day, old_kind = row.day, row.kind
    row.day, row.kind, row.reason, row.updated_at = day, kind.value, reason, now
    audit.record(session, "calendar.override_change", "calendar_override", [row.id],
                 {"day": day.isoformat(), "kind": kind.value, "old_day": old_day.isoformat(),
                  "old_kind": old_kind}, actor=actor, at=now)
    return CalendarChange(row.id, _recompute(session, actor, now))


def remove_override(session: Session, override_id: str, actor: str = "",
                    now: datetime | None = None) -> CalendarChange:
    """Remove an override (the package's calendar applies to that day again); then move the
    due dates of open requests."""
    now = now or datetime.now(timezone.utc)
    row = session.get(OverrideRow, override_id)
    if row is None:
        raise CalendarError("override_unknown", "This calendar change no longer exists.")
    details = {"day": row.day.isoformat(), "kind": row.kind}
    session.delete(row)
    audit.record(session, "calendar.override_remove", "calendar_override", [override_id], details,
                 actor=actor, at=now)
    return CalendarChange(override_id, _recompute(session, actor, now))
