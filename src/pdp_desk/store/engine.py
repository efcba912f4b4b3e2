"""The SQLite engine: pragmas on every connection, no connection pool, explicit transactions.

* WAL, so the GUI reads while a worker writes; `synchronous=NORMAL` is safe with WAL.
* `secure_delete=ON` on every connection: deleted values are overwritten with zeros instead of
  lingering in free pages (the law's "destroyed means unrecoverable").
* A busy timeout, so a second writer waits instead of failing at once.
* `NullPool`: a connection is closed when its transaction ends, so Windows never finds the file
  (or its -wal/-shm) held open by an idle pooled connection.
* pysqlite's own implicit transactions are switched off and we emit BEGIN ourselves: writes use
  BEGIN IMMEDIATE (take the write lock up front: no deadlock upgrading a read to a write).
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import NullPool

BUSY_TIMEOUT_MS = 5000


def make_engine(path: Path, *, immediate: bool = True, foreign_keys: bool = True) -> Engine:
    """An engine over the SQLite file at `path`.

    `immediate`: transactions start with BEGIN IMMEDIATE (writers) or plain BEGIN (readers).
    `foreign_keys`: off only for migrations (batch table rebuilds must not cascade).
    """
    engine = create_engine(
        f"sqlite:///{Path(path).as_posix()}",
        poolclass=NullPool,
        hide_parameters=True,  # error messages never carry the values of a statement (names, phones)
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (see below)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def connection_pragmas(engine: Engine) -> dict[str, object]:
    """The pragmas a fresh connection of `engine` runs with (for tests and diagnostics)."""
    with engine.connect() as conn:
        return {
            name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "secure_delete", "busy_timeout", "foreign_keys", "synchronous")
        }
