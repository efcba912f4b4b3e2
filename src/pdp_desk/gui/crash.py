"""Any unexpected error: written to the log, shown in a dialog with details to copy, app kept open.

Python calls `sys.excepthook` for an exception that escapes a slot or an event handler (PySide6
then carries on with the event loop), `threading.excepthook` for one in a worker thread; Qt's
own critical messages come through its message handler. Nothing is lost by an error: every use
case runs in one transaction (`Database.session`), which the escaping exception rolled back.

The details are what `logs.describe_exception` gives: the type, the traceback's frames and the
message through `logs.scrub` (it may quote a name or a phone number). They are safe to paste
into an e-mail to whoever looks after PDP Desk.
"""
from __future__ import annotations

import logging
import platform
import sys
import threading
from datetime import datetime

from PySide6.QtCore import (QCoreApplication, QObject, Qt, QThread, QtMsgType, Signal,
                            qInstallMessageHandler, qVersion)
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QApplication, QDialog, QDialogButtonBox, QHBoxLayout, QLabel,
                               QPlainTextEdit, QPushButton, QStyle, QVBoxLayout, QWidget)

from pdp_desk import __version__, logs

log = logging.getLogger(__name__)
MAX_REPORTS = 10     # one dialog collects them; an error in a loop must not pile up windows


def header() -> str:
    return (f"PDP Desk {__version__}; Python {platform.python_version()}; Qt {qVersion()}; "
            f"{platform.system()} {platform.release()} ({platform.version()}); "
            f"{datetime.now().astimezone().isoformat(timespec='seconds')}")


class CrashDialog(QDialog):
    """What happened in plain words, the details (read-only, selectable) and "Copy details"."""

    def __init__(self, details: str, log_file: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.reports = 1
        self.setWindowTitle(self.tr("PDP Desk: unexpected error"))
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(48, 48))
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        font = self.headline.font()
        font.setBold(True)
        self.headline.setFont(font)
        self.explanation = QLabel(self.tr(
            "PDP Desk keeps working. If you were saving something, it was not saved: the change was "
            "rolled back, and everything saved before is intact. Check it and try again.\n\n"
            "If it happens again, copy the details and send them to whoever looks after PDP Desk. "
            "They hold no personal data."))
        self.explanation.setWordWrap(True)
        self.log_label = QLabel(self.tr("The log file: %1").replace("%1", log_file) if log_file
                                else self.tr("No log file is being written."))
        self.log_label.setWordWrap(True)
        self.log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QPlainTextEdit(details)
        self.details.setObjectName("crashDetails")
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.setMinimumSize(560, 180)
        self.copy_button = QPushButton(self.tr("Copy details"))
        self.copy_button.clicked.connect(self.copy_details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        top = QHBoxLayout()
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        text = QVBoxLayout()
        text.addWidget(self.headline)
        text.addWidget(self.explanation)
        top.addLayout(text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.log_label)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self._headline()

    def _headline(self) -> None:
        self.headline.setText(self.tr("Something unexpected went wrong (%n time(s)).", "", self.reports)
                              if self.reports > 1 else self.tr("Something unexpected went wrong."))

    def add(self, details: str) -> None:
        self.reports += 1
        if self.reports <= MAX_REPORTS:
            self.details.appendPlainText("\n" + "-" * 60 + "\n" + details)
        self._headline()

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())
        self.copy_button.setText(self.tr("Copied"))


class CrashReporter(QObject):
    """Catches what escapes; `dialog` is the one open (tests look at it)."""

    reported = Signal(str)   # details; queued, so a worker thread's error is shown by the GUI thread

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.dialog: CrashDialog | None = None
        self.count = 0
        self._previous_hooks = (sys.excepthook, threading.excepthook)
        self._previous_qt = None
        self.reported.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def install(self) -> CrashReporter:
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_hook
        self._previous_qt = qInstallMessageHandler(self.qt_message)
        return self

    def uninstall(self) -> None:
        sys.excepthook, threading.excepthook = self._previous_hooks
        qInstallMessageHandler(self._previous_qt)

    # --- the hooks ------------------------------------------------------------------------------

    def excepthook(self, kind, value, tb) -> None:
        if issubclass(kind, (KeyboardInterrupt, SystemExit)):
            return self._previous_hooks[0](kind, value, tb)
        self.report(kind, value, tb)

    def thread_hook(self, args) -> None:
        if args.exc_type is SystemExit:
            return
        self.report(args.exc_type, args.exc_value, args.exc_traceback)

    def qt_message(self, mode: QtMsgType, context, message: str) -> None:
        where = f" ({context.file}:{context.line})" if context is not None and context.file else ""
        text = logs.scrub(message) + where
        if mode == QtMsgType.QtWarningMsg:
            log.warning("Qt: %s", text)
        elif mode in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            log.error("Qt: %s", text)
            if mode == QtMsgType.QtCriticalMsg:   # a fatal one ends the process before any dialog
                self.count += 1
                self.reported.emit(f"{header()}\nQt critical: {text}")

    def report(self, kind, value, tb) -> None:
        """Log the error (scrubbed) and show it; safe from any thread, never raises."""
        try:
            self.count += 1
            log.error("unexpected error", exc_info=(kind, value, tb))
            details = f"{header()}\n{logs.describe_exception(kind, value, tb)}"
            app = QCoreApplication.instance()
            if app is None:
                print(details, file=sys.stderr)
            elif QThread.currentThread() is app.thread() and QThread.currentThread().loopLevel() == 0:
                self._show(details, modal=True)   # before or after the event loop: show it now
            else:
                self.reported.emit(details)
        except Exception:  # noqa: BLE001 - the reporter itself must not raise from a hook
            pass

    def _show(self, details: str, modal: bool = False) -> None:
        if not isinstance(QCoreApplication.instance(), QApplication):
            print(details, file=sys.stderr)
            return
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.add(details)
            return
        path = logs.current_path()
        parent = QApplication.activeWindow()
        self.dialog = CrashDialog(details, str(path) if path else "", parent)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.destroyed.connect(self._forget)
        if modal:
            self.dialog.exec()
        else:
            self.dialog.show()
            self.dialog.raise_()
            self.dialog.activateWindow()

    def _forget(self, *_args) -> None:
        self.dialog = None


def install(parent: QObject | None = None) -> CrashReporter:
    """Catch every unexpected error of this process from now on."""
    return CrashReporter(parent or QCoreApplication.instance()).install()
