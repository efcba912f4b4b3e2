"""Alembic migrations, applied when a database is opened.

The scripts live in `store/migrations/versions/`. `upgrade` runs them in one transaction with
foreign keys off (set before the transaction: SQLite ignores the pragma inside one), then checks
`PRAGMA foreign_key_check` and that every trigger is in place.
"""
from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic import command
from sqlalchemy import Connection, Engine

from pdp_desk.store import triggers

SCRIPTS = Path(__file__).resolve().parent / "migrations"


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(_config()).get_current_head()


def known_revisions() -> set[str]:
    return {script.revision for script in ScriptDirectory.from_config(_config()).walk_revisions()}


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Bring the database at `engine` (made with foreign_keys=False) to the head revision."""
    with engine.begin() as connection:
        command.upgrade(_config(connection), "head")
        problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise RuntimeError(f"foreign key check failed after migration: {problems[:5]}")
        missing = {s.split()[5] for s in triggers.statements()} - triggers.existing(connection)
        if missing:
            raise RuntimeError(f"triggers missing after migration: {sorted(missing)}")
