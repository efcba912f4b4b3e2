"""The morning view: what is late, due today and due within 2 working days, on start and hourly.

The figures go to the status bar and the inbox; when something is due today or late, a system
notification says so too (once per change of the figures, not every hour with the same news).
On a machine without a system tray (offscreen tests, some Linux desktops) the notification is
skipped quietly.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QApplication, QStyle, QSystemTrayIcon

from pdp_desk import APP_NAME
from pdp_desk.gui import moments
from pdp_desk.gui.formats import format_number
from pdp_desk.services.calendar import load_calendar
from pdp_desk.services.inbox import MorningSummary, morning_summary
from pdp_desk.store.database import Database

HOUR_MS = 60 * 60 * 1000
MESSAGE_MS = 15_000
log = logging.getLogger(__name__)


def read_summary(db: Database) -> MorningSummary | None:
    """The three figures, or None when they cannot be read (shown as dashes, tried again later)."""
    try:
        with db.read() as session:
            return morning_summary(session, moments.today(), load_calendar(session))
    except Exception:  # a busy or vanished file must not take the window down
        log.exception("the morning figures could not be read from %s", db.path)
        return None


def message(summary: MorningSummary) -> str:
    lines = []
    if summary.overdue:
        lines.append(QCoreApplication.translate("Morning", "Overdue: %1").replace(
            "%1", format_number(summary.overdue)))
    if summary.due_today:
        lines.append(QCoreApplication.translate("Morning", "Due today: %1").replace(
            "%1", format_number(summary.due_today)))
    if summary.due_soon:
        lines.append(QCoreApplication.translate("Morning", "Due within 2 working days: %1").replace(
            "%1", format_number(summary.due_soon)))
    return "\n".join(lines)


class MorningNotifier(QObject):
    """Shows the system notification; `last` is what was shown (for tests and to avoid repeats).
    `open_inbox` is emitted when the person clicks the notification or the tray icon."""

    open_inbox = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.tray: QSystemTrayIcon | None = None
        self.last: tuple | None = None

    def notify(self, summary: MorningSummary | None) -> bool:
        """Notify when something is due today or late and the news changed; True if shown."""
        if summary is None or not (summary.due_today or summary.overdue):
            return False
        key = (moments.today(), summary.due_today, summary.overdue)
        if key == self.last:
            return False
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return False
        if self.tray is None:
            icon = QApplication.windowIcon()
            if icon.isNull():
                icon = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)
            self.tray = QSystemTrayIcon(icon, self)
            self.tray.setToolTip(APP_NAME)
            self.tray.messageClicked.connect(self.open_inbox)
            self.tray.activated.connect(lambda _reason: self.open_inbox.emit())
        self.tray.show()
        self.tray.showMessage(QCoreApplication.translate("Morning", "Requests need attention"),
                              message(summary), QSystemTrayIcon.MessageIcon.Warning, MESSAGE_MS)
        self.last = key
        return True
