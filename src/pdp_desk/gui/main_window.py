"""The main window: six tabs, the menus, and the status bar with today's figures."""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QEvent, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QTabWidget, QVBoxLayout, QWidget

from pdp_desk import APP_NAME
from pdp_desk.gui import i18n, moments, problems
from pdp_desk.gui.about import AboutDialog
from pdp_desk.gui.first_run import FirstRunWizard
from pdp_desk.gui.morning import HOUR_MS, MorningNotifier, read_summary
from pdp_desk.gui.settings_backup import BackupScheduler
from pdp_desk.gui.settings_sync import SyncScheduler, received_anything, sync_status_or_none
from pdp_desk.gui.status_bar import StatusBar
from pdp_desk.gui.tabs.acts import ActsTab
from pdp_desk.gui.tabs.consents import ConsentsTab
from pdp_desk.gui.tabs.destruction import DestructionTab
from pdp_desk.gui.tabs.inbox import InboxTab
from pdp_desk.gui.tabs.register import RegisterTab
from pdp_desk.gui.tabs.settings import SettingsTab
from pdp_desk.services.about import database_facts
from pdp_desk.services.overview import overview
from pdp_desk.services.catalogue import open_for_work
from pdp_desk.store.database import Database, DatabaseProblem

# (objectName, class): the names are what `pdp-desk --tab` accepts.
TABS = (
    ("register", RegisterTab),
    ("inbox", InboxTab),
    ("consents", ConsentsTab),
    ("destruction", DestructionTab),
    ("acts", ActsTab),
    ("settings", SettingsTab),
)
TAB_NAMES = tuple(name for name, _ in TABS)
STATUS_REFRESH_MS = 10 * 60 * 1000
DEFAULT_SIZE = (1280, 800)
log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """Shows one database. Closing the window closes the database (and frees its lock)."""

    database_changed = Signal()   # File → Open put another database in this window

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.currentChanged.connect(lambda index: self.tab(self.tabs.widget(index).objectName()))
        self._pages: dict[str, QWidget] = {}
        self.setCentralWidget(self.tabs)
        self.status = StatusBar()
        self.setStatusBar(self.status)
        self._build_menus()
        self._build_tabs()
        self._timer = QTimer(self)
        self._timer.setInterval(STATUS_REFRESH_MS)
        self._timer.timeout.connect(self.refresh_status)
        self._timer.start()
        # The morning view: on start and every hour, the figures and a notification if needed.
        self.morning = MorningNotifier(self)
        self.morning.open_inbox.connect(self.show_inbox)
        self._morning_timer = QTimer(self)
        self._morning_timer.setInterval(HOUR_MS)
        self._morning_timer.timeout.connect(self.morning_check)
        self._morning_timer.start()
        self._problem_box = None
        # The daily backup: a few seconds after the first paint, then hourly, in a worker.
        self.backups = BackupScheduler(self)
        self.backups.start()
        self.restore_flow = None
        # Sync (Settings → Sync): at start, every N minutes and at exit when asked, in a worker.
        self.sync = SyncScheduler(self)
        self.sync.finished.connect(self._synced)
        self.sync.failed.connect(lambda _error: self.refresh_status())
        self.database_changed.connect(self.sync.start)
        self.sync.start()
        self._fit_to_screen()
        self.retranslate()
        self.morning_check()  # reads the status bar's figures too

    # --- building -----------------------------------------------------------------------------

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.open_action = QAction(self)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(self.choose_database)
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.import_action = QAction(self)
        self.import_action.triggered.connect(self.import_file)
        self.setup_action = QAction(self)
        self.setup_action.triggered.connect(self.open_setup)
        self.file_menu.addAction(self.open_action)
        self.file_menu.addAction(self.import_action)
        self.file_menu.addAction(self.setup_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)

        self.view_menu = bar.addMenu("")
        self.language_menu = self.view_menu.addMenu("")
        group = QActionGroup(self)
        group.setExclusive(True)
        self.language_actions: dict[str, QAction] = {}
        for code, name in i18n.LANGUAGES.items():
            action = QAction(name, self, checkable=True)  # each language named in itself
            action.setChecked(code == i18n.current())
            action.triggered.connect(lambda _checked=False, code=code: self.set_language(code))
            group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action

        self.help_menu = bar.addMenu("")
        self.about_action = QAction(self)
        self.about_action.triggered.connect(self.show_about)
        self.help_menu.addAction(self.about_action)

    def _build_tabs(self) -> None:
        """(Re)create the tabs on `self.db`, keeping the tab that was selected.

        A tab is made when it is first shown or asked for (`tab`), not before the window's first
        paint: the tabs read the database when made (the destruction tab's count alone takes
        seconds on a million subjects)."""
        current = self.current_tab()
        with QSignalBlocker(self.tabs):  # switching between the old holders makes no tab
            while self.tabs.count():
                holder = self.tabs.widget(0)
                self.tabs.removeTab(0)
                holder.deleteLater()
            self._pages = {}
            for name, _tab_class in TABS:
                holder = QWidget()  # the tab goes in here when it is made
                holder.setObjectName(name)
                QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
                self.tabs.addTab(holder, "")
            if current:
                self.select_tab(current)
        self.retranslate()
        self.tab(self.current_tab())

    def _make_tab(self, name: str, holder: QWidget) -> QWidget:
        page = dict(TABS)[name](self.db)
        page.setObjectName(name)
        self._pages[name] = page
        holder.layout().addWidget(page)
        # What a tab changes, the status bar counts; tabs not made yet read fresh data when made.
        if name == "inbox":
            page.request_changed.connect(self.refresh_status)
        elif name == "register":
            page.register_changed.connect(self.refresh_status)
        elif name == "consents":  # a withdrawal opens a request and changes the register's marks
            page.consents_changed.connect(self.refresh_status)
            page.consents_changed.connect(self._register_stale)
        elif name == "destruction":  # people removed: recount, and let the register read again
            page.act_executed.connect(self.refresh_status)
            page.act_executed.connect(self._register_stale)
            page.act_executed.connect(lambda _act_id: self.backups.after_destruction())
        elif name == "settings":
            calendar = page.sections.get("calendar")
            if calendar is not None:  # a calendar change moves deadlines: recount and reread
                calendar.changed.connect(self._reread_inbox)
                calendar.changed.connect(self.refresh_status)
        return page

    def _register_stale(self, *_args) -> None:
        if "register" in self._pages:
            self._pages["register"].mark_stale()

    def _reread_inbox(self, *_args) -> None:
        if "inbox" in self._pages:
            self._pages["inbox"].refresh()

    def _fit_to_screen(self) -> None:
        """1280×800, or less on a small laptop screen (the window must not hang off the edge)."""
        width, height = DEFAULT_SIZE
        screen = self.screen()
        if screen is not None:
            available = screen.availableGeometry()
            width, height = min(width, available.width()), min(height, available.height())
        self.resize(width, height)

    # --- language -------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(f"{APP_NAME} — {self.db.path.name}")
        self.file_menu.setTitle(self.tr("&File"))
        self.open_action.setText(self.tr("&Open database…"))
        self.import_action.setText(self.tr("&Import from the website…"))
        self.quit_action.setText(self.tr("&Quit"))
        self.setup_action.setText(self.tr("Set up operators and staff…"))
        self.view_menu.setTitle(self.tr("&View"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.about_action.setText(self.tr("&About PDP Desk"))
        titles = {
            "register": self.tr("Register"),
            "inbox": self.tr("Inbox"),
            "consents": self.tr("Consents"),
            "destruction": self.tr("Destruction"),
            "acts": self.tr("Acts & journal"),
            "settings": self.tr("Settings"),
        }
        for index in range(self.tabs.count()):
            # A single & would mark a shortcut letter: "Acts & journal" needs it doubled.
            title = titles[self.tabs.widget(index).objectName()]
            self.tabs.setTabText(index, title.replace("&", "&&"))
        self.language_actions[i18n.current()].setChecked(True)

    def set_language(self, language: str) -> None:
        """Switch the interface language now and remember it for the next start."""
        i18n.install(language)
        i18n.save_language(language)
        self.language_actions[language].setChecked(True)

    # --- tabs ---------------------------------------------------------------------------------

    def current_tab(self) -> str | None:
        page = self.tabs.currentWidget()
        return page.objectName() if page else None

    def select_tab(self, name: str) -> bool:
        for index in range(self.tabs.count()):
            if self.tabs.widget(index).objectName() == name:
                self.tabs.setCurrentIndex(index)
                return True
        return False

    def tab(self, name: str) -> QWidget | None:
        """The tab called `name`, made now if it was not yet (None: no such tab)."""
        if name in self._pages:
            return self._pages[name]
        for index in range(self.tabs.count()):
            if self.tabs.widget(index).objectName() == name:
                return self._make_tab(name, self.tabs.widget(index))
        return None

    # --- the database ---------------------------------------------------------------------------

    def refresh_status(self) -> None:
        today = moments.today()  # deadlines count Kazakhstan's days
        try:
            with self.db.read() as session:
                figures = overview(session, today)
        except Exception:  # a busy or vanished file must not take the window down
            log.exception("status figures could not be read from %s", self.db.path)
            figures = None  # shown as dashes; the next refresh tries again
        self.status.show_figures(self.db.path, figures, today, read_summary(self.db))
        self.status.show_sync(sync_status_or_none(self.db))

    def show_inbox(self) -> None:
        """From the notification: bring the window forward on the inbox."""
        self.select_tab("inbox")
        self.showNormal() if self.isMinimized() else self.show()
        self.raise_()
        self.activateWindow()

    def morning_check(self) -> bool:
        """The hourly look at the deadlines: figures, a new day in the inbox, a notification."""
        self.refresh_status()
        inbox = self._pages.get("inbox")  # a tab not made yet reads today's figures when made
        if inbox is not None and inbox.model.today != moments.today():
            inbox.refresh()  # past midnight: every days-left figure changed
        return self.morning.notify(self.status.morning_summary)

    def choose_database(self) -> None:
        path = problems.choose_database_file(self, self.db.path.parent)
        if path is not None:
            self.open_database_file(path)

    def open_database_file(self, path: Path) -> bool:
        """Show `path` in this window instead. On a problem, say so and keep the current one."""
        path = Path(path).expanduser().absolute()
        if path == self.db.path:
            return True
        try:
            new = open_for_work(path)
        except DatabaseProblem as problem:
            self._problem_box = problems.show(self, problem)
            return False
        old, self.db = self.db, new
        self._build_tabs()
        old.close()
        self.refresh_status()
        self.database_changed.emit()
        return True

    def import_file(self):
        """File → Import: the register's import dialog (the register shows the result)."""
        self.select_tab("register")
        return self.tab("register").import_file()

    def open_setup(self):
        """File → Set up: the first-run wizard again, on this database's operators and staff."""
        wizard = FirstRunWizard(self.db, self, allow_move=False)  # the tabs hold this database open
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        settings = self._pages.get("settings")  # a tab not made yet reads the new terms when made
        retention = settings.sections.get("retention") if settings is not None else None
        if retention is not None:  # the wizard may have changed the terms
            wizard.accepted.connect(retention.refresh)
        wizard.open()
        return wizard

    def show_about(self) -> AboutDialog:
        dialog = AboutDialog(database_facts(self.db), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def reload_database(self) -> bool:
        """Open the window's file again (a restore replaced it, or refused and left it as it was)."""
        try:
            new = open_for_work(self.db.path)
        except DatabaseProblem as problem:
            self._problem_box = problems.show(self, problem)
            return False
        self.db.close()
        self.db = new
        self._build_tabs()
        self.refresh_status()
        return True

    def _synced(self, outcomes) -> None:
        """After a sync: the counts, and the tabs read again when something arrived."""
        self.refresh_status()
        if received_anything(outcomes):  # tabs not made yet read fresh data when made
            self._register_stale()
            self._reread_inbox()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.sync.stop()  # before the database closes: a sync at exit, when asked, runs here
        self.backups.stop()
        self._timer.stop()
        self._morning_timer.stop()
        self.db.close()
        super().closeEvent(event)
