"""The log file: in the data folder, rotated, and never holding a personal value, even when an
exception quotes one; unexpected errors end in a dialog with details to copy, the app carries on
and the database keeps nothing of the failed change."""
from __future__ import annotations

import logging
import sqlite3
import threading

import pytest
from PySide6.QtCore import QEventLoop, QSettings, QTimer, qCritical
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton

from pdp_desk import logs
from pdp_desk.gui import crash, i18n, prefs, service_errors
from pdp_desk.services import destruction as d
from pdp_desk.services.subjects import SubjectInput, create_subject, find_subjects
from pdp_desk.store.models import Subject

from _destruction_fixtures import NOW, make_org, make_subject, markers, plan_for


@pytest.fixture(autouse=True)
def english(qapp, monkeypatch, tmp_path):
    monkeypatch.setattr(prefs, "settings",
                        lambda: QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    i18n.install("en")
    yield
    i18n.install("en")


@pytest.fixture
def log_file(tmp_path):
    path = logs.setup(tmp_path / "data")
    assert path == tmp_path / "data" / "pdp-desk.log"
    yield path
    logs.shutdown()


@pytest.fixture
def reporter(qapp):
    catcher = crash.install(qapp)
    yield catcher
    if catcher.dialog is not None:
        catcher.dialog.close()
    catcher.uninstall()


def test_the_scrubber_masks_values_and_keeps_ids_and_codes():
    subject_id = "01a21261-d7ce-7524-af16-5b546a7aef7c"
    text = logs.scrub(
        "(sqlite3.IntegrityError) UNIQUE constraint failed: contact.value [SQL: INSERT INTO contact "
        "VALUES (?, ?)] [parameters: ('+77011234567', 'Жақсыбекова')]")
    assert "UNIQUE constraint failed: contact.value" in text and "+7701" not in text and "Жақ" not in text
    for value in ("'Ivanov'", "Әлия Сейітова", "zq.marker@example.kz", "8 701 123 45 67", "990101300123",
                  "John Smith", '"Secret Street 5"', "«ТОО Ромашка»"):
        assert value.strip("'\"«»") not in logs.scrub(f"bad value {value} given"), value
    assert logs.scrub(f"KeyError for subject '{subject_id}'") == f"KeyError for subject {subject_id}"
    assert len(logs.scrub("x " * 10_000)) <= logs.MAX_MESSAGE + 1


def test_a_full_use_case_run_leaves_no_personal_value_in_the_log(db, log_file, reporter, qtbot, monkeypatch):
    monkeypatch.setattr(crash.CrashDialog, "exec", lambda self: 0)   # no loop runs here: it would wait
    m = markers("7345")
    org = make_org(db)
    subject_id = make_subject(db, org, "7345")
    logging.getLogger("pdp_desk.test").info("subject %s made", subject_id)
    # a refused use case, as a form shows it (service_errors logs the unexpected ones)
    try:
        with db.session() as s:
            create_subject(s, SubjectInput(category="registered", full_name=m["name"], phones=[m["phone"]],
                                           operator_id=org.operator_id), actor="test")
            raise ValueError(f"could not file {m['name']} with {m['phone']} / {m['email']}")
    except ValueError as error:
        box = service_errors.show(None, error)
        box.close()
    # an error that escapes a slot, its message full of values
    try:
        raise RuntimeError(f"{m['name']} {m['email']} {m['address']}")
    except RuntimeError as error:
        reporter.excepthook(type(error), error, error.__traceback__)
    result = d.execute(db, plan_for(db, org, [subject_id]), actor="test", now=NOW)
    logging.getLogger("pdp_desk.test").info("act %s executed", result.act_id)
    logs.shutdown()

    text = log_file.read_text(encoding="utf-8")
    assert subject_id in text and result.act_id in text and "RuntimeError" in text and "ValueError" in text
    for key in ("name", "phone", "email", "address"):
        for needle in (m[key], m[key][-6:]):
            assert needle not in text, (key, needle)
    assert "Маркерова" not in text and "Zq7345" not in text


def test_the_log_rotates_at_one_megabyte_keeping_five(tmp_path):
    path = logs.setup(tmp_path / "data")
    try:
        line = "x" * 1000
        for _ in range(7000):
            logging.getLogger("pdp_desk.test").info("%s", line)
    finally:
        logs.shutdown()
    files = sorted(p.name for p in (tmp_path / "data").iterdir())
    assert files == ["pdp-desk.log", *[f"pdp-desk.log.{k}" for k in range(1, 6)]]
    assert all((tmp_path / "data" / name).stat().st_size <= logs.MAX_BYTES for name in files)
    assert path.exists()


def test_no_log_folder_is_no_reason_to_fail(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert logs.setup(blocker / "data") is None
    assert logs.current_path() is None


def in_event_loop(action, ms: int = 300) -> None:
    """Run `action` from inside a running event loop, as a click in the app is."""
    loop = QEventLoop()
    QTimer.singleShot(0, action)
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_slot_shows_the_dialog_rolls_back_and_the_app_goes_on(qtbot, db, log_file, reporter):
    secret = "Секретова Айгерим"

    def save_then_fail():
        with db.session() as s:
            create_subject(s, SubjectInput(category="registered", full_name=secret), actor="test")
            raise KeyError(secret)

    button = QPushButton("Save")
    qtbot.addWidget(button)
    button.clicked.connect(save_then_fail)
    in_event_loop(button.click)                        # the slot raises; Qt carries on
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible(), timeout=3000)
    dialog = reporter.dialog
    details = dialog.details.toPlainText()
    assert "builtins.KeyError" in details and "save_then_fail" in details and "test_safety_logs.py" in details
    assert secret not in details and "Секретова" not in details
    assert str(log_file) in dialog.log_label.text()
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == details

    with db.read() as s:                               # rolled back: nothing of the failed change
        assert find_subjects(s, "Секретова") == [] and s.query(Subject).count() == 0
    connection = sqlite3.connect(db.path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        connection.close()

    # The app goes on: the next error joins the same dialog; a worker thread's error too.
    in_event_loop(button.click)
    qtbot.waitUntil(lambda: dialog.reports == 2, timeout=3000)
    worker = threading.Thread(target=lambda: 1 / 0)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: dialog.reports == 3, timeout=3000)
    assert "ZeroDivisionError" in dialog.details.toPlainText()
    assert "3 times" in dialog.headline.text()
    with db.session() as s:                            # and the database still takes work
        create_subject(s, SubjectInput(category="registered", full_name="Новикова"), actor="test")
    dialog.close()
    assert secret not in log_file.read_text(encoding="utf-8")


def test_qt_critical_messages_are_logged_and_shown(qtbot, log_file, reporter):
    qCritical("the printer engine said no for 'Иванов'")
    qtbot.waitUntil(lambda: reporter.dialog is not None, timeout=3000)
    assert "Qt critical" in reporter.dialog.details.toPlainText()
    assert "Иванов" not in reporter.dialog.details.toPlainText()
    logs.shutdown()
    text = log_file.read_text(encoding="utf-8")
    assert "the printer engine said no" in text and "Иванов" not in text


def test_an_error_before_the_event_loop_is_shown_at_once(qtbot, reporter, monkeypatch):
    shown = []
    monkeypatch.setattr(crash.CrashDialog, "exec", lambda self: shown.append(self.details.toPlainText()))
    try:
        raise OSError("disk full at C:\\Users\\Айгерим\\file")
    except OSError as error:
        reporter.excepthook(type(error), error, error.__traceback__)   # no loop running: modal now
    assert shown and "OSError" in shown[0] and "Айгерим" not in shown[0]
