"""The small dialogs behind a request's buttons: a note or reasons, a moment, a correction of the
subject's data, the reason for destruction, the purposes of a withdrawn consent.

Each dialog is given `submit(dialog)`, which runs the use case in its own transaction. The
dialog stays open on a refusal and shows it next to the field at fault (or under the fields);
an unexpected error gets the "nothing was saved" box. It accepts only when the write succeeded.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateTimeEdit, QDialog, QDialogButtonBox,
                               QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QListWidget, QMessageBox, QPlainTextEdit, QPushButton, QVBoxLayout,
                               QWidget)

from pdp_desk.domain.catalogue import PURPOSES
from pdp_desk.domain.localtime import KAZAKHSTAN
from pdp_desk.gui import i18n, moments, service_errors
from pdp_desk.gui.request_form import FUTURE_SKEW, data_size, error_label
from pdp_desk.services.requests import SubjectChanges, SubjectSummary

Submit = Callable[["ActionDialog"], object]

# Why a subject is queued for destruction (policy §9.1; Law Art. 18 and Art. 8 p.7).
DESTRUCTION_REASONS = ("request_upheld", "unlawful_processing", "consent_withdrawn", "purpose_achieved",
                       "consent_expired")


class ActionDialog(QDialog):
    """Base: fields above, an error line, OK/Cancel. Subclasses fill `self.fields`."""

    def __init__(self, title: str, submit: Submit, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.submit = submit
        self.result_value = None
        self.error_box: QMessageBox | None = None
        self.errors: dict[str, QLabel] = {}
        self.fields = QFormLayout()
        self.fields.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.general_error = error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.fields)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def add_field(self, name: str, caption: str, widget: QWidget) -> QLabel:
        """A field with its error line under it; returns the caption label."""
        label = QLabel(caption)
        label.setBuddy(widget)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        self.errors[name] = error_label()
        column.addWidget(self.errors[name])
        self.fields.addRow(label, box)
        return label

    def set_error(self, name: str, message: str) -> None:
        label = self.errors.get(name, self.general_error)
        label.setText(message)
        label.setVisible(bool(message))

    def check(self) -> bool:
        """What the dialog can tell by itself before the use case runs."""
        return True

    def try_accept(self) -> bool:
        for label in (*self.errors.values(), self.general_error):
            label.hide()
        if not self.check():
            return False
        try:
            self.result_value = self.submit(self)
        except Exception as exc:  # noqa: BLE001 - shown; the transaction rolled back
            self.show_refusal(exc)
            return False
        self.accept()
        return True

    def field_for(self, service_field: str) -> str:
        return service_field.split(".", 1)[0]

    def show_refusal(self, exc: Exception) -> None:
        if not service_errors.known(exc):
            self.error_box = service_errors.show(self, exc)
            return
        errors = service_errors.field_errors(exc)
        placed = False
        for field, message in errors.items():
            name = self.field_for(field)
            if name in self.errors:
                self.set_error(name, message)
                placed = True
        if not placed:
            self.set_error("", service_errors.message_of(exc))


class NoteDialog(ActionDialog):
    """A note (optional) or reasons (required) for a workflow step."""

    def __init__(self, title: str, caption: str, submit: Submit, parent: QWidget | None = None,
                 required: bool = False, explanation: str = ""):
        super().__init__(title, submit, parent)
        self.required = required
        if explanation:
            note = QLabel(explanation)
            note.setWordWrap(True)
            self.fields.addRow(note)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setMinimumHeight(110)
        self.add_field("note", caption, self.note_edit)

    def note(self) -> str:
        return self.note_edit.toPlainText().strip()

    def check(self) -> bool:
        if self.required and not self.note():
            self.set_error("note", self.tr("Give the reasons: the law asks for a reasoned refusal."))
            return False
        return True


class MomentDialog(ActionDialog):
    """When something happened (documents in hand, unlawful processing confirmed), and files."""

    def __init__(self, title: str, caption: str, submit: Submit, parent: QWidget | None = None,
                 with_files: bool = False, max_bytes: int = 0, field: str = "at"):
        super().__init__(title, submit, parent)
        self.field = field
        self.moment_edit = QDateTimeEdit()
        self.moment_edit.setDisplayFormat("dd.MM.yyyy HH:mm")
        self.moment_edit.setCalendarPopup(True)
        local = moments.now()
        self.moment_edit.setDateTime(QDateTime(local.year, local.month, local.day, local.hour, local.minute, 0))
        self.add_field(field, caption, self.moment_edit)
        self.files: list[tuple[str, bytes]] = []
        self.max_bytes = max_bytes
        if with_files:
            self.files_list = QListWidget()
            self.files_list.setMaximumHeight(70)
            add = QPushButton(self.tr("Add files…"))
            add.clicked.connect(self.choose_files)
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(self.files_list, 1)
            line.addWidget(add)
            self.add_field("attachments", self.tr("Files:"), row)

    def field_for(self, service_field: str) -> str:
        return self.field if service_field.endswith("_at") else super().field_for(service_field)

    def moment(self) -> datetime:
        value = self.moment_edit.dateTime()
        d, t = value.date(), value.time()
        return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=KAZAKHSTAN)

    def check(self) -> bool:
        if self.moment() > moments.now() + FUTURE_SKEW:
            self.set_error(self.field, self.tr("This moment is in the future."))
            return False
        return True

    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Attach files"))
        self.add_files([Path(p) for p in paths])

    def add_files(self, paths: list[Path]) -> bool:
        for path in paths:
            try:
                size = path.stat().st_size
                if self.max_bytes and size > self.max_bytes:
                    self.set_error("attachments", self.tr("The file “%1” is %2; files up to %3 can be attached.")
                                   .replace("%1", path.name).replace("%2", data_size(size))
                                   .replace("%3", data_size(self.max_bytes)))
                    return False
                content = path.read_bytes()
            except OSError:
                self.set_error("attachments", self.tr("The file “%1” cannot be read.").replace("%1", path.name))
                return False
            self.files.append((path.name, content))
            self.files_list.addItem(path.name)
        return True


class CorrectionDialog(ActionDialog):
    """The subject's data as on file, to be corrected as the supporting documents show."""

    def __init__(self, subject: SubjectSummary, submit: Submit, parent: QWidget | None = None):
        super().__init__("", submit, parent)
        self.setWindowTitle(self.tr("Correct the subject's data"))
        self.subject = subject
        self.name_edit = QLineEdit(subject.full_name)
        self.iin_edit = QLineEdit(subject.iin or "")
        self.phones_edit = QLineEdit(", ".join(subject.phones))
        self.emails_edit = QLineEdit(", ".join(subject.emails))
        hint = QLabel(self.tr("Several phones or e-mails: separate them with commas. "
                              "An empty field removes them all."))
        hint.setWordWrap(True)
        hint.setEnabled(False)
        self.add_field("full_name", self.tr("Full name:"), self.name_edit)
        self.add_field("iin", self.tr("IIN:"), self.iin_edit)
        self.add_field("phones", self.tr("Phones:"), self.phones_edit)
        self.add_field("emails", self.tr("E-mails:"), self.emails_edit)
        self.fields.addRow(hint)
        self.setMinimumWidth(520)

    @staticmethod
    def _split(text: str) -> list[str]:
        return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]

    def changes(self) -> SubjectChanges:
        """Only what differs from the file; None leaves a field as it is."""
        s = self.subject
        name, iin = self.name_edit.text().strip(), self.iin_edit.text().strip()
        phones, emails = self._split(self.phones_edit.text()), self._split(self.emails_edit.text())
        return SubjectChanges(
            full_name=name if name != s.full_name else None,
            iin=iin if iin != (s.iin or "") else None,
            phones=phones if phones != list(s.phones) else None,
            emails=emails if emails != list(s.emails) else None)


class DestructionDialog(ActionDialog):
    """Queue the subject for destruction, with the reason (the destruction wizard does the rest)."""

    def __init__(self, default_reason: str, submit: Submit, parent: QWidget | None = None):
        super().__init__("", submit, parent)
        self.setWindowTitle(self.tr("Queue for destruction"))
        note = QLabel(self.tr("The person's data will wait in the destruction queue; the destruction "
                              "itself, with its act, is done in the Destruction tab."))
        note.setWordWrap(True)
        self.fields.addRow(note)
        self.reason_combo = QComboBox()
        texts = {
            "request_upheld": self.tr("The subject's request is upheld"),
            "unlawful_processing": self.tr("Unlawful processing (Art. 18 sub. 3-1)"),
            "consent_withdrawn": self.tr("Consent withdrawn (Art. 8 p. 7)"),
            "purpose_achieved": self.tr("The purpose of processing is achieved"),
            "consent_expired": self.tr("The consent has expired"),
        }
        for code in DESTRUCTION_REASONS:
            self.reason_combo.addItem(texts[code], code)
        self.reason_combo.setCurrentIndex(max(0, self.reason_combo.findData(default_reason)))
        self.add_field("reason_code", self.tr("Reason:"), self.reason_combo)

    def reason_code(self) -> str:
        return self.reason_combo.currentData()


class WithdrawalDialog(ActionDialog):
    """Which purposes the subject withdraws consent for (Art. 8 p.7)."""

    def __init__(self, submit: Submit, parent: QWidget | None = None):
        super().__init__("", submit, parent)
        self.setWindowTitle(self.tr("Record consent withdrawal"))
        language = i18n.current()
        self.checks: dict[str, QCheckBox] = {}
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        for purpose in PURPOSES:
            check = QCheckBox(purpose.names[language])
            check.setChecked(True)
            self.checks[purpose.code] = check
            column.addWidget(check)
        self.add_field("purposes", self.tr("Purposes:"), box)

    def purposes(self) -> list[str]:
        return [code for code, check in self.checks.items() if check.isChecked()]

    def check(self) -> bool:
        if not self.purposes():
            self.set_error("purposes", self.tr("Choose at least one purpose."))
            return False
        return True
