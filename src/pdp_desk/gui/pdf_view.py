"""A PDF shown page by page as images in a scroll area (PySide6-Essentials has no QtPdf).

Pages are rendered by `gui.printing.page_images` (pypdfium2 here) at a screen resolution and
stacked one under another on a grey background, as a print preview. Used by the destruction
wizard (the act's draft) and the Acts tab (an act as kept).
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from pdp_desk.gui.printing import page_images

SCREEN_DPI = 96
MAX_PAGES = 40       # a page is ~3.5 MB as an image: a 10,000-subject act is opened in the viewer instead


class PdfView(QScrollArea):
    """`set_pdf(bytes)` shows the document; `pages` holds one QLabel per page."""

    def __init__(self, parent: QWidget | None = None, dpi: int = SCREEN_DPI):
        super().__init__(parent)
        self.dpi = dpi
        self.pages: list[QLabel] = []
        self.extra: list[QLabel] = []
        self.setWidgetResizable(True)
        self.setBackgroundRole(self.backgroundRole())
        self.holder = QWidget()
        self.holder.setObjectName("pdfPages")
        self.holder.setStyleSheet("#pdfPages { background: #808080; }")
        self.column = QVBoxLayout(self.holder)
        self.column.setSpacing(12)
        self.column.setContentsMargins(12, 12, 12, 12)
        self.column.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setStyleSheet("color: white;")
        self.column.addWidget(self.message)
        self.setWidget(self.holder)

    def clear(self, message: str = "") -> None:
        for label in self.pages + self.extra:
            self.column.removeWidget(label)
            label.deleteLater()
        self.pages, self.extra = [], []
        self.message.setText(message)
        self.message.setVisible(bool(message))

    def set_pdf(self, content: bytes) -> int:
        """Show `content`; returns the number of pages shown (0 when it cannot be rendered)."""
        self.clear()
        images = page_images(content, self.dpi)
        if images is None:
            self.message.setText(self.tr("This installation cannot show PDF files: open the act in the "
                                         "system's viewer instead."))
            self.message.show()
            return 0
        for number, image in enumerate(images, 1):
            if number > MAX_PAGES:
                images.close()
                self.note = QLabel(self.tr("Only the first %1 pages are shown here: open the act to see all of it.")
                                   .replace("%1", str(MAX_PAGES)))
                self.note.setStyleSheet("color: white;")
                self.column.addWidget(self.note, 0, Qt.AlignmentFlag.AlignHCenter)
                self.extra.append(self.note)
                break
            label = QLabel()
            label.setObjectName(f"pdfPage{number}")
            label.setPixmap(QPixmap.fromImage(image))
            label.setFixedSize(image.size())
            label.setStyleSheet("background: white;")
            self.column.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            self.pages.append(label)
        self.column.activate()   # lay the pages out now, not at the next event loop turn
        self.verticalScrollBar().setValue(0)
        return len(self.pages)
