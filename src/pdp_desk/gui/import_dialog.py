"""Importing the website's export: choose the file, check the columns, import, read the report.

The preview (first rows, detected encoding and delimiter) comes with a combo above each column,
pre-filled with the mapping remembered for this set of headers or else a guess. The import runs
in a worker (QThreadPool) with its own database session, so the window stays responsive; the
progress dialog's Cancel makes the service's progress callback answer False, and then nothing is
written (the import is all or nothing). The report lists every skipped row with its reason and
can be copied.
"""
from __future__ import annotations

import logging
import re
import threading
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pdp_desk.domain.import_columns import FIELD_LABELS, Field, Mapping
from pdp_desk.gui import i18n, register_errors, register_labels
from pdp_desk.gui.formats import format_number
from pdp_desk.gui.subject_form import error_label, show_error
from pdp_desk.services import directory, importer
from pdp_desk.store.database import Database

log = logging.getLogger(__name__)


def fill(text: str, *values: str) -> str:
    """Qt-style %1, %2 … filled in one pass (a value holding "%2" stays as it is)."""
    return re.sub(r"%(\d)", lambda m: values[int(m[1]) - 1] if 0 < int(m[1]) <= len(values) else m[0], text)
PREVIEW_ROWS = 20
FIELDS = tuple(Field)


class _Signals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)     # ImportReport
    failed = Signal(object)       # the exception


class ImportJob(QRunnable):
    """The import in a worker thread: its own write transaction through db.session()."""

    def __init__(self, db: Database, path: Path, mapping: Mapping, dry_run: bool, operator_id: str | None):
        super().__init__()
        self.db, self.path, self.mapping = db, path, mapping
        self.dry_run, self.operator_id = dry_run, operator_id
        self.cancelled = threading.Event()
        self.signals = _Signals()
        self.setAutoDelete(False)   # the dialog keeps the job until its answer arrives

    def progress(self, done: int, total: int) -> bool:
        self._emit("progress", done, total)
        return not self.cancelled.is_set()

    def run(self) -> None:
        try:
            report = importer.import_file(self.db, self.path, self.mapping, dry_run=self.dry_run,
                                          progress=self.progress, operator_id=self.operator_id)
        except Exception as error:  # noqa: BLE001 - handed to the GUI thread, shown there
            self._emit("failed", error)
            return
        self._emit("finished", report)

    def _emit(self, name: str, *args) -> None:
        try:
            getattr(self.signals, name).emit(*args)
        except RuntimeError:  # the dialog was closed and deleted meanwhile
            pass


class ImportDialog(QDialog):
    imported = Signal()   # the register changed

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.path: Path | None = None
        self.preview: importer.Preview | None = None
        self.report: importer.ImportReport | None = None
        self.job: ImportJob | None = None
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.combos: list[QComboBox] = []
        self.progress: QProgressDialog | None = None

        # Page 1: the file, its preview and the mapping.
        self.choose_button = QPushButton()
        self.choose_button.clicked.connect(self.choose_file)
        self.file_label = QLabel()
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.file_facts = QLabel()
        self.file_facts.setWordWrap(True)
        self.error = error_label()
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(0, 0)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.category = QComboBox()
        for code in register_labels.CATEGORIES:
            self.category.addItem(register_labels.category(code), code)
        self.operator = QComboBox()
        self.operator.addItem("", None)
        with db.read() as session:
            for item in directory.operators(session):
                self.operator.addItem(item.name, item.id)
        self.dry_run = QCheckBox()
        options = QFormLayout()
        self.category_caption, self.operator_caption = QLabel(), QLabel()
        options.addRow(self.category_caption, self.category)
        options.addRow(self.operator_caption, self.operator)
        options.addRow("", self.dry_run)
        self.import_button = QPushButton()
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.start)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.reject)
        file_row = QHBoxLayout()
        file_row.addWidget(self.choose_button)
        file_row.addWidget(self.file_label, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.cancel_button)
        self.mapping_hint = QLabel()
        self.mapping_hint.setWordWrap(True)
        first = QWidget()
        page = QVBoxLayout(first)
        page.setContentsMargins(0, 0, 0, 0)
        page.addLayout(file_row)
        page.addWidget(self.file_facts)
        page.addWidget(self.mapping_hint)
        page.addWidget(self.table, 1)
        page.addWidget(self.error)
        page.addLayout(options)
        page.addLayout(buttons)

        # Page 2: the report.
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        font = self.summary.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.summary.setFont(font)
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.copy_button = QPushButton()
        self.copy_button.clicked.connect(self.copy_report)
        self.save_skipped_button = QPushButton()
        self.save_skipped_button.clicked.connect(self.save_skipped)
        self.again_button = QPushButton()
        self.again_button.clicked.connect(self.back_to_file)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.accept)
        report_buttons = QHBoxLayout()
        report_buttons.addWidget(self.copy_button)
        report_buttons.addWidget(self.save_skipped_button)
        report_buttons.addStretch(1)
        report_buttons.addWidget(self.again_button)
        report_buttons.addWidget(self.close_button)
        second = QWidget()
        page2 = QVBoxLayout(second)
        page2.setContentsMargins(0, 0, 0, 0)
        page2.addWidget(self.summary)
        page2.addWidget(self.counts)
        page2.addWidget(self.details, 1)
        page2.addLayout(report_buttons)

        self.pages = QStackedWidget()
        self.pages.addWidget(first)
        self.pages.addWidget(second)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.resize(1180, 680)
        self.retranslate()
        self._update_buttons()

    # --- the file and its mapping ---------------------------------------------------------

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("The website's export"), "",
                                              self.tr("Tables (*.csv *.xlsx *.txt);;All files (*)"))
        if name:
            self.load(Path(name))

    def load(self, path: Path | str) -> bool:
        """Read the file's first rows and show them with the mapping to check."""
        self.path = Path(path)
        self.file_label.setText(str(self.path))
        show_error(self.error, "")
        # The preview reads the first rows (and hashes the file: a quarter of a second for a
        # 100,000-row export), so it runs here with a busy cursor rather than in a worker.
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            with self.db.read() as session:
                self.preview = importer.preview(self.path, rows=PREVIEW_ROWS, session=session)
        except importer.ImportFileError as refusal:
            self.preview = None
            show_error(self.error, self.file_error_text(refusal))
        except Exception as error:  # noqa: BLE001 - an unreadable file must not take the window down
            self.preview = None
            log.error("preview of %s failed", self.path, exc_info=error)
            show_error(self.error, self.tr("%1 cannot be read as a table.").replace("%1", self.path.name))
        finally:
            QGuiApplication.restoreOverrideCursor()
        self._show_preview()
        return self.preview is not None

    def _show_preview(self) -> None:
        p = self.preview
        self.combos = []
        if p is None:
            self.table.clear()
            self.table.setRowCount(0)
            self.table.setColumnCount(0)
            self.file_facts.setText("")
            self._update_buttons()
            return
        self.table.clear()
        self.table.setColumnCount(len(p.headers))
        self.table.setRowCount(len(p.rows) + 1)
        self.table.setHorizontalHeaderLabels(p.headers)
        self.table.setVerticalHeaderLabels(["→"] + [str(number) for number, _ in p.rows])
        for column, header in enumerate(p.headers):
            combo = QComboBox()
            for field in FIELDS:
                combo.addItem("", field.value)
            combo.setCurrentIndex(max(0, combo.findData(p.mapping.columns.get(header, Field.IGNORE.value))))
            combo.currentIndexChanged.connect(lambda _i: (self._mark_ignored(), self._update_buttons()))
            self.table.setCellWidget(0, column, combo)
            self.combos.append(combo)
        for row, (_, cells) in enumerate(p.rows, start=1):
            for column, value in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.category.setCurrentIndex(max(0, self.category.findData(p.mapping.category)))
        self._retranslate_combos()
        self.table.resizeColumnsToContents()
        for column in range(self.table.columnCount()):
            self.table.setColumnWidth(column, max(150, min(self.table.columnWidth(column), 260)))
        self._mark_ignored()
        self._show_facts()
        self._update_buttons()

    def _mark_ignored(self) -> None:
        """Columns not imported are greyed, so the mapping reads at a glance."""
        for column, combo in enumerate(self.combos):
            ignored = combo.currentData() == Field.IGNORE.value
            for row in range(1, self.table.rowCount()):
                item = self.table.item(row, column)
                if item is not None:
                    item.setForeground(Qt.GlobalColor.gray if ignored else self.palette().text().color())

    def _show_facts(self) -> None:
        p = self.preview
        if p is None:
            return
        parts = []
        if p.format == "xlsx":
            parts.append(self.tr("Excel workbook (first sheet)"))
        else:
            encoding = importer.ENCODING_LABELS.get(p.encoding or "", p.encoding or "?")
            delimiter = {",": self.tr("comma"), ";": self.tr("semicolon"), "\t": self.tr("tab")}.get(
                p.delimiter or "", p.delimiter or "?")
            parts.append(self.tr("CSV text, encoding %1, delimiter: %2").replace("%1", encoding).replace("%2", delimiter))
        parts.append(self.tr("about %Ln row(s)", "", p.row_count_hint))
        parts.append({"remembered": self.tr("the columns as chosen for this export last time"),
                      "guessed": self.tr("the columns guessed from their names: check them"),
                      "given": self.tr("the columns as given")}.get(p.mapping_origin, ""))
        self.file_facts.setText(" · ".join(x for x in parts if x))

    def mapping(self) -> Mapping | None:
        if self.preview is None:
            return None
        columns = {header: combo.currentData() for header, combo in zip(self.preview.headers, self.combos)}
        return Mapping(columns, self.category.currentData(), self.preview.mapping.source)

    def set_field(self, header: str, field: str) -> None:
        """Map the column `header` to `field` (as the person would with its combo)."""
        index = self.preview.headers.index(header)
        self.combos[index].setCurrentIndex(self.combos[index].findData(field))

    def _update_buttons(self) -> None:
        mapping = self.mapping()
        self.import_button.setEnabled(mapping is not None and bool(mapping.fields()) and self.job is None)

    # --- importing --------------------------------------------------------------------------

    def start(self) -> bool:
        """Start the import in the worker; the progress dialog follows it."""
        mapping = self.mapping()
        if mapping is None or self.path is None or self.job is not None:
            return False
        show_error(self.error, "")
        self.job = ImportJob(self.db, self.path, mapping, self.dry_run.isChecked(), self.operator.currentData())
        self.job.signals.progress.connect(self._progress)
        self.job.signals.finished.connect(self._finished)
        self.job.signals.failed.connect(self._failed)
        self.progress = QProgressDialog(self.tr("Importing %1…").replace("%1", self.path.name), self.tr("Cancel"),
                                        0, 0, self)
        self.progress.setWindowTitle(self.tr("Import"))
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(0)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.progress.canceled.connect(self.cancel)
        self.progress.show()
        self._update_buttons()
        self.pool.start(self.job)
        return True

    def cancel(self) -> None:
        """The person pressed Cancel: the next progress call answers False; nothing is written."""
        if self.job is not None:
            self.job.cancelled.set()
            if self.progress is not None:
                self.progress.setLabelText(self.tr("Cancelling: nothing will be imported…"))

    def _progress(self, done: int, total: int) -> None:
        if self.progress is None:
            return
        total = max(total, done, 1)
        self.progress.setMaximum(total)
        self.progress.setValue(done)
        if self.job is not None and not self.job.cancelled.is_set():
            self.progress.setLabelText(self.tr("Importing %1: %2 of about %3 rows…").replace("%1", self.path.name)
                                       .replace("%2", format_number(done)).replace("%3", format_number(total)))

    def _done(self) -> None:
        self.job = None
        if self.progress is not None:
            self.progress.canceled.disconnect(self.cancel)
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        self._update_buttons()

    def _finished(self, report: importer.ImportReport) -> None:
        self._done()
        self.report = report
        if not report.cancelled and not report.dry_run:
            try:
                with self.db.session() as session:
                    importer.remember_mapping(session, self.preview.headers, self.mapping())
            except Exception as error:  # noqa: BLE001 - the import is in; only the memory of columns failed
                log.warning("the mapping could not be remembered", exc_info=error)
            self.imported.emit()
        self._show_report(report)

    def _failed(self, error: Exception) -> None:
        self._done()
        if isinstance(error, importer.ImportFileError):
            show_error(self.error, self.file_error_text(error))
        else:
            self._box = register_errors.show(self, error, self.tr("Nothing was imported"))

    # --- the report ---------------------------------------------------------------------------

    def _show_report(self, report: importer.ImportReport) -> None:
        self.pages.setCurrentIndex(1)
        self.setWindowTitle(self.tr("Import report"))
        if report.cancelled:
            self.summary.setText(self.tr("The import was cancelled after %1 rows. Nothing was imported: the "
                                         "register is as it was.").replace("%1", format_number(report.rows)))
        elif report.dry_run:
            self.summary.setText(self.tr("Check only: this is what the import would do. Nothing was written."))
        else:
            self.summary.setText(self.tr("Imported %1: %2 rows read.").replace("%1", self.path.name if self.path else "")
                                 .replace("%2", format_number(report.rows)))
        self.counts.setVisible(not report.cancelled)
        self.counts.setText(self.counts_text(report))
        self.details.setPlainText(self.rows_text(report) or self.tr("No row was skipped."))
        self.save_skipped_button.setEnabled(bool(report.skipped_rows))

    def counts_text(self, report: importer.ImportReport) -> str:
        lines = [
            self.tr("People: %1 created, %2 updated, %3 unchanged, %4 skipped.")
            .replace("%1", format_number(report.created)).replace("%2", format_number(report.updated))
            .replace("%3", format_number(report.unchanged)).replace("%4", format_number(len(report.skipped))),
            self.tr("Orders: %1 created, %2 updated, %3 unchanged. Marketing consents recorded: %4.")
            .replace("%1", format_number(report.orders_created)).replace("%2", format_number(report.orders_updated))
            .replace("%3", format_number(report.orders_unchanged))
            .replace("%4", format_number(report.consents_created)),
        ]
        reasons = [f"{self.skip_reason(code)}: {format_number(n)}" for code, n in sorted(report.skipped_by_code.items())]
        if reasons:
            lines.append(self.tr("Skipped because: %1").replace("%1", "; ".join(reasons)))
        return "\n".join(lines)

    def rows_text(self, report: importer.ImportReport) -> str:
        """Every skipped row with its reason, then the notes on rows imported."""
        lines: list[str] = []
        if report.skipped:
            lines += [self.tr("Skipped rows (row of the file: reason):")]
            lines += [f"{skipped.row}: {self.skipped_text(skipped)}" for skipped in report.skipped_rows]
        if report.warnings:
            lines += ["", self.tr("Notes (the row was imported):")]
            lines += [f"{row}: {reason}" for row, reason in report.warnings]
        return "\n".join(lines).strip()

    def report_text(self, report: importer.ImportReport) -> str:
        """The whole report as text (what Copy puts on the clipboard)."""
        head = [self.summary.text(), "" if report.cancelled else self.counts_text(report)]
        return "\n".join(part for part in (*head, "", self.rows_text(report)) if part is not None).strip()

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText() if self.report is None
                                            else self.report_text(self.report))

    def save_skipped(self, path: str | None = None) -> bool:
        """Save the skipped rows (row, reason code, reason in the interface's language) as CSV."""
        if self.report is None or not self.report.skipped_rows:
            return False
        if path is None:
            suggested = (self.path.stem if self.path else "import") + "-skipped.csv"
            start = str((self.path.parent if self.path else Path.home()) / suggested)
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the skipped rows"), start,
                                                  self.tr("CSV files (*.csv)"))
            if not path:
                return False
        rows = [(s.row, s.code, self.skipped_text(s)) for s in self.report.skipped_rows]
        try:
            importer.write_skipped_csv(path, rows, (self.tr("Row of the file"), self.tr("Reason code"),
                                                    self.tr("Reason")))
        except OSError as error:
            log.warning("the skipped rows could not be saved", exc_info=error)
            self._box = register_errors.show(self, error, self.tr("The skipped rows were not saved"))
            return False
        return True

    def back_to_file(self) -> None:
        self.pages.setCurrentIndex(0)
        self.setWindowTitle(self.tr("Import from the website's export"))

    # --- wording ------------------------------------------------------------------------------

    def skip_reason(self, code: str) -> str:
        return {"no_identifier": self.tr("no phone, e-mail or IIN"),
                "cell_too_long": self.tr("a cell is too long"),
                "name_too_long": self.tr("the name is too long"),
                "several_subjects": self.tr("the contacts belong to different people (merge them first)"),
                "subject_blocked": self.tr("the person is blocked"),
                "phone_not_kz": self.tr("a phone of another country, nothing else identifies the person"),
                "phone_invalid": self.tr("a wrong phone, nothing else identifies the person"),
                "email_invalid": self.tr("a wrong e-mail, nothing else identifies the person"),
                "iin_invalid": self.tr("a wrong IIN, nothing else identifies the person")}.get(code, code)

    def skipped_text(self, skipped: importer.SkippedRow) -> str:
        """A skipped row's reasons in the interface's language (from their codes)."""
        return "; ".join(self.reason_text(code, params) for code, params in skipped.reasons)

    def reason_text(self, code: str, params: dict) -> str:
        column = str(params.get("column", ""))
        detail = self.check_text(str(params.get("code", "")))
        limit = format_number(int(params.get("limit", 0) or 0))
        texts = {
            "no_identifier": self.tr("no phone, e-mail or IIN to identify the person"),
            "no_other_identifier": self.tr("no other phone, e-mail or IIN identifies the person"),
            "cell_too_long": fill(self.tr("a cell is longer than %1 characters (column “%2”)"), limit, column),
            "name_too_long": fill(self.tr("the name is longer than %1 characters"), limit),
            "several_subjects": self.tr("the phone, e-mail or IIN belong to different people in the register; "
                                        "merge them in the register first"),
            "subject_blocked": self.tr("the person is blocked in the register: their data are not processed "
                                       "while blocked"),
            "phone_not_kz": fill(self.tr("the phone in column “%1” is not a Kazakhstan number"), column),
            "phone_invalid": fill(self.tr("the phone in column “%1” is not a valid number (%2)"), column, detail),
            "email_invalid": fill(self.tr("the e-mail in column “%1” is not valid (%2)"), column, detail),
            "iin_invalid": fill(self.tr("the IIN in column “%1” is not valid (%2)"), column, detail),
        }
        return texts.get(code, code)

    def check_text(self, code: str) -> str:
        """What a phone, e-mail or IIN check refused (domain.identifiers' codes)."""
        return {
            "phone_length": self.tr("not ten digits after +7 or 8"),
            "phone_format": self.tr("letters or signs in the number"),
            "phone_too_long": self.tr("far too long"),
            "email_invalid": self.tr("not an e-mail address"),
            "email_too_long": self.tr("too long"),
            "iin_format": self.tr("an IIN has 12 digits"),
            "iin_checksum": self.tr("the check digit does not match"),
            "iin_never_issued": self.tr("no such IIN is issued"),
            "iin_century_digit": self.tr("the 7th digit is wrong"),
            "iin_birth_date_invalid": self.tr("the date of birth in it is wrong"),
        }.get(code, code)

    def file_error_text(self, error: importer.ImportFileError) -> str:
        """A translated headline for the refusal's code, then the service's exact words."""
        headline = {
            "file_missing": self.tr("The file is not there."),
            "empty_file": self.tr("The file is empty."),
            "too_large": self.tr("The file is too large to import."),
            "unsupported_format": self.tr("This is an old Excel file (.xls): save it as .xlsx or CSV first."),
            "unknown_encoding": self.tr("The file is not text in an encoding PDP Desk knows (UTF-8, UTF-16 or "
                                        "Windows-1251)."),
            "broken_quoting": self.tr("The quoting in the file is broken."),
            "too_many_columns": self.tr("The file has too many columns."),
            "too_many_rows": self.tr("The file has too many rows."),
            "not_a_table": self.tr("The file is not a readable table."),
            "no_header": self.tr("The first line does not hold the column names."),
            "no_data_rows": self.tr("The file has no rows to import."),
            "mapping_missing_columns": self.tr("The columns chosen are not in the file."),
            "mapping_duplicate_field": self.tr("Several columns are mapped to the same field."),
            "mapping_no_identifier": self.tr("Map at least one column to the phone, the e-mail or the IIN: "
                                             "people are matched to the register by them."),
            "mapping_no_order_date": self.tr("The order number is mapped but the order date is not."),
        }.get(error.code)
        if headline is None:
            return error.message
        if error.line:
            headline += " " + self.tr("Line %1.").replace("%1", str(error.line))
        return f"{headline}\n{error.message}"

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Import from the website's export") if self.pages.currentIndex() == 0
                            else self.tr("Import report"))
        self.choose_button.setText(self.tr("Choose a file…"))
        if self.path is None:
            self.file_label.setText(self.tr("A CSV or XLSX export of customers or orders"))
        self.mapping_hint.setText(self.tr("Check what each column holds (the list above each column); "
                                          "columns set to “Do not import” are left out."))
        self.category_caption.setText(self.tr("Category of the people:"))
        self.operator_caption.setText(self.tr("Operator:"))
        self.operator.setItemText(0, self.tr("match people of any operator"))
        self.dry_run.setText(self.tr("Check only: show the report, write nothing"))
        self.import_button.setText(self.tr("Import"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.copy_button.setText(self.tr("Copy the report"))
        self.save_skipped_button.setText(self.tr("Save the skipped rows…"))
        self.again_button.setText(self.tr("Import another file"))
        self.close_button.setText(self.tr("Close"))
        for i in range(self.category.count()):
            self.category.setItemText(i, register_labels.category(self.category.itemData(i)))
        self._retranslate_combos()
        self._show_facts()
        if self.report is not None:
            self._show_report(self.report)

    def _retranslate_combos(self) -> None:
        language = i18n.current()
        for combo in self.combos:
            for i in range(combo.count()):
                combo.setItemText(i, FIELD_LABELS[Field(combo.itemData(i))][language])

    def reject(self) -> None:
        if self.job is not None:  # importing: Cancel first, close when the worker has stopped
            self.cancel()
            return
        super().reject()

    def closeEvent(self, event) -> None:
        if self.job is not None:
            self.cancel()
            self.pool.waitForDone()
        super().closeEvent(event)
