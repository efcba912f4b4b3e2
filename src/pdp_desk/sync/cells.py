"""The unit of sync: one cell (one column of one row) with the clock of its last write.

Every transport (a shared folder, the PostgreSQL hub) moves cells and keeps, for each
(table, row_id, column), the cell that wins under one rule, `Cell.order`:

* `rank` first: 0 for ordinary columns; for columns whose value may only move forward (a
  request's state), the value's position in its order. A later state wins over an earlier one
  whatever the clocks say, so a stale PC cannot move a request back.
* then the hybrid logical clock `hlc` (physical milliseconds << 16 | logical counter): the last
  writer wins, even with PC clocks that are wrong (the HLC never goes back, and is pushed
  forward by every clock it receives);
* then `device`: ties broken the same way on every PC.

Append-only rows (consent events, acts, destruction records, journal entries) are never edited,
so their cells never meet a rival: the union of every PC's rows. Destruction is not a cell rule:
a destruction record removes every cell whose `subject_id` it names, everywhere, and refuses
them for ever after (sync.merge applies it; the hub does the same in SQL).

The order is a plain tuple so the hub can apply the same rule in SQL with a row comparison:
`(rank, hlc, device) > (old.rank, old.hlc, old.device)`.
"""
from __future__ import annotations

import base64
from dataclasses import dataclass

Value = None | int | float | str | bytes

# The column of a tombstone cell: the row was deleted (value 1). A deleted row stays deleted,
# unless the same id is created again later (only settings, keyed by name, ever are).
DELETED = "_deleted"

# hlc = physical milliseconds since 1970 shifted left by 16 bits, plus a logical counter.
LOGICAL_BITS = 16


def hlc_from_ms(ms: int, logical: int = 0) -> int:
    return (ms << LOGICAL_BITS) | logical


def hlc_ms(hlc: int) -> int:
    return hlc >> LOGICAL_BITS


@dataclass(frozen=True, slots=True)
class Cell:
    table: str
    row_id: str
    column: str
    value: Value
    subject_id: str | None  # the subject whose personal data this is; None for shared rows
    rank: int
    hlc: int
    device: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.table, self.row_id, self.column)

    @property
    def order(self) -> tuple[int, int, str]:
        return (self.rank, self.hlc, self.device)

    def wins_over(self, other: Cell | None) -> bool:
        return other is None or self.order > other.order


def encode_value(value: Value):
    """A JSON-safe form of a cell value (bytes become {"b64": ...})."""
    if isinstance(value, bytes):
        return {"b64": base64.b64encode(value).decode("ascii")}
    return value


def decode_value(data) -> Value:
    if isinstance(data, dict):
        return base64.b64decode(data["b64"])
    return data
