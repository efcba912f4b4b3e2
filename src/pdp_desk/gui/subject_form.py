"""Adding a subject to the register, or correcting one: every field checked, messages beside it.

The services validate (domain rules); this form only collects the values, shows each refusal
next to the field it is about, and writes nothing unless every field is right.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton,
                               QToolButton, QVBoxLayout, QWidget)

from pdp_desk.gui import register_errors, register_labels
from pdp_desk.services import directory, register
from pdp_desk.services.subjects import SubjectInput, ValidationFailed
from pdp_desk.store.database import Database

ERROR_STYLE = "color:#c62828"


def error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def show_error(label: QLabel, text: str | None) -> None:
    label.setText(text or "")
    label.setVisible(bool(text))


@dataclass
class SubjectValues:
    """What the form starts with: empty for a new subject, the card's values for a correction."""

    category: str = "registered"
    operator_id: str | None = None
    full_name: str = ""
    iin: str = ""
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    addresses: list[tuple[str, str]] = field(default_factory=list)
    note: str = ""


class ValueList(QWidget):
    """Several values of one kind (phones, e-mails, addresses): a row each, an error under each."""

    def __init__(self, parts: int = 1, parent: QWidget | None = None):
        super().__init__(parent)
        self.parts = parts  # 2 for an address: city and street line
        self.rows: list[tuple[list[QLineEdit], QLabel, QWidget]] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.add_button = QPushButton()
        self.add_button.clicked.connect(lambda: self.add_row())
        self._layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.placeholders: tuple[str, ...] = ()

    def add_row(self, values: tuple[str, ...] | str = ()) -> list[QLineEdit]:
        values = (values,) if isinstance(values, str) else tuple(values)
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        edits = []
        for i in range(self.parts):
            edit = QLineEdit(values[i] if i < len(values) else "")
            if i < len(self.placeholders):
                edit.setPlaceholderText(self.placeholders[i])
            line.addWidget(edit, 2 if i else 1)
            edits.append(edit)
        remove = QToolButton()
        remove.setText("✕")
        remove.setAutoRaise(True)
        line.addWidget(remove)
        error = error_label()
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(row)
        column.addWidget(error)
        entry = (edits, error, box)
        remove.clicked.connect(lambda: self._remove(entry))
        self.rows.append(entry)
        self._layout.insertWidget(self._layout.count() - 1, box)
        return edits

    def _remove(self, entry) -> None:
        self.rows.remove(entry)
        entry[2].deleteLater()

    def set_placeholders(self, *texts: str) -> None:
        self.placeholders = texts
        for edits, _, _ in self.rows:
            for edit, text in zip(edits, texts):
                edit.setPlaceholderText(text)

    def values(self) -> list[tuple[str, ...]]:
        return [tuple(e.text() for e in edits) for edits, _, _ in self.rows]

    def filled(self) -> list[int]:
        """Indexes of the rows with something typed (the services number only those)."""
        return [i for i, (edits, _, _) in enumerate(self.rows) if any(e.text().strip() for e in edits)]

    def show_errors(self, messages: dict[int, str]) -> None:
        for i, (_, error, _) in enumerate(self.rows):
            show_error(error, messages.get(i))


class SubjectForm(QDialog):
    """New subject (`subject_id` None) or a correction of one. Emits `saved(subject id)`."""

    saved = Signal(str)

    def __init__(self, db: Database, subject_id: str | None = None,
                 values: SubjectValues | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.subject_id = subject_id
        values = values or SubjectValues()
        self.initial = values
        self.setMinimumWidth(560)

        self.category = QComboBox()
        for code in register_labels.CATEGORIES:
            self.category.addItem(register_labels.category(code), code)
        self.category.setCurrentIndex(max(0, self.category.findData(values.category)))
        self.operator = QComboBox()
        self.operator.addItem("—", None)
        with db.read() as session:
            for item in directory.operators(session):
                self.operator.addItem(item.name, item.id)
        self.operator.setCurrentIndex(max(0, self.operator.findData(values.operator_id)))
        self.full_name = QLineEdit(values.full_name)
        self.iin = QLineEdit(values.iin)
        self.iin.setMaxLength(20)
        self.phones = ValueList()
        self.emails = ValueList()
        self.addresses = ValueList(parts=2)
        for phone in values.phones or [""]:
            self.phones.add_row(phone)
        for email in values.emails or [""]:
            self.emails.add_row(email)
        for address in values.addresses or [("", "")]:
            self.addresses.add_row(address)
        self.note = QPlainTextEdit(values.note)
        self.note.setFixedHeight(60)
        # A family may share a phone: after the refusal "another person has this", the person
        # may say so and save anyway.
        self.shared = QCheckBox()
        self.shared.hide()
        self.errors = {name: error_label() for name in ("category", "operator_id", "full_name", "iin", "note",
                                                        "form")}

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.captions = {name: QLabel() for name in
                         ("category", "operator", "full_name", "iin", "phones", "emails", "addresses", "note")}
        form.addRow(self.captions["category"], self._with_error(self.category, "category"))
        form.addRow(self.captions["operator"], self._with_error(self.operator, "operator_id"))
        form.addRow(self.captions["full_name"], self._with_error(self.full_name, "full_name"))
        form.addRow(self.captions["iin"], self._with_error(self.iin, "iin"))
        form.addRow(self.captions["phones"], self.phones)
        form.addRow(self.captions["emails"], self.emails)
        form.addRow(self.captions["addresses"], self.addresses)
        form.addRow(self.captions["note"], self._with_error(self.note, "note"))
        form.addRow("", self.shared)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors["form"])
        layout.addWidget(self.buttons)
        self.retranslate()

    def _with_error(self, widget: QWidget, name: str) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(self.errors[name])
        return box

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("New subject") if self.subject_id is None else self.tr("Correct the subject's data"))
        texts = {"category": self.tr("Category:"), "operator": self.tr("Operator:"),
                 "full_name": self.tr("Full name:"), "iin": self.tr("IIN:"), "phones": self.tr("Phones:"),
                 "emails": self.tr("E-mails:"), "addresses": self.tr("Addresses:"), "note": self.tr("Note:")}
        for name, text in texts.items():
            self.captions[name].setText(text)
        for i in range(self.category.count()):
            self.category.setItemText(i, register_labels.category(self.category.itemData(i)))
        self.iin.setPlaceholderText(self.tr("12 digits"))
        self.phones.add_button.setText(self.tr("Add a phone"))
        self.phones.set_placeholders(self.tr("+7 701 123 45 67, 8 701 …"))
        self.emails.add_button.setText(self.tr("Add an e-mail"))
        self.emails.set_placeholders("name@example.kz")
        self.addresses.add_button.setText(self.tr("Add an address"))
        self.addresses.set_placeholders(self.tr("City"), self.tr("Street, house, flat"))
        self.shared.setText(self.tr("This is another person who shares the phone or e-mail (a family): save anyway"))

    # --- saving -----------------------------------------------------------------------------------

    def _input(self) -> tuple[SubjectInput, dict[str, tuple[ValueList, list[int]]]]:
        """The typed values, and for each list which row each non-empty value came from."""
        phone_rows, email_rows, address_rows = self.phones.filled(), self.emails.filled(), self.addresses.filled()
        phones, emails, addresses = self.phones.values(), self.emails.values(), self.addresses.values()
        data = SubjectInput(
            category=self.category.currentData(), full_name=self.full_name.text(), iin=self.iin.text(),
            phones=[phones[i][0] for i in phone_rows], emails=[emails[i][0] for i in email_rows],
            addresses=[addresses[i] for i in address_rows], operator_id=self.operator.currentData(),
            note=self.note.toPlainText())
        return data, {"phones": (self.phones, phone_rows), "emails": (self.emails, email_rows),
                      "addresses": (self.addresses, address_rows)}

    def save(self) -> bool:
        """Write the subject; on a refusal show each message beside its field and keep the form."""
        data, rows = self._input()
        self.show_field_errors({}, rows)
        try:
            with self.db.session() as session:
                if self.subject_id is None:
                    self.subject_id = register.add_subject(session, data,
                                                           allow_shared_contacts=self.shared.isChecked())
                else:
                    # Addresses are shown as the card words them; untouched, they are left as
                    # stored (not rewritten from what the fields split them into).
                    untouched = _same_addresses(data.addresses, self.initial.addresses)
                    register.edit_subject(session, self.subject_id, register.SubjectEdit(
                        category=data.category, operator_id=data.operator_id,
                        clear_operator=data.operator_id is None, note=data.note, full_name=data.full_name,
                        iin=data.iin, phones=data.phones, emails=data.emails,
                        addresses=None if untouched else data.addresses))
        except ValidationFailed as refusal:
            codes = {code for code, _ in refusal.errors.values()}
            if "already_registered" in codes:
                self.shared.show()
            self.show_field_errors(register_errors.field_texts(refusal), rows)
            return False
        except Exception as error:  # noqa: BLE001 - a bug or a broken file: say nothing was saved
            self._box = register_errors.show(self, error, self.tr("The subject was not saved"))
            return False
        self.saved.emit(self.subject_id)
        self.accept()
        return True

    def show_field_errors(self, messages: dict[str, str], rows: dict[str, tuple[ValueList, list[int]]]) -> None:
        for name in ("category", "operator_id", "full_name", "iin", "note"):
            show_error(self.errors[name], messages.get(name))
        for prefix, (widget, filled) in rows.items():
            by_row = {}
            for key, text in messages.items():
                if key.startswith(prefix + "."):
                    index = int(key.split(".", 1)[1])
                    if index < len(filled):
                        by_row[filled[index]] = text
            widget.show_errors(by_row)
        # Anything not tied to a field (the subject vanished, ...) goes under the form.
        known = ("category", "operator_id", "full_name", "iin", "note", "phones.", "emails.", "addresses.")
        other = [text for key, text in messages.items() if not key.startswith(known)]
        show_error(self.errors["form"], "\n".join(other))
        grow_to_fit(self)


def _same_addresses(a: list[tuple[str, str]], b: list[tuple[str, str]]) -> bool:
    def norm(pairs):
        return sorted(tuple(" ".join(part.split()) for part in pair) for pair in pairs
                      if any(part.strip() for part in pair))
    return norm(a) == norm(b)


def grow_to_fit(dialog: QDialog) -> None:
    """Make room for messages that just appeared (word-wrapped labels need more height)."""
    layout = dialog.layout()
    if layout is not None:
        layout.activate()
    wanted = dialog.sizeHint().height()
    if wanted > dialog.height():
        dialog.resize(dialog.width(), wanted)
