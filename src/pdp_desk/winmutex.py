"""A Windows named mutex that says "PDP Desk is running" to the installer.

The Inno Setup script (packaging/pdp_desk.iss, `AppMutex=`) checks for this name before it
installs an update or uninstalls, and asks the person to close PDP Desk first, so no file of a
running program is replaced under it. Windows removes the mutex when the process ends, however
it ends. Does nothing on other systems.
"""
from __future__ import annotations

import os

NAME = "PDPDeskRunning"        # the same text as AppMutex in packaging/pdp_desk.iss
_handle: int | None = None


def hold() -> None:
    """Create the mutex for the life of this process (safe to call more than once)."""
    global _handle
    if os.name != "nt" or _handle:
        return
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.CreateMutexW.restype = wintypes.HANDLE
    kernel32.CreateMutexW.argtypes = (wintypes.LPVOID, wintypes.BOOL, wintypes.LPCWSTR)
    # Not owned: the mutex only needs to exist. Another copy of PDP Desk (another database)
    # opens the same mutex, which is fine: the installer only asks whether any copy runs.
    _handle = kernel32.CreateMutexW(None, False, NAME) or None
