"""Removing every row of a subject's personal data: one place, used by the destruction use case,
by sync (a destruction record that arrives from another PC) and by a restore (destructions made
after the backup was taken).

Only rows go here; the caller writes the act, the destruction record and the journal entry, and
checkpoints the WAL after COMMIT (`Database.checkpoint`) so nothing survives in the WAL either.
With `secure_delete=ON` on every connection (store.engine) the deleted cells are zeroed in the file.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import delete
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from pdp_desk.store.models import PERSONAL_DATA_TABLES, Base, Subject

CHUNK = 500  # ids per statement, well under SQLite's 32,766 bound variables


def _chunks(ids: Sequence[str], size: int = CHUNK) -> Iterable[list[str]]:
    for start in range(0, len(ids), size):
        yield list(ids[start:start + size])


def purge_subjects(target: Session | Connection, subject_ids: Iterable[str]) -> int:
    """Delete the subjects and every row that holds their data; returns the subjects removed
    (ids that are already gone are not an error: a destruction may arrive twice)."""
    ids = sorted(set(subject_ids))
    tables = Base.metadata.tables
    removed = 0
    for chunk in _chunks(ids):
        for name in PERSONAL_DATA_TABLES:
            table = tables[name]
            target.execute(delete(table).where(table.c.subject_id.in_(chunk)))
        removed += target.execute(delete(Subject).where(Subject.id.in_(chunk))).rowcount or 0
    return removed
