"""A clock in words: how many working days are left, and how its due date was counted.

Shared by the inbox's tooltips and the detail window, so both say the same thing. The reasons of
the skipped days are taken from the calendar in the language shown now (from memory).
"""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication

from pdp_desk.domain.calendar import WorkingCalendar
from pdp_desk.gui.formats import format_date
from pdp_desk.services.requests import ClockView

MAX_SKIPPED_LINES = 12   # a tooltip past this would not fit on a laptop screen

translate = QCoreApplication.translate


def days_left(clock: ClockView, today: date) -> str:
    """"3 working days left", "due today", "2 working days late", "done 05.03.2026"."""
    if clock.met_on is not None:
        return translate("ClockText", "done %1").replace("%1", format_date(clock.met_on))
    if clock.due is None:
        if str(clock.status) == "pending":
            return translate("ClockText", "starts when: %1").replace("%1", clock.starts_label)
        return "—"
    if str(clock.status) == "stopped":
        return translate("ClockText", "stopped (request closed)")
    if clock.due == today:
        return translate("ClockText", "due today")
    if clock.due < today:
        return translate("ClockText", "%n working day(s) late", "", max(1, -(clock.days_left or 0)))
    return translate("ClockText", "%n working day(s) left", "", clock.days_left or 0)


def reason(calendar: WorkingCalendar | None, info, language: str) -> str:
    if calendar is not None:
        return calendar.day_info(info.day, language).reason or info.reason or ""
    return info.reason or ""


def counted(clock: ClockView) -> str:
    """"10 working days from the day after 03.03.2026 (Request received)"."""
    days = translate("ClockText", "%n working day(s)", "", clock.working_days)
    if clock.start is None:
        return (translate("ClockText", "%1, counted from: %2 (not yet)")
                .replace("%1", days).replace("%2", clock.starts_label))
    return (translate("ClockText", "%1 from the day after %2 (%3)")
            .replace("%1", days).replace("%2", format_date(clock.start)).replace("%3", clock.starts_label))


def skipped_short(clock: ClockView, calendar: WorkingCalendar | None, language: str) -> str:
    """One line: the non-working days skipped, as dates with their reasons."""
    if not clock.skipped:
        return translate("ClockText", "No non-working days in between.") if clock.due else ""
    days = "; ".join(f"{info.day:%d.%m} {reason(calendar, info, language)}" for info in clock.skipped)
    return translate("ClockText", "Skipped: %1").replace("%1", days)


def explanation(clock: ClockView, today: date, calendar: WorkingCalendar | None, language: str) -> str:
    """Several lines: what must be done, the term and its start, due, the days skipped, the basis."""
    lines = [f"{clock.label}: {clock.what}", counted(clock)]
    if clock.due is not None:
        lines.append(translate("ClockText", "Due: %1").replace("%1", format_date(clock.due)))
    lines.append(days_left(clock, today))
    if clock.skipped:
        lines.append(translate("ClockText", "Non-working days skipped:"))
        for info in clock.skipped[:MAX_SKIPPED_LINES]:
            lines.append(f"  {format_date(info.day)} — {reason(calendar, info, language)}")
        if len(clock.skipped) > MAX_SKIPPED_LINES:
            lines.append("  " + translate("ClockText", "… and %n more", "",
                                          len(clock.skipped) - MAX_SKIPPED_LINES))
    elif clock.start is not None and clock.due is not None:
        lines.append(translate("ClockText", "No non-working days in between."))
    lines.append(translate("ClockText", "Basis: %1").replace("%1", clock.basis))
    return "\n".join(lines)
