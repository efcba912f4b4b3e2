"""Register tab: every data subject, found however the phone was written, filtered and sorted in SQL.

The table reads pages through RegisterModel (never the whole register); the search box and the
filters become one services.register.RegisterFilter. A double-click opens the subject's card.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPen, QShowEvent
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QPushButton, QSpinBox, QStyle, QStyledItemDelegate,
                               QStyleOptionViewItem, QTableView, QVBoxLayout, QWidget)

from pdp_desk.gui import register_errors, register_labels
from pdp_desk.gui.register_model import (CATEGORY, CONSENTS, CONSENTS_ROLE, DESTRUCTION, EMAILS, ID_ROLE,
                                         NAME, PHONES, SORTABLE, STATUS, RegisterModel)
from pdp_desk.gui.subject_card import SubjectCard
from pdp_desk.gui.subject_form import SubjectForm
from pdp_desk.services import directory
from pdp_desk.services.register import RegisterFilter
from pdp_desk.store.database import Database

SEARCH_DELAY_MS = 300
# Colour and symbol together: the marks are read without colour too.
MARK_STYLE = {"given": ("#2e7d32", "#e8f5e9", "✓"), "withdrawn": ("#b71c1c", "#ffebee", "✗"),
              "expired": ("#8d6e00", "#fff8e1", "◷"), "none": ("#9e9e9e", "#ffffff", "–")}


class ConsentMarks(QStyledItemDelegate):
    """Three small marks, one per purpose (website, marketing, delivery): letter and symbol."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        marks = index.data(CONSENTS_ROLE)
        if not marks:
            super().paint(painter, option, index)
            return
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight())
        painter.save()
        height = min(option.rect.height() - 6, 20)
        width = max(height + 12, option.fontMetrics.horizontalAdvance("W✓") + 8)
        x, y = option.rect.x() + 4, option.rect.y() + (option.rect.height() - height) // 2
        for code, state in marks:
            fg, bg, symbol = MARK_STYLE.get(state, MARK_STYLE["none"])
            box = QRect(x, y, width, height)
            painter.setPen(QPen(QColor(fg)))
            painter.setBrush(QColor(bg))
            painter.drawRoundedRect(box, 3, 3)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, register_labels.purpose_letter(code) + symbol)
            x += width + 4
        painter.restore()


class RegisterTab(QWidget):
    register_changed = Signal()   # a subject added, corrected, merged or imported

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self._dialogs: list[QWidget] = []
        self.model = RegisterModel(db, self)
        self.model.count_known.connect(self._show_count)
        self.model.loading_changed.connect(lambda _busy: self._show_count())
        self.model.load_failed.connect(self._load_failed)

        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setMaxLength(300)
        self.search.textChanged.connect(lambda _text: self._debounce.start())
        self.search.returnPressed.connect(self.apply_filter)
        self.new_button = QPushButton()
        self.new_button.clicked.connect(self.new_subject)
        self.import_button = QPushButton()
        self.import_button.clicked.connect(self.import_file)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.new_button)
        top.addWidget(self.import_button)

        self.category = QComboBox()
        self.status = QComboBox()
        self.operator = QComboBox()
        self.purpose = QComboBox()
        self.consent_state = QComboBox()
        self.due = QCheckBox()
        self.sort = QComboBox()
        # The filters name themselves ("All categories", "Any purpose"): no captions, so the row
        # fits a 1280-pixel screen in every language.
        self.sort_caption = QLabel()
        filters = QHBoxLayout()
        for combo in (self.category, self.status, self.operator, self.purpose, self.consent_state):
            filters.addWidget(combo)
        filters.addWidget(self.due)
        filters.addStretch(1)
        filters.addWidget(self.sort_caption)
        filters.addWidget(self.sort)
        self._fill_combos()
        for combo in (self.category, self.status, self.operator, self.purpose, self.consent_state):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.sort.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.due.toggled.connect(lambda _on: self.apply_filter())

        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setItemDelegateForColumn(CONSENTS, ConsentMarks(self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 10)
        # Fixed row heights: with a million rows Qt must not measure each one.
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.view.horizontalHeader()
        header.setSectionsClickable(True)
        header.sectionClicked.connect(self._header_clicked)
        header.setStretchLastSection(False)
        for column, width in ((CATEGORY, 160), (NAME, 270), (PHONES, 150), (EMAILS, 220), (STATUS, 100),
                              (CONSENTS, 130), (DESTRUCTION, 130)):
            self.view.setColumnWidth(column, width)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        # activated: a double-click or Enter, as the platform has it (connecting doubleClicked as
        # well would open the card twice).
        self.view.activated.connect(lambda index: self.open_card(index.data(ID_ROLE)))

        self.count_label = QLabel()
        self.go_caption = QLabel()
        self.go_row = QSpinBox()
        self.go_row.setRange(1, 1)
        self.go_row.setMinimumWidth(110)
        self.go_button = QPushButton()
        self.go_button.clicked.connect(lambda: self.go_to_row(self.go_row.value() - 1))
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.open_selected)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.open_button)
        bottom.addSpacing(16)
        bottom.addWidget(self.go_caption)
        bottom.addWidget(self.go_row)
        bottom.addWidget(self.go_button)

        self.legend = QLabel()
        self.legend.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.legend)
        layout.addLayout(bottom)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.apply_filter)
        self._pending_row: int | None = None
        self._stale = False
        self.retranslate()
        self.apply_filter()

    # --- filter, sort, paging ---------------------------------------------------------------

    def _fill_combos(self) -> None:
        for combo, values in ((self.category, register_labels.CATEGORIES), (self.status, register_labels.STATUSES),
                              (self.purpose, register_labels.PURPOSE_CODES),
                              (self.consent_state, ("given", "withdrawn", "expired", "none"))):
            combo.addItem("", None)
            for value in values:
                combo.addItem("", value)
        self.operator.addItem("", None)
        try:
            with self.db.read() as session:
                for item in directory.operators(session):
                    self.operator.addItem(item.name, item.id)
        except Exception:  # noqa: BLE001 - the filter is still usable without operators
            pass
        # Long names (categories, operators) must not widen the window beyond a laptop screen.
        for combo in (self.category, self.status, self.operator, self.purpose, self.consent_state, self.sort):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(10 if combo is self.sort else 14)
        for code in ("name", "created", "next_destruction"):
            self.sort.addItem("", code)

    def current_filter(self) -> RegisterFilter:
        return RegisterFilter(category=self.category.currentData(), status=self.status.currentData(),
                              operator_id=self.operator.currentData(), purpose=self.purpose.currentData(),
                              consent_state=self.consent_state.currentData(),
                              due_for_destruction=True if self.due.isChecked() else None,
                              text=self.search.text().strip())

    def apply_filter(self) -> None:
        self._debounce.stop()
        flt = self.current_filter()
        sort = self.sort.currentData() or "name"
        if flt == self.model.filter and sort == self.model.sort_code and self.model.generation:
            return
        self.model.set_query(flt, sort)
        column = next((c for c, code in SORTABLE.items() if code == sort), -1)
        self.view.horizontalHeader().setSortIndicatorShown(column >= 0)
        if column >= 0:
            self.view.horizontalHeader().setSortIndicator(column, Qt.SortOrder.AscendingOrder)
        self._show_count()

    def refresh(self) -> None:
        """Read again (after a change): same filter, same sort, from the top."""
        self.model.refresh()
        self._show_count()

    def _header_clicked(self, column: int) -> None:
        code = SORTABLE.get(column)
        if code is not None:
            self.sort.setCurrentIndex(self.sort.findData(code))  # applies the sort
        column = next((c for c, c_code in SORTABLE.items() if c_code == (self.sort.currentData() or "name")), -1)
        if column >= 0:
            self.view.horizontalHeader().setSortIndicator(column, Qt.SortOrder.AscendingOrder)

    def _show_count(self, _total: int | None = None) -> None:
        total = self.model.total
        if total is None:
            self.count_label.setText(self.tr("Counting…"))
        else:
            # %Ln: the count grouped the language's way (1 000 000), with the plural to match.
            self.count_label.setText(self.tr("%Ln subject(s)", "", total))
            self.go_row.setRange(1, max(1, total))
        self.go_row.setEnabled(total is not None and total > 0)
        self.go_button.setEnabled(total is not None and total > 0)
        if total is not None and self._pending_row is not None:
            row, self._pending_row = self._pending_row, None
            self.go_to_row(row)

    def go_to_row(self, row: int) -> bool:
        """Show row `row` (0-based) at the top and select it; its page is read if needed."""
        if self.model.total is None:
            self._pending_row = row  # done when the count is known
            return False
        if not 0 <= row < self.model.total:
            return False
        index = self.model.index(row, NAME)
        self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtTop)
        self.view.selectRow(row)
        self.model.data(index)  # asks for the row's page now, before the paint does
        return True

    def _load_failed(self, error: Exception) -> None:
        self._box = register_errors.show(self, error, self.tr("The register could not be read"))

    # --- subjects ---------------------------------------------------------------------------

    def selected_id(self) -> str | None:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].data(ID_ROLE) if rows else None

    def open_selected(self) -> SubjectCard | None:
        return self.open_card(self.selected_id())

    def open_card(self, subject_id: str | None) -> SubjectCard | None:
        if not subject_id:
            return None
        card = SubjectCard(self.db, subject_id, self)
        card.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        card.changed.connect(lambda _id: self._changed())
        card.open()
        self._keep(card)
        return card

    def new_subject(self) -> SubjectForm:
        form = SubjectForm(self.db, parent=self)
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.saved.connect(lambda _id: self._changed())
        form.open()
        self._keep(form)
        return form

    def import_file(self, path=None):
        from pdp_desk.gui.import_dialog import ImportDialog

        dialog = ImportDialog(self.db, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(self._changed)
        dialog.open()
        if path is not None:
            dialog.load(path)
        self._keep(dialog)
        return dialog

    def _keep(self, widget: QWidget) -> None:
        self._dialogs = [d for d in self._dialogs if _alive(d)] + [widget]

    def _changed(self) -> None:
        self.refresh()
        self.register_changed.emit()

    def mark_stale(self) -> None:
        """Another tab changed subjects (a consent recorded): read again when next shown."""
        self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self._stale = False
            self.refresh()
        super().showEvent(event)

    # --- language ---------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.search.setPlaceholderText(self.tr("Find: phone in any spelling, e-mail, IIN or part of a name"))
        self.new_button.setText(self.tr("New subject…"))
        self.import_button.setText(self.tr("Import…"))
        self.sort_caption.setText(self.tr("Sort:"))
        self.category.setItemText(0, self.tr("All categories"))
        for i in range(1, self.category.count()):
            self.category.setItemText(i, register_labels.category(self.category.itemData(i)))
        self.status.setItemText(0, self.tr("Any status"))
        for i in range(1, self.status.count()):
            self.status.setItemText(i, register_labels.status(self.status.itemData(i)))
        self.operator.setItemText(0, self.tr("All operators"))
        self.purpose.setItemText(0, self.tr("Any purpose"))
        for i in range(1, self.purpose.count()):
            self.purpose.setItemText(i, register_labels.purpose(self.purpose.itemData(i)))
        self.consent_state.setItemText(0, self.tr("Any consent"))
        for i in range(1, self.consent_state.count()):
            self.consent_state.setItemText(i, register_labels.consent_state(self.consent_state.itemData(i)))
        self.due.setText(self.tr("due for destruction"))
        for i, text in enumerate((self.tr("name"), self.tr("date added"), self.tr("destruction date"))):
            self.sort.setItemText(i, text)
        self.go_caption.setText(self.tr("Go to row:"))
        self.go_button.setText(self.tr("Go"))
        self.open_button.setText(self.tr("Open card"))
        letters = "   ".join(f"{register_labels.purpose_letter(c)} — {register_labels.purpose(c)}"
                             for c in register_labels.PURPOSE_CODES)
        self.legend.setText(self.tr("Consents: %1.   ✓ given   ✗ withdrawn   ◷ expired   – none").replace("%1", letters))
        self.model.retranslate()
        self._show_count()


def _alive(widget: QWidget) -> bool:
    try:
        return widget.isVisible()
    except RuntimeError:  # deleted on close
        return False
