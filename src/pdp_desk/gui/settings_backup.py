"""Settings → Backups, the daily backup in the background, and restoring a backup.

* `BackupScheduler` (one per main window): a few seconds after the window is painted, and then
  every hour, makes a backup in a worker thread when the last one is older than 24 hours. A
  failure (folder gone, full, read-only) is said in the status bar, loses nothing, and is tried
  again an hour later. "Back up now" of the section goes through the same scheduler, so two
  backups never run at once.
* `BackupSection`: the folder, the days to keep, the passphrase (set here: a backup cannot be
  opened without it, and nobody can recover it), the last backup, the list of backups and
  "Restore…".
* `RestoreFlow`: the window's database is closed, `services.backups.restore` runs in a worker
  (destructions re-applied, the current database kept sealed), and the window opens the file
  again, restored or, on any refusal, as it was.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pdp_desk.gui.formats import format_number
from pdp_desk.gui.moments import format_moment
from pdp_desk.gui.subject_form import error_label, show_error
from pdp_desk.services import backups
from pdp_desk.store.database import Database

translate = QCoreApplication.translate
HOUR_MS = 60 * 60 * 1000
START_DELAY_MS = 5000          # after the first paint: the window is usable before the copy starts
WARNING_STYLE = "color:#b26a00; font-weight:bold"


def error_text(code: str, message: str = "") -> str:
    """A backup or restore refusal in the person's language (unknown codes: the service's words)."""
    texts = {
        "no_passphrase": translate("Backups", "No passphrase is set: backups are off. Set one in "
                                              "Settings → Backups."),
        "passphrase_short": translate("Backups", "The passphrase needs at least 8 characters."),
        "folder_missing": translate("Backups", "The backups folder is not there: is its drive or network "
                                               "share connected?"),
        "folder_not_writable": translate("Backups", "PDP Desk cannot write in the backups folder."),
        "folder_invalid": translate("Backups", "Choose a folder PDP Desk can write in (a whole path, like D:\\Backups)."),
        "keep_days_range": translate("Backups", "Keep backups 1 to 365 days."),
        "no_space": translate("Backups", "There is not enough free space for the backup."),
        "cancelled": translate("Backups", "Stopped: nothing was changed."),
        "wrong_passphrase": translate("Backups", "The passphrase does not open this backup. Nothing was changed."),
        "damaged": translate("Backups", "The backup is damaged or incomplete (perhaps still being copied). "
                                        "Nothing was changed; choose another backup."),
        "newer_version": translate("Backups", "The backup was made by a newer version of PDP Desk. Update "
                                              "PDP Desk first. Nothing was changed."),
        "not_a_backup": translate("Backups", "This file is not a PDP Desk backup. Nothing was changed."),
        "locked": translate("Backups", "The database is open in another PDP Desk window: close it and try again."),
        "replace_failed": translate("Backups", "The database could not be replaced (another program is using "
                                               "it?). Nothing was changed."),
    }
    return texts.get(code, message or translate("Backups", "The backup failed."))


# --- the worker ------------------------------------------------------------------------------


class _Signals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)


class Job(QRunnable):
    """`work(progress)` in a worker thread; `cancel()` makes the next progress call stop it."""

    def __init__(self, work: Callable):
        super().__init__()
        self.work = work
        self.cancelled = threading.Event()
        self.signals = _Signals()
        self.setAutoDelete(False)

    def progress(self, done: int, total: int) -> bool:
        self._emit("progress", done, total)
        return not self.cancelled.is_set()

    def cancel(self) -> None:
        self.cancelled.set()

    def run(self) -> None:
        try:
            result = self.work(self.progress)
        except Exception as error:  # noqa: BLE001 - shown in the GUI thread
            self._emit("failed", error)
            return
        self._emit("finished", result)

    def _emit(self, name: str, *args) -> None:
        try:
            getattr(self.signals, name).emit(*args)
        except RuntimeError:  # the receiver is gone
            pass


# --- the daily backup ------------------------------------------------------------------------


class BackupScheduler(QObject):
    """The window's backups: daily in the background, or now (the section's button)."""

    started = Signal()
    progress = Signal(int, int)
    finished = Signal(object)      # BackupResult
    failed = Signal(object)        # the exception

    def __init__(self, window, parent: QObject | None = None):
        super().__init__(parent or window)
        self.window = window       # has .db and .status (the status bar)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.job: Job | None = None
        self.told_no_passphrase = False
        self.timer = QTimer(self)
        self.timer.setInterval(HOUR_MS)
        self.timer.timeout.connect(self.check)
        self.first = QTimer(self)
        self.first.setSingleShot(True)
        self.first.timeout.connect(self.check)

    def start(self, delay_ms: int = START_DELAY_MS) -> None:
        """The first look a few seconds after the window is painted, then every hour."""
        self.first.start(delay_ms)
        self.timer.start()

    @property
    def running(self) -> bool:
        return self.job is not None

    def check(self) -> bool:
        """A backup if one is due; True when one was started."""
        if self.running:
            return False
        db: Database = self.window.db
        try:
            with db.read() as session:
                due = backups.is_due(session)
        except Exception:  # noqa: BLE001 - a busy or vanished file: the next hour tries again
            return False
        if not due:
            return False
        # Without a passphrase the run only tidies the copies kept before upgrades, then says why
        # there is no backup (once per session).
        return self.run_now()

    def run_now(self) -> bool:
        if self.running:
            return False
        db: Database = self.window.db
        self.job = Job(lambda progress: backups.backup_now(db, progress=progress))
        self.job.signals.progress.connect(self.progress)
        self.job.signals.finished.connect(self._finished)
        self.job.signals.failed.connect(self._failed)
        self.started.emit()
        self.pool.start(self.job)
        return True

    def after_destruction(self) -> bool:
        """Copies kept before an upgrade lose the destroyed subjects now (in a worker); True if started."""
        if self.running:
            return False  # the running backup tidies them at its end
        db: Database = self.window.db
        self.tidy_job = Job(lambda _progress: backups.tidy_now(db))
        self.pool.start(self.tidy_job)
        return True

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def stop(self, wait_ms: int = 15000) -> None:
        """The window closes: stop the timer and a running backup (its temp copy is removed)."""
        self.timer.stop()
        self.first.stop()
        self.cancel()
        self.pool.waitForDone(wait_ms)

    def _finished(self, result: backups.BackupResult) -> None:
        self.job = None
        self._say(translate("Backups", "Backup made: %1 (%2 MB).").replace("%1", result.path.name)
                  .replace("%2", format_number(max(1, round(result.size / 1_000_000)))), 15000)
        self.finished.emit(result)

    def _failed(self, error: Exception) -> None:
        self.job = None
        code = getattr(error, "code", "failed")
        if code == "no_passphrase":
            if not self.told_no_passphrase:
                self.told_no_passphrase = True
                self._say(error_text(code), 0)
        elif code != "cancelled":
            self._say(translate("Backups", "The backup was not made: %1 It is tried again in an hour; "
                                           "nothing is lost.").replace("%1", error_text(code, str(error))), 0)
        self.failed.emit(error)

    def _say(self, text: str, timeout_ms: int) -> None:
        status = getattr(self.window, "status", None)
        if status is not None:
            status.showMessage(text, timeout_ms)


def scheduler_of(widget: QWidget) -> BackupScheduler | None:
    window = widget.window()
    scheduler = getattr(window, "backups", None)
    return scheduler if isinstance(scheduler, BackupScheduler) else None


# --- restore ---------------------------------------------------------------------------------


class RestoreFlow(QObject):
    """Restore `backup` into the window's database: close it, restore in a worker, open again.

    `window` has `db`, `reload_database()` and, optionally, `backups` (the scheduler, stopped
    meanwhile). Emits `done(result or None, error or None)` after the window opened the file again.
    """

    done = Signal(object, object)

    def __init__(self, window, backup: Path, passphrase: str):
        super().__init__(window)
        self.window, self.backup, self.passphrase = window, Path(backup), passphrase
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.job: Job | None = None
        self.dialog: QProgressDialog | None = None
        self.box: QMessageBox | None = None

    def start(self) -> None:
        scheduler = getattr(self.window, "backups", None)
        if isinstance(scheduler, BackupScheduler):
            scheduler.stop()
        path = self.window.db.path
        self.window.db.close()   # restore takes the file's lock itself
        self.dialog = QProgressDialog(self.window)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setWindowTitle(self.tr("Restoring the backup"))
        self.dialog.setLabelText(self.tr("Checking the backup and re-applying the destructions recorded since it "
                                         "was made…"))
        self.dialog.setRange(0, 1000)
        self.dialog.setMinimumDuration(0)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.job = Job(lambda progress: backups.restore(path, self.backup, self.passphrase, progress=progress,
                                                        actor="gui"))
        self.dialog.canceled.connect(self.job.cancel)
        self.job.signals.progress.connect(self._progress)
        self.job.signals.finished.connect(lambda result: self._end(result, None))
        self.job.signals.failed.connect(lambda error: self._end(None, error))
        self.dialog.show()
        self.pool.start(self.job)

    def _progress(self, done: int, total: int) -> None:
        if self.dialog is not None:
            self.dialog.setValue(min(done, 1000))
            if done >= 950:  # the replacement: no way back from here, so no Cancel
                self.dialog.setCancelButton(None)

    def _end(self, result, error) -> None:
        if self.dialog is not None:
            self.dialog.close()
        self.job = None
        self.window.reload_database()   # the restored file, or the untouched one
        scheduler = getattr(self.window, "backups", None)
        if isinstance(scheduler, BackupScheduler):
            scheduler.timer.start()
        if error is None:
            text = self.tr("The backup of %1 is restored. Destroyed subjects removed again: %2; acts added "
                           "back: %3. The database as it was before is kept, sealed, as %4.") \
                .replace("%1", format_moment(result.made_at) or result.backup.name) \
                .replace("%2", format_number(result.reapplied)).replace("%3", format_number(result.acts_added)) \
                .replace("%4", result.kept_copy.name)
            self.box = QMessageBox(QMessageBox.Icon.Information, self.tr("Restored"), text,
                                   QMessageBox.StandardButton.Ok, self.window)
        else:
            text = error_text(getattr(error, "code", "failed"), str(error))
            self.box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Not restored"), text,
                                   QMessageBox.StandardButton.Ok, self.window)
        self.box.open()
        self.done.emit(result, error)


class PassphraseDialog(QDialog):
    """Set the passphrase twice, with the warning that nobody can recover it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.first, self.second = QLineEdit(), QLineEdit()
        for field in (self.first, self.second):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setMaxLength(200)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(WARNING_STYLE)
        self.error = error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        self.first_caption, self.second_caption = QLabel(), QLabel()
        form.addRow(self.first_caption, self.first)
        form.addRow(self.second_caption, self.second)
        layout = QVBoxLayout(self)
        layout.addWidget(self.warning)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setWindowTitle(self.tr("Backup passphrase"))
        self.warning.setText(self.tr(
            "A backup can only be opened with this passphrase, and nobody can recover it: not the "
            "developers, not PDP Desk. Write it down and keep it somewhere safe, away from the PC. "
            "Sync between the shop's PCs uses the same passphrase."))
        self.first_caption.setText(self.tr("Passphrase:"))
        self.second_caption.setText(self.tr("Once more:"))
        self.setMinimumWidth(480)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetMinimumSize)  # the wrapped warning fits

    def passphrase(self) -> str:
        return self.first.text()

    def accept(self) -> None:
        if len(self.first.text().strip()) < backups.MIN_PASSPHRASE:
            show_error(self.error, error_text("passphrase_short"))
            return
        if self.first.text() != self.second.text():
            show_error(self.error, self.tr("The two passphrases differ."))
            return
        super().accept()


class RestoreDialog(QDialog):
    """What a restore does, and the passphrase of the backup."""

    def __init__(self, backup: Path, made: str, known_passphrase: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.backup = backup
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.passphrase_field = QLineEdit(known_passphrase or "")
        self.passphrase_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        self.caption = QLabel()
        form.addRow(self.caption, self.passphrase_field)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setWindowTitle(self.tr("Restore a backup"))
        self.text.setText(self.tr(
            "The database will be replaced by the backup of %1 (%2).\n\n"
            "Everything entered since then is lost, except destructions: every destruction recorded since "
            "the backup was made is applied to it again, with its act and journal entries, so destroyed "
            "data does not come back.\n\n"
            "The database as it is now is kept first, sealed with the passphrase, in the backups folder. "
            "The window closes the database meanwhile and opens it again when done.")
            .replace("%1", made).replace("%2", backup.name))
        self.caption.setText(self.tr("Passphrase of the backup:"))
        self.restore_button.setText(self.tr("Restore"))
        self.setMinimumWidth(520)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetMinimumSize)

    def passphrase(self) -> str:
        return self.passphrase_field.text()


# --- the section -----------------------------------------------------------------------------


class BackupSection(QWidget):
    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.conf: backups.BackupSettings | None = None
        self.items: list = []
        self._box = None
        self._dialog = None
        self.flow: RestoreFlow | None = None
        self._own_scheduler: BackupScheduler | None = None
        self._connected: BackupScheduler | None = None
        self.heading = QLabel()
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)

        self.folder = QLineEdit()
        self.folder.setObjectName("backupFolder")
        self.choose_button = QPushButton()
        self.choose_button.clicked.connect(self.choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.choose_button)
        self.keep = QSpinBox()
        self.keep.setObjectName("keepDays")
        self.keep.setRange(1, backups.MAX_KEEP_DAYS)
        self.keep_note = QLabel()
        self.keep_note.setWordWrap(True)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save)
        self.saved_note = QLabel()
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_button)
        save_row.addWidget(self.saved_note, 1)
        self.passphrase_value = QLabel()
        self.passphrase_value.setWordWrap(True)
        self.passphrase_button = QPushButton()
        self.passphrase_button.clicked.connect(self.ask_passphrase)
        passphrase_row = QHBoxLayout()
        passphrase_row.addWidget(self.passphrase_value, 1)
        passphrase_row.addWidget(self.passphrase_button, 0, Qt.AlignmentFlag.AlignTop)
        self.last_value = QLabel()
        self.last_value.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(WARNING_STYLE)
        self.problem.hide()
        self.backup_button = QPushButton()
        self.backup_button.setObjectName("backupNow")
        self.backup_button.clicked.connect(self.back_up_now)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.hide()
        now_row = QHBoxLayout()
        now_row.addWidget(self.backup_button)
        now_row.addWidget(self.bar, 3)
        now_row.addStretch(1)
        keep_row = QHBoxLayout()
        keep_row.addWidget(self.keep)
        keep_row.addWidget(self.keep_note, 1)

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.folder_caption, self.keep_caption = QLabel(), QLabel()
        self.passphrase_caption, self.last_caption = QLabel(), QLabel()
        self.form.addRow(self.folder_caption, folder_row)
        self.form.addRow(self.keep_caption, keep_row)
        self.form.addRow("", save_row)
        self.form.addRow(self.passphrase_caption, passphrase_row)
        self.form.addRow(self.last_caption, self.last_value)
        self.form.addRow("", self.problem)
        self.form.addRow("", now_row)

        self.list_heading = QLabel()
        self.list_heading.setFont(font)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("backupList")
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMinimumHeight(160)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.restore_button = QPushButton()
        self.restore_button.setObjectName("restoreBackup")
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_file_button = QPushButton()
        self.restore_file_button.clicked.connect(self.restore_from_file)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        list_row = QHBoxLayout()
        list_row.addWidget(self.restore_button)
        list_row.addWidget(self.restore_file_button)
        list_row.addStretch(1)
        list_row.addWidget(self.refresh_button)
        self.error = error_label()

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.explanation)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addSpacing(8)
        layout.addWidget(self.list_heading)
        layout.addWidget(self.table, 1)
        layout.addLayout(list_row)
        self.retranslate()
        self.refresh()

    # --- the scheduler: the window's, or this section's own when shown alone ---------------------

    def scheduler(self) -> BackupScheduler:
        found = scheduler_of(self)
        if found is not None:
            return found
        if self._own_scheduler is None:
            self._own_scheduler = BackupScheduler(self, self)
        return self._own_scheduler

    def showEvent(self, event) -> None:
        scheduler = self.scheduler()
        if self._connected is not scheduler:  # the window's scheduler, found once in a window
            self._connected = scheduler
            scheduler.started.connect(self._started)
            scheduler.progress.connect(self._progress)
            scheduler.finished.connect(self._done)
            scheduler.failed.connect(self._done)
        self._show_running(scheduler.running)
        self.refresh()
        super().showEvent(event)

    # --- reading ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        show_error(self.error, "")
        try:
            with self.db.read() as session:
                self.conf = backups.settings(session)
        except Exception:  # noqa: BLE001 - a closed or busy database: shown as unknown
            self.conf = None
            return
        self.folder.setText(str(self.conf.folder))
        self.keep.setValue(self.conf.keep_days)
        self.items = backups.list_backups(self.conf.folder)
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            cells = [format_moment(item.made_at), item.device_code, self._kind(item),
                     self.tr("%1 MB").replace("%1", format_number(max(1, round(item.size / 1_000_000))))]
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(str(item.path))
                if column == 3:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, cell)
        self._selection_changed()
        self._retranslate_values()

    def _kind(self, item) -> str:
        if not item.sealed:
            return self.tr("damaged or not a backup")
        if item.kind == backups.KIND_BEFORE_RESTORE:
            return self.tr("the database before a restore")
        if item.kind.startswith(backups.KIND_BEFORE_UPGRADE):
            return self.tr("the database before an upgrade")
        return self.tr("backup")

    def _selection_changed(self) -> None:
        row = self.table.currentRow()
        self.restore_button.setEnabled(0 <= row < len(self.items) and self.items[row].sealed
                                       and self.flow is None)

    # --- settings --------------------------------------------------------------------------------

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Backups folder"), self.folder.text())
        if folder:
            self.folder.setText(str(Path(folder)))

    def save(self) -> bool:
        show_error(self.error, "")
        try:
            with self.db.session() as session:
                backups.set_backup_settings(session, self.folder.text(), self.keep.value(), actor="gui")
        except backups.BackupError as refusal:
            show_error(self.error, error_text(refusal.code, refusal.message))
            return False
        except Exception as error:  # noqa: BLE001 - never a traceback
            show_error(self.error, self.tr("Not saved: %1").replace("%1", str(error)[:200]))
            return False
        self.refresh()
        self.saved_note.setText(self.tr("Saved."))
        self.changed.emit()
        return True

    def ask_passphrase(self) -> PassphraseDialog:
        dialog = PassphraseDialog(self)
        dialog.accepted.connect(lambda: self.set_passphrase(dialog.passphrase()))
        dialog.open()
        self._dialog = dialog
        return dialog

    def set_passphrase(self, passphrase: str) -> bool:
        show_error(self.error, "")
        try:
            with self.db.session() as session:
                backups.set_passphrase(session, passphrase, actor="gui")
        except backups.BackupError as refusal:
            show_error(self.error, error_text(refusal.code, refusal.message))
            return False
        self.refresh()
        return True

    # --- backing up ------------------------------------------------------------------------------

    def back_up_now(self) -> bool:
        show_error(self.error, "")
        if self.conf is not None and not self.conf.passphrase_set:
            show_error(self.error, error_text("no_passphrase"))
            return False
        scheduler = self.scheduler()
        if scheduler.running:
            scheduler.cancel()
            return False
        return scheduler.run_now()

    def _started(self) -> None:
        self._show_running(True)

    def _show_running(self, running: bool) -> None:
        self.bar.setVisible(running)
        if running:
            self.bar.setValue(0)
        self.backup_button.setText(self.tr("Stop") if running else self.tr("Back up now"))

    def _progress(self, done: int, total: int) -> None:
        self.bar.setValue(done)

    def _done(self, outcome) -> None:
        self._show_running(False)
        self.refresh()
        if isinstance(outcome, Exception):
            show_error(self.error, error_text(getattr(outcome, "code", "failed"), str(outcome)))

    # --- restoring -------------------------------------------------------------------------------

    def restore_selected(self) -> RestoreDialog | None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.items):
            return None
        item = self.items[row]
        return self.ask_restore(item.path, format_moment(item.made_at))

    def restore_from_file(self) -> RestoreDialog | None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Restore a backup"), self.folder.text(),
                                              self.tr("PDP Desk backups (*.pdpbak)"))
        return self.ask_restore(Path(name), Path(name).name) if name else None

    def ask_restore(self, backup: Path, made: str) -> RestoreDialog:
        with self.db.read() as session:
            known = backups.passphrase_of(session)
        dialog = RestoreDialog(Path(backup), made, known, self)
        dialog.accepted.connect(lambda: self.start_restore(dialog.backup, dialog.passphrase()))
        dialog.open()
        self._dialog = dialog
        return dialog

    def start_restore(self, backup: Path, passphrase: str) -> RestoreFlow | None:
        window = self.window()
        if not hasattr(window, "reload_database"):
            return None
        self.flow = RestoreFlow(window, backup, passphrase)
        window.restore_flow = self.flow  # outlives this section (the tabs are rebuilt after)
        self.flow.start()
        return self.flow

    # --- language --------------------------------------------------------------------------------

    def section_title(self) -> str:
        return self.tr("Backups")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Backups"))
        self.explanation.setText(self.tr(
            "Once a day PDP Desk copies the database into the backups folder, encrypted with the passphrase. "
            "Best is a folder on another disk: a USB disk or a network folder. Backups older than the days "
            "to keep are deleted: after that time, destroyed data is gone from the backups too (the acts "
            "of destruction say so)."))
        self.folder_caption.setText(self.tr("Backups folder:"))
        self.choose_button.setText(self.tr("Choose…"))
        self.keep_caption.setText(self.tr("Keep backups, days:"))
        self.save_button.setText(self.tr("Save"))
        self.passphrase_caption.setText(self.tr("Passphrase:"))
        self.last_caption.setText(self.tr("Last backup:"))
        self.list_heading.setText(self.tr("Backups in the folder"))
        self.table.setHorizontalHeaderLabels([self.tr("Made"), self.tr("PC"), self.tr("What"), self.tr("Size")])
        self.restore_button.setText(self.tr("Restore…"))
        self.restore_file_button.setText(self.tr("Restore from a file…"))
        self.refresh_button.setText(self.tr("Refresh"))
        self._show_running(self.scheduler().running if self.isVisible() else False)
        self._retranslate_values()

    def _retranslate_values(self) -> None:
        conf = self.conf
        self.keep_note.setText(self.tr("The acts of destruction state this term."))
        if conf is None:
            return
        if conf.passphrase_set:
            self.passphrase_value.setText(self.tr("Set. Without it no backup can be opened; it cannot be recovered."))
            self.passphrase_value.setStyleSheet("")
            self.passphrase_button.setText(self.tr("Change…"))
        else:
            self.passphrase_value.setText(self.tr("Not set: backups are off. Set a passphrase to start them."))
            self.passphrase_value.setStyleSheet(WARNING_STYLE)
            self.passphrase_button.setText(self.tr("Set passphrase…"))
        self.last_value.setText(format_moment(conf.last_at) if conf.last_at else self.tr("never"))
        if conf.last_error:
            self.problem.setText(self.tr("The last backup failed: %1").replace("%1", error_text(conf.last_error)))
            self.problem.show()
        else:
            self.problem.hide()
        for row, item in enumerate(self.items):
            cell = self.table.item(row, 2)
            if cell is not None:
                cell.setText(self._kind(item))
