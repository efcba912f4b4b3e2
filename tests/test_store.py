"""The database: migrations, pragmas, triggers, and every way a file can be unusable."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from pdp_desk.store import migrate, triggers
from pdp_desk.store.database import DatabaseProblem, Problem, device_code_for, open_database
from pdp_desk.store.engine import connection_pragmas
from pdp_desk.store.models import (
    PERSONAL_DATA_TABLES,
    AuditEntry,
    Base,
    Contact,
    LocalState,
    Subject,
)
from pdp_desk.store.schema import HEAD_REVISION

DATA = Path(__file__).parent / "data"
NOW = datetime(2026, 11, 25, 9, 30, tzinfo=timezone.utc)


def add_subject(db, name="Әлия Сейітова", phone="+77011234567") -> str:
    with db.session() as session:
        subject = Subject(category="registered", full_name=name, name_key=name.lower())
        session.add(subject)
        session.flush()
        session.add(Contact(subject_id=subject.id, kind="phone", value=phone, normalized=phone))
        return subject.id


def file_bytes(path: Path) -> bytes:
    return path.read_bytes()


# --- a fresh database ------------------------------------------------------------------------


def test_fresh_database_is_at_head_with_pragmas_and_triggers(db):
    with db.engine.connect() as connection:
        assert migrate.current_revision(connection) == migrate.head_revision()
        present = triggers.existing(connection)
    assert {s.split()[5] for s in triggers.statements()} <= present
    pragmas = connection_pragmas(db.engine)
    assert pragmas["journal_mode"] == "wal"
    assert pragmas["secure_delete"] == 1
    assert pragmas["busy_timeout"] >= 1000
    assert db.engine.pool.__class__.__name__ == "NullPool"


def test_the_migrations_create_the_triggers_store_triggers_describes(db):
    """The migrations freeze the trigger SQL of their day; store/triggers.py must say the same,
    word for word, for the head (a trigger changed in one place only would go unnoticed: the
    start-up check compares names)."""
    with db.engine.connect() as connection:
        stored = {name: sql for name, sql in connection.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")}
    for statement in triggers.statements():
        name = statement.split()[5]
        assert stored[name].replace("IF NOT EXISTS ", "") == statement.replace("IF NOT EXISTS ", ""), name


def test_the_head_constant_is_the_head_of_the_migrations():
    from pdp_desk.store.schema import HEAD_REVISION

    assert HEAD_REVISION == migrate.head_revision()


def test_opening_an_up_to_date_database_does_not_load_alembic(db_path):
    open_database(db_path).close()
    code = ("import sys; from pdp_desk.store.database import open_database; "
            f"open_database({str(db_path)!r}).close(); print('alembic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_models_match_the_migrations(db):
    """A model changed without a migration would make this diff non-empty."""
    with db.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []


def test_device_identity_is_made_once_and_kept(db_path):
    first = open_database(db_path)
    device_id, code = first.device_id, first.device_code
    first.close()
    second = open_database(db_path)
    assert (second.device_id, second.device_code) == (device_id, code)
    assert code == device_code_for(device_id) and len(code) == 3
    second.close()


def test_times_round_trip_as_aware_utc_and_naive_times_are_refused(db):
    subject_id = add_subject(db)
    with db.read() as session:
        subject = session.get(Subject, subject_id)
        assert subject.created_at.tzinfo is not None
        assert subject.created_at.utcoffset().total_seconds() == 0
    with pytest.raises(Exception):
        with db.session() as session:
            session.add(Subject(category="registered", created_at=datetime(2026, 1, 1)))


def test_subject_id_is_immutable_in_every_personal_data_table(db):
    subject_id = add_subject(db)
    assert "contact" in PERSONAL_DATA_TABLES and "consent" in PERSONAL_DATA_TABLES
    with pytest.raises(IntegrityError, match="immutable"):
        with db.session() as session:
            contact = session.scalars(select(Contact)).one()
            contact.subject_id = "another"
    with pytest.raises(IntegrityError, match="immutable"):
        with db.session() as session:
            session.get(Subject, subject_id).id = "another"
    with db.read() as session:
        assert session.scalars(select(Contact)).one().subject_id == subject_id


def test_audit_entries_cannot_be_updated_or_deleted(db):
    from pdp_desk.services import audit

    with db.session() as session:
        audit.record(session, "test.action", "subject", ["x1"])
    for statement in ("UPDATE audit_entry SET action = 'forged'", "DELETE FROM audit_entry"):
        with pytest.raises(IntegrityError, match="append-only"):
            with db.session() as session:
                session.connection().exec_driver_sql(statement)
    with db.read() as session:
        assert session.scalars(select(AuditEntry.action)).all() == ["test.action"]


def test_secure_delete_leaves_no_trace_of_a_deleted_value(db):
    marker = "Zzmarkerqq-7731"
    subject_id = add_subject(db, name=marker)
    with db.session() as session:
        session.delete(session.get(Subject, subject_id))
    db.checkpoint()
    for path in db.path.parent.iterdir():
        if path.name.startswith(db.path.name):
            assert marker.encode() not in path.read_bytes(), path.name


# --- migrations and the kept copy ----------------------------------------------------------


def test_upgrade_from_the_kept_copy_of_the_first_schema(tmp_path):
    """tests/data/schema-0001.sqlite was made by release 0.1.0; it must keep opening."""
    copy = tmp_path / "old.sqlite"
    shutil.copy(DATA / "schema-0001.sqlite", copy)
    db = open_database(copy)
    try:
        with db.read() as session:
            names = session.scalars(select(Subject.full_name)).all()
        assert "Әлия Нұрланқызы Сейітова" in names
        with db.engine.connect() as connection:
            assert migrate.current_revision(connection) == migrate.head_revision()
    finally:
        db.close()


def test_the_kept_copy_of_the_sync_schema_keeps_opening_and_capturing(tmp_path):
    """tests/data/schema-0002.sqlite was made at migration 0002 (sync), the first release with
    sync: a person with a consent and a request, and their clocks. It must keep opening under
    every later migration, with its data, its destruction date and its capture working."""
    from pdp_desk.store.models import Consent, Request, SyncRow

    copy = tmp_path / "old.sqlite"
    shutil.copy(DATA / "schema-0002.sqlite", copy)
    db = open_database(copy)
    try:
        with db.read() as session:
            (person,) = session.scalars(select(Subject)).all()
            assert person.full_name == "Әлия Нұрланқызы Сейітова" and person.destroy_after is not None
            assert session.scalars(select(Consent.purpose_id)).all() and session.scalars(select(Request.number)).all()
            clocks = len(session.scalars(select(SyncRow.row_id)).all())
        with db.engine.connect() as connection:
            assert migrate.current_revision(connection) == migrate.head_revision()
        add_subject(db, "Пётр Ёлкин", "+77019876543")
        with db.read() as session:
            assert len(session.scalars(select(SyncRow.row_id)).all()) == clocks + 2   # subject and contact
    finally:
        db.close()


def test_failed_upgrade_keeps_a_copy_and_changes_nothing(db_path, monkeypatch):
    db = open_database(db_path)
    add_subject(db)
    db.close()
    before = file_bytes(db_path)
    # Pretend a newer release with a migration that fails half way.
    monkeypatch.setattr("pdp_desk.store.database.HEAD_REVISION", "9999")
    monkeypatch.setattr(migrate, "head_revision", lambda: "9999")
    known = migrate.known_revisions() | {"9999"}
    monkeypatch.setattr(migrate, "known_revisions", lambda: known)

    def broken_upgrade(engine):
        with engine.begin() as connection:
            connection.exec_driver_sql("DELETE FROM contact")
            raise RuntimeError("disk I/O error injected")

    monkeypatch.setattr(migrate, "upgrade", broken_upgrade)
    with pytest.raises(DatabaseProblem) as raised:
        open_database(db_path)
    assert raised.value.kind is Problem.MIGRATION_FAILED
    kept = list(db_path.parent.glob(f"*.before-{HEAD_REVISION}-*.sqlite"))
    assert len(kept) == 1 and kept[0].name in raised.value.advice
    monkeypatch.undo()
    db = open_database(db_path)  # the rolled-back upgrade left the data as it was
    with db.read() as session:
        assert len(session.scalars(select(Contact)).all()) == 1
    db.close()
    assert sqlite3.connect(kept[0]).execute("SELECT count(*) FROM contact").fetchone() == (1,)
    assert len(before) > 0


# --- files that cannot be used ---------------------------------------------------------------


def test_a_file_that_is_not_a_database_is_refused_unchanged(db_path):
    db_path.write_bytes(b"Hello, this is a spreadsheet\n" * 10)
    before = file_bytes(db_path)
    with pytest.raises(DatabaseProblem) as raised:
        open_database(db_path)
    assert raised.value.kind is Problem.NOT_A_DATABASE
    assert "Open another" in raised.value.advice
    assert file_bytes(db_path) == before
    assert not db_path.with_name(db_path.name + "-wal").exists()


def test_another_sqlite_file_is_not_taken_for_ours(db_path):
    connection = sqlite3.connect(db_path)
    connection.execute("CREATE TABLE customers (name TEXT)")
    connection.commit()
    connection.close()
    before = file_bytes(db_path)
    with pytest.raises(DatabaseProblem) as raised:
        open_database(db_path)
    assert raised.value.kind is Problem.NOT_A_DATABASE
    assert file_bytes(db_path) == before


def test_a_truncated_database_is_refused_unchanged(db_path):
    db = open_database(db_path)
    for i in range(300):
        add_subject(db, name=f"Subject {i} " + "x" * 200)
    db.checkpoint()
    db.close()
    data = file_bytes(db_path)
    db_path.write_bytes(data[: len(data) // 2])
    before = file_bytes(db_path)
    with pytest.raises(DatabaseProblem) as raised:
        open_database(db_path)
    assert raised.value.kind is Problem.TRUNCATED
    assert "restore" in raised.value.advice
    assert file_bytes(db_path) == before


def test_a_damaged_database_is_refused(db_path):
    db = open_database(db_path)
    db.checkpoint()
    db.close()
    data = bytearray(file_bytes(db_path))
    data[100:4096] = b"\xff" * (4096 - 100)  # the schema page, overwritten
    db_path.write_bytes(bytes(data))
    with pytest.raises(DatabaseProblem) as raised:
        open_database(db_path)
    assert raised.value.kind in {Problem.DAMAGED, Problem.NOT_A_DATABASE}


def test_a_database_from_a_newer_version_is_left_untouched(db_path):
    db = open_database(db_path)
    db.checkpoint()
    db.close()
    connection = sqlite3.connect(db_path)
    connection.execute("UPDATE alembic_version SET version_num = 'ffff-from-the-future'")
    connection.commit()
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    before = file_bytes(db_path)
    with pytest.raises(DatabaseProblem) as raised:
        open_database(db_path)
    assert raised.value.kind is Problem.NEWER_VERSION
    assert "newer" in raised.value.message
    assert file_bytes(db_path) == before


def test_a_database_open_in_another_copy_is_refused(db):
    with pytest.raises(DatabaseProblem) as raised:
        open_database(db.path)
    assert raised.value.kind is Problem.LOCKED
    # a short read without the lock still works alongside (scheduled tasks)
    reader = open_database(db.path, lock=False)
    reader.close()


def test_the_lock_is_released_on_close(db_path):
    open_database(db_path).close()
    open_database(db_path).close()


def test_a_missing_database_is_not_created_when_not_asked(tmp_path):
    with pytest.raises(DatabaseProblem) as raised:
        open_database(tmp_path / "nope.sqlite", create=False)
    assert raised.value.kind is Problem.MISSING
    assert not (tmp_path / "nope.sqlite").exists()


def test_a_read_only_folder_gets_a_clear_message(tmp_path, monkeypatch):
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "db.sqlite"
    if os.name != "nt" and os.geteuid() != 0:
        folder.chmod(0o500)
    else:
        # root (CI) and Windows ignore the mode bits: make the write fail as a read-only share would
        original = Path.write_bytes

        def refuse(self, data):
            if self.parent == folder:
                raise PermissionError(13, "Permission denied")
            return original(self, data)

        monkeypatch.setattr(Path, "write_bytes", refuse)
    try:
        with pytest.raises(DatabaseProblem) as raised:
            open_database(path)
        assert raised.value.kind is Problem.READ_ONLY
        assert "folder you can write to" in raised.value.advice
    finally:
        folder.chmod(0o700)
    assert not path.exists()


def test_a_path_under_a_file_gets_a_clear_message(tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    with pytest.raises(DatabaseProblem) as raised:
        open_database(blocker / "db.sqlite")
    assert raised.value.kind is Problem.READ_ONLY


def test_local_state_never_holds_personal_data(db):
    with db.read() as session:
        keys = set(session.scalars(select(LocalState.key)))
    assert keys == {"device_id", "device_code"}


def test_dangling_references_are_reported(db):
    from pdp_desk.store.integrity import REFERENCES, dangling_references
    from pdp_desk.store.models import Base

    tables = Base.metadata.tables
    for table, column, target in REFERENCES:  # the list itself names real columns
        assert column in tables[table].c and target in tables
    subject_id = add_subject(db)
    with db.engine.connect() as connection:
        assert dangling_references(connection) == []
    with db.session() as session:
        session.add(Contact(subject_id="0199ffff-0000-7000-8000-00000000dead", kind="email",
                            value="x@example.kz", normalized="x@example.kz"))
    with db.engine.connect() as connection:
        (problem,) = dangling_references(connection)
    assert (problem.table, problem.column, problem.count) == ("contact", "subject_id", 1)
    assert subject_id


def test_a_series_starts_after_the_highest_number_present_and_skips_taken_ones(db):
    """store.local_state.next_in_series (request and act numbers), on a real column: numbers of
    other prefixes are not counted, a lost counter resumes after the highest, a taken one is skipped."""
    from pdp_desk.store.local_state import device_code, next_in_series, read_local

    prefix = f"n-2026-{db.device_code}-"
    with db.session() as session:
        assert device_code(session) == db.device_code
        for key in (f"{prefix}0007", f"{prefix}x12", f"n-2025-{db.device_code}-0099", f"n-2026-ZZZ-0050"):
            session.add(LocalState(key=key, value=""))
    with db.session() as session:
        make = lambda n: f"{prefix}{n:04d}"  # noqa: E731
        assert next_in_series(session, "counter.test", prefix, LocalState.key, make) == f"{prefix}0008"
        session.add(LocalState(key=f"{prefix}0009", value=""))   # taken meanwhile (a restored copy)
        session.flush()
        assert next_in_series(session, "counter.test", prefix, LocalState.key, make) == f"{prefix}0010"
    with db.read() as session:
        assert read_local(session, "counter.test") == "10"
