"""Settings → Calendar: the year's working and non-working days, and the operator's overrides.

The year is drawn as twelve small months (a day off coloured by why it is off, a working
Saturday marked) with the list of holidays and transfers beside it, each with its reason.
Below, the override table: an extra day off, an extra working day, the announced Kurban Ait
date, each with its reason (a decree's number and date). Adding or removing one recomputes
the open requests' deadlines in the same transaction; the dates that moved are listed.
"""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDateEdit, QGridLayout, QGroupBox,
                               QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListWidget, QMessageBox,
                               QPushButton, QSizePolicy, QSpinBox, QTableWidget, QTableWidgetItem,
                               QToolTip, QVBoxLayout, QWidget)

from pdp_desk.domain.calendar import DayInfo, DaySource, OverrideKind, WorkingCalendar
from pdp_desk.gui import i18n, moments, service_errors
from pdp_desk.gui.formats import format_date
from pdp_desk.gui.request_form import error_label
from pdp_desk.services.calendar import add_override, list_overrides, load_calendar, remove_override
from pdp_desk.services.inbox_views import request_numbers
from pdp_desk.store.database import Database

CELL = QSize(23, 18)
# Why a day is off (or on) -> its colour in the month grid and the legend.
WEEKEND, HOLIDAY, DECREE_OFF, OVERRIDE_OFF, WORKING_WEEKEND = (
    "weekend", "holiday", "decree_off", "override_off", "working_weekend")
DAY_COLOURS = {WEEKEND: "#e4e4e4", HOLIDAY: "#f3a9a9", DECREE_OFF: "#f8cf9f", OVERRIDE_OFF: "#d4bff0",
               WORKING_WEEKEND: "#bfe3c1"}
KINDS = (OverrideKind.DAY_OFF, OverrideKind.WORKING_DAY, OverrideKind.KURBAN_AIT)


def day_class(info: DayInfo) -> str | None:
    """The colour class of a day; None for a plain working weekday."""
    if info.working:
        return WORKING_WEEKEND if info.day.weekday() >= 5 or info.source is not None else None
    if info.source is DaySource.WEEKEND:
        return WEEKEND
    if info.source is DaySource.OVERRIDE:
        return OVERRIDE_OFF
    if info.source is DaySource.DECREE:
        return DECREE_OFF
    return HOLIDAY


class MonthView(QWidget):
    """One month as a 7×6 grid of days; hover shows the day's reason, a click picks the day."""

    day_clicked = Signal(date)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.days: list[DayInfo] = []
        self.title = ""
        self.weekdays: list[str] = []
        self.today: date | None = None
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_month(self, title: str, days: list[DayInfo], weekdays: list[str], today: date) -> None:
        self.title, self.days, self.weekdays, self.today = title, days, weekdays, today
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(CELL.width() * 7 + 2, CELL.height() * 8 + 4)

    def _cell(self, info: DayInfo) -> QRect:
        first = self.days[0].day.weekday()
        index = first + info.day.day - 1
        return QRect(1 + (index % 7) * CELL.width(), 2 + (2 + index // 7) * CELL.height(),
                     CELL.width() - 1, CELL.height() - 1)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        font = QFont(self.font())
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(QRect(0, 0, self.width(), CELL.height()), Qt.AlignmentFlag.AlignCenter, self.title)
        font.setBold(False)
        font.setPointSizeF(font.pointSizeF() * 0.85)
        painter.setFont(font)
        grey = self.palette().placeholderText().color()
        for column, name in enumerate(self.weekdays):
            painter.setPen(grey)
            painter.drawText(QRect(1 + column * CELL.width(), 2 + CELL.height(), CELL.width(), CELL.height()),
                             Qt.AlignmentFlag.AlignCenter, name)
        text = self.palette().text().color()
        for info in self.days:
            rect = self._cell(info)
            kind = day_class(info)
            if kind is not None:
                painter.fillRect(rect, QColor(DAY_COLOURS[kind]))
            bold = QFont(font)
            bold.setBold(kind == WORKING_WEEKEND)
            painter.setFont(bold)
            painter.setPen(QColor("#202020") if kind else text)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(info.day.day))
            if info.day == self.today:
                painter.setPen(QColor("#1565c0"))
                painter.drawRect(rect.adjusted(0, 0, -1, -1))
        painter.end()

    def day_at(self, point: QPoint) -> DayInfo | None:
        return next((info for info in self.days if self._cell(info).contains(point)), None)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            info = self.day_at(event.pos())
            if info is not None:
                reason = info.reason or ""
                QToolTip.showText(event.globalPos(), f"{format_date(info.day)}\n{reason}".strip(), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        info = self.day_at(event.position().toPoint())
        if info is not None:
            self.day_clicked.emit(info.day)
        super().mousePressEvent(event)


class CalendarSection(QWidget):
    """`changed` is emitted after an override was added or removed (deadlines may have moved)."""

    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.calendar: WorkingCalendar | None = None
        self.overrides = []
        self.moved_text: list[str] = []
        self.error_box: QMessageBox | None = None
        self.confirm_box: QMessageBox | None = None
        self.year = moments.today().year

        self.heading = QLabel()
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.year_caption = QLabel()
        self.year_spin = QSpinBox()
        self.year_spin.setRange(2000, 2099)
        self.year_spin.setValue(self.year)
        self.year_spin.valueChanged.connect(self.show_year)
        head = QHBoxLayout()
        head.addWidget(self.heading)
        head.addStretch(1)
        head.addWidget(self.year_caption)
        head.addWidget(self.year_spin)

        self.months = [MonthView() for _ in range(12)]
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        for index, month in enumerate(self.months):
            month.day_clicked.connect(self.pick_day)
            grid.addWidget(month, index // 4, index % 4)
        # The legend in rows of three: one row of five is wider than the months in Russian.
        self.legend = QGridLayout()
        self.legend.setHorizontalSpacing(6)
        self.legend_labels: dict[str, QLabel] = {}
        for index, kind in enumerate((WEEKEND, HOLIDAY, DECREE_OFF, OVERRIDE_OFF, WORKING_WEEKEND)):
            label = QLabel()
            label.setStyleSheet(f"background:{DAY_COLOURS[kind]};color:#202020;padding:1px 5px")
            self.legend.addWidget(label, index // 3, index % 3, Qt.AlignmentFlag.AlignLeft)
            self.legend_labels[kind] = label
        self.legend.setColumnStretch(3, 1)
        # Which open requests' dates the last change moved (there may be dozens: a list).
        self.moved_label = QLabel()
        self.moved_label.setWordWrap(True)
        self.moved_list = QListWidget()
        self.moved_list.setMaximumHeight(100)
        self.moved_list.hide()
        year_box = QVBoxLayout()
        year_box.addLayout(grid)
        year_box.addLayout(self.legend)
        year_box.addWidget(self.moved_label)
        year_box.addWidget(self.moved_list)
        year_box.addStretch(1)

        self.special_caption = QLabel()
        self.special_list = QListWidget()
        self.special_list.setMinimumWidth(260)

        self.overrides_box = QGroupBox()
        self.table = QTableWidget(0, 3)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(110)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self.ask_remove)
        self.day_edit = QDateEdit()
        self.day_edit.setDisplayFormat("dd.MM.yyyy")
        self.day_edit.setCalendarPopup(True)
        today = moments.today()
        self.day_edit.setDate(QDate(today.year, today.month, today.day))
        self.kind_combo = QComboBox()
        for kind in KINDS:
            self.kind_combo.addItem("", kind.value)
        self.reason_edit = QLineEdit()
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.add)
        self.add_error = error_label()
        self.day_caption, self.kind_caption, self.reason_caption = QLabel(), QLabel(), QLabel()
        form = QGridLayout()
        form.addWidget(self.day_caption, 0, 0)
        form.addWidget(self.day_edit, 0, 1)
        form.addWidget(self.kind_caption, 1, 0)
        form.addWidget(self.kind_combo, 1, 1)
        form.addWidget(self.reason_caption, 2, 0)
        form.addWidget(self.reason_edit, 2, 1)
        form.addWidget(self.add_button, 3, 1)
        form.addWidget(self.add_error, 4, 0, 1, 2)
        box = QVBoxLayout(self.overrides_box)
        box.addWidget(self.table, 1)
        box.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignLeft)
        box.addLayout(form)

        # The year on the left; the holidays and the changes on the right (fits 1280×800).
        right = QVBoxLayout()
        right.addWidget(self.special_caption)
        right.addWidget(self.special_list, 2)
        right.addWidget(self.overrides_box, 3)
        columns = QHBoxLayout()
        columns.addLayout(year_box)
        columns.addLayout(right, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.explanation)
        layout.addLayout(columns, 1)
        self.retranslate()
        self.reload()

    # --- reading ------------------------------------------------------------------------------

    def reload(self) -> None:
        with self.db.read() as session:
            self.calendar = load_calendar(session)
            self.overrides = list_overrides(session)
        self._fill_table()
        self.show_year(self.year_spin.value())

    def show_year(self, year: int) -> None:
        self.year = year
        if self.calendar is None:
            return
        language = i18n.current()
        days = self.calendar.year_view(year, language)
        names = self._month_names()
        weekdays = self._weekday_names()
        today = moments.today()
        start = 0
        for month, view in enumerate(self.months, 1):
            count = ((date(year, month % 12 + 1, 1) if month < 12 else date(year + 1, 1, 1))
                     - date(year, month, 1)).days
            view.set_month(names[month - 1], days[start:start + count], weekdays, today)
            start += count
        self.special_list.clear()
        for info in days:
            kind = day_class(info)
            if kind is None or kind == WEEKEND:
                continue
            self.special_list.addItem(f"{format_date(info.day)}  {info.reason or ''}")
            item = self.special_list.item(self.special_list.count() - 1)
            item.setBackground(QColor(DAY_COLOURS[kind]))
            item.setForeground(QColor("#202020"))
            item.setToolTip(info.reason or "")
        self.special_caption.setText(self.tr("Holidays and transferred days of %1:").replace("%1", str(year)))

    def _fill_table(self) -> None:
        self.table.setRowCount(len(self.overrides))
        for row, override in enumerate(self.overrides):
            for column, text in enumerate((format_date(override.day), self.kind_text(override.kind),
                                           override.reason)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, override.id)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.resizeColumnToContents(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self.selected_override_id() is not None)

    def selected_override_id(self) -> str | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 and self.table.selectedItems() else None
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def pick_day(self, day: date) -> None:
        """A click in the year view fills the day of the form below."""
        self.day_edit.setDate(QDate(day.year, day.month, day.day))
        self.reason_edit.setFocus()

    # --- changing -------------------------------------------------------------------------------

    def add(self) -> bool:
        self.add_error.hide()
        value = self.day_edit.date()
        day = date(value.year(), value.month(), value.day())
        kind, reason = self.kind_combo.currentData(), self.reason_edit.text()
        if not reason.strip():
            self._error(self.tr("Give the reason: for example, the decree's number and date."))
            return False
        try:
            with self.db.session() as session:
                change = add_override(session, day, kind, reason)
        except Exception as exc:  # noqa: BLE001 - shown; nothing was saved
            if service_errors.known(exc):
                self._error(self.error_text(exc))
            else:
                self.error_box = service_errors.show(self, exc)
            return False
        self.reason_edit.clear()
        self._done(change.moved)
        return True

    def ask_remove(self) -> None:
        override_id = self.selected_override_id()
        if override_id is None:
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Remove the change"),
                          self.tr("Remove this change of the calendar? The day becomes as the official "
                                  "calendar has it, and open requests' deadlines are counted again."),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda button: box.standardButton(button) == QMessageBox.StandardButton.Yes
                                  and self.remove(override_id))
        self.confirm_box = box
        box.open()

    def remove(self, override_id: str) -> bool:
        try:
            with self.db.session() as session:
                change = remove_override(session, override_id)
        except Exception as exc:  # noqa: BLE001
            self.error_box = service_errors.show(self, exc)
            return False
        self._done(change.moved)
        return True

    def _error(self, text: str) -> None:
        self.add_error.setText(text)
        self.add_error.show()

    def _done(self, moved: list) -> None:
        self.reload()
        self.show_moved(moved)
        self.changed.emit()

    def show_moved(self, moved: list) -> None:
        """List the requests whose due dates moved: number, clock, old → new."""
        self.moved_list.clear()
        if not moved:
            self.moved_text = []
            self.moved_label.setText(self.tr("No open request's deadline moved."))
            self.moved_list.hide()
            return
        with self.db.read() as session:
            numbers = request_numbers(session, [m.request_id for m in moved])
        lines = []
        for m in moved:
            clock = self.tr("answer") if str(m.kind) == "answer" else self.tr("action")
            lines.append(self.tr("№ %1, %2: %3 → %4").replace("%1", numbers.get(m.request_id, "?"))
                         .replace("%2", clock).replace("%3", format_date(m.old) or "—")
                         .replace("%4", format_date(m.new) or "—"))
        self.moved_text = lines
        self.moved_label.setText(self.tr("%n deadline(s) of open requests moved:", "", len(lines)))
        self.moved_list.addItems(lines)
        self.moved_list.show()

    def error_text(self, exc: Exception) -> str:
        texts = {
            "override_reason_missing": self.tr("Give the reason: for example, the decree's number and date."),
            "override_reason_too_long": self.tr("The reason is too long (up to 300 characters)."),
            "override_duplicate_day": self.tr("This day already has a change: remove it first."),
            "override_kurban_ait_duplicate": self.tr("Kurban Ait is already set for this year: remove it first."),
            "override_year_out_of_range": self.tr("The calendar covers the years 2000–2099."),
        }
        return texts.get(getattr(exc, "code", ""), service_errors.message_of(exc))

    # --- language -------------------------------------------------------------------------------

    def kind_text(self, kind) -> str:
        return {OverrideKind.DAY_OFF.value: self.tr("Extra day off"),
                OverrideKind.WORKING_DAY.value: self.tr("Extra working day"),
                OverrideKind.KURBAN_AIT.value: self.tr("Kurban Ait (first day)")}.get(str(kind), str(kind))

    def _month_names(self) -> list[str]:
        return [self.tr("January"), self.tr("February"), self.tr("March"), self.tr("April"), self.tr("May"),
                self.tr("June"), self.tr("July"), self.tr("August"), self.tr("September"), self.tr("October"),
                self.tr("November"), self.tr("December")]

    def _weekday_names(self) -> list[str]:
        return [self.tr("Mo"), self.tr("Tu"), self.tr("We"), self.tr("Th"), self.tr("Fr"), self.tr("Sa"),
                self.tr("Su")]

    def section_title(self) -> str:
        return self.tr("Calendar")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            if self.calendar is not None:
                self.show_year(self.year)
                self._fill_table()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Working-day calendar of Kazakhstan"))
        self.explanation.setText(self.tr(
            "Deadlines are counted in working days: weekends, public holidays and the days off the "
            "Government moves by decree are skipped. When a new decree or the date of Kurban Ait is "
            "announced, enter it below: the deadlines of open requests are counted again at once."))
        self.year_caption.setText(self.tr("Year:"))
        for kind, text in ((WEEKEND, self.tr("Weekend")), (HOLIDAY, self.tr("Public holiday")),
                           (DECREE_OFF, self.tr("Day off by decree")), (OVERRIDE_OFF, self.tr("Your change")),
                           (WORKING_WEEKEND, self.tr("Working day by decree"))):
            self.legend_labels[kind].setText(text)
        self.overrides_box.setTitle(self.tr("Your changes to the calendar"))
        self.table.setHorizontalHeaderLabels([self.tr("Day"), self.tr("Change"), self.tr("Reason")])
        self.remove_button.setText(self.tr("Remove…"))
        self.day_caption.setText(self.tr("Day:"))
        self.kind_caption.setText(self.tr("Change:"))
        self.reason_caption.setText(self.tr("Reason:"))
        self.reason_edit.setPlaceholderText(self.tr("e.g. Government decree No. 123 of 15.01.2026"))
        for index, kind in enumerate(KINDS):
            self.kind_combo.setItemText(index, self.kind_text(kind.value))
        self.add_button.setText(self.tr("Add the change"))
