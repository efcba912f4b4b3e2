"""SQLite triggers that hold the data model's promises, whatever code writes to the file.

* `subject_id` (and a subject's own id) never changes: a row of personal data always stays
  findable for export and destruction.
* The audit journal and destruction records are append-only.
* Sync capture (docs/sync.md): every write to a replicated table records, per row and per
  changed column, a hybrid logical clock, this PC's device id and a local sequence number in
  `sync_row` / `sync_cell` (never a value). Pure SQL, so raw SQL and bulk writes are captured.

Kept here, not only in a migration, because Alembic's batch mode rebuilds tables and drops
their triggers: a migration that rebuilds a table calls `create_all` again at its end.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection

from pdp_desk.store.models import APPEND_ONLY_TABLES, PERSONAL_DATA_TABLES, Base

# Tables that never travel: this PC's own state, derived data, the sync bookkeeping itself.
LOCAL_TABLES: frozenset[str] = frozenset({"local_state", "subject_token", "sync_state", "sync_row",
                                          "sync_cell", "sync_peer", "alembic_version"})
REPLICATED_TABLES: tuple[str, ...] = tuple(sorted(t for t in Base.metadata.tables if t not in LOCAL_TABLES))
# Columns of replicated tables that never travel: derived on each PC from the data that does
# (`subject.destroy_after`: services.retention recomputes it after every received batch). Sent
# with last-writer-wins, a value computed on one PC before another PC's change arrived would
# win over the merged data: a person who withdrew every consent on two PCs at once could end
# up never due for destruction. An update of these columns alone is not a change to send.
LOCAL_COLUMNS: dict[str, frozenset[str]] = {"subject": frozenset({"destroy_after"})}


def synced_columns(table: str) -> list[str]:
    """The columns of a replicated table that travel (all but LOCAL_COLUMNS), in model order."""
    local = LOCAL_COLUMNS.get(table, frozenset())
    return [c.name for c in Base.metadata.tables[table].columns if c.name not in local]

# Columns whose value only moves forward: value -> rank (a greater rank wins whatever the clocks).
RANKS: dict[tuple[str, str], dict[object, int]] = {
    ("request", "state"): {"received": 0, "identity_checked": 1, "in_progress": 2, "answered": 3,
                           "refused": 3, "closed": 4},
    ("request", "is_open"): {1: 0, 0: 1},
}

# The wall clock in milliseconds (plus the replica's offset), shifted into a hybrid logical clock:
# a new clock is max(last + 1, wall << 16), so it never goes back.
_BUMP = ("UPDATE sync_state SET hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 "
         "AS INTEGER) + clock_offset_ms) << 16), seq = seq + 1 WHERE id = 1")
_DEVICE = "coalesce((SELECT value FROM local_state WHERE key = 'device_id'), '')"
_CAPTURING = "(SELECT applying FROM sync_state WHERE id = 1) = 0"


def key_column(table: str) -> str:
    """The column that identifies a replicated row (`id`, or `key` for settings)."""
    (column,) = Base.metadata.tables[table].primary_key.columns
    return column.name


def subject_column(table: str) -> str | None:
    """The column naming the subject whose personal data a row is, if it is."""
    if table == "subject":
        return "id"
    if table in PERSONAL_DATA_TABLES:
        return "subject_id"
    return None


def rank_sql(table: str, column: str, ref: str) -> str:
    ranks = RANKS.get((table, column))
    if not ranks:
        return "0"
    whens = " ".join(f"WHEN {v!r} THEN {r}" if isinstance(v, str) else f"WHEN {v} THEN {r}"
                     for v, r in ranks.items())
    return f'(CASE {ref}."{column}" {whens} ELSE 0 END)'


def _sync_statements() -> list[str]:
    sql: list[str] = []
    for table in REPLICATED_TABLES:
        key = key_column(table)
        subject = subject_column(table)
        new_s = f'NEW."{subject}"' if subject else "NULL"
        old_s = f'OLD."{subject}"' if subject else "NULL"
        ranked = [c for (t, c) in RANKS if t == table]
        # A live row's sync_row carries no subject (the live row has it; this keeps the subject
        # index to tombstones, so bulk inserts stay cheap); a tombstone carries it.
        row = (f"INSERT OR REPLACE INTO sync_row (tbl, row_id, subject_id, hlc, device, seq, deleted) "
               f"SELECT '{table}', NEW.\"{key}\", NULL, hlc, {_DEVICE}, seq, 0 FROM sync_state WHERE id = 1")
        ranked_cells = [
            f"INSERT OR REPLACE INTO sync_cell (tbl, row_id, col, subject_id, rank, hlc, device) "
            f"SELECT '{table}', NEW.\"{key}\", '{c}', {new_s}, {rank_sql(table, c, 'NEW')}, hlc, {_DEVICE} "
            f"FROM sync_state WHERE id = 1" for c in ranked]
        # (No cells to clear: a row's cells go when it is deleted, and ids are never reused.)
        body = [_BUMP, row, *ranked_cells]
        sql.append(f"CREATE TRIGGER IF NOT EXISTS trg_sync_{table}_insert AFTER INSERT ON \"{table}\" "
                   f"WHEN {_CAPTURING} BEGIN {'; '.join(body)}; END")
        if table in APPEND_ONLY_TABLES:
            continue
        columns = [c for c in synced_columns(table) if c != key]
        # With local columns, only a change to a column that travels is a change to send.
        changed = (" AND (" + " OR ".join(f'NEW."{c}" IS NOT OLD."{c}"' for c in columns) + ")"
                   if table in LOCAL_COLUMNS else "")
        cells = [
            f"INSERT OR REPLACE INTO sync_cell (tbl, row_id, col, subject_id, rank, hlc, device) "
            f"SELECT '{table}', NEW.\"{key}\", '{c}', {new_s}, {rank_sql(table, c, 'NEW')}, hlc, {_DEVICE} "
            f"FROM sync_state WHERE id = 1 AND NEW.\"{c}\" IS NOT OLD.\"{c}\"" for c in columns]
        body = [_BUMP,
                row.replace("INSERT OR REPLACE", "INSERT OR IGNORE"),
                *cells,
                (f"UPDATE sync_row SET seq = (SELECT seq FROM sync_state WHERE id = 1) "
                 f"WHERE tbl = '{table}' AND row_id = NEW.\"{key}\"")]
        sql.append(f"CREATE TRIGGER IF NOT EXISTS trg_sync_{table}_update AFTER UPDATE ON \"{table}\" "
                   f"WHEN {_CAPTURING}{changed} BEGIN {'; '.join(body)}; END")
        body = [_BUMP, f"DELETE FROM sync_cell WHERE tbl = '{table}' AND row_id = OLD.\"{key}\"",
                (f"INSERT OR REPLACE INTO sync_row (tbl, row_id, subject_id, hlc, device, seq, deleted) "
                 f"SELECT '{table}', OLD.\"{key}\", {old_s}, hlc, {_DEVICE}, seq, 1 FROM sync_state WHERE id = 1")]
        sql.append(f"CREATE TRIGGER IF NOT EXISTS trg_sync_{table}_delete AFTER DELETE ON \"{table}\" "
                   f"WHEN {_CAPTURING} BEGIN {'; '.join(body)}; END")
    # A destruction record stands for every clock of its subject: forget them (always, also
    # while the merge applies a record received from another PC).
    sql.append("CREATE TRIGGER IF NOT EXISTS trg_sync_forget_destroyed AFTER INSERT ON destruction_record "
               "BEGIN DELETE FROM sync_cell WHERE subject_id = NEW.subject_ref; "
               "DELETE FROM sync_row WHERE subject_id = NEW.subject_ref; END")
    return sql


def statements() -> list[str]:
    sql: list[str] = []
    for table in PERSONAL_DATA_TABLES:
        sql.append(
            f"CREATE TRIGGER IF NOT EXISTS trg_{table}_subject_id_immutable "
            f"BEFORE UPDATE OF subject_id ON {table} "
            f"WHEN NEW.subject_id IS NOT OLD.subject_id "
            f"BEGIN SELECT RAISE(ABORT, 'subject_id is immutable'); END"
        )
    sql.append(
        "CREATE TRIGGER IF NOT EXISTS trg_subject_id_immutable "
        "BEFORE UPDATE OF id ON subject WHEN NEW.id IS NOT OLD.id "
        "BEGIN SELECT RAISE(ABORT, 'subject id is immutable'); END"
    )
    for table in APPEND_ONLY_TABLES:
        for verb in ("UPDATE", "DELETE"):
            sql.append(
                f"CREATE TRIGGER IF NOT EXISTS trg_{table}_no_{verb.lower()} "
                f"BEFORE {verb} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )
    return sql + _sync_statements()


def create_all(connection: Connection) -> None:
    for statement in statements():
        connection.exec_driver_sql(statement)


def existing(connection: Connection) -> set[str]:
    rows = connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    return {name for (name,) in rows}


@contextmanager
def bulk_load(connection) -> Iterator[None]:
    """Writing many NEW rows at once (the demo generator, a first import into an empty file):
    capture stands aside while they are written, then every row without a clock gets one, all
    with one clock and one change number (a set-based pass instead of a trigger per row).

    `connection`: the DB-API connection of the open transaction. Only inserts are captured this
    way: an update or delete made inside the block does not travel.
    """
    connection.execute("UPDATE sync_state SET applying = 1 WHERE id = 1")
    try:
        yield
    finally:
        connection.execute("UPDATE sync_state SET applying = 0 WHERE id = 1")
    connection.execute(_BUMP)
    for table in REPLICATED_TABLES:
        key = key_column(table)
        connection.execute(
            f"INSERT OR IGNORE INTO sync_row (tbl, row_id, subject_id, hlc, device, seq, deleted) "
            f"SELECT '{table}', t.\"{key}\", NULL, s.hlc, {_DEVICE}, s.seq, 0 FROM \"{table}\" t, sync_state s "
            f"WHERE s.id = 1")
    for (table, column) in RANKS:
        subject = subject_column(table)
        connection.execute(
            f"INSERT OR IGNORE INTO sync_cell (tbl, row_id, col, subject_id, rank, hlc, device) "
            f"SELECT '{table}', t.\"{key_column(table)}\", '{column}', t.\"{subject}\", {rank_sql(table, column, 't')}, "
            f"s.hlc, {_DEVICE} FROM \"{table}\" t, sync_state s WHERE s.id = 1")
