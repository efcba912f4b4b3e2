"""Settings → Privacy policy: the versions kept, the text of each, adding a new one from a file.

A consent is shown with the policy text that was in force when it was given, so versions are
only ever added (with their effective date and SHA-256 fingerprint), never edited.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDateEdit, QDialog, QDialogButtonBox,
                               QFileDialog, QFormLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QPlainTextEdit, QPushButton, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from pdp_desk.gui import register_errors
from pdp_desk.gui.formats import format_date
from pdp_desk.gui.subject_form import error_label, show_error
from pdp_desk.services import policy
from pdp_desk.store.database import Database

MAX_FILE_BYTES = 8 * 1024 * 1024  # a policy is a few pages; anything bigger is the wrong file
LANGUAGE_NAMES = {"ru": "Русский", "kk": "Қазақша", "en": "English"}


def read_text_file(path: Path) -> str:
    """The text of a .txt file in UTF-8 (with or without BOM) or Windows-1251 (Notepad's ANSI)."""
    data = path.read_bytes()[:MAX_FILE_BYTES + 1]
    if len(data) > MAX_FILE_BYTES:
        raise ValueError("too_big")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1251")


def text_view(title: str, text: str, parent: QWidget | None) -> QDialog:
    """A window showing a policy text whole, read-only, selectable."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    view = QPlainTextEdit(text)
    view.setReadOnly(True)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(view)
    layout.addWidget(buttons)
    dialog.resize(760, 600)
    dialog.open()
    return dialog


class AddPolicyDialog(QDialog):
    """A new version from a text file: label, effective date, language, then Save."""

    added = Signal(str)

    def __init__(self, db: Database, path: Path, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.text = db, text
        self.label = QLineEdit()
        self.effective = QDateEdit(QDate.currentDate())
        self.effective.setDisplayFormat("dd.MM.yyyy")
        self.effective.setCalendarPopup(True)
        self.language = QComboBox()
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.file_value = QLabel(path.name)
        self.fingerprint_value = QLabel(policy.fingerprint(text))
        self.fingerprint_value.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.fingerprint_value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview = QPlainTextEdit(text[:20000])
        self.preview.setReadOnly(True)
        self.error = error_label()
        self.captions = [QLabel() for _ in range(5)]
        form = QFormLayout()
        for caption, field in zip(self.captions, (self.file_value, self.label, self.effective,
                                                  self.language, self.fingerprint_value)):
            form.addRow(caption, field)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(720, 560)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("New version of the privacy policy"))
        for caption, text in zip(self.captions, (self.tr("File:"), self.tr("Label:"), self.tr("In force from:"),
                                                 self.tr("Language:"), self.tr("Fingerprint (SHA-256):"))):
            caption.setText(text)
        self.label.setPlaceholderText(self.tr("for example 01.10.2026"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def save(self) -> bool:
        effective = self.effective.date().toPython()
        try:
            with self.db.session() as session:
                version_id = policy.add_policy_version(session, self.label.text(), effective, self.text,
                                                       self.language.currentData())
        except policy.PolicyError as refusal:
            show_error(self.error, self.refusal_text(refusal))
            return False
        except Exception as error:  # noqa: BLE001 - never a traceback: "nothing was saved"
            self._box = register_errors.show(self, error, self.tr("The version was not added"))
            return False
        self.added.emit(version_id)
        self.accept()
        return True

    def refusal_text(self, refusal: policy.PolicyError) -> str:
        texts = {
            "label_empty": self.tr("Give the version a label (for example its date, 01.10.2026)."),
            "label_too_long": self.tr("The label is too long (at most 40 characters)."),
            "text_empty": self.tr("The file holds no text."),
            "text_too_long": self.tr("The text is too long for a privacy policy."),
            "duplicate_text": self.tr("This exact text is already kept as another version."),
            "duplicate_date": self.tr("Another version in this language already takes effect on that date."),
            "date_invalid": self.tr("Choose the date from which the version is in force."),
        }
        return texts.get(refusal.code, refusal.message)


class PolicySection(QWidget):
    """The versions of the privacy policy, oldest first."""

    COLUMNS = 5

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.versions: list[policy.PolicyVersionInfo] = []
        self.heading = QLabel()
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in range(self.COLUMNS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch if column == 3
                                        else QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(lambda _index: self.view_text())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.view_button = QPushButton()
        self.view_button.clicked.connect(self.view_text)
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.choose_file)
        self.message = error_label()
        buttons = QHBoxLayout()
        buttons.addWidget(self.view_button)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.explanation)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self._dialog: QDialog | None = None
        self.refresh()
        self.retranslate()

    def refresh(self) -> None:
        try:
            with self.db.read() as session:
                self.versions = policy.list_versions(session)
        except Exception as error:  # noqa: BLE001
            self.versions = []
            self._box = register_errors.show(self, error, self.tr("The versions could not be read"))
        today = date.today()
        current = None
        for version in self.versions:
            if version.effective_from <= today:
                current = version.id
        self.table.setRowCount(len(self.versions))
        for row, version in enumerate(self.versions):
            mark = " ✓" if version.id == current else ""
            values = (version.label + mark, format_date(version.effective_from),
                      LANGUAGE_NAMES.get(version.language, version.language), version.sha256,
                      format_date(version.created_at.date()) if version.created_at else "")
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column == 3:
                    item.setToolTip(version.sha256)
                    item.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
                self.table.setItem(row, column, item)
        self.current_id = current
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.view_button.setEnabled(bool(self.table.selectionModel().selectedRows()))

    def selected(self) -> policy.PolicyVersionInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.versions[rows[0].row()] if rows else None

    def view_text(self) -> QDialog | None:
        version = self.selected()
        if version is None:
            return None
        with self.db.read() as session:
            text = policy.policy_text(session, version.id) or ""
        title = self.tr("Privacy policy, version %1").replace("%1", version.label)
        self._dialog = text_view(title, text, self)
        return self._dialog

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Privacy policy text"), "",
                                              self.tr("Text files (*.txt);;All files (*)"))
        if name:
            self.add_from_file(Path(name))

    def add_from_file(self, path: Path) -> AddPolicyDialog | None:
        show_error(self.message, "")
        try:
            text = read_text_file(path)
        except (OSError, ValueError, UnicodeDecodeError):
            show_error(self.message, self.tr("%1 cannot be read as a text file.").replace("%1", path.name))
            return None
        dialog = AddPolicyDialog(self.db, path, text, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.added.connect(lambda _id: self.refresh())
        dialog.open()
        self._dialog = dialog
        return dialog

    def section_title(self) -> str:
        """The name in the Settings tab's list of sections."""
        return self.tr("Policy versions")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Privacy policy"))
        self.explanation.setText(self.tr(
            "Every version of the policy is kept whole with its fingerprint, so each consent can be "
            "shown with the text in force when it was given. ✓ marks the version in force today."))
        self.table.setHorizontalHeaderLabels([self.tr("Version"), self.tr("In force from"), self.tr("Language"),
                                              self.tr("Fingerprint (SHA-256)"), self.tr("Added")])
        self.view_button.setText(self.tr("Show the text…"))
        self.add_button.setText(self.tr("Add a version from a file…"))
