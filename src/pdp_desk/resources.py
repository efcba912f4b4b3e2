"""Finding the files of `resources/` (fonts, translations, the policy text) at run time.

From a source checkout they sit at the top of the repository. In the built program
(packaging/pdp_desk.spec) they are in `_internal/resources/` beside the .exe: PyInstaller's
`sys._MEIPASS` is that `_internal` folder (tests/test_packaging.py runs the build).
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
