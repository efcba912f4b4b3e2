"""The inbox's table model: pages of requests read by keyset, nearest due date first.

Qt asks `canFetchMore`/`fetchMore` as the view scrolls to the end; each call reads ONE page of
PAGE_SIZE rows (inbox_page: one query) and that page's clocks (clocks_for: two queries). Nothing
else ever touches the database: `data()` reads only the rows and clocks already in memory, so
painting costs no query however fast the person scrolls. The working-day calendar is loaded
once per refresh and kept for the tooltips and the days-left figures.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from pdp_desk.domain.calendar import WorkingCalendar
from pdp_desk.domain.deadlines import ClockKind
from pdp_desk.domain.deadlines import label as type_label
from pdp_desk.domain.workflow import state_label
from pdp_desk.gui import clock_text, due_colors, i18n, moments
from pdp_desk.gui.formats import format_date
from pdp_desk.services.calendar import load_calendar
from pdp_desk.services.inbox import InboxCursor, InboxFilter, InboxRow, count, inbox_page
from pdp_desk.services.inbox_views import clocks_for
from pdp_desk.services.requests import ClockView
from pdp_desk.store.database import Database

PAGE_SIZE = 100
NUMBER, RECEIVED, TYPE, SUBJECT, STATE, ANSWER_DUE, ACTION_DUE, DAYS_LEFT = range(8)
COLUMN_COUNT = 8
ROW_ROLE = Qt.ItemDataRole.UserRole + 1      # the InboxRow of a row
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2   # the status code of a due cell ("overdue" ...)

Index = QModelIndex | QPersistentModelIndex


@dataclass
class _Loaded:
    row: InboxRow
    clocks: dict[ClockKind, ClockView]


class InboxModel(QAbstractTableModel):
    def __init__(self, db: Database, parent=None, page_size: int = PAGE_SIZE):
        super().__init__(parent)
        self.db = db
        self.page_size = page_size
        self.filter = InboxFilter()
        self.today: date = moments.today()
        self.calendar: WorkingCalendar | None = None
        self.total = 0
        self._rows: list[_Loaded] = []
        self._cursor: InboxCursor | None = None
        self._more = False
        self.pages_loaded = 0

    # --- loading ------------------------------------------------------------------------------

    def set_filter(self, inbox_filter: InboxFilter) -> None:
        self.filter = inbox_filter
        self.refresh()

    def refresh(self) -> None:
        """Start again from the first page (after a change, a new filter, a new day)."""
        self.beginResetModel()
        self.today = moments.today()
        self._rows, self._cursor, self._more, self.pages_loaded = [], None, False, 0
        with self.db.read() as session:
            self.calendar = load_calendar(session)
            self.total = count(session, self.filter, self.today)
            self._rows = self._load_page(session)
        self.endResetModel()

    def _load_page(self, session) -> list[_Loaded]:
        page = inbox_page(session, self.filter, self.today, self._cursor, limit=self.page_size,
                          calendar=self.calendar)
        clocks = clocks_for(session, [r.id for r in page.rows], self.calendar, self.today, i18n.current())
        loaded = [_Loaded(r, {c.kind: c for c in clocks.get(r.id, [])}) for r in page.rows]
        self._cursor = page.next_cursor
        self._more = page.next_cursor is not None
        self.pages_loaded += 1
        return loaded

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if parent.isValid() or not self._more:
            return
        with self.db.read() as session:
            loaded = self._load_page(session)
        if not loaded:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(loaded) - 1)
        self._rows.extend(loaded)
        self.endInsertRows()

    # --- reading --------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else COLUMN_COUNT

    def row_at(self, row: int) -> InboxRow | None:
        return self._rows[row].row if 0 <= row < len(self._rows) else None

    def clocks_at(self, row: int) -> dict[ClockKind, ClockView]:
        return self._rows[row].clocks if 0 <= row < len(self._rows) else {}

    def row_of(self, request_id: str) -> int:
        return next((i for i, loaded in enumerate(self._rows) if loaded.row.id == request_id), -1)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.column_titles()[section] if 0 <= section < COLUMN_COUNT else ""
        if role == Qt.ItemDataRole.ToolTipRole and section == DAYS_LEFT:
            return self.tr("Working days left to the nearest deadline; negative: late by that many.")
        return None

    def column_titles(self) -> list[str]:
        return [self.tr("No."), self.tr("Received"), self.tr("Type"), self.tr("Subject"),
                self.tr("State"), self.tr("Answer due"), self.tr("Action due"), self.tr("Working days left")]

    def _clock(self, loaded: _Loaded, column: int) -> ClockView | None:
        return loaded.clocks.get(ClockKind.ANSWER if column == ANSWER_DUE else ClockKind.ACTION)

    def _status(self, loaded: _Loaded, column: int) -> str | None:
        """The status code that colours a cell, or None for a cell without colour."""
        if column in (ANSWER_DUE, ACTION_DUE):
            clock = self._clock(loaded, column)
            if clock is None:
                return None
            status = due_colors.status_code(clock.status)
            return due_colors.MET if status == "stopped" else status
        if column == DAYS_LEFT and loaded.row.status is not None:
            return due_colors.status_code(loaded.row.status)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        loaded, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(loaded, column)
        if role == ROW_ROLE:
            return loaded.row
        if role == STATUS_ROLE:
            return self._status(loaded, column) or ""
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(loaded, column)
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole,
                    Qt.ItemDataRole.FontRole):
            status = self._status(loaded, column)
            if status is None:
                if column == SUBJECT and loaded.row.subject_blocked and role == Qt.ItemDataRole.ForegroundRole:
                    return due_colors.foreground(due_colors.MET)
                return None
            if role == Qt.ItemDataRole.BackgroundRole:
                return due_colors.background(status)
            if role == Qt.ItemDataRole.ForegroundRole:
                return due_colors.foreground(status)
            return due_colors.bold_font(status)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (ANSWER_DUE, ACTION_DUE, DAYS_LEFT,
                                                                    RECEIVED):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _text(self, loaded: _Loaded, column: int) -> str:
        row, language = loaded.row, i18n.current()
        if column == NUMBER:
            return row.number
        if column == RECEIVED:
            return moments.format_moment(row.received_at)
        if column == TYPE:
            return type_label(row.type, language)
        if column == SUBJECT:
            name = row.subject_name or "—"
            return f"{name} ({self.tr('blocked')})" if row.subject_blocked else name
        if column == STATE:
            return state_label(row.state, language)
        if column in (ANSWER_DUE, ACTION_DUE):
            clock = self._clock(loaded, column)
            if clock is None:
                return ""
            if clock.due is None:
                return self.tr("not started") if clock.status == "pending" else "—"
            return format_date(clock.due)
        if column == DAYS_LEFT:
            if row.days_left is None:
                return "—"
            if row.next_due is not None and row.next_due == self.today:
                return self.tr("today")
            if row.next_due is not None and row.next_due < self.today:
                # Late, even on the weekend right after the date (0 working days since): never "0".
                return f"−{max(1, -row.days_left)}"
            return str(row.days_left)
        return ""

    # --- tooltips -------------------------------------------------------------------------------

    def _tooltip(self, loaded: _Loaded, column: int) -> str:
        row = loaded.row
        if column in (ANSWER_DUE, ACTION_DUE):
            clock = self._clock(loaded, column)
            return self.clock_explanation(clock) if clock is not None else ""
        if column == DAYS_LEFT:
            if row.next_due is None:
                return self.tr("No deadline is running: the request is answered, or its clock waits for "
                               "an event (documents, confirmation).")
            late = row.next_due < self.today
            text = due_colors.status_text(row.status)
            if late:
                text += "\n" + self.tr("%n working day(s) late", "", max(1, -(row.days_left or 0)))
            return text + "\n" + self.tr("Nearest deadline: %1").replace("%1", format_date(row.next_due))
        if column == SUBJECT and row.subject_blocked:
            return self.tr("This person's data is blocked: it may not be used until the block is lifted.")
        if column == TYPE:   # the full type (the column may cut it) and whom it is addressed to
            text = type_label(row.type, i18n.current())
            if row.operator_name:
                text += "\n" + self.tr("Operator: %1").replace("%1", row.operator_name)
            return text
        if column == STATE and row.staff_name:
            return self.tr("Responsible: %1").replace("%1", row.staff_name)
        return ""

    def clock_explanation(self, clock: ClockView) -> str:
        """How a due date was counted: the term, its start, the non-working days skipped."""
        return clock_text.explanation(clock, self.today, self.calendar, i18n.current())
