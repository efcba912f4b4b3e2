"""Finding the files of `resources/` (fonts, translations, the policy text) at run time.

From a source checkout they sit at the top of the repository; in the Windows build PyInstaller
puts them under `resources/` beside the program (`sys._MEIPASS`).
"""
from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
