"""Shared fixtures. Qt runs offscreen in tests; databases are real SQLite files in tmp_path."""
from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

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
