"""How values look on screen, the same in every language: dates as dd.mm.yyyy."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QLocale


def format_date(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def format_number(value: int) -> str:
    """Digits grouped the way the chosen language groups them (1 234 in Russian)."""
    return QLocale().toString(value)
