"""Settings → Sync, and the sync that runs by itself (at start, at exit, every N minutes).

* `SyncScheduler` (one per main window, `window.sync`): runs `services.sync_hub.sync_configured`
  (the folder and/or the hub set here) in a worker thread, one at a time, and tells the window
  when it is done so the tabs and the status bar show what arrived. A failure is said in the
  status bar and loses nothing; the next sync continues where this one stopped.
* `SyncSection`: this PC's name, the shared folder, the hub's address, the passphrase (masked;
  kept in this PC's database, in `local_state`, which never travels), the automatic syncs,
  "Sync now" with a progress bar and what happened, and the other PCs seen.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QFileDialog, QFormLayout, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QProgressBar, QPushButton, QSpinBox,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from pdp_desk.gui.formats import format_number
from pdp_desk.gui.moments import format_moment
from pdp_desk.gui.settings_backup import Job
from pdp_desk.gui.subject_form import error_label, show_error
from pdp_desk.services import sync as sync_service
from pdp_desk.services.sync_hub import SyncOutcome, known_pcs, sync_configured
from pdp_desk.store.database import Database

translate = QCoreApplication.translate
MINUTE_MS = 60 * 1000
START_DELAY_MS = 8000   # after the first paint (and after the backup's first look)
MAX_MINUTES = 24 * 60
WARNING_STYLE = "color:#b26a00; font-weight:bold"
HUB_EXAMPLE = "postgresql://user:password@server:5432/database"


def error_text(code: str, message: str = "") -> str:
    """Why a sync could not run, in the person's language (unknown codes: the service's words)."""
    texts = {
        "not_configured": translate("Sync", "Sync is not set up: choose a shared folder or enter a hub "
                                            "address in Settings → Sync."),
        "no_passphrase": translate("Sync", "No sync passphrase is set. Enter the passphrase the shop's "
                                           "other PCs use in Settings → Sync."),
        "wrong_passphrase": translate("Sync", "The passphrase is not the one the other PCs use. Enter "
                                              "theirs in Settings → Sync."),
        "no_folder": translate("Sync", "No shared folder is chosen."),
        "folder_missing": translate("Sync", "The shared folder is not available (a network folder not "
                                            "connected, a USB stick not inserted?). Work goes on; sync "
                                            "again when it is there."),
        "folder_unusable": translate("Sync", "The shared folder cannot be used now (no permission to write, "
                                             "or it stopped answering). Nothing was lost; sync again later."),
        "no_hub": translate("Sync", "No hub address is set."),
        "hub_url_invalid": translate("Sync", "The hub address is not valid. It looks like "
                                             "postgresql://user:password@server:5432/database."),
        "hub_unreachable": translate("Sync", "The hub does not answer (the server is off, or there is no "
                                             "network). Work goes on; sync again later."),
        "hub_password": translate("Sync", "The hub refused the user name or password in its address."),
        "hub_database": translate("Sync", "The hub's server has no database with the name in the address."),
        "hub_permission": translate("Sync", "The hub's user may not create the tables PDP Desk needs. Ask "
                                            "the server's administrator for the right to create a schema."),
        "hub_newer": translate("Sync", "The hub was set up by a newer version of PDP Desk. Update PDP Desk "
                                       "on this PC."),
        "hub_refused": translate("Sync", "The hub's server refused the connection."),
        "hub_lost": translate("Sync", "The connection to the hub was lost. What arrived is kept; the next "
                                      "sync continues from there."),
        "hub_failed": translate("Sync", "The hub could not do what was asked. Nothing was lost; sync "
                                        "again later."),
        "hub_damaged": translate("Sync", "Data on the hub fails its integrity check (changed on the server "
                                         "by something other than PDP Desk)."),
        "cell_invalid": translate("Sync", "A change on this PC could not be sent (a clock out of range)."),
        "passphrase_short": translate("Sync", "The passphrase needs at least 8 characters."),
        "minutes_range": translate("Sync", "Sync every 0 to 1,440 minutes."),
        "name_empty": translate("Sync", "Give this PC a name (the other PCs show it)."),
        "passphrase_long": translate("Sync", "The passphrase is longer than 1,024 characters."),
        "folder_invalid": translate("Sync", "The shared folder is not a folder's path. Choose it with the "
                                            "button beside the box."),
        "folder_is_url": translate("Sync", "The shared folder box holds an address. Put the hub address in "
                                           "the hub box, and a folder here."),
        "folder_relative": translate("Sync", "Give the shared folder's full path (like \\\\server\\share\\pdp "
                                             "or D:\\pdp), or choose it with the button beside the box."),
    }
    return texts.get(code, message or translate("Sync", "The sync failed."))


def outcome_lines(outcomes: list[SyncOutcome]) -> list[str]:
    """What each place did, one line each, for the section and the status bar."""
    lines = []
    for outcome in outcomes:
        place = (translate("Sync", "Shared folder") if outcome.place == "folder"
                 else translate("Sync", "Hub"))
        if outcome.error is not None:
            lines.append(f"{place}: {error_text(outcome.error.code, outcome.error.message)}")
            continue
        report = outcome.report
        if report.cancelled:
            lines.append(f"{place}: " + translate("Sync", "stopped. What arrived is kept."))
            continue
        text = translate("Sync", "Changes received: %1, sent: %2.").replace(
            "%1", format_number(report.received_rows)).replace("%2", format_number(report.sent_rows))
        if report.destroyed:
            text += " " + translate("Sync", "%n person(s) destroyed on another PC were destroyed here too.",
                                    "", report.destroyed)
        if report.skipped:
            text += " " + translate("Sync", "%n file(s) skipped (damaged or still being copied); they are "
                                            "tried again next time.", "", len(report.skipped))
        if report.reidentified:
            text += " " + translate("Sync", "This database was a copy of another PC's: it took a new identity.")
        if report.new_code:
            text += " " + translate("Sync", "This PC's code is now %1 (another PC had the same).").replace(
                "%1", report.new_code)
        lines.append(f"{place}: {text}")
    return lines


def received_anything(outcomes: list[SyncOutcome]) -> bool:
    return any(o.report is not None and (o.report.received_rows or o.report.destroyed) for o in outcomes)


def sync_status_or_none(db: Database) -> sync_service.SyncStatus | None:
    """For the status bar: the last sync and the changes waiting, or None when sync is not set
    up on this PC (or the database cannot be read now: the next refresh tries again)."""
    try:
        settings = sync_service.sync_settings(db)
        if not (settings.folder or settings.hub_url):
            return None
        return sync_service.sync_status(db)
    except Exception:  # noqa: BLE001 - the status bar never takes the window down
        return None


# --- the scheduler ---------------------------------------------------------------------------------


class SyncScheduler(QObject):
    """The window's syncs: now, at start, every N minutes, at exit; never two at once."""

    started = Signal()
    progress = Signal(int, int)
    finished = Signal(object)      # list[SyncOutcome]
    failed = Signal(object)        # the exception (not set up, or unexpected)

    def __init__(self, window, parent: QObject | None = None):
        super().__init__(parent or window)
        self.window = window       # has .db and, in the main window, .status
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.job: Job | None = None
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.run_now)
        self.first = QTimer(self)
        self.first.setSingleShot(True)
        self.first.timeout.connect(self.run_now)

    def settings(self) -> sync_service.SyncSettings | None:
        try:
            return sync_service.sync_settings(self.window.db)
        except Exception:  # noqa: BLE001 - a busy or closed database: no automatic sync now
            return None

    def start(self, delay_ms: int = START_DELAY_MS) -> None:
        """Read the settings: a sync soon after the start if asked, and every N minutes."""
        self.first.stop()
        self.timer.stop()
        settings = self.settings()
        if settings is None or not (settings.folder or settings.hub_url):
            return
        if settings.sync_at_start:
            self.first.start(delay_ms)
        if settings.auto_minutes > 0:
            self.timer.start(settings.auto_minutes * MINUTE_MS)

    @property
    def running(self) -> bool:
        return self.job is not None

    def run_now(self) -> bool:
        if self.running:
            return False
        db: Database = self.window.db
        self.job = Job(lambda progress: sync_configured(db, progress))
        self.job.signals.progress.connect(self.progress)
        self.job.signals.finished.connect(self._finished)
        self.job.signals.failed.connect(self._failed)
        self.started.emit()
        self.pool.start(self.job)
        return True

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def stop(self, wait_ms: int = 60000) -> None:
        """The window closes: stop the timers, let a running sync end at its next page, and
        sync once more if asked to at exit (before the database is closed)."""
        self.timer.stop()
        self.first.stop()
        self.cancel()
        self.pool.waitForDone(wait_ms)
        settings = self.settings()
        if settings is not None and settings.sync_at_exit and (settings.folder or settings.hub_url):
            self.job = Job(lambda progress: sync_configured(self.window.db, progress))
            self.job.run()  # here, not in the pool: the window waits for it anyway
            self.job = None

    def _finished(self, outcomes: list[SyncOutcome]) -> None:
        self.job = None
        failed = [o for o in outcomes if o.error is not None]
        text = " ".join(outcome_lines(outcomes))
        self._say(text, 0 if failed else 15000)
        self.finished.emit(outcomes)

    def _failed(self, error: Exception) -> None:
        self.job = None
        self._say(translate("Sync", "Not synced: %1").replace(
            "%1", error_text(getattr(error, "code", "failed"), getattr(error, "message", ""))), 0)
        self.failed.emit(error)

    def _say(self, text: str, timeout_ms: int) -> None:
        status = getattr(self.window, "status", None)
        if status is not None and hasattr(status, "showMessage"):
            status.showMessage(text, timeout_ms)


def scheduler_of(widget: QWidget) -> SyncScheduler | None:
    scheduler = getattr(widget.window(), "sync", None)
    return scheduler if isinstance(scheduler, SyncScheduler) else None


# --- the section -------------------------------------------------------------------------------------


class SyncSection(QWidget):
    changed = Signal()   # the settings were saved (the window re-reads its timers)

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.status: sync_service.SyncStatus | None = None
        self.pcs = []
        self._own_scheduler: SyncScheduler | None = None
        self._connected: SyncScheduler | None = None
        self.heading = QLabel()
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)

        self.name = QLineEdit()
        self.name.setObjectName("deviceName")
        self.name.setMaxLength(100)
        self.code_note = QLabel()
        name_row = QHBoxLayout()
        name_row.addWidget(self.name, 1)
        name_row.addWidget(self.code_note)
        self.folder = QLineEdit()
        self.folder.setObjectName("syncFolder")
        self.choose_button = QPushButton()
        self.choose_button.clicked.connect(self.choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.choose_button)
        self.hub = QLineEdit()
        self.hub.setObjectName("hubUrl")
        self.hub.setPlaceholderText(HUB_EXAMPLE)
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("syncPassphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setMaxLength(200)
        self.show_passphrase = QCheckBox()
        self.show_passphrase.toggled.connect(lambda on: self.passphrase.setEchoMode(
            QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password))
        passphrase_row = QHBoxLayout()
        passphrase_row.addWidget(self.passphrase, 1)
        passphrase_row.addWidget(self.show_passphrase)
        self.passphrase_note = QLabel()
        self.passphrase_note.setWordWrap(True)
        passphrase_box = QVBoxLayout()  # the note under the field (a row of its own leaves gaps)
        passphrase_box.addLayout(passphrase_row)
        passphrase_box.addWidget(self.passphrase_note)
        self.at_start = QCheckBox()
        self.at_exit = QCheckBox()
        self.every = QSpinBox()
        self.every.setObjectName("syncEvery")
        self.every.setRange(0, MAX_MINUTES)
        self.every_caption = QLabel()
        auto_row = QHBoxLayout()
        auto_row.addWidget(self.at_start)
        auto_row.addWidget(self.at_exit)
        auto_row.addSpacing(12)
        auto_row.addWidget(self.every_caption)
        auto_row.addWidget(self.every)
        auto_row.addStretch(1)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save)
        self.saved_note = QLabel()
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_button)
        save_row.addWidget(self.saved_note, 1)

        self.sync_button = QPushButton()
        self.sync_button.setObjectName("syncNow")
        self.sync_button.clicked.connect(self.sync_now)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.hide()
        now_row = QHBoxLayout()
        now_row.addWidget(self.sync_button)
        now_row.addWidget(self.bar, 3)
        now_row.addStretch(1)
        self.result = QLabel()
        self.result.setObjectName("syncResult")
        self.result.setWordWrap(True)
        self.last_value = QLabel()
        self.last_value.setWordWrap(True)
        self.relay_note = QLabel()   # PCs that use only the folder or only the hub
        self.relay_note.setObjectName("syncRelayNote")
        self.relay_note.setWordWrap(True)
        self.relay_note.hide()

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.name_caption, self.folder_caption, self.hub_caption = QLabel(), QLabel(), QLabel()
        self.passphrase_caption, self.auto_caption, self.last_caption = QLabel(), QLabel(), QLabel()
        self.form.addRow(self.name_caption, name_row)
        self.form.addRow(self.folder_caption, folder_row)
        self.form.addRow(self.hub_caption, self.hub)
        self.form.addRow(self.passphrase_caption, passphrase_box)
        self.form.addRow(self.auto_caption, auto_row)
        self.form.addRow("", save_row)
        self.form.addRow(self.last_caption, self.last_value)
        self.form.addRow("", self.relay_note)
        self.form.addRow("", now_row)
        self.form.addRow("", self.result)

        self.pcs_heading = QLabel()
        self.pcs_heading.setFont(font)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("syncPcs")
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMinimumHeight(120)
        self.error = error_label()

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.explanation)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addSpacing(8)
        layout.addWidget(self.pcs_heading)
        layout.addWidget(self.table, 1)
        self.retranslate()
        self.refresh()

    # --- the scheduler: the window's, or this section's own when shown alone ---------------------

    def scheduler(self) -> SyncScheduler:
        found = scheduler_of(self)
        if found is not None:
            return found
        if self._own_scheduler is None:
            self._own_scheduler = SyncScheduler(self, self)
        return self._own_scheduler

    def _connect(self) -> SyncScheduler:
        scheduler = self.scheduler()
        if self._connected is not scheduler:
            self._connected = scheduler
            scheduler.started.connect(self._started)
            scheduler.progress.connect(self._progress)
            scheduler.finished.connect(self._done)
            scheduler.failed.connect(self._failed)
        return scheduler

    def showEvent(self, event) -> None:
        self._show_running(self._connect().running)
        self.refresh()
        super().showEvent(event)

    # --- reading -----------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the settings, the last sync and the PCs seen again (the fields are reset)."""
        show_error(self.error, "")
        try:
            settings = sync_service.sync_settings(self.db)
            self.status = sync_service.sync_status(self.db)
            self.pcs = known_pcs(self.db)
        except Exception:  # noqa: BLE001 - a closed or busy database: shown as unknown
            self.status, self.pcs = None, []
            return
        self.name.setText(self.status.device_name)
        self.folder.setText(settings.folder)
        self.hub.setText(settings.hub_url)
        self.passphrase.setText(settings.passphrase)
        self.at_start.setChecked(settings.sync_at_start)
        self.at_exit.setChecked(settings.sync_at_exit)
        self.every.setValue(settings.auto_minutes)
        self.table.setRowCount(len(self.pcs))
        for row, pc in enumerate(self.pcs):
            for column, text in enumerate((pc.name or "—", pc.code or "—", format_moment(pc.last_seen_at))):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self._retranslate_values()

    # --- settings ----------------------------------------------------------------------------------

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Shared folder for sync"), self.folder.text())
        if folder:
            self.folder.setText(str(Path(folder)))

    def save(self) -> bool:
        show_error(self.error, "")
        self.saved_note.clear()
        settings = sync_service.SyncSettings(
            folder=self.folder.text().strip(), hub_url=self.hub.text().strip(), passphrase=self.passphrase.text(),
            auto_minutes=self.every.value(), sync_at_start=self.at_start.isChecked(),
            sync_at_exit=self.at_exit.isChecked())
        try:
            sync_service.save_sync_settings(self.db, settings, device_name=self.name.text(), actor="gui")
        except sync_service.SettingsRefused as refusal:
            show_error(self.error, error_text(refusal.code, refusal.message))
            self._field_of(refusal.code).setFocus()   # the message sits below: the cursor shows where
            return False
        except Exception as error:  # noqa: BLE001 - never a traceback
            show_error(self.error, self.tr("Not saved: %1").replace("%1", str(error)[:200]))
            return False
        self.refresh()
        self.saved_note.setText(self.tr("Saved."))
        scheduler = scheduler_of(self)
        if scheduler is not None:
            scheduler.start()  # the new timers
        self.changed.emit()
        return True

    def _field_of(self, code: str) -> QWidget:
        """The box a refusal is about."""
        if code.startswith("folder"):
            return self.folder
        if code.startswith("hub"):
            return self.hub
        if code.startswith("passphrase"):
            return self.passphrase
        if code == "minutes_range":
            return self.every
        return self.name

    # --- syncing -----------------------------------------------------------------------------------

    def sync_now(self) -> bool:
        """Save what was typed, then sync (or stop a sync that runs)."""
        scheduler = self._connect()
        if scheduler.running:
            scheduler.cancel()
            return False
        if not self.save():
            return False
        self.result.clear()
        return scheduler.run_now()

    def _started(self) -> None:
        self._show_running(True)

    def _show_running(self, running: bool) -> None:
        self.bar.setVisible(running)
        if running:
            self.bar.setValue(0)
        self.sync_button.setText(self.tr("Stop") if running else self.tr("Sync now"))

    def _progress(self, done: int, total: int) -> None:
        self.bar.setValue(int(1000 * done / total) if total else 0)

    def _done(self, outcomes: list[SyncOutcome]) -> None:
        self._show_running(False)
        self.refresh()
        failed = any(o.error is not None for o in outcomes)
        self.result.setStyleSheet(WARNING_STYLE if failed else "")
        self.result.setText("\n".join(outcome_lines(outcomes)))

    def _failed(self, error: Exception) -> None:
        self._show_running(False)
        self.refresh()
        self.result.setStyleSheet(WARNING_STYLE)
        self.result.setText(error_text(getattr(error, "code", "failed"), getattr(error, "message", "")))

    # --- language ------------------------------------------------------------------------------------

    def section_title(self) -> str:
        return self.tr("Sync")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Sync between the shop's PCs"))
        self.explanation.setText(self.tr(
            "Each PC keeps its own database and works offline. Changes travel through a shared folder "
            "(a network folder, a USB stick, a folder a file-sync program keeps in step) or through a "
            "PostgreSQL server acting as a hub; PDP Desk syncs through each one that is set. A person "
            "destroyed on one PC is destroyed on all of them."))
        self.name_caption.setText(self.tr("This PC's name:"))
        self.folder_caption.setText(self.tr("Shared folder:"))
        self.choose_button.setText(self.tr("Choose…"))
        self.hub_caption.setText(self.tr("Hub address:"))
        self.hub.setToolTip(self.tr("A PostgreSQL database on the shop's own server, for example %1")
                            .replace("%1", HUB_EXAMPLE))
        self.passphrase_caption.setText(self.tr("Passphrase:"))
        self.show_passphrase.setText(self.tr("Show"))
        self.passphrase_note.setText(self.tr(
            "The same on every PC: the files in the folder are encrypted with it, and the hub checks it. "
            "It is kept only in this PC's database (never sent to the others); backups use it too."))
        self.auto_caption.setText(self.tr("Automatically:"))
        self.at_start.setText(self.tr("at start"))
        self.at_exit.setText(self.tr("at exit"))
        self.every_caption.setText(self.tr("every (minutes):"))
        self.every.setSpecialValueText(self.tr("never"))
        self.save_button.setText(self.tr("Save"))
        self.last_caption.setText(self.tr("Last sync:"))
        self.pcs_heading.setText(self.tr("Other PCs seen"))
        self.table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Code"), self.tr("Last seen")])
        self._show_running(self._connected.running if self._connected is not None else False)
        self._retranslate_values()

    def _retranslate_values(self) -> None:
        status = self.status
        if status is None:
            self.last_value.setText("—")
            self.relay_note.hide()
            return
        self.relay_note.setVisible(bool(status.one_place_pcs))
        self.relay_note.setText(self.tr(
            "These PCs sync only through the folder or only through the hub: %1. Changes are not passed "
            "on from one place to the other, so they do not see the changes of the PCs that use the other "
            "place. Set both the folder and the hub on every PC, or let all of them use the same one.")
            .replace("%1", ", ".join(status.one_place_pcs)))
        self.code_note.setText(self.tr("code %1").replace("%1", status.device_code or "—"))
        if status.last_sync_at is None:
            last = self.tr("never")
        else:
            results = {"ok": self.tr("done"), "partial": self.tr("done, some files skipped")}
            outcome = results.get(status.last_result) or error_text(status.last_result)
            last = f"{format_moment(status.last_sync_at)} — {outcome}"
        waiting = self.tr("%n change(s) of this PC not sent yet", "", status.changes_waiting)
        self.last_value.setText(f"{last}\n{waiting}")
