"""Backup files: the mechanics (services.backups has the use cases and the settings).

A backup is a consistent copy of the database made through SQLite's backup API, then sealed
with the passphrase (store.sealed: AES-GCM, chunked, so a 5 GB database never sits in memory).
The plain copy exists only for the time of the backup, beside the database (where the same data
already lies in plain form, not on the backup medium, which may be a USB stick that leaves the
shop), and is deleted at once; a copy left by a crash is deleted by the next backup.

Names say when and by which PC: "pdp-desk-7KQ-20261125-140302.pdpbak" (local time); a kind may
follow ("-before-restore", "-before-upgrade-0001"). An existing file is never replaced. The
folder is the index of backups: `list_backups` reads names and headers, nothing else.
"""
from __future__ import annotations

import os
import re
import shutil
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from pdp_desk.store import sealed

SUFFIX = ".pdpbak"
_NAME = re.compile(r"^pdp-desk-(?P<device>[0-9A-Z]{3})-(?P<stamp>\d{8}-\d{6})(?P<kind>-[a-z0-9-]+?)?"
                   r"(?:_(?P<n>\d+))?\.pdpbak$")
_STAMP = "%Y%m%d-%H%M%S"
PLAIN_TEMP = ".backup-in-progress-"       # "<db stem>.backup-in-progress-<stamp>.tmp"
STEP_PAGES = 4096                         # pages per backup step (16 MiB at 4 KiB pages)
STALE_AFTER_S = 6 * 3600                  # a plain temp copy older than this is a crash's leftover

# progress(done_bytes, total_bytes); raising from it stops the work (the caller cleans up).
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class BackupFile:
    path: Path
    device_code: str
    made_at: datetime           # local time of the PC that made it (aware)
    kind: str                   # "" (a regular backup), "before-restore", "before-upgrade-0001"
    size: int
    sealed: bool                # the header is a sealed file's (else: damaged or not ours)

    @property
    def name(self) -> str:
        return self.path.name


def backup_name(device_code: str, moment: datetime, kind: str = "", n: int = 0) -> str:
    stamp = moment.astimezone().strftime(_STAMP)
    return f"pdp-desk-{device_code}-{stamp}{'-' + kind if kind else ''}{f'_{n}' if n else ''}{SUFFIX}"


def parse_name(path: Path) -> tuple[str, datetime, str] | None:
    """(device code, local time made, kind) of a backup file's name, or None for other files."""
    match = _NAME.match(path.name)
    if not match:
        return None
    try:
        made = datetime.strptime(match["stamp"], _STAMP).astimezone()
    except ValueError:
        return None
    return match["device"], made, (match["kind"] or "-")[1:]


def list_backups(folder: Path) -> list[BackupFile]:
    """The backup files in `folder`, newest first. A missing folder lists nothing."""
    found = []
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return []
    for path in entries:
        parsed = parse_name(path)
        if parsed is None or not path.is_file():
            continue
        try:
            size = path.stat().st_size
            with path.open("rb") as handle:
                head = handle.read(len(sealed.MAGIC))
        except OSError:
            continue
        found.append(BackupFile(path, parsed[0], parsed[1], parsed[2], size, sealed.is_sealed(head)))
    found.sort(key=lambda b: (b.made_at, b.name), reverse=True)
    return found


def free_bytes(folder: Path) -> int:
    return shutil.disk_usage(folder).free


def database_size(path: Path) -> int:
    """The database and its write-ahead log: what a copy may need at most."""
    total = 0
    for part in (path, path.with_name(path.name + "-wal")):
        try:
            total += part.stat().st_size
        except OSError:
            pass
    return total


# --- plain copies ---------------------------------------------------------------------------


def plain_temp(db_path: Path, what: str = "backup") -> Path:
    stamp = datetime.now().strftime(_STAMP)
    return db_path.with_name(f"{db_path.stem}{PLAIN_TEMP}{what}-{stamp}-{os.getpid()}.tmp")


def remove_plain(path: Path) -> None:
    """Delete a plain copy and its SQLite side files. (Deleted, not overwritten: on an SSD an
    overwrite does not reach the old blocks anyway; the database beside it holds the same data.)"""
    for part in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"),
                 path.with_name(path.name + "-journal"), path.with_name(path.name + ".part")):
        try:
            part.unlink(missing_ok=True)
        except OSError:
            pass


def remove_stale_temps(db_path: Path) -> list[Path]:
    """Plain copies a crash left beside the database (older than a few hours: not a running one)."""
    removed = []
    try:
        candidates = list(db_path.parent.glob(f"{db_path.stem}{PLAIN_TEMP}*"))
    except OSError:
        return []
    for path in candidates:
        try:
            if time.time() - path.stat().st_mtime > STALE_AFTER_S:
                remove_plain(path)
                removed.append(path)
        except OSError:
            pass
    return removed


def snapshot(db_path: Path, target: Path, progress: Progress | None = None) -> None:
    """Copy the database at `db_path` into the new file `target` through SQLite's backup API.

    The source connection holds one read transaction for the whole copy, so the copy is one
    consistent moment even while the window keeps writing (WAL: writers are not blocked), and
    the backup never restarts. On any error the partial `target` is removed.
    """
    # mode=rw: a database that is not there is an error, not a new empty file
    source = sqlite3.connect(f"{Path(db_path).resolve().as_uri()}?mode=rw", uri=True, isolation_level=None,
                             check_same_thread=False)
    dest = None
    try:
        source.execute("PRAGMA busy_timeout=5000")
        source.execute("BEGIN")
        source.execute("SELECT count(*) FROM sqlite_master").fetchone()
        page_size = source.execute("PRAGMA page_size").fetchone()[0]
        dest = sqlite3.connect(target, isolation_level=None, check_same_thread=False)

        def step(_status: int, remaining: int, total: int) -> None:
            if progress is not None:
                progress((total - remaining) * page_size, total * page_size)

        source.backup(dest, pages=STEP_PAGES, progress=step)
        source.execute("COMMIT")
        dest.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    except BaseException:
        if dest is not None:
            dest.close()
            dest = None
        remove_plain(target)
        raise
    finally:
        if dest is not None:
            dest.close()
        source.close()


# --- sealing --------------------------------------------------------------------------------


class _Counting:
    """A file reader that reports how far it got (sealing a 5 GB file takes a while)."""

    def __init__(self, handle: BinaryIO, total: int, progress: Progress | None):
        self.handle, self.total, self.progress, self.done = handle, total, progress, 0

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.done += len(data)
        if self.progress is not None:
            self.progress(self.done, self.total)
        return data


def _claim(folder: Path, make_name: Callable[[int], str]) -> Path:
    """Create an empty file with a name not yet taken (exclusive create: never replaces)."""
    for n in range(100):
        path = folder / make_name(n)
        try:
            with open(path, "xb"):
                return path
        except FileExistsError:
            continue
    raise FileExistsError(f"no free backup name in {folder}")


def seal_new(plain: Path, folder: Path, make_name: Callable[[int], str], passphrase: str,
             progress: Progress | None = None) -> Path:
    """Seal `plain` into a new file of `folder` (store.sealed's format); returns its path.

    The name is claimed first (an empty file, exclusive create), the sealed bytes go to
    "<name>.part", flushed to disk, then moved over the claimed empty name: a crash or a full
    disk leaves no half file under a backup's name, and no other file is ever replaced.
    """
    target = _claim(folder, make_name)
    part = target.with_name(target.name + ".part")
    try:
        total = plain.stat().st_size
        with open(plain, "rb") as src, open(part, "xb") as out:
            sealed.seal_stream(_Counting(src, total, progress), out, passphrase)
            out.flush()
            os.fsync(out.fileno())
        os.replace(part, target)  # replaces only the empty file claimed above
    except BaseException:
        part.unlink(missing_ok=True)
        target.unlink(missing_ok=True)
        raise
    return target


def open_sealed(backup: Path, target: Path, passphrase: str, progress: Progress | None = None) -> None:
    """Decrypt `backup` into the plain file `target` (removed again on any error).
    Raises sealed.WrongPassphrase / DamagedFile / NewerFormat, OSError."""
    try:
        total = backup.stat().st_size
        with open(backup, "rb") as src, open(target, "xb") as out:
            sealed.open_stream(_Counting(src, total, progress), out, passphrase)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        remove_plain(target)
        raise


# --- checking and cleaning a plain copy ------------------------------------------------------


@dataclass(frozen=True)
class CopyCheck:
    ok: bool
    revision: str | None
    problem: str = ""           # SQLite's words when not ok


def check_copy(path: Path) -> CopyCheck:
    """PRAGMA integrity_check and the schema revision of a plain copy (read only)."""
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            rows = [r[0] for r in connection.execute("PRAGMA integrity_check(20)")]
            tables = {n for (n,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            revision = None
            if "alembic_version" in tables:
                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        return CopyCheck(False, None, str(error))
    if rows != ["ok"]:
        return CopyCheck(False, revision, "; ".join(rows[:3]))
    return CopyCheck(True, revision)


def purge_plain_copy(path: Path, subject_ids: list[str], chunk: int = 500) -> int:
    """Remove destroyed subjects from a plain copy of any schema revision (the copies kept
    before an upgrade): every table with a subject_id column, then the subject rows. Deleted
    cells are zeroed (secure_delete) and the log folded in. Returns the subjects removed."""
    if not subject_ids:
        return 0
    connection = sqlite3.connect(path, isolation_level=None)
    removed = 0
    try:
        connection.execute("PRAGMA secure_delete=ON")
        tables = [n for (n,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        owned = [t for t in tables
                 if "subject_id" in {row[1] for row in connection.execute(f'PRAGMA table_info("{t}")')}]
        connection.execute("BEGIN IMMEDIATE")
        for start in range(0, len(subject_ids), chunk):
            ids = subject_ids[start:start + chunk]
            marks = ",".join("?" * len(ids))
            for table in owned:
                connection.execute(f'DELETE FROM "{table}" WHERE subject_id IN ({marks})', ids)
            if "subject" in tables:
                removed += connection.execute(f"DELETE FROM subject WHERE id IN ({marks})", ids).rowcount
        connection.execute("COMMIT")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()
    return removed
