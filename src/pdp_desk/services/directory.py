"""Use cases: the short lists the forms choose from (operators, staff), as plain values.

Plain frozen dataclasses, not ORM rows, so a dialog can keep them after its session is gone.
Both lists are small (a few operators, a few dozen staff): read whole, sorted by name.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from pdp_desk.domain.search import fold
from pdp_desk.store.models import Operator, Staff


@dataclass(frozen=True)
class OperatorItem:
    id: str
    name: str
    iin_bin: str
    active: bool


@dataclass(frozen=True)
class StaffItem:
    id: str
    full_name: str
    position: str
    operator_id: str | None
    active: bool


def operators(session: Session, *, active_only: bool = False) -> list[OperatorItem]:
    stmt = select(Operator)
    if active_only:
        stmt = stmt.where(Operator.active.is_(True))
    rows = [OperatorItem(o.id, o.name, o.iin_bin or "", bool(o.active)) for o in session.scalars(stmt)]
    return sorted(rows, key=lambda o: fold(o.name))


def staff(session: Session, *, active_only: bool = False) -> list[StaffItem]:
    stmt = select(Staff)
    if active_only:
        stmt = stmt.where(Staff.active.is_(True))
    rows = [StaffItem(s.id, s.full_name, s.position or "", s.operator_id, bool(s.active))
            for s in session.scalars(stmt)]
    return sorted(rows, key=lambda s: fold(s.full_name))
