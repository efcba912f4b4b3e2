"""Printing a PDF made by PDP Desk (an act, a letter) on the shop's printer, from inside the app.

"Print…" opens a print preview (Qt's QPrintPreviewDialog: pages, zoom, portrait or landscape,
page set-up); its Print button opens the system's print dialog and prints. Qt prints pictures,
not PDF files: each page is rendered to an image (PREVIEW_DPI on screen, up to PRINT_DPI on
paper) and painted onto the printer's page at its true size (the documents carry their own
margins). The renderer is Qt's own QtPdf (QPdfDocument) where the installed PySide6 has it (it
comes with QtWebEngine in PySide6-Addons), else pypdfium2. With neither, `print_pdf` opens the
file in the system's PDF viewer, from which the person prints (`Printed.VIEWER`), rather than
failing. A document too long to preview (over MAX_PREVIEW_PAGES) goes straight to the print
dialog.
"""
from __future__ import annotations

import tempfile
from collections.abc import Iterator
from enum import Enum
from pathlib import Path

from PySide6.QtCore import (QBuffer, QByteArray, QCoreApplication, QIODevice, QMarginsF, QRect, QSize,
                            QSizeF, Qt, QUrl)
from PySide6.QtGui import QDesktopServices, QImage, QPageLayout, QPageSize, QPainter, QPaintEngine
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QWidget

PRINT_DPI = 300      # crisp text; a 1200-dpi A4 bitmap would take half a gigabyte
PREVIEW_DPI = 110    # the preview keeps every page as a picture: sharp enough at 100 % zoom
MAX_PREVIEW_PAGES = 60


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


def page_count(content: bytes) -> int:
    """Pages in the document (0 when it cannot be read here)."""
    try:
        import pypdfium2

        document = pypdfium2.PdfDocument(content)
    except Exception:  # noqa: BLE001 - no pypdfium2 (QtPdf renders) or a damaged file
        images = page_images(content, 1)
        try:
            return sum(1 for _ in images) if images is not None else 0
        except Exception:  # noqa: BLE001 - a damaged file: the print path reports it
            return 0
    try:
        return len(document)
    finally:
        document.close()


def first_page_points(content: bytes) -> QSizeF | None:
    """The size of the first page in points, to give the printer the document's paper."""
    try:
        import pypdfium2
    except ImportError:
        return None
    try:
        document = pypdfium2.PdfDocument(content)
    except Exception:  # noqa: BLE001
        return None
    try:
        if len(document) == 0:
            return None
        width, height = document[0].get_size()
        return QSizeF(width, height)
    finally:
        document.close()


def make_printer(content: bytes, filename: str) -> QPrinter:
    """A printer set for the document: its name, its paper and orientation, no added margins."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(filename)
    points = first_page_points(content)
    if points is not None:
        landscape = points.width() > points.height()
        portrait = points.transposed() if landscape else points
        size = QPageSize(portrait, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
        printer.setPageLayout(QPageLayout(
            size, QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0)))
    printer.setFullPage(True)   # the PDF has its own margins: print it at its true size (after the layout)
    return printer


class PageJob:
    """Paints the document on a printer: the preview's (`paintRequested`) or the real one."""

    def __init__(self, content: bytes):
        self.content = content
        self.error: str | None = None
        self.pages_painted = 0

    def paint(self, printer: QPrinter) -> None:
        self.error = None
        painter = QPainter()
        if not painter.begin(printer):
            self.error = "the printer could not be started"
            return
        # The preview records into pictures (paint engine "Picture"): a lighter rendering there.
        preview = painter.paintEngine().type() == QPaintEngine.Type.Picture
        dpi = PREVIEW_DPI if preview else min(PRINT_DPI, printer.resolution())
        first, last = (0, 0) if preview else (printer.fromPage(), printer.toPage())   # 0, 0: every page
        try:
            painted = 0
            images = page_images(self.content, dpi)
            for number, image in enumerate(images or (), 1):
                if first and number < first or last and number > last:
                    continue
                if painted:
                    printer.newPage()
                if preview:
                    image = image.convertToFormat(QImage.Format.Format_Grayscale8)
                area = painter.viewport()
                fitted = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
                target = QRect(area.x() + (area.width() - fitted.width()) // 2,
                               area.y() + (area.height() - fitted.height()) // 2,
                               fitted.width(), fitted.height())
                painter.drawImage(target, image)
                painted += 1
            self.pages_painted = painted
        except Exception as error:  # noqa: BLE001 - a damaged PDF: said after the dialog closes
            self.error = f"{type(error).__name__}"
        finally:
            painter.end()


def preview_dialog(printer: QPrinter, job: PageJob, parent: QWidget | None) -> QPrintPreviewDialog:
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(QCoreApplication.translate("Printing", "Print preview: %1")
                          .replace("%1", printer.docName()))
    dialog.paintRequested.connect(job.paint)
    if parent is not None:
        window = parent.window()
        dialog.resize(min(1000, max(700, window.width() - 80)), max(600, window.height() - 80))
    return dialog


def print_pdf(parent: QWidget | None, content: bytes, filename: str) -> Printed:
    """Show the print preview; its Print button opens the system's print dialog and prints.

    PRINTED when the pages went to the printer, CANCELLED when the person closed the preview or
    the print dialog. Raises OSError when the printer cannot be started or the file not rendered.
    """
    if not can_render():
        open_in_viewer(content, filename)
        return Printed.VIEWER
    pages = page_count(content)
    if not pages:
        raise OSError("the document cannot be read as a PDF")
    printer = make_printer(content, filename)
    job = PageJob(content)
    if pages > MAX_PREVIEW_PAGES:
        dialog = QPrintDialog(printer, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return Printed.CANCELLED
        job.paint(printer)
    else:
        dialog = preview_dialog(printer, job, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        if not accepted:
            return Printed.CANCELLED
    if job.error:
        raise OSError(job.error)
    return Printed.PRINTED
