"""One request in full: its fields, clocks, timeline and files, and everything that can be done.

The workflow buttons offer only the next steps the workflow allows (domain.workflow.next_states):
an out-of-order step is never enabled. The actions the law asks for (documents received,
unlawful processing confirmed, correct, block, unblock, queue for destruction, consent
withdrawn) and the letters are reachable from here. Each action runs its use case in one
transaction; then the window reads the request again and tells the inbox (`changed`).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QGridLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QMessageBox,
                               QPlainTextEdit, QPushButton, QSplitter, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from pdp_desk.domain.deadlines import RequestType
from pdp_desk.domain.workflow import RequestState, state_label
from pdp_desk.gui import clock_text, due_colors, i18n, moments, printing, service_errors
from pdp_desk.gui.formats import format_date
from pdp_desk.gui.letters_dialog import LetterDialog, TemplateDialog
from pdp_desk.gui.request_actions import (ActionDialog, CorrectionDialog, DestructionDialog, MomentDialog,
                                          NoteDialog, WithdrawalDialog)
from pdp_desk.gui.request_form import data_size
from pdp_desk.services import requests as uc
from pdp_desk.services.calendar import load_calendar
from pdp_desk.services.letters import make_letter
from pdp_desk.store.database import Database

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _dates_for_people(note: str) -> str:
    """2026-03-10 → 10.03.2026 in notes the services write (moved deadlines)."""
    return _ISO_DATE.sub(lambda m: f"{m[3]}.{m[2]}.{m[1]}", note)


class RequestDetailDialog(QDialog):
    changed = Signal(str)   # the request's id, after any change made here

    def __init__(self, db: Database, request_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.db = db
        self.request_id = request_id
        self.detail: uc.RequestDetail | None = None
        self.calendar = None
        self.action_dialog: QDialog | None = None     # the open sub-dialog (tests reach it here)
        self.error_box: QMessageBox | None = None
        self.last_letter_id: str | None = None
        self._build()
        self.reload()
        self.resize(1180, 740)

    # --- building -----------------------------------------------------------------------------

    def _build(self) -> None:
        self.heading = QLabel()
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # Left: the request and its subject.
        self.fields_box = QGroupBox()
        self.form = QFormLayout(self.fields_box)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.values: dict[str, QLabel] = {}
        self.captions: dict[str, QLabel] = {}
        for name in ("received", "channel", "requester", "operator", "staff", "reply_to", "subject",
                     "contacts", "outcome"):
            caption, value = QLabel(), QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.captions[name], self.values[name] = caption, value
            self.form.addRow(caption, value)
        self.text_box = QGroupBox()
        self.text_view = QPlainTextEdit()
        self.text_view.setReadOnly(True)
        QVBoxLayout(self.text_box).addWidget(self.text_view)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.fields_box)
        left_layout.addWidget(self.text_box, 1)

        # Right: clocks, timeline, files.
        self.clocks_box = QGroupBox()
        self.clocks_layout = QGridLayout(self.clocks_box)
        self.clock_labels: list[tuple[QLabel, QLabel, QLabel]] = []
        self.timeline_box = QGroupBox()
        self.timeline = QTableWidget(0, 4)
        self.timeline.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.timeline.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.timeline.verticalHeader().hide()
        self.timeline.setWordWrap(True)
        header = self.timeline.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        QVBoxLayout(self.timeline_box).addWidget(self.timeline)
        self.files_box = QGroupBox()
        self.files = QTableWidget(0, 3)
        self.files.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.files.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.files.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.files.verticalHeader().hide()
        self.files.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.files.setMaximumHeight(130)
        self.files.doubleClicked.connect(lambda _index: self.open_attachment())
        self.open_file_button, self.save_file_button = QPushButton(), QPushButton()
        self.print_file_button, self.add_file_button = QPushButton(), QPushButton()
        self.open_file_button.clicked.connect(lambda: self.open_attachment())
        self.save_file_button.clicked.connect(lambda: self.save_attachment())
        self.print_file_button.clicked.connect(lambda: self.print_attachment())
        self.add_file_button.clicked.connect(self.add_files)
        file_buttons = QVBoxLayout()
        for button in (self.open_file_button, self.save_file_button, self.print_file_button,
                       self.add_file_button):
            file_buttons.addWidget(button)
        file_buttons.addStretch(1)
        files_row = QHBoxLayout(self.files_box)
        files_row.addWidget(self.files, 1)
        files_row.addLayout(file_buttons)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.clocks_box)
        right_layout.addWidget(self.timeline_box, 1)
        right_layout.addWidget(self.files_box)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)

        # Actions: the workflow's next steps; what the law asks for; letters.
        self.steps_box = QGroupBox()
        steps = QHBoxLayout(self.steps_box)
        self.step_buttons: dict[RequestState, QPushButton] = {}
        for state in (RequestState.IDENTITY_CHECKED, RequestState.IN_PROGRESS, RequestState.ANSWERED,
                      RequestState.REFUSED, RequestState.CLOSED):
            button = QPushButton()
            button.setObjectName(f"step_{state.value}")
            button.clicked.connect(lambda _checked=False, s=state: self.step(s))
            steps.addWidget(button)
            self.step_buttons[state] = button
        steps.addStretch(1)

        self.law_box = QGroupBox()
        law = QGridLayout(self.law_box)
        # Parented now: a button shown before it sits in a layout would become a window.
        box = self.law_box
        self.documents_button, self.confirm_button = QPushButton(box), QPushButton(box)
        self.correct_button, self.block_button, self.unblock_button = (QPushButton(box), QPushButton(box),
                                                                       QPushButton(box))
        self.queue_button, self.withdraw_button = QPushButton(box), QPushButton(box)
        self.action_done_button = QPushButton(box)
        self.letter_button, self.templates_button = QPushButton(), QPushButton()
        self.documents_button.clicked.connect(self.record_documents)
        self.confirm_button.clicked.connect(self.confirm_unlawful)
        self.correct_button.clicked.connect(self.correct_subject)
        self.block_button.clicked.connect(self.block)
        self.unblock_button.clicked.connect(self.unblock)
        self.queue_button.clicked.connect(self.queue_for_destruction)
        self.withdraw_button.clicked.connect(self.record_withdrawal)
        self.action_done_button.clicked.connect(self.complete_action)
        self.letter_button.clicked.connect(self.make_letter)
        self.templates_button.clicked.connect(self.edit_templates)
        self.law_grid = law
        self.law_buttons = (self.documents_button, self.confirm_button, self.correct_button,
                            self.block_button, self.unblock_button, self.queue_button,
                            self.withdraw_button, self.action_done_button)
        self._lay_out_law_buttons()   # gives them their parent before any is shown

        self.letters_box = QGroupBox()
        letters = QVBoxLayout(self.letters_box)
        letters.addWidget(self.letter_button)
        letters.addWidget(self.templates_button)
        letters.addStretch(1)

        actions = QHBoxLayout()
        actions.addWidget(self.law_box, 1)
        actions.addWidget(self.letters_box)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.steps_box)
        layout.addLayout(actions)
        layout.addWidget(self.buttons)

    # --- reading ------------------------------------------------------------------------------

    def reload(self) -> None:
        with self.db.read() as session:
            self.calendar = load_calendar(session)
            self.detail = uc.request_detail(session, self.request_id, self.calendar, moments.today(),
                                            i18n.current())
        self.retranslate()

    def _fill(self) -> None:
        d, language = self.detail, i18n.current()
        if d is None:
            return
        self.setWindowTitle(self.tr("Request %1").replace("%1", d.number))
        self.heading.setText(f"№ {d.number} · {d.type_label} · {d.state_label}")
        received = moments.format_moment(d.received_at)
        if d.documents_at:
            received += "\n" + self.tr("Documents received: %1").replace("%1", moments.format_moment(d.documents_at))
        if d.confirmed_at:
            received += "\n" + self.tr("Unlawful processing confirmed: %1").replace(
                "%1", moments.format_moment(d.confirmed_at))
        requester = d.requester_label
        if d.requester_kind == "representative":
            requester += f": {d.representative_name}\n{d.authority_document}"
        subject = d.subject.full_name or "—"
        if d.subject.status == "blocked":
            subject += " — " + self.tr("blocked")
        elif d.subject.status == "destroyed":
            subject = self.tr("(data destroyed)")
        if d.subject.register_no:
            subject += f"\n{d.subject.register_no}"
        contacts = [*d.subject.phones, *d.subject.emails, *d.subject.addresses]
        if d.subject.iin:
            contacts.insert(0, self.tr("IIN %1").replace("%1", d.subject.iin))
        outcome = ""
        if d.state == RequestState.REFUSED.value or d.refusal_reason:
            outcome = self.tr("Refused: %1").replace("%1", d.refusal_reason)
        elif d.answered_at:
            outcome = self.tr("Answered %1").replace("%1", moments.format_moment(d.answered_at))
        if d.closed_at:
            outcome += ("\n" if outcome else "") + self.tr("Closed %1").replace(
                "%1", moments.format_moment(d.closed_at))
        for name, value in (("received", received), ("channel", d.channel_label), ("requester", requester),
                            ("operator", d.operator_name or "—"), ("staff", d.staff_name or "—"),
                            ("reply_to", d.reply_to or "—"), ("subject", subject),
                            ("contacts", "\n".join(contacts) or "—"), ("outcome", outcome or "—")):
            self.values[name].setText(value)
        self.text_view.setPlainText(d.text)
        self._fill_clocks()
        self._fill_timeline(language)
        self._fill_files()
        self._enable_actions()

    def _fill_clocks(self) -> None:
        while self.clocks_layout.count():
            item = self.clocks_layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.clock_labels = []
        today, language = moments.today(), i18n.current()
        for row, clock in enumerate(self.detail.clocks):
            name = QLabel(f"<b>{clock.label}</b>")
            name.setToolTip(clock.what)
            due = QLabel(self.tr("due %1").replace("%1", format_date(clock.due)) if clock.due else "—")
            status = due_colors.MET if str(clock.status) == "stopped" else str(clock.status)
            left = QLabel(clock_text.days_left(clock, today))
            left.setStyleSheet(due_colors.style_sheet(status))
            how = QLabel(clock_text.counted(clock) + ". " + clock_text.skipped_short(clock, self.calendar, language))
            how.setWordWrap(True)
            how.setEnabled(False)
            tooltip = clock_text.explanation(clock, today, self.calendar, language)
            for label in (name, due, left, how):
                label.setToolTip(tooltip)
            self.clocks_layout.addWidget(name, 2 * row, 0)
            self.clocks_layout.addWidget(due, 2 * row, 1)
            self.clocks_layout.addWidget(left, 2 * row, 2)
            self.clocks_layout.addWidget(how, 2 * row + 1, 0, 1, 3)
            self.clock_labels.append((due, left, how))
        if not self.detail.clocks:
            self.clocks_layout.addWidget(QLabel(self.tr("This request runs no clock.")), 0, 0)
        self.clocks_layout.setColumnStretch(0, 1)

    def _fill_timeline(self, language: str) -> None:
        events = self.detail.timeline
        self.timeline.setRowCount(len(events))
        for row, event in enumerate(events):
            what = event.label
            if event.kind == uc.STATE_CHANGED and event.to_state:
                what = state_label(event.to_state, language)
            elif event.kind == "letter_made":
                what = self.tr("Letter made")
            note = _dates_for_people(event.note)
            if event.kind == uc.DEADLINE_MOVED:
                note = note.replace("answer:", self.tr("answer:")).replace("action:", self.tr("action:"))
            for column, text in enumerate((moments.format_moment(event.at), what, note, event.staff_name)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.timeline.setItem(row, column, item)
        self.timeline.resizeRowsToContents()
        self.timeline.scrollToBottom()

    def _fill_files(self) -> None:
        files = self.detail.attachments
        self.files.setRowCount(len(files))
        for row, info in enumerate(files):
            for column, text in enumerate((info.filename, data_size(info.size),
                                           moments.format_moment(info.added_at))):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, info.id)
                self.files.setItem(row, column, item)
        if files:
            self.files.selectRow(len(files) - 1)

    def _enable_actions(self) -> None:
        d = self.detail
        allowed = set(d.next_states)
        for state, button in self.step_buttons.items():
            button.setEnabled(state in allowed)
        open_ = d.is_open and d.subject.status != "destroyed"
        clocks = {c.kind: c for c in d.clocks}
        action = clocks.get(uc.ClockKind.ACTION)
        self.documents_button.setEnabled(open_)
        self.confirm_button.setEnabled(open_)
        self.correct_button.setEnabled(open_)
        self.block_button.setEnabled(open_ and d.subject.status == "active")
        self.unblock_button.setEnabled(open_ and d.subject.status == "blocked")
        self.queue_button.setEnabled(open_)
        self.withdraw_button.setEnabled(open_)
        # "Action done" records the law's action when no other button does (an objection
        # considered, data removed from a public source, a notice sent).
        self.action_done_button.setEnabled(open_ and action is not None and action.met_on is None)
        # Type-specific buttons only where the type has that step.
        hidden = set()
        if d.type != RequestType.CORRECTION.value:
            hidden.add(self.documents_button)
        if d.type != RequestType.DELETION.value:
            hidden.add(self.confirm_button)
        if d.type not in ("objection_automated", "public_source_removal", "breach_notice",
                          "transfer_notice", "deletion"):
            hidden.add(self.action_done_button)
        self._lay_out_law_buttons(hidden)
        self.letter_button.setEnabled(d.subject.status != "destroyed")
        has_file = bool(d.attachments)
        for button in (self.open_file_button, self.save_file_button):
            button.setEnabled(has_file)
        self.print_file_button.setEnabled(has_file)
        self.add_file_button.setEnabled(d.is_open)

    def _lay_out_law_buttons(self, hidden: set = frozenset()) -> None:
        """Only the buttons this type of request needs, packed four to a row (no gaps)."""
        for button in self.law_buttons:
            self.law_grid.removeWidget(button)
            button.setVisible(button not in hidden)
        shown = [b for b in self.law_buttons if b not in hidden]
        for index, button in enumerate(shown):
            self.law_grid.addWidget(button, index // 4, index % 4)

    # --- running a use case -----------------------------------------------------------------------

    def _after_change(self) -> None:
        self.reload()
        self.changed.emit(self.request_id)

    def _run(self, write: Callable, headline: str | None = None) -> bool:
        """A one-click action: run it; a refusal goes to a message box, nothing half-saved."""
        try:
            with self.db.session() as session:
                write(session)
        except Exception as exc:  # noqa: BLE001
            self.error_box = service_errors.show(self, exc, headline or self.tr("This was not done."))
            return False
        self._after_change()
        return True

    def _open_dialog(self, dialog: ActionDialog) -> ActionDialog:
        """Show a sub-dialog without blocking (tests fill it in); reload when it succeeds."""
        dialog.accepted.connect(self._after_change)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._forget(dialog))
        self.action_dialog = dialog
        dialog.open()
        return dialog

    def _forget(self, dialog: QDialog) -> None:
        if self.action_dialog is dialog:   # it is deleted on close: never reach it again
            self.action_dialog = None

    def _write(self, use_case: Callable) -> Callable[[ActionDialog], object]:
        """A dialog's submit: run `use_case(session, dialog)` in one transaction."""
        def submit(dialog: ActionDialog):
            with self.db.session() as session:
                return use_case(session, dialog)
        return submit

    # --- the workflow -------------------------------------------------------------------------------

    def step(self, state: RequestState):
        rid = self.request_id
        if state is RequestState.IDENTITY_CHECKED:
            return self._open_dialog(NoteDialog(
                self.tr("Identity checked"), self.tr("How it was checked:"),
                self._write(lambda s, d: uc.check_identity(s, rid, d.note())), self,
                explanation=self.tr("For example: identity card shown; signed with an electronic "
                                    "signature; the power of attorney checked.")))
        if state is RequestState.IN_PROGRESS:
            return self._run(lambda s: uc.take_into_work(s, rid))
        if state is RequestState.ANSWERED:
            return self._open_dialog(NoteDialog(
                self.tr("Answer given"), self.tr("Note (optional):"),
                self._write(lambda s, d: uc.answer(s, rid, note=d.note())), self,
                explanation=self.tr("Record that the answer was sent. Make the letter with "
                                    "“Make a letter…” and keep it with the request.")))
        if state is RequestState.REFUSED:
            return self._open_dialog(NoteDialog(
                self.tr("Refuse with reasons"), self.tr("Reasons:"),
                self._write(lambda s, d: uc.refuse(s, rid, d.note())), self, required=True,
                explanation=self.tr("The reasons go into the refusal letter as they are written here.")))
        if state is RequestState.CLOSED:
            return self._run(lambda s: uc.close(s, rid), self.tr("The request was not closed."))
        return None

    # --- what the law asks for ------------------------------------------------------------------------

    def _max_bytes(self) -> int:
        with self.db.read() as session:
            return uc.attachment_limit(session)

    def record_documents(self):
        rid = self.request_id
        return self._open_dialog(MomentDialog(
            self.tr("Documents received"), self.tr("Received:"),
            self._write(lambda s, d: uc.record_documents(s, rid, d.moment(), attachments=d.files)),
            self, with_files=True, max_bytes=self._max_bytes(), field="documents_at"))

    def confirm_unlawful(self):
        rid = self.request_id
        return self._open_dialog(MomentDialog(
            self.tr("Confirm unlawful processing"), self.tr("Confirmed:"),
            self._write(lambda s, d: uc.confirm_unlawful(s, rid, d.moment())), self, field="confirmed_at"))

    def correct_subject(self):
        rid = self.request_id
        return self._open_dialog(CorrectionDialog(
            self.detail.subject, self._write(lambda s, d: uc.correct_subject(s, rid, d.changes())), self))

    def block(self) -> bool:
        rid, sid = self.request_id, self.detail.subject.id
        return self._run(lambda s: uc.block_subject(s, sid, request_id=rid))

    def unblock(self) -> bool:
        rid, sid = self.request_id, self.detail.subject.id
        return self._run(lambda s: uc.unblock_subject(s, sid, request_id=rid))

    def queue_for_destruction(self):
        rid, sid = self.request_id, self.detail.subject.id
        default = {"deletion": "unlawful_processing", "consent_withdrawal": "consent_withdrawn"}.get(
            self.detail.type, "request_upheld")
        return self._open_dialog(DestructionDialog(
            default, self._write(lambda s, d: uc.queue_for_destruction(s, sid, d.reason_code(), rid)), self))

    def record_withdrawal(self):
        rid = self.request_id
        return self._open_dialog(WithdrawalDialog(
            self._write(lambda s, d: uc.record_consent_withdrawal(s, rid, d.purposes())), self))

    def complete_action(self):
        rid = self.request_id
        return self._open_dialog(NoteDialog(
            self.tr("Action done"), self.tr("What was done:"),
            self._write(lambda s, d: uc.complete_action(s, rid, d.note())), self))

    # --- letters and files ----------------------------------------------------------------------

    def make_letter(self):
        d, rid = self.detail, self.request_id

        def write(session, dialog: LetterDialog):
            return make_letter(session, rid, dialog.kind(), dialog.language(), dialog.staff_id())

        dialog = LetterDialog(self.db, d.type, d.state, d.language, d.responsible_staff_id,
                              self._write(write), self)
        dialog.accepted.connect(lambda: self._letter_made(dialog))
        return self._open_dialog(dialog)

    def _letter_made(self, dialog: LetterDialog) -> None:
        self.last_letter_id = dialog.result_value
        if dialog.print_check.isChecked():
            self.print_attachment(self.last_letter_id)
        elif dialog.open_check.isChecked():
            self.open_attachment(self.last_letter_id)

    def edit_templates(self) -> TemplateDialog:
        kind = "refusal" if self.detail and self.detail.state == "refused" else "access_answer"
        dialog = TemplateDialog(self.db, self, kind=kind, language=(self.detail.language if self.detail else "ru"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._forget(dialog))
        self.action_dialog = dialog
        dialog.open()
        return dialog

    def selected_attachment_id(self) -> str | None:
        row = self.files.currentRow()
        item = self.files.item(row, 0) if row >= 0 else None
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _content(self, attachment_id: str | None) -> tuple[str, str, bytes] | None:
        attachment_id = attachment_id or self.selected_attachment_id()
        if not attachment_id:
            return None
        try:
            with self.db.read() as session:
                return uc.attachment_content(session, attachment_id)
        except Exception as exc:  # noqa: BLE001
            self.error_box = service_errors.show(self, exc, self.tr("The file cannot be opened."))
            return None

    def open_attachment(self, attachment_id: str | None = None) -> Path | None:
        """Open with the system's viewer (from a private temporary copy)."""
        found = self._content(attachment_id)
        if found is None:
            return None
        name, _media, content = found
        return printing.open_in_viewer(content, name)

    def save_attachment(self, attachment_id: str | None = None, path: Path | None = None) -> Path | None:
        found = self._content(attachment_id)
        if found is None:
            return None
        name, _media, content = found
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Save the file"), name)
            if not chosen:
                return None
            path = Path(chosen)
        try:
            path.write_bytes(content)
        except OSError as error:
            self.error_box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Not saved"),
                                         self.tr("The file could not be written: %1").replace(
                                             "%1", error.strerror or str(error)), parent=self)
            self.error_box.open()
            return None
        return path

    def print_attachment(self, attachment_id: str | None = None) -> printing.Printed | None:
        found = self._content(attachment_id)
        if found is None:
            return None
        name, media, content = found
        if media != "application/pdf" and not name.lower().endswith(".pdf"):
            printing.open_in_viewer(content, name)   # a scan or a photo: print it from its viewer
            return printing.Printed.VIEWER
        try:
            return printing.print_pdf(self, content, name)
        except Exception as exc:  # noqa: BLE001
            self.error_box = service_errors.show(self, exc, self.tr("The letter could not be printed."))
            return None

    def add_files(self) -> bool:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Attach files"))
        return self.attach([Path(p) for p in paths])

    def attach(self, paths: list[Path]) -> bool:
        if not paths:
            return False
        try:
            limit = self._max_bytes()
            files = [uc.read_attachment(path, limit) for path in paths]
        except Exception as exc:  # noqa: BLE001
            self.error_box = service_errors.show(self, exc, self.tr("The files were not attached."))
            return False
        rid = self.request_id
        return self._run(lambda s: uc.add_attachments(s, rid, files), self.tr("The files were not attached."))

    # --- language -------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and self.detail is not None:
            self.reload()   # the service's words (type, states, clocks) come in the language
        super().changeEvent(event)

    def retranslate(self) -> None:
        captions = {"received": self.tr("Received:"), "channel": self.tr("Channel:"),
                    "requester": self.tr("Who asks:"), "operator": self.tr("Operator:"),
                    "staff": self.tr("Responsible:"), "reply_to": self.tr("Answer to:"),
                    "subject": self.tr("Subject:"), "contacts": self.tr("Contacts:"),
                    "outcome": self.tr("Outcome:")}
        for name, text in captions.items():
            self.captions[name].setText(text)
        self.fields_box.setTitle(self.tr("The request"))
        self.text_box.setTitle(self.tr("Text"))
        self.clocks_box.setTitle(self.tr("Deadlines (working days)"))
        self.timeline_box.setTitle(self.tr("Timeline"))
        self.timeline.setHorizontalHeaderLabels([self.tr("When"), self.tr("What"), self.tr("Details"),
                                                 self.tr("By")])
        self.files_box.setTitle(self.tr("Files"))
        self.files.setHorizontalHeaderLabels([self.tr("File"), self.tr("Size"), self.tr("Added")])
        self.open_file_button.setText(self.tr("Open"))
        self.save_file_button.setText(self.tr("Save as…"))
        self.print_file_button.setText(self.tr("Print…"))
        self.add_file_button.setText(self.tr("Add files…"))
        self.steps_box.setTitle(self.tr("Next step"))
        self.step_buttons[RequestState.IDENTITY_CHECKED].setText(self.tr("Identity checked…"))
        self.step_buttons[RequestState.IN_PROGRESS].setText(self.tr("Take into work"))
        self.step_buttons[RequestState.ANSWERED].setText(self.tr("Answer given…"))
        self.step_buttons[RequestState.REFUSED].setText(self.tr("Refuse with reasons…"))
        self.step_buttons[RequestState.CLOSED].setText(self.tr("Close the request"))
        self.law_box.setTitle(self.tr("What the law asks for"))
        self.documents_button.setText(self.tr("Documents received…"))
        self.confirm_button.setText(self.tr("Confirm unlawful processing…"))
        self.correct_button.setText(self.tr("Correct the data…"))
        self.block_button.setText(self.tr("Block the data"))
        self.unblock_button.setText(self.tr("Unblock the data"))
        self.queue_button.setText(self.tr("Queue for destruction…"))
        self.withdraw_button.setText(self.tr("Consent withdrawn…"))
        self.action_done_button.setText(self.tr("Action done…"))
        self.letters_box.setTitle(self.tr("Letters"))
        self.letter_button.setText(self.tr("Make a letter…"))
        self.templates_button.setText(self.tr("Letter templates…"))
        self._fill()
