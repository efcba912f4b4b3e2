"""Use cases of backups: make one, keep N days, list, restore (re-applying destructions).

Settings belong to this PC alone (`local_state`, never synced): "backup.folder" and
"backup.keep_days" (written by the first-run wizard too: services.setup reads and checks them),
"backup.last_at" (UTC, ISO). The passphrase is the sync passphrase, "sync.passphrase" (or the
environment variable PDP_DESK_SYNC_PASSPHRASE for a scheduled task): a backup cannot be opened
without it, and it cannot be recovered.

* `backup_now`: SQLite's backup API -> a plain copy beside the database -> sealed into the
  backups folder -> the plain copy deleted; then backups of this PC older than N days are
  deleted (never the one just made), and copies kept before an upgrade are cleaned
  (`tidy_upgrade_copies`). A folder that is gone, full or read-only: BackupError, nothing lost.
* `is_due`: the last backup is older than 24 hours (the window checks at start and hourly).
* `restore`: with the database closed by the caller: decrypt, integrity check, schema revision
  (an older one is migrated), then re-apply every destruction the current database knows (its
  destruction records and those of the copy): the subjects are purged from the restored copy and
  the missing destruction records, acts, accounting lines and journal entries are copied into it,
  with this PC's local state (device, counters, settings). The current database is kept as a
  sealed copy, then replaced. Any failure before the replacement leaves it untouched.

Destroyed data stays inside older backups until they are deleted: N days. The acts say so.
"""
from __future__ import annotations

import errno
import functools
import logging
import os
import re
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from pdp_desk.services import audit, setup
from pdp_desk.services.destruction import backup_copies
from pdp_desk.store import backup as files
from pdp_desk.store import sealed
from pdp_desk.store.database import Database, DatabaseProblem, open_database
from pdp_desk.store.engine import make_engine
from pdp_desk.store.local_state import read_local, write_local
from pdp_desk.store.models import DestructionRecord, LocalState
from pdp_desk.store.purge import purge_subjects
from pdp_desk.store.schema import HEAD_REVISION

KEY_FOLDER = setup.BACKUP_FOLDER_KEY          # "backup.folder"
KEY_KEEP_DAYS = setup.BACKUP_KEEP_DAYS_KEY    # "backup.keep_days"
KEY_LAST_AT = "backup.last_at"
KEY_LAST_ERROR = "backup.last_error"          # the code of the last automatic failure (cleared by a success)
PASSPHRASE_ENV = "PDP_DESK_SYNC_PASSPHRASE"
KEY_PASSPHRASE = "sync.passphrase"            # shared with sync: one passphrase to remember
DEFAULT_KEEP_DAYS = setup.DEFAULT_KEEP_DAYS
MAX_KEEP_DAYS = setup.MAX_KEEP_DAYS
DUE_AFTER = timedelta(hours=24)
MIN_PASSPHRASE = 8
MAX_PASSPHRASE = 1024
SPACE_MARGIN = 1.05                           # a sealed file is ~0.002% larger; headroom for the rest
KIND_BEFORE_RESTORE = "before-restore"
KIND_BEFORE_UPGRADE = "before-upgrade"

# progress(done, total) -> False to cancel (None or True: go on)
Progress = Callable[[int, int], "bool | None"]
log = logging.getLogger(__name__)


class BackupError(Exception):
    """A backup or restore that could not be done; nothing was lost.

    `code`: no_passphrase, passphrase_short, passphrase_long, folder_missing, folder_not_writable, no_space,
    cancelled, failed, wrong_passphrase, damaged, newer_version, not_a_backup, locked,
    replace_failed, keep_days_range, folder_invalid.
    """

    def __init__(self, code: str, message: str, path: Path | None = None):
        super().__init__(message)
        self.code, self.message, self.path = code, message, path


class _Cancelled(Exception):
    pass


# --- settings ------------------------------------------------------------------------------


@dataclass(frozen=True)
class BackupSettings:
    folder: Path
    keep_days: int
    passphrase_set: bool
    last_at: datetime | None           # UTC
    last_error: str | None = None      # BackupError code of the last failed backup


def settings(session: Session) -> BackupSettings:
    last = (read_local(session, KEY_LAST_AT) or None)
    try:
        last_at = datetime.fromisoformat(last).astimezone(timezone.utc) if last else None
    except ValueError:
        last_at = None
    return BackupSettings(setup.backup_folder(session), setup.keep_days(session),
                          bool((read_local(session, KEY_PASSPHRASE) or None)), last_at, (read_local(session, KEY_LAST_ERROR) or None))


def keep_days(session: Session) -> int:
    """How long backups are kept: also how long destroyed data may survive in them (the acts)."""
    return setup.keep_days(session)


def set_backup_settings(session: Session, folder: str, days: int, actor: str = "") -> None:
    """This PC's backups folder and keeping time. Raises BackupError (folder_invalid, keep_days_range)."""
    try:
        setup.set_backup_settings(session, folder, days)
    except setup.SetupRefused as refused:
        problem = refused.problems[0]
        code = "keep_days_range" if problem.field == "keep_days" else "folder_invalid"
        raise BackupError(code, problem.message) from None
    audit.record(session, "backup.settings", "local_state", [], {"keep_days": days}, actor=actor)


def check_passphrase(passphrase: str) -> None:
    """The one rule of the passphrase of backups and sync (BackupError passphrase_short or
    passphrase_long)."""
    if len(passphrase.strip()) < MIN_PASSPHRASE:
        raise BackupError("passphrase_short", f"The passphrase needs at least {MIN_PASSPHRASE} characters.")
    if len(passphrase) > MAX_PASSPHRASE:
        raise BackupError("passphrase_long", f"The passphrase is longer than {MAX_PASSPHRASE} characters.")


def set_passphrase(session: Session, passphrase: str, actor: str = "") -> None:
    """Set (or change) the passphrase of backups and sync. Older backups keep the old one."""
    check_passphrase(passphrase)
    write_local(session, KEY_PASSPHRASE, passphrase)
    audit.record(session, "backup.passphrase", "local_state", [], {}, actor=actor)


def passphrase_of(session: Session) -> str | None:
    """This PC's passphrase (the one of sync and backups), else $PDP_DESK_SYNC_PASSPHRASE
    (a scheduled task); the one reader of it, services.sync.passphrase_for included."""
    return read_local(session, KEY_PASSPHRASE) or os.environ.get(PASSPHRASE_ENV) or None


def is_due(session: Session, now: datetime | None = None) -> bool:
    last = settings(session).last_at
    now = now or datetime.now(timezone.utc)
    return last is None or now - last >= DUE_AFTER or last > now + timedelta(hours=1)  # a clock set back


# --- making a backup -----------------------------------------------------------------------


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    seconds: float
    removed: tuple[Path, ...] = ()            # backups deleted after N days
    upgrade_copies: tuple[Path, ...] = ()     # plain copies made before an upgrade, now sealed or deleted


def _progress_between(progress: Progress | None, start: int, stop: int, scale: int = 1000):
    """A files.Progress (bytes) mapped to [start, stop] of `scale`; a False answer cancels."""
    def report(done: int, total: int) -> None:
        if progress is None:
            return
        share = done / total if total else 1.0
        if progress(start + int((stop - start) * min(share, 1.0)), scale) is False:
            raise _Cancelled()
    return report


def _os_error(error: OSError, folder: Path, what: str) -> BackupError:
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)) or getattr(error, "winerror", 0) in (39, 112):
        return BackupError("no_space", f"There is not enough free space in {folder} for the {what}.", folder)
    if isinstance(error, PermissionError) or error.errno in (errno.EACCES, errno.EROFS, errno.EPERM):
        return BackupError("folder_not_writable", f"PDP Desk cannot write in {folder}.", folder)
    if isinstance(error, FileNotFoundError):
        return BackupError("folder_missing", f"The folder {folder} is not there (a drive taken out?).", folder)
    return BackupError("failed", f"The {what} failed: {error.strerror or error}.", folder)


def ready_folder(folder: Path, default: bool) -> Path:
    """The backups folder, checked: there, writable. Only the default folder is created; a
    chosen one that is gone means its drive is missing (an unplugged USB disk, a share offline),
    and making it elsewhere would hide that."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise BackupError("folder_not_writable", f"{folder} is a file, not a folder.", folder)
    if not folder.is_dir():
        if not default and not folder.parent.is_dir():
            raise BackupError("folder_missing", f"The backups folder {folder} is not there: is its drive "
                              "or network share connected?", folder)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise _os_error(error, folder, "backup") from None
    probe = folder / f".pdp-desk-write-test-{os.getpid()}"
    try:
        with open(probe, "xb"):
            pass
        probe.unlink()
    except FileExistsError:
        probe.unlink(missing_ok=True)
    except OSError as error:
        raise _os_error(error, folder, "backup") from None
    return folder


def _need_space(folder: Path, needed: int, what: str) -> None:
    try:
        free = files.free_bytes(folder)
    except OSError:
        return  # cannot tell: the write itself will say
    if free < needed * SPACE_MARGIN:
        raise BackupError("no_space", f"{folder} has {free / 1e6:,.0f} MB free; the {what} needs about "
                          f"{needed * SPACE_MARGIN / 1e6:,.0f} MB.", folder)


def _make_sealed_copy(db_path: Path, folder: Path, make_name, passphrase: str,
                      progress: Progress | None, start: int = 0, stop: int = 1000) -> Path:
    """Snapshot -> plain temp beside the database -> sealed into `folder` -> temp deleted."""
    size = files.database_size(db_path)
    _need_space(db_path.parent, size, "temporary copy")
    _need_space(folder, size, "backup")
    plain = files.plain_temp(db_path)
    middle = (start + stop) // 2
    try:
        try:
            files.snapshot(db_path, plain, _progress_between(progress, start, middle))
        except OSError as error:
            raise _os_error(error, db_path.parent, "temporary copy") from None
        try:
            return files.seal_new(plain, folder, make_name, passphrase, _progress_between(progress, middle, stop))
        except OSError as error:
            raise _os_error(error, folder, "backup") from None
    except _Cancelled:
        raise BackupError("cancelled", "The backup was stopped; nothing was written.") from None
    except sqlite3.Error as error:
        if getattr(error, "sqlite_errorname", "") == "SQLITE_FULL":
            raise BackupError("no_space", f"There is not enough free space in {db_path.parent} for the "
                              "temporary copy.", db_path.parent) from None
        raise BackupError("failed", f"The database could not be copied: {error}.") from None
    finally:
        files.remove_plain(plain)


def backup_now(db: Database, *, folder: Path | str | None = None, passphrase: str | None = None,
               progress: Progress | None = None, now: datetime | None = None, actor: str = "") -> BackupResult:
    """Make a backup now (see the module's notes). Raises BackupError; nothing is lost then, and
    the failure's code is kept ("backup.last_error") for the Settings page until a backup succeeds."""
    try:
        return _backup_now(db, folder, passphrase, progress, now, actor)
    except BackupError as error:
        if error.code not in ("cancelled", "no_passphrase"):  # no passphrase: the page says it anyway
            try:
                with db.session() as session:
                    write_local(session, KEY_LAST_ERROR, error.code)
            except Exception:  # noqa: BLE001 - the database itself may be the problem
                log.exception("the backup failure could not be noted")
        raise


def _backup_now(db: Database, folder, passphrase, progress, now, actor) -> BackupResult:
    started = time.monotonic()
    now = now or datetime.now(timezone.utc)
    with db.read() as session:
        current = settings(session)
        passphrase = passphrase or passphrase_of(session)
    if not passphrase:
        tidy_upgrade_copies(db, None, None, current.keep_days, now)  # still: purge, delete after N days
        raise BackupError("no_passphrase", "Set the backup passphrase first (Settings → Backups): "
                          "a backup cannot be made without it.")
    default = folder is None and current.folder == setup.default_backup_folder()
    target = ready_folder(Path(folder) if folder is not None else current.folder, default)
    files.remove_stale_temps(db.path)
    code = db.device_code or "PC0"
    path = _make_sealed_copy(db.path, target, lambda n: files.backup_name(code, now, "", n), passphrase, progress)
    size = path.stat().st_size
    removed = apply_retention(target, code, current.keep_days, now, keep=path)
    upgraded = tidy_upgrade_copies(db, target, passphrase, current.keep_days, now)
    with db.session() as session:
        write_local(session, KEY_LAST_AT, now.isoformat(timespec="seconds"))
        row = session.get(LocalState, KEY_LAST_ERROR)
        if row is not None:
            session.delete(row)
        audit.record(session, "backup.make", "backup", [], {
            "file": path.name, "bytes": size, "removed": len(removed)}, actor=actor or "system")
    log.info("backup %s written (%d bytes); %d old ones removed", path.name, size, len(removed))
    return BackupResult(path, size, time.monotonic() - started, tuple(removed), tuple(upgraded))


def apply_retention(folder: Path, device_code: str, keep_days: int, now: datetime | None = None,
                    keep: Path | None = None) -> list[Path]:
    """Delete this PC's backups made more than `keep_days` ago (by the time in their names).
    Other PCs' backups in a shared folder, other files, and `keep` are never touched."""
    now = now or datetime.now(timezone.utc)
    limit = now - timedelta(days=keep_days)
    removed = []
    for item in files.list_backups(folder):
        if item.device_code != device_code or item.made_at >= limit or (keep and item.path == keep):
            continue
        try:
            item.path.unlink()
            removed.append(item.path)
        except OSError as error:  # in use, read-only: tried again at the next backup
            log.warning("old backup %s could not be deleted: %s", item.name, error)
    return removed


def list_backups(folder: Path | str) -> list[files.BackupFile]:
    return files.list_backups(Path(folder))


def destroyed_subjects(session: Session) -> list[str]:
    return sorted(set(session.scalars(select(DestructionRecord.subject_ref))))


def tidy_upgrade_copies(db: Database, folder: Path | None, passphrase: str | None, keep_days: int,
                        now: datetime | None = None) -> list[Path]:
    """The plain copies store.database keeps beside the database before an upgrade hold personal
    data, destroyed subjects included. Destroyed subjects are purged from them; with a passphrase
    and a backups folder they are sealed into it as backups (kept N days from the upgrade, like
    any backup, and restorable) and the plain copy deleted; without, a plain copy is deleted N days
    after the upgrade. Returns the plain copies handled (sealed or deleted)."""
    copies = backup_copies(db.path)
    if not copies:
        return []
    now = now or datetime.now(timezone.utc)
    with db.read() as session:
        destroyed = destroyed_subjects(session)
    handled = []
    for copy in copies:
        try:
            revision, made = _upgrade_copy_facts(copy)
            files.purge_plain_copy(copy, destroyed)
            if passphrase and folder is not None:
                kind = f"{KIND_BEFORE_UPGRADE}-{revision}".lower()
                files.seal_new(copy, folder, functools.partial(files.backup_name, db.device_code or "PC0", made, kind),
                               passphrase)
                files.remove_plain(copy)
                handled.append(copy)
            elif now - made > timedelta(days=keep_days):
                files.remove_plain(copy)
                handled.append(copy)
        except Exception as error:  # noqa: BLE001 - one bad copy must not stop the backup
            log.warning("copy kept before an upgrade (%s) not handled: %s", copy.name, error)
    return handled


_UPGRADE_COPY = re.compile(r"\.before-(?P<revision>[0-9A-Za-z_]+)-(?P<stamp>\d{8}-\d{6})$")


def _upgrade_copy_facts(copy: Path) -> tuple[str, datetime]:
    """(revision, when made) of "<stem>.before-<rev>-<YYYYmmdd-HHMMSS><suffix>" (local time)."""
    match = _UPGRADE_COPY.search(copy.stem)
    if match:
        return match["revision"], datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S").astimezone()
    return "old", datetime.fromtimestamp(copy.stat().st_mtime, timezone.utc)


def tidy_now(db: Database) -> list[Path]:
    """`tidy_upgrade_copies` with this PC's settings (after a destruction: the copies kept before
    an upgrade lose the destroyed subjects at once, not at the next daily backup)."""
    if not backup_copies(db.path):
        return []
    with db.read() as session:
        conf = settings(session)
        passphrase = passphrase_of(session)
    try:
        folder = ready_folder(conf.folder, conf.folder == setup.default_backup_folder()) if passphrase else None
    except BackupError:
        folder = None   # the backups folder is away: purge in place now, seal at the next backup
    return tidy_upgrade_copies(db, folder, passphrase if folder else None, conf.keep_days)


# --- restoring -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RestoreResult:
    backup: Path
    made_at: datetime | None
    reapplied: int                     # destroyed subjects purged from the restored copy
    records_added: int                 # destruction records copied into it
    acts_added: int
    journal_added: int
    migrated_from: str | None          # the backup's revision when it was older
    kept_copy: Path                    # the sealed copy of the database as it was


_SEAL_ERRORS = {
    sealed.WrongPassphrase: ("wrong_passphrase", "The passphrase does not open this backup. Nothing was changed."),
    sealed.NewerFormat: ("newer_version", ("The backup was made by a newer version of PDP Desk; update this PC "
                                           "first. Nothing was changed.")),
    sealed.DamagedFile: ("damaged", ("The backup is damaged or incomplete (perhaps still being copied). "
                                     "Nothing was changed; choose another backup.")),
}


def restore(db_path: Path | str, backup: Path | str, passphrase: str, *, kept_folder: Path | str | None = None,
            progress: Progress | None = None, actor: str = "", now: datetime | None = None) -> RestoreResult:
    """Replace the database at `db_path` by the backup `backup` (see the module's notes).

    The caller has closed the database (the GUI closes its window's database first); this takes
    its one-copy lock for the whole restore. `kept_folder`: where the sealed copy of the current
    database goes (default: the backups folder, else beside the database).
    Raises BackupError; the current database is untouched then.
    """
    db_path = Path(db_path).expanduser().absolute()
    backup = Path(backup).expanduser().absolute()
    now = now or datetime.now(timezone.utc)
    if not backup.is_file():
        raise BackupError("not_a_backup", f"There is no file {backup}.", backup)
    with open(backup, "rb") as handle:
        if not sealed.is_sealed(handle.read(len(sealed.MAGIC))):
            raise BackupError("not_a_backup", f"{backup.name} is not a PDP Desk backup. Nothing was changed.", backup)
    if not passphrase:
        raise BackupError("no_passphrase", "Give the passphrase the backup was made with.")
    try:  # (a PC with no database yet gets an empty one first: restoring onto a new PC works)
        current = open_database(db_path, create=True, lock=True)
    except DatabaseProblem as problem:
        code = "locked" if problem.kind == "locked" else "failed"
        raise BackupError(code, f"{problem.message} {problem.advice}", db_path) from None
    lock, current.lock = current.lock, None   # hold the lock past closing the engines
    plain = files.plain_temp(db_path, "restore")
    try:
        result = _restore(current, backup, passphrase, plain, kept_folder, progress, actor, now)
    except _Cancelled:
        raise BackupError("cancelled", "The restore was stopped; nothing was changed.") from None
    except BackupError:
        raise
    except OSError as error:
        raise _os_error(error, db_path.parent, "restore") from None
    except Exception as error:  # noqa: BLE001 - e.g. a backup whose rows this version cannot merge
        log.exception("restore of %s failed", backup.name)
        raise BackupError("failed", f"The restore failed and nothing was changed ({type(error).__name__}: "
                          f"{str(error).splitlines()[0][:200] if str(error) else ''}).", backup) from None
    finally:
        current.close()
        files.remove_plain(plain)
        if lock is not None:
            lock.release()
    return result


def _restore(current: Database, backup: Path, passphrase: str, plain: Path, kept_folder, progress,
             actor: str, now: datetime) -> RestoreResult:
    db_path = current.path
    def step(start: int, stop: int):
        return _progress_between(progress, start, stop)

    _need_space(db_path.parent, backup.stat().st_size, "restored copy")
    # 1. decrypt beside the database (the same disk: the final move is a rename)
    try:
        files.open_sealed(backup, plain, passphrase, step(0, 350))
    except sealed.SealError as error:
        code, message = next(v for k, v in _SEAL_ERRORS.items() if isinstance(error, k))
        raise BackupError(code, message, backup) from None
    except OSError as error:
        raise _os_error(error, db_path.parent, "restored copy") from None
    # 2. a whole database of a revision we know
    check = files.check_copy(plain)
    if not check.ok:
        raise BackupError("damaged", f"The backup's database fails its integrity check ({check.problem[:200]}). "
                          "Nothing was changed; choose another backup.", backup)
    from pdp_desk.store import migrate  # Alembic: only when restoring

    if check.revision is None:
        raise BackupError("not_a_backup", "The backup holds no PDP Desk database. Nothing was changed.", backup)
    if check.revision not in migrate.known_revisions():
        raise BackupError("newer_version", f"The backup was made by a newer version of PDP Desk (schema "
                          f"{check.revision}); update this PC first. Nothing was changed.", backup)
    migrated_from = None
    if check.revision != HEAD_REVISION:
        engine = make_engine(plain, foreign_keys=False)
        try:
            migrate.upgrade(engine)
        except Exception as error:  # noqa: BLE001
            raise BackupError("failed", f"The backup could not be upgraded to this version ({error}). "
                              "Nothing was changed.", backup) from None
        finally:
            engine.dispose()
        migrated_from = check.revision
    if progress is not None and progress(400, 1000) is False:
        raise _Cancelled()
    # 3. re-apply what the current database knows of destructions, in one transaction
    engine = make_engine(plain)
    try:
        counts = _reapply(engine, current.path, actor, backup, now)
        raw = engine.raw_connection()
        try:
            raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            raw.driver_connection.execute("PRAGMA journal_mode=DELETE")
        finally:
            raw.close()
    finally:
        engine.dispose()
    if progress is not None and progress(550, 1000) is False:
        raise _Cancelled()
    # 4. the current database, sealed, where backups go (else beside it)
    with current.read() as session:
        conf = settings(session)
        own_passphrase = passphrase_of(session)
    folder = Path(kept_folder) if kept_folder else conf.folder
    try:
        folder = ready_folder(folder, folder == setup.default_backup_folder())
    except BackupError:
        folder = db_path.parent
    code = current.device_code or "PC0"
    kept = _make_sealed_copy(db_path, folder, lambda n: files.backup_name(code, now, KIND_BEFORE_RESTORE, n),
                             own_passphrase or passphrase, progress, 550, 950)
    # 5. replace: the engines closed, the old log gone, then one rename
    current.checkpoint()
    current.close()
    for side in ("-wal", "-shm"):
        try:
            db_path.with_name(db_path.name + side).unlink(missing_ok=True)
        except OSError as error:
            raise BackupError("replace_failed", f"The database's {side} file cannot be removed ({error}); "
                              f"close other programs using it. Nothing was changed.", db_path) from None
    try:
        os.replace(plain, db_path)
    except OSError as error:
        raise BackupError("replace_failed", f"The database could not be replaced ({error.strerror or error}). "
                          f"Nothing was changed; a sealed copy of it is {kept.name}.", db_path) from None
    parsed = files.parse_name(backup)
    if progress is not None:
        progress(1000, 1000)
    log.info("restored %s from %s (%d destroyed subjects re-applied)", db_path.name, backup.name, counts["purged"])
    return RestoreResult(backup, parsed[1] if parsed else None, counts["purged"], counts["records"],
                         counts["acts"], counts["journal"], migrated_from, kept)


# Rows the restored copy must take from the current database. Append-only tables and the
# accounting ledger: only rows it lacks. Acts and their lines: the current version (a signed
# copy may have been attached since). This PC's own state, whole: local_state (device, counters,
# settings, passphrase) and, with sync (migration 0002), the peers seen; the sync clock and change
# counter never go back (a change number already sent to other PCs is never used again).
_ADD_MISSING = {"destruction_record": "records", "audit_entry": "journal", "accounting_record": "ledger",
                "destruction_confirmation": "confirmations"}
_TAKE_CURRENT = {"destruction_act": "acts", "act_item": "items"}
_THIS_PC = ("local_state", "sync_peer")


def _reapply(engine: Engine, current_path: Path, actor: str, backup: Path, now: datetime) -> dict[str, int]:
    with engine.connect() as connection:
        # ATTACH cannot run inside a transaction: before the first statement begins one.
        connection.connection.driver_connection.execute("ATTACH DATABASE ? AS cur", (str(current_path),))
        try:
            with connection.begin():
                counts = _merge(connection, actor, backup, now)
        finally:
            connection.connection.driver_connection.execute("DETACH DATABASE cur")
    return counts


def _common_columns(sql, table: str) -> str:
    """The columns `table` has in both files (a backup migrated from an older revision may lack
    none today; the intersection keeps a copy working when a later revision adds one)."""
    main = [r[1] for r in sql(f'PRAGMA main.table_info("{table}")')]
    cur = {r[1] for r in sql(f'PRAGMA cur.table_info("{table}")')}
    return ", ".join(f'"{c}"' for c in main if c in cur)


def _merge(connection, actor: str, backup: Path, now: datetime) -> dict[str, int]:
    sql = connection.exec_driver_sql
    both = ({n for (n,) in sql("SELECT name FROM main.sqlite_master WHERE type = 'table'")}
            & {n for (n,) in sql("SELECT name FROM cur.sqlite_master WHERE type = 'table'")})
    if "sync_state" in both:  # first: every change captured below gets a number never sent before
        cols = _common_columns(sql, "sync_state")
        sql(f"INSERT OR IGNORE INTO main.sync_state ({cols}) SELECT {cols} FROM cur.sync_state")
        sql("UPDATE main.sync_state SET hlc = max(hlc, coalesce((SELECT max(hlc) FROM cur.sync_state), 0)), "
            "seq = max(seq, coalesce((SELECT max(seq) FROM cur.sync_state), 0))")
    ids = [r for (r,) in sql("SELECT subject_ref FROM cur.destruction_record UNION "
                             "SELECT subject_ref FROM main.destruction_record")]
    counts = {"purged": purge_subjects(connection, ids)}
    for name, key in _ADD_MISSING.items():
        if name in both:
            cols = _common_columns(sql, name)
            counts[key] = sql(f"INSERT OR IGNORE INTO main.{name} ({cols}) SELECT {cols} FROM cur.{name} "
                              f"WHERE id NOT IN (SELECT id FROM main.{name})").rowcount
    for name, key in _TAKE_CURRENT.items():
        cols = _common_columns(sql, name)
        counts[key] = sql(f"SELECT count(*) FROM cur.{name} WHERE id NOT IN (SELECT id FROM main.{name})").scalar()
        sql(f"INSERT OR REPLACE INTO main.{name} ({cols}) SELECT {cols} FROM cur.{name}")
    for name in _THIS_PC:
        if name in both:
            cols = _common_columns(sql, name)
            sql(f"DELETE FROM main.{name}")
            sql(f"INSERT INTO main.{name} ({cols}) SELECT {cols} FROM cur.{name}")
    if "sync_peer" in both and "applied_seq" in _common_columns(sql, "sync_peer"):
        # What other PCs sent since the backup was made is in this copy no more: receive it again
        # (the merge is idempotent; destruction records still win).
        sql("UPDATE main.sync_peer SET applied_seq = 0")
    session = Session(bind=connection)
    parsed = files.parse_name(backup)
    audit.record(session, "backup.restore", "backup", [], {
        "file": backup.name if parsed else "", "made": parsed[1].date().isoformat() if parsed else "",
        "reapplied": counts["purged"], "records_added": counts["records"], "acts_added": counts["acts"]},
        actor=actor or "system", at=now)
    session.flush()
    session.close()
    return counts


__all__ = [
    "BackupError", "BackupResult", "BackupSettings", "RestoreResult", "apply_retention", "backup_now",
    "destroyed_subjects", "is_due", "keep_days", "list_backups", "passphrase_of", "restore", "set_backup_settings",
    "set_passphrase", "settings", "tidy_now", "tidy_upgrade_copies",
]
