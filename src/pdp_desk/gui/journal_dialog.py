"""The journal of requests for an inspector: a period, a format and a language, then a file.

`export_journal` writes the file (whole or not at all) and records the export in the audit
journal (it carries names out of the database); the file is then opened with the system's
program for it, for the person to check before handing it over.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFileDialog,
                               QFormLayout, QHBoxLayout, QLabel, QMessageBox, QVBoxLayout, QWidget)

from pdp_desk.gui import i18n, moments, service_errors
from pdp_desk.gui.request_form import error_label
from pdp_desk.services import directory
from pdp_desk.services.exports import EXPORT_FORMATS, export_journal
from pdp_desk.store.database import Database

FORMAT_NAMES = {"pdf": "PDF", "csv": "CSV", "xlsx": "Excel (XLSX)"}
LANGUAGE_NAMES = {"ru": "Русский", "kk": "Қазақша"}


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class JournalDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.error_box: QMessageBox | None = None
        self.written: Path | None = None
        self.rows = 0
        today = moments.today()
        self.start_edit, self.end_edit = QDateEdit(), QDateEdit()
        for edit, day in ((self.start_edit, date(today.year, 1, 1)), (self.end_edit, today)):
            edit.setDisplayFormat("dd.MM.yyyy")
            edit.setCalendarPopup(True)
            edit.setDate(_qdate(day))
        period = QWidget()
        row = QHBoxLayout(period)
        row.setContentsMargins(0, 0, 0, 0)
        self.dash = QLabel("—")
        row.addWidget(self.start_edit)
        row.addWidget(self.dash)
        row.addWidget(self.end_edit)
        row.addStretch(1)
        self.format_combo = QComboBox()
        for code in EXPORT_FORMATS:
            self.format_combo.addItem(FORMAT_NAMES.get(code, code), code)
        self.language_combo = QComboBox()
        for code, name in LANGUAGE_NAMES.items():
            self.language_combo.addItem(name, code)
        if i18n.current() == "kk":
            self.language_combo.setCurrentIndex(1)
        self.operator_combo = QComboBox()
        self.operator_combo.addItem("", None)
        with db.read() as session:
            for operator in directory.operators(session):
                self.operator_combo.addItem(operator.name, operator.id)
        self.notices_check = QCheckBox()
        self.open_check = QCheckBox()
        self.open_check.setChecked(True)
        self.period_error = error_label()
        self.general_error = error_label()
        self.captions = [QLabel() for _ in range(4)]
        form = QFormLayout()
        for caption, widget in zip(self.captions, (period, self.format_combo, self.language_combo,
                                                   self.operator_combo)):
            form.addRow(caption, widget)
        form.addRow("", self.period_error)
        form.addRow("", self.notices_check)
        form.addRow("", self.open_check)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setEnabled(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.choose_and_export)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.retranslate()
        self.setMinimumWidth(520)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Journal of requests for an inspector"))
        for caption, text in zip(self.captions, (self.tr("Received from – to:"), self.tr("Format:"),
                                                 self.tr("Language:"), self.tr("Operator:"))):
            caption.setText(text)
        self.operator_combo.setItemText(0, self.tr("All operators"))
        self.notices_check.setText(self.tr("Include the operator's own notices (breach, transfer)"))
        self.open_check.setText(self.tr("Open the file when it is written"))
        self.note.setText(self.tr("Every request received in the period: received, type, subject, "
                                  "deadlines, answered, outcome. The file holds people's names: hand "
                                  "it over only to the inspector."))
        self.save_button.setText(self.tr("Export…"))

    def suggested_name(self) -> str:
        start, end = _date(self.start_edit.date()), _date(self.end_edit.date())
        return f"journal-{start:%Y%m%d}-{end:%Y%m%d}.{self.format_combo.currentData()}"

    def choose_and_export(self) -> bool:
        if not self.check():
            return False
        fmt = self.format_combo.currentData()
        chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Save the journal as"), self.suggested_name(),
                                                f"{FORMAT_NAMES[fmt]} (*.{fmt})")
        if not chosen:
            return False
        path = Path(chosen)
        if path.suffix.lower() != f".{fmt}":
            path = path.with_name(path.name + f".{fmt}")
        return self.export_to(path)

    def check(self) -> bool:
        self.period_error.hide()
        self.general_error.hide()
        if self.end_edit.date() < self.start_edit.date():
            self.period_error.setText(self.tr("The period ends before it starts."))
            self.period_error.show()
            return False
        return True

    def export_to(self, path: Path) -> bool:
        """Write the journal to `path`; open it if asked; accept the dialog."""
        if not self.check():
            return False
        start, end = _date(self.start_edit.date()), _date(self.end_edit.date())
        try:
            with self.db.session() as session:
                self.rows = export_journal(session, start, end, path, self.format_combo.currentData(),
                                           self.language_combo.currentData(),
                                           operator_id=self.operator_combo.currentData(),
                                           include_notices=self.notices_check.isChecked())
        except Exception as exc:  # noqa: BLE001 - shown; nothing was written
            if service_errors.known(exc):
                self.general_error.setText(service_errors.message_of(exc))
                self.general_error.show()
            else:
                self.error_box = service_errors.show(self, exc, self.tr("The journal was not written."))
            return False
        self.written = path
        if self.open_check.isChecked():
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        self.accept()
        return True
