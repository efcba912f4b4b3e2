"""Shared fixtures. Qt runs offscreen in tests; databases are real SQLite files in tmp_path."""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# No test may write into the real user's data or settings (backups, the log file, the language
# choice): every per-user folder points into one temporary folder for the whole run, subprocesses
# included. Tests that need their own folder still set these variables themselves.
_USER_FOLDERS = tempfile.mkdtemp(prefix="pdp-desk-test-user-")
atexit.register(shutil.rmtree, _USER_FOLDERS, True)
for _name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "LOCALAPPDATA", "APPDATA"):
    os.environ[_name] = _USER_FOLDERS

import pytest  # noqa: E402

from pdp_desk.store.database import Database, open_database  # noqa: E402


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "pdp-desk.sqlite"


@pytest.fixture
def db(db_path: Path):
    """A freshly migrated database holding the one-copy lock, closed after the test."""
    database: Database = open_database(db_path)
    yield database
    database.close()
