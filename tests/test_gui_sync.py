"""Settings → Sync and the automatic sync of the main window, on real widgets (offscreen), real
SQLite files, a real shared folder in tmp_path and the real PostgreSQL of pg_server.py."""
from __future__ import annotations

import socket
from pathlib import Path

import pytest
from pg_server import hub_url, pg_server  # noqa: F401  (fixtures)
from PySide6.QtCore import QSettings

from pdp_desk.gui import i18n, prefs
from pdp_desk.gui.main_window import MainWindow
from pdp_desk.gui.settings_sync import MINUTE_MS, SyncSection, error_text
from pdp_desk.services import sync as sync_service
from pdp_desk.services.catalogue import ensure_defaults
from pdp_desk.services.subjects import SubjectInput, create_subject
from pdp_desk.store.database import open_database
from pdp_desk.store.models import Subject

PASS = "correct horse battery staple"


@pytest.fixture(autouse=True)
def isolated_settings(qapp, monkeypatch, tmp_path):
    monkeypatch.setattr(prefs, "settings",
                        lambda: QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    monkeypatch.delenv(sync_service.PASSPHRASE_ENV, raising=False)
    i18n.install("en")
    yield
    i18n.install("en")


@pytest.fixture
def section(qtbot, db):
    widget = SyncSection(db)
    qtbot.addWidget(widget)
    widget.resize(900, 800)
    widget.show()
    return widget


def fill(section: SyncSection, *, folder: str = "", hub: str = "", passphrase: str = PASS,
         name: str = "Касса 1") -> None:
    section.name.setText(name)
    section.folder.setText(folder)
    section.hub.setText(hub)
    section.passphrase.setText(passphrase)


def add_person(db, name: str) -> str:
    with db.session() as session:
        ensure_defaults(session)
        return create_subject(session, SubjectInput(category="registered", full_name=name), actor="test")


def sync_and_wait(qtbot, section: SyncSection, timeout: int = 60000):
    scheduler = section.scheduler()
    with qtbot.waitSignal(scheduler.finished, timeout=timeout) as blocker:
        assert section.sync_now()
        assert not section.bar.isHidden() and section.sync_button.text() == "Stop"
    return blocker.args[0]


def test_settings_are_saved_and_read_back(section, db):
    fill(section, folder="/srv/share", hub="postgresql://shop:pw@10.0.0.5:5432/pdp")
    section.at_start.setChecked(True)
    section.every.setValue(30)
    assert section.save()
    assert section.saved_note.text() == "Saved."
    settings = sync_service.sync_settings(db)
    assert (settings.folder, settings.hub_url, settings.passphrase) == (
        "/srv/share", "postgresql://shop:pw@10.0.0.5:5432/pdp", PASS)
    assert settings.sync_at_start and not settings.sync_at_exit and settings.auto_minutes == 30
    assert sync_service.sync_status(db).device_name == "Касса 1"
    assert section.passphrase.echoMode() == section.passphrase.EchoMode.Password  # masked
    section.show_passphrase.setChecked(True)
    assert section.passphrase.echoMode() == section.passphrase.EchoMode.Normal
    assert section.code_note.text() == f"code {db.device_code}"


@pytest.mark.parametrize("field, value, message", [
    ("passphrase", "short", "The passphrase needs at least 8 characters."),
    ("name", "   ", "Give this PC a name (the other PCs show it)."),
    ("hub", "server:5432", "The hub address is not valid. It looks like "
                           "postgresql://user:password@server:5432/database."),
    ("hub", "postgresql://shop@10.0.0.5:5432", "The hub address is not valid. It looks like "
                                               "postgresql://user:password@server:5432/database."),
    ("folder", "postgresql://shop:pw@10.0.0.5/pdp", "The shared folder box holds an address. Put the hub "
                                                    "address in the hub box, and a folder here."),
    ("folder", "share", "Give the shared folder's full path (like \\\\server\\share\\pdp or D:\\pdp), "
                        "or choose it with the button beside the box."),
    ("folder", "/srv/sh\x00are", "The shared folder is not a folder's path. Choose it with the button beside "
                                 "the box."),
    ("folder", "/" + "a" * 2000, "The shared folder is not a folder's path. Choose it with the button beside "
                                 "the box."),
])
def test_bad_settings_are_refused_with_a_message_and_nothing_is_saved(section, db, field, value, message):
    fill(section, folder="/srv/share")
    getattr(section, field).setText(value)
    assert not section.save()
    assert section.error.isVisible() and section.error.text() == message
    assert section.focusWidget() is getattr(section, field)   # the box to correct
    kept = sync_service.sync_settings(db)
    assert (kept.folder, kept.hub_url, kept.passphrase) == ("", "", "")


def test_sync_now_through_a_folder_shows_progress_and_what_happened(qtbot, section, db, tmp_path):
    add_person(db, "Айгерим Сапарова")
    share = tmp_path / "share"
    share.mkdir()
    fill(section, folder=str(share))
    outcomes = sync_and_wait(qtbot, section)
    assert [o.place for o in outcomes] == ["folder"] and outcomes[0].error is None
    assert section.bar.isHidden() and section.sync_button.text() == "Sync now"
    assert section.result.text().startswith("Shared folder: Changes received: 0, sent: ")
    assert list(share.rglob("*.pdpsync"))
    assert "done" in section.last_value.text() and "0 changes of this PC not sent yet" in section.last_value.text()


def test_sync_now_with_a_hub_that_does_not_answer_says_so_and_loses_nothing(qtbot, section, db):
    person = add_person(db, "Ерлан Досов")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    fill(section, hub=f"postgresql://shop:secret@127.0.0.1:{port}/pdp")
    outcomes = sync_and_wait(qtbot, section)
    assert outcomes[0].error.code == "hub_unreachable"
    assert section.result.text() == "Hub: " + error_text("hub_unreachable")
    assert "secret" not in section.result.text()
    with db.read() as session:
        assert session.get(Subject, person) is not None
    assert error_text("hub_unreachable") in section.last_value.text()


def test_two_pcs_sync_through_the_hub_from_the_section(qtbot, db, tmp_path, hub_url):  # noqa: F811
    other = open_database(tmp_path / "other.sqlite")
    try:
        add_person(db, "Маркерова Ботагоз")
        first = SyncSection(db)
        second = SyncSection(other)
        for widget in (first, second):
            qtbot.addWidget(widget)
        fill(first, hub=hub_url, name="Касса")
        fill(second, hub=hub_url, name="Склад")
        assert sync_and_wait(qtbot, first)[0].error is None
        outcome = sync_and_wait(qtbot, second)[0]
        assert outcome.error is None and outcome.report.received_rows > 0
        with other.read() as session:
            assert [s.full_name for s in session.query(Subject)] == ["Маркерова Ботагоз"]
        assert second.table.rowCount() == 1 and second.table.item(0, 0).text() == "Касса"
    finally:
        other.close()


def test_the_wrong_passphrase_for_a_hub_is_said(qtbot, db, tmp_path, hub_url):  # noqa: F811
    first = SyncSection(db)
    qtbot.addWidget(first)
    fill(first, hub=hub_url)
    assert sync_and_wait(qtbot, first)[0].error is None
    other = open_database(tmp_path / "other.sqlite")
    try:
        second = SyncSection(other)
        qtbot.addWidget(second)
        fill(second, hub=hub_url, passphrase="another passphrase")
        assert sync_and_wait(qtbot, second)[0].error.code == "wrong_passphrase"
        assert second.result.text() == "Hub: " + error_text("wrong_passphrase")
    finally:
        other.close()


# --- the main window: status bar, timers, sync at exit ------------------------------------------


def configure(db, folder: Path, **extra) -> None:
    sync_service.save_sync_settings(db, sync_service.SyncSettings(folder=str(folder), passphrase=PASS, **extra))


def test_the_status_bar_shows_the_last_sync_and_the_changes_waiting_once_sync_is_set_up(qtbot, db, tmp_path):
    window = MainWindow(db)
    qtbot.addWidget(window)
    assert not window.status.sync_label.isVisibleTo(window)  # not set up: nothing shown
    share = tmp_path / "share"
    share.mkdir()
    configure(db, share)
    add_person(db, "Әлия Серікова")
    window.refresh_status()
    label = window.status.sync_label
    assert label.isVisibleTo(window)
    assert label.text().startswith("Synced: never · waiting: ")
    waiting = int(label.text().rsplit(" ", 1)[1])
    assert waiting > 0
    with qtbot.waitSignal(window.sync.finished, timeout=60000):
        window.sync.run_now()
    assert label.text().endswith("waiting: 0") and "never" not in label.text()


def test_the_window_syncs_every_n_minutes_and_at_start_when_asked(qtbot, db, tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    configure(db, share, auto_minutes=15, sync_at_start=True)
    window = MainWindow(db)
    qtbot.addWidget(window)
    assert window.sync.timer.isActive() and window.sync.timer.interval() == 15 * MINUTE_MS
    assert window.sync.first.isActive()
    with qtbot.waitSignal(window.sync.finished, timeout=60000):
        window.sync.first.setInterval(0)  # the start delay, shortened
        window.sync.first.start()
    assert list(share.rglob("*.pdpsync"))


def test_saving_the_section_in_the_window_resets_the_timers(qtbot, db, tmp_path):
    window = MainWindow(db)
    qtbot.addWidget(window)
    assert not window.sync.timer.isActive()
    section = window.tab("settings").sections["sync"]
    fill(section, folder=str(tmp_path))
    section.every.setValue(5)
    assert section.save()
    assert window.sync.timer.isActive() and window.sync.timer.interval() == 5 * MINUTE_MS


def test_closing_the_window_syncs_when_asked_before_the_database_closes(qtbot, db_path, tmp_path):
    db = open_database(db_path)
    share = tmp_path / "share"
    share.mkdir()
    configure(db, share, sync_at_exit=True)
    add_person(db, "Нұрлан Әбенов")
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    window.close()
    assert list(share.rglob("*.pdpsync"))
    reopened = open_database(db_path)  # closed with the window: the lock is free
    reopened.close()


def test_the_section_in_russian_and_kazakh(qtbot, section, tmp_path):
    for language in ("ru", "kk"):
        i18n.install(language)
        assert section.section_title() != "Sync"
        assert section.sync_button.text() not in ("Sync now", "")
        assert section.heading.text() != "Sync between the shop's PCs"
        section.grab().save(str(tmp_path / f"sync-{language}.png"))
        assert (tmp_path / f"sync-{language}.png").stat().st_size > 10_000
