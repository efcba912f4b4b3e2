"""Registering a request: the dialog a shop manager fills in when a request comes in.

Everything the law's clock needs is asked here: the channel, the moment it was received (the
clock runs from receipt, not from typing), who asks (the subject, or a representative with the
document that gives authority), the type, the subject (found in the register forgivingly, or
entered new), the text, files, the responsible person and the operator addressed.

Save runs `register_request` in one transaction: on a refusal nothing is written and the
message appears next to the field at fault (or in a box when no field is named).
"""
from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QDateTime, QEvent, QLocale, Qt, QTimer
from PySide6.QtWidgets import (QAbstractItemView, QButtonGroup, QCheckBox, QComboBox, QDateTimeEdit,
                               QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QGridLayout, QGroupBox,
                               QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QMessageBox, QPlainTextEdit, QPushButton, QRadioButton,
                               QStackedWidget, QVBoxLayout, QWidget)

from pdp_desk.domain.catalogue import SUBJECT_CATEGORY_LABELS, SubjectCategory
from pdp_desk.domain.deadlines import SUBJECT_REQUESTS, RequestType
from pdp_desk.domain.deadlines import label as type_label
from pdp_desk.domain.localtime import KAZAKHSTAN
from pdp_desk.domain.workflow import Channel, RequesterKind, channel_label
from pdp_desk.gui import i18n, service_errors, moments, prefs
from pdp_desk.services import directory
from pdp_desk.services.requests import NewRequest, attachment_limit, register_request
from pdp_desk.services.subjects import SubjectInput, find_subjects
from pdp_desk.store.database import Database

ERROR_STYLE = "color:#b00020"
SEARCH_DELAY_MS = 250        # wait for a pause in typing before searching
SEARCH_LIMIT = 30
FUTURE_SKEW = timedelta(minutes=5)   # as the service: a PC clock a little behind is no error
REQUEST_TYPES = tuple(t for t in RequestType if t in SUBJECT_REQUESTS)
CHANNELS = tuple(c for c in Channel if c is not Channel.INTERNAL)
_LAST_OPERATOR, _LAST_STAFF = "inbox/last_operator", "inbox/last_staff"


def data_size(size: int) -> str:
    """1.5 MB, 300 KB: in the interface language."""
    whole = size % (1024 * 1024) == 0 or size < 1024
    return QLocale().formattedDataSize(size, 0 if whole else 1, QLocale.DataSizeFormat.DataSizeTraditionalFormat)


def error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


class RequestForm(QDialog):
    """`request_id` holds the new request's id once Save has succeeded (the dialog accepts)."""

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.request_id: str | None = None
        self.files: list[tuple[str, bytes]] = []
        self.error_box: QMessageBox | None = None
        with db.read() as session:
            self.operators = directory.operators(session, active_only=True)
            self.staff = directory.staff(session, active_only=True)
            self.max_bytes = attachment_limit(session)
        self._build()
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.search_now)
        self.search_edit.textChanged.connect(lambda _text: self._search_timer.start())
        self.retranslate()
        self.resize(980, 660)

    # --- building -----------------------------------------------------------------------------

    def _build(self) -> None:
        self.errors: dict[str, QLabel] = {}

        # Left: about the request.
        self.request_box = QGroupBox()
        form = QFormLayout(self.request_box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.type_combo = QComboBox()
        self.channel_combo = QComboBox()
        self.received_edit = QDateTimeEdit()
        self.received_edit.setDisplayFormat("dd.MM.yyyy HH:mm")
        self.received_edit.setCalendarPopup(True)
        self.received_edit.setDateTime(self._qt_moment(moments.now()))
        self.operator_combo = QComboBox()
        self.staff_combo = QComboBox()
        self.reply_edit = QLineEdit()
        self.language_combo = QComboBox()
        # A correction's 1-day clock starts when the supporting documents are in hand.
        self.documents_check = QCheckBox()
        self.captions: dict[str, QLabel] = {}
        for name, widget in (("type", self.type_combo), ("channel", self.channel_combo),
                             ("received_at", self.received_edit), ("operator_id", self.operator_combo),
                             ("responsible_staff_id", self.staff_combo), ("reply_to", self.reply_edit),
                             ("language", self.language_combo)):
            self._add_row(form, name, widget)
        form.addRow("", self.documents_check)
        self.type_combo.currentIndexChanged.connect(self._type_changed)

        # Who asks.
        self.requester_box = QGroupBox()
        requester = QFormLayout(self.requester_box)
        self.subject_radio, self.representative_radio = QRadioButton(), QRadioButton()
        self.subject_radio.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.subject_radio)
        group.addButton(self.representative_radio)
        radios = QHBoxLayout()
        radios.addWidget(self.subject_radio)
        radios.addWidget(self.representative_radio)
        radios.addStretch(1)
        requester.addRow(radios)
        self.requester_error = self._error("requester_kind")
        requester.addRow(self.requester_error)
        self.representative_edit = QLineEdit()
        self.authority_edit = QLineEdit()
        self._add_row(requester, "representative_name", self.representative_edit)
        self._add_row(requester, "authority_document", self.authority_edit)
        self.representative_radio.toggled.connect(self._requester_changed)
        self._requester_changed()

        for combo in (self.type_combo, self.channel_combo, self.operator_combo, self.staff_combo):
            # long names must not widen the form past a laptop screen
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(24)

        # Right: whom it is about, what it says, the files.
        self.subject_box = QGroupBox()
        subject = QVBoxLayout(self.subject_box)
        self.find_radio, self.new_radio = QRadioButton(), QRadioButton()
        self.find_radio.setChecked(True)
        subject_group = QButtonGroup(self)
        subject_group.addButton(self.find_radio)
        subject_group.addButton(self.new_radio)
        row = QHBoxLayout()
        row.addWidget(self.find_radio)
        row.addWidget(self.new_radio)
        row.addStretch(1)
        subject.addLayout(row)
        self.subject_pages = QStackedWidget()
        find_page = QWidget()
        find = QVBoxLayout(find_page)
        find.setContentsMargins(0, 0, 0, 0)
        self.search_edit = QLineEdit()
        self.search_edit.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setMinimumHeight(90)
        self.results_note = QLabel()
        self.results_note.setEnabled(False)
        find.addWidget(self.search_edit)
        find.addWidget(self.results, 1)
        find.addWidget(self.results_note)
        new_page = QWidget()
        new = QFormLayout(new_page)
        new.setContentsMargins(0, 0, 0, 0)
        self.name_edit, self.phone_edit, self.email_edit = QLineEdit(), QLineEdit(), QLineEdit()
        self.category_combo = QComboBox()
        for name, widget in (("full_name", self.name_edit), ("phones", self.phone_edit),
                             ("emails", self.email_edit), ("category", self.category_combo)):
            self._add_row(new, name, widget)
        self.subject_pages.addWidget(find_page)
        self.subject_pages.addWidget(new_page)
        subject.addWidget(self.subject_pages, 1)
        subject.addWidget(self._error("subject"))
        self.new_radio.toggled.connect(lambda on: self.subject_pages.setCurrentIndex(1 if on else 0))

        self.text_box = QGroupBox()
        text = QVBoxLayout(self.text_box)
        self.text_edit = QPlainTextEdit()
        self.text_edit.setTabChangesFocus(True)
        text.addWidget(self.text_edit)
        text.addWidget(self._error("text"))

        self.files_box = QGroupBox()
        files = QGridLayout(self.files_box)
        self.files_list = QListWidget()
        self.files_list.setMaximumHeight(70)
        self.add_file_button, self.remove_file_button = QPushButton(), QPushButton()
        self.add_file_button.clicked.connect(self.choose_files)
        self.remove_file_button.clicked.connect(self.remove_file)
        self.files_limit = QLabel()
        self.files_limit.setEnabled(False)
        files.addWidget(self.files_list, 0, 0, 3, 1)
        files.addWidget(self.add_file_button, 0, 1)
        files.addWidget(self.remove_file_button, 1, 1)
        files.addWidget(self.files_limit, 3, 0, 1, 2)
        files.addWidget(self._error("attachments"), 4, 0, 1, 2)

        left = QVBoxLayout()
        left.addWidget(self.request_box)
        left.addWidget(self.requester_box)
        left.addWidget(self.text_box, 1)
        right = QVBoxLayout()
        right.addWidget(self.subject_box, 1)
        right.addWidget(self.files_box, 0)

        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)

        self.general_error = error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)

        self._fill_lists()

    def _error(self, name: str) -> QLabel:
        label = self.errors.get(name)
        if label is None:
            label = self.errors[name] = error_label()
        return label

    def _add_row(self, form: QFormLayout, name: str, widget: QWidget) -> None:
        """A field with its caption, and its error line under it (hidden until needed)."""
        caption = QLabel()
        caption.setBuddy(widget)
        self.captions[name] = caption
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(self._error(name))
        form.addRow(caption, box)

    def _fill_lists(self) -> None:
        self.operator_combo.addItem("—", None)
        for operator in self.operators:
            self.operator_combo.addItem(operator.name, operator.id)
        self.staff_combo.addItem("—", None)
        for person in self.staff:
            text = f"{person.full_name} ({person.position})" if person.position else person.full_name
            self.staff_combo.addItem(text, person.id)
        # The shop usually answers for the same operator and person: start from the last choice.
        settings = prefs.settings()
        for combo, key in ((self.operator_combo, _LAST_OPERATOR), (self.staff_combo, _LAST_STAFF)):
            index = combo.findData(settings.value(key))
            if index > 0:
                combo.setCurrentIndex(index)
            elif combo.count() == 2:  # exactly one to choose from
                combo.setCurrentIndex(1)
        for _ in REQUEST_TYPES:
            self.type_combo.addItem("")
        for _ in CHANNELS:
            self.channel_combo.addItem("")
        for _ in SubjectCategory:
            self.category_combo.addItem("")
        self.language_combo.addItem("Русский", "ru")
        self.language_combo.addItem("Қазақша", "kk")
        if i18n.current() == "kk":
            self.language_combo.setCurrentIndex(1)

    # --- language -------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        language = i18n.current()
        self.setWindowTitle(self.tr("New request"))
        self.request_box.setTitle(self.tr("The request"))
        self.requester_box.setTitle(self.tr("Who asks"))
        self.subject_box.setTitle(self.tr("Whom it is about"))
        self.text_box.setTitle(self.tr("Text of the request"))
        self.files_box.setTitle(self.tr("Files (scans, letters)"))
        captions = {
            "type": self.tr("Type:"), "channel": self.tr("Channel:"),
            "received_at": self.tr("Received:"), "operator_id": self.tr("Operator:"),
            "responsible_staff_id": self.tr("Responsible:"), "reply_to": self.tr("Answer to:"),
            "language": self.tr("Language of the answer:"),
            "representative_name": self.tr("Representative:"),
            "authority_document": self.tr("Authority document:"),
            "full_name": self.tr("Full name:"), "phones": self.tr("Phone:"),
            "emails": self.tr("E-mail:"), "category": self.tr("Category:"),
        }
        for name, text in captions.items():
            self.captions[name].setText(text)
        self.received_edit.setToolTip(self.tr("When the request reached the shop, in Kazakhstan time: "
                                              "the deadline is counted from this day."))
        self.reply_edit.setPlaceholderText(self.tr("E-mail or postal address for the answer"))
        self.authority_edit.setPlaceholderText(self.tr("e.g. power of attorney No. 15 of 02.03.2026"))
        self.subject_radio.setText(self.tr("The subject in person"))
        self.representative_radio.setText(self.tr("A representative"))
        self.find_radio.setText(self.tr("Find in the register"))
        self.new_radio.setText(self.tr("New person"))
        self.search_edit.setPlaceholderText(self.tr("Name, phone, e-mail or IIN"))
        self.add_file_button.setText(self.tr("Add files…"))
        self.remove_file_button.setText(self.tr("Remove"))
        self.files_limit.setText(self.tr("Up to %1 per file.").replace("%1", data_size(self.max_bytes)))
        for index, request_type in enumerate(REQUEST_TYPES):
            self.type_combo.setItemText(index, type_label(request_type, language))
        for index, channel in enumerate(CHANNELS):
            self.channel_combo.setItemText(index, channel_label(channel, language))
        for index, category in enumerate(SubjectCategory):
            self.category_combo.setItemText(index, SUBJECT_CATEGORY_LABELS[category][language])
        self.save_button.setText(self.tr("Save"))
        self.documents_check.setText(self.tr("The supporting documents came with the request"))
        self.documents_check.setToolTip(self.tr("The 1-working-day clock of a correction starts when the "
                                                "documents are in hand. If they come later, record them in "
                                                "the request."))
        self._type_changed()

    # --- the subject ----------------------------------------------------------------------------

    def search_now(self) -> None:
        """Look the typed text up in the register and list who matches."""
        self._search_timer.stop()
        query = self.search_edit.text().strip()
        self.results.clear()
        if not query:
            self.results_note.setText("")
            return
        with self.db.read() as session:
            hits = find_subjects(session, query, limit=SEARCH_LIMIT)
        for hit in hits:
            contacts = ", ".join((*hit.phones[:1], *hit.emails[:1]))
            text = hit.full_name or self.tr("(no name)")
            if contacts:
                text += f" · {contacts}"
            if hit.status == "blocked":
                text += " · " + self.tr("blocked")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, hit.id)
            self.results.addItem(item)
        if len(hits) == 1:
            self.results.setCurrentRow(0)
        if not hits:
            self.results_note.setText(self.tr("Nobody found. Check the spelling, or enter a new person."))
        elif len(hits) >= SEARCH_LIMIT:
            self.results_note.setText(self.tr("Showing the first %1: type more to narrow the search.")
                                      .replace("%1", str(SEARCH_LIMIT)))
        else:
            self.results_note.setText(self.tr("%n found", "", len(hits)))

    def chosen_subject_id(self) -> str | None:
        item = self.results.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None and item.isSelected() else None

    # --- files ----------------------------------------------------------------------------------

    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Attach files"))
        self.add_files([Path(p) for p in paths])

    def add_files(self, paths: list[Path]) -> bool:
        """Read the files now (so a file moved later is still kept); refuse one past the limit."""
        self._set_error("attachments", "")
        for path in paths:
            try:
                size = path.stat().st_size
                if size > self.max_bytes:
                    self._set_error("attachments", self.tr(
                        "The file “%1” is %2; files up to %3 can be attached. Attach a smaller file "
                        "(for example a scan in a lower resolution).")
                        .replace("%1", path.name).replace("%2", data_size(size))
                        .replace("%3", data_size(self.max_bytes)))
                    return False
                content = path.read_bytes()
            except OSError:
                self._set_error("attachments", self.tr("The file “%1” cannot be read.").replace("%1", path.name))
                return False
            self.files.append((path.name, content))
            self.files_list.addItem(f"{path.name} ({data_size(len(content))})")
        return True

    def remove_file(self) -> None:
        row = self.files_list.currentRow()
        if row >= 0:
            self.files_list.takeItem(row)
            del self.files[row]

    # --- saving -------------------------------------------------------------------------------

    def _type_changed(self) -> None:
        self.documents_check.setVisible(REQUEST_TYPES[self.type_combo.currentIndex()] is RequestType.CORRECTION)

    def _requester_changed(self) -> None:
        on = self.representative_radio.isChecked()
        for name, widget in (("representative_name", self.representative_edit),
                             ("authority_document", self.authority_edit)):
            widget.setEnabled(on)
            self.captions[name].setEnabled(on)

    @staticmethod
    def _qt_moment(moment: datetime) -> QDateTime:
        local = moment.astimezone(KAZAKHSTAN)
        return QDateTime(local.year, local.month, local.day, local.hour, local.minute, 0)

    def received_at(self) -> datetime:
        """The typed moment, read as Kazakhstan time whatever the PC's zone."""
        value = self.received_edit.dateTime()
        d, t = value.date(), value.time()
        return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=KAZAKHSTAN)

    def new_request(self) -> NewRequest:
        new_subject = None
        subject_id = None
        if self.new_radio.isChecked():
            new_subject = SubjectInput(
                category=list(SubjectCategory)[self.category_combo.currentIndex()].value,
                full_name=self.name_edit.text(),
                phones=[self.phone_edit.text()] if self.phone_edit.text().strip() else [],
                emails=[self.email_edit.text()] if self.email_edit.text().strip() else [],
                operator_id=self.operator_combo.currentData(), source="request")
        else:
            subject_id = self.chosen_subject_id()
        representative = self.representative_radio.isChecked()
        return NewRequest(
            type=REQUEST_TYPES[self.type_combo.currentIndex()],
            channel=CHANNELS[self.channel_combo.currentIndex()],
            received_at=self.received_at(),
            operator_id=self.operator_combo.currentData(),
            subject_id=subject_id, new_subject=new_subject,
            requester_kind=RequesterKind.REPRESENTATIVE if representative else RequesterKind.SUBJECT,
            representative_name=self.representative_edit.text() if representative else "",
            authority_document=self.authority_edit.text() if representative else "",
            text=self.text_edit.toPlainText(), reply_to=self.reply_edit.text(),
            language=self.language_combo.currentData(),
            responsible_staff_id=self.staff_combo.currentData(),
            documents_at=(self.received_at() if self.documents_check.isVisibleTo(self)
                          and self.documents_check.isChecked() else None),
            attachments=list(self.files))

    def _set_error(self, name: str, message: str) -> None:
        label = self._error(name)
        label.setText(message)
        label.setVisible(bool(message))

    def clear_errors(self) -> None:
        for name in self.errors:
            self._set_error(name, "")
        self.general_error.hide()

    def check(self) -> bool:
        """What the form can tell before asking the database: a date in the future."""
        if self.received_at() > moments.now() + FUTURE_SKEW:
            self._set_error("received_at", self.tr(
                "This moment is in the future. Give the date and time the request actually reached "
                "the shop (and check the PC's clock)."))
            self.received_edit.setFocus()
            return False
        if self.operators and self.operator_combo.currentData() is None:
            # letters and the inspector's journal are written on an operator's behalf
            self._set_error("operator_id", self.tr("Choose the operator the request is addressed to."))
            self.operator_combo.setFocus()
            return False
        if self.find_radio.isChecked() and self.chosen_subject_id() is None:
            self._set_error("subject", self.tr("Choose the person from the list, or enter a new person."))
            self.search_edit.setFocus()
            return False
        return True

    def save(self) -> bool:
        self.clear_errors()
        if not self.check():
            return False
        try:
            new = self.new_request()
            with self.db.session() as session:
                request_id = register_request(session, new)
        except Exception as exc:  # noqa: BLE001 - every refusal is shown; nothing was written
            self._show_refusal(exc)
            return False
        settings = prefs.settings()
        settings.setValue(_LAST_OPERATOR, self.operator_combo.currentData() or "")
        settings.setValue(_LAST_STAFF, self.staff_combo.currentData() or "")
        self.request_id = request_id
        self.accept()
        return True

    # Fields of the services' errors -> the form's own error lines.
    _FIELD_OF = {"received_at": "received_at", "documents_at": "received_at", "requester_kind": "requester_kind",
                 "representative_name": "representative_name", "authority_document": "authority_document",
                 "reply_to": "reply_to", "text": "text", "language": "language", "subject": "subject",
                 "operator_id": "operator_id", "responsible_staff_id": "responsible_staff_id",
                 "attachments": "attachments", "type": "type", "channel": "channel",
                 "full_name": "full_name", "iin": "full_name", "category": "category"}

    def _show_refusal(self, exc: Exception) -> None:
        errors = service_errors.field_errors(exc)
        placed = False
        for field, message in errors.items():
            base = field.split(".", 1)[0]      # "phones.0" -> "phones"
            name = self._FIELD_OF.get(base, base)
            if name in self.errors:
                if name in ("full_name", "phones", "emails", "category"):
                    self.new_radio.setChecked(True)
                self._set_error(name, message)
                placed = True
        if placed:
            return
        if service_errors.known(exc):
            self.general_error.setText(service_errors.message_of(exc))
            self.general_error.show()
        else:
            self.error_box = service_errors.show(self, exc, self.tr("The request was not registered."))
