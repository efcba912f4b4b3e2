"""Printing a PDF made by PDP Desk (a letter) on the shop's printer, from inside the app.

Qt prints pictures, not PDF files: each page is rendered to an image at up to PRINT_DPI and
painted onto the printer's page, scaled to fit. The renderer is Qt's own QtPdf (QPdfDocument)
where the installed PySide6 has it (it comes with QtWebEngine in PySide6-Addons), else
pypdfium2. With neither, `print_pdf` opens the file in the system's PDF viewer, from which the
person prints (`Printed.VIEWER`), rather than failing.
"""
from __future__ import annotations

import tempfile
from collections.abc import Iterator
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

PRINT_DPI = 300      # crisp text; a 1200-dpi A4 bitmap would take half a gigabyte


class Printed(Enum):
    PRINTED = "printed"
    CANCELLED = "cancelled"
    VIEWER = "viewer"     # no renderer here: opened in the system viewer to print from there


def _qtpdf_pages(content: bytes, dpi: int) -> Iterator[QImage] | None:
    try:
        from PySide6.QtPdf import QPdfDocument
    except ImportError:
        return None

    def pages() -> Iterator[QImage]:
        buffer = QBuffer()
        buffer.setData(QByteArray(content))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        document = QPdfDocument()
        document.load(buffer)
        for index in range(document.pageCount()):
            points = document.pagePointSize(index)
            size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            yield document.render(index, size)
        document.close()
    return pages()


def _pdfium_pages(content: bytes, dpi: int) -> Iterator[QImage] | None:
    try:
        import pypdfium2
    except ImportError:
        return None

    def pages() -> Iterator[QImage]:
        document = pypdfium2.PdfDocument(content)
        try:
            for index in range(len(document)):
                page = document[index]
                picture = page.render(scale=dpi / 72).to_pil().convert("RGB")
                width, height = picture.size
                data = picture.tobytes("raw", "RGB")
                # copy(): the QImage must own its pixels once `data` goes away
                yield QImage(data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()
                page.close()
        finally:
            document.close()
    return pages()


def page_images(content: bytes, dpi: int = PRINT_DPI) -> Iterator[QImage] | None:
    """The pages as images, or None when this installation cannot render PDF."""
    return _qtpdf_pages(content, dpi) or _pdfium_pages(content, dpi)


def can_render() -> bool:
    return page_images(b"", 72) is not None


def open_in_viewer(content: bytes, filename: str) -> Path:
    """Write the file to a private temporary folder and open it with the system's viewer."""
    folder = Path(tempfile.mkdtemp(prefix="pdp-desk-"))
    path = folder / (Path(filename).name or "document.pdf")
    path.write_bytes(content)
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
    return path


def print_pdf(parent: QWidget | None, content: bytes, filename: str) -> Printed:
    """Ask for a printer (the system's print dialog), then print every page chosen."""
    if not can_render():
        open_in_viewer(content, filename)
        return Printed.VIEWER
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(filename)
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return Printed.CANCELLED
    first, last = printer.fromPage(), printer.toPage()   # 0, 0: every page
    dpi = min(PRINT_DPI, printer.resolution())
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer could not be started")
    try:
        printed = 0
        for number, image in enumerate(page_images(content, dpi), 1):
            if first and number < first or last and number > last:
                continue
            if printed:
                printer.newPage()
            area = painter.viewport()
            fitted = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(area.x() + (area.width() - fitted.width()) // 2,
                           area.y() + (area.height() - fitted.height()) // 2,
                           fitted.width(), fitted.height())
            painter.drawImage(target, image)
            printed += 1
    finally:
        painter.end()
    return Printed.PRINTED
