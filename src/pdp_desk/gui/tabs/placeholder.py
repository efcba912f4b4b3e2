"""A tab not built yet: a heading and a sentence or two on what it will hold."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from pdp_desk.store.database import Database

COLUMN_WIDTH = 640  # a comfortable reading width for the description


class PlaceholderTab(QWidget):
    """Subclasses give `texts()`; the heading and the description re-translate with the language."""

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.heading = QLabel()
        self.heading.setObjectName("placeholderHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        self.description = QLabel()
        self.description.setObjectName("placeholderText")
        self.note = QLabel()
        self.note.setEnabled(False)  # greyed: a remark about the program, not about the data
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        for label, space_after in ((self.heading, 12), (self.description, 18), (self.note, 0)):
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            layout.addWidget(label)
            layout.addSpacing(space_after)
        layout.addStretch(3)
        self.retranslate()

    def texts(self) -> tuple[str, str]:
        raise NotImplementedError

    def retranslate(self) -> None:
        heading, description = self.texts()
        self.heading.setText(heading)
        self.description.setText(description)
        self.note.setText(self.tr("This part of PDP Desk is still being built."))

    def resizeEvent(self, event: QResizeEvent) -> None:
        # Labels span the whole width (word wrap works reliably so); side margins keep the column
        # narrow enough to read on a wide screen.
        side = max(12, (event.size().width() - COLUMN_WIDTH) // 2)
        self.layout().setContentsMargins(side, 12, side, 12)
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
