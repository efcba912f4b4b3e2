"""Opening a PDP Desk database: checks, the single-copy lock, backup before migration.

`open_database` either returns a ready `Database` or raises `DatabaseProblem`, whose message
says what is wrong and whose advice says what to do. It never changes a file it refuses.
"""
from __future__ import annotations

import os
import sqlite3
import struct
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Iterator

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from pdp_desk.domain.ids import new_id
from pdp_desk.store.schema import HEAD_REVISION
from pdp_desk.store.engine import make_engine
from pdp_desk.store.lock import DatabaseLock, LockBusy
from pdp_desk.store.models import LocalState

SQLITE_MAGIC = b"SQLite format 3\x00"


class Problem(StrEnum):
    NOT_A_DATABASE = "not_a_database"
    TRUNCATED = "truncated"
    DAMAGED = "damaged"
    NEWER_VERSION = "newer_version"
    LOCKED = "locked"
    READ_ONLY = "read_only"
    MISSING = "missing"
    MIGRATION_FAILED = "migration_failed"


class DatabaseProblem(Exception):
    """A database that cannot be used as it is. `kind` lets the GUI pick its wording."""

    def __init__(self, kind: Problem, path: Path, message: str, advice: str):
        super().__init__(f"{message} {advice}")
        self.kind = kind
        self.path = path
        self.message = message
        self.advice = advice


@dataclass
class Database:
    """An open database: the engine, sessions, and this PC's identity in it."""

    path: Path
    engine: Engine
    lock: DatabaseLock | None
    device_id: str = ""
    device_code: str = ""

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._reader = make_engine(self.path, immediate=False)
        self._read_sessions = sessionmaker(self._reader, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A write transaction (BEGIN IMMEDIATE): committed on success, rolled back on error."""
        with self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only transaction: a consistent snapshot that takes no write lock."""
        with self._read_sessions() as session, session.begin():
            yield session
            session.rollback()

    def checkpoint(self) -> None:
        """Fold the WAL into the main file and truncate it (after destruction, before backups)."""
        # Outside any transaction (a checkpoint cannot run inside one): the raw connection.
        raw = self.engine.raw_connection()
        try:
            busy, _, _ = raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            raw.close()
        if busy:
            raise RuntimeError("the WAL could not be checkpointed: another connection is reading")

    def close(self) -> None:
        self.engine.dispose()
        self._reader.dispose()
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def default_database_path() -> Path:
    from pdp_desk.appdirs import data_dir

    return data_dir() / "pdp-desk.sqlite"


def check_file(path: Path) -> None:
    """Refuse, without opening it through SQLite, a file that is not a whole SQLite database."""
    if not path.exists():
        return
    if path.is_dir():
        raise DatabaseProblem(Problem.NOT_A_DATABASE, path, f"{path} is a folder, not a database file.",
                              "Choose a database file (.sqlite).")
    size = path.stat().st_size
    if size == 0:
        return  # SQLite treats an empty file as an empty database
    with path.open("rb") as f:
        header = f.read(100)
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise DatabaseProblem(
            Problem.NOT_A_DATABASE, path, f"{path.name} is not a PDP Desk database (not an SQLite file).",
            "Open another file, or restore the database from a backup copy.")
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    change_counter, page_count = struct.unpack(">II", header[24:32])
    valid_for = struct.unpack(">I", header[92:96])[0]
    # The header's page count is trustworthy only when written by SQLite 3.7+ (valid_for matches).
    if valid_for == change_counter and page_count and size < page_count * page_size:
        raise DatabaseProblem(
            Problem.TRUNCATED, path,
            f"{path.name} is cut short: {size:,} of {page_count * page_size:,} bytes are there.",
            "The file was not copied completely. Copy it again, or restore the copy kept before "
            "the last upgrade or a backup.")


def check_writable(path: Path) -> None:
    """SQLite in WAL mode writes beside the database (-wal, -shm): the folder must be writable."""
    folder = path.parent
    probe = folder / f".pdp-desk-write-test-{os.getpid()}"
    try:
        probe.write_bytes(b"")
        probe.unlink()
        if path.exists():
            with path.open("r+b"):
                pass
    except OSError as error:
        raise DatabaseProblem(
            Problem.READ_ONLY, path,
            f"PDP Desk cannot write to {folder} ({error.strerror or error}).",
            "Copy the database to a folder you can write to (for example Documents) and open it there."
        ) from None


def backup_copy(path: Path, revision: str | None) -> Path:
    """A consistent copy through SQLite's backup API, beside the database, before migrating."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.before-{revision or 'empty'}-{stamp}{path.suffix or '.sqlite'}")
    source = sqlite3.connect(path)
    try:
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    return target


def _revision_of(path: Path) -> tuple[str | None, bool]:
    """(Alembic revision, whether the file has any table) read without changing the file."""
    if not path.exists() or path.stat().st_size == 0:
        return None, False
    uri = f"{path.resolve().as_uri()}?mode=ro"
    try:
        connection = sqlite3.connect(uri, uri=True, timeout=5)
        try:
            tables = {name for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            revision = None
            if "alembic_version" in tables:
                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise DatabaseProblem(
            Problem.DAMAGED, path, f"{path.name} is damaged: SQLite says “{error}”.",
            "Restore the database from a backup or from the copy kept before the last upgrade."
        ) from None
    return revision, bool(tables)


def _ensure_device(db: Database) -> None:
    """Give this database file its device id and a short device code on first open."""
    with db.session() as session:
        state = {row.key: row.value for row in session.scalars(select(LocalState))}
        if "device_id" not in state:
            device_id = new_id()
            session.add(LocalState(key="device_id", value=device_id))
            session.add(LocalState(key="device_code", value=device_code_for(device_id)))
            state["device_id"], state["device_code"] = device_id, device_code_for(device_id)
        sealed = _seal_plain_secrets(session, state)
    db.device_id, db.device_code = state["device_id"], state["device_code"]
    if sealed:   # the plain text out of the main file now, not at some later checkpoint
        try:
            db.checkpoint()
        except (RuntimeError, sqlite3.Error):
            pass     # another PDP Desk is reading: the next checkpoint does it


def _seal_plain_secrets(session, state: dict[str, str]) -> bool:
    """Secrets saved plain by an older version (or where DPAPI failed) sealed now, if it can;
    True when one was."""
    from pdp_desk.store.at_rest import PREFIX, SECRET_KEYS, seal

    done = False
    for key in SECRET_KEYS:
        value = state.get(key)
        if value and not value.startswith(PREFIX):
            sealed = seal(value)
            if sealed != value:
                session.get(LocalState, key).value = sealed
                done = True
    return done


def device_code_for(device_id: str) -> str:
    """Three characters from the random part of the id, in an alphabet with no look-alikes.

    Human numbers carry it ("2026-7KQ-0014") so two PCs numbering offline never collide.
    """
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    value = int(device_id.replace("-", "")[-8:], 16)
    return "".join(alphabet[(value >> (5 * i)) & 31] for i in range(3))


def open_database(path: Path | str, *, create: bool = True, lock: bool = True) -> Database:
    """Open (creating or upgrading if needed) the database at `path`.

    `lock`: hold the one-running-copy lock for as long as the database is open (the GUI does;
    short command-line reads don't). A migration always takes the lock while it runs.
    """
    path = Path(path).expanduser().absolute()
    if not path.exists() and not create:
        raise DatabaseProblem(Problem.MISSING, path, f"There is no database at {path}.",
                              "Check the path, or run `pdp-desk init` to create one.")
    check_file(path)
    if not path.parent.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DatabaseProblem(Problem.READ_ONLY, path, f"Cannot create the folder {path.parent} ({error}).",
                                  "Choose another place for the database.") from None
    check_writable(path)

    holder = DatabaseLock(path)
    try:
        holder.acquire()
    except LockBusy:
        if lock:
            raise DatabaseProblem(
                Problem.LOCKED, path, f"{path.name} is already open in another PDP Desk window.",
                "Switch to that window, or close it and try again.") from None
        holder = None

    try:
        revision, has_tables = _revision_of(path)
        if revision != HEAD_REVISION:
            _migrate(path, revision, has_tables, holder)
        db = Database(path=path, engine=make_engine(path), lock=holder if lock else None)
        _ensure_device(db)
    except BaseException:
        if holder is not None:
            holder.release()
        raise
    if not lock and holder is not None:
        holder.release()
    return db


def _migrate(path: Path, revision: str | None, has_tables: bool, holder: DatabaseLock | None) -> None:
    """Upgrade the file at `path` from `revision`, keeping a copy first (Alembic loaded here only)."""
    from pdp_desk.store import migrate

    head = migrate.head_revision()
    if revision is not None and revision not in migrate.known_revisions():
        raise DatabaseProblem(
            Problem.NEWER_VERSION, path,
            f"{path.name} was made by a newer version of PDP Desk (schema {revision}).",
            "Install the newer PDP Desk to open it; this version leaves it untouched.")
    if revision is None and has_tables:
        raise DatabaseProblem(
            Problem.NOT_A_DATABASE, path, f"{path.name} is an SQLite file, but not a PDP Desk database.",
            "Open another file.")
    if revision != head:
        if holder is None:
            raise DatabaseProblem(
                Problem.LOCKED, path,
                f"{path.name} needs an upgrade, and it is open in another PDP Desk window.",
                "Close that window and try again.")
        kept = backup_copy(path, revision) if revision is not None else None
        engine = make_engine(path, foreign_keys=False)
        try:
            migrate.upgrade(engine)
        except Exception as error:
            raise DatabaseProblem(
                Problem.MIGRATION_FAILED, path, f"Upgrading {path.name} failed: {error}.",
                f"Nothing was changed. The copy kept before the upgrade is {kept.name}." if kept
                else "Nothing was changed.") from None
        finally:
            engine.dispose()
