"""How a deadline looks: one colour per clock status, the same in the table, the detail and the legend.

Light backgrounds with dark text, so the figures stay readable on any theme and when printed in
grey; the status is also in the tooltip and the legend, never told by colour alone.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

# Codes of ClockStatus (domain.deadlines) plus "met": a clock whose work is done.
ON_TRACK, DUE_SOON, DUE_TODAY, OVERDUE, PENDING, MET = (
    "on_track", "due_soon", "due_today", "overdue", "pending", "met")

# status -> (background, text); None: the view's own colour.
COLOURS: dict[str, tuple[str | None, str | None]] = {
    ON_TRACK: (None, None),
    DUE_SOON: ("#ffe9a8", "#5a4300"),   # amber
    DUE_TODAY: ("#ffc48a", "#6b2f00"),  # orange
    OVERDUE: ("#f4a6a6", "#7a0000"),    # red
    PENDING: (None, "#6d6d6d"),
    MET: (None, "#8c8c8c"),             # grey
}
LEGEND_ORDER = (DUE_SOON, DUE_TODAY, OVERDUE, MET)


def status_code(status: object) -> str:
    """The code of a status given as an enum member, a string or None."""
    if status is None:
        return ON_TRACK
    return str(getattr(status, "value", status)).lower()


def background(status: object) -> QColor | None:
    colour = COLOURS.get(status_code(status), (None, None))[0]
    return QColor(colour) if colour else None


def foreground(status: object) -> QColor | None:
    colour = COLOURS.get(status_code(status), (None, None))[1]
    return QColor(colour) if colour else None


def is_urgent(status: object) -> bool:
    return status_code(status) in (DUE_TODAY, OVERDUE)


def status_text(status: object) -> str:
    """The status in words, in the interface language."""
    # Spelled out for lupdate, which only sees literal translate() calls.
    return {
        ON_TRACK: QCoreApplication.translate("DueStatus", "On track"),
        DUE_SOON: QCoreApplication.translate("DueStatus", "Due within 2 working days"),
        DUE_TODAY: QCoreApplication.translate("DueStatus", "Due today"),
        OVERDUE: QCoreApplication.translate("DueStatus", "Overdue"),
        PENDING: QCoreApplication.translate("DueStatus", "Not started yet"),
        MET: QCoreApplication.translate("DueStatus", "Done"),
    }.get(status_code(status), str(status))


def style_sheet(status: object) -> str:
    """A label's style sheet for the status (the detail view's clocks)."""
    bg, fg = COLOURS.get(status_code(status), (None, None))
    parts = ["padding:2px 6px", "border-radius:3px"]
    if bg:
        parts.append(f"background:{bg}")
    if fg:
        parts.append(f"color:{fg}")
    if is_urgent(status):
        parts.append("font-weight:bold")
    return ";".join(parts)


def bold_font(status: object, base: QFont | None = None) -> QFont | None:
    """Overdue and due-today figures are bold as well as coloured (colour-blind readers)."""
    if not is_urgent(status):
        return None
    font = QFont(base) if base is not None else QFont()
    font.setBold(True)
    return font


class Legend(QWidget):
    """A row of coloured swatches naming each status; re-translates itself."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.caption = QLabel()
        layout.addWidget(self.caption)
        self.swatches: dict[str, QLabel] = {}
        for status in LEGEND_ORDER:
            swatch = QLabel()
            swatch.setStyleSheet(style_sheet(status) + ";border:1px solid #bbbbbb")
            swatch.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(swatch)
            self.swatches[status] = swatch
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.caption.setText(QCoreApplication.translate("DueStatus", "Deadlines:"))
        for status, swatch in self.swatches.items():
            swatch.setText(status_text(status))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
