"""Settings → Security: the optional password that opens PDP Desk on this PC, and the idle lock.

The password and the idle time belong to this PC (services.app_password keeps them in
local_state, never synced). Changing or removing the password asks for the current one.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QSpinBox, QVBoxLayout, QWidget)

from pdp_desk.gui import app_lock, service_errors
from pdp_desk.gui.subject_form import error_label, show_error
from pdp_desk.services import app_password
from pdp_desk.store.database import Database


def password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(app_password.MAX_LENGTH + 1)   # one more: "too long" is said, not silently cut
    field.setMaximumWidth(320)
    return field


class SecuritySection(QWidget):
    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.state = app_password.LockSettings(False, app_password.DEFAULT_IDLE_MINUTES)
        self.heading = QLabel()
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)

        self.password_box = QGroupBox()
        self.status = QLabel()
        self.status.setObjectName("passwordStatus")
        self.current, self.new, self.repeat = password_field(), password_field(), password_field()
        self.current.setObjectName("currentPassword")
        self.new.setObjectName("newPassword")
        self.repeat.setObjectName("repeatPassword")
        self.current_caption, self.new_caption, self.repeat_caption = QLabel(), QLabel(), QLabel()
        self.error = error_label()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.save_button, self.remove_button = QPushButton(), QPushButton()
        self.save_button.clicked.connect(self.save_password)
        self.remove_button.clicked.connect(self.remove_password)
        form = QFormLayout(self.password_box)
        form.addRow(self.status)
        form.addRow(self.current_caption, self.current)
        form.addRow(self.new_caption, self.new)
        form.addRow(self.repeat_caption, self.repeat)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        form.addRow(buttons)
        form.addRow(self.error)
        form.addRow(self.message)

        self.idle_box = QGroupBox()
        self.idle_caption = QLabel()
        self.idle = QSpinBox()
        self.idle.setObjectName("idleMinutes")
        self.idle.setRange(app_password.MIN_IDLE, app_password.MAX_IDLE)
        self.idle_button = QPushButton()
        self.idle_button.clicked.connect(self.save_idle)
        self.lock_button = QPushButton()
        self.lock_button.clicked.connect(self.lock_now)
        self.idle_message = QLabel()
        idle_row = QHBoxLayout()
        idle_row.addWidget(self.idle_caption)
        idle_row.addWidget(self.idle)
        idle_row.addWidget(self.idle_button)
        idle_row.addStretch(1)
        idle_layout = QVBoxLayout(self.idle_box)
        idle_layout.addLayout(idle_row)
        idle_layout.addWidget(self.idle_message)
        lock_row = QHBoxLayout()
        lock_row.addWidget(self.lock_button)
        lock_row.addStretch(1)
        idle_layout.addLayout(lock_row)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.explanation)
        layout.addWidget(self.password_box)
        layout.addWidget(self.idle_box)
        layout.addStretch(1)
        self.refresh()

    def section_title(self) -> str:
        return self.tr("Security")

    def refresh(self) -> None:
        try:
            with self.db.read() as session:
                self.state = app_password.settings(session)
        except Exception as exc:  # noqa: BLE001 - a busy file: say so, keep the form
            self.box = service_errors.show(self, exc)
        self.idle.setValue(self.state.idle_minutes)
        self.retranslate()

    # --- actions --------------------------------------------------------------------------------

    def _clear(self) -> None:
        for field in (self.current, self.new, self.repeat):
            field.clear()
        show_error(self.error, "")

    def refusal_text(self, error: app_password.AppPasswordError) -> str:
        return {
            "too_short": self.tr("The password must have at least %1 characters.")
                             .replace("%1", str(app_password.MIN_LENGTH)),
            "too_long": self.tr("The password may have at most %1 characters.")
                            .replace("%1", str(app_password.MAX_LENGTH)),
            "spaces": self.tr("The password may not start or end with a space."),
            "wrong_password": self.tr("The current password is not right."),
            "not_set": self.tr("No password is set."),
            "idle_out_of_range": self.tr("The idle time must be %1 to %2 minutes.")
                                     .replace("%1", str(app_password.MIN_IDLE))
                                     .replace("%2", str(app_password.MAX_IDLE)),
        }.get(error.code, error.message)

    def _run(self, action) -> bool:
        self.message.setText("")
        try:
            with self.db.session() as session:
                action(session)
        except app_password.AppPasswordError as error:
            show_error(self.error, self.refusal_text(error))
            return False
        except Exception as exc:  # noqa: BLE001 - any other failure: nothing was saved
            self.box = service_errors.show(self, exc)
            return False
        return True

    def save_password(self) -> bool:
        if self.new.text() != self.repeat.text():
            show_error(self.error, self.tr("The two new passwords differ: type the same password twice."))
            return False
        had = self.state.password_set
        current, new = self.current.text(), self.new.text()
        if not self._run(lambda s: app_password.set_password(s, new, current)):
            return False
        self._clear()
        self.refresh()
        self.message.setText(self.tr("The password is changed.") if had else
                             self.tr("The password is set: PDP Desk asks for it when it starts and after "
                                     "it has been idle."))
        self.changed.emit()
        return True

    def remove_password(self) -> bool:
        current = self.current.text()
        if not self._run(lambda s: app_password.remove_password(s, current)):
            return False
        self._clear()
        self.refresh()
        self.message.setText(self.tr("The password is removed: PDP Desk opens without it."))
        self.changed.emit()
        return True

    def save_idle(self) -> bool:
        minutes = self.idle.value()
        if not self._run(lambda s: app_password.set_idle_minutes(s, minutes)):
            return False
        self.refresh()
        self.idle_message.setText(self.tr("Saved."))
        self.changed.emit()
        return True

    def lock_now(self) -> bool:
        lock = app_lock.find(self.window())
        return lock.lock_now() if lock is not None else False

    # --- language -------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        has = self.state.password_set
        self.heading.setText(self.tr("Password and lock"))
        self.explanation.setText(self.tr(
            "A password keeps colleagues at this PC away from the register while you are not at it: "
            "PDP Desk asks for it when it starts and locks itself after the idle time below. It belongs "
            "to this PC and is not synced. If it is forgotten, whoever looks after PDP Desk can remove "
            "it with the command pdp-desk password-reset."))
        self.password_box.setTitle(self.tr("Password to open PDP Desk"))
        self.status.setText(self.tr("A password is set.") if has else self.tr("No password is set."))
        self.status.setStyleSheet("font-weight: bold;")
        self.current_caption.setText(self.tr("Current password:"))
        self.new_caption.setText(self.tr("New password:"))
        self.repeat_caption.setText(self.tr("New password again:"))
        for widget in (self.current_caption, self.current):
            widget.setVisible(has)
        self.save_button.setText(self.tr("Change the password") if has else self.tr("Set the password"))
        self.remove_button.setText(self.tr("Remove the password"))
        self.remove_button.setVisible(has)
        self.idle_box.setTitle(self.tr("Lock when idle"))
        self.idle_caption.setText(self.tr("Lock after this many minutes without keyboard or mouse:"))
        self.idle.setSuffix(self.tr(" min"))
        self.idle_button.setText(self.tr("Save"))
        self.lock_button.setText(self.tr("Lock now"))
        self.lock_button.setEnabled(has)
        self.idle_box.setEnabled(True)
        self.idle_box.setToolTip("" if has else self.tr("The lock works once a password is set."))
        self.error.setAlignment(Qt.AlignmentFlag.AlignLeft)
