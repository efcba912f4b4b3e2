"""Startup probe for the benchmark: when `PDP_DESK_PROBE` names a file, append one JSON line
{"event": "shown", "t": <epoch seconds>} once the main window has first been painted."""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

ENV = "PDP_DESK_PROBE"


class _FirstPaint(QObject):
    def __init__(self, window: QWidget, target: Path):
        super().__init__(window)
        self._target = target

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            # Zero-delay timer: fires after this paint has finished and reached the screen.
            QTimer.singleShot(0, self._write)
        return False

    def _write(self) -> None:
        line = json.dumps({"event": "shown", "t": time.time()})
        with self._target.open("a", encoding="utf-8") as f:
            f.write(line + "\n")


def install(window: QWidget) -> None:
    """Call before `window.show()`; does nothing unless the environment asks for it."""
    target = os.environ.get(ENV)
    if target:
        window.installEventFilter(_FirstPaint(window, Path(target)))
