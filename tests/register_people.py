"""Shared data of the register, consent, retention and export tests (not a test module)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from pdp_desk.services.catalogue import ensure_defaults
from pdp_desk.store.models import Operator

KZ = timezone(timedelta(hours=5))
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=KZ)


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    """A moment in Kazakhstan time."""
    return datetime(year, month, day, hour, minute, tzinfo=KZ)


def seed_catalogue(db) -> dict[str, str]:
    """The policy's catalogue and two operators; returns {"op1": id, "op2": id}."""
    with db.session() as session:
        ensure_defaults(session)
        first = Operator(name="ИП Турехан", iin_bin="950902401642", address="г. Алматы, пр. Абая, 1")
        second = Operator(name="ИП Алимкулова", iin_bin="830203499031", address="г. Алматы, ул. Толе би, 2")
        session.add_all([first, second])
        session.flush()
        return {"op1": first.id, "op2": second.id}
