"""Where the GUI keeps a person's choices (language for now) between runs.

One function so tests can point it at a file of their own instead of the user's settings.
"""
from __future__ import annotations

from PySide6.QtCore import QSettings


def settings() -> QSettings:
    """The application's settings; the organisation and application names must be set first."""
    return QSettings()
