"""The optional password: kept as a salted hash on this PC, asked at start and after idle time, on a
lock screen that covers every window and keeps what was typed in open forms."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox
from sqlalchemy import select

from pdp_desk.gui import app as gui_app
from pdp_desk.gui import app_lock, i18n, prefs
from pdp_desk.gui.main_window import MainWindow
from pdp_desk.gui.settings_security import SecuritySection
from pdp_desk.gui.tabs.settings import SettingsTab
from pdp_desk.services import app_password as ap
from pdp_desk.store.models import AuditEntry, LocalState

PASSWORD = "кофе и чай 2026"


@pytest.fixture(autouse=True)
def english(qapp, monkeypatch, tmp_path):
    monkeypatch.setattr(prefs, "settings",
                        lambda: QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    i18n.install("en")
    yield
    i18n.install("en")


def with_password(db, password: str = PASSWORD) -> None:
    with db.session() as s:
        ap.set_password(s, password)


class FakeIdle:
    """The idle clock, moved by the test (a minute of real waiting is not a test)."""

    def __init__(self, ms: int = 0):
        self.ms = ms

    def elapsed(self) -> int:
        return self.ms

    def restart(self) -> int:
        self.ms = 0
        return 0


@pytest.fixture
def locked_window(qtbot, db):
    with_password(db)
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.resize(1100, 700)
    window.show()
    lock = app_lock.install(window)
    yield window, lock
    lock.shutdown()


# --- the service ----------------------------------------------------------------------------------


def test_the_password_is_kept_as_a_salted_hash_and_checked(db):
    with db.read() as s:
        assert ap.settings(s) == ap.LockSettings(False, ap.DEFAULT_IDLE_MINUTES)
        assert ap.check(s, "anything")                 # no password: nothing to check
    with_password(db)
    with db.read() as s:
        assert ap.settings(s).password_set
        assert ap.check(s, PASSWORD)
        assert not ap.check(s, PASSWORD.upper()) and not ap.check(s, "") and not ap.check(s, PASSWORD + " ")
        first = s.get(LocalState, ap.HASH_KEY).value
    assert first.startswith("scrypt$") and PASSWORD not in first
    with db.session() as s:
        ap.set_password(s, PASSWORD, current=PASSWORD)   # the same password again: another salt
    with db.read() as s:
        assert s.get(LocalState, ap.HASH_KEY).value != first
    db.checkpoint()
    for suffix in ("", "-wal"):
        file = db.path.with_name(db.path.name + suffix)
        if file.exists():
            assert PASSWORD.encode("utf-8") not in file.read_bytes()


def test_changes_need_the_current_password_and_refusals_change_nothing(db):
    with_password(db)
    refusals = [
        (lambda s: ap.set_password(s, "новый пароль", current="wrong"), "wrong_password"),
        (lambda s: ap.set_password(s, "abc", current=PASSWORD), "too_short"),
        (lambda s: ap.set_password(s, "x" * 129, current=PASSWORD), "too_long"),
        (lambda s: ap.set_password(s, " spaced ", current=PASSWORD), "spaces"),
        (lambda s: ap.remove_password(s, "wrong"), "wrong_password"),
        (lambda s: ap.set_idle_minutes(s, 0), "idle_out_of_range"),
        (lambda s: ap.set_idle_minutes(s, 241), "idle_out_of_range"),
    ]
    for action, code in refusals:
        with pytest.raises(ap.AppPasswordError) as refused:
            with db.session() as s:
                action(s)
        assert refused.value.code == code
    with db.read() as s:
        assert ap.check(s, PASSWORD) and ap.settings(s).idle_minutes == ap.DEFAULT_IDLE_MINUTES
    with db.session() as s:
        ap.set_password(s, "новый пароль", current=PASSWORD)
        ap.set_idle_minutes(s, 25)
    with db.session() as s:
        ap.remove_password(s, "новый пароль")
    with db.read() as s:
        assert ap.settings(s) == ap.LockSettings(False, 25)
        with pytest.raises(ap.AppPasswordError):
            ap.remove_password(s, "")
        entries = [(e.action, str(e.details)) for e in s.scalars(
            select(AuditEntry).where(AuditEntry.action.like("app_password.%")).order_by(AuditEntry.seq))]
    assert [action for action, _ in entries] == ["app_password.set", "app_password.changed",
                                                 "app_password.idle_minutes", "app_password.removed"]
    assert all("пароль" not in details for _, details in entries)


# --- the lock screen ------------------------------------------------------------------------------


def curtain_share(window) -> float:
    """The share of the window's pixels (sampled) that are the curtain's colour."""
    image = window.grab().toImage()
    colour = QColor("#2b3440").rgb()
    points = [(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)]
    return sum(image.pixel(x, y) == colour for x, y in points) / len(points)


def hidden_under_curtain(window, widget) -> bool:
    """The topmost thing at the widget's centre belongs to a curtain."""
    point = widget.mapTo(window, widget.rect().center())
    top = window.childAt(point)
    while top is not None and not isinstance(top, app_lock.LockScreen):
        top = top.parentWidget()
    return top is not None


def test_locked_at_start_then_unlocked_by_the_password(qtbot, locked_window):
    window, lock = locked_window
    assert lock.locked
    curtain = lock.curtains[window]
    assert curtain.isVisible() and curtain.geometry() == window.rect()
    assert curtain_share(window) > 0.8              # what shows is the curtain, not the register
    table = window.tab("register").findChild(QLineEdit)
    assert hidden_under_curtain(window, window.tabs) and hidden_under_curtain(window, window.menuBar())
    assert table is None or hidden_under_curtain(window, table)
    window.resize(900, 600)
    assert curtain.geometry() == window.rect()          # follows the window's size
    curtain.password.setText(PASSWORD)   # QTest types ASCII only
    qtbot.keyClick(curtain.password, Qt.Key.Key_Return)
    assert not lock.locked and not lock.curtains


def test_lock_covers_open_forms_blocks_input_and_keeps_what_was_typed(qtbot, locked_window, monkeypatch):
    window, lock = locked_window
    lock.try_unlock(PASSWORD)
    form = window.tab("register").new_subject()          # a window-modal form over the main window
    qtbot.waitExposed(form)
    form.full_name.setText("Маркерова Зарина")   # QTest types ASCII only
    assert lock.lock()
    assert set(lock.curtains) >= {window, form}
    assert curtain_share(form) > 0.6 and curtain_share(window) > 0.8
    for field in form.findChildren(QLineEdit):
        if not lock._inside_curtain(field):
            assert hidden_under_curtain(form, field)
    # Typing, Escape and shortcuts do not reach the form or the menus.
    qtbot.keyClicks(form.full_name, "XYZ")
    qtbot.keyClick(lock.curtains[form].password, Qt.Key.Key_Escape)
    qtbot.keyClick(lock.curtains[form].password, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert form.isVisible() and window.isVisible() and lock.locked
    assert form.full_name.text() == "Маркерова Зарина"

    # Five wrong passwords: a wait, during which even the right one does not open.
    monkeypatch.setattr(app_lock, "DELAY_SECONDS", 1)
    curtain = lock.curtains[form]                        # the form is modal: its curtain is the one to use
    for _ in range(app_lock.FAILURES_BEFORE_DELAY):
        qtbot.keyClicks(curtain.password, "wrong")
        qtbot.keyClick(curtain.password, Qt.Key.Key_Return)
    assert "not right" in curtain.message.text() or "Try again in" in curtain.message.text()
    assert not curtain.password.isEnabled() and lock.seconds_to_wait() >= 1
    assert not lock.try_unlock(PASSWORD) and lock.locked
    assert "Try again in 1 second" in lock.curtains[window].message.text()
    qtbot.waitUntil(lambda: curtain.password.isEnabled(), timeout=3000)
    curtain.password.setText(PASSWORD)   # QTest types ASCII only
    qtbot.keyClick(curtain.password, Qt.Key.Key_Return)
    assert not lock.locked and not lock.curtains
    assert form.isVisible() and form.full_name.text() == "Маркерова Зарина"   # nothing typed was lost
    form.reject()


def test_a_window_opened_while_locked_is_covered_too(qtbot, locked_window):
    window, lock = locked_window
    box = QMessageBox(QMessageBox.Icon.Information, "Reminder", "3 requests are due today", parent=window)
    box.show()
    assert box in lock.curtains and lock.curtains[box].isVisible()
    lock.try_unlock(PASSWORD)
    assert box.isVisible() and not lock.curtains
    box.close()


def test_it_locks_after_the_idle_time_and_input_counts_as_activity(qtbot, locked_window, db):
    window, lock = locked_window
    lock.try_unlock(PASSWORD)
    with db.session() as s:
        ap.set_idle_minutes(s, 2)
    lock.idle = FakeIdle(119_000)
    assert not lock.check_idle() and not lock.locked
    qtbot.mouseMove(window, QPoint(200, 200))            # the person moves the mouse: not idle
    assert lock.idle.ms == 0
    lock.idle.ms = 121_000
    assert lock.check_idle() and lock.locked
    lock.try_unlock(PASSWORD)
    with db.session() as s:
        ap.remove_password(s, PASSWORD)
    lock.idle = FakeIdle(10 * 60 * 60_000)
    assert not lock.check_idle() and not lock.locked    # no password: never locks
    assert not lock.lock_now()
    assert "Set a password" in lock.message_box.text()
    lock.message_box.close()


def test_the_app_starts_locked_when_the_database_has_a_password(tmp_path, monkeypatch):
    from pdp_desk.gui import first_run
    from pdp_desk.store.database import open_database

    path = tmp_path / "locked.sqlite"
    db = open_database(path)
    with_password(db)
    db.close()
    monkeypatch.setattr(first_run, "should_ask", lambda db: False)
    seen = []

    def step():
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                lock = app_lock.find(widget)
                seen.append(lock is not None and lock.locked and lock.curtains[widget].isVisible())
                widget.close()
    timer = QTimer()
    timer.timeout.connect(step)
    timer.start(50)
    try:
        assert gui_app.run(path, language="en") == 0
    finally:
        timer.stop()
    assert seen and seen[0] is True


# --- Settings → Security --------------------------------------------------------------------------


def test_the_settings_section_sets_changes_and_removes_the_password(qtbot, db):
    tab = SettingsTab(db)
    qtbot.addWidget(tab)
    section = tab.sections["security"]
    assert isinstance(section, SecuritySection)
    assert section.status.text() == "No password is set." and not section.current.isVisibleTo(section)

    section.new.setText(PASSWORD)
    section.repeat.setText(PASSWORD + "!")
    assert not section.save_password() and "differ" in section.error.text()
    section.new.setText("abc")
    section.repeat.setText("abc")
    assert not section.save_password() and "at least 4" in section.error.text()
    section.new.setText(PASSWORD)
    section.repeat.setText(PASSWORD)
    assert section.save_password()
    assert section.status.text() == "A password is set." and section.current.isVisibleTo(section)
    assert section.new.text() == "" and "asks for it" in section.message.text()

    section.current.setText("wrong")
    section.new.setText("другой пароль")
    section.repeat.setText("другой пароль")
    assert not section.save_password() and "not right" in section.error.text()
    section.current.setText(PASSWORD)
    assert section.save_password() and section.message.text() == "The password is changed."

    section.idle.setValue(30)
    assert section.save_idle()
    with db.read() as s:
        assert ap.settings(s) == ap.LockSettings(True, 30) and ap.check(s, "другой пароль")

    section.current.setText(PASSWORD)
    assert not section.remove_password() and "not right" in section.error.text()
    section.current.setText("другой пароль")
    assert section.remove_password() and section.status.text() == "No password is set."
    with db.read() as s:
        assert not ap.settings(s).password_set


def test_a_forgotten_password_is_removed_from_the_command_line(tmp_path, capsys):
    from pdp_desk import cli
    from pdp_desk.store.database import open_database

    path = tmp_path / "forgotten.sqlite"
    db = open_database(path)
    with_password(db)
    assert cli.main(["password-reset", "--db", str(path)]) == cli.EXIT_DATABASE   # the window has it open
    assert "already open" in capsys.readouterr().err
    db.close()
    assert cli.main(["password-reset", "--db", str(path)]) == cli.EXIT_OK
    assert "removed" in capsys.readouterr().out
    assert cli.main(["password-reset", "--db", str(path)]) == cli.EXIT_OK
    assert "No password" in capsys.readouterr().out
    db = open_database(path)
    try:
        with db.read() as s:
            assert not ap.settings(s).password_set
            assert s.scalars(select(AuditEntry.action).where(AuditEntry.action == "app_password.reset")).all()
    finally:
        db.close()
