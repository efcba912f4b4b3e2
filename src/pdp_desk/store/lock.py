"""One running copy per database: an OS lock on a file beside it.

The operating system drops the lock when the process ends, even after a crash, so a stale lock
file never keeps anyone out. Windows uses `msvcrt.locking`, other systems `fcntl.flock`.
"""
from __future__ import annotations

import os
from pathlib import Path


class LockBusy(Exception):
    """Another process holds the lock."""


class DatabaseLock:
    def __init__(self, database: Path):
        self.path = database.with_name(database.name + ".lock")
        self._file = None

    def acquire(self) -> None:
        handle = open(self.path, "a+b")
        try:
            if os.name == "nt":
                import msvcrt

                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            raise LockBusy(str(self.path)) from None
        self._file = handle

    def release(self) -> None:
        if self._file is None:
            return
        try:
            if os.name == "nt":
                import msvcrt

                self._file.seek(0)
                msvcrt.locking(self._file.fileno(), msvcrt.LK_UNLCK, 1)
            else:
                import fcntl

                fcntl.flock(self._file.fileno(), fcntl.LOCK_UN)
        finally:
            self._file.close()
            self._file = None

    @property
    def held(self) -> bool:
        return self._file is not None
