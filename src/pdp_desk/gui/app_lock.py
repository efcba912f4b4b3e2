"""The lock screen: when a password is set, PDP Desk starts locked and locks after idle time.

Locking lays an opaque curtain over every open window of the app (the main window and any form
or dialog), so nothing personal stays visible; the windows underneath are left exactly as they
were, so whatever was typed in an open form is there after unlocking. Each curtain asks for the
password (a modal dialog blocks the main window, so the curtain on the dialog must be usable
too). There is nothing to close or cancel: while locked, an application-wide event filter lets
keys, clicks and shortcuts reach only the curtains. The same filter notes the time of the last
key press or mouse move: idle time is time without input to PDP Desk.

After FAILURES_BEFORE_DELAY wrong passwords in a row, the next try waits DELAY_SECONDS.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QApplication, QFrame, QHBoxLayout, QLabel, QLineEdit, QMessageBox,
                               QPushButton, QToolTip, QVBoxLayout, QWidget)

from pdp_desk import APP_NAME
from pdp_desk.services import app_password

log = logging.getLogger(__name__)
CHECK_MS = 15_000
FAILURES_BEFORE_DELAY = 5
DELAY_SECONDS = 30
INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.ContextMenu,
    QEvent.Type.Shortcut, QEvent.Type.ShortcutOverride, QEvent.Type.HoverMove, QEvent.Type.DragEnter,
    QEvent.Type.Drop,
})


class LockScreen(QWidget):
    """The curtain over one window: the app's name, the password field, the message."""

    def __init__(self, lock: AppLock, window: QWidget):
        super().__init__(window)
        self.lock = lock
        self.setObjectName("lockScreen")
        self.setAutoFillBackground(True)   # opaque: nothing of the window shows through
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("#lockScreen { background: #2b3440; } #lockScreen QLabel { color: white; }"
                           "#lockBox { background: #36414f; border-radius: 8px; }")
        box = self.box = QFrame()
        box.setObjectName("lockBox")
        self.title = QLabel(APP_NAME)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.password = QLineEdit()
        self.password.setObjectName("lockPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMaxLength(app_password.MAX_LENGTH)
        self.password.returnPressed.connect(self.submit)
        self.unlock_button = QPushButton()
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.submit)
        row = QHBoxLayout()
        row.addWidget(self.password, 1)
        row.addWidget(self.unlock_button)
        self.message = QLabel()
        self.message.setObjectName("lockMessage")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        inner = QVBoxLayout(box)
        inner.setContentsMargins(24, 20, 24, 20)
        inner.setSpacing(12)
        inner.addWidget(self.title)
        inner.addWidget(self.prompt)
        inner.addLayout(row)
        inner.addWidget(self.message)
        middle = QHBoxLayout()   # stretches, not an alignment: wrapped labels keep their full height
        middle.addStretch(1)
        middle.addWidget(box)
        middle.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(middle)
        outer.addStretch(2)
        self.retranslate()

    def retranslate(self) -> None:
        self.prompt.setText(self.tr("PDP Desk is locked. Enter the password to go on working: "
                                    "everything stays as you left it."))
        self.password.setPlaceholderText(self.tr("Password"))
        self.unlock_button.setText(self.tr("Unlock"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        """Keys end here: the Return that unlocks must not go on to press the default button of
        the form underneath, Escape must not close it."""
        event.accept()

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002,N802 - Qt's names
        """Tab moves between the field and the button only, never to the hidden window."""
        target = self.unlock_button if self.password.hasFocus() else self.password
        target.setFocus(Qt.FocusReason.TabFocusReason)
        return True

    def submit(self) -> None:
        self.lock.try_unlock(self.password.text(), self)

    def fit(self) -> None:
        window = self.parentWidget()
        # 460 px: the prompt in Kazakh on two or three lines; less over a small message box
        self.box.setFixedWidth(max(200, min(460, window.width() - 16)))
        self.setGeometry(window.rect())
        self.raise_()


class AppLock(QObject):
    """Locks and unlocks the app; installed once on the main window (`install`)."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.setObjectName("appLock")
        self.window = window
        self.locked = False
        self.curtains: dict[QWidget, LockScreen] = {}
        self.failures = 0
        self.wait_until = QElapsedTimer()      # started when a delay begins
        self.wait_ms = 0
        self._focus: QWidget | None = None
        self.idle = QElapsedTimer()
        self.idle.start()
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check_idle)
        self.timer.start()
        self.countdown = QTimer(self)
        self.countdown.setInterval(1000)
        self.countdown.timeout.connect(self._tick)
        self.lock_action = QAction(self)
        self.lock_action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_L))
        self.lock_action.triggered.connect(self.lock_now)
        window.addAction(self.lock_action)
        menu = getattr(window, "file_menu", None)
        quit_action = getattr(window, "quit_action", None)
        if menu is not None:
            menu.insertAction(quit_action, self.lock_action) if quit_action else menu.addAction(self.lock_action)
        self.retranslate()
        app = QApplication.instance()
        app.installEventFilter(self)
        app.aboutToQuit.connect(self.shutdown)

    def shutdown(self) -> None:
        """The app is ending: no more checks, no filter left on the application."""
        self.timer.stop()
        self.countdown.stop()
        QApplication.instance().removeEventFilter(self)

    def retranslate(self) -> None:
        self.lock_action.setText(self.tr("&Lock PDP Desk"))

    # --- settings of the open database --------------------------------------------------------

    def settings(self) -> app_password.LockSettings | None:
        try:
            with self.window.db.read() as session:
                return app_password.settings(session)
        except Exception:  # noqa: BLE001 - a busy or vanished file: try again at the next check
            log.exception("the lock settings could not be read")
            return None

    def check_idle(self) -> bool:
        """Lock when the password is set and nobody touched the app for the idle time."""
        if self.locked or self.idle.elapsed() < 60_000:
            return False
        found = self.settings()
        if found and found.password_set and self.idle.elapsed() >= found.idle_minutes * 60_000:
            return self.lock()
        return False

    def lock_now(self) -> bool:
        """File → Lock (Ctrl+L): lock now, or say that a password must be set first."""
        found = self.settings()
        if found is not None and found.password_set:
            return self.lock()
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("No password"),
                          self.tr("Set a password in Settings → Security first: PDP Desk locks only with a "
                                  "password to open it again."), QMessageBox.StandardButton.Ok, self.window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.message_box = box
        return False

    # --- locking ------------------------------------------------------------------------------

    def lock(self) -> bool:
        """Cover every window of the app now (also those not shown yet: the main window at start)."""
        if self.locked:
            return True
        self.locked = True
        self._focus = QApplication.focusWidget()
        while (popup := QApplication.activePopupWidget()) is not None:
            popup.close()   # an open menu or completer list shows values too
        QToolTip.hideText()
        self.cover(self.window)
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible() and self._coverable(widget):
                self.cover(widget)
        self._focus_curtain()
        log.info("locked")
        return True

    def _coverable(self, widget: QWidget) -> bool:
        kind = widget.windowType()
        return (widget.isWindow() and widget not in self.curtains
                and kind not in (Qt.WindowType.Popup, Qt.WindowType.ToolTip, Qt.WindowType.SplashScreen)
                and not isinstance(widget, LockScreen))

    def cover(self, widget: QWidget) -> LockScreen:
        curtain = self.curtains.get(widget)
        if curtain is None:
            curtain = LockScreen(self, widget)
            self.curtains[widget] = curtain
            widget.installEventFilter(self)
            widget.destroyed.connect(lambda _obj=None, widget=widget: self.curtains.pop(widget, None))
        curtain.fit()
        curtain.show()
        self._update_waiting()
        return curtain

    def _focus_curtain(self) -> None:
        active = QApplication.activeModalWidget() or QApplication.activeWindow() or self.window
        curtain = self.curtains.get(active) or self.curtains.get(self.window)
        if curtain is not None:
            curtain.password.setFocus(Qt.FocusReason.OtherFocusReason)

    def unlock(self) -> None:
        for widget, curtain in list(self.curtains.items()):
            widget.removeEventFilter(self)
            curtain.hide()
            curtain.deleteLater()
        self.curtains.clear()
        self.locked = False
        self.failures = 0
        self.idle.restart()
        focus, self._focus = self._focus, None
        try:
            if focus is not None and focus.isVisible():
                focus.setFocus(Qt.FocusReason.OtherFocusReason)
        except RuntimeError:   # the widget was deleted meanwhile
            pass
        log.info("unlocked")

    # --- the password -------------------------------------------------------------------------

    def seconds_to_wait(self) -> int:
        if not self.wait_ms or not self.wait_until.isValid():
            return 0
        left = self.wait_ms - self.wait_until.elapsed()
        return max(0, -(-left // 1000))

    def try_unlock(self, password: str, curtain: LockScreen | None = None) -> bool:
        if not self.locked:
            return True
        if self.seconds_to_wait():
            return False
        try:
            with self.window.db.read() as session:
                ok = app_password.check(session, password)
        except Exception:  # noqa: BLE001 - stay locked; say why
            log.exception("the password could not be checked")
            for shown in self.curtains.values():
                shown.message.setText(self.tr("The password cannot be checked now: the database cannot be read. "
                                              "Try again in a moment."))
            return False
        if ok:
            self.unlock()
            return True
        self.failures += 1
        log.warning("a wrong password at the lock screen (%d in a row)", self.failures)
        for shown in self.curtains.values():
            shown.password.clear()
        if self.failures % FAILURES_BEFORE_DELAY == 0:
            self.wait_ms = DELAY_SECONDS * 1000
            self.wait_until.start()
            self.countdown.start()
        self._update_waiting(wrong=True)
        return False

    def _tick(self) -> None:
        self._update_waiting()
        if not self.seconds_to_wait():
            self.countdown.stop()
            self.wait_ms = 0
            self._focus_curtain()

    def _update_waiting(self, wrong: bool = False) -> None:
        wait = self.seconds_to_wait()
        if wait:
            text = self.tr("Too many wrong passwords. Try again in %n second(s).", "", wait)
        elif wrong or self.failures:
            text = self.tr("The password is not right. Check the keyboard layout and Caps Lock.")
        else:
            text = ""
        for curtain in self.curtains.values():
            curtain.message.setText(text)
            curtain.message.setStyleSheet("color: #ffb4ab;" if text else "")
            curtain.password.setEnabled(not wait)
            curtain.unlock_button.setEnabled(not wait)

    # --- input, new windows, resizes ------------------------------------------------------------

    def _inside_curtain(self, obj: QObject) -> bool:
        widget = obj
        while widget is not None:
            if isinstance(widget, LockScreen):
                return True
            widget = widget.parentWidget() if isinstance(widget, QWidget) else None
        return False

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind in INPUT_EVENTS:
            if not self.locked:
                self.idle.restart()
                return False
            if kind == QEvent.Type.Shortcut:
                return True            # no menu action or shortcut while locked
            return isinstance(obj, QWidget) and not self._inside_curtain(obj)
        if kind == QEvent.Type.LanguageChange and obj is self.window:
            self.retranslate()
        if not self.locked:
            return False
        if kind == QEvent.Type.Resize and obj in self.curtains:
            self.curtains[obj].fit()
        elif kind == QEvent.Type.Show and isinstance(obj, QWidget) and self._coverable(obj):
            self.cover(obj)            # a window opened while locked (a reminder, an error)
        elif kind == QEvent.Type.ChildAdded and obj in self.curtains:
            QTimer.singleShot(0, self.curtains[obj].fit)   # keep the curtain on top
        return False


def install(window: QWidget) -> AppLock:
    """The lock for `window`; locks at once when the open database has a password."""
    lock = AppLock(window)
    found = lock.settings()
    if found is not None and found.password_set:
        lock.lock()
    return lock


def find(window: QWidget) -> AppLock | None:
    return window.findChild(AppLock, "appLock")
