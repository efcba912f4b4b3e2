"""Where PDP Desk keeps its data on each system, without Qt (the command line needs it too).

The same folder as Qt's `QStandardPaths.AppLocalDataLocation` for our application name
(a test checks it). Local, not roaming, on Windows: a roaming profile would copy the database
over the network at every log-on.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from pdp_desk import APP_NAME

ORGANIZATION = "PDP Desk"


def data_dir() -> Path:
    if os.name == "nt":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / ORGANIZATION / APP_NAME
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / ORGANIZATION / APP_NAME
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / ORGANIZATION / APP_NAME
