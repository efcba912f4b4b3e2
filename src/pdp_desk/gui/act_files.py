"""What a person does with an act's PDF: print it, save a copy, open it in the system viewer.

Shared by the destruction wizard's last page and the Acts tab. A failed save says what it means:
the data IS destroyed and the act is kept in the database (services.destruction.SaveFailed).
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from pdp_desk.gui import printing
from pdp_desk.services import destruction

translate = QCoreApplication.translate


def file_name(number: str) -> str:
    """"Акт А-2026-7KQ-0001.pdf" (the number is safe in a file name)."""
    safe = "".join(c for c in number if c.isalnum() or c in "-_") or "draft"
    return f"{translate('ActFiles', 'Act')} {safe}.pdf"


def print_act(parent: QWidget | None, pdf: bytes, number: str) -> printing.Printed | None:
    try:
        return printing.print_pdf(parent, pdf, file_name(number))
    except OSError as error:
        QMessageBox.warning(parent, translate("ActFiles", "Printing failed"),
                            translate("ActFiles", "The act could not be printed: %1").replace("%1", str(error)))
        return None


def save_act(parent: QWidget | None, pdf: bytes, number: str, path: Path | str | None = None) -> Path | None:
    """Ask where (unless `path` is given) and write the copy; None when cancelled or failed."""
    if path is None:
        name, _ = QFileDialog.getSaveFileName(parent, translate("ActFiles", "Save a copy of the act"),
                                              file_name(number), translate("ActFiles", "PDF files (*.pdf)"))
        if not name:
            return None
        path = name
    try:
        return destruction.save_copy(pdf, path, number)
    except destruction.SaveFailed as error:
        box = QMessageBox(QMessageBox.Icon.Warning, translate("ActFiles", "The copy was not saved"),
                          translate("ActFiles", "The data was destroyed and the act № %1 is kept in the database; "
                                    "only saving a copy to %2 failed. Save it again (another folder, or free some "
                                    "disk space), or later from the Acts tab.")
                          .replace("%1", number).replace("%2", str(error.path)), parent=parent)
        box.setDetailedText(error.message)
        box.open()
        parent_box = getattr(parent, "_boxes", None)
        if isinstance(parent_box, list):
            parent_box.append(box)
        return None


def open_act(pdf: bytes, number: str) -> Path:
    return printing.open_in_viewer(pdf, file_name(number))
