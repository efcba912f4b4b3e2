"""Settings → Backups with real widgets offscreen: the passphrase, "Back up now", the daily check,
a failure said in the status bar, and a restore from the list that re-applies a destruction."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from pdp_desk.gui import i18n, prefs
from pdp_desk.gui.main_window import MainWindow
from pdp_desk.gui.settings_backup import BackupSection
from pdp_desk.services import backups
from pdp_desk.services import destruction as d
from pdp_desk.store.models import LocalState, Subject
from tests._destruction_fixtures import (
    NOW,
    files_holding,
    make_org,
    make_subject,
    markers,
    plan_for,
)

PASS = "correct horse battery staple"


@pytest.fixture(autouse=True)
def isolated_settings(qapp, monkeypatch, tmp_path):
    monkeypatch.setattr(prefs, "settings",
                        lambda: QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    i18n.install("en")
    yield
    i18n.install("en")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()
    return tmp_path / "data" / "pdp-desk.sqlite"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "backups"


@pytest.fixture
def shop(db, folder):
    org = make_org(db)
    a, b = make_subject(db, org, "0001"), make_subject(db, org, "0002")
    with db.session() as session:
        backups.set_backup_settings(session, str(folder), 7)
    return org, a, b


@pytest.fixture
def window(qtbot, db, shop):
    main = MainWindow(db)
    main.backups.first.stop()   # the tests start backups themselves
    qtbot.addWidget(main)
    main.show()
    main.select_tab("settings")
    main.tab("settings").show_section("backups")
    return main


def section(window) -> BackupSection:
    return window.tab("settings").sections["backups"]


def set_passphrase(db) -> None:
    with db.session() as session:
        backups.set_passphrase(session, PASS)


def test_the_passphrase_is_set_twice_with_a_warning(window, db):
    page = section(window)
    assert "Not set" in page.passphrase_value.text()
    assert not page.back_up_now() and "No passphrase" in page.error.text()
    dialog = page.ask_passphrase()
    assert "nobody can recover it" in dialog.warning.text()
    dialog.first.setText("short")
    dialog.second.setText("short")
    dialog.accept()
    assert dialog.isVisible() and "8 characters" in dialog.error.text()
    dialog.first.setText(PASS)
    dialog.second.setText(PASS + "!")
    dialog.accept()
    assert dialog.isVisible() and "differ" in dialog.error.text()
    dialog.second.setText(PASS)
    dialog.accept()
    assert not dialog.isVisible()
    assert page.passphrase_value.text().startswith("Set.")
    with db.read() as session:
        assert backups.passphrase_of(session) == PASS


def test_folder_and_days_are_saved_and_checked(window, db, tmp_path):
    page = section(window)
    page.folder.setText(str(tmp_path / "elsewhere"))
    page.keep.setValue(30)
    assert page.save() and page.saved_note.text() == "Saved."
    with db.read() as session:
        conf = backups.settings(session)
    assert (conf.folder, conf.keep_days) == (tmp_path / "elsewhere", 30)
    page.folder.setText("not/a/whole/path")
    assert not page.save() and page.error.isVisible()


def test_back_up_now_runs_in_a_worker_and_lists_the_backup(qtbot, window, db, folder):
    set_passphrase(db)
    page = section(window)
    page.refresh()
    assert page.table.rowCount() == 0 and page.last_value.text() == "never"
    page.backup_button.click()
    assert window.backups.running and page.bar.isVisible() and page.backup_button.text() == "Stop"
    qtbot.waitUntil(lambda: not window.backups.running, timeout=20000)
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=5000)
    assert page.table.item(0, 2).text() == "backup" and page.last_value.text() != "never"
    assert "Backup made" in window.status.currentMessage()
    assert not page.bar.isVisible() and page.backup_button.text() == "Back up now"


def test_the_daily_check_backs_up_only_when_due(qtbot, window, db, folder):
    set_passphrase(db)
    assert window.backups.check()
    qtbot.waitUntil(lambda: not window.backups.running, timeout=20000)
    assert len(backups.list_backups(folder)) == 1
    assert not window.backups.check()   # the last backup is minutes old


def test_a_failure_is_said_in_the_status_bar_and_on_the_page(qtbot, window, db, tmp_path):
    set_passphrase(db)
    with db.session() as session:
        session.get(LocalState, backups.KEY_FOLDER).value = str(tmp_path / "unplugged" / "backups")
    assert window.backups.check()
    qtbot.waitUntil(lambda: not window.backups.running, timeout=20000)
    message = window.status.currentMessage()
    assert "not there" in message and "tried again in an hour" in message
    page = section(window)
    page.refresh()
    assert page.problem.isVisible() and "not there" in page.problem.text()
    with db.read() as session:
        assert backups.is_due(session)   # retried at the next hourly check


def _wait_restored(qtbot, window):
    qtbot.waitUntil(lambda: window.restore_flow is not None and window.restore_flow.box is not None,
                    timeout=30000)
    return window.restore_flow.box


def test_restore_from_the_list_reapplies_a_destruction(qtbot, window, db, db_path, shop, folder):
    org, a, b = shop
    set_passphrase(db)
    backups.backup_now(db)
    d.execute(db, plan_for(db, org, [a]), actor="test", now=NOW)
    page = section(window)
    page.refresh()
    page.table.selectRow(0)
    assert page.restore_button.isEnabled()
    dialog = page.restore_selected()
    assert "applied to it again" in dialog.text.text() and dialog.passphrase() == PASS
    dialog.accept()
    box = _wait_restored(qtbot, window)
    assert box.icon() == QMessageBox.Icon.Information and "Destroyed subjects removed again: 1" in box.text()
    assert window.db is not db and window.db.lock is not None
    with window.db.read() as session:
        assert session.get(Subject, a) is None and session.get(Subject, b) is not None
    assert files_holding(db_path.parent, markers("0001")["email"]) == []
    assert section(window) is not page   # the tabs were built again on the restored file
    assert [i.kind for i in backups.list_backups(folder)].count("before-restore") == 1


def test_restore_with_a_wrong_passphrase_keeps_the_database(qtbot, window, db, shop):
    set_passphrase(db)
    backups.backup_now(db)
    with db.session() as session:
        later = Subject(category="registered", full_name="После Копии")
        session.add(later)
    page = section(window)
    page.refresh()
    page.table.selectRow(0)
    dialog = page.restore_selected()
    dialog.passphrase_field.setText("not the passphrase")
    dialog.accept()
    box = _wait_restored(qtbot, window)
    assert box.icon() == QMessageBox.Icon.Warning and "does not open" in box.text()
    with window.db.read() as session:
        assert session.get(Subject, later.id) is not None
    assert window.backups.timer.isActive()


@pytest.mark.parametrize("language, heading", [("ru", "Резервные копии"), ("kk", "Сақтық көшірмелер")])
def test_the_section_speaks_russian_and_kazakh(qtbot, window, db, language, heading, tmp_path):
    set_passphrase(db)
    backups.backup_now(db)
    i18n.install(language)
    page = section(window)
    page.refresh()
    assert page.heading.text() == heading
    assert page.table.item(0, 2).text() not in ("", "backup")
    assert window.tab("settings").section_list.item(list(window.tab("settings").sections).index("backups")).text() \
        == heading
    assert page.grab().save(str(tmp_path / f"backups-{language}.png"))


def test_after_a_destruction_the_copies_kept_before_an_upgrade_are_tidied(qtbot, window, db, db_path, shop):
    from pdp_desk.store.database import backup_copy

    org, a, _ = shop
    set_passphrase(db)
    copy = backup_copy(db_path, "0001")
    d.execute(db, plan_for(db, org, [a]), actor="test", now=NOW)
    assert window.backups.after_destruction()
    qtbot.waitUntil(lambda: not copy.exists(), timeout=20000)
    assert files_holding(db_path.parent, markers("0001")["email"]) == []
