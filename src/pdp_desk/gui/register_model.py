"""The register's table model: the whole register, read a page of 100 at a time, off the GUI thread.

Why it is built this way:

* A sparse page cache (page number -> rows, least recently used dropped beyond MAX_PAGES): the
  model never needs the pages before the one shown, so row 900,000 costs one jump
  (services.register.cursor_at: where page 9,000 starts) and one keyset page, not 9,000 pages.
* `data()` reads memory only. A row whose page is not cached shows "…" and asks for its page;
  the requests of one paint are coalesced and loaded by a worker (QThreadPool), one page at a
  time, the newest request first (a scroll bar dragged far asks for many pages on the way: only
  the last few matter). So painting never costs a query, and a slow filter or sort never
  freezes the window.
* Until the count is known the model grows as Qt's views ask (canFetchMore/fetchMore: the next
  page by its cursor). The count runs in the background; when it arrives the model spans the
  whole register, so the scroll bar can be dragged anywhere.
* Every reset bumps `generation`: answers of an older filter or sort are dropped.
"""
from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable

from PySide6.QtCore import (QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex,
                            QRunnable, Qt, QThreadPool, QTimer, Signal)
from PySide6.QtGui import QBrush, QColor, QFont

from pdp_desk.gui import register_labels
from pdp_desk.gui.formats import format_date
from pdp_desk.services import register
from pdp_desk.services.register import Cursor, RegisterFilter, RegisterRow
from pdp_desk.store.database import Database

log = logging.getLogger(__name__)

PAGE_SIZE = 100
MAX_PAGES = 40          # 4,000 rows in memory at most, whatever the register's size
MAX_WANTED = 4          # pages waiting to be loaded; older requests are dropped (scrolled past)
CATEGORY, NAME, PHONES, EMAILS, STATUS, CONSENTS, DESTRUCTION = range(7)
COLUMN_COUNT = 7
# Columns the services can sort by (ascending), and their sort codes.
SORTABLE = {NAME: "name", DESTRUCTION: "next_destruction"}
ID_ROLE = Qt.ItemDataRole.UserRole + 1        # the subject's id
ROW_ROLE = Qt.ItemDataRole.UserRole + 2       # the RegisterRow
CONSENTS_ROLE = Qt.ItemDataRole.UserRole + 3  # [(purpose code, state)] for the delegate
LOADING = "…"

Index = QModelIndex | QPersistentModelIndex


class _Signals(QObject):
    """Carries a worker's answers to the GUI thread (queued: the worker runs in another thread)."""

    page = Signal(int, int, object, object)   # generation, page number, rows, next cursor
    count = Signal(int, int)                  # generation, total
    failed = Signal(int, str, object)         # generation, what ("page"/"count"), the error


class _Job(QRunnable):
    def __init__(self, work: Callable[[], None]):
        super().__init__()
        self.work = work

    def run(self) -> None:
        self.work()


class RegisterModel(QAbstractTableModel):
    """Rows of the register for the filter and sort given; see the module's docstring."""

    loading_changed = Signal(bool)
    count_known = Signal(int)
    load_failed = Signal(object)   # an error a worker met (shown by the tab)

    def __init__(self, db: Database, parent: QObject | None = None):
        super().__init__(parent)
        self.db = db
        self.filter = RegisterFilter()
        self.sort_code = "name"
        self.generation = 0
        self.total: int | None = None
        self.pages: OrderedDict[int, tuple[RegisterRow, ...]] = OrderedDict()
        self.starts: dict[int, Cursor | None] = {0: None}   # where each known page starts
        self.ends: dict[int, Cursor | None] = {}            # next cursor after each loaded page
        self._rows_shown = 0          # rowCount() while the total is unknown
        self._wanted: list[int] = []  # newest last
        self._in_flight: int | None = None
        self._failed_pages: set[int] = set()  # not asked again until the next reset
        self._dispatch_scheduled = False
        self.pages_loaded = 0         # for tests and the benchmark: pages read since the reset
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)   # one page at a time, plus the count
        self.signals = _Signals(self)
        self.signals.page.connect(self._page_arrived)
        self.signals.count.connect(self._count_arrived)
        self.signals.failed.connect(self._failed)

    # --- what to show --------------------------------------------------------------------------

    def set_query(self, flt: RegisterFilter, sort_code: str | None = None) -> None:
        self.filter = flt
        if sort_code is not None:
            self.sort_code = sort_code
        self.refresh()

    def refresh(self) -> None:
        """Start again (a new filter or sort, or the register changed): page 0 and the count."""
        self.beginResetModel()
        self.generation += 1
        self.total = None
        self.pages.clear()
        self.starts, self.ends = {0: None}, {}
        self._rows_shown = 0
        self._wanted.clear()
        self._in_flight = None
        self._failed_pages.clear()
        self.pages_loaded = 0
        self.endResetModel()
        self._want(0)
        generation, flt = self.generation, self.filter
        self.pool.start(_Job(lambda: self._count_job(generation, flt)))
        self.loading_changed.emit(True)

    def is_idle(self) -> bool:
        return self._in_flight is None and not self._wanted and self.total is not None

    def wait(self, ms: int = 30000) -> bool:
        """Wait for the workers (before the database closes)."""
        return self.pool.waitForDone(ms)

    # --- Qt's model interface ------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid():
            return 0
        return self.total if self.total is not None else self._rows_shown

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else COLUMN_COUNT

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        if parent.isValid() or self.total is not None or not self._rows_shown:
            return False
        last = (self._rows_shown - 1) // PAGE_SIZE
        return self.ends.get(last) is not None

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if self.canFetchMore(parent):
            self._want(self._rows_shown // PAGE_SIZE)

    def row(self, row: int) -> RegisterRow | None:
        """The row if its page is in memory (never reads the database)."""
        rows = self.pages.get(row // PAGE_SIZE)
        offset = row % PAGE_SIZE
        return rows[offset] if rows is not None and offset < len(rows) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        page = index.row() // PAGE_SIZE
        rows = self.pages.get(page)
        if rows is None:
            self._want(page)
            return LOADING if role == Qt.ItemDataRole.DisplayRole and index.column() == NAME else None
        self.pages.move_to_end(page)  # recently used: kept longest
        offset = index.row() % PAGE_SIZE
        if offset >= len(rows):
            return None
        r = rows[offset]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(r, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(r, column)
        if role == ID_ROLE:
            return r.id
        if role == ROW_ROLE:
            return r
        if role == CONSENTS_ROLE:
            return [(code, r.consents.get(code, "none")) for code in register_labels.PURPOSE_CODES]
        if role == Qt.ItemDataRole.ForegroundRole:
            if r.status == "destroyed":
                return QBrush(QColor("#757575"))
            if column == STATUS and r.status == "blocked":
                return QBrush(QColor("#b71c1c"))
            if column == DESTRUCTION and r.due:
                return QBrush(QColor("#b71c1c"))
        if role == Qt.ItemDataRole.FontRole and r.status == "destroyed" and column == NAME:
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def _text(self, r: RegisterRow, column: int) -> str:
        if column == CATEGORY:
            return register_labels.category_short(r.category) if r.category else ""
        if column == NAME:
            if r.status == "destroyed":  # destroyed subjects are ids only
                return r.register_no or r.id
            return r.full_name or r.register_no or ""
        if column == PHONES:
            return ", ".join(r.phones)
        if column == EMAILS:
            return ", ".join(r.emails)
        if column == STATUS:
            return register_labels.status(r.status)
        if column == CONSENTS:
            # Text for copying and for screen readers; the delegate draws the marks.
            return " ".join(f"{register_labels.purpose_letter(code)}{_MARK[r.consents.get(code, 'none')]}"
                            for code in register_labels.PURPOSE_CODES)
        if column == DESTRUCTION:
            if r.status == "destroyed":
                return format_date(r.destroyed_at.date()) if r.destroyed_at else ""
            return format_date(r.next_destruction)
        return ""

    def _tooltip(self, r: RegisterRow, column: int) -> str | None:
        if column == CATEGORY and r.category:
            return register_labels.category(r.category)
        if column == CONSENTS:
            return "\n".join(f"{register_labels.purpose(code)}: "
                             f"{register_labels.consent_state(r.consents.get(code, 'none'))}"
                             for code in register_labels.PURPOSE_CODES)
        if column == DESTRUCTION and r.status != "destroyed":
            if r.next_destruction is None:
                return self.tr("No date: a consent without a term is in force.")
            if r.due:
                return self.tr("Due for destruction since %1.").replace("%1", format_date(r.next_destruction))
            return self.tr("To be destroyed on %1 unless a purpose justifies the data longer.").replace(
                "%1", format_date(r.next_destruction))
        if column == STATUS and r.status == "destroyed":
            return self.tr("Destroyed: only the id is kept.")
        if column == NAME and r.register_no:
            return self.tr("Register № %1").replace("%1", r.register_no)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole:
                return section + 1
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.column_titles()[section]
        if role == Qt.ItemDataRole.ToolTipRole and section == CONSENTS:
            return "\n".join(f"{register_labels.purpose_letter(c)} — {register_labels.purpose(c)}"
                             for c in register_labels.PURPOSE_CODES)
        return None

    def column_titles(self) -> list[str]:
        return [self.tr("Category"), self.tr("Name"), self.tr("Phones"), self.tr("E-mails"), self.tr("Status"),
                self.tr("Consents"), self.tr("Destruction date")]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting happens in SQL, ascending, on the columns the services index."""
        code = SORTABLE.get(column)
        if code is not None and code != self.sort_code:
            self.sort_code = code
            self.refresh()

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COLUMN_COUNT - 1)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, COLUMN_COUNT - 1))

    # --- loading ---------------------------------------------------------------------------------

    def _want(self, page: int) -> None:
        if page in self.pages or page == self._in_flight or page in self._failed_pages:
            return
        if page in self._wanted:
            self._wanted.remove(page)
        self._wanted.append(page)
        del self._wanted[:-MAX_WANTED]
        if not self._dispatch_scheduled:
            self._dispatch_scheduled = True
            QTimer.singleShot(0, self._dispatch)

    def _dispatch(self) -> None:
        """Start loading the newest page asked for, if no page is loading now."""
        self._dispatch_scheduled = False
        if self._in_flight is not None or not self._wanted:
            return
        page = self._wanted.pop()
        self._in_flight = page
        start_known = page in self.starts
        start = self.starts.get(page)
        generation, flt, sort_code = self.generation, self.filter, self.sort_code
        self.pool.start(_Job(lambda: self._page_job(generation, flt, sort_code, page, start_known, start)))

    def _page_job(self, generation: int, flt: RegisterFilter, sort_code: str, page: int,
                  start_known: bool, start: Cursor | None) -> None:
        # Runs in a worker thread: its own read transaction, results handed over by signal.
        try:
            with self.db.read() as session:
                if not start_known:
                    start = register.cursor_at(session, flt, sort_code, page * PAGE_SIZE)
                    if start is None:  # past the end (the register shrank meanwhile)
                        self._emit("page", generation, page, (), None)
                        return
                result = register.register_page(session, flt, sort_code, start, PAGE_SIZE)
            self._emit("page", generation, page, result.rows, result.next_cursor)
        except Exception as error:  # noqa: BLE001 - reported to the GUI thread, never lost
            self._emit("failed", generation, "page", error)

    def _count_job(self, generation: int, flt: RegisterFilter) -> None:
        if generation != self.generation:
            return   # the filter changed while this waited: a broad search's count takes seconds
        try:
            with self.db.read() as session:
                total = register.register_count(session, flt)
            self._emit("count", generation, total)
        except Exception as error:  # noqa: BLE001
            self._emit("failed", generation, "count", error)

    def _emit(self, name: str, *args) -> None:
        try:
            getattr(self.signals, name).emit(*args)
        except RuntimeError:  # the model was deleted while the worker ran: nobody to tell
            pass

    def _page_arrived(self, generation: int, page: int, rows, next_cursor) -> None:
        if generation != self.generation:
            return
        self._in_flight = None
        self.pages_loaded += 1
        self.pages[page] = tuple(rows)
        self.ends[page] = next_cursor
        if next_cursor is not None:
            self.starts[page + 1] = next_cursor
        while len(self.pages) > MAX_PAGES:
            self.pages.popitem(last=False)
        first = page * PAGE_SIZE
        if self.total is None:
            end = first + len(rows)
            if next_cursor is None:
                self._set_total(end)  # the last page: the count is known without counting
            elif end > self._rows_shown and first <= self._rows_shown:
                self.beginInsertRows(QModelIndex(), self._rows_shown, end - 1)
                self._rows_shown = end
                self.endInsertRows()
        elif rows:
            last = min(first + len(rows), self.total) - 1
            if last >= first:
                self.dataChanged.emit(self.index(first, 0), self.index(last, COLUMN_COUNT - 1))
        self._dispatch()
        if self.is_idle():
            self.loading_changed.emit(False)

    def _count_arrived(self, generation: int, total: int) -> None:
        if generation != self.generation or self.total is not None:
            return
        self._set_total(total)
        if self.is_idle():
            self.loading_changed.emit(False)

    def _set_total(self, total: int) -> None:
        shown = self._rows_shown
        if total > shown:
            self.beginInsertRows(QModelIndex(), shown, total - 1)
            self.total = total
            self.endInsertRows()
        elif total < shown:
            self.beginRemoveRows(QModelIndex(), total, shown - 1)
            self.total = total
            self.endRemoveRows()
        else:
            self.total = total
        self.count_known.emit(total)

    def _failed(self, generation: int, what: str, error: Exception) -> None:
        if generation != self.generation:
            return
        log.error("the register could not read a %s", what, exc_info=error)
        if what == "page":
            if self._in_flight is not None:
                self._failed_pages.add(self._in_flight)
            self._in_flight = None
        elif self.total is None:
            self._set_total(self._rows_shown)  # no count: show what is loaded
        self.loading_changed.emit(False)
        self.load_failed.emit(error)


_MARK = {"given": "✓", "withdrawn": "✗", "expired": "◷", "none": "–"}
