"""Settings tab: sections chosen from a list on the left (the database, the calendar, ...).

A section is a widget made from the database (`Section(db)`); it is named in the list by its
`section_title()` or else its `heading` label, and shown in a scroll area so a long section
still fits a laptop screen. To add one, add a line to SECTIONS.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (QFormLayout, QFrame, QGroupBox, QHBoxLayout, QLabel, QListWidget,
                               QPushButton, QScrollArea, QStackedWidget, QVBoxLayout, QWidget)

from pdp_desk.appdirs import data_dir
from pdp_desk.gui.formats import format_number
from pdp_desk.gui.settings_backup import BackupSection
from pdp_desk.gui.settings_calendar import CalendarSection
from pdp_desk.gui.settings_policy import PolicySection
from pdp_desk.gui.settings_retention import RetentionSection
from pdp_desk.gui.settings_security import SecuritySection
from pdp_desk.gui.settings_sync import SyncSection
from pdp_desk.services.about import database_facts
from pdp_desk.store.database import Database

# (objectName, class) of the sections after "Database", in the order of the list.
SECTIONS = (
    ("calendar", CalendarSection),
    ("policy", PolicySection),
    ("retention", RetentionSection),
    ("security", SecuritySection),
    ("backups", BackupSection),
    ("sync", SyncSection),
)


def _value_label() -> QLabel:
    label = QLabel()
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


class SettingsTab(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.facts: dict = {}

        self.database_box = QGroupBox()
        form = QFormLayout(self.database_box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.path_value = _value_label()
        self.size_value = _value_label()
        self.revision_value = _value_label()
        self.device_value = _value_label()
        self.journal_value = _value_label()
        self.path_caption, self.size_caption, self.revision_caption = QLabel(), QLabel(), QLabel()
        self.device_caption, self.journal_caption = QLabel(), QLabel()
        form.addRow(self.path_caption, self.path_value)
        form.addRow(self.size_caption, self.size_value)
        form.addRow(self.revision_caption, self.revision_value)
        form.addRow(self.device_caption, self.device_value)
        form.addRow(self.journal_caption, self.journal_value)

        self.folder_box = QGroupBox()
        self.folder_value = _value_label()
        self.open_folder_button = QPushButton()
        self.open_folder_button.clicked.connect(self.open_data_folder)
        folder_row = QHBoxLayout(self.folder_box)
        folder_row.addWidget(self.folder_value, 1)
        folder_row.addWidget(self.open_folder_button, 0, Qt.AlignmentFlag.AlignTop)

        self.coming = QLabel()
        self.coming.setWordWrap(True)
        self.coming.setEnabled(False)  # greyed: a note, not a setting

        self.database_page = QWidget()
        self.database_page.setObjectName("database")
        page = QVBoxLayout(self.database_page)
        page.addWidget(self.database_box)
        page.addWidget(self.folder_box)
        page.addWidget(self.coming)
        page.addStretch(1)

        self.section_list = QListWidget()
        self.section_list.setObjectName("settingsSections")
        self.section_list.setMaximumWidth(170)
        self.pages = QStackedWidget()
        self.sections: dict[str, QWidget] = {}
        self.add_section("database", self.database_page)
        for name, section_class in SECTIONS:
            self.add_section(name, section_class(db))
        self.section_list.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.section_list.setCurrentRow(0)
        layout = QHBoxLayout(self)
        layout.addWidget(self.section_list)
        layout.addWidget(self.pages, 1)
        self.refresh()

    def add_section(self, name: str, widget: QWidget) -> None:
        widget.setObjectName(name)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(widget)
        self.pages.addWidget(scroll)
        self.section_list.addItem("")
        self.sections[name] = widget

    def show_section(self, name: str) -> bool:
        names = list(self.sections)
        if name not in names:
            return False
        self.section_list.setCurrentRow(names.index(name))
        return True

    def _section_titles(self) -> None:
        for row, (name, widget) in enumerate(self.sections.items()):
            if name == "database":
                title = self.tr("Database")
            elif hasattr(widget, "section_title"):
                title = widget.section_title()
            elif hasattr(widget, "heading"):
                title = widget.heading.text()
            else:
                title = name
            self.section_list.item(row).setText(title)

    def refresh(self) -> None:
        """Read the facts again (the journal grows, the file too) and show them."""
        self.facts = database_facts(self.db)
        self.retranslate()

    def open_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(data_dir())))

    def showEvent(self, event: QShowEvent) -> None:
        self.refresh()
        super().showEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self._section_titles()
        facts = self.facts
        self.database_box.setTitle(self.tr("Database"))
        self.path_caption.setText(self.tr("File:"))
        self.size_caption.setText(self.tr("Size:"))
        self.revision_caption.setText(self.tr("Schema revision:"))
        self.device_caption.setText(self.tr("Code of this PC:"))
        self.journal_caption.setText(self.tr("Journal entries:"))
        self.path_value.setText(str(facts["path"]))
        size = facts["size"]
        # In megabytes: a count of bytes passes Qt's int limit (2 GiB) on a big register.
        self.size_value.setText(self.tr("%1 MB").replace("%1", format_number(round(size / 1_000_000)))
                                if size is not None else "—")
        revision, head = facts["revision"] or "—", facts["head"]
        if facts["revision"] == head:
            self.revision_value.setText(self.tr("%1 (up to date)").replace("%1", revision))
        else:
            self.revision_value.setText(self.tr("%1 (this version of PDP Desk expects %2)")
                                        .replace("%1", revision).replace("%2", head))
        self.device_value.setText(self.tr("%1 (goes into the numbers of requests and acts made on this PC)")
                                  .replace("%1", facts["device_code"] or "—"))
        self.journal_value.setText(format_number(facts["journal_entries"]))

        self.folder_box.setTitle(self.tr("Data folder"))
        self.folder_value.setText(str(data_dir()))
        self.open_folder_button.setText(self.tr("Open folder"))
        self.open_folder_button.setEnabled(data_dir().is_dir())
        self.coming.setText(self.tr("Deadline rules, operators and staff will be set here too."))
