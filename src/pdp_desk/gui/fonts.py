"""The bundled DejaVu Sans as the application font, so Cyrillic and Kazakh letters render the same
on every PC (and offscreen, where the system may have no fonts at all)."""
from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from pdp_desk.resources import resource

FAMILY = "DejaVu Sans"
FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
_registered = False


def install(app: QApplication) -> None:
    global _registered
    if not _registered:  # run() may be called more than once in a process (tests)
        for name in FILES:
            if QFontDatabase.addApplicationFont(str(resource("fonts", name))) < 0:
                raise RuntimeError(f"cannot load the bundled font {name}")
        _registered = True
    font = QFont(app.font())
    font.setFamilies([FAMILY])
    app.setFont(font)
