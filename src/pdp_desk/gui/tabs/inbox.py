"""Inbox tab: subjects' requests with their working-day deadlines, nearest due date first.

Filters above the table narrow it in SQL (the model reads pages by keyset, never the whole
table); a request opens in its detail window, where its workflow steps and the actions the law
asks for are; "New request…" registers one; "Journal for inspector…" exports the journal.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QPushButton, QSizePolicy, QTableView, QVBoxLayout,
                               QWidget)

from pdp_desk.domain.deadlines import RequestType
from pdp_desk.domain.deadlines import label as type_label
from pdp_desk.domain.workflow import RequestState, state_label
from pdp_desk.gui import i18n
from pdp_desk.gui.due_colors import Legend
from pdp_desk.gui.formats import format_number
from pdp_desk.gui.inbox_model import (ACTION_DUE, ANSWER_DUE, DAYS_LEFT, NUMBER, RECEIVED, STATE, SUBJECT,
                                      TYPE, InboxModel)
from pdp_desk.gui.journal_dialog import JournalDialog
from pdp_desk.gui.morning import read_summary
from pdp_desk.gui.request_detail import RequestDetailDialog
from pdp_desk.gui.request_form import RequestForm
from pdp_desk.services import directory
from pdp_desk.services.inbox import InboxFilter
from pdp_desk.store.database import Database

SEARCH_DELAY_MS = 300
# Column widths at 1280 px (the subject and type columns take what is left).
WIDTHS = {NUMBER: 125, RECEIVED: 118, STATE: 150, ANSWER_DUE: 100, ACTION_DUE: 100, DAYS_LEFT: 100}


class InboxTab(QWidget):
    """`request_changed` is emitted after any change made from here (the status bar recounts)."""

    request_changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.detail = None          # the open RequestDetailDialog, if any
        self.form = None            # the open RequestForm, if any
        self.journal = None         # the open JournalDialog, if any
        with db.read() as session:
            self.operators = directory.operators(session)
            self.staff = directory.staff(session)

        self.new_button = QPushButton()
        self.new_button.setObjectName("newRequest")
        self.new_button.clicked.connect(self.new_request)
        self.journal_button = QPushButton()
        self.journal_button.clicked.connect(self.export_journal)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        self.summary_label = QLabel()
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        # The figures never widen the window (Kazakh is long): they are cut, the status bar has them too.
        self.summary_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        self.type_filter = QComboBox()
        self.state_filter = QComboBox()
        self.operator_filter = QComboBox()
        self.staff_filter = QComboBox()
        self.scope_filter = QComboBox()
        self.overdue_check = QCheckBox()
        self.search_edit = QLineEdit()
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMaximumWidth(150)
        # Long names (operators, Kazakh types) must not push the window past 1280 pixels.
        for combo, length in ((self.type_filter, 14), (self.state_filter, 10), (self.operator_filter, 10),
                              (self.staff_filter, 10), (self.scope_filter, 10)):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(length)
        self._fill_filters()
        self.filter_captions = [QLabel() for _ in range(5)]
        top = QHBoxLayout()
        top.addWidget(self.new_button)
        top.addWidget(self.journal_button)
        top.addSpacing(12)
        top.addWidget(self.summary_label, 1)
        top.addWidget(self.filter_captions[4])
        top.addWidget(self.search_edit)
        top.addWidget(self.refresh_button)
        self.filter_captions[4].setBuddy(self.search_edit)
        filters = QHBoxLayout()
        for caption, widget in zip(self.filter_captions, (self.type_filter, self.state_filter,
                                                          self.operator_filter, self.staff_filter)):
            caption.setBuddy(widget)
            filters.addWidget(caption)
            filters.addWidget(widget, 1)
        filters.addWidget(self.scope_filter, 1)
        filters.addWidget(self.overdue_check)

        self.model = InboxModel(db, self)
        self.table = QTableView()
        self.table.setObjectName("inboxTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(False)   # row colours would fight the deadline colours
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        # Two-line titles: "Осталось раб. дней", "Жауап беру мерзімі" fit narrow date columns.
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag(Qt.TextFlag.TextWordWrap.value))
        header.setMinimumHeight(2 * self.fontMetrics().height() + 8)
        for column, width in WIDTHS.items():
            header.resizeSection(column, width)
        header.setSectionResizeMode(TYPE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(SUBJECT, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self.open_index)
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.table, activated=self.open_current,
                  context=Qt.ShortcutContext.WidgetShortcut)
        QShortcut(QKeySequence(Qt.Key.Key_Enter), self.table, activated=self.open_current,
                  context=Qt.ShortcutContext.WidgetShortcut)

        self.legend = Legend()
        self.count_label = QLabel()
        bottom = QHBoxLayout()
        bottom.addWidget(self.legend, 1)
        bottom.addWidget(self.count_label)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search_edit.textChanged.connect(lambda _text: self._search_timer.start())
        for combo in (self.type_filter, self.state_filter, self.operator_filter, self.staff_filter,
                      self.scope_filter):
            combo.currentIndexChanged.connect(self.apply_filters)
        self.overdue_check.toggled.connect(self.apply_filters)
        self.model.rowsInserted.connect(self._update_count)
        self.model.modelReset.connect(self._update_count)

        self.summary = None
        self.retranslate()
        self.apply_filters()

    # --- filters --------------------------------------------------------------------------------

    def _fill_filters(self) -> None:
        self.type_filter.addItem("", None)
        for request_type in RequestType:
            self.type_filter.addItem("", request_type.value)
        self.state_filter.addItem("", None)
        for state in RequestState:
            self.state_filter.addItem("", state.value)
        self.operator_filter.addItem("", None)
        for operator in self.operators:
            self.operator_filter.addItem(operator.name, operator.id)
        self.staff_filter.addItem("", None)
        for person in self.staff:
            self.staff_filter.addItem(person.full_name, person.id)
        self.scope_filter.addItem("", True)
        self.scope_filter.addItem("", False)

    def current_filter(self) -> InboxFilter:
        request_type, state = self.type_filter.currentData(), self.state_filter.currentData()
        # A closed request is never open: choosing "closed" shows all requests whatever the scope.
        open_only = bool(self.scope_filter.currentData()) and state != RequestState.CLOSED.value
        return InboxFilter(types=(request_type,) if request_type else (),
                           states=(state,) if state else (),
                           operator_id=self.operator_filter.currentData(),
                           responsible_staff_id=self.staff_filter.currentData(),
                           overdue_only=self.overdue_check.isChecked(), open_only=open_only,
                           text=self.search_edit.text().strip())

    def apply_filters(self) -> None:
        self._search_timer.stop()
        self.model.set_filter(self.current_filter())
        self.refresh_summary()

    def refresh(self) -> None:
        """Read again, keeping the selected request selected when it is still shown."""
        selected = self.selected_request_id()
        self.model.refresh()
        self.refresh_summary()
        if selected:
            self.select_request(selected)

    def refresh_summary(self) -> None:
        """The morning figures above the table (the same as the status bar's)."""
        self.summary = read_summary(self.db)
        self._show_summary()

    def _show_summary(self) -> None:
        s = self.summary
        if s is None:
            self.summary_label.setText("")
            return
        parts = [self.tr("Overdue: %1").replace("%1", format_number(s.overdue)),
                 self.tr("Due today: %1").replace("%1", format_number(s.due_today)),
                 self.tr("Due within 2 working days: %1").replace("%1", format_number(s.due_soon))]
        styles = ["color:#7a0000;font-weight:bold" if s.overdue else "",
                  "color:#6b2f00;font-weight:bold" if s.due_today else "", ""]
        self.summary_label.setText(" · ".join(f'<span style="{st}">{p}</span>' if st else p
                                              for p, st in zip(parts, styles)))

    def _update_count(self, *_args) -> None:
        shown, total = self.model.rowCount(), self.model.total
        if shown >= total:
            self.count_label.setText(self.tr("%n request(s)", "", total))
        else:
            self.count_label.setText(self.tr("%1 of %2 shown (scroll down for more)")
                                     .replace("%1", format_number(shown)).replace("%2", format_number(total)))

    # --- requests ------------------------------------------------------------------------------

    def selected_request_id(self) -> str | None:
        index = self.table.currentIndex()
        row = self.model.row_at(index.row()) if index.isValid() else None
        return row.id if row else None

    def select_request(self, request_id: str) -> bool:
        row = self.model.row_of(request_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def open_current(self) -> None:
        self.open_index(self.table.currentIndex())

    def open_index(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row()) if index.isValid() else None
        if row is not None:
            self.open_request(row.id)

    def open_request(self, request_id: str):
        """Show the request's detail window (one at a time); returns it."""
        if self.detail is not None:
            self.detail.close()
        self.detail = RequestDetailDialog(self.db, request_id, self)
        self.detail.changed.connect(self._changed)
        self.detail.show()
        return self.detail

    def new_request(self):
        """Open the registration form; a saved request is selected in the table."""
        self.form = RequestForm(self.db, self)
        self.form.accepted.connect(self._registered)
        self.form.open()
        return self.form

    def _registered(self) -> None:
        request_id = self.form.request_id if self.form is not None else None
        self._changed()
        if request_id:
            self.select_request(request_id)

    def _changed(self, *_args) -> None:
        self.refresh()
        self.request_changed.emit()

    def export_journal(self):
        self.journal = JournalDialog(self.db, self)
        self.journal.open()
        return self.journal

    # --- language -------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        language = i18n.current()
        self.new_button.setText(self.tr("New request…"))
        self.journal_button.setText(self.tr("Journal for inspector…"))
        self.refresh_button.setText(self.tr("Refresh"))
        for caption, text in zip(self.filter_captions, (self.tr("Type:"), self.tr("State:"),
                                                        self.tr("Operator:"), self.tr("Responsible:"),
                                                        self.tr("No.:"))):
            caption.setText(text)
        self.type_filter.setItemText(0, self.tr("All types"))
        for index, request_type in enumerate(RequestType, 1):
            self.type_filter.setItemText(index, type_label(request_type, language))
        self.state_filter.setItemText(0, self.tr("All states"))
        for index, state in enumerate(RequestState, 1):
            self.state_filter.setItemText(index, state_label(state, language))
        self.operator_filter.setItemText(0, self.tr("All operators"))
        self.staff_filter.setItemText(0, self.tr("Everyone"))
        self.scope_filter.setItemText(0, self.tr("Open requests"))
        self.scope_filter.setItemText(1, self.tr("All requests"))
        self.overdue_check.setText(self.tr("Overdue only"))
        self.search_edit.setPlaceholderText(self.tr("Part of the number"))
        self._show_summary()
        self._update_count()
        # The model's texts (types, states, clocks' words) come with the rows: read them again,
        # keeping the selected request selected (a language switch must not lose one's place).
        if self.model.pages_loaded:
            selected = self.selected_request_id()
            self.model.refresh()
            if selected:
                self.select_request(selected)
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.model.columnCount() - 1)
