"""What changed on this PC: rows read from the live tables with the clocks the triggers kept.

The triggers (store/triggers.py) record clocks only. Here the rows changed after a local
sequence number are read whole, values straight from their tables, so nothing but the live
database ever holds a value (docs/sync.md).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from pdp_desk.store.models import LocalState, SyncState
from pdp_desk.store.triggers import REPLICATED_TABLES, key_column, subject_column
from pdp_desk.sync.cells import DELETED, Cell, Value

__all__ = [
    "REPLICATED_TABLES",
    "RowChange",
    "changes_waiting",
    "columns_of",
    "current_seq",
    "get_cursor",
    "local_changes",
    "local_rows",
    "receive_clock",
    "set_cursor",
    "tick",
]

CHUNK = 500
Clock = tuple[int, int, str]  # (rank, hlc, device)


@dataclass
class RowChange:
    """One row as it travels: its values, the clock of its creation, and the clocks of the columns
    written since (`cells`). A deleted row has `deleted` True and no values."""

    table: str
    row_id: str
    subject_id: str | None
    hlc: int
    device: str
    values: dict[str, Value] = field(default_factory=dict)
    cells: dict[str, Clock] = field(default_factory=dict)
    deleted: bool = False

    def clock_of(self, column: str) -> Clock:
        return self.cells.get(column) or (0, self.hlc, self.device)

    def as_cells(self) -> list[Cell]:
        if self.deleted:
            return [Cell(self.table, self.row_id, DELETED, 1, self.subject_id, 0, self.hlc, self.device)]
        return [Cell(self.table, self.row_id, column, value, self.subject_id, *self.clock_of(column))
                for column, value in self.values.items()]


def columns_of(table: str) -> list[str]:
    """The columns of `table` that travel (store.triggers.LOCAL_COLUMNS stay on each PC)."""
    from pdp_desk.store.triggers import synced_columns

    return synced_columns(table)


def _raw(session: Session):
    """The DB-API connection of the session's transaction (fast bulk reads and writes)."""
    return session.connection().connection.driver_connection


def current_seq(session: Session) -> int:
    return int(_raw(session).execute("SELECT seq FROM sync_state WHERE id = 1").fetchone()[0])


def tick(session: Session) -> tuple[int, int]:
    """A new local clock and change number (for writes the merge makes as this PC's own)."""
    raw = _raw(session)
    raw.execute("UPDATE sync_state SET hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 "
                "AS INTEGER) + clock_offset_ms) << 16), seq = seq + 1 WHERE id = 1")
    hlc, seq = raw.execute("SELECT hlc, seq FROM sync_state WHERE id = 1").fetchone()
    return int(hlc), int(seq)


def receive_clock(session: Session, hlc: int) -> None:
    """Push this PC's clock up to a clock received, so its next writes order after it."""
    _raw(session).execute("UPDATE sync_state SET hlc = max(hlc, ?) WHERE id = 1", (int(hlc),))


def set_clock_offset(session: Session, offset_ms: int) -> None:
    """Skew this replica's wall clock (tests and benchmarks: PCs whose clocks are wrong)."""
    state = session.get(SyncState, 1)
    state.clock_offset_ms = int(offset_ms)


def get_cursor(session: Session, key: str, default: str | None = None) -> str | None:
    row = session.get(LocalState, f"sync.cursor.{key}")
    return row.value if row is not None else default


def set_cursor(session: Session, key: str, value: str | int) -> None:
    row = session.get(LocalState, f"sync.cursor.{key}")
    if row is None:
        session.add(LocalState(key=f"sync.cursor.{key}", value=str(value)))
    else:
        row.value = str(value)
    session.flush()


def changes_waiting(session: Session, since: int) -> int:
    """Rows changed on this PC after the local change number `since` (not sent yet).

    Counted table by table, so each count is a range of the (tbl, seq) index: the cost follows
    the rows waiting, not the database's size (one `seq > ?` over a 1M-row sync_row scanned it
    all, 0.28 s before the window's first paint)."""
    raw = _raw(session)
    return sum(int(raw.execute("SELECT count(*) FROM sync_row WHERE tbl = ? AND seq > ?",
                               (table, int(since))).fetchone()[0]) for table in REPLICATED_TABLES)


def local_rows(session: Session, since: int | None, *, tables: Iterable[str] = REPLICATED_TABLES
               ) -> Iterator[RowChange]:
    """Rows this PC changed after change number `since`, whole; `since=None`: every row and
    tombstone (a snapshot). Read in the session's transaction, so one consistent moment."""
    raw = _raw(session)
    for table in tables:
        key = key_column(table)
        columns = columns_of(table)
        subject = subject_column(table)
        select_cols = ", ".join(f't."{c}"' for c in columns)
        where = "" if since is None else " AND r.seq > ?"
        params = () if since is None else (int(since),)
        overrides: dict[str, dict[str, Clock]] = {}
        cell_sql = "SELECT c.row_id, c.col, c.rank, c.hlc, c.device FROM sync_cell c"
        if since is None:
            rows = raw.execute(cell_sql + " WHERE c.tbl = ?", (table,))
        else:
            rows = raw.execute(cell_sql + " JOIN sync_row r ON r.tbl = c.tbl AND r.row_id = c.row_id "
                               "WHERE c.tbl = ? AND r.seq > ?", (table, int(since)))
        for row_id, col, rank, hlc, device in rows:
            overrides.setdefault(row_id, {})[col] = (rank, hlc, device)
        cursor = raw.execute(
            f'SELECT r.row_id, r.subject_id, r.hlc, r.device, r.deleted, t."{key}" IS NOT NULL, {select_cols} '
            f'FROM sync_row r LEFT JOIN "{table}" t ON t."{key}" = r.row_id WHERE r.tbl = ?{where}',
            (table, *params))
        for row_id, subject_id, hlc, device, deleted, present, *values in cursor:
            if deleted:
                yield RowChange(table, row_id, subject_id, hlc, device, deleted=True)
            elif present:
                row_values = dict(zip(columns, values))
                if subject:
                    subject_id = row_values[subject]
                yield RowChange(table, row_id, subject_id, hlc, device, row_values, overrides.get(row_id, {}))


def local_changes(session: Session, since: int | None) -> Iterator[Cell]:
    """The cells of `local_rows(session, since)` (the contract every transport shares)."""
    for row in local_rows(session, since):
        yield from row.as_cells()
