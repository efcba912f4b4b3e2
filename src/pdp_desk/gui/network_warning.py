"""The warning shown when the database sits on a network share (store.location tells).

Shown once per start, and again only when another database on a share is opened; it does not
block: the person may have a reason and keeps working.
"""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from pdp_desk.store.location import network_share

log = logging.getLogger(__name__)
_warned: set[str] = set()
translate = QCoreApplication.translate


def texts(path: Path) -> tuple[str, str]:
    """(headline, advice), translated."""
    headline = translate("NetworkWarning", "The database %1 is on a network drive.").replace("%1", path.name)
    advice = translate(
        "NetworkWarning",
        "SQLite, which keeps PDP Desk's data, is not safe on a network drive: if two PCs open the file "
        "at once, or the network drops while saving, the database can be damaged.\n\n"
        "Keep the database on this PC's own disk (File → Open database… to use another file). "
        "To share the register between PCs, use synchronisation, not a shared file.")
    return headline, advice


def warn(parent: QWidget | None, path: Path, kind: str | None = None) -> QMessageBox | None:
    """Show the warning if `path` is on a share (`kind` given by tests); None when local or warned."""
    kind = kind if kind is not None else network_share(path)
    if not kind or str(path) in _warned:
        return None
    _warned.add(str(path))
    log.warning("the database is on a network share (%s)", kind)
    headline, advice = texts(path)
    box = QMessageBox(QMessageBox.Icon.Warning, translate("NetworkWarning", "Database on a network drive"),
                      headline, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("networkWarning")
    box.setInformativeText(advice)
    box.setDetailedText(f"{path}\n{kind}")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
