"""Use cases of the first run: is the database set up, what the wizard starts with, and writing
the answers (operators, staff, retention, the backups folder) in one transaction.

"Set up" means: the database has an operator, or someone finished or skipped the wizard (a
`setup.state` setting, shared by every PC of the operator). A demo database has its operators,
so it is never asked. The backups folder and how long backups are kept belong to this PC alone:
they live in `local_state` (never synced), under the keys the backup helper reads.

Every check returns problems with a stable `code` and the field they belong to (`field`,
`row`), so the wizard shows each message next to its field; nothing is written unless all pass.
"""
from __future__ import annotations

import os
import shutil
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pdp_desk.appdirs import data_dir
from pdp_desk.domain.catalogue import POLICY_OPERATORS, RetentionRule
from pdp_desk.domain.identifiers import check_iin_or_bin
from pdp_desk.domain.retention import RetentionError, check_retention
from pdp_desk.services import audit, retention
from pdp_desk.store.local_state import write_local
from pdp_desk.store.models import LocalState, Operator, Setting, Staff

SETUP_KEY = "setup.state"                 # Setting: {"state": "done" | "skipped", "at": iso time}
BACKUP_FOLDER_KEY = "backup.folder"       # LocalState: the backups folder of this PC
BACKUP_KEEP_DAYS_KEY = "backup.keep_days"  # LocalState: days a backup is kept
DEFAULT_KEEP_DAYS = 7
MAX_KEEP_DAYS = 365
MAX_NAME = 300      # the columns' lengths (store.models)
MAX_ADDRESS = 500
MAX_PATH = 1000     # longer than any real folder (Windows' long paths are 32,767, nobody types one)


@dataclass
class OperatorEntry:
    name: str = ""
    iin_bin: str = ""
    address: str = ""
    id: str | None = None      # an operator already in the database (kept, updated)


@dataclass
class StaffEntry:
    full_name: str = ""
    position: str = ""
    id: str | None = None


@dataclass
class RetentionEntry:
    code: str
    rule: str                  # a RetentionRule value
    days: int | None
    policy_section: str = ""


@dataclass
class SetupAnswers:
    operators: list[OperatorEntry] = field(default_factory=list)
    staff: list[StaffEntry] = field(default_factory=list)
    retention: list[RetentionEntry] = field(default_factory=list)
    backup_folder: str = ""
    keep_days: int = DEFAULT_KEEP_DAYS


@dataclass(frozen=True)
class Problem:
    """One refused answer: `field` names the input (`row` its line in a list, else -1)."""

    field: str
    code: str
    message: str
    row: int = -1


class SetupRefused(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class FolderStatus:
    path: Path
    exists: bool
    writable: bool
    free_bytes: int | None     # on the disk that holds it (None when nothing of it exists)
    code: str = ""             # "" when usable, else path_empty | path_too_long | path_relative |
                               # not_a_folder | not_writable


# --- is the database set up -----------------------------------------------------------------


def needs_setup(session: Session) -> bool:
    """True when the first-run wizard should be shown: no operator and the wizard never
    finished nor skipped."""
    if session.scalar(select(func.count()).select_from(Operator)):
        return False
    return session.get(Setting, SETUP_KEY) is None


def setup_state(session: Session) -> str | None:
    row = session.get(Setting, SETUP_KEY)
    return row.value.get("state") if row is not None and isinstance(row.value, dict) else None


# --- what the wizard starts with -----------------------------------------------------------


def default_backup_folder() -> Path:
    return data_dir() / "backups"


def backup_folder(session: Session) -> Path:
    row = session.get(LocalState, BACKUP_FOLDER_KEY)
    return Path(row.value) if row is not None and row.value else default_backup_folder()


def keep_days(session: Session) -> int:
    row = session.get(LocalState, BACKUP_KEEP_DAYS_KEY)
    try:
        days = int(row.value) if row is not None else DEFAULT_KEEP_DAYS
    except ValueError:
        return DEFAULT_KEEP_DAYS
    return days if 1 <= days <= MAX_KEEP_DAYS else DEFAULT_KEEP_DAYS


def starting_answers(session: Session) -> SetupAnswers:
    """The database's operators and staff when it has some, else the four of the policy; the
    purposes' retention as stored; this PC's backup settings."""
    operators = [OperatorEntry(o.name, o.iin_bin or "", o.address or "", o.id)
                 for o in session.scalars(select(Operator).where(Operator.active.is_(True))
                                          .order_by(Operator.created_at, Operator.id))]
    if not operators:
        operators = [OperatorEntry(spec["name"], spec["iin_bin"]) for spec in POLICY_OPERATORS]
    staff = [StaffEntry(s.full_name, s.position or "", s.id)
             for s in session.scalars(select(Staff).where(Staff.active.is_(True))
                                      .order_by(Staff.created_at, Staff.id))]
    rules = [RetentionEntry(r.code, r.rule.value, r.days, r.policy_section)
             for r in retention.list_retention(session)]
    return SetupAnswers(operators, staff, rules, str(backup_folder(session)), keep_days(session))


def folder_status(text: str) -> FolderStatus:
    """Can PDP Desk keep files in this folder? A folder that does not exist yet is fine when it
    can be created (its nearest existing parent is writable)."""
    text = (text or "").strip()
    if not text:
        return FolderStatus(Path(), False, False, None, "path_empty")
    if len(text) > MAX_PATH:
        return FolderStatus(Path(), False, False, None, "path_too_long")
    path = Path(text).expanduser()
    if not path.is_absolute():
        return FolderStatus(path, False, False, None, "path_relative")
    existing = path
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent
    try:
        free = shutil.disk_usage(existing).free if existing.exists() else None
    except OSError:
        free = None
    if path.exists() and not path.is_dir():
        return FolderStatus(path, True, False, free, "not_a_folder")
    if not existing.is_dir() or not _can_write_in(existing):
        return FolderStatus(path, path.exists(), False, free, "not_writable")
    return FolderStatus(path, path.exists(), True, free)


def _can_write_in(folder: Path) -> bool:
    # Creating a file is the only reliable test on Windows (os.access ignores ACLs there).
    probe = folder / f".pdp-desk-write-test-{uuid.uuid4().hex}"
    try:
        with open(probe, "xb"):
            pass
        os.remove(probe)
        return True
    except OSError:
        return False


# --- checking and writing the answers -------------------------------------------------------


def _clean(text: object) -> str:
    return " ".join(text.split()) if isinstance(text, str) else ""


def check_operator(entry: OperatorEntry, row: int = -1) -> tuple[OperatorEntry, list[Problem]]:
    """The entry with its values normalised, and its problems (empty when it can be saved)."""
    problems: list[Problem] = []
    raw_name, raw_address = entry.name or "", entry.address or ""
    name, address = _clean(raw_name[:MAX_NAME * 4]), _clean(raw_address[:MAX_ADDRESS * 4])
    if not name:
        problems.append(Problem("name", "name_empty", "Enter the operator's name.", row))
    elif len(name) > MAX_NAME:
        problems.append(Problem("name", "name_too_long", f"The name is longer than {MAX_NAME} characters.", row))
    checked = check_iin_or_bin(entry.iin_bin)
    if not checked.ok:
        problems.append(Problem("iin_bin", checked.code, checked.message, row))
    if not address:
        problems.append(Problem("address", "address_empty", "Enter the operator's address (it goes on the acts).", row))
    elif len(address) > MAX_ADDRESS:
        problems.append(Problem("address", "address_too_long",
                                f"The address is longer than {MAX_ADDRESS} characters.", row))
    return OperatorEntry(name, checked.value, address, entry.id), problems


def check_staff(entry: StaffEntry, row: int = -1) -> tuple[StaffEntry, list[Problem]]:
    problems: list[Problem] = []
    name = _clean((entry.full_name or "")[:MAX_NAME * 4])
    position = _clean((entry.position or "")[:MAX_NAME * 4])
    if not name:
        problems.append(Problem("full_name", "full_name_empty", "Enter the person's full name.", row))
    elif len(name) > MAX_NAME:
        problems.append(Problem("full_name", "full_name_too_long",
                                f"The name is longer than {MAX_NAME} characters.", row))
    if not position:
        problems.append(Problem("position", "position_empty", "Enter the position (it goes on the acts).", row))
    elif len(position) > MAX_NAME:
        problems.append(Problem("position", "position_too_long",
                                f"The position is longer than {MAX_NAME} characters.", row))
    return StaffEntry(name, position, entry.id), problems


def check_operators(entries: list[OperatorEntry]) -> tuple[list[OperatorEntry], list[Problem]]:
    clean, problems = [], []
    seen: dict[str, int] = {}
    for row, entry in enumerate(entries):
        value, found = check_operator(entry, row)
        if value.iin_bin and value.iin_bin in seen:
            found.append(Problem("iin_bin", "iin_bin_duplicate", "Two operators have this IIN/BIN.", row))
        seen.setdefault(value.iin_bin, row)
        clean.append(value)
        problems += found
    if not entries:
        problems.append(Problem("operators", "operators_empty", "Add at least one operator."))
    return clean, problems


def check_staff_list(entries: list[StaffEntry]) -> tuple[list[StaffEntry], list[Problem]]:
    clean, problems = [], []
    for row, entry in enumerate(entries):
        value, found = check_staff(entry, row)
        clean.append(value)
        problems += found
    if not entries:
        problems.append(Problem("staff", "staff_empty",
                                "Add at least one person who receives requests and signs acts."))
    return clean, problems


def check_retention_list(entries: list[RetentionEntry]) -> list[Problem]:
    problems = []
    for row, entry in enumerate(entries):
        try:
            check_retention(entry.rule, entry.days)
        except RetentionError as refusal:
            problems.append(Problem("retention", refusal.code, refusal.message, row))
    return problems


def check_backup(folder: str, days: int) -> list[Problem]:
    problems = []
    status = folder_status(folder)
    if status.code:
        problems.append(Problem("backup_folder", status.code, _FOLDER_MESSAGES[status.code]))
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_KEEP_DAYS:
        problems.append(Problem("keep_days", "keep_days_range", f"Keep backups 1 to {MAX_KEEP_DAYS} days."))
    return problems


_FOLDER_MESSAGES = {
    "path_empty": "Choose a folder.",
    "path_too_long": "The folder's path is too long.",
    "path_relative": "Give the whole path of the folder (starting with a drive, like C:\\).",
    "not_a_folder": "This is a file, not a folder.",
    "not_writable": "PDP Desk cannot write in this folder; choose another one.",
}


def check_answers(answers: SetupAnswers) -> tuple[SetupAnswers, list[Problem]]:
    operators, problems = check_operators(answers.operators)
    staff, staff_problems = check_staff_list(answers.staff)
    problems += staff_problems + check_retention_list(answers.retention)
    problems += check_backup(answers.backup_folder, answers.keep_days)
    folder = str(Path(answers.backup_folder.strip()).expanduser()) if not problems else answers.backup_folder
    return SetupAnswers(operators, staff, answers.retention, folder, answers.keep_days), problems


def finish_setup(session: Session, answers: SetupAnswers, actor: str = "",
                 now: datetime | None = None) -> dict[str, int]:
    """Write every answer in the caller's transaction (raises SetupRefused before any write).

    Operators and staff with an id are updated; those of the database no longer listed are set
    inactive (never deleted: requests, acts and consents refer to them); new ones are added.
    Returns the counts written to the journal.
    """
    answers, problems = check_answers(answers)
    if problems:
        raise SetupRefused(problems)
    now = now or datetime.now(timezone.utc)
    operator_ids = _save_rows(session, Operator, answers.operators, now,
                              lambda e: {"name": e.name, "iin_bin": e.iin_bin, "address": e.address})
    staff_ids = _save_rows(session, Staff, answers.staff, now,
                           lambda e: {"full_name": e.full_name, "position": e.position})
    for entry in answers.retention:  # each change is journalled by the retention use case itself
        retention.set_retention(session, entry.code, RetentionRule(entry.rule), entry.days, actor=actor, now=now)
    write_local(session, BACKUP_FOLDER_KEY, answers.backup_folder)
    write_local(session, BACKUP_KEEP_DAYS_KEY, str(answers.keep_days))
    _put_setting(session, SETUP_KEY, {"state": "done", "at": now.isoformat(timespec="seconds")})
    counts = {"operators": len(operator_ids), "staff": len(staff_ids), "keep_days": answers.keep_days}
    session.flush()
    audit.record(session, "setup.finish", "setup", [*operator_ids, *staff_ids], counts, actor=actor, at=now)
    return counts


def skip_setup(session: Session, actor: str = "", now: datetime | None = None) -> None:
    """The person will fill in the operators and staff later: the wizard is not shown again.
    Backups go to the default folder until set otherwise."""
    now = now or datetime.now(timezone.utc)
    _put_setting(session, SETUP_KEY, {"state": "skipped", "at": now.isoformat(timespec="seconds")})
    if session.get(LocalState, BACKUP_FOLDER_KEY) is None:
        write_local(session, BACKUP_FOLDER_KEY, str(default_backup_folder()))
    if session.get(LocalState, BACKUP_KEEP_DAYS_KEY) is None:
        write_local(session, BACKUP_KEEP_DAYS_KEY, str(DEFAULT_KEEP_DAYS))
    session.flush()
    audit.record(session, "setup.skip", "setup", [], {}, actor=actor, at=now)


# --- where the database lives ---------------------------------------------------------------

LOCATION_FILE = "database-location.txt"   # in the data folder: the database chosen at first run


def chosen_database_path() -> Path | None:
    """The database file chosen in the first-run wizard, when it is not the default one.

    A plain text file in the data folder (no Qt: the command line and the scheduled backup read
    it too). None when there is none or it is unreadable: the default database is used then.
    """
    try:
        text = (data_dir() / LOCATION_FILE).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if not text or len(text) > MAX_PATH or "\n" in text:
        return None
    path = Path(text)
    return path if path.is_absolute() else None


def remember_database_path(path: Path | None) -> None:
    """Open `path` at the next starts (None: the default database again)."""
    target = data_dir() / LOCATION_FILE
    if path is None:
        target.unlink(missing_ok=True)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(target.name + ".tmp")
    temporary.write_text(str(Path(path).absolute()), encoding="utf-8")
    os.replace(temporary, target)   # never half a path: the old file or the new one


def is_new_database(session: Session) -> bool:
    """Nothing has been recorded in it yet (no subject, request or consent): it may still move."""
    from pdp_desk.store.models import Consent, Request, Subject

    return not any(session.scalar(select(func.count()).select_from(model)) for model in (Subject, Request, Consent))


def check_database_folder(folder: str, current: Path) -> list[Problem]:
    """Can the database `current` move into `folder` (problems next to the database field)?"""
    status = folder_status(folder)
    if status.code:
        return [Problem("database_folder", status.code, _FOLDER_MESSAGES[status.code])]
    if status.path / current.name != current and (status.path / current.name).exists():
        return [Problem("database_folder", "database_exists",
                        f"There is already a {current.name} in this folder: open it with File → Open, "
                        "or choose another folder.")]
    return []


def copy_database_file(current: Path, folder: Path | str) -> Path:
    """Copy a closed database file into `folder` for a move; returns the new path.

    Copied under a temporary name, flushed and renamed into place, so the target is whole or
    absent. The caller opens the copy, then removes the original (`remove_database_file`), so
    one whole database exists whatever fails. Raises SetupRefused (the folder's problems, or
    `move_failed`).
    """
    problems = check_database_folder(str(folder), current)
    if problems:
        raise SetupRefused(problems)
    target = Path(str(folder).strip()).expanduser() / current.name
    if target == current:
        return current
    partial = target.with_name(target.name + ".moving")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(current, "rb") as source, open(partial, "wb") as copy:
            shutil.copyfileobj(source, copy, 1 << 20)
            copy.flush()
            os.fsync(copy.fileno())
        os.replace(partial, target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise SetupRefused([Problem("database_folder", "move_failed",
                                    f"The database could not be moved ({error.strerror or error}).")]) from None
    return target


def remove_database_file(path: Path) -> None:
    """Remove a closed database file and what SQLite and the lock leave beside it."""
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"),
                     path.with_name(path.name + ".lock")):
        try:
            leftover.unlink(missing_ok=True)
        except OSError:
            pass   # an empty leftover (a lock file Windows still holds) does no harm


def set_backup_settings(session: Session, folder: str, days: int = DEFAULT_KEEP_DAYS) -> None:
    """This PC's backups folder and keeping time (raises SetupRefused). Not journalled: local
    to the PC, like the device code."""
    problems = check_backup(folder, days)
    if problems:
        raise SetupRefused(problems)
    write_local(session, BACKUP_FOLDER_KEY, str(Path(folder.strip()).expanduser()))
    write_local(session, BACKUP_KEEP_DAYS_KEY, str(days))


def _save_rows(session: Session, model, entries, now: datetime, values) -> list[str]:
    existing = {row.id: row for row in session.scalars(select(model).where(model.active.is_(True)))}
    kept: list[str] = []
    for entry in entries:
        row = existing.get(entry.id) if entry.id else None
        if row is None:
            row = model(created_at=now, updated_at=now, active=True, **values(entry))
            session.add(row)
        else:
            for key, value in values(entry).items():
                setattr(row, key, value)
        session.flush()
        kept.append(row.id)
    for row_id, row in existing.items():
        if row_id not in kept:
            row.active = False
    return kept


def _put_setting(session: Session, key: str, value) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
