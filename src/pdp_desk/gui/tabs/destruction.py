"""Destruction tab: how many people wait for destruction, what destruction does, and the button
that opens the destruction wizard."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QVBoxLayout, QWidget

from pdp_desk.gui import moments
from pdp_desk.gui.destruction_wizard import DestructionWizard
from pdp_desk.gui.formats import format_number
from pdp_desk.services import destruction
from pdp_desk.store.database import Database

COLUMN_WIDTH = 680


class DestructionTab(QWidget):
    """`destroyed(act_id)` after an act (the Acts tab and the status bar refresh)."""

    act_executed = Signal(str)  # the act id (not "destroyed": QObject has that signal)

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.wizard: DestructionWizard | None = None
        self.count = 0
        self.heading = QLabel()
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        self.waiting = QLabel()
        font = self.waiting.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.waiting.setFont(font)
        self.start_button = QPushButton()
        self.start_button.setObjectName("startDestruction")
        self.start_button.setMinimumHeight(48)
        font = self.start_button.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.start_button.setFont(font)
        self.start_button.clicked.connect(self.start)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.explanation.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget, space in ((self.heading, 10), (self.waiting, 16), (self.start_button, 20), (self.explanation, 0)):
            if isinstance(widget, QLabel):
                widget.setWordWrap(True)
            layout.addWidget(widget)
            layout.addSpacing(space)
        layout.addStretch(2)
        self.refresh()

    def refresh(self) -> None:
        try:
            with self.db.read() as session:
                self.count = destruction.count_waiting(session, moments.today())
        except Exception:  # noqa: BLE001 - a busy file must not take the tab down; the next refresh tries
            self.count = -1
        self.retranslate()

    def start(self) -> DestructionWizard:
        """Open the wizard (one at a time)."""
        if self.wizard is not None:
            self.wizard.raise_()
            return self.wizard
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)   # 0.8 s at 50,000 subjects: the list of candidates
        try:
            self.wizard = DestructionWizard(self.db, self)
        finally:
            QApplication.restoreOverrideCursor()
        self.wizard.setWindowModality(Qt.WindowModality.WindowModal)
        self.wizard.finished.connect(self._closed)
        self.wizard.show()
        return self.wizard

    def _closed(self, _result: int) -> None:
        wizard, self.wizard = self.wizard, None
        result = wizard.execute_page.result if wizard is not None else None
        if wizard is not None:
            wizard.deleteLater()
        self.refresh()
        if result is not None:
            self.act_executed.emit(result.act_id)

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Destruction of personal data"))
        if self.count < 0:
            self.waiting.setText(self.tr("The list of people waiting could not be read."))
        elif self.count == 0:
            self.waiting.setText(self.tr("Nobody is waiting for destruction now."))
        else:
            self.waiting.setText(self.tr("Waiting for destruction: %1 person(s).").replace("%1", format_number(self.count)))
        self.start_button.setText(self.tr("Start destruction…"))
        self.explanation.setText(self.tr(
            "<p>Destruction removes every trace of a person's personal data from PDP Desk: the register entry, "
            "contacts, addresses, orders, consents, requests and their files, and the search index. It cannot be "
            "undone.</p>"
            "<p>It is done when the purpose of processing is achieved or the term has expired, when consent is "
            "withdrawn, on an upheld request, on unlawful processing, or by a court decision (Law No. 94-V, "
            "Art. 18; policy §9).</p>"
            "<p>Each destruction is confirmed by an act with an extract of the system log. The wizard shows the act "
            "before anything is destroyed; the act is kept for three years in the Acts tab.</p>"))

    def resizeEvent(self, event) -> None:
        side = max(12, (event.size().width() - COLUMN_WIDTH) // 2)
        self.layout().setContentsMargins(side, 12, side, 12)
        super().resizeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        if self.wizard is None:
            self.refresh()
        super().showEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
