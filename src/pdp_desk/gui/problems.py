"""Telling a person, in their language, why a database cannot be opened and what to do.

The store's `DatabaseProblem` carries English text with the exact details (a byte count, SQLite's
own words); its `kind` picks the translated wording here, and the original goes under
"Show Details..." for whoever helps.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from pdp_desk.store.database import DatabaseProblem, Problem


def wording(problem: DatabaseProblem) -> tuple[str, str]:
    """(what is wrong, what to do), translated."""
    name = problem.path.name
    match problem.kind:
        case Problem.NOT_A_DATABASE:
            headline = QCoreApplication.translate(
                "DatabaseProblem", "%1 is not a PDP Desk database.")
            advice = QCoreApplication.translate(
                "DatabaseProblem", "Open another file, or restore the database from a backup copy.")
        case Problem.TRUNCATED:
            headline = QCoreApplication.translate(
                "DatabaseProblem", "%1 is incomplete: the file was cut short, probably while it was being copied.")
            advice = QCoreApplication.translate(
                "DatabaseProblem", "Copy it again, or restore the copy kept before the last upgrade or a backup.")
        case Problem.DAMAGED:
            headline = QCoreApplication.translate(
                "DatabaseProblem", "%1 is damaged.")
            advice = QCoreApplication.translate(
                "DatabaseProblem", "Restore the database from a backup or from the copy kept before the last upgrade.")
        case Problem.NEWER_VERSION:
            headline = QCoreApplication.translate(
                "DatabaseProblem", "%1 was made by a newer version of PDP Desk.")
            advice = QCoreApplication.translate(
                "DatabaseProblem", "Install the newer PDP Desk to open it; this version leaves the file untouched.")
        case Problem.LOCKED:
            headline = QCoreApplication.translate(
                "DatabaseProblem", "%1 is already open in another PDP Desk window.")
            advice = QCoreApplication.translate(
                "DatabaseProblem", "Switch to that window, or close it and try again.")
        case Problem.READ_ONLY:
            headline = QCoreApplication.translate(
                "DatabaseProblem", "PDP Desk cannot write to the folder of %1.")
            advice = QCoreApplication.translate(
                "DatabaseProblem", "Copy the database to a folder you can write to (for example Documents) and open it there.")
        case Problem.MISSING:
            headline = QCoreApplication.translate(
                "DatabaseProblem", "There is no database file %1.")
            advice = QCoreApplication.translate(
                "DatabaseProblem", "Check the path, or choose another file.")
        case Problem.MIGRATION_FAILED:
            headline = QCoreApplication.translate(
                "DatabaseProblem", "%1 could not be upgraded for this version of PDP Desk.")
            advice = QCoreApplication.translate(
                "DatabaseProblem", "Nothing was changed. The details name the copy kept before the upgrade.")
        case _:
            return problem.message, problem.advice
    return headline.replace("%1", name), advice


def message_box(parent: QWidget | None, problem: DatabaseProblem) -> QMessageBox:
    headline, advice = wording(problem)
    title = QCoreApplication.translate("DatabaseProblem", "Cannot open the database")
    box = QMessageBox(QMessageBox.Icon.Critical, title, headline, QMessageBox.StandardButton.NoButton,
                      parent)
    box.setInformativeText(advice)
    box.setDetailedText(f"{problem.path}\n\n{problem.message}\n{problem.advice}")
    return box


def show(parent: QWidget, problem: DatabaseProblem) -> QMessageBox:
    """Report the problem without blocking: the window keeps its current database."""
    box = message_box(parent, problem)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.open()
    return box


def choose_database_file(parent: QWidget | None, folder: Path | None = None) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(
        parent, QCoreApplication.translate("DatabaseProblem", "Open database"), str(folder or ""),
        QCoreApplication.translate("DatabaseProblem", "PDP Desk databases (*.sqlite *.db);;All files (*)"))
    return Path(name) if name else None


def ask_for_another(problem: DatabaseProblem) -> Path | None:
    """At start-up, before any window: another file to try, or None to quit."""
    while True:
        box = message_box(None, problem)
        other = box.addButton(QCoreApplication.translate("DatabaseProblem", "Open another database…"),
                              QMessageBox.ButtonRole.AcceptRole)
        quit_button = box.addButton(QCoreApplication.translate("DatabaseProblem", "Quit"),
                                    QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(other)
        box.setEscapeButton(quit_button)
        box.exec()
        if box.clickedButton() is not other:
            return None
        path = choose_database_file(None, problem.path.parent)
        if path is not None:
            return path
