"""Use case: one sync round with the PostgreSQL hub (sync/hub.py; docs/sync-hub.md).

    sync_hub(db, url, passphrase, progress=None) -> SyncReport

1. Connect (a few seconds at most); the hub's schema is made on first use; a hub of a newer
   version, a wrong password or passphrase, a server that does not answer: `SyncFailed` with a
   code, and nothing local is touched.
2. A cloned database (another file syncing under this PC's device id) is noticed by a token each
   PC leaves on the hub at every sync: when the hub's token for our id is not the one we left,
   this file is a copy and takes a new identity before sending anything.
3. Pull: the hub's changes after this PC's cursor (the whole hub, streamed, the first time),
   applied in one local transaction with one journal entry and the new cursor
   (`services.sync.receiving`); the WAL is checkpointed after a destruction. A lost connection
   rolls the pull back whole; the next sync reads it again.
4. Destructions known here that the hub lacks are sent: the hub deletes every cell of those
   subjects and refuses them afterwards.
5. Push the rows changed here since the last push (all of them the first time), in one
   transaction on the hub: all or nothing, the cursor moves only after the hub committed.
6. Say who we are (name, code, token) and record the other PCs (code clashes are settled).

Every cursor lives in `local_state` (never synced) under `sync.cursor.hub:<hub id>.*`, so a new
hub (another id) starts afresh.

`sync_configured(db, progress)` is what "Sync now", the automatic sync and a scheduled task run:
the folder and/or the hub set in Settings → Sync, with the passphrase of this PC (or
$PDP_DESK_SYNC_PASSPHRASE). `known_pcs(db)` lists the other PCs seen.
"""
from __future__ import annotations

import queue
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select

from pdp_desk.services import audit
from pdp_desk.services.sync import (
    SyncFailed,
    SyncReport,
    passphrase_for,
    receiving,
    record_sync_result,
    remember_place,
    remember_seen,
    sync_folder,
    sync_settings,
)
from pdp_desk.store.database import Database
from pdp_desk.store.models import DestructionRecord
from pdp_desk.sync import identity
from pdp_desk.sync.capture import (
    changes_waiting,
    current_seq,
    get_cursor,
    local_rows,
    set_cursor,
)

if TYPE_CHECKING:  # psycopg loads only when a hub is used (it would add ~0.1 s to every start)
    from pdp_desk.sync.hub import Hub

Progress = Callable[[int, int], bool | None]


def _key(hub: Hub) -> str:
    return f"hub:{hub.hub_id}"


def sync_hub(db: Database, url: str, passphrase: str, progress: Progress | None = None) -> SyncReport:
    """One sync round with the hub at `url`. Raises SyncFailed (code, message) when the hub
    cannot be used or stops answering; what was applied before that is kept."""
    started = time.monotonic()
    if not (url or "").strip():
        raise SyncFailed("no_hub", "No hub address is set. Enter it in Settings → Sync.")
    from pdp_desk.sync.hub import Hub, HubError

    try:
        hub = Hub.connect(url, passphrase)
    except HubError as error:
        record_sync_result(db, error.code)
        raise SyncFailed(error.code, error.message) from None
    remember_place(db, url, _key(hub))
    report = SyncReport()
    try:
        with hub:
            _round(db, hub, report, progress)
    except HubError as error:
        record_sync_result(db, error.code)
        raise SyncFailed(error.code, f"{error.message} What was received so far is kept; "
                                     "the next sync continues from there.") from None
    record_sync_result(db, "ok" if report.complete else "partial")
    report.seconds = time.monotonic() - started
    return report


def _round(db: Database, hub: Hub, report: SyncReport, progress: Progress | None) -> None:
    from pdp_desk.sync.hub import Peer

    key = _key(hub)
    others = hub.peers()
    with db.session() as session:
        me = identity.this_device(session)
        # The token we left at the last sync, and the one we were leaving when it was cut short.
        tokens = {get_cursor(session, f"{key}.token"), get_cursor(session, f"{key}.token_pending")}
        mine = next((p for p in others if p.device_id == me.id), None)
        if mine is not None and mine.info.get("token") not in tokens - {None, ""}:
            # Another file syncs under our id: this one is a copy (or was restored over the
            # original). Take a new identity, and send everything under it.
            old = me.id
            me = identity.reidentify(session)
            audit.record(session, "sync.reidentify", "device", [old, me.id], {"reason": "clone", "via": "hub"},
                         actor="system")
            set_cursor(session, f"{key}.sent", "")
            report.reidentified = True
        pulled = int(get_cursor(session, f"{key}.pulled") or 0)
        sent = get_cursor(session, f"{key}.sent") or None
        waiting = changes_waiting(session, int(sent)) if sent else None
    if report.reidentified:
        db.device_id, db.device_code = me.id, me.code

    # Progress in steps: the hub's changes to read (an estimate: its sequence), then ours to send.
    to_pull = max(0, hub.top_seq() - pulled)
    to_push = waiting if waiting is not None else 1
    total = to_pull + to_push + 1
    state = {"pulled": pulled, "sent": sent, "done": 0}

    def tell(done: int) -> bool:
        state["done"] = done
        if progress is None:
            return True
        return progress(min(done, total - 1), total) is not False

    # The first time with this hub: our snapshot goes first, before anything received is mixed
    # into this database (afterwards only what was written here travels).
    if sent is None:
        _push(db, hub, key, state, report, tell)

    # 3. Pull. A PC that has read nothing yet takes the whole hub in one streamed snapshot
    # (grouped by PostgreSQL in key order: much faster than paging by seq through every cell);
    # afterwards the pages after the cursor. All of it is applied in one local transaction with
    # one journal entry, and the cursor is kept in that same transaction: a lost connection rolls
    # the pull back whole and the next sync reads it again (the merge is idempotent).
    start = state["pulled"]
    pages = _read_ahead(hub.snapshot() if start == 0 else hub.pull_all(start))
    received = 0
    try:
        with receiving(db, source="hub") as receiver:
            for page in pages:
                result = receiver.apply(page.rows, [d.subject_id for d in page.destructions])
                received += sum(len(row.values) or 1 for row in page.rows)
                if page.last_seq >= 0:
                    set_cursor(receiver.session, f"{key}.pulled", page.last_seq)
                    state["pulled"] = page.last_seq
                report.received_rows += result.rows_inserted + result.rows_deleted + result.cells_applied
                if not tell(max(state["pulled"] - start, received)):
                    report.cancelled = True  # what was applied so far is kept
                    break
    finally:
        pages.close()  # stops the reader and ends the snapshot's transaction on the hub
    report.destroyed += len(receiver.report.destroyed)
    if report.cancelled:
        return

    # The other PCs: recorded (clones and code clashes are found from this list).
    with db.session() as session:
        for peer in others:
            if peer.device_id != me.id:
                identity.record_peer(session, peer.device_id, peer.name, peer.code, peer.last_sync)
        code = identity.ensure_unique_code(session)
        if code:
            audit.record(session, "sync.recode", "device", [me.id], {"old": me.code, "new": code}, actor="system")
    report.peers = len([p for p in others if p.device_id != me.id])
    remember_seen(db, key, [p.device_id for p in others if p.device_id != me.id])
    if code:
        db.device_code = code
        report.new_code = code
        me = identity.Device(me.id, code, me.name)

    # 4 and 5. Destructions the hub lacks, and what changed here since the last push.
    _push(db, hub, key, state, report, tell)
    with db.session() as session:
        new_token = secrets.token_hex(16)
        set_cursor(session, f"{key}.token_pending", new_token)
    # 6. Who we are, with a new token that a copy of this file will not have. Pending until the
    # hub has it, so a sync cut short here is not taken for a clone next time.
    hub.announce(Peer(me.id, me.name, me.code, {"token": new_token}))
    with db.session() as session:
        set_cursor(session, f"{key}.token", new_token)
        set_cursor(session, f"{key}.token_pending", "")
    if progress is not None:
        progress(total, total)


_END = object()


def _read_ahead(pages: Iterator, depth: int = 2) -> Iterator:
    """The hub's pages, read by a thread while this one applies the page before: PostgreSQL's
    grouping and the network then overlap the local merge (a first sync of 100,000 subjects spent
    ~30 s waiting for the server between pages). The thread only reads; errors reach the caller."""
    box: queue.Queue = queue.Queue(depth)
    stop = threading.Event()

    def put(item) -> bool:
        while not stop.is_set():
            try:
                box.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def read() -> None:
        try:
            for page in pages:
                if not put(page):
                    break
            else:
                put(_END)
        except BaseException as error:  # noqa: BLE001 - handed to the applying thread
            put(error)
        finally:
            pages.close()  # in this thread: it owns the hub's connection until it ends

    reader = threading.Thread(target=read, name="pdp-desk hub reader", daemon=True)
    reader.start()
    try:
        while True:
            item = box.get()
            if item is _END:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        reader.join()


def _push(db: Database, hub: Hub, key: str, state: dict, report: SyncReport, tell) -> None:
    """Send the destructions the hub lacks and the rows changed here after the `sent` cursor (all
    of them when there is none), in one transaction on the hub; then move the cursors."""
    from pdp_desk.sync.hub import Destruction

    with db.read() as session:
        records = session.execute(select(DestructionRecord.subject_ref, DestructionRecord.id,
                                         DestructionRecord.act_id, DestructionRecord.device_id)).all()
        known = hub.destroyed_among({r.subject_ref for r in records}) if records else set()
        destructions = [Destruction(r.subject_ref, ({"record_id": r.id, "act_id": r.act_id,
                                                     "device_id": r.device_id},))
                        for r in records if r.subject_ref not in known]
        since = int(state["sent"]) if state["sent"] else None
        if since is not None and not destructions and changes_waiting(session, since) == 0:
            return
        seq_to = current_seq(session)  # before reading the rows: the cursor to keep
        counted = 0

        def rows():
            nonlocal counted
            for row in local_rows(session, since):
                counted += 1
                if counted % 2000 == 0:
                    tell(state["done"] + 1)
                yield row

        result = hub.push_rows(rows(), destructions)
    report.sent_rows += counted
    with db.session() as session:
        set_cursor(session, f"{key}.sent", seq_to)
        state["sent"] = seq_to
        if result.seq_before <= state["pulled"]:
            # Nobody pushed since our last pull: what the hub holds up to seq_after is either
            # read already or ours, so the next pull need not bring our own cells back.
            set_cursor(session, f"{key}.pulled", result.seq_after)
            state["pulled"] = result.seq_after


# --- what the GUI and the command line run ---------------------------------------------------------


@dataclass
class SyncOutcome:
    """One place synced with: its report, or why it could not be used (the other place still ran)."""

    place: str                       # "folder" or "hub"
    report: SyncReport | None = None
    error: SyncFailed | None = None


def sync_configured(db: Database, progress: Progress | None = None) -> list[SyncOutcome]:
    """Sync through every place set in Settings → Sync: the folder, then the hub. Raises
    SyncFailed("not_configured") when neither is set; otherwise one outcome per place."""
    settings = sync_settings(db)
    places = [(kind, where) for kind, where in (("folder", settings.folder), ("hub", settings.hub_url))
              if where.strip()]
    if not places:
        raise SyncFailed("not_configured", "Sync is not set up: choose a shared folder or a hub in "
                                           "Settings → Sync.")
    passphrase = passphrase_for(db)
    outcomes = []
    for index, (kind, where) in enumerate(places):
        # Each place gets its share of one progress bar; a False from `progress` stops.
        def part(done: int, total: int, index: int = index) -> bool | None:
            if progress is None:
                return None
            share = 1000 // len(places)
            return progress(index * share + (share * done // max(total, 1)), 1000)

        try:
            run = sync_folder if kind == "folder" else sync_hub
            outcome = SyncOutcome(kind, report=run(db, where, passphrase, part))
        except SyncFailed as error:
            outcome = SyncOutcome(kind, error=error)
        outcomes.append(outcome)
        if outcome.report is not None and outcome.report.cancelled:
            break
    return outcomes


@dataclass(frozen=True)
class KnownPc:
    device_id: str
    name: str
    code: str
    last_seen_at: datetime | None


def known_pcs(db: Database) -> list[KnownPc]:
    """The other PCs this one has seen through the folder or the hub, by name."""
    with db.read() as session:
        return [KnownPc(p.device_id, p.name, p.code, p.last_seen_at) for p in identity.peers(session)
                if p.device_id != db.device_id]
