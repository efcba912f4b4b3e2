"""Use case: the working-day calendar of this database (the package's data plus overrides)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from pdp_desk.domain.calendar import CalendarOverride, OverrideKind, WorkingCalendar
from pdp_desk.store.models import CalendarOverride as OverrideRow


def load_calendar(session: Session) -> WorkingCalendar:
    rows = session.scalars(select(OverrideRow).order_by(OverrideRow.day)).all()
    return WorkingCalendar(
        CalendarOverride(day=row.day, kind=OverrideKind(row.kind), reason=row.reason) for row in rows)
