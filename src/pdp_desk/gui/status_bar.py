"""The status bar: which database is open and the figures that need attention today."""
from __future__ import annotations

import html
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from pdp_desk.gui.formats import format_date, format_number
from pdp_desk.gui.moments import format_moment
from pdp_desk.services.inbox import MorningSummary
from pdp_desk.services.overview import Overview
from pdp_desk.services.sync import SyncStatus

OVERDUE_STYLE = "color:#c62828; font-weight:bold"


class StatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.file_label = QLabel()
        self.subjects_label = QLabel()
        self.requests_label = QLabel()
        self.due_label = QLabel()
        self.due_label.setTextFormat(Qt.TextFormat.RichText)  # the overdue count may be red
        self.sync_label = QLabel()  # the last sync and the changes waiting (hidden until sync is set up)
        self.sync_label.hide()
        self.addWidget(self.file_label, 1)
        for label in (self.sync_label, self.subjects_label, self.requests_label, self.due_label):
            label.setContentsMargins(12, 0, 12, 0)
            self.addPermanentWidget(label)
        self._path: Path | None = None
        self._figures: Overview | None = None
        self.morning_summary: MorningSummary | None = None
        self._today = date.today()
        self._sync: SyncStatus | None = None

    def show_figures(self, path: Path, figures: Overview | None, today: date,
                     morning: MorningSummary | None = None) -> None:
        """`figures` None: the counts could not be read (shown as a dash, not as zero).
        `morning` adds what falls due within 2 working days."""
        self._path, self._figures, self._today, self.morning_summary = path, figures, today, morning
        self.retranslate()

    def show_sync(self, status: SyncStatus | None) -> None:
        """`status` None: sync is not set up on this PC (nothing shown)."""
        self._sync = status
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.sync_label.setVisible(self._sync is not None)
        if self._sync is not None:
            last = self._sync.last_sync_at
            self.sync_label.setText(self.tr("Synced: %1 · waiting: %2").replace(
                "%1", format_moment(last) if last else self.tr("never")).replace(
                "%2", format_number(self._sync.changes_waiting)))
            self.sync_label.setToolTip(self.tr("%n change(s) of this PC not sent to the others yet", "",
                                               self._sync.changes_waiting))
        if self._path is not None:
            self.file_label.setText(self._path.name)
            self.file_label.setToolTip(str(self._path))
        f = self._figures
        dash = "—"
        self.subjects_label.setText(self.tr("Subjects: %1").replace(
            "%1", format_number(f.subjects) if f else dash))
        self.requests_label.setText(self.tr("Open requests: %1").replace(
            "%1", format_number(f.open_requests) if f else dash))
        due = self.tr("Due today: %1").replace("%1", format_number(f.due_today) if f else dash)
        overdue = self.tr("Overdue: %1").replace("%1", format_number(f.overdue) if f else dash)
        due, overdue = html.escape(due, quote=False), html.escape(overdue, quote=False)
        if f and f.overdue > 0:
            overdue = f'<span style="{OVERDUE_STYLE}">{overdue}</span>'
        parts = [due, overdue]
        if self.morning_summary is not None:
            parts.append(html.escape(self.tr("Within 2 working days: %1").replace(
                "%1", format_number(self.morning_summary.due_soon)), quote=False))
        self.due_label.setText(" · ".join(parts))
        if f is None:
            unreadable = self.tr("The figures could not be read from the database.")
            for label in (self.subjects_label, self.requests_label, self.due_label):
                label.setToolTip(unreadable)
            return
        self.subjects_label.setToolTip(
            self.tr("%n subject(s) in the register, not counting destroyed ones", "", f.subjects) + "\n"
            + self.tr("%n of them blocked", "", f.blocked))
        self.requests_label.setToolTip(self.tr("%n request(s) not yet closed", "", f.open_requests))
        self.due_label.setToolTip(
            self.tr("Deadlines in working days, as of %1").replace("%1", format_date(self._today)))
