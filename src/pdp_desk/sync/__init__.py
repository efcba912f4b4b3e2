"""Sync between the shop PCs: change capture, merge, bundles and transports (docs/sync.md).

Every PC keeps its own database and works offline. What travels is *cells* (`sync.cells.Cell`):
one column of one row with the clock of its last write. The pieces, one module each:

* `capture`  what changed here: SQLite triggers (store/triggers.py) keep, per row and per
  changed column, a hybrid logical clock, this PC's device id and a local sequence number; no
  values. `local_changes(session, since)` reads the live rows changed after the local sequence
  number `since` (None: every row, a snapshot) and yields their cells, values read at that moment.
* `merge`    `apply_cells(session, cells, destructions=())` applies cells from another PC under
  the merge rules (last writer wins per field; request states only move forward; deleted rows
  stay deleted; destruction records always win and purge the subject) and returns an
  `ApplyReport`. Runs in the caller's transaction.
* `bundle`   a sealed file (store/sealed.py) holding a batch of rows and their clocks.
* `folder`   the shared-folder transport (one sub-folder per PC).
* `identity` this PC's device id, name and short code; peers; clones; code collisions.
* `hub`      the PostgreSQL hub transport (same cells, same rules).

The use cases (one transaction, one journal entry each) are in `services/sync.py`:
`sync_folder(db, folder, passphrase, progress=None) -> SyncReport`,
`apply_received(db, cells, destructions, peer) -> ApplyReport` (for transports),
`sync_status(db) -> SyncStatus` (last sync, changes waiting).
"""
from pdp_desk.sync.capture import (
    REPLICATED_TABLES,
    RowChange,
    changes_waiting,
    get_cursor,
    local_changes,
    local_rows,
    receive_clock,
    set_cursor,
    tick,
)
from pdp_desk.sync.cells import Cell
from pdp_desk.sync.merge import ApplyReport, apply_cells, apply_rows

__all__ = [
    "REPLICATED_TABLES", "ApplyReport", "Cell", "RowChange", "apply_cells", "apply_rows", "changes_waiting",
    "get_cursor", "local_changes", "local_rows", "receive_clock", "set_cursor", "tick",
]
