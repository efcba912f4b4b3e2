"""Starting the desktop application: `run` is what `pdp-desk` calls.

Order matters: names before QSettings (the saved language lives there), fonts and the
translator before the first widget, the database before the window.
"""
from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QElapsedTimer, QEventLoop, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from pdp_desk import APP_NAME, __version__
from pdp_desk.appdirs import ORGANIZATION
from pdp_desk.gui import first_run, fonts, i18n, probe, problems
from pdp_desk.gui.main_window import TAB_NAMES, MainWindow
from pdp_desk.resources import resource
from pdp_desk.services import setup
from pdp_desk.services.catalogue import open_for_work
from pdp_desk.store.database import Database, DatabaseProblem

SCREENSHOT_SIZE = (1280, 800)


def application() -> QApplication:
    """The one QApplication, created if needed, named, with the bundled font."""
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "pdp-desk"])
    app.setWindowIcon(QIcon(str(resource("icon.png"))))   # title bar and taskbar
    fonts.install(app)
    return app


def run(db_path: Path, *, screenshot: Path | None = None, tab: str | None = None,
        language: str | None = None) -> int:
    """Open the database at `db_path` in the main window; returns the exit code.

    `screenshot`: save a picture of the window (`tab` selected) to that file and return, for
    documentation and checks; nothing waits for a person, so problems go to stderr.
    """
    if tab is not None and tab not in TAB_NAMES:
        print(f"Unknown tab {tab!r}. Valid tabs: {', '.join(TAB_NAMES)}", file=sys.stderr)
        return 2
    if language is not None and language not in i18n.LANGUAGES:
        print(f"Unknown language {language!r}. Valid languages: {', '.join(i18n.LANGUAGES)}",
              file=sys.stderr)
        return 2
    app = application()
    i18n.install(language or i18n.saved_language() or i18n.DEFAULT)
    if screenshot is not None:
        return _screenshot(app, Path(db_path), Path(screenshot), tab)

    from pdp_desk import logs, winmutex
    from pdp_desk.gui import app_lock, crash, network_warning, single_instance

    winmutex.hold()   # the installer waits for PDP Desk to be closed (Windows only)
    logs.setup()
    reporter = crash.install(app)   # from here on an unexpected error is a dialog, not the end of the app
    db = _open_asking(Path(db_path))
    if db is None:
        reporter.uninstall()
        logs.shutdown()
        return 0 if single_instance.shown_elsewhere else 1
    if first_run.should_ask(db):  # a new database: operators, staff, folders (Cancel asks again next time)
        wizard = first_run.FirstRunWizard(db)
        wizard.exec()
        db = wizard.db   # the wizard may have moved the new database to the folder chosen
    window = MainWindow(db)
    if tab:
        window.select_tab(tab)
    probe.install(window)
    single_instance.serve(window)
    app_lock.install(window)   # locked from the start when the database has a password
    window.show()
    network_warning.warn(window, db.path)
    window.database_changed.connect(lambda: network_warning.warn(window, window.db.path))
    code = app.exec()
    window.db.close()  # already closed with the window, unless the loop ended another way
    reporter.uninstall()
    logs.shutdown()
    return code


def _open_asking(path: Path) -> Database | None:
    """Open `path`; on a problem let the person pick another file or quit (None)."""
    while True:
        try:
            # The database chosen at first run is never made anew: missing, it is a drive not
            # plugged in or a file moved, and the person is asked (Problem.MISSING).
            return open_for_work(path, create=path != setup.chosen_database_path())
        except DatabaseProblem as problem:
            from pdp_desk.gui import single_instance

            if single_instance.bring_forward(problem):
                return None   # the running copy shows itself; this one quits quietly
            other = problems.ask_for_another(problem)
            if other is None:
                return None
            path = other


def _screenshot(app: QApplication, db_path: Path, target: Path, tab: str | None) -> int:
    try:
        db = open_for_work(db_path)
    except DatabaseProblem as problem:
        print(f"{problem.message}\n{problem.advice}", file=sys.stderr)
        return 1
    window = MainWindow(db)
    try:
        window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)  # no flash on a desktop
        window.resize(*SCREENSHOT_SIZE)
        window.show()
        if tab:
            window.select_tab(tab)
        _settle(app)
        target.parent.mkdir(parents=True, exist_ok=True)
        saved = window.grab().save(str(target))
    finally:
        window.close()  # closes the database too
        window.deleteLater()
        app.processEvents()
    if not saved:
        print(f"Could not write the screenshot to {target}", file=sys.stderr)
        return 1
    return 0


def _settle(app: QApplication, ms: int = 200) -> None:
    """Let layouts, polish and the first paint happen (no event loop is left running)."""
    clock = QElapsedTimer()
    clock.start()
    while clock.elapsed() < ms:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
