"""Kazakhstan's local time: which calendar day a moment falls on for the deadlines.

A clock starts the day after the event *in Kazakhstan*: a letter received at 01:30 local time
is received that day, though it is still the day before in UTC. Since 1 March 2024 the whole
country keeps UTC+5 all year (Asia/Almaty included).

`zoneinfo` needs the IANA database: Linux has it, Windows has it only through the `tzdata`
package. Without it, or with a database older than the 2024 change (which would still say
UTC+6 for Almaty), we use a fixed UTC+5, which is right for every date from March 2024 on.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone, tzinfo

UTC_PLUS_5 = timezone(timedelta(hours=5), "UTC+05")


def _kazakhstan_zone() -> tzinfo:
    try:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
    except ImportError:  # pragma: no cover - part of the standard library since 3.9
        return UTC_PLUS_5
    try:
        zone = ZoneInfo("Asia/Almaty")
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return UTC_PLUS_5
    if datetime(2025, 1, 1, 12, tzinfo=zone).utcoffset() != timedelta(hours=5):
        return UTC_PLUS_5  # a time-zone database from before the 2024 change
    return zone


KAZAKHSTAN: tzinfo = _kazakhstan_zone()


def local_time(moment: datetime) -> datetime:
    """`moment` (aware) in Kazakhstan's time."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime given; use an aware datetime (UTC or local zone)")
    return moment.astimezone(KAZAKHSTAN)


def local_day(moment: datetime | None) -> date | None:
    """The Kazakhstan calendar day of `moment` (None stays None)."""
    return None if moment is None else local_time(moment).date()


def day_start(day: date) -> datetime:
    """Midnight at the start of `day` in Kazakhstan, as an aware datetime."""
    return datetime(day.year, day.month, day.day, tzinfo=KAZAKHSTAN)
