"""One running copy per database, the friendly half: the second copy asks the first to come forward.

The file lock beside the database (store.lock) decides who may open it. The copy holding it also
listens on a local socket named after the database (a named pipe on Windows, a socket file
elsewhere); a second start on the same database sends "show" there. When someone answers, the
running window comes to the front and says why, and the second copy quits without a word.
When nobody answers (a command-line task, another Windows user), the second copy says the file
is in use, as before.
"""
from __future__ import annotations

import getpass
import hashlib
import logging
import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

MESSAGE = b"show\n"
WAIT_MS = 1500
log = logging.getLogger(__name__)


def server_name(database: Path) -> str:
    """A name per user and per database file (case-insensitive paths on Windows)."""
    path = os.path.normcase(os.path.normpath(Path(database).expanduser().absolute()))
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in the environment: the path alone
        user = ""
    digest = hashlib.sha256(f"{user}\n{path}".encode("utf-8")).hexdigest()[:24]
    return f"pdp-desk-{digest}"


def ask_running_copy(database: Path) -> bool:
    """Ask the copy that has `database` open to show its window; True when it answered."""
    if os.name == "nt":
        _allow_foreground()
    socket = QLocalSocket()
    socket.connectToServer(server_name(database))
    if not socket.waitForConnected(WAIT_MS):
        return False
    try:
        socket.write(MESSAGE)
        if not socket.waitForBytesWritten(WAIT_MS):
            return False
        # The answer proves a PDP Desk window took the message (not a stale name).
        return socket.waitForReadyRead(WAIT_MS) and bytes(socket.readAll().data()).startswith(b"ok")
    finally:
        socket.disconnectFromServer()


def _allow_foreground() -> None:
    """Windows lets only the foreground process give the focus away: we are it, the running
    copy is not, so allow any process to take the foreground (ASFW_ANY)."""
    try:
        import ctypes

        ctypes.windll.user32.AllowSetForegroundWindow(-1)
    except Exception:  # noqa: BLE001 - without it the window only flashes in the taskbar
        pass


class InstanceServer(QObject):
    """Listens for a second start on the database this copy holds; `show_requested` then."""

    show_requested = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._connection)
        self.database: Path | None = None

    def listen(self, database: Path) -> bool:
        """Answer for `database` (only while holding its lock: a name left by a crash is ours)."""
        self.server.close()
        name = server_name(database)
        QLocalServer.removeServer(name)
        self.database = Path(database)
        if not self.server.listen(name):
            log.warning("the single-copy socket could not listen: %s", self.server.errorString())
            return False
        return True

    def close(self) -> None:
        self.server.close()

    def _connection(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.readyRead.connect(lambda socket=socket: self._read(socket))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return
        line = bytes(socket.readLine().data())
        if line == MESSAGE:
            socket.write(b"ok\n")
            socket.flush()
            log.info("a second start on this database: showing the window")
            self.show_requested.emit()


# --- wiring into the application (gui.app) -----------------------------------------------------

shown_elsewhere = False   # set when a second start handed over to the running copy


def bring_forward(problem) -> bool:
    """On "already open" at start-up: ask the running copy to show itself. True when it did."""
    global shown_elsewhere
    from pdp_desk.store.database import Problem

    shown_elsewhere = False
    if getattr(problem, "kind", None) != Problem.LOCKED:
        return False
    shown_elsewhere = ask_running_copy(problem.path)
    return shown_elsewhere


def show_window(window) -> None:
    """Bring `window` to the front and say why (the second start left no window of its own)."""
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()
    window.statusBar().showMessage(QCoreApplication.translate(
        "SingleInstance", "PDP Desk is already open with this database: here it is."), 10_000)


def serve(window) -> InstanceServer:
    """Answer second starts for the database `window` shows, following File → Open."""
    server = InstanceServer(window)
    server.setObjectName("instanceServer")
    server.listen(window.db.path)
    server.show_requested.connect(lambda: show_window(window))
    QCoreApplication.instance().aboutToQuit.connect(server.close)   # the lock goes: stop answering
    changed = getattr(window, "database_changed", None)
    if changed is not None:
        changed.connect(lambda: server.listen(window.db.path))
    return server
