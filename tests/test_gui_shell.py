"""The application shell: main window, tabs, status bar, languages, About, `run` and screenshots."""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QMessageBox

from pdp_desk import __version__
from pdp_desk.gui import app as gui_app
from pdp_desk.gui import i18n, prefs, probe, problems
from pdp_desk.gui.main_window import TAB_NAMES, MainWindow
from pdp_desk.gui.tabs.placeholder import PlaceholderTab
from pdp_desk.store.database import open_database
from pdp_desk.store.migrate import head_revision
from pdp_desk.store.models import Request, Subject


@pytest.fixture(autouse=True)
def isolated_settings(qapp, monkeypatch, tmp_path):
    """Settings in a file of the test's own; every test starts and ends in English."""
    monkeypatch.setattr(prefs, "settings",
                        lambda: QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    i18n.install("en")
    yield
    i18n.install("en")


@pytest.fixture
def window(qtbot, db):
    main = MainWindow(db)
    qtbot.addWidget(main)
    return main


def add_subject_and_requests(db, today: date) -> None:
    now = datetime.now(timezone.utc)
    with db.session() as s:
        subject = Subject(category="registered", full_name="Әсем Қайратқызы")
        s.add(subject)
        s.flush()
        for next_due in (today - timedelta(days=3), today):  # one overdue, one due today
            s.add(Request(subject_id=subject.id, type="access", channel="email", received_at=now,
                          is_open=True, answer_due=next_due, next_due=next_due))


def test_main_window_has_six_tabs_with_placeholders(window, db):
    tabs = window.tabs
    assert [tabs.widget(i).objectName() for i in range(tabs.count())] == list(TAB_NAMES)
    assert [tabs.tabText(i) for i in range(tabs.count())] == [
        "Register", "Inbox", "Consents", "Destruction", "Acts && journal", "Settings"]
    for name in TAB_NAMES[:-1]:
        page = window.tab(name)
        if not isinstance(page, PlaceholderTab):
            continue  # a tab that is built has its own tests
        assert page.heading.text().strip()
        assert len(page.description.text().split()) >= 10, name  # a sentence, not a word
    settings = window.tab("settings")
    assert settings.path_value.text() == str(db.path)
    assert head_revision() in settings.revision_value.text()
    assert settings.journal_value.text() == "0"


def test_status_bar_shows_the_counts(window, db):
    status = window.status
    assert status.file_label.text() == db.path.name
    assert status.file_label.toolTip() == str(db.path)
    assert status.subjects_label.text() == "Subjects: 0"
    assert "Overdue: 0" in status.due_label.text() and "#c62828" not in status.due_label.text()

    add_subject_and_requests(db, date.today())
    window.refresh_status()

    assert status.subjects_label.text() == "Subjects: 1"
    assert status.requests_label.text() == "Open requests: 2"
    assert "Due today: 1" in status.due_label.text()
    assert "Overdue: 1" in status.due_label.text()
    assert "#c62828" in status.due_label.text()  # overdue in red
    assert date.today().strftime("%d.%m.%Y") in status.due_label.toolTip()


def test_status_refreshes_every_ten_minutes(window):
    assert window._timer.isActive() and window._timer.interval() == 10 * 60 * 1000


def test_switching_language_retranslates_at_once(window, db):
    window.select_tab("inbox")
    inbox_button = window.tab("inbox").new_button.text()

    window.language_actions["kk"].trigger()
    assert window.tabs.tabText(0) == "Тізілім"
    assert window.tabs.tabText(1) == "Кіріс өтініштер"
    assert window.tabs.tabText(4) == "Актілер мен журнал"
    assert window.file_menu.title() == "&Файл"
    assert window.view_menu.title() == "&Көрініс"
    assert window.tab("inbox").new_button.text() != inbox_button
    assert window.status.subjects_label.text() == "Субъектілер: 0"
    assert window.tab("settings").database_box.title() == "Дерекқор"
    assert window.language_actions["kk"].isChecked()
    assert i18n.saved_language() == "kk"

    window.language_actions["ru"].trigger()
    assert [window.tabs.tabText(i) for i in range(6)] == [
        "Реестр", "Входящие обращения", "Согласия", "Уничтожение", "Акты и журнал", "Настройки"]
    assert window.file_menu.title() == "&Файл"
    assert window.view_menu.title() == "&Вид"
    assert window.help_menu.title() == "&Справка"
    assert window.status.requests_label.text() == "Открытых обращений: 0"
    assert i18n.saved_language() == "ru"
    # Nothing lost: same database, same tab.
    assert window.db is db
    assert window.current_tab() == "inbox"


def test_about_names_version_database_and_schema_revision(window, db):
    dialog = window.show_about()
    try:
        assert __version__ in dialog.ui.versionLabel.text()
        assert dialog.ui.databaseValue.text() == str(db.path)
        assert head_revision() in dialog.ui.revisionValue.text()
        assert "DejaVu" in dialog.ui.fontLabel.text()
        window.set_language("kk")
        assert dialog.windowTitle() == "PDP Desk туралы"
        assert head_revision() in dialog.ui.revisionValue.text()
    finally:
        dialog.close()


def test_open_database_switches_and_keeps_the_old_one_on_a_problem(window, db, tmp_path):
    other_path = tmp_path / "other.sqlite"
    window.select_tab("settings")
    assert window.open_database_file(other_path)
    assert window.db.path == other_path
    assert window.current_tab() == "settings"
    assert window.tab("settings").path_value.text() == str(other_path)
    assert window.status.file_label.text() == "other.sqlite"
    open_database(db.path).close()  # the old database was closed: its lock is free

    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"hello")
    assert not window.open_database_file(junk)
    assert window.db.path == other_path
    box = window._problem_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "junk.sqlite" in box.text()
    box.close()


def test_screenshot_of_a_tab(db_path, tmp_path):
    shot = tmp_path / "x.png"
    assert gui_app.run(db_path, screenshot=shot, tab="inbox", language="en") == 0
    image = QImage(str(shot))
    assert not image.isNull() and image.width() >= 1000
    open_database(db_path).close()  # the database was closed again


def test_screenshot_in_kazakh(db_path, tmp_path):
    shot = tmp_path / "kk.png"
    assert gui_app.run(db_path, screenshot=shot, tab="settings", language="kk") == 0
    assert QImage(str(shot)).width() >= 1000


def test_unknown_tab_lists_the_valid_ones(db_path, tmp_path, capsys):
    assert gui_app.run(db_path, screenshot=tmp_path / "x.png", tab="nope") == 2
    err = capsys.readouterr().err
    assert all(name in err for name in TAB_NAMES)
    assert not (tmp_path / "x.png").exists()


def test_screenshot_of_a_file_that_is_not_a_database(tmp_path, capsys):
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"hello")
    assert gui_app.run(junk, screenshot=tmp_path / "x.png") == 1
    assert junk.read_bytes() == b"hello"
    assert "junk.sqlite" in capsys.readouterr().err


def _answer_dialogs(click: str):
    """Poll: press `click` on the start-up problem box; close the main window once it is shown.

    Closing the last window ends the event loop by itself. Calling quit() as well would leave a
    Quit event behind that ends the next test's waits early; exit(3) only if the loop hangs on.
    """
    seen = {"polls_after_close": 0}

    def step():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and "box" not in seen:
            seen["box"] = box.text()
            next(b for b in box.buttons() if b.text() == click).click()
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                seen["window"] = widget.db.path
                widget.close()
        if "window" in seen:
            seen["polls_after_close"] += 1
            if seen["polls_after_close"] > 40:
                QApplication.exit(3)

    timer = QTimer()
    timer.timeout.connect(step)
    timer.start(50)
    return timer, seen


def test_startup_problem_then_quit(tmp_path):
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"hello")
    timer, seen = _answer_dialogs("Quit")
    try:
        assert gui_app.run(junk, language="en") == 1
    finally:
        timer.stop()
    assert "junk.sqlite" in seen["box"]
    assert junk.read_bytes() == b"hello"


def test_startup_problem_then_another_database(tmp_path, monkeypatch):
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"hello")
    good = tmp_path / "good.sqlite"
    monkeypatch.setattr(problems, "choose_database_file", lambda parent, folder=None: good)
    from pdp_desk.gui import first_run
    monkeypatch.setattr(first_run, "should_ask", lambda db: False)  # a new file: no first-run wizard here
    timer, seen = _answer_dialogs("Open another database…")
    try:
        assert gui_app.run(junk, language="en") == 0
    finally:
        timer.stop()
    assert seen["window"] == good
    open_database(good).close()  # closed with its window


def test_startup_probe_writes_one_line_when_shown(qtbot, db, tmp_path, monkeypatch):
    target = tmp_path / "probe.jsonl"
    monkeypatch.setenv(probe.ENV, str(target))
    main = MainWindow(db)
    qtbot.addWidget(main)
    probe.install(main)
    main.show()
    qtbot.waitUntil(lambda: target.exists() and bool(target.read_text().strip()), timeout=5000)
    qtbot.wait(100)
    lines = target.read_text().splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["event"] == "shown" and isinstance(record["t"], float)
