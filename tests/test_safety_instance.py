"""One running copy per database: a second start brings the running window forward and quits;
when nobody answers (a command holding the lock), it says the file is in use. Real processes."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QDir, QSettings, QTimer
from PySide6.QtNetwork import QLocalServer
from PySide6.QtWidgets import QApplication, QMessageBox

from pdp_desk.gui import app as gui_app
from pdp_desk.gui import i18n, prefs, single_instance
from pdp_desk.gui.main_window import MainWindow
from pdp_desk.store.database import DatabaseProblem, Problem, open_database
from pdp_desk.store.lock import DatabaseLock


@pytest.fixture(autouse=True)
def english(qapp, monkeypatch, tmp_path):
    monkeypatch.setattr(prefs, "settings",
                        lambda: QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    i18n.install("en")
    yield
    i18n.install("en")


def second_start(db_path: Path, tmp_path: Path) -> subprocess.Popen:
    """`pdp-desk --db PATH` in a process of its own, as a double-click on the shortcut would."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(tmp_path / "data2"),
               XDG_CONFIG_HOME=str(tmp_path / "config2"))
    return subprocess.Popen([sys.executable, "-m", "pdp_desk", "--db", str(db_path), "--lang", "en"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_a_second_start_brings_the_running_window_forward_and_quits(qtbot, db, tmp_path):
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    server = single_instance.serve(window)
    asked = []
    server.show_requested.connect(lambda: asked.append(time.monotonic()))

    started = time.monotonic()
    process = second_start(db.path, tmp_path)
    try:
        qtbot.waitUntil(lambda: process.poll() is not None, timeout=60_000)
    finally:
        if process.poll() is None:
            process.kill()
    _out, err = process.communicate()
    assert process.returncode == 0, err.decode(errors="replace")
    assert asked, "the running copy was asked to show itself"
    assert "already open with this database" in window.statusBar().currentMessage()
    print(f"second start handed over and quit in {time.monotonic() - started:.1f} s")
    server.close()


def test_when_nobody_answers_the_second_start_says_the_file_is_in_use(tmp_path):
    path = tmp_path / "busy.sqlite"
    open_database(path).close()
    holder = DatabaseLock(path)          # a command-line task holds the lock; no window to ask
    holder.acquire()
    seen = []

    def step():
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible():
                seen.append(widget.text())
                quit_button = next(b for b in widget.buttons() if b.text() == "Quit")
                quit_button.click()
    timer = QTimer()
    timer.timeout.connect(step)
    timer.start(50)
    try:
        assert gui_app.run(path, language="en") == 1
    finally:
        timer.stop()
        holder.release()
    assert seen and "already open in another PDP Desk window" in seen[0]
    assert not single_instance.shown_elsewhere


def test_ask_is_quick_and_false_when_no_copy_listens(tmp_path):
    started = time.monotonic()
    assert not single_instance.ask_running_copy(tmp_path / "nobody.sqlite")
    assert time.monotonic() - started < 1.0
    problem = DatabaseProblem(Problem.DAMAGED, tmp_path / "x.sqlite", "damaged", "restore")
    assert not single_instance.bring_forward(problem)       # only "already open" asks


def test_names_differ_per_database_and_ignore_the_spelling_of_the_path(tmp_path):
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    assert single_instance.server_name(a) != single_instance.server_name(b)
    assert single_instance.server_name(a) == single_instance.server_name(tmp_path / "x" / ".." / "a.sqlite")
    assert len(single_instance.server_name(a)) < 40      # a pipe name Windows accepts


def test_a_name_left_by_a_crashed_copy_does_not_block(qtbot, tmp_path):
    database = tmp_path / "crashed.sqlite"
    stale = Path(QDir.tempPath()) / single_instance.server_name(database)
    if os.name != "nt":
        stale.write_bytes(b"")             # a socket file a killed process left behind
    server = single_instance.InstanceServer()
    try:
        assert server.listen(database)
        assert server.server.isListening()
    finally:
        server.close()
        stale.unlink(missing_ok=True)


def test_opening_another_database_moves_the_answering(qtbot, db, tmp_path):
    window = MainWindow(db)
    qtbot.addWidget(window)
    server = single_instance.serve(window)
    other = tmp_path / "other.sqlite"
    assert window.open_database_file(other)
    assert server.server.serverName() == single_instance.server_name(other)
    assert QLocalServer.removeServer(single_instance.server_name(db.path))  # the old name is free
    server.close()
