"""Acts & journal tab: the register of acts of destruction and the audit journal.

The register lists acts newest first (number, date, reason, people, state, kept until); acts kept
longer than three years (policy §9.5) are marked as due for destruction themselves, and a filter
shows only those. For the act selected: view it, reprint, save, open, its log extract, attach the
scanned signed copy, sign it digitally with a PKCS#12 key. "Check a file…" verifies any PDF
against the database; "Check the journal" walks the journal's hash chain.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QFileDialog, QHBoxLayout, QHeaderView,
                               QInputDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QMessageBox,
                               QPushButton, QSplitter, QTableWidget, QTableWidgetItem, QTabWidget,
                               QVBoxLayout, QWidget)

from pdp_desk.documents.signing import SigningError, sign_pdf
from pdp_desk.gui import act_files, i18n, moments, service_errors
from pdp_desk.gui.destruction_wizard import category_labels, reason_label
from pdp_desk.domain.localtime import local_day
from pdp_desk.gui.formats import format_date, format_number
from pdp_desk.gui.pdf_view import PdfView
from pdp_desk.services import act_verify, audit, destruction
from pdp_desk.services import sync as sync_service
from pdp_desk.store.database import Database

PAGE = 200
DUE_COLOUR = QColor("#fde2e1")
OK, FAIL = "✓", "✗"
A_NUMBER, A_DATE, A_REASON, A_SUBJECTS, A_STATE, A_KEPT, A_PCS = range(7)


class ActsTab(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.rows: list[destruction.ActRow] = []
        self.confirmed: dict[str, list] = {}   # act id -> the PCs that applied its destruction (sync)
        self.verdict: act_verify.Verdict | None = None
        self.journal: audit.Verification | None = None
        self._boxes: list = []

        self.due_only = QCheckBox()
        self.due_only.toggled.connect(self.refresh)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        self.more_button = QPushButton()
        self.more_button.clicked.connect(self.load_more)
        self.count_label = QLabel()
        self.table = QTableWidget(0, 7)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column, width in ((A_NUMBER, 170), (A_DATE, 95), (A_SUBJECTS, 90), (A_STATE, 200), (A_KEPT, 170),
                              (A_PCS, 110)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(A_REASON, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selected)
        self.table.doubleClicked.connect(lambda _i: self.view_act())

        self.view_button, self.print_button, self.save_button, self.open_button = (QPushButton() for _ in range(4))
        self.attach_button, self.sign_button, self.verify_button = QPushButton(), QPushButton(), QPushButton()
        self.view_button.clicked.connect(lambda: self.view_act())
        self.print_button.clicked.connect(lambda: self.print_act())
        self.save_button.clicked.connect(lambda: self.save_act())
        self.open_button.clicked.connect(lambda: self.open_act())
        self.attach_button.clicked.connect(lambda: self.attach_copy())
        self.sign_button.clicked.connect(lambda: self.sign_act())
        self.verify_button.clicked.connect(lambda: self.verify_file())
        self.act_buttons = (self.view_button, self.print_button, self.save_button, self.open_button,
                            self.attach_button, self.sign_button)

        top = QHBoxLayout()
        top.addWidget(self.due_only)
        top.addStretch(1)
        top.addWidget(self.count_label)
        top.addWidget(self.more_button)
        top.addWidget(self.refresh_button)
        actions = QHBoxLayout()
        for button in self.act_buttons:
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.verify_button)

        # Below: the act, its log extract, the check of a file, the journal.
        self.view = PdfView()
        self.log_table = QTableWidget(0, 5)
        self.log_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.log_table.verticalHeader().hide()
        self.log_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 140), (1, 260), (3, 160), (4, 220)):
            self.log_table.horizontalHeader().resizeSection(column, width)
        self.check_title = QLabel()
        self.check_title.setWordWrap(True)
        self.check_list = QListWidget()
        self.check_list.setWordWrap(True)
        check_page = QWidget()
        check_layout = QVBoxLayout(check_page)
        check_layout.addWidget(self.check_title)
        check_layout.addWidget(self.check_list, 1)
        self.journal_button = QPushButton()
        self.journal_button.clicked.connect(lambda: self.verify_journal())
        self.journal_label = QLabel()
        self.journal_label.setWordWrap(True)
        self.journal_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.journal_note = QLabel()
        self.journal_note.setWordWrap(True)
        journal_page = QWidget()
        journal_layout = QVBoxLayout(journal_page)
        journal_row = QHBoxLayout()
        journal_row.addWidget(self.journal_button)
        journal_row.addStretch(1)
        journal_layout.addWidget(self.journal_note)
        journal_layout.addLayout(journal_row)
        journal_layout.addWidget(self.journal_label)
        journal_layout.addStretch(1)
        self.below = QTabWidget()
        self.below.addTab(self.view, "")
        self.below.addTab(self.log_table, "")
        self.below.addTab(check_page, "")
        self.below.addTab(journal_page, "")

        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addLayout(top)
        upper_layout.addWidget(self.table, 1)
        upper_layout.addLayout(actions)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(self.below)
        splitter.setSizes([330, 370])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.refresh()
        self.retranslate()

    # --- the register ---------------------------------------------------------------------------

    def refresh(self, *_args) -> None:
        self.rows = []
        self._read(None)

    def load_more(self) -> None:
        if self.rows:
            last = self.rows[-1]
            self._read((last.act_date, last.number))

    def _read(self, before) -> None:
        selected = self.current_act_id()
        try:
            with self.db.read() as session:
                page = destruction.acts(session, moments.today(), limit=PAGE, before=before)
                self.confirmed.update(sync_service.confirmations_of(session, [row.act_id for row in page]))
        except Exception as error:  # noqa: BLE001 - a busy file must not take the tab down
            self._boxes.append(service_errors.show(self, error))
            page = []
        self.more_button.setVisible(len(page) == PAGE)
        if self.due_only.isChecked():
            page = [row for row in page if row.due_for_destruction]
        self.rows.extend(page)
        self._fill()
        for index, row in enumerate(self.rows):
            if row.act_id == selected:
                self.table.selectRow(index)
        self._selected()

    def _fill(self) -> None:
        self.table.setRowCount(len(self.rows))
        for index, row in enumerate(self.rows):
            values = {A_NUMBER: row.number, A_DATE: format_date(row.act_date), A_REASON: reason_label(row.reason),
                      A_SUBJECTS: format_number(row.subjects), A_STATE: self.state_text(row),
                      A_KEPT: format_date(row.kept_until),
                      A_PCS: format_number(len(self.confirmed.get(row.act_id, [])))}
            for column, text in values.items():
                item = QTableWidgetItem(text)
                if column == A_SUBJECTS:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if row.due_for_destruction:
                    item.setBackground(QBrush(DUE_COLOUR))
                    item.setToolTip(self.tr("Kept longer than three years (policy §9.5): due for destruction."))
                if column == A_PCS:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    item.setToolTip(self.confirmed_text(row.act_id))
                self.table.setItem(index, column, item)
            if row.due_for_destruction:
                self.table.item(index, A_KEPT).setText(
                    self.tr("%1 — due for destruction").replace("%1", format_date(row.kept_until)))
        self.count_label.setText(self.tr("Acts shown: %1").replace("%1", format_number(len(self.rows))))

    def confirmed_text(self, act_id: str) -> str:
        """Which PCs have applied the act's destruction (each confirms when it syncs)."""
        lines = [self.tr("%1 (%2), %3").replace("%1", c.device_name or c.device_code).replace("%2", c.device_code)
                 .replace("%3", format_date(local_day(c.confirmed_at))) for c in self.confirmed.get(act_id, [])]
        if not lines:
            return self.tr("No PC has confirmed this destruction yet.")
        return self.tr("Destruction confirmed by:") + "\n" + "\n".join(lines)

    def state_text(self, row: destruction.ActRow) -> str:
        return self.tr("signed copy attached") if row.has_signed_copy else self.tr("executed")

    def current_row(self) -> destruction.ActRow | None:
        index = self.table.currentRow()
        selected = self.table.selectionModel().selectedRows()
        if not selected or not 0 <= index < len(self.rows):
            return None
        return self.rows[selected[0].row()]

    def current_act_id(self) -> str | None:
        row = self.current_row() if self.rows else None
        return row.act_id if row else None

    def select_act(self, act_id: str) -> bool:
        for index, row in enumerate(self.rows):
            if row.act_id == act_id:
                self.table.selectRow(index)
                return True
        return False

    def _selected(self) -> None:
        row = self.current_row()
        for button in self.act_buttons:
            button.setEnabled(row is not None)
        self.log_table.setRowCount(0)
        self.view.clear(self.tr("Choose an act and press “View”.") if row is None else "")
        if row is not None:
            self.show_log(row.act_id)

    # --- one act ----------------------------------------------------------------------------------

    def _pdf(self) -> tuple[bytes, str] | None:
        row = self.current_row()
        if row is None:
            return None
        ok, pdf, box = service_errors.attempt(self, lambda: self._read_pdf(row.act_id))
        if box is not None:
            self._boxes.append(box)
        return (pdf, row.number) if ok else None

    def _read_pdf(self, act_id: str) -> bytes:
        with self.db.read() as session:
            return destruction.act_pdf(session, act_id)

    def view_act(self) -> int:
        found = self._pdf()
        if found is None:
            return 0
        self.below.setCurrentWidget(self.view)
        return self.view.set_pdf(found[0])

    def print_act(self):
        found = self._pdf()
        return act_files.print_act(self, *found) if found else None

    def save_act(self, path: Path | str | None = None) -> Path | None:
        found = self._pdf()
        return act_files.save_act(self, found[0], found[1], path) if found else None

    def open_act(self) -> Path | None:
        found = self._pdf()
        return act_files.open_act(*found) if found else None

    def show_log(self, act_id: str) -> int:
        with self.db.read() as session:
            entries = destruction.log_extract(session, act_id)
        self.log_table.setRowCount(len(entries))
        for index, entry in enumerate(entries):
            for column, text in enumerate((moments.format_moment(entry.at), entry.label,
                                           category_labels(entry.categories), entry.system,
                                           reason_label(entry.reason))):
                self.log_table.setItem(index, column, QTableWidgetItem(text))
        return len(entries)

    def attach_copy(self, path: Path | str | None = None) -> bool:
        row = self.current_row()
        if row is None:
            return False
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, self.tr("The scanned signed act"), "",
                self.tr("PDF or scans (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;All files (*)"))
            if not path:
                return False
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            QMessageBox.warning(self, self.tr("Not attached"),
                                self.tr("The file cannot be read: %1").replace("%1", error.strerror or str(error)))
            return False
        replace = False
        while True:
            try:
                with self.db.session() as session:
                    destruction.attach_signed_copy(session, row.act_id, data, actor="", replace_existing=replace)
                break
            except destruction.DestructionError as error:
                if error.code == "copy_exists" and not replace:
                    answer = QMessageBox.question(self, self.tr("Replace the signed copy?"),
                                                  self.tr("A signed copy is already attached to act № %1. "
                                                          "Replace it?").replace("%1", row.number))
                    if answer != QMessageBox.StandardButton.Yes:
                        return False
                    replace = True
                    continue
                text = {"copy_invalid": self.tr("Attach a PDF or a scan (JPEG, PNG, TIFF) of the signed act, "
                                                "up to 50 MB.")}.get(error.code, error.message)
                QMessageBox.warning(self, self.tr("Not attached"), text)
                return False
        self.refresh()
        self.select_act(row.act_id)
        return True

    def signing_text(self, error: SigningError) -> str:
        texts = {
            "wrong_password": self.tr("The password does not open this key file. Check the keyboard layout and "
                                      "Caps Lock, and try again."),
            "gost_key": self.tr("This key uses the GOST algorithm, which PDP Desk cannot sign with: choose the "
                                "RSA key (the file named RSA_…) of your certificate."),
            "key_damaged": self.tr("The key file is damaged or is not a .p12/.pfx file. Take it again from where "
                                   "it was issued."),
            "key_unreadable": self.tr("The key file cannot be read."),
            "key_unsupported": self.tr("PDP Desk cannot sign with this key."),
            "no_certificate": self.tr("The key file holds a key without its certificate."),
            "certificate_expired": self.tr("The certificate has expired."),
            "certificate_not_yet_valid": self.tr("The certificate is not valid yet."),
            "signing_failed": self.tr("The act could not be signed."),
        }
        return texts.get(error.code, error.message)

    def sign_act(self, key_path: Path | str | None = None, password: str | None = None,
                 out_path: Path | str | None = None) -> Path | None:
        """Sign the act's PDF with a PKCS#12 key and save the signed file."""
        found = self._pdf()
        if found is None:
            return None
        pdf, number = found
        if key_path is None:
            key_path, _ = QFileDialog.getOpenFileName(self, self.tr("The operator's key"), "",
                                                      self.tr("Keys (*.p12 *.pfx);;All files (*)"))
            if not key_path:
                return None
        if password is None:
            password, ok = QInputDialog.getText(self, self.tr("Password of the key"),
                                                self.tr("Password of %1:").replace("%1", Path(key_path).name),
                                                QLineEdit.EchoMode.Password)
            if not ok:
                return None
        language = i18n.current() if i18n.current() in ("ru", "kk") else "ru"
        allow_expired = False
        while True:
            try:
                signed = sign_pdf(pdf, key_path, password, language=language, allow_expired=allow_expired)
                break
            except SigningError as error:
                if error.code in ("certificate_expired", "certificate_not_yet_valid") and not allow_expired:
                    answer = QMessageBox.question(self, self.tr("Sign anyway?"), self.signing_text(error) + "\n\n"
                                                  + self.tr("Sign with it anyway?"))
                    if answer == QMessageBox.StandardButton.Yes:
                        allow_expired = True
                        continue
                    return None
                box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Not signed"), self.signing_text(error),
                                  parent=self)
                box.setDetailedText(error.message)
                box.open()
                self._boxes.append(box)
                self.last_signing_error = error
                return None
        return act_files.save_act(self, signed, number, out_path)

    # --- checks -------------------------------------------------------------------------------

    def check_name(self, name: str) -> str:
        return {"readable": self.tr("The file is a readable PDF"),
                "act_found": self.tr("It is an act of this database"),
                "record_intact": self.tr("The act's record is unchanged"),
                "fingerprint_matches": self.tr("The fingerprint matches"),
                "file_unaltered": self.tr("The file is unaltered"),
                "signature": self.tr("The digital signature is valid")}.get(name, name)

    def check_detail(self, check: act_verify.Check) -> str:
        """The check's explanation in the person's language (the signature's own words as they are)."""
        number = self.verdict.number if self.verdict else ""
        texts = {
            ("readable", True): self.tr("The file is a PDF."),
            ("readable", False): self.tr("The file cannot be read as a PDF."),
            ("act_found", True): self.tr("Act № %1 is in this database.").replace("%1", number or ""),
            ("act_found", False): self.tr("The file is not an act of this database: it comes from another database, "
                                          "or the act was destroyed after its term."),
            ("record_intact", True): self.tr("The act's record in the database is as it was made."),
            ("record_intact", False): self.tr("The act's record in the database was changed after the act was made."),
            ("fingerprint_matches", True): self.tr("The fingerprint in the file is the act's."),
            ("fingerprint_matches", False): self.tr("The fingerprint in the file is not the act's: the file was "
                                                    "altered or belongs to another version of the act."),
            ("file_unaltered", True): self.tr("The file is the act kept in the database (or it with a digital "
                                              "signature added, or the signed copy attached)."),
            ("file_unaltered", False): self.tr("The file differs from the act kept in the database: it was altered "
                                               "(even one byte counts) or made again. Use the copy saved from PDP Desk."),
        }
        return texts.get((check.name, check.passed), check.detail)

    def verify_file(self, path: Path | str | None = None) -> act_verify.Verdict | None:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Check an act's file"), "",
                                                  self.tr("PDF files (*.pdf);;All files (*)"))
            if not path:
                return None
        with self.db.read() as session:
            self.verdict = act_verify.verify_act_file(session, path)
        self.check_list.clear()
        for check in self.verdict.checks:
            item = QListWidgetItem(f"{OK if check.passed else FAIL}  {self.check_name(check.name)}\n"
                                   f"    {self.check_detail(check)}")
            item.setToolTip(check.detail)
            item.setForeground(QBrush(QColor("#2e7d32" if check.passed else "#c62828")))
            self.check_list.addItem(item)
        self.checked_name = Path(path).name
        self._check_title()
        self.below.setCurrentIndex(2)
        return self.verdict

    def _check_title(self) -> None:
        name = getattr(self, "checked_name", "")
        if self.verdict is None:
            self.check_title.setText(self.tr("Choose “Check a file…” to check an act's PDF against this database."))
            return
        if self.verdict.ok:
            text = self.tr("%1 %2: the file is act № %3 of this database, unaltered.")
        else:
            text = self.tr("%1 %2: the file does not hold as an act of this database.")
        self.check_title.setText(text.replace("%1", OK if self.verdict.ok else FAIL).replace("%2", name)
                                 .replace("%3", self.verdict.number or ""))
        self.check_title.setStyleSheet(f"color: {'#2e7d32' if self.verdict.ok else '#c62828'}; font-weight: bold;")

    def verify_journal(self) -> audit.Verification:
        with self.db.read() as session:
            self.journal = audit.verify(session)
        self._journal_text()
        self.below.setCurrentIndex(3)
        return self.journal

    def _journal_text(self) -> None:
        if self.journal is None:
            self.journal_label.setText("")
            return
        if self.journal.ok:
            self.journal_label.setStyleSheet("color: #2e7d32; font-weight: bold;")
            self.journal_label.setText(self.tr("%1 The journal holds: %2 entries, none altered or missing.")
                                       .replace("%1", OK).replace("%2", format_number(self.journal.entries)))
        else:
            b = self.journal.first_break
            self.journal_label.setStyleSheet("color: #c62828; font-weight: bold;")
            self.journal_label.setText(self.tr("%1 The journal does not hold: the first broken entry is %2 "
                                               "(PC %3, no. %4).").replace("%1", FAIL).replace("%2", b.entry_id)
                                       .replace("%3", b.device_id).replace("%4", str(b.seq))
                                       + "\n" + b.reason)

    # --- language -------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def showEvent(self, event) -> None:
        self.refresh()
        super().showEvent(event)

    def retranslate(self) -> None:
        self.due_only.setText(self.tr("Only acts due for destruction (kept over three years)"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.more_button.setText(self.tr("More…"))
        self.table.setHorizontalHeaderLabels([self.tr("Number"), self.tr("Date"), self.tr("Reason"),
                                              self.tr("People"), self.tr("State"), self.tr("Kept until"),
                                              self.tr("Confirmed by PCs")])
        for button, text in zip(self.act_buttons + (self.verify_button,), (
                self.tr("View"), self.tr("Print…"), self.tr("Save a copy…"), self.tr("Open"),
                self.tr("Attach signed copy…"), self.tr("Sign digitally…"), self.tr("Check a file…"))):
            button.setText(text)
        self.log_table.setHorizontalHeaderLabels([self.tr("Destroyed at"), self.tr("Subject"),
                                                  self.tr("Categories of data"), self.tr("System"),
                                                  self.tr("Reason")])
        for index, text in enumerate((self.tr("Act"), self.tr("Log extract"), self.tr("Check of a file"),
                                      self.tr("Audit journal"))):
            self.below.setTabText(index, text)
        self.journal_note.setText(self.tr("Every action is written to the journal, each entry sealed with the hash "
                                          "of the one before: a changed or removed entry breaks the chain."))
        self.journal_button.setText(self.tr("Check the journal"))
        self._journal_text()
        self._check_title()
        self._fill()
        self._selected()
