"""Applying rows and cells from another PC under the merge rules of docs/sync.md.

* A cell wins when its `(rank, hlc, device)` is greater than the local one (last writer wins per
  field; ranked columns such as a request's state only move forward).
* A row's existence: the later of its creation and its tombstone wins (ids are never reused, so
  in practice a deleted row stays deleted; a setting deleted and set again comes back).
* Append-only rows (journal, destruction records, confirmations) are inserted once, never changed.
* A destruction record purges its subject here and every later row of that subject is refused.
* Natural keys: human numbers are renumbered, catalogue rows deduplicated, the same on every PC.

Everything runs in the caller's transaction with `sync_state.applying = 1`, so the capture
triggers stand aside and the clocks written are the ones received.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from pdp_desk.domain.search import tokens
from pdp_desk.domain.translit import latin_key
from pdp_desk.store.models import (
    APPEND_ONLY_TABLES,
    PERSONAL_DATA_TABLES,
    Base,
    DestructionConfirmation,
    LocalState,
)
from pdp_desk.store.purge import purge_subjects
from pdp_desk.store.triggers import REPLICATED_TABLES, key_column, subject_column
from pdp_desk.sync.capture import RowChange, _raw, columns_of, receive_clock, tick
from pdp_desk.sync.cells import DELETED, Cell

CHUNK = 500
MAX_TOKEN = 100  # as services.subjects.MAX_TOKEN: the name index is rebuilt the same way

# Unique human numbers: on a clash the row with the greater id gets "<number>-<4 hex of its id>".
NUMBERS: dict[str, str] = {"subject": "register_no", "request": "number", "destruction_act": "number"}
# Unique catalogue keys: on a clash the row with the smaller id stays, the other is deleted.
NATURAL_KEYS: dict[str, tuple[str, ...]] = {"letter_template": ("kind", "language"),
                                             "accounting_record": ("operator_id", "external_no"),
                                             "purpose": ("code",)}
# Destruction records first (they decide what is refused), then the rest.
_ORDER = ("destruction_record",) + tuple(t for t in REPLICATED_TABLES if t != "destruction_record")


@dataclass
class ApplyReport:
    rows_inserted: int = 0
    cells_applied: int = 0
    cells_ignored: int = 0
    rows_deleted: int = 0
    refused_destroyed: int = 0      # rows of destroyed subjects, refused
    unknown: int = 0                # rows of tables this version does not know
    incomplete: int = 0             # rows missing a required column (never sent whole)
    renumbered: int = 0
    deduplicated: int = 0
    destroyed: list[str] = field(default_factory=list)       # subjects held here and purged by this batch
    confirmed_acts: list[str] = field(default_factory=list)  # acts this PC confirmed now
    touched: set[str] = field(default_factory=set)           # tables changed here
    subjects: set[str] = field(default_factory=set)          # people whose rows arrived (not destroyed)
    max_hlc: int = 0

    def add(self, other: ApplyReport) -> None:
        for name in ("rows_inserted", "cells_applied", "cells_ignored", "rows_deleted", "refused_destroyed",
                     "unknown", "incomplete", "renumbered", "deduplicated"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.destroyed += other.destroyed
        self.confirmed_acts += other.confirmed_acts
        self.touched |= other.touched
        self.subjects |= other.subjects
        self.max_hlc = max(self.max_hlc, other.max_hlc)


def cells_to_rows(cells: Iterable[Cell]) -> list[RowChange]:
    """Group cells into rows: the most common clock becomes the row's, the others its overrides."""
    grouped: dict[tuple[str, str], list[Cell]] = defaultdict(list)
    for cell in cells:
        grouped[(cell.table, cell.row_id)].append(cell)
    rows = []
    for (table, row_id), group in grouped.items():
        subject_id = next((c.subject_id for c in group if c.subject_id), None)
        tomb = [c for c in group if c.column == DELETED]
        if tomb:
            last = max(tomb, key=lambda c: c.order)
            rows.append(RowChange(table, row_id, subject_id, last.hlc, last.device, deleted=True))
            continue
        (hlc, device), _ = Counter((c.hlc, c.device) for c in group if c.rank == 0).most_common(1)[0] \
            if any(c.rank == 0 for c in group) else ((group[0].hlc, group[0].device), 0)
        values = {c.column: c.value for c in group}
        overrides = {c.column: c.order for c in group if (c.rank, c.hlc, c.device) != (0, hlc, device)}
        rows.append(RowChange(table, row_id, subject_id, hlc, device, values, overrides))
    return rows


def apply_cells(session: Session, cells: Iterable[Cell], destructions: Iterable[str] = ()) -> ApplyReport:
    """Apply cells from other PCs in the caller's transaction (see the module's rules)."""
    return apply_rows(session, cells_to_rows(cells), destructions)


def apply_rows(session: Session, rows: Iterable[RowChange], destructions: Iterable[str] = ()) -> ApplyReport:
    """Apply rows from other PCs in the caller's transaction. The caller checkpoints the WAL
    after COMMIT when `report.destroyed` is not empty."""
    rows = list(rows)
    report = ApplyReport()
    raw = _raw(session)
    report.max_hlc = max((max([r.hlc, *(c[1] for c in r.cells.values())]) for r in rows), default=0)
    receive_clock(session, report.max_hlc)
    me = _device_id(raw)
    raw.execute("UPDATE sync_state SET applying = 1 WHERE id = 1")
    try:
        known = {ref for (ref,) in raw.execute("SELECT DISTINCT subject_ref FROM destruction_record")}
        records = [r for r in rows if r.table == "destruction_record" and not r.deleted]
        wanted = set(destructions) | {r.values.get("subject_ref") for r in records}
        wanted.discard(None)
        new = sorted(wanted - known)
        if new:
            # Only subjects this PC held data of are "destroyed here" (a new PC is not told it
            # destroyed people it never had); all of them are refused from now on.
            report.destroyed = _held_here(raw, new)
            _forget(raw, new)
            purge_subjects(session, new)
        destroyed = known | wanted
        reindex: set[str] = set()
        pending = rows
        while pending:  # the same row twice in one batch (cells of two sources): one pass each
            seen: set[tuple[str, str]] = set()
            by_table: dict[str, list[RowChange]] = defaultdict(list)
            later = []
            for row in pending:
                if (row.table, row.row_id) in seen:
                    later.append(row)
                else:
                    seen.add((row.table, row.row_id))
                    by_table[row.table].append(row)
            for table in _ORDER:
                for start in range(0, len(by_table.get(table, ())), CHUNK):
                    _apply_chunk(session, raw, table, by_table[table][start:start + CHUNK], destroyed, me, report,
                                 reindex)
            report.unknown += sum(len(v) for t, v in by_table.items() if t not in REPLICATED_TABLES)
            pending = later
        _reindex(raw, sorted(reindex - destroyed))
        report.subjects = {r.subject_id for r in rows if r.subject_id} - destroyed
    finally:
        raw.execute("UPDATE sync_state SET applying = 0 WHERE id = 1")
    # This PC confirms every act whose destruction it has just applied (captured: it travels).
    new_set = set(new)
    acts = sorted({r.values["act_id"] for r in records if r.values.get("subject_ref") in new_set
                   and r.values.get("act_id")})
    if acts:
        report.confirmed_acts = confirm_acts(session, acts, {a: sum(1 for r in records if r.values.get("act_id") == a
                                                                     and r.values.get("subject_ref") in new_set)
                                                             for a in acts})
    return report


def confirm_acts(session: Session, act_ids: Iterable[str], subjects: dict[str, int] | None = None,
                 now: datetime | None = None) -> list[str]:
    """Write this PC's confirmation of each act (once per act and PC); returns the acts confirmed."""
    state = {row.key: row.value for row in session.query(LocalState).filter(
        LocalState.key.in_(("device_id", "device_code", "device_name")))}
    device = state.get("device_id", "")
    done = {a for (a,) in _raw(session).execute("SELECT act_id FROM destruction_confirmation WHERE device_id = ?",
                                                (device,))}
    now = now or datetime.now(UTC)
    confirmed = []
    for act_id in act_ids:
        if act_id in done:
            continue
        session.add(DestructionConfirmation(
            act_id=act_id, device_id=device, device_code=state.get("device_code", ""),
            device_name=state.get("device_name", ""), subjects=(subjects or {}).get(act_id, 0), confirmed_at=now,
            created_at=now, updated_at=now))
        confirmed.append(act_id)
    session.flush()
    return confirmed


def _forget(raw, subject_ids: list[str]) -> None:
    """Drop every clock of these subjects' rows (before their rows are purged: live rows' clocks
    are found through the live tables, tombstones and cells by their subject)."""
    for start in range(0, len(subject_ids), CHUNK):
        chunk = subject_ids[start:start + CHUNK]
        marks = _marks(len(chunk))
        for table in PERSONAL_DATA_TABLES:
            if table in REPLICATED_TABLES:
                raw.execute(f"DELETE FROM sync_row WHERE tbl = ? AND row_id IN "
                            f"(SELECT \"{key_column(table)}\" FROM \"{table}\" WHERE subject_id IN ({marks}))",
                            (table, *chunk))
        raw.execute(f"DELETE FROM sync_row WHERE tbl = 'subject' AND row_id IN ({marks})", chunk)
        raw.execute(f"DELETE FROM sync_row WHERE subject_id IN ({marks})", chunk)
        raw.execute(f"DELETE FROM sync_cell WHERE subject_id IN ({marks})", chunk)


def _held_here(raw, subject_ids: list[str]) -> list[str]:
    """Those of these subjects that have a row here (their own or any row of their data)."""
    held: set[str] = set()
    for start in range(0, len(subject_ids), CHUNK):
        chunk = subject_ids[start:start + CHUNK]
        marks = _marks(len(chunk))
        held |= {i for (i,) in raw.execute(f"SELECT id FROM subject WHERE id IN ({marks})", chunk)}
        for table in PERSONAL_DATA_TABLES:
            held |= {i for (i,) in raw.execute(
                f'SELECT DISTINCT subject_id FROM "{table}" WHERE subject_id IN ({marks})', chunk)}
    return sorted(held)


def _device_id(raw) -> str:
    row = raw.execute("SELECT value FROM local_state WHERE key = 'device_id'").fetchone()
    return row[0] if row else ""


def _marks(n: int) -> str:
    return ",".join("?" * n)


def _apply_chunk(session, raw, table: str, chunk: list[RowChange], destroyed: set[str], me: str,
                 report: ApplyReport, reindex: set[str]) -> None:
    key = key_column(table)
    columns = columns_of(table)
    colset = set(columns)
    subject_col = subject_column(table)
    append_only = table in APPEND_ONLY_TABLES
    ids = [r.row_id for r in chunk]
    local_rows = {row_id: (hlc, device, deleted) for row_id, hlc, device, deleted in raw.execute(
        f"SELECT row_id, hlc, device, deleted FROM sync_row WHERE tbl = ? AND row_id IN ({_marks(len(ids))})",
        (table, *ids))}
    local_cells: dict[str, dict[str, tuple]] = defaultdict(dict)
    for row_id, col, rank, hlc, device in raw.execute(
            f"SELECT row_id, col, rank, hlc, device FROM sync_cell WHERE tbl = ? AND row_id IN ({_marks(len(ids))})",
            (table, *ids)):
        local_cells[row_id][col] = (rank, hlc, device)
    select_cols = ", ".join(f'"{c}"' for c in columns)
    live = {values[columns.index(key)]: dict(zip(columns, values)) for values in raw.execute(
        f'SELECT {select_cols} FROM "{table}" WHERE "{key}" IN ({_marks(len(ids))})', ids)}

    batch: list[RowChange] = []
    taken: set = {None}  # human numbers of this chunk already used here (by a row or earlier in the chunk)
    if table in NUMBERS:
        number_col = NUMBERS[table]
        wanted = [r.values.get(number_col) for r in chunk if not r.deleted and r.values.get(number_col)]
        taken |= {n for (n,) in raw.execute(
            f'SELECT "{number_col}" FROM "{table}" WHERE "{number_col}" IN ({_marks(len(wanted))})', wanted)} \
            if wanted else set()
        counts = Counter(wanted)
        taken |= {n for n, k in counts.items() if k > 1}
    for row in chunk:
        subject_id = row.values.get(subject_col) if subject_col and not row.deleted else row.subject_id
        if (subject_id or row.subject_id) in destroyed:
            report.refused_destroyed += 1
            continue
        mine = local_rows.get(row.row_id)
        current = live.get(row.row_id)
        created = (row.hlc, row.device)
        if row.deleted:
            if append_only or (mine is not None and mine[2]):
                report.cells_ignored += 1
                continue
            if mine is not None and created <= (mine[0], mine[1]) and current is not None:
                report.cells_ignored += 1  # re-created here after that deletion
                continue
            if current is not None:
                raw.execute(f'DELETE FROM "{table}" WHERE "{key}" = ?', (row.row_id,))
                report.rows_deleted += 1
                report.touched.add(table)
            _tombstone(raw, table, row.row_id, row.subject_id, row.hlc, row.device, 0)
            continue
        if mine is not None and mine[2]:
            if created <= (mine[0], mine[1]):
                report.cells_ignored += 1  # deleted here (or elsewhere) after it was made
                continue
            current = None  # made again after the deletion: it comes back
        if current is None:
            if table == "subject":
                reindex.add(row.row_id)
            if mine is None and table not in NATURAL_KEYS and colset <= row.values.keys() \
                    and (table not in NUMBERS or row.values[NUMBERS[table]] not in taken):
                batch.append(row)  # the common case (a new row, whole): inserted in bulk below
            else:
                _insert(session, raw, table, key, columns, row, me, report)
            continue
        if append_only:
            report.cells_ignored += 1
            continue
        base = (0, mine[0], mine[1]) if mine is not None else (0, 0, "")
        updates: dict[str, object] = {}
        clocks: list[tuple] = []
        for column, value in row.values.items():
            if column not in colset or column == key:
                continue
            incoming = row.clock_of(column)
            if incoming > local_cells[row.row_id].get(column, base):
                if current.get(column) != value:
                    updates[column] = value
                clocks.append((table, row.row_id, column, row.subject_id if subject_col else None, *incoming))
                report.cells_applied += 1
            else:
                report.cells_ignored += 1
        if updates:
            report.touched.add(table)
            number_col = NUMBERS.get(table)
            if number_col in updates and updates[number_col] is not None:
                updates[number_col] = _free_number(raw, table, key, number_col, updates[number_col], row.row_id,
                                                   session, me, report)
            sets = ", ".join(f'"{c}" = ?' for c in updates)
            raw.execute(f'UPDATE "{table}" SET {sets} WHERE "{key}" = ?', (*updates.values(), row.row_id))
            if table == "subject" and "full_name" in updates:
                reindex.add(row.row_id)
        if clocks:
            raw.executemany("INSERT OR REPLACE INTO sync_cell (tbl, row_id, col, subject_id, rank, hlc, device) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?)", clocks)
        if mine is None:
            raw.execute("INSERT OR IGNORE INTO sync_row (tbl, row_id, subject_id, hlc, device, seq, deleted) "
                        "VALUES (?, ?, NULL, ?, ?, 0, 0)", (table, row.row_id, row.hlc, row.device))
    if batch:
        _insert_batch(raw, table, columns, batch, report)


def _insert_batch(raw, table: str, columns: list[str], batch: list[RowChange], report: ApplyReport) -> None:
    names = ", ".join(f'"{c}"' for c in columns)
    verb = "INSERT OR IGNORE" if table in APPEND_ONLY_TABLES else "INSERT"
    raw.executemany(f'{verb} INTO "{table}" ({names}) VALUES ({_marks(len(columns))})',
                    [[row.values[c] for c in columns] for row in batch])
    raw.executemany("INSERT OR REPLACE INTO sync_row (tbl, row_id, subject_id, hlc, device, seq, deleted) "
                    "VALUES (?, ?, NULL, ?, ?, 0, 0)", [(table, row.row_id, row.hlc, row.device) for row in batch])
    cells = [(table, row.row_id, col, row.subject_id, *clock) for row in batch for col, clock in row.cells.items()]
    if cells:
        raw.executemany("INSERT OR REPLACE INTO sync_cell (tbl, row_id, col, subject_id, rank, hlc, device) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?)", cells)
    report.rows_inserted += len(batch)
    report.touched.add(table)


def _tombstone(raw, table: str, row_id: str, subject_id: str | None, hlc: int, device: str, seq: int) -> None:
    raw.execute("DELETE FROM sync_cell WHERE tbl = ? AND row_id = ?", (table, row_id))
    raw.execute("INSERT OR REPLACE INTO sync_row (tbl, row_id, subject_id, hlc, device, seq, deleted) "
                "VALUES (?, ?, ?, ?, ?, ?, 1)", (table, row_id, subject_id, hlc, device, seq))


def _default(column) -> tuple[bool, object]:
    """(known, value) for a column a row arrived without."""
    if column.default is not None and column.default.is_scalar:
        return True, column.default.arg
    if column.server_default is not None:
        return True, column.server_default.arg
    if column.nullable:
        return True, None
    if column.default is not None and column.default.is_callable:
        try:
            value = column.default.arg(None)
        except Exception:  # noqa: BLE001 - a default that needs a context: treat as unknown
            return False, None
        return True, value if isinstance(value, (int, float, str, bytes)) else str(value)
    return False, None


def _insert(session, raw, table: str, key: str, columns: list[str], row: RowChange, me: str,
            report: ApplyReport) -> None:
    values = dict(row.values)
    model_columns = Base.metadata.tables[table].columns
    for column in columns:
        if column not in values:
            known, value = _default(model_columns[column])
            if not known:
                report.incomplete += 1
                return
            values[column] = value
    values[key] = row.row_id
    number_col = NUMBERS.get(table)
    if number_col and values.get(number_col) is not None:
        values[number_col] = _free_number(raw, table, key, number_col, values[number_col], row.row_id, session, me,
                                          report)
    natural = NATURAL_KEYS.get(table)
    if natural and all(values.get(c) is not None for c in natural):
        where = " AND ".join(f'"{c}" = ?' for c in natural)
        rival = raw.execute(f'SELECT "{key}" FROM "{table}" WHERE {where} AND "{key}" != ?',
                            (*(values[c] for c in natural), row.row_id)).fetchone()
        if rival is not None:
            report.deduplicated += 1
            hlc, seq = tick(session)
            if rival[0] < row.row_id:  # the one here stays; the one arriving is deleted everywhere
                _tombstone(raw, table, row.row_id, row.subject_id, hlc, me, seq)
                return
            raw.execute(f'DELETE FROM "{table}" WHERE "{key}" = ?', (rival[0],))
            _tombstone(raw, table, rival[0], None, hlc, me, seq)
    names = ", ".join(f'"{c}"' for c in columns)
    verb = "INSERT OR IGNORE" if table in APPEND_ONLY_TABLES else "INSERT"
    raw.execute(f'{verb} INTO "{table}" ({names}) VALUES ({_marks(len(columns))})', [values[c] for c in columns])
    raw.execute("INSERT OR REPLACE INTO sync_row (tbl, row_id, subject_id, hlc, device, seq, deleted) "
                "VALUES (?, ?, NULL, ?, ?, 0, 0)", (table, row.row_id, row.hlc, row.device))
    raw.execute("DELETE FROM sync_cell WHERE tbl = ? AND row_id = ?", (table, row.row_id))
    if row.cells:
        raw.executemany("INSERT OR REPLACE INTO sync_cell (tbl, row_id, col, subject_id, rank, hlc, device) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?)",
                        [(table, row.row_id, col, row.subject_id, *clock) for col, clock in row.cells.items()
                         if col in values])
    if number_col and values.get(number_col) != row.values.get(number_col):
        _mark_local(session, raw, table, row.row_id, row.subject_id, number_col, me)
    report.rows_inserted += 1
    report.touched.add(table)


def _suffixed(number: str, row_id: str) -> str:
    return f"{number}-{row_id.replace('-', '')[-4:].upper()}"


def _free_number(raw, table: str, key: str, column: str, number: str, row_id: str, session, me: str,
                 report: ApplyReport) -> str:
    """The number the arriving row keeps. On a clash the row with the greater id is renumbered:
    the arriving one (returned renumbered) or the one here (renumbered in place)."""
    rival = raw.execute(f'SELECT "{key}" FROM "{table}" WHERE "{column}" = ? AND "{key}" != ?',
                        (number, row_id)).fetchone()
    if rival is None:
        return number
    report.renumbered += 1
    if row_id > rival[0]:
        return _suffixed(number, row_id)
    raw.execute(f'UPDATE "{table}" SET "{column}" = ? WHERE "{key}" = ?', (_suffixed(number, rival[0]), rival[0]))
    subject = subject_column(table)
    owner = raw.execute(f'SELECT "{subject}" FROM "{table}" WHERE "{key}" = ?', (rival[0],)).fetchone() \
        if subject else None
    _mark_local(session, raw, table, rival[0], owner[0] if owner else None, column, me)
    return number


def _mark_local(session, raw, table: str, row_id: str, subject_id: str | None, column: str, me: str) -> None:
    """Record a write the merge made as this PC's own, so it travels to the others."""
    hlc, seq = tick(session)
    raw.execute("INSERT OR REPLACE INTO sync_cell (tbl, row_id, col, subject_id, rank, hlc, device) "
                "VALUES (?, ?, ?, ?, 0, ?, ?)", (table, row_id, column, subject_id, hlc, me))
    raw.execute("UPDATE sync_row SET seq = ? WHERE tbl = ? AND row_id = ?", (seq, table, row_id))


def _reindex(raw, subject_ids: list[str]) -> None:
    """Rebuild the name index (subject_token, derived, never synced) of these subjects."""
    for start in range(0, len(subject_ids), CHUNK):
        chunk = subject_ids[start:start + CHUNK]
        marks = _marks(len(chunk))
        raw.execute(f"DELETE FROM subject_token WHERE subject_id IN ({marks})", chunk)
        pairs = []
        for subject_id, full_name in raw.execute(f"SELECT id, full_name FROM subject WHERE id IN ({marks})", chunk):
            words = {w[:MAX_TOKEN] for w in tokens(full_name or "")}
            pairs += [(t, subject_id) for t in words | {latin_key(w)[:MAX_TOKEN] for w in words} if t]
        raw.executemany("INSERT OR IGNORE INTO subject_token (token, subject_id) VALUES (?, ?)", pairs)
