"""Use cases of sync between the shop PCs (docs/sync.md).

* `sync_folder(db, folder, passphrase, progress=None) -> SyncReport`: one round through a shared
  folder: check the folder and the passphrase; notice a cloned database; apply the other PCs'
  new bundles (one transaction and one journal entry per bundle; a damaged or half-copied bundle
  is skipped with its reason and tried again next time); take a new PC code on a clash; write
  this PC's changes as a new bundle (a snapshot replacing its older bundles after a destruction,
  so no bundle in the folder keeps destroyed data).
* `apply_received(db, ...)`: the same apply step for any transport (the PostgreSQL hub).
* `sync_status(db)`: the last sync and the number of changes waiting (status bar).
* `sync_settings` / `save_sync_settings`: the folder, hub URL and passphrase of this PC (kept in
  `local_state`: they belong to this PC and never travel).

A failure to reach the folder raises `SyncFailed` (a plain message; nothing changed locally).
"""
from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PureWindowsPath

from sqlalchemy import func, select

from pdp_desk.services import audit, backups, retention, setup
from pdp_desk.services.backups import PASSPHRASE_ENV, passphrase_of  # noqa: F401 (PASSPHRASE_ENV: for callers)
from pdp_desk.services.destruction import checkpoint
from pdp_desk.store.database import Database
from pdp_desk.store.local_state import read_local, write_local
from pdp_desk.store.models import (
    DestructionConfirmation,
    DestructionRecord,
    LocalState,
    SyncPeer,
)
from pdp_desk.store.triggers import REPLICATED_TABLES
from pdp_desk.sync import identity
from pdp_desk.sync.bundle import (
    BundleError,
    DamagedBundle,
    Header,
    new_token,
    read_bundle,
    token_of,
    write_bundle,
)
from pdp_desk.sync.capture import (
    RowChange,
    changes_waiting,
    current_seq,
    get_cursor,
    local_rows,
    set_cursor,
)
from pdp_desk.sync.cells import Cell
from pdp_desk.sync.folder import Folder, SyncUnavailable, remove
from pdp_desk.sync.merge import ApplyReport, apply_rows, cells_to_rows

COMPACT_AFTER = 50      # own bundles in the folder before they are folded into one snapshot
JOURNAL_CHUNK = 500     # subject ids per journal entry


class SyncFailed(Exception):
    """The sync could not run (folder gone, wrong passphrase, ...). Local work is untouched.

    `code`: folder_missing, folder_unusable, wrong_passphrase, no_passphrase, no_folder."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class SyncReport:
    sent_rows: int = 0
    bundle: str = ""                     # the file written, "" when nothing was to send
    snapshot: bool = False
    received_rows: int = 0               # rows inserted, changed or deleted here
    bundles_applied: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)   # (file, why), tried again next time
    peers: int = 0
    destroyed: int = 0                   # subjects destroyed here because another PC destroyed them
    removed_bundles: int = 0             # own older bundles replaced by the snapshot
    reidentified: bool = False           # this database was a copy: it took a new device id
    new_code: str = ""                   # this PC took a new code (another PC had the same)
    cancelled: bool = False
    seconds: float = 0.0

    @property
    def complete(self) -> bool:
        return not self.skipped and not self.cancelled


@dataclass(frozen=True)
class SyncStatus:
    device_name: str
    device_code: str
    last_sync_at: datetime | None
    last_result: str          # "ok", "partial", or the SyncFailed code
    changes_waiting: int
    peers: int
    one_place_pcs: tuple[str, ...] = ()   # PCs syncing only through the folder or only the hub


@dataclass
class SyncSettings:
    folder: str = ""
    hub_url: str = ""
    passphrase: str = ""
    auto_minutes: int = 0     # 0: only "Sync now" (and the scheduled task)
    sync_at_start: bool = False
    sync_at_exit: bool = False


# --- settings and status -----------------------------------------------------------------------


def sync_settings(db: Database) -> SyncSettings:
    with db.read() as session:
        return SyncSettings(folder=read_local(session, "sync.folder", ""), hub_url=read_local(session, "sync.hub_url", ""),
                            passphrase=read_local(session, "sync.passphrase", ""),
                            auto_minutes=int(read_local(session, "sync.auto_minutes", "0") or 0),
                            sync_at_start=read_local(session, "sync.at_start", "") == "1",
                            sync_at_exit=read_local(session, "sync.at_exit", "") == "1")


class SettingsRefused(ValueError):
    """Sync settings that are not saved, and why. `code` picks the translated sentence
    (gui.settings_sync.error_text); the message is English for the command line."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def check_settings(settings: SyncSettings) -> None:
    """Refuse settings that could never work, before anything is saved: a folder that is not a
    full path (a relative one would move with the program's working folder), a hub address that
    is not a postgresql:// URL, a passphrase too short or too long, a period out of range."""
    if isinstance(settings.auto_minutes, bool) or not isinstance(settings.auto_minutes, int) \
            or not 0 <= settings.auto_minutes <= 24 * 60:
        raise SettingsRefused("minutes_range", "Sync every 0 to 1440 minutes.")
    folder = settings.folder.strip()
    if folder:
        if len(folder) > setup.MAX_PATH or any(ord(c) < 32 for c in folder):
            raise SettingsRefused("folder_invalid", "The shared folder is not a folder's path.")
        if "://" in folder:
            raise SettingsRefused("folder_is_url", "The shared folder box holds an address; put a hub "
                                                   "address in the hub box and a folder here.")
        # A full path: from a drive's root, a server's share, or / (a relative one would move
        # with the program's working folder). Not required to exist: a USB stick may be out.
        if not PureWindowsPath(folder).root:
            raise SettingsRefused("folder_relative", "Give the shared folder's full path (like "
                                                     "\\\\server\\share\\pdp or D:\\pdp), or choose it.")
    hub_url = settings.hub_url.strip()
    if hub_url:
        from pdp_desk.sync.hub import HubError, check_url   # psycopg: only when a hub is typed
        if len(hub_url) > setup.MAX_PATH:
            raise SettingsRefused("hub_url_invalid", "The hub address is too long.")
        try:
            check_url(hub_url)
        except HubError as refusal:
            raise SettingsRefused(refusal.code, refusal.message) from None
    if settings.passphrase:   # empty: none set yet (the environment's, for a scheduled task)
        try:
            backups.check_passphrase(settings.passphrase)
        except backups.BackupError as refusal:
            raise SettingsRefused(refusal.code, refusal.message) from None


def save_sync_settings(db: Database, settings: SyncSettings, *, device_name: str | None = None,
                       actor: str = "") -> None:
    """Keep this PC's sync settings, or raise SettingsRefused (nothing saved)."""
    check_settings(settings)
    if device_name is not None and not " ".join(device_name.split()):
        raise SettingsRefused("name_empty", "The PC's name cannot be empty.")
    with db.session() as session:
        write_local(session, "sync.folder", settings.folder.strip())
        write_local(session, "sync.hub_url", settings.hub_url.strip())
        write_local(session, "sync.passphrase", settings.passphrase)
        write_local(session, "sync.auto_minutes", str(int(settings.auto_minutes)))
        write_local(session, "sync.at_start", "1" if settings.sync_at_start else "0")
        write_local(session, "sync.at_exit", "1" if settings.sync_at_exit else "0")
        if device_name is not None:
            identity.set_device_name(session, device_name)
        audit.record(session, "sync.settings", "device", [identity.this_device(session).id],
                     {"folder": bool(settings.folder.strip()), "hub": bool(settings.hub_url.strip()),
                      "auto_minutes": int(settings.auto_minutes)}, actor=actor)


def passphrase_for(db: Database) -> str:
    """This PC's passphrase (shared with backups), else $PDP_DESK_SYNC_PASSPHRASE (scheduled tasks)."""
    with db.read() as session:
        return passphrase_of(session) or ""


def _place_key(where: str) -> str:
    """The local_state key remembering which transport cursors a configured place uses (hashed:
    the hub address may hold a password, and paths can be long)."""
    return "sync.place." + hashlib.sha256(where.strip().encode("utf-8")).hexdigest()[:24]


def remember_place(db: Database, where: str, key: str) -> None:
    """After a sync through `where` (a folder path or hub address): its cursors are `key`'s."""
    with db.session() as session:
        write_local(session, _place_key(where), key)


def remember_seen(db: Database, key: str, device_ids: Iterable[str]) -> None:
    """The PCs found through the place `key` at its last sync (for the note on PCs that use
    only the folder or only the hub: changes are not passed on between places)."""
    with db.session() as session:
        write_local(session, f"sync.seen.{key}", " ".join(sorted(set(device_ids))))


def _one_place_pcs(session, keys: list[str]) -> tuple[str, ...]:
    """Names of the PCs seen through only one of the two places set here. Rows travel only from
    the PC that wrote them (docs/sync.md, "Only the writer sends"): such a PC and the PCs of the
    other place never see each other's changes."""
    if len(keys) < 2 or not all(keys):
        return ()
    me = read_local(session, "device_id", "")
    seen = [set(read_local(session, f"sync.seen.{key}", "").split()) - {me} for key in keys]
    lonely = seen[0] ^ seen[1]
    if not lonely or not (seen[0] and seen[1]):
        return ()   # one place has no other PC yet: nothing is cut off
    names = {p.device_id: p.name or p.code for p in session.scalars(select(SyncPeer))}
    return tuple(sorted(names.get(d, d[:8]) for d in lonely))


def sync_status(db: Database) -> SyncStatus:
    settings = sync_settings(db)
    with db.read() as session:
        device = identity.this_device(session) if session.get(LocalState, "device_name") else None
        # Changes waiting for the place set now that is furthest behind: a folder tried once and
        # then dropped no longer counts. A place set but never synced with: everything waits.
        places = [where for where in (settings.folder, settings.hub_url) if where.strip()]
        cursors, keys = [], []
        for where in places:
            key = read_local(session, _place_key(where), "")
            keys.append(key)
            sent = get_cursor(session, f"{key}.sent") if key else None
            cursors.append(int(sent) if sent and sent.isdigit() else 0)
        if not places:  # syncs from the command line only: every place this PC used counts
            cursors = [int(row.value) for row in session.scalars(
                select(LocalState).where(LocalState.key.like("sync.cursor.%.sent"))) if row.value.isdigit()]
        waiting = changes_waiting(session, min(cursors) if cursors else 0)
        last = read_local(session, "sync.last_at", "")
        return SyncStatus(device.name if device else "", db.device_code,
                          datetime.fromisoformat(last) if last else None, read_local(session, "sync.last_result", ""),
                          waiting, session.scalar(select(func.count()).select_from(SyncPeer)) or 0,
                          _one_place_pcs(session, keys))


def record_sync_result(db: Database, result: str) -> None:
    """Remember when this PC last synced and how it went (the status bar, Settings → Sync)."""
    with db.session() as session:
        write_local(session, "sync.last_at", datetime.now(UTC).isoformat(timespec="seconds"))
        write_local(session, "sync.last_result", result)


# --- applying what other PCs sent ------------------------------------------------------------------


def _journal_apply(session, peer: str, report: ApplyReport, source: str) -> None:
    """One entry per batch that changed something besides the journal itself (so two PCs never
    ping-pong journal entries about each other's journal entries)."""
    changed = report.rows_inserted + report.cells_applied + report.rows_deleted
    if changed and report.touched - {"audit_entry", "destruction_confirmation"}:
        audit.record(session, "sync.apply", "device", [peer] if peer else [],
                     {"source": source, "rows_inserted": report.rows_inserted, "cells": report.cells_applied,
                      "rows_deleted": report.rows_deleted, "refused_destroyed": report.refused_destroyed,
                      "renumbered": report.renumbered}, actor="system")
    for start in range(0, len(report.destroyed), JOURNAL_CHUNK):
        chunk = report.destroyed[start:start + JOURNAL_CHUNK]
        audit.record(session, "sync.destroy", "subject", chunk,
                     {"from_device": peer or None, "count": len(chunk), "acts": report.confirmed_acts[:20]},
                     actor="system")


def _settle(session, peer: str, report: ApplyReport, source: str) -> None:
    """How every received batch ends, in its transaction: the destruction dates of the people
    whose data arrived are worked out here from the merged data (`subject.destroy_after` never
    travels: store.triggers.LOCAL_COLUMNS), all of them when a purpose's rule arrived; then the
    journal entry."""
    if "purpose" in report.touched:
        retention.refresh_all_destroy_after(session)
    elif report.subjects:
        retention.refresh_destroy_after(session, sorted(report.subjects))
    _journal_apply(session, peer, report, source)


def apply_received(db: Database, *, cells: Iterable[Cell] = (), rows: Iterable[RowChange] = (),
                   destructions: Iterable[str] = (), peer: str = "", source: str = "hub") -> ApplyReport:
    """Apply cells/rows received from another PC in one transaction with its journal entry; the
    WAL is checkpointed after a destruction so the destroyed values leave the files at once."""
    rows = list(rows) + cells_to_rows(cells)
    with db.session() as session:
        report = apply_rows(session, rows, destructions)
        _settle(session, peer, report, source)
    if report.destroyed:
        checkpoint(db)
    return report


class Receiver:
    """Several received batches applied in one transaction (`receiving`): `apply` merges one
    batch; `report` adds them up; `session` is the transaction (for the caller's cursors)."""

    def __init__(self, session):
        self.session = session
        self.report = ApplyReport()

    def apply(self, rows: Iterable[RowChange], destructions: Iterable[str] = ()) -> ApplyReport:
        result = apply_rows(self.session, rows, destructions)
        self.report.add(result)
        return result


@contextmanager
def receiving(db: Database, *, peer: str = "", source: str = "hub") -> Iterator[Receiver]:
    """One transaction and one journal entry for a whole pull (the hub's pages), as a folder
    bundle is applied: a first sync of 100,000 subjects commits once and journals once. On an
    error everything received rolls back (the cursors kept in `receiver.session` too)."""
    with db.session() as session:
        receiver = Receiver(session)
        yield receiver
        _settle(session, peer, receiver.report, source)
    if receiver.report.destroyed:
        checkpoint(db)


def _apply_bundle(db: Database, path: Path, passphrase: str, peer_id: str) -> tuple[Header, ApplyReport]:
    total = ApplyReport()
    with db.session() as session:
        def on_header(header: Header, _columns) -> None:
            if header.device_id != peer_id:
                raise DamagedBundle("The bundle lies in another PC's folder.")

        def on_rows(rows: list[RowChange]) -> None:
            total.add(apply_rows(session, rows))

        header, _ = read_bundle(path, passphrase, on_rows, on_header)
        peer = identity.record_peer(session, header.device_id, header.device_name, header.device_code)
        peer.applied_seq = max(peer.applied_seq or 0, header.seq_to)
        peer.last_bundle = path.name[:200]
        peer.last_applied_at = datetime.now(UTC)
        _settle(session, peer_id, total, "folder")
    if total.destroyed:
        checkpoint(db)
    return header, total


# --- the folder ------------------------------------------------------------------------------------


def _folder_key(box: Folder) -> str:
    """This PC's cursors for a folder are keyed by the folder's id (in its check file), not by
    its path: a USB stick under a new drive letter, a share under a UNC path, is the same folder."""
    return f"folder:{box.folder_id}"


def sync_folder(db: Database, folder: Path | str, passphrase: str,
                progress: Callable[[int, int], bool | None] | None = None) -> SyncReport:
    """One sync round through `folder` (see the module's notes). Raises SyncFailed when the
    folder cannot be used; otherwise returns what was done, with skipped files and their reasons."""
    started = time.monotonic()
    if not str(folder).strip():
        raise SyncFailed("no_folder", "No sync folder is set. Choose one in Settings → Sync.")
    box = Folder(folder, passphrase)
    try:
        box.check()
    except SyncUnavailable as error:
        record_sync_result(db, error.code)
        raise SyncFailed(error.code, error.message) from None
    key = _folder_key(box)
    remember_place(db, str(folder), key)
    report = SyncReport()
    try:
        _round(db, box, key, passphrase, report, progress)
    except OSError as error:  # the share dropped half way: what was applied is committed
        record_sync_result(db, "folder_unusable")
        raise SyncFailed("folder_unusable", f"The sync folder {box.path} stopped answering "
                         f"({error.strerror or error}). What was done is kept; sync again later.") from None
    record_sync_result(db, "ok" if report.complete else "partial")
    report.seconds = time.monotonic() - started
    return report


def _round(db: Database, box: Folder, key: str, passphrase: str, report: SyncReport, progress) -> None:
    with db.session() as session:
        me = identity.this_device(session)
        written = set((get_cursor(session, f"{key}.written") or "").split())

    # A bundle in our own sub-folder that this database did not write: it is a copy of another
    # PC's database (or a backup restored over it). Take a new identity before writing anything.
    if any(token_of(b.path.name) not in written for b in box.bundles(me.id)):
        with db.session() as session:
            old = me.id
            me = identity.reidentify(session)
            audit.record(session, "sync.reidentify", "device", [old, me.id], {"reason": "clone"}, actor="system")
        db.device_id, db.device_code = me.id, me.code
        report.reidentified = True
        written = set()

    peers = [d for d in box.devices() if d != me.id]
    remember_seen(db, key, peers)
    plan = [(d, box.bundles(d)) for d in peers]
    total = sum(len(b) for _, b in plan) + 1
    done = 0
    report.peers = len(peers)
    for device_id, bundles in plan:
        with db.read() as session:
            peer = session.get(SyncPeer, device_id)
            applied = peer.applied_seq if peer is not None else 0
        for bundle in bundles:
            done += 1
            if progress is not None and progress(done, total) is False:
                report.cancelled = True
                return
            if bundle.seq_to <= applied:
                continue
            try:
                header, result = _apply_bundle(db, bundle.path, passphrase, device_id)
            except BundleError as error:
                report.skipped.append((bundle.path.name, error.message))
                break  # this PC's later bundles wait for this one (tried again next time)
            except FileNotFoundError:
                continue  # replaced by a snapshot meanwhile: it is in the listing next time
            applied = header.seq_to
            report.bundles_applied += 1
            report.received_rows += result.rows_inserted + result.rows_deleted + result.cells_applied
            report.destroyed += len(result.destroyed)

    with db.session() as session:
        code = identity.ensure_unique_code(session)
        if code:
            audit.record(session, "sync.recode", "device", [me.id], {"old": me.code, "new": code}, actor="system")
    if code:
        db.device_code = code
        report.new_code = code
        me = identity.Device(me.id, code, me.name)

    _send(db, box, key, passphrase, me, written, report)
    if progress is not None:
        progress(total, total)


# Proof of destruction: every PC's snapshot relays these whole, so an act and its records stay in
# the folder even when the PC that made them is gone (they hold ids, labels and counts only).
PROOF_TABLES = ("destruction_act", "act_item", "destruction_record", "destruction_confirmation")


def _outgoing(session, since: int | None):
    """A bundle's rows: this PC's changes after `since`; for a snapshot (None), every row this PC
    ever changed (the rows it only received are in their own PCs' bundles), plus the proof tables."""
    if since is not None:
        yield from local_rows(session, since)
        return
    yield from local_rows(session, 0, tables=[t for t in REPLICATED_TABLES if t not in PROOF_TABLES])
    yield from local_rows(session, None, tables=PROOF_TABLES)


def _send(db: Database, box: Folder, key: str, passphrase: str, me: identity.Device, written: set[str],
          report: SyncReport) -> None:
    """Write this PC's changes as a new bundle. Rows are read in a read transaction (the PC's
    other windows keep writing meanwhile); the bundle's name is remembered before the file is
    written, so a crash never leaves a file here that this PC would take for a clone's."""
    own = box.own(me.id)
    for part in box.leftovers(me.id):
        remove(part)
    existing = {b.path.name for b in box.bundles(me.id)}
    with db.read() as session:
        destructions = session.scalar(select(func.count()).select_from(DestructionRecord)) or 0
        cursor = get_cursor(session, f"{key}.sent")
        last = get_cursor(session, f"{key}.last")
        # A snapshot: first time here, our last bundle is gone, a destruction happened since the
        # last bundle (no bundle may keep destroyed data), or too many small bundles.
        snapshot = (cursor is None or last not in existing
                    or str(destructions) != get_cursor(session, f"{key}.destructions")
                    or len(existing) >= COMPACT_AFTER)
        since = None if snapshot else int(cursor)
        if since is not None and changes_waiting(session, since) == 0:
            return
    token = new_token()
    mine = {token_of(n) for n in existing} & written
    with db.session() as session:
        set_cursor(session, f"{key}.written", " ".join(sorted(mine | {token})))
    with db.read() as session:
        seq_to = current_seq(session)
        header = Header(me.id, me.name, me.code, since, seq_to, datetime.now(UTC).isoformat(timespec="seconds"))
        path, rows = write_bundle(own, header, _outgoing(session, since), passphrase, token)
    with db.session() as session:
        set_cursor(session, f"{key}.sent", seq_to)
        set_cursor(session, f"{key}.last", path.name)
        set_cursor(session, f"{key}.destructions", destructions)
        if snapshot:
            set_cursor(session, f"{key}.written", token)
    report.sent_rows, report.bundle, report.snapshot = rows, path.name, snapshot
    if snapshot:
        for name in existing - {path.name}:
            report.removed_bundles += remove(own / name)


# --- acts: which PCs confirmed -----------------------------------------------------------------------


@dataclass(frozen=True)
class Confirmation:
    device_id: str
    device_name: str
    device_code: str
    subjects: int
    confirmed_at: datetime


def confirmations(db_or_session, act_id: str) -> list[Confirmation]:
    """The PCs that have applied this act's destruction (the PC that made it first)."""
    def read(session) -> list[Confirmation]:
        rows = session.scalars(select(DestructionConfirmation).where(DestructionConfirmation.act_id == act_id)
                               .order_by(DestructionConfirmation.confirmed_at, DestructionConfirmation.device_id))
        return [Confirmation(r.device_id, r.device_name, r.device_code, r.subjects, r.confirmed_at) for r in rows]

    if isinstance(db_or_session, Database):
        with db_or_session.read() as session:
            return read(session)
    return read(db_or_session)


def confirmations_of(session, act_ids: Iterable[str]) -> dict[str, list[Confirmation]]:
    """The confirmations of several acts at once (the Acts tab's column and its tooltip)."""
    ids = list(act_ids)
    out: dict[str, list[Confirmation]] = {}
    for start in range(0, len(ids), JOURNAL_CHUNK):
        for r in session.scalars(select(DestructionConfirmation)
                                 .where(DestructionConfirmation.act_id.in_(ids[start:start + JOURNAL_CHUNK]))
                                 .order_by(DestructionConfirmation.confirmed_at, DestructionConfirmation.device_id)):
            out.setdefault(r.act_id, []).append(
                Confirmation(r.device_id, r.device_name, r.device_code, r.subjects, r.confirmed_at))
    return out


def confirmation_counts(session, act_ids: Iterable[str]) -> dict[str, int]:
    """Number of PCs that confirmed each act (the Acts tab's column)."""
    ids = list(act_ids)
    if not ids:
        return {}
    return dict(session.execute(select(DestructionConfirmation.act_id, func.count(DestructionConfirmation.id))
                                .where(DestructionConfirmation.act_id.in_(ids))
                                .group_by(DestructionConfirmation.act_id)).all())
