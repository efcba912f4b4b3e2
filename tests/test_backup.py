"""Backups: sealed copies through SQLite's backup API, retention, and a restore that re-applies
every destruction made since the backup (destroyed data never comes back), with real files."""
from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from pdp_desk.cli import main
from pdp_desk.services import audit, backups
from pdp_desk.services import destruction as d
from pdp_desk.services.subjects import SubjectInput, create_subject
from pdp_desk.store import backup as files
from pdp_desk.store import sealed
from pdp_desk.store.database import backup_copy, open_database
from pdp_desk.store.models import DestructionAct, DestructionRecord, LocalState, Subject
from tests._destruction_fixtures import (
    NOW,
    files_holding,
    make_org,
    make_subject,
    markers,
    plan_for,
    snapshot,
)

PASS = "correct horse battery staple"
DATA = Path(__file__).parent / "data"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """The database alone in its data folder (decrypted copies of a test go elsewhere)."""
    (tmp_path / "data").mkdir()
    return tmp_path / "data" / "pdp-desk.sqlite"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "usb" / "backups"


@pytest.fixture
def shop(db, folder):
    """A database with an operator, two subjects full of markers, a passphrase and a backups folder."""
    org = make_org(db)
    a, b = make_subject(db, org, "0001"), make_subject(db, org, "0002")
    folder.parent.mkdir(parents=True)
    with db.session() as session:
        backups.set_passphrase(session, PASS)
        backups.set_backup_settings(session, str(folder), 7)
    return org, a, b


def plain_files(db_path: Path) -> list[str]:
    """Anything beside the database but the database, its lock and SQLite's own files."""
    allowed = {db_path.name, db_path.name + ".lock", db_path.name + "-wal", db_path.name + "-shm"}
    return sorted(p.name for p in db_path.parent.iterdir() if p.name not in allowed and p.is_file())


def new_subject(db, name: str) -> str:
    with db.session() as session:
        return create_subject(session, SubjectInput(category="registered", full_name=name,
                                                    phones=["+77011234567"]), actor="test")


def sync_clock(path: Path) -> tuple[int, int] | None:
    """(hlc, seq) of the sync bookkeeping, when the schema has it (migration 0002)."""
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT hlc, seq FROM sync_state WHERE id = 1").fetchone()
    except sqlite3.OperationalError:
        return None
    finally:
        connection.close()


def opened(backup: Path, target: Path, passphrase: str = PASS) -> Path:
    files.open_sealed(backup, target, passphrase)
    return target


# --- making backups ---------------------------------------------------------------------------


def test_backup_is_sealed_named_and_leaves_no_plain_copy(db, db_path, shop, folder, tmp_path):
    progress = []
    result = backups.backup_now(db, progress=lambda done, total: progress.append((done, total)))
    assert result.path.parent == folder and result.path.suffix == ".pdpbak"
    device, made, kind = files.parse_name(result.path)
    assert device == db.device_code and kind == "" and abs((made - datetime.now(timezone.utc)).total_seconds()) < 60
    raw = result.path.read_bytes()
    assert sealed.is_sealed(raw) and markers("0001")["email"].encode() not in raw
    assert progress[-1] == (1000, 1000) and all(a <= b for (a, _), (b, _) in zip(progress, progress[1:]))
    assert plain_files(db_path) == []       # the plain temporary copy is gone
    copy = opened(result.path, tmp_path / "opened.sqlite")
    assert files.check_copy(copy).ok
    assert snapshot(copy)["subject"] == snapshot(db_path)["subject"]
    with db.read() as session:
        conf = backups.settings(session)
        assert conf.last_at is not None and not backups.is_due(session)
        assert backups.is_due(session, now=datetime.now(timezone.utc) + timedelta(hours=25))
        assert audit.verify(session).ok


def test_a_second_backup_in_the_same_second_never_replaces_the_first(db, shop, folder):
    now = datetime.now(timezone.utc)
    first = backups.backup_now(db, now=now)
    before = first.path.read_bytes()
    second = backups.backup_now(db, now=now)
    assert second.path != first.path and first.path.read_bytes() == before
    assert len(backups.list_backups(folder)) == 2


def test_without_a_passphrase_no_backup_is_made(db, db_path, folder):
    with db.session() as session:
        backups.set_backup_settings(session, str(folder), 7)
    with pytest.raises(backups.BackupError) as refused:
        backups.backup_now(db)
    assert refused.value.code == "no_passphrase"
    with db.read() as session:
        assert backups.is_due(session) and backups.settings(session).last_error is None
    assert not folder.exists() and plain_files(db_path) == []


def test_passphrase_and_settings_are_checked(db, folder):
    with pytest.raises(backups.BackupError) as short, db.session() as session:
        backups.set_passphrase(session, "short")
    assert short.value.code == "passphrase_short"
    for bad_folder, days, code in ((str(folder), 0, "keep_days_range"), (str(folder), 366, "keep_days_range"),
                                   ("", 7, "folder_invalid"), ("relative/dir", 7, "folder_invalid")):
        with pytest.raises(backups.BackupError) as refused, db.session() as session:
            backups.set_backup_settings(session, bad_folder, days)
        assert refused.value.code == code


def test_a_folder_that_is_gone_is_said_and_retried_later(db, db_path, shop, tmp_path):
    gone = tmp_path / "unplugged-drive" / "backups"
    with db.session() as session:
        backups.set_backup_settings(session, str(tmp_path / "x"), 7)  # valid when set ...
        session.get(LocalState, backups.KEY_FOLDER).value = str(gone)  # ... then the drive went away
    with pytest.raises(backups.BackupError) as refused:
        backups.backup_now(db)
    assert refused.value.code == "folder_missing" and not gone.exists()
    with db.read() as session:
        assert backups.is_due(session) and backups.settings(session).last_error == "folder_missing"
    gone.parent.mkdir()   # plugged in again: the next try works and clears the problem
    backups.backup_now(db)
    with db.read() as session:
        assert backups.settings(session).last_error is None
    assert plain_files(db_path) == []


def test_a_file_where_the_folder_should_be_is_refused(db, db_path, shop, folder):
    folder.write_bytes(b"not a folder")
    with pytest.raises(backups.BackupError) as refused:
        backups.backup_now(db)
    assert refused.value.code == "folder_not_writable"
    assert folder.read_bytes() == b"not a folder" and plain_files(db_path) == []


def test_a_full_disk_is_said_before_writing(db, db_path, shop, folder, monkeypatch):
    monkeypatch.setattr(files, "free_bytes", lambda _folder: 1000)  # the machine has no full disk to offer
    with pytest.raises(backups.BackupError) as refused:
        backups.backup_now(db)
    assert refused.value.code == "no_space" and "MB" in refused.value.message
    assert backups.list_backups(folder) == [] and plain_files(db_path) == []


def test_a_full_disk_while_sealing_leaves_nothing_half_written(db, db_path, shop, folder, monkeypatch):
    def full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(sealed, "seal_stream", full)
    with pytest.raises(backups.BackupError) as refused:
        backups.backup_now(db)
    assert refused.value.code == "no_space"
    assert list(folder.iterdir()) == [] and plain_files(db_path) == []


def test_a_cancelled_backup_leaves_nothing(db, db_path, shop, folder):
    with pytest.raises(backups.BackupError) as refused:
        backups.backup_now(db, progress=lambda done, total: done < 600)
    assert refused.value.code == "cancelled"
    assert list(folder.iterdir()) == [] and plain_files(db_path) == []


def test_a_plain_copy_left_by_a_crash_is_removed_by_the_next_backup(db, db_path, shop):
    leftover = files.plain_temp(db_path)
    shutil.copy(db_path, leftover)
    old = datetime.now().timestamp() - files.STALE_AFTER_S - 60
    os.utime(leftover, (old, old))
    backups.backup_now(db)
    assert not leftover.exists()


def test_the_copy_is_one_moment_while_the_window_keeps_writing(db, db_path, shop, tmp_path, monkeypatch):
    monkeypatch.setattr(files, "STEP_PAGES", 2)   # many small steps, a write between each
    written = []

    def write_meanwhile(done: int, total: int) -> None:
        written.append(new_subject(db, f"Пишется Во Время Копии {len(written)}"))

    with db.read() as session:
        before = session.query(Subject).count()
    files.snapshot(db_path, tmp_path / "copy.sqlite", write_meanwhile)
    assert len(written) > 5
    copy = files.check_copy(tmp_path / "copy.sqlite")
    assert copy.ok
    connection = sqlite3.connect(tmp_path / "copy.sqlite")
    assert connection.execute("SELECT count(*) FROM subject").fetchone() == (before,)
    connection.close()


# --- retention ----------------------------------------------------------------------------------


def test_retention_deletes_only_this_pcs_backups_older_than_the_days_to_keep(tmp_path):
    now = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
    folder = tmp_path / "backups"
    folder.mkdir()

    def put(code: str, days_ago: float, kind: str = "") -> Path:
        path = folder / files.backup_name(code, now - timedelta(days=days_ago), kind)
        path.write_bytes(sealed.MAGIC + b"x")
        return path

    old_own = [put("7KQ", 8), put("7KQ", 30), put("7KQ", 7.5, "before-restore")]
    young_own = [put("7KQ", 0.5), put("7KQ", 6.9)]
    other_pc = put("ABC", 40)
    unrelated = folder / "notes.txt"
    unrelated.write_text("keep me")
    renamed = folder / "my-backup.pdpbak"
    renamed.write_bytes(sealed.MAGIC)
    removed = backups.apply_retention(folder, "7KQ", 7, now)
    assert sorted(removed) == sorted(old_own)
    assert all(p.exists() for p in [*young_own, other_pc, unrelated, renamed])
    assert not any(p.exists() for p in old_own)


def test_a_backup_deletes_the_old_ones_but_never_itself(db, shop, folder):
    folder.mkdir()
    now = datetime.now(timezone.utc)
    old = folder / files.backup_name(db.device_code, now - timedelta(days=9))
    old.write_bytes(sealed.MAGIC)
    with db.session() as session:
        backups.set_backup_settings(session, str(folder), 1)
    result = backups.backup_now(db, now=now)
    assert result.removed == (old,) and not old.exists() and result.path.exists()


def test_list_reads_names_and_headers(db, shop, folder):
    made = backups.backup_now(db).path
    (folder / files.backup_name("ABC", datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc))).write_bytes(b"garbage")
    (folder / "pdp-desk-XYZ-garbage.pdpbak").write_bytes(sealed.MAGIC)
    listed = backups.list_backups(folder)
    assert [b.path for b in listed] == [made, folder / files.backup_name("ABC", datetime(2026, 1, 2, 3, 4, 5,
                                                                                         tzinfo=timezone.utc))]
    assert listed[0].sealed and not listed[1].sealed
    assert backups.list_backups(folder / "missing") == []


# --- restore ------------------------------------------------------------------------------------


def test_round_trip_brings_back_the_backup_and_keeps_the_current_one_sealed(db, db_path, shop, folder, tmp_path):
    _org, a, b = shop
    made = backups.backup_now(db).path
    later = new_subject(db, "Позднее Добавленный Субъект")
    device = db.device_id
    db.close()
    clock = sync_clock(db_path)
    result = backups.restore(db_path, made, PASS)
    assert result.reapplied == 0 and result.migrated_from is None
    # The sync clock and change counter never go back: a number sent to other PCs is not reused.
    assert clock is None or sync_clock(db_path) >= clock
    again = open_database(db_path)
    try:
        with again.read() as session:
            assert session.get(Subject, later) is None
            assert session.get(Subject, a) is not None and session.get(Subject, b) is not None
            assert audit.verify(session).ok
            assert session.get(LocalState, "device_id").value == device
            assert backups.passphrase_of(session) == PASS
    finally:
        again.close()
    assert files.parse_name(result.kept_copy)[2] == "before-restore" and result.kept_copy.parent == folder
    kept = opened(result.kept_copy, tmp_path / "kept.sqlite")
    connection = sqlite3.connect(kept)
    assert connection.execute("SELECT count(*) FROM subject WHERE id = ?", (later,)).fetchone() == (1,)
    connection.close()
    assert plain_files(db_path) == []


def test_a_destruction_after_the_backup_is_applied_again_on_restore(db, db_path, shop, folder):
    org, a, b = shop
    made = backups.backup_now(db).path
    act = d.execute(db, plan_for(db, org, [a]), actor="test", now=NOW)
    with db.read() as session:
        pdf = session.get(DestructionAct, act.act_id).pdf
    db.close()
    result = backups.restore(db_path, made, PASS)
    assert (result.reapplied, result.records_added, result.acts_added) == (1, 1, 1)
    # The destroyed subject's values are nowhere in the database's files (main file, WAL) ...
    for value in ("email", "phone", "address", "items", "request", "attachment", "evidence", "note"):
        assert files_holding(db_path.parent, markers("0001")[value]) == [], value
    assert files_holding(db_path.parent, markers("0002")["email"]) == [db_path.name]
    again = open_database(db_path)
    try:
        with again.read() as session:
            assert session.get(Subject, a) is None and session.get(Subject, b) is not None
            assert session.get(DestructionAct, act.act_id).pdf == pdf   # the act, byte for byte
            assert [r.subject_ref for r in session.query(DestructionRecord)] == [a]
            assert audit.verify(session).ok
        # ... and the act counter goes on: no second act with the same number
        second = d.execute(again, plan_for(again, org, [b]), actor="test", now=NOW)
        assert second.number != act.number and second.number.endswith("0002")
        # Open and written to again: no file beside it (a WAL, when there is one) holds it either.
        assert files_holding(db_path.parent, markers("0001")["email"]) == []
    finally:
        again.close()


def test_a_backup_restored_twice_still_never_brings_back_destroyed_data(db, db_path, shop, folder):
    org, a, _ = shop
    made = backups.backup_now(db).path
    d.execute(db, plan_for(db, org, [a]), actor="test", now=NOW)
    db.close()
    backups.restore(db_path, made, PASS)
    backups.restore(db_path, made, PASS)   # the second time the records come from the current file
    assert files_holding(db_path.parent, markers("0001")["email"]) == []
    again = open_database(db_path)
    with again.read() as session:
        assert session.get(Subject, a) is None and audit.verify(session).ok
    again.close()


def _damaged(path: Path, tmp_path: Path) -> Path:
    out = tmp_path / "damaged.pdpbak"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    out.write_bytes(bytes(data))
    return out


def _truncated(path: Path, tmp_path: Path) -> Path:
    out = tmp_path / "truncated.pdpbak"
    out.write_bytes(path.read_bytes()[: path.stat().st_size * 2 // 3])
    return out


def _garbage(_path: Path, tmp_path: Path) -> Path:
    out = tmp_path / "garbage.pdpbak"
    out.write_bytes(os.urandom(5000))
    return out


def _empty(_path: Path, tmp_path: Path) -> Path:
    out = tmp_path / "empty.pdpbak"
    out.write_bytes(b"")
    return out


def _reseal(path: Path, tmp_path: Path, change) -> Path:
    """The backup's database changed by `change(plain_path)`, sealed again as a valid file."""
    plain = opened(path, tmp_path / "plain.sqlite")
    change(plain)
    out = files.seal_new(plain, tmp_path, lambda n: f"changed{n}.pdpbak", PASS)
    plain.unlink()
    return out


def _newer(path: Path, tmp_path: Path) -> Path:
    def stamp(plain: Path) -> None:
        connection = sqlite3.connect(plain)
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
        connection.commit()
        connection.close()
    return _reseal(path, tmp_path, stamp)


def _corrupt_inside(path: Path, tmp_path: Path) -> Path:
    def corrupt(plain: Path) -> None:
        data = bytearray(plain.read_bytes())
        page = 4096
        for offset in range(3 * page, min(len(data), 12 * page), page):
            data[offset:offset + 64] = os.urandom(64)
        plain.write_bytes(bytes(data))
    return _reseal(path, tmp_path, corrupt)


def _not_pdp(path: Path, tmp_path: Path) -> Path:
    def foreign(plain: Path) -> None:
        plain.unlink()
        connection = sqlite3.connect(plain)
        connection.execute("CREATE TABLE other (x)")
        connection.commit()
        connection.close()
    return _reseal(path, tmp_path, foreign)


@pytest.mark.parametrize("make, code, passphrase", [
    (lambda p, t: p, "wrong_passphrase", "not the passphrase"),
    (_damaged, "damaged", PASS),
    (_truncated, "damaged", PASS),
    (_garbage, "not_a_backup", PASS),
    (_empty, "not_a_backup", PASS),
    (_newer, "newer_version", PASS),
    (_corrupt_inside, "damaged", PASS),
    (_not_pdp, "not_a_backup", PASS),
], ids=["wrong-passphrase", "damaged", "truncated", "garbage", "empty", "newer", "corrupt-inside", "not-pdp"])
def test_a_bad_backup_is_refused_and_the_database_is_untouched(db, db_path, shop, folder, tmp_path,
                                                               make, code, passphrase):
    made = backups.backup_now(db).path
    new_subject(db, "После Копии")
    bad = make(made, tmp_path)
    db.checkpoint()
    db.close()
    before, listed = snapshot(db_path), sorted(p.name for p in folder.iterdir())
    with pytest.raises(backups.BackupError) as refused:
        backups.restore(db_path, bad, passphrase)
    assert refused.value.code == code
    assert "Nothing was changed" in refused.value.message or code == "not_a_backup"
    assert snapshot(db_path) == before
    assert plain_files(db_path) == [] and sorted(p.name for p in folder.iterdir()) == listed


def test_no_space_for_the_restored_copy_changes_nothing(db, db_path, shop, monkeypatch):
    made = backups.backup_now(db).path
    db.close()
    before = snapshot(db_path)
    monkeypatch.setattr(files, "free_bytes", lambda _folder: 10)
    with pytest.raises(backups.BackupError) as refused:
        backups.restore(db_path, made, PASS)
    assert refused.value.code == "no_space" and snapshot(db_path) == before


def test_a_restore_while_the_database_is_open_is_refused(db, db_path, shop):
    made = backups.backup_now(db).path
    with pytest.raises(backups.BackupError) as refused:
        backups.restore(db_path, made, PASS)
    assert refused.value.code == "locked"


def test_a_cancelled_restore_changes_nothing(db, db_path, shop):
    made = backups.backup_now(db).path
    new_subject(db, "После Копии")
    db.close()
    before = snapshot(db_path)
    with pytest.raises(backups.BackupError) as refused:
        backups.restore(db_path, made, PASS, progress=lambda done, total: done < 500)
    assert refused.value.code == "cancelled" and snapshot(db_path) == before and plain_files(db_path) == []


def test_a_backup_restores_onto_a_new_pc_without_a_database(db, shop, tmp_path):
    _org, a, _b = shop
    made = backups.backup_now(db).path
    fresh = tmp_path / "new-pc" / "pdp-desk.sqlite"
    result = backups.restore(fresh, made, PASS)
    assert result.reapplied == 0
    again = open_database(fresh)
    with again.read() as session:
        assert session.get(Subject, a) is not None and audit.verify(session).ok
    again.close()


def test_a_backup_of_an_older_revision_is_upgraded_on_restore(db, db_path, shop, tmp_path):
    old = tmp_path / "old.sqlite"
    shutil.copy(DATA / "schema-0001.sqlite", old)
    backup = files.seal_new(old, tmp_path, lambda n: files.backup_name("OLD", datetime.now(timezone.utc)), PASS)
    db.close()
    result = backups.restore(db_path, backup, PASS)
    assert result.migrated_from == "0001"
    again = open_database(db_path)
    again.close()


# --- the copies kept before an upgrade -----------------------------------------------------------


def test_copies_kept_before_an_upgrade_lose_destroyed_subjects_and_are_sealed(db, db_path, shop, folder, tmp_path):
    org, a, _b = shop
    copy = backup_copy(db_path, "0001")   # what store.database keeps before a migration
    d.execute(db, plan_for(db, org, [a]), actor="test", now=NOW)
    assert files_holding(db_path.parent, markers("0001")["email"]) == [copy.name]
    result = backups.backup_now(db)
    assert result.upgrade_copies == (copy,) and not copy.exists()
    sealed_copy = next(b for b in backups.list_backups(folder) if b.kind == "before-upgrade-0001")
    plain = opened(sealed_copy.path, tmp_path / "upgrade-copy.sqlite")
    assert files_holding(tmp_path, markers("0001")["email"]) == []
    assert markers("0002")["email"].encode() in plain.read_bytes()


def test_after_a_destruction_the_copies_are_tidied_at_once(db, db_path, shop, folder):
    org, a, _ = shop
    copy = backup_copy(db_path, "0001")
    d.execute(db, plan_for(db, org, [a]), actor="test", now=NOW)
    assert backups.tidy_now(db) == [copy]
    assert files_holding(db_path.parent, markers("0001")["email"]) == []
    assert [b.kind for b in backups.list_backups(folder)] == ["before-upgrade-0001"]
    assert backups.tidy_now(db) == []


def test_without_a_passphrase_copies_are_purged_and_deleted_after_the_days_to_keep(db, db_path, folder):
    org = make_org(db)
    a = make_subject(db, org, "0001")
    with db.session() as session:
        backups.set_backup_settings(session, str(folder), 3)
    copy = backup_copy(db_path, "0001")
    d.execute(db, plan_for(db, org, [a]), actor="test", now=NOW)
    with pytest.raises(backups.BackupError):
        backups.backup_now(db)
    assert copy.exists() and files_holding(db_path.parent, markers("0001")["email"]) == []
    with pytest.raises(backups.BackupError):
        backups.backup_now(db, now=datetime.now(timezone.utc) + timedelta(days=4))
    assert not copy.exists()


# --- the command line -----------------------------------------------------------------------------


def run(capsys, *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_backup_list_and_restore(capsys, db, db_path, shop, folder, tmp_path, monkeypatch):
    org, a, _ = shop
    monkeypatch.delenv("PDP_DESK_SYNC_PASSPHRASE", raising=False)
    with db.session() as session:  # a scheduled task on a PC where the passphrase lives in the environment
        session.delete(session.get(LocalState, backups.KEY_PASSPHRASE))
    db.close()
    code, _, err = run(capsys, "backup", "--db", str(db_path))
    assert code == 1 and "passphrase" in err
    monkeypatch.setenv("PDP_DESK_SYNC_PASSPHRASE", PASS)
    code, out, _ = run(capsys, "backup", "--db", str(db_path))
    assert code == 0 and "Backup written" in out
    made = backups.list_backups(folder)[0].path
    code, out, _ = run(capsys, "backup", "list", "--db", str(db_path))
    assert code == 0 and made.name in out
    other = tmp_path / "elsewhere"
    assert run(capsys, "backup", "--db", str(db_path), "--folder", str(other))[0] == 0
    assert len(backups.list_backups(other)) == 1
    code, _, err = run(capsys, "backup", "--db", str(db_path), "--folder", str(tmp_path / "gone" / "deeper"))
    assert code == 1 and "not there" in err
    assert run(capsys, "backup", "list", "--folder", str(tmp_path / "nothing"))[0] == 1

    again = open_database(db_path)
    d.execute(again, plan_for(again, org, [a]), actor="test", now=NOW)
    code, _, err = run(capsys, "restore", "--db", str(db_path), str(made))
    assert code == 3 and "another PDP Desk window" in err   # the window is open
    again.close()
    monkeypatch.setenv("PDP_DESK_SYNC_PASSPHRASE", "wrong passphrase")
    code, _, err = run(capsys, "restore", "--db", str(db_path), str(made))
    assert code == 1 and "passphrase" in err
    monkeypatch.setenv("PDP_DESK_SYNC_PASSPHRASE", PASS)
    code, out, _ = run(capsys, "restore", "--db", str(db_path), str(made))
    assert code == 0 and "purged again: 1" in out
    assert files_holding(db_path.parent, markers("0001")["email"]) == []
    assert run(capsys, "restore", "--db", str(db_path))[0] == 2
    assert run(capsys, "restore", "--db", str(db_path), str(tmp_path / "missing.pdpbak"))[0] == 1
    assert run(capsys, "backup", "--db", str(tmp_path / "no-such.sqlite"))[0] == 3


# --- the act says how long destroyed data survives in backups ------------------------------------------


def _pdf_text(pdf: bytes) -> str:
    from io import BytesIO

    from pypdf import PdfReader

    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(BytesIO(pdf)).pages)


def test_the_act_states_the_days_backups_are_kept(db, shop, folder):
    org, a, _b = shop
    with db.session() as session:
        backups.set_backup_settings(session, str(folder), 12)
    act = d.execute(db, plan_for(db, org, [a]), actor="test", now=NOW)
    text = _pdf_text(act.pdf)
    assert "хранятся 12 дн." in text and "нет и в резервных копиях" in text
    with db.read() as session:
        assert "12 күн сақталады" in _pdf_text(d.render_act_pdf(session, act.act_id, "kk"))
        both = _pdf_text(d.render_act_pdf(session, act.act_id, "ru+kk"))
        assert "хранятся 12 дн." in both and "12 күн сақталады" in both
