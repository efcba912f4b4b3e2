"""Settings tab: for now the facts about the open database and where PDP Desk keeps its data."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton,
                               QVBoxLayout, QWidget)

from pdp_desk.appdirs import data_dir
from pdp_desk.gui.formats import format_number
from pdp_desk.services.about import database_facts
from pdp_desk.store.database import Database


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

        layout = QVBoxLayout(self)
        layout.addWidget(self.database_box)
        layout.addWidget(self.folder_box)
        layout.addWidget(self.coming)
        layout.addStretch(1)
        self.refresh()

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
        facts = self.facts
        self.database_box.setTitle(self.tr("Database"))
        self.path_caption.setText(self.tr("File:"))
        self.size_caption.setText(self.tr("Size:"))
        self.revision_caption.setText(self.tr("Schema revision:"))
        self.device_caption.setText(self.tr("Code of this PC:"))
        self.journal_caption.setText(self.tr("Journal entries:"))
        self.path_value.setText(str(facts["path"]))
        size = facts["size"]
        # %Ln: the count with the language's digit grouping, and the plural form to match.
        self.size_value.setText(self.tr("%Ln bytes", "", size) if size is not None else "—")
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
        self.coming.setText(self.tr("Deadline rules, the working-day calendar, operators and staff "
                                    "will be set here too."))
