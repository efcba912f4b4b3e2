"""Settings → Retention: how long each purpose of the policy keeps a subject's data.

The policy itself says only "as long as necessary" (§5.3): the terms are the operator's choice,
so they are editable here; each change goes into the journal (services.retention).

Saving recomputes the next destruction date of every subject holding a consent for the changed
purposes (a million of them in a large register): it runs in a worker (QThreadPool) with its own
transaction, behind a progress dialog whose Cancel rolls everything back, so the window never
freezes.
"""
from __future__ import annotations

import threading

from PySide6.QtCore import QEvent, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pdp_desk.domain.catalogue import RetentionRule
from pdp_desk.domain.retention import RetentionError, check_retention
from pdp_desk.gui import register_errors, register_labels
from pdp_desk.gui.formats import format_number
from pdp_desk.gui.subject_form import error_label, show_error
from pdp_desk.services import retention
from pdp_desk.store.database import Database

MAX_DAYS = 36500


class _Signals(QObject):
    progress = Signal(str, int, int)   # purpose code, consents done, consents in all
    finished = Signal()
    cancelled = Signal()
    failed = Signal(object)            # the exception


class RetentionJob(QRunnable):
    """The changes saved in a worker thread, in one write transaction of its own."""

    def __init__(self, db: Database, changes: list[tuple[str, str, int | None]]):
        super().__init__()
        self.db, self.changes = db, changes
        self.cancel_requested = threading.Event()
        self.signals = _Signals()
        self.setAutoDelete(False)   # the section keeps the job until its answer arrives

    def run(self) -> None:
        try:
            with self.db.session() as session:
                for code, rule, days in self.changes:
                    retention.set_retention(session, code, rule, days,
                                            progress=lambda done, total, c=code: self._progress(c, done, total))
        except retention.RetentionCancelled:
            self._emit("cancelled")
        except Exception as error:  # noqa: BLE001 - handed to the GUI thread, shown there
            self._emit("failed", error)
        else:
            self._emit("finished")

    def _progress(self, code: str, done: int, total: int) -> bool:
        self._emit("progress", code, done, total)
        return not self.cancel_requested.is_set()

    def _emit(self, name: str, *args) -> None:
        try:
            getattr(self.signals, name).emit(*args)
        except RuntimeError:  # the section was deleted meanwhile
            pass


class RetentionSection(QWidget):
    saved = Signal()   # the rules (and the subjects' destruction dates) changed

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.pool = QThreadPool(self)
        self.job: RetentionJob | None = None
        self.progress: QProgressDialog | None = None
        self.rules: list[retention.PurposeRetention] = []
        self.heading = QLabel()
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton()
        self.revert_button.clicked.connect(self.refresh)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.error = error_label()
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.explanation)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.rule_boxes: list[QComboBox] = []
        self.day_boxes: list[QSpinBox] = []
        self.retranslate()
        self.refresh()

    def refresh(self) -> None:
        show_error(self.error, "")
        self.message.clear()
        try:
            with self.db.read() as session:
                rules = {r.code: r for r in retention.list_retention(session)}
        except Exception as error:  # noqa: BLE001
            rules = {}
            self._box = register_errors.show(self, error, self.tr("The retention rules could not be read"))
        # The policy's order (website, marketing, delivery), then any other purpose.
        order = [c for c in register_labels.PURPOSE_CODES if c in rules] + sorted(
            c for c in rules if c not in register_labels.PURPOSE_CODES)
        self.rules = [rules[c] for c in order]
        self.table.setRowCount(len(self.rules))
        self.rule_boxes, self.day_boxes = [], []
        for row, rule in enumerate(self.rules):
            self.table.setItem(row, 0, QTableWidgetItem(register_labels.purpose(rule.code)))
            self.table.setItem(row, 1, QTableWidgetItem(rule.policy_section))
            rule_box = QComboBox()
            for value in RetentionRule:
                rule_box.addItem("", value.value)
            rule_box.setCurrentIndex(max(0, rule_box.findData(rule.rule.value)))
            days = QSpinBox()
            days.setRange(0, MAX_DAYS)
            days.setSpecialValueText("—")   # 0: no term ("until withdrawn")
            days.setValue(rule.days or 0)
            rule_box.currentIndexChanged.connect(lambda _i, r=row: self._sync_days(r))
            # "1095 | days after the consent was given": the number, then what it counts from.
            self.table.setCellWidget(row, 2, days)
            self.table.setCellWidget(row, 3, rule_box)
            self.rule_boxes.append(rule_box)
            self.day_boxes.append(days)
            self._sync_days(row)
        self._retranslate_rows()
        self.table.resizeRowsToContents()
        self.table.setFixedHeight(self.table.horizontalHeader().height()
                                  + sum(self.table.rowHeight(r) for r in range(self.table.rowCount())) + 4)

    def _sync_days(self, row: int) -> None:
        # "Until withdrawn" has no term: the day count does not apply (shown as a dash).
        counted = self.rule_boxes[row].currentData() != RetentionRule.UNTIL_WITHDRAWN.value
        days = self.day_boxes[row]
        days.setEnabled(counted)
        if not counted:
            days.setValue(0)
        elif days.value() == 0:
            days.setValue(365)

    def changed(self) -> list[tuple[str, str, int | None]]:
        out = []
        for rule, rule_box, day_box in zip(self.rules, self.rule_boxes, self.day_boxes):
            new_rule = rule_box.currentData()
            days = None if new_rule == RetentionRule.UNTIL_WITHDRAWN.value else day_box.value()
            if (new_rule, days) != (rule.rule.value, rule.days):
                out.append((rule.code, new_rule, days))
        return out

    def save(self) -> bool:
        """Check the changes, then save them in the worker. False when refused or already saving."""
        if self.job is not None:
            return False
        show_error(self.error, "")
        changes = self.changed()
        if not changes:
            self.message.setText(self.tr("Nothing to save: the rules are as they were."))
            return True
        for _code, rule, days in changes:
            try:
                check_retention(rule, days)
            except RetentionError as refusal:
                show_error(self.error, self.refusal_text(refusal))
                return False
        self.message.clear()
        self.job = RetentionJob(self.db, changes)
        self.job.signals.progress.connect(self._progress)
        self.job.signals.finished.connect(self._finished)
        self.job.signals.cancelled.connect(self._cancelled)
        self.job.signals.failed.connect(self._failed)
        self.progress = QProgressDialog(self.tr("Saving the retention rules…"), self.tr("Cancel"), 0, 0, self)
        self.progress.setWindowTitle(self.tr("Retention"))
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(300)   # a small register is done before it would show
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.progress.canceled.connect(self.cancel)
        self._set_busy(True)
        self.pool.start(self.job)
        return True

    def cancel(self) -> None:
        """Cancel pressed: the worker stops at its next step and rolls everything back."""
        if self.job is not None:
            self.job.cancel_requested.set()
            if self.progress is not None:
                self.progress.setLabelText(self.tr("Cancelling: the rules stay as they were…"))

    def is_busy(self) -> bool:
        return self.job is not None

    def _set_busy(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy)
        self.revert_button.setEnabled(not busy)
        self.table.setEnabled(not busy)

    def _progress(self, code: str, done: int, total: int) -> None:
        if self.progress is None or self.job is None or self.job.cancel_requested.is_set():
            return
        self.progress.setMaximum(max(total, done, 1))
        self.progress.setValue(done)
        self.progress.setLabelText(
            self.tr("%1: recomputing the destruction dates, %2 of %3 consents…")
            .replace("%1", register_labels.purpose(code)).replace("%2", format_number(done))
            .replace("%3", format_number(total)))

    def _done(self) -> None:
        self.job = None
        if self.progress is not None:
            self.progress.canceled.disconnect(self.cancel)
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        self._set_busy(False)

    def _finished(self) -> None:
        self._done()
        self.refresh()
        self.message.setText(self.tr("Saved. The dates of destruction follow the new rules."))
        self.saved.emit()

    def _cancelled(self) -> None:
        self._done()
        self.message.setText(self.tr("Cancelled: nothing was saved, the rules are as they were."))

    def _failed(self, error: Exception) -> None:
        self._done()
        if isinstance(error, (RetentionError, retention.RetentionChangeRefused)):
            show_error(self.error, self.refusal_text(error))
        else:
            self._box = register_errors.show(self, error, self.tr("The retention rules were not saved"))

    def wait(self) -> None:
        """Block until the worker is done (closing the window, tests)."""
        self.pool.waitForDone()

    def refusal_text(self, refusal: Exception) -> str:
        texts = {
            "days_missing": self.tr("Give the retention term in days."),
            "days_range": self.tr("The term must be 1 to 36,500 days."),
            "days_not_allowed": self.tr("“Until withdrawn” has no term in days."),
            "rule_unknown": self.tr("Choose a retention rule."),
            "purpose_unknown": self.tr("This purpose is no longer in the catalogue."),
        }
        return texts.get(getattr(refusal, "code", ""), getattr(refusal, "message", str(refusal)))

    def section_title(self) -> str:
        """The name in the Settings tab's list of sections."""
        return self.tr("Retention")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Retention of data"))
        self.explanation.setText(self.tr(
            "How long the data collected for each purpose of the policy is kept. The policy says "
            "“as long as necessary”; these terms are the operator's choice. When no purpose "
            "justifies a subject's data any more, the subject is listed for destruction."))
        self.table.setHorizontalHeaderLabels([self.tr("Purpose"), self.tr("Policy section"),
                                              self.tr("Days"), self.tr("Kept")])
        self.save_button.setText(self.tr("Save"))
        self.revert_button.setText(self.tr("Undo changes"))
        self._retranslate_rows()

    def _retranslate_rows(self) -> None:
        names = {RetentionRule.UNTIL_WITHDRAWN.value: self.tr("until the consent is withdrawn"),
                 RetentionRule.AFTER_CONSENT.value: self.tr("days after the consent was given"),
                 RetentionRule.AFTER_LAST_ORDER.value: self.tr("days after the last order")}  # follow the number
        for row, rule_box in enumerate(self.rule_boxes):
            for i in range(rule_box.count()):
                rule_box.setItemText(i, names.get(rule_box.itemData(i), rule_box.itemData(i)))
            item = self.table.item(row, 0)
            if item is not None:
                item.setText(register_labels.purpose(self.rules[row].code))
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsSelectable)
