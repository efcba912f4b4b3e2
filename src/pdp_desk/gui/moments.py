"""Today and moments as a shop in Kazakhstan sees them, whatever the PC's own time zone.

Deadlines count Kazakhstan calendar days (domain.localtime): "today" and the received time shown
in the inbox are Kazakhstan's, so a PC set to another zone still shows the right day.
"""
from __future__ import annotations

from datetime import date, datetime, timezone

from pdp_desk.domain.localtime import KAZAKHSTAN, local_day, local_time


def today() -> date:
    return local_day(datetime.now(timezone.utc))


def now() -> datetime:
    """Now, aware, in Kazakhstan's zone (what a form shows as the default received time)."""
    return datetime.now(KAZAKHSTAN)


def format_moment(moment: datetime | None) -> str:
    """dd.mm.yyyy HH:MM in Kazakhstan's time; empty for None."""
    if moment is None:
        return ""
    if moment.tzinfo is None:  # the store gives aware UTC; be lenient with anything else
        moment = moment.replace(tzinfo=timezone.utc)
    return local_time(moment).strftime("%d.%m.%Y %H:%M")
